"""The screening gate on the shared development set, our own sets, and the obfuscations the notice names."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hotline.paths import ROOT
from hotline.screening.screener import screen

DEV = ROOT.parent / "shared" / "eval" / "screening_dev.yml"


def _cases(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def _check(case):
    s = screen(case["text"])
    assert s.verdict == case["verdict"], (case["text"], s)
    if case["verdict"] == "emergency":
        assert set(s.services) == set(case["services"]), (case["text"], s.services)
    if case["verdict"] == "legal_route":
        assert s.route == case["route"], (case["text"], s.route)
    if case["verdict"] == "accept":
        assert s.civility == bool(case.get("civility")), (case["text"], s)


@pytest.mark.skipif(not DEV.exists(), reason="shared/eval is not beside the checkout")
@pytest.mark.parametrize("case", _cases(DEV) if DEV.exists() else [], ids=lambda c: c["text"][:12] or "empty")
def test_dev_set(case):
    _check(case)


@pytest.mark.parametrize("case", _cases(ROOT / "data" / "screening_examples" / "cases_a.yml"), ids=lambda c: c["text"][:12] or "empty")
def test_own_cases(case):
    _check(case)


@pytest.mark.parametrize("text", ["傻*逼", "傻 逼", "傻.逼", "沙比", "煞笔", "sb", "SB", "ｓｂ", "s b", "cnm", "nmsl", "tmd",
                                  "草泥马", "艹你妈", "傻傻傻逼", "你們這些白癡", "🖕", "滚滚滚！！！", "2B青年客服"])
def test_obfuscated_abuse_is_caught(text):
    assert screen(text).verdict == "abusive"


@pytest.mark.parametrize("text", ["USB接口坏了，电脑店不给修", "我们小区的垃圾站太臭了", "滚动电子屏坏了好几天", "我孙子上学的事情",
                                  "给我滚烫的开水烫伤了，想问医保能报吗"])
def test_words_that_only_look_abusive_are_accepted(text):
    s = screen(text)
    assert s.verdict == "accept" and not s.civility, s


def test_a_swear_word_inside_a_request_is_masked_in_the_citizens_own_words():
    s = screen("他妈的路灯又坏了，晚上黑乎乎的")
    assert s.verdict == "accept" and s.civility
    assert s.masked_text == "***路灯又坏了，晚上黑乎乎的"
    assert "文明" in s.notice
    s = screen("垃圾物业，电梯坏了一个月不修")
    assert s.masked_text.startswith("**物业")


def test_emergency_notice_names_every_number_and_why():
    s = screen("十字路口两辆电动车相撞，一个人躺在地上起不来")
    assert s.verdict == "emergency" and set(s.services) == {"122", "120"}
    assert "122" in s.notice and "120" in s.notice and "无法派出" in s.notice


@pytest.mark.parametrize("text", ["去年着火的那栋楼一直没拆", "上周被电动车撞了，想咨询怎么找对方赔偿", "消防车通道被私家车堵了",
                                  "路口红绿灯坏了", "万一哪天着火了怎么办，消防栓被圈起来了"])
def test_past_events_hazards_and_worries_stay_with_the_hotline(text):
    assert screen(text).verdict == "accept"


def test_statutory_route_notice_says_where_how_and_the_basis():
    s = screen("加班费和公司有争议，想走仲裁")
    assert s.route == "labor_arbitration"
    assert "劳动人事争议仲裁委员会" in s.notice and "劳动争议调解仲裁法" in s.notice


@pytest.mark.parametrize("text", [None, "", "   ", "\x00\ufffd" * 3, "很长" * 20000, "🙂🙂", "。。。", "0000000", "测试测试123"])
def test_empty_meaningless_and_huge_inputs_get_a_prompt_not_a_crash(text):
    s = screen(text)
    assert s.verdict == "no_substance" and "12345" in s.notice


def test_phone_number_alone_is_an_answer_not_empty():
    assert screen("13812345678").verdict == "accept"


@pytest.mark.parametrize("name, floor", [("long_c.yml", 0.92), ("long_d.yml", 0.95), ("cases_d.yml", 0.95),
                                         ("cases_e.yml", 0.97)])
def test_long_and_later_training_sets_stay_above_their_floor(name, floor):
    """Sets the rules were tuned on but do not fully fit (long messages, later held-out sets): no regression."""
    cases = _cases(ROOT / "data" / "screening_examples" / name)
    right = 0
    for case in cases:
        try:
            _check(case)
            right += 1
        except AssertionError:
            pass
    assert right / len(cases) >= floor, f"{name}: {right}/{len(cases)}"
