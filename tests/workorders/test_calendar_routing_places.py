from datetime import date, datetime

from hotline.language.places import gazetteer
from hotline.language.times import parse_occurred
from hotline.workorders.routing import routing_table
from hotline.workorders.sla import sla_table
from hotline.workorders.workdays import work_calendar


def test_a_year_without_data_falls_back_to_weekdays_and_says_so(caplog):
    cal = work_calendar()
    far = date(2099, 1, 1)  # a Thursday; no holiday data so far ahead
    with caplog.at_level("WARNING"):
        assert cal.is_workday(far)
    assert "no holiday data for 2099" in caplog.text
    assert not cal.is_workday(date(2099, 1, 3))  # a Saturday


def test_holidays_and_make_up_workdays():
    cal = work_calendar()
    assert not cal.is_workday(date(2026, 10, 5))  # National Day, a Monday
    assert cal.is_workday(date(2026, 10, 10))  # make-up Saturday
    assert cal.is_workday(date(2026, 2, 14))  # make-up Saturday before the Spring Festival
    # 5 working days from Wed 30 Sep 2026: Oct 8, 9, 10 (Sat, make-up), 12, 13
    assert cal.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 13)


def test_sla_by_type_and_most_specific_category():
    sla = sla_table()
    assert sla.workdays_for("complaint", "环境保护/环境污染/噪音污染") == 5
    assert sla.workdays_for("complaint", "城乡建设/城市建设和市政管理/冬季采暖") == 3
    assert sla.workdays_for("report", "纪检监察/干部作风/其他") == 15
    d = sla.deadline("consultation", None, datetime(2026, 9, 30, 9, 0))
    assert d == datetime(2026, 10, 9, 18, 0)  # National Day holiday: Oct 8 (Thu), Oct 9 (Fri)


def test_places_are_normalised():
    g = gazetteer()
    loc = g.find("洛阳涧西区")
    assert (loc.city, loc.district) == ("洛阳市", "涧西区")
    loc = g.find("管城区紫荆山路")
    assert (loc.city, loc.district, loc.address) == ("郑州市", "管城回族区", "紫荆山路")
    loc = g.find("我们小区东门")
    assert loc.city is None and loc.address == "我们小区东门"


def test_routing_by_category_and_place():
    r = routing_table()
    g = gazetteer()
    assert r.unit_for("环境保护/环境污染/噪音污染", g.find("新乡市红旗区")) == "新乡市生态环境局红旗区分局"
    assert r.unit_for("劳动和社会保障/工资福利/拖欠工资", g.find("开封市祥符区")) == "祥符区人力资源和社会保障局"
    assert r.unit_for("城乡建设/城市建设和市政管理/电力供应", g.find("洛阳")) == "国网洛阳供电公司"
    # no place: the fallback city
    assert r.unit_for("交通运输/客货运输/旅客运输", None) == "郑州市交通运输局"


def test_occurrence_dates():
    today = date(2026, 11, 27)
    assert parse_occurred("昨天晚上", today) == date(2026, 11, 26)
    assert parse_occurred("11月20日下午3点", today) == date(2026, 11, 20)
    assert parse_occurred("三天前", today) == date(2026, 11, 24)
    assert parse_occurred("12月30日", date(2027, 1, 3)) == date(2026, 12, 30)
    assert parse_occurred("一直都这样", today) is None
