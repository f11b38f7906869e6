"""What a citizen's message already says about the matter: the description itself, the place, the time,
the request type, and who is writing (name, phone, ID number).

A first message that holds a matter is the description, whatever the dialogue's intent classifier says; the
intake then asks only for what is still missing. The same reading of later messages lets a citizen answer a
question with more than was asked ("在金水区花园路，上周三开始的，我姓王，电话138…")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from hotline.language.discourse import Message
from hotline.language.identifiers import find_all
from hotline.language.names import find_name
from hotline.language.places import Location, gazetteer
from hotline.language.times import When, occurrence

# a message with fewer characters of content than this is not a matter by itself ("好的", "在金水区")
MATTER_MIN_CHARS = 8
# words that make a short message a matter: a problem, a request, a question about a service
_MATTER_WORDS = re.compile(
    r"坏|不亮|漏|堵|脏|臭|吵|噪|扰民|乱|违|拖欠|欠薪|不给|不退|不还|不发|没有|没人|不管|投诉|举报|反映|建议|希望|咨询|请问|"
    r"怎么|如何|能否|能不能|哪里|为什么|办理|申请|补贴|报销|帮|求助|感谢|表扬|谢谢.{2,}|停水|停电|停气|暖气|占|收费|罚|"
    r"不合理|问题|故障|损坏|维修|修|隐患|污染|施工|装修|拆|物业|开发商|房产证|学校|医院|工资|社保|医保|公积金|户口|驾驶证")


@dataclass
class Opening:
    text: str
    is_matter: bool
    location: Location = field(default_factory=Location)
    when: When | None = None
    name: str | None = None
    phone: str | None = None
    id_number: str | None = None
    order_numbers: list[str] = field(default_factory=list)
    phone_refused: bool = False

    @property
    def title(self) -> str | None:
        return Message(self.text).title


_NO_PHONE = re.compile(r"不留电话|不方便留|不想留|不想给|没有电话|没电话|不提供电话|电话保密")


def content_chars(text: str) -> int:
    return sum(1 for c in text or "" if "\u4e00" <= c <= "\u9fff" or c.isalpha())


def is_matter(text: str) -> bool:
    """Does this message state a matter (something happened, is wrong, is asked or proposed)?"""
    n = content_chars(text)
    if n >= 20:
        return True
    return n >= MATTER_MIN_CHARS and bool(_MATTER_WORDS.search(text or ""))


def read(text: str | None, now: datetime | None = None) -> Opening:
    """Everything the message says that an intake needs."""
    text = (text or "").strip()
    ids = find_all(text)
    phones = [i.value for i in ids if i.kind in ("mobile", "landline")]
    id_numbers = [i.value for i in ids if i.kind == "id_number"]
    orders = [i.value for i in ids if i.kind == "order_number"]
    # identifiers out of the way before looking for times and places ("13812345678" is not a date)
    blanked = list(text)
    for i in ids:
        blanked[i.start:i.end] = " " * (i.end - i.start)
    plain = "".join(blanked)
    name = find_name(plain)
    if name:
        plain = plain[: name[1]] + " " * (name[2] - name[1]) + plain[name[2]:]
    return Opening(
        text=text,
        is_matter=is_matter(text),
        location=gazetteer().find(plain),
        when=occurrence(plain, now),
        name=name[0] if name else None,
        phone=phones[0] if phones else None,
        id_number=id_numbers[0] if id_numbers else None,
        order_numbers=orders,
        phone_refused=bool(_NO_PHONE.search(text)),
    )
