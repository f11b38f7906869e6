"""Turning what a citizen says about when something happened into a date, where that is possible."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
              "十": 10}
_RELATIVE = {"今天": 0, "今日": 0, "今早": 0, "今晚": 0, "刚才": 0, "刚刚": 0, "现在": 0, "昨天": 1, "昨日": 1,
             "昨晚": 1, "前天": 2, "大前天": 3}
_FULL = re.compile(r"(?:(\d{4})\s*[年/.-]\s*)?(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*[日号]?")
_AGO = re.compile(r"([\d一二两三四五六七八九十]+)\s*(天|周|星期|个月|月)(?:以)?前")


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 2 and text[0] == "十":
        return 10 + _CN_DIGITS.get(text[1], 0)
    if len(text) == 2 and text[1] == "十":
        return _CN_DIGITS.get(text[0], 0) * 10
    if len(text) == 3 and text[1] == "十":
        return _CN_DIGITS.get(text[0], 0) * 10 + _CN_DIGITS.get(text[2], 0)
    return _CN_DIGITS.get(text)


def parse_occurred(text: str | None, today: date) -> date | None:
    """The date meant by `text` relative to `today`, or None when it names no day ("一直存在")."""
    if not text:
        return None
    for word in sorted(_RELATIVE, key=len, reverse=True):
        if word in text:
            return today - timedelta(days=_RELATIVE[word])
    m = _FULL.search(text)
    if m:
        year = int(m.group(1)) if m.group(1) else today.year
        try:
            d = date(year, int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        # "12月30日" said in January means last year
        return d.replace(year=d.year - 1) if not m.group(1) and d > today else d
    m = _AGO.search(text)
    if m:
        n = _number(m.group(1))
        if n is None:
            return None
        days = {"天": 1, "周": 7, "星期": 7, "个月": 30, "月": 30}[m.group(2)] * n
        return today - timedelta(days=days)
    if "上周" in text or "上星期" in text:
        return today - timedelta(days=7)
    if "上个月" in text or "上月" in text:
        return today - timedelta(days=30)
    return None


def as_datetime(d: date | None) -> datetime | None:
    return None if d is None else datetime(d.year, d.month, d.day)
