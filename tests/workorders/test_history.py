"""The not-accepted rules that need history, on a real store: 调解类 (repeated failed mediation and a statutory
route advised) and 无新证据 (a closed order brought again), matched by citizen, words, category and place."""
from __future__ import annotations

import uuid

import pytest

from hotline.language.places import gazetteer
from hotline.policy import PolicyError
from hotline.policy import load_yaml as load_policy
from hotline.workorders.history import MEDIATION, NO_NEW_EVIDENCE, HistoryPolicy, HistoryRules
from hotline.workorders.orders import WorkOrderDraft, WorkOrders

UNIT = "金水区城市管理局"
NOISE = ("楼下烧烤店每天营业到凌晨两点，油烟和噪音扰民", "环境保护/环境污染/噪音污染")
WAGES = ("装修公司拖欠我三个月工资一万二，老板一直推脱不给", "劳动和社会保障/工资福利/工资发放")


@pytest.fixture
def who() -> tuple[str, str]:
    """A citizen of this test alone (the PostgreSQL database is shared by the session): account and phone."""
    n = uuid.uuid4().int
    return f"s-{n % 10**12}", f"139{n % 10**8:08d}"


def order(orders: WorkOrders, text: str, category: str, who: tuple[str, str], place: str = "郑州市金水区花园路") -> str:
    draft = WorkOrderDraft(idempotency_key=f"k-{uuid.uuid4().hex}", channel="rest", sender_id=who[0],
                           request_type="complaint", category_path=category, description=text,
                           location=gazetteer().find(place), phone=who[1])
    return orders.create(draft).record["number"]


def act(orders: WorkOrders, number: str, *steps: tuple) -> None:
    for action, role, data, note in steps:
        orders.apply(number, action, actor=f"{role}-1", role=role, data=data, note=note,
                     unit=UNIT if role == "handling_unit" else None)


def handled_and_closed(orders: WorkOrders, number: str, reply: str = "已约谈店主，要求零点前停止营业并安装油烟净化器") -> None:
    act(orders, number, ("assign", "dispatcher", {"unit": UNIT}, None),
        ("reply", "handling_unit", {"reply": reply}, None), ("close", "dispatcher", {}, None))


def mediated(orders: WorkOrders, number: str, failures: int, route: str | None = "labor_arbitration") -> None:
    act(orders, number, ("assign", "dispatcher", {"unit": UNIT}, None))
    for i in range(failures):
        act(orders, number, ("mediate", "handling_unit", {"outcome": "failed"}, f"第{i + 1}次调解，双方未达成一致"))
    if route:
        act(orders, number, ("advise", "handling_unit", {"route": route}, "建议申请劳动争议仲裁"))


def test_a_closed_matter_brought_again_by_the_same_account(engine, who):
    orders = WorkOrders(engine)
    number = order(orders, *NOISE, who)
    handled_and_closed(orders, number)
    rules = HistoryRules(orders)
    m = rules.earlier_matter("楼下那家烧烤店又营业到后半夜，油烟呛人，吵得睡不着", sender_id=who[0])
    assert m is not None and m.rule == NO_NEW_EVIDENCE and m.number == number
    assert "已约谈店主" in rules.no_new_evidence_notice(m) and number in rules.ask_new_evidence(m)
    # the same citizen by phone from another account
    assert rules.earlier_matter(f"金水区楼下烧烤店油烟噪音扰民到凌晨，{who[1]}", sender_id="other") is not None


def test_other_matters_other_citizens_other_places_open_orders_do_not_match(engine, who):
    orders = WorkOrders(engine)
    number = order(orders, *NOISE, who)
    rules = HistoryRules(orders)
    text = "楼下那家烧烤店营业到后半夜，油烟呛人，噪音扰民"
    assert rules.earlier_matter(text, sender_id=who[0]) is None  # still open: no rule applies
    handled_and_closed(orders, number)
    assert rules.earlier_matter("小区门口的路灯坏了一个星期，晚上很黑", sender_id=who[0]) is None
    assert rules.earlier_matter(text, sender_id="someone-else") is None
    assert rules.earlier_matter("二七区大学路一家烧烤店营业到后半夜，油烟呛人，噪音扰民", sender_id=who[0]) is None
    assert rules.earlier_matter(text, sender_id=who[0]) is not None


def test_new_evidence_and_no_answers():
    rules = HistoryRules(WorkOrders.__new__(WorkOrders))
    assert rules.has_new_evidence("我这次拍了视频，凌晨三点还在营业")
    assert rules.has_new_evidence("最近又开始半夜营业了")
    assert not rules.has_new_evidence("还是那个烧烤店的事，油烟噪音太大")
    for no in ("没有", "没有。", "没有新的", "就这些"):
        assert rules.says_no(no)
    assert not rules.says_no("没有人管，我拍了照片")


def test_repeated_failed_mediation_with_advice_is_not_accepted(engine, who):
    orders = WorkOrders(engine)
    number = order(orders, *WAGES, who)
    mediated(orders, number, failures=2)
    rules = HistoryRules(orders)
    v = rules.verdict("装修公司老板还是拖欠我三个月工资一万二不给", sender_id=who[0])
    assert v is not None and v.reason == MEDIATION and v.related == number
    assert "劳动争议仲裁" in v.notice and "调解2次" in v.notice


@pytest.mark.parametrize("failures,route", [(1, "labor_arbitration"), (2, None)])
def test_mediation_needs_repeated_failures_and_the_advice(engine, who, failures, route):
    orders = WorkOrders(engine)
    mediated(orders, order(orders, *WAGES, who), failures=failures, route=route)
    assert HistoryRules(orders).earlier_matter("装修公司老板还是拖欠我三个月工资一万二", sender_id=who[0]) is None


def test_verdict_for_one_message_closed_order(engine, who):
    orders = WorkOrders(engine)
    number = order(orders, *NOISE, who)
    handled_and_closed(orders, number)
    rules = HistoryRules(orders)
    v = rules.verdict("楼下烧烤店营业到凌晨两点，油烟噪音扰民，还是没人管", sender_id=who[0])
    assert v is not None and v.reason == NO_NEW_EVIDENCE and v.related == number
    assert rules.verdict("楼下烧烤店最近又营业到凌晨，我录了视频，油烟噪音扰民", sender_id=who[0]) is None


def test_a_bad_history_policy_stops_start_up():
    data = load_policy("history.yml")
    data["matching"]["similar_enough"] = 0.1  # below similar_with_category
    with pytest.raises(PolicyError, match="history.yml: matching"):
        HistoryPolicy.load(data)
    data = load_policy("history.yml")
    data["new_evidence_words"] = ["新证据(("]
    with pytest.raises(PolicyError, match="history.yml"):
        HistoryPolicy.load(data)
