"""Chinese working days for SLA deadlines: weekends and public holidays off, make-up workdays (调休) on.

The days come from `chinese-calendar`, which follows the State Council's yearly holiday arrangements
(国务院办公厅关于部分节假日安排的通知). For a year it has no data on yet (the arrangement is published in the
autumn before), deadlines fall back to Monday-Friday and the hotline says so loudly: once per year and
process in the log, and in `python -m hotline check-policy`."""
from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import chinese_calendar

log = logging.getLogger(__name__)


class WorkCalendar:
    def __init__(self) -> None:
        self._warned: set[int] = set()

    @property
    def years(self) -> range:
        """The years the calendar data covers."""
        first = min(chinese_calendar.holidays).year
        last = max(max(chinese_calendar.holidays), max(chinese_calendar.workdays)).year
        return range(first, last + 1)

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_workday(self, d: date) -> bool:
        try:
            return chinese_calendar.is_workday(d)
        except NotImplementedError:
            if d.year not in self._warned:
                self._warned.add(d.year)
                log.warning("WORKDAY CALENDAR: chinese-calendar has no holiday data for %s (covers %s-%s); "
                            "deadlines in %s are counted Monday to Friday, without public holidays. "
                            "Upgrade chinese-calendar when the State Council publishes the %s arrangement.",
                            d.year, self.years.start, self.years.stop - 1, d.year, d.year)
            return d.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself does not count)."""
        d, left = start, n
        while left > 0:
            d += timedelta(days=1)
            if self.is_workday(d):
                left -= 1
        return d

    def deadline(self, accepted_at: datetime, workdays: int, at: time) -> datetime:
        return datetime.combine(self.add_workdays(accepted_at.date(), workdays), at, tzinfo=accepted_at.tzinfo)


@lru_cache(maxsize=1)
def work_calendar() -> WorkCalendar:
    return WorkCalendar()
