"""Time expressions resolve to a day or a period; names, amounts and house numbers are never times."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from hotline.language.times import occurrence, parse_occurred

NOW = datetime(2026, 12, 4, 10, 0)  # a Friday


@pytest.mark.parametrize("text, start, period", [
    ("上周三开始的", date(2026, 11, 25), True),
    ("三天前", date(2026, 12, 1), False),
    ("去年冬天", date(2025, 11, 7), True),
    ("2019年3月以来一直这样", date(2019, 3, 1), True),
    ("二〇一九年三月以来", date(2019, 3, 1), True),
    ("前天晚上十点左右", date(2026, 12, 2), False),
    ("上个月中旬", date(2026, 11, 11), False),
    ("本人于2019年3月27日购买", date(2019, 3, 27), False),
    ("两三个月了", date(2026, 8, 1), True),
    ("六月份开始", date(2026, 6, 1), True),
])
def test_expressions(text, start, period):
    when = occurrence(text, NOW)
    assert when is not None and when.day == start and when.period is period, when


@pytest.mark.parametrize("text", ["我叫王国庆", "王五月反映的", "罚款3000元", "住在12号楼3单元", "电话13812345678",
                                  "工单HN20261127000123"])
def test_names_amounts_and_numbers_are_not_times(text):
    when = occurrence(text, NOW)
    assert when is None or when.start is None, when


def test_a_matter_that_lasts_is_a_period_without_a_day():
    when = occurrence("一直都这样，没人管", NOW)
    assert when.period and when.start is None


def test_a_date_later_in_the_year_means_last_year():
    assert parse_occurred("12月30日", date(2027, 1, 3)) == date(2026, 12, 30)
