"""A first message that holds the matter: everything the intake needs is taken from it."""
from __future__ import annotations

from datetime import datetime

from hotline.intake.opening import is_matter, read

NOW = datetime(2026, 12, 4, 10, 0)


def test_name_phone_id_number_address_and_matter_in_one_message():
    o = read("我叫王建国，身份证410105194912310020，电话13812345678，住在新乡市辉县市城关街道建设路18号幸福家园3号楼，"
             "上周三开始楼下烧烤店油烟直排，熏得没法开窗，请环保部门处理。", NOW)
    assert o.is_matter
    assert o.name == "王建国" and o.phone == "13812345678" and o.id_number == "410105194912310020"
    loc = o.location
    assert (loc.city, loc.district, loc.street) == ("新乡市", "辉县市", "城关街道")
    assert loc.estate == "幸福家园" and loc.address.startswith("建设路18号")
    assert o.when.text.startswith("上周三") and o.when.day.isoformat() == "2026-11-25"


def test_an_id_number_alone_is_not_a_phone():
    o = read("身份证号410105194912310020，社保卡一直办不下来", NOW)
    assert o.phone is None and o.id_number == "410105194912310020"


def test_a_landline_with_area_code():
    o = read("我的电话是0373-6550-1234，红旗区的路灯坏了", NOW)
    assert o.phone == "0373-65501234" and o.location.district == "红旗区"


def test_a_board_message_with_anonymised_places():
    o = read("A7县春华镇金鼎村自来水到户的问题\n本人系春华镇金鼎村七里组村民，2019年3月以来村里一直没通自来水。", NOW)
    assert o.location.district == "A7县" and o.location.street == "春华镇"
    assert o.when.day.isoformat() == "2019-03-01" and o.when.period


def test_names_and_amounts_are_not_times():
    o = read("我是王国庆，被罚款3000元，住12号楼", NOW)
    assert o.when is None or o.when.start is None


def test_what_is_a_matter():
    assert is_matter("小区门口的路灯坏了一个星期了")
    assert is_matter("路灯不亮了好几天")
    assert not is_matter("好的")
    assert not is_matter("在金水区")
