"""What a citizen's message already says about the matter: the description itself, the place, the time,
the request type, and who is writing (name, phone, ID number).

A first message that holds a matter is the description, whatever the dialogue's intent classifier says; the
intake then asks only for what is still missing. The same reading of later messages lets a citizen answer a
question with more than was asked ("在金水区花园路，上周三开始的，我姓王，电话138…")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from hotline.language.discourse import Message, content_chars, is_matter  # noqa: F401 (re-exported)
from hotline.language.identifiers import find_all
from hotline.language.names import find_name
from hotline.language.places import Location, gazetteer
from hotline.language.times import When, occurrence


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
