"""How citizens say who they are: "我叫王建国", "本人邹伏生", "我姓向", "联系人：李女士", "王先生".

A name is only taken when its first character (or two) is a Chinese family name (hotline/policy/surnames.yml),
so "我是业主" or "本人承诺" never become names."""
from __future__ import annotations

import re
from functools import lru_cache

from hotline.policy import Reader, load_yaml

_INTRO = re.compile(
    r"(?:我叫|我的名字(?:是|叫)|我名叫|本人(?:名叫|叫|姓名)?[:：]?|我是|(?:联系|投诉|举报|反映|来信|求助)人(?:是)?[:：]?|姓名[:：]?|署名[:：]?|落款[:：]?|称呼[:：]?)"
    r"\s*(?P<name>[\u4e00-\u9fff]{2,4}?)(?=[，,。.！!；;\s、（(]|先生|女士|老师|同志|师傅|$|，|电话|手机|联系|身份证|家住|住在|是|在|今年|系|，)")
_SURNAME_ONLY = re.compile(r"(?:我姓|本人姓|免贵姓|姓)(?P<surname>[\u4e00-\u9fff]{1,2}?)(?=[，,。.！!\s]|先生|女士|$|的|，|是|电话)")
_TITLED = re.compile(r"(?<![\u4e00-\u9fff])(?P<name>[\u4e00-\u9fff]{1,3}?(?:先生|女士|老师|师傅|同志))")
# words after 我是 / 本人 that are roles, not names
_NOT_NAMES = re.compile(r"^(业主|村民|居民|市民|家长|学生|老师|员工|职工|工人|农民|租户|住户|群众|消费者|患者|本地|外地|一名|一位|一个|一家|这个|这里|那个|孩子|小区|受害者|退休|党员|本人|普通|名|个|位|家)")


@lru_cache(maxsize=1)
def _surnames() -> re.Pattern[str]:
    r = Reader("surnames.yml", load_yaml("surnames.yml"))
    single = "".join(r.get("single").text().split())
    compound = r.get("compound").texts()
    return re.compile("(?:" + "|".join(map(re.escape, compound)) + f"|[{re.escape(single)}])")


def looks_like_name(text: str) -> bool:
    text = text.strip()
    if not 2 <= len(text) <= 4 or _NOT_NAMES.match(text):
        return False
    return _surnames().match(text) is not None


def find_name(text: str | None) -> tuple[str, int, int] | None:
    """(name as the citizen gave it, start, end) or None. A surname alone becomes "王某"."""
    if not text:
        return None
    for m in _INTRO.finditer(text):
        name = m.group("name")
        if looks_like_name(name):
            end = m.end("name")
            titled = re.match(r"先生|女士|老师|师傅|同志", text[end:])
            if titled:
                return name + titled.group(0), m.start("name"), end + titled.end()
            return name, m.start("name"), end
    m = _SURNAME_ONLY.search(text)
    if m and _surnames().fullmatch(m.group("surname")):
        return m.group("surname") + "某", m.start("surname"), m.end("surname")
    m = _TITLED.search(text)
    if m and _surnames().match(m.group("name")):
        return m.group("name"), m.start("name"), m.end("name")
    return None


def as_answer(text: str) -> str | None:
    """A reply to "怎么称呼您": a bare name ("王建国", "李女士") or an introduction."""
    text = text.strip().strip("，,。.！!")
    found = find_name(text)
    if found:
        return found[0]
    bare = re.sub(r"^(我是|我叫|叫我|本人|我姓|姓)", "", text)
    if re.fullmatch(r"[\u4e00-\u9fff]{1,4}", bare) and (looks_like_name(bare) or _surnames().fullmatch(bare)):
        return bare if len(bare) > 1 else bare + "某"
    if text in ("匿名", "不留名", "不方便透露", "保密"):
        return "匿名"
    return None
