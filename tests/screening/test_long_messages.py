"""Long messages as citizens write them: alarming words in the background are not emergencies, a complaint
that names a court or a law is not a statutory route, and a real emergency told at length still is."""
from __future__ import annotations

import pytest

from hotline.screening.screener import screen

LETTER = "尊敬的领导：您好！{}恳请相关部门尽快处理，谢谢！"


@pytest.mark.parametrize("body", [
    "去年冬天我父亲在小区门口被人打伤，当时已经报警，派出所至今没有给出处理结果。",
    "小区消防通道长期被私家车占用，楼道里堆满杂物，存在严重的火灾隐患，万一着火消防车根本进不来。",
    "我们楼是上世纪八十年代的老楼，墙体开裂，随时可能倒塌，迟早要出人命。",
    "这个路口没有红绿灯，经常发生交通事故，上个月又有一位老人被撞伤，建议加装信号灯。",
    "我在工地干活时摔伤了腿，住院两个月，现在申请工伤认定一直没有结果。",
    "上个月被邻居家的狗咬了，打了狂犬疫苗，想问费用能不能报销。",
    "我们小区业主现在真是生活在水深火热之中，物业什么都不管。",
    "小区旁边有一条110kV高压线，离居民楼不到二十米，担心有辐射。",
    "我家120平方米的房子漏水，楼上邻居一直拖着不修。",
])
def test_background_is_not_an_emergency(body):
    s = screen("反映小区问题\n" + LETTER.format(body))
    assert s.verdict == "accept", s


def test_a_hazard_gets_a_safety_reminder_not_a_refusal():
    s = screen("反映消防通道问题\n" + LETTER.format("小区消防通道被占用，楼道里电动车飞线充电，火灾隐患很大。"))
    assert s.verdict == "accept" and s.hazard and "119" in s.notice


@pytest.mark.parametrize("text", ["家里水管爆了，水漫了一地，物业电话打不通", "下水道返水，整个卫生间都是污水",
                                  "我们这条街的路灯不亮了好几天了"])
def test_colloquial_problems_are_ordinary_orders(text):
    assert screen(text).verdict == "accept"


@pytest.mark.parametrize("text, services", [
    ("您好，我在金水区花园路和农业路交叉口，刚刚两辆车撞在一起，有个骑电动车的人躺在地上流了很多血，一动不动，"
     "周围的人都不敢动他，请赶紧派人来", {"122", "120"}),
    ("我家对面楼三楼现在正在冒浓烟，能看到明火，里面好像还有老人没出来，我已经在楼下了，火越来越大", {"119"}),
    ("上个月我就反映过我前夫骚扰我的事，今天他又来了，现在就在我家门口拿着刀砍门，我和孩子躲在卧室里", {"110"}),
])
def test_a_long_emergency_told_now_is_still_one(text, services):
    s = screen(text)
    assert s.verdict == "emergency" and set(s.services) == services, s


@pytest.mark.parametrize("text", [
    "A区长期停水问题\n我们小区从上个月开始频繁停水，已向自来水公司反映多次，请纪委和相关部门督促解决。",
    "公立幼儿园太少\n我们片区三个小区只有一所公立幼儿园，孩子入园难，建议教育局增加学位。",
    "夜间施工扰民\n工地每天施工到凌晨，噪音很大，我们找过城管，也打过官司的律师咨询过，希望城管依法查处。",
    "违规补课\n某培训机构暑假期间违规组织在职教师补课，收费很高，请教育局查处。",
    "违章建筑\n邻居在楼顶私自加盖了一层，属于违章建筑，城管来看过也没拆，请求依法拆除。",
])
def test_a_complaint_that_names_a_law_or_a_court_is_a_hotline_matter(text):
    assert screen(text).verdict == "accept"


@pytest.mark.parametrize("text, route", [
    ("请督促法院尽快开庭\n尊敬的领导：我公司与某建筑公司的工程款纠纷，法院已于去年立案，至今没有开庭，恳请督促法院尽快审理。",
     "litigation"),
    ("申请行政复议\n我对区城管局没收我三轮车的处罚决定不服，想申请行政复议，请问应该向哪里提出？", "administrative_review"),
    ("举报村支书贪污\n我们村支书把扶贫款转到自己亲戚的账户，请纪委调查。", "discipline_inspection"),
])
def test_what_belongs_on_a_statutory_route_is_routed(text, route):
    s = screen(text)
    assert s.verdict == "legal_route" and s.route == route, s
    assert s.notice and "12345" in s.notice


def test_a_mixed_request_is_accepted_with_the_route_as_advice():
    s = screen("邻居装修把我家墙面震裂了，我想起诉他要赔偿，而且他们天天半夜施工很吵")
    assert s.verdict == "accept" and s.advice_route == "litigation"
    assert "诉讼" in s.notice
