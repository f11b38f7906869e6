"""Chinese working days: weekends and public holidays off, make-up workdays (调休) on (policy/calendar.yml)."""
from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from hotline.policy import PolicyError, Reader, load_yaml

log = logging.getLogger(__name__)


def _dates(reader: Reader) -> set[date]:
    out: set[date] = set()
    for item in reader.list():
        value = item.data
        if isinstance(value, date):
            out.add(value)
            continue
        text = str(value)
        try:
            if ".." in text:
                a, b = (date.fromisoformat(x.strip()) for x in text.split(".."))
                if b < a:
                    raise ValueError("range ends before it starts")
                out.update(a + timedelta(days=i) for i in range((b - a).days + 1))
            else:
                out.add(date.fromisoformat(text.strip()))
        except ValueError as e:
            raise PolicyError(f"calendar.yml: {item.path}: {text!r} is not a date or a range a..b: {e}") from e
    return out


class WorkCalendar:
    def __init__(self, holidays: set[date], workdays: set[date], years: set[int]):
        self.holidays, self.workdays, self.years = holidays, workdays, years

    @classmethod
    def load(cls) -> WorkCalendar:
        r = Reader("calendar.yml", load_yaml("calendar.yml"))
        holidays: set[date] = set()
        workdays: set[date] = set()
        years = set()
        for year, y in r.get("years").items():
            years.add(int(year))
            holidays |= _dates(y.get("holidays", []))
            workdays |= _dates(y.get("workdays", []))
        clash = holidays & workdays
        if clash:
            raise PolicyError(f"calendar.yml: dates listed both as holiday and workday: {sorted(clash)}")
        return cls(holidays, workdays, years)

    def is_workday(self, d: date) -> bool:
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself does not count)."""
        d, left = start, n
        while left > 0:
            d += timedelta(days=1)
            if self.is_workday(d):
                left -= 1
        if d.year not in self.years:
            log.warning("calendar.yml has no holidays for %s; deadline counted from weekends only", d.year)
        return d

    def deadline(self, accepted_at: datetime, workdays: int, at: time) -> datetime:
        return datetime.combine(self.add_workdays(accepted_at.date(), workdays), at, tzinfo=accepted_at.tzinfo)


@lru_cache(maxsize=1)
def work_calendar() -> WorkCalendar:
    return WorkCalendar.load()
