"""How a citizen's message is built: a title line, sentences, clauses, and the sentences that ask for
something.

Message-board letters ("A3区某小区夜间施工扰民\n尊敬的领导：……恳请相关部门查处") and chat messages ("楼下着火了快来")
say different things with the same words. Screening and intake look at the parts: the title and the asks
state the matter; the rest is background, often about the past."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n+")
_CLAUSE_SPLIT = re.compile(r"[，,。.！!？?；;：:\n\r\t、…]+|\s{2,}")
# what a citizen writes when asking the reader to act or to answer (not every verb of action: "已向纪委反映"
# tells the story, "恳请纪委查处" asks)
_ASK = re.compile(
    r"请求|恳请|恳求|请(您|你们|领导|贵|政府|上级|相关|有关|[^，。,]{0,8}?(部门|局|委|办|政府|领导|书记|市长|县长|区长))|"
    r"希望|要求(政府|相关|有关|贵|[^，。,]{0,8}?部门)|呼吁|盼望|望(您|领导|政府|相关|有关|贵)|能否|能不能|可否|"
    r"可不可以|怎么办|如何|怎样|我想|我要|想问|请问|咨询|做主|帮(帮|我|忙)")
# how much of an asking sentence is the ask: from a little before the marker to the end of its clause group
_ASK_BEFORE, _ASK_AFTER = 12, 60
_SALUTATION = re.compile(r"^\s*(尊敬的|敬爱的|亲爱的)?.{0,12}(领导|书记|市长|县长|区长|局长|主任|政府|同志|部门)(们)?(：|:|，|,|！|!|您好|你好)")


@dataclass(frozen=True)
class Message:
    text: str

    @cached_property
    def title(self) -> str | None:
        """The first line when it reads as a title: short, followed by a longer body."""
        first, sep, rest = self.text.strip().partition("\n")
        first = first.strip()
        if not sep or not first or len(first) > 60 or len(rest.strip()) < len(first):
            return None
        return first

    @cached_property
    def body(self) -> str:
        if self.title is None:
            return self.text.strip()
        body = self.text.strip().partition("\n")[2].strip()
        # boards repeat the title as the body's first line
        return body[len(self.title):].lstrip() if body.startswith(self.title) else body

    @cached_property
    def sentences(self) -> list[str]:
        return sentences(self.body)

    @cached_property
    def clauses(self) -> list[str]:
        return clauses(self.text)

    @cached_property
    def asks(self) -> list[str]:
        """The asking parts of the body's sentences: around each ask marker, not the story before it."""
        out = []
        for sentence in self.sentences:
            for m in _ASK.finditer(sentence):
                piece = sentence[max(0, m.start() - _ASK_BEFORE): m.end() + _ASK_AFTER]
                if not out or piece not in out[-1]:
                    out.append(piece)
        return out

    @cached_property
    def content_chars(self) -> int:
        return sum(1 for c in self.text if "\u4e00" <= c <= "\u9fff" or c.isalnum())

    @cached_property
    def is_letter(self) -> bool:
        """A composed letter (title, salutation, several sentences) rather than a chat line: people in
        danger do not write one, so its alarming words are background until a clause says otherwise."""
        if self.content_chars >= 300:
            return True
        if self.content_chars < 60:
            return False
        # a greeting alone does not make a letter: "你好，楼下冒烟了……" is a chat message
        return bool(self.title or _SALUTATION.search(self.body))

    @cached_property
    def focus(self) -> str:
        """What the citizen asks for: the whole of a short message; the title and the asks of a long one
        (with the first sentence when there is no title, since a letter usually opens with its matter)."""
        if not self.is_letter:
            return self.text.strip()
        parts = [self.title] if self.title else self.sentences[:1]
        parts += [s for s in self.asks if s not in parts]
        return "\n".join(p for p in parts if p)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT.split(text) if c and c.strip()]


# a message with fewer characters of content than this is not a matter by itself ("好的", "在金水区")
MATTER_MIN_CHARS = 8
# words that make a short message a matter: a problem, a request, a question about a service
_MATTER_WORDS = re.compile(
    r"坏|不亮|漏|堵|脏|臭|吵|噪|扰民|乱|违|拖欠|欠薪|不给|不退|不还|不发|没有|没人|不管|投诉|举报|反映|建议|希望|咨询|请问|"
    r"怎么|如何|能否|能不能|哪里|为什么|办理|申请|补贴|报销|帮|求助|感谢|表扬|谢谢.{2,}|停水|停电|停气|暖气|占|收费|罚|"
    r"不合理|问题|故障|损坏|维修|修|隐患|污染|施工|装修|拆|物业|开发商|房产证|学校|医院|工资|社保|医保|公积金|户口|驾驶证")


def content_chars(text: str) -> int:
    return sum(1 for c in text or "" if "\u4e00" <= c <= "\u9fff" or c.isalpha())


def is_matter(text: str) -> bool:
    """Does this message state a matter (something happened, is wrong, is asked or proposed)?"""
    n = content_chars(text)
    if n >= 20:
        return True
    return n >= MATTER_MIN_CHARS and bool(_MATTER_WORDS.search(text or ""))
