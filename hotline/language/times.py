"""When the matter happened: time expressions found in what the citizen wrote, resolved to a day or a period.

Finding is ours, a small grammar of how Chinese says when (dates, 上周三, 三天前, 去年冬天, 2019年3月以来,
从上个月开始), so that names (王国庆), amounts (3000元) and house numbers (12号楼) are never times. Resolving
is jionlp's `parse_time` (a maintained library for Chinese time expressions: relative days, weeks, seasons,
lunar dates, spans), with Chinese numerals read by cn2an."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

log = logging.getLogger(__name__)

_N = r"[\d一二两三四五六七八九十几半]+"
_Y = r"(?:\d{4}|[一二〇零○][一二三四五六七八九〇零○]{3}|今|去|前|明|大前)年"
_M = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3}|正|腊|冬)月(?:份)?"
_D = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3}|初[一二三四五六七八九十])(?:日|号)?"
_PART = r"(?:初|中旬|下旬|上旬|底|末|中|份)"
_SEASON = r"(?:春天|夏天|秋天|冬天|春季|夏季|秋季|冬季|年初|年底|年末|年中|上半年|下半年|暑假|寒假|春节|国庆节?)"
_DAYPART = r"(?:早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间|半夜|深夜|凌晨|晚|早)"
_CLOCK = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:点|时)(?:\d{1,2}分?|半|多)?"
_WEEK = r"(?:上上|上|这|本|下)?(?:个)?(?:周|星期|礼拜)[一二三四五六日天末]?"
_REL_DAY = r"(?:大前天|前天|昨天|昨日|昨晚|前晚|今天|今日|今早|今晚|当天|刚才|刚刚)"
_AGO = rf"{_N}(?:多)?(?:个)?(?:天|日|周|星期|礼拜|月|年)(?:多)?(?:前|以前|之前)"
_RECENT = (rf"(?:近|最近|这|过去)(?:{_N})?(?:多)?(?:个)?(?:天|日|周|星期|礼拜|月|年)(?:来|以来)?"
           rf"|{_N}(?:多)?(?:个)?(?:多)?(?:天|周|星期|月|年)(?:多)?(?:来|以来|了)")
_MONTH_REL = rf"(?:上上|上|这|本|下)个?月{_PART}?|{_Y}(?:{_M}(?:{_D})?{_PART}?|{_SEASON})?|{_M}(?:{_D})?{_PART}?"
_DATE_NUM = r"\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{4}[./-]\d{1,2}(?![./-]?\d)"
_HOLIDAY = r"(?:春节|国庆节?|元旦|五一|中秋节?|端午节?|清明节?)(?=期间|前后|假期|那天|当天|以来|开始)"
_CORE = rf"(?:{_DATE_NUM}|{_MONTH_REL}|{_WEEK}|{_REL_DAY}|{_AGO}|{_RECENT}|{_HOLIDAY})(?:{_DAYPART})?(?:{_CLOCK})?"
TIME_EXPRESSION = re.compile(
    rf"(?:从|自从|自|打从|于)?(?P<core>{_CORE})(?:(?:到|至|—|-|~){_CORE})?(?P<span>以来|开始|起|至今|到现在|一直|期间)?")
# what may not come right after a date-like match: a house number, an amount, a count
_NOT_AFTER = re.compile(r"^(?:楼|栋|幢|单元|室|元|块|万|号楼|户|人|名|层|米|平|吨|次|辆|间|套|岁)")
# "一直", "多年", "长期": a matter that has lasted, with no day to name
ONGOING = re.compile(r"一直|长期|多年|常年|长年|至今|经常|天天|每天|每晚|反复|多次|屡次|始终")


@dataclass(frozen=True)
class When:
    text: str  # as the citizen wrote it
    start: datetime | None
    end: datetime | None
    period: bool  # a span ("2019年3月以来") rather than a moment

    @property
    def day(self) -> date | None:
        return self.start.date() if self.start else None


def find_expressions(text: str) -> list[re.Match[str]]:
    out = []
    for m in TIME_EXPRESSION.finditer(text or ""):
        core = m.group("core")
        if not core or len(core) < 2 and core not in ("今",):
            continue
        if re.search(r"[\d号日月]$", m.group(0)) and _NOT_AFTER.match(text[m.end():]):
            continue  # "12月3号楼" is a building, "5月30元" an amount
        # a bare number with 月 or 日 is not enough when it is part of a longer number ("2019103月")
        if m.start() and text[m.start() - 1].isdigit():
            continue
        # "王五月", "李十一": a month in words right after another character is part of a name
        before = text[m.start() - 1] if m.start() else ""
        if re.match(r"[一二三四五六七八九十正腊冬]", m.group(0)) and "\u4e00" <= before <= "\u9fff" \
                and before not in "从自于在到至是的了起年初底":
            continue
        out.append(m)
    return out


_CN_NUMBER = re.compile(r"[一二三四五六七八九十〇零○两]+(?=年|月|日|号|天|周|个|星期|礼拜)")
_ROUGH = (("十几", "15"), ("几十", "30"), ("两三", "3"), ("三四", "4"), ("几", "3"), ("(?<![上下前后])半", "0.5"))


def _numerals(text: str) -> str:
    """Chinese numerals before a time unit as digits ("二〇一九年三月" -> "2019年3月"); rough counts
    ("十几天前", "几个月前") as a typical value, since no day can be named exactly."""
    import cn2an

    for rough, value in _ROUGH:
        text = re.sub(rf"{rough}(?=个?(?:年|月|天|周|星期|礼拜))", value, text)

    def number(m: re.Match[str]) -> str:
        digits = m.group(0)
        try:
            if re.fullmatch(r"[一二三四五六七八九〇零○]{4}", digits):  # a year read digit by digit
                return "".join(str("〇一二三四五六七八九".index(c.replace("零", "〇").replace("○", "〇"))) for c in digits)
            return str(cn2an.cn2an(digits, "smart"))
        except (ValueError, KeyError):
            return digits

    return _CN_NUMBER.sub(number, text)


def resolve(expression: str, now: datetime) -> When | None:
    """The day or period an expression means, relative to `now` (Beijing time, naive)."""
    import jionlp  # noqa: F401 (prints a banner once, on first import)
    from jionlp import parse_time

    text = expression.strip()
    since = re.search(r"(以来|开始|起|至今|到现在|一直)$", text)
    period = bool(since or re.search(r"近|最近|过去|来$", text))
    core = re.sub(r"^(从|自从|自|打从|于)", "", text[: since.start()] if since and since.group(1) != "以来" else text)
    lasted = re.search(r"(天|周|星期|礼拜|月|年)多?了$", core)
    if lasted:  # "两三个月了": it started that long ago and goes on
        core, since = re.sub(r"多?了$", "前", core), lasted
        period = True
    core = re.sub(r"(期间|前后|假期|那天|当天)$", "", core)
    core = _numerals(core).replace("月份", "月")
    if re.match(r"^\d{1,2}月", core):
        core = "今年" + core  # jionlp reads a month only with its year; a future month is moved back below
    try:
        parsed = parse_time(core, time_base=now.timestamp())
    except Exception:  # jionlp raises on what it cannot read
        return None
    times = parsed.get("time")
    if parsed.get("type") == "time_period" or not isinstance(times, list) or len(times) != 2:
        return None
    try:
        start, end = (datetime.fromisoformat(t) for t in times)
    except ValueError:
        return None
    if start > now + timedelta(days=1):
        # "12月30日" said in January means last year
        try:
            start, end = start.replace(year=start.year - 1), end.replace(year=end.year - 1)
        except ValueError:
            return None
    if since:
        end = now
    period = period or parsed.get("type") == "time_span"
    return When(text, start, min(end, now) if period else end, period)


def occurrence(text: str | None, now: datetime | None = None) -> When | None:
    """When the matter of `text` happened: its first time expression that resolves; a matter said to be
    ongoing without a day ("一直这样") is a period with no start."""
    if not text:
        return None
    now = now or datetime.now()
    for m in find_expressions(text):
        when = resolve(m.group(0), now)
        if when:
            return when
    ongoing = ONGOING.search(text)
    if ongoing:
        return When(ongoing.group(0), None, None, True)
    return None


def parse_occurred(text: str | None, today: date) -> date | None:
    """The day meant by `text` relative to `today`, or None when it names no day ("一直存在")."""
    when = occurrence(text, datetime.combine(today, time(12, 0)))
    return when.day if when else None
