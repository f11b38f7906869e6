"""The lifecycle on a real store: every transition, every refusal, roles, and two writers at once."""
from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import select

from hotline.language.places import gazetteer
from hotline.storage import sql
from hotline.workorders.lifecycle import (
    ROLE_ACTIONS,
    TRANSITIONS,
    PermissionDenied,
    TransitionError,
    allowed_actions,
    next_status,
)
from hotline.workorders.orders import ConflictError, DraftError, WorkOrderDraft, WorkOrders
from hotline.workorders.record import validate_record

UNIT = "金水区城市管理局"


def new_order(orders: WorkOrders) -> str:
    draft = WorkOrderDraft(idempotency_key=f"k-{uuid.uuid4().hex}", channel="rest", sender_id="s-1",
                           request_type="complaint", category_path="城乡建设/城市建设和市政管理/城市公共设施",
                           description="小区门口的路灯坏了一周了", location=gazetteer().find("郑州市金水区花园路"),
                           phone="13812345678")
    return orders.create(draft).record["number"]


def test_every_action_from_every_status():
    statuses = ["", "registered", "accepted", "assigned", "replied", "feedback", "evaluated", "closed", "reopened"]
    for action, (allowed, target) in TRANSITIONS.items():
        for status in statuses:
            if status in allowed:
                assert next_status(status, action) == (target or status)
            else:
                with pytest.raises(TransitionError, match="not allowed"):
                    next_status(status, action)


def test_an_order_through_every_state_with_events_and_outbox(engine):
    orders = WorkOrders(engine)
    number = new_order(orders)
    steps = [("assign", "dispatcher", {"unit": UNIT}, None), ("return", "handling_unit", {}, "不属于我单位职责"),
             ("assign", "dispatcher", {"unit": UNIT}, None), ("supervise", "supervisor", {}, "请加快办理"),
             ("reply", "handling_unit", {"reply": "已更换灯泡"}, None), ("feedback", "dispatcher", {}, "市民表示已修好"),
             ("evaluate", "citizen", {"evaluation": "不满意"}, None), ("reopen", "citizen", {}, "第二天又坏了"),
             ("reply", "handling_unit", {"reply": "已更换整套灯具"}, None),
             ("evaluate", "citizen", {"evaluation": "满意"}, None), ("close", "dispatcher", {}, None)]
    for action, role, data, note in steps:
        rec = orders.apply(number, action, actor=f"{role}-1", role=role, data=data, note=note,
                           unit=UNIT if role == "handling_unit" else None)
        validate_record(rec)
    assert rec["status"] == "closed" and rec["evaluation"] == "满意" and rec["latest_reply"] == "已更换整套灯具"
    assert [h["action"] for h in rec["history"]] == ["register", "accept"] + [s[0] for s in steps]
    assert rec["version"] == 1 + len(steps)
    with engine.connect() as conn:
        outbox = conn.execute(select(sql.outbox.c.event_seq, sql.outbox.c.action).where(
            sql.outbox.c.order_number == number).order_by(sql.outbox.c.id)).all()
    assert [a for _, a in outbox] == [h["action"] for h in rec["history"]]


@pytest.mark.parametrize("action, role, data, message", [
    ("reply", "dispatcher", {"reply": "x"}, "may not"),
    ("assign", "handling_unit", {"unit": UNIT}, "may not"),
    ("close", "analyst", {}, "may not"),
    ("assign", "dispatcher", {}, "needs the handling unit"),
    ("evaluate", "citizen", {"evaluation": "还行"}, "not allowed|needs 'evaluation'"),
])
def test_refusals_name_the_reason(engine, action, role, data, message):
    orders = WorkOrders(engine)
    number = new_order(orders)
    before = orders.get(number)
    with pytest.raises((PermissionDenied, DraftError, TransitionError), match=message):
        orders.apply(number, action, actor="x", role=role, data=data)
    after = orders.get(number)
    assert after["version"] == before["version"] and after["history"] == before["history"]


def test_a_unit_acts_only_on_its_own_orders(engine):
    orders = WorkOrders(engine)
    number = new_order(orders)
    orders.apply(number, "assign", actor="d", role="dispatcher", data={"unit": UNIT})
    with pytest.raises(PermissionDenied, match="handled by"):
        orders.apply(number, "reply", actor="u", role="handling_unit", unit="二七区城市管理局", data={"reply": "x"})


def test_a_change_on_a_stale_copy_is_refused(engine):
    orders = WorkOrders(engine)
    number = new_order(orders)
    version = orders.get(number)["version"]
    orders.apply(number, "assign", actor="d1", role="dispatcher", data={"unit": UNIT}, expected_version=version)
    with pytest.raises(ConflictError):
        orders.apply(number, "assign", actor="d2", role="dispatcher", data={"unit": "二七区城市管理局"},
                     expected_version=version)
    assert orders.get(number)["handling_unit"] == UNIT


def test_two_writers_at_once_never_corrupt_an_order(engine):
    """Two dispatchers reply... no: a unit replies while a dispatcher re-assigns, many times over: each
    change is either fully applied or refused, and the history stays a clean sequence."""
    orders = WorkOrders(engine)
    numbers = [new_order(orders) for _ in range(8)]
    for n in numbers:
        orders.apply(n, "assign", actor="d", role="dispatcher", data={"unit": UNIT})
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def writer(action, role, data):
        for n in numbers:
            barrier.wait()
            try:
                orders.apply(n, action, actor=role, role=role, data=data, unit=UNIT if role == "handling_unit" else None)
                result = "ok"
            except (ConflictError, TransitionError) as e:
                result = type(e).__name__
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=writer, args=("reply", "handling_unit", {"reply": "已处理"})),
               threading.Thread(target=writer, args=("assign", "dispatcher", {"unit": UNIT}))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "ok" in outcomes
    for n in numbers:
        rec = orders.get(n)
        seqs = [h["seq"] for h in rec["history"]]
        assert seqs == list(range(1, len(seqs) + 1))  # no gap, no duplicate
        assert rec["version"] == len(seqs) - 1  # register and accept at version 1, one bump per change since
        # the status is what the last event says
        assert rec["status"] == rec["history"][-1]["status_after"]


def test_every_role_can_do_something_but_the_analyst():
    assert allowed_actions("analyst", "assigned") == []
    assert "reply" in allowed_actions("handling_unit", "assigned")
    assert set(ROLE_ACTIONS["citizen"]) == {"evaluate", "supplement", "reopen"}


def test_overdue_orders_are_supervised_by_the_scanner_and_listed_first_for_the_unit(engine):
    from datetime import timedelta

    from hotline.clock import utcnow
    from hotline.workorders.supervision import scan

    orders = WorkOrders(engine)
    late, fresh = new_order(orders), new_order(orders)
    for n in (late, fresh):
        orders.apply(n, "assign", actor="d", role="dispatcher", data={"unit": UNIT})
    deadline = orders.get(late)["sla_deadline"]
    later = utcnow() + timedelta(days=30)
    with engine.begin() as conn:  # the fresh order's deadline is far away
        conn.execute(sql.work_orders.update().where(sql.work_orders.c.number == fresh)
                     .values(sla_deadline=later + timedelta(days=30)))
    result = scan(orders, now=later)
    assert late in result.supervised and fresh not in result.supervised
    rec = orders.get(late)
    assert rec["supervised"] and rec["history"][-1]["action"] == "supervise" and rec["history"][-1]["actor"] == "system:sla"
    assert deadline  # unchanged by supervision
    assert late not in scan(orders, now=later).supervised  # once
    page, _ = orders.search(unit=UNIT, overdue_first=True, now=later)
    numbers = [p["number"] for p in page]
    assert numbers.index(late) < numbers.index(fresh)
    assert [p for p in page if p["number"] == late][0]["overdue"]
