"""Work orders on real SQL: SQLite always, PostgreSQL when it answers."""
from __future__ import annotations

import re
import threading
import uuid
from datetime import datetime

import pytest

from hotline.language.places import gazetteer
from hotline.workorders.lifecycle import TransitionError, next_status
from hotline.workorders.orders import (
    DraftError,
    WorkOrderDraft,
    WorkOrders,
    describe_status,
)
from hotline.workorders.record import masked, validate_record


def draft(**kw) -> WorkOrderDraft:
    base = dict(idempotency_key=f"k-{uuid.uuid4().hex}", channel="rest", sender_id=f"s-{uuid.uuid4().hex[:8]}",
                request_type="complaint", category_path="城乡建设/城市建设和市政管理/城市公共设施",
                description="小区门口的路灯坏了一周了。晚上很黑。", location=gazetteer().find("郑州市金水区花园路街道农业路12号"),
                citizen_name="王建国", phone="13812345678", occurred_text="上周三")
    base.update(kw)
    return WorkOrderDraft(**base)


def test_create_stores_every_field_and_two_events(engine):
    wo = WorkOrders(engine)
    now = datetime(2026, 11, 27, 2, 0)  # 10:00 in Beijing, a Friday
    r = wo.create(draft(), now=now)
    assert r.created
    rec = r.record
    validate_record(rec)
    assert re.fullmatch(r"HN20261127\d{6}", rec["number"])
    assert rec["status"] == "accepted"
    assert rec["category"] == {"level1": "城乡建设", "level2": "城市建设和市政管理", "level3": "城市公共设施",
                               "source": "predicted", "confidence": None}
    assert rec["location"]["city"] == "郑州市" and rec["location"]["district"] == "金水区"
    assert rec["location"]["street"] == "花园路街道" and rec["location"]["address"] == "农业路12号"
    assert rec["handling_unit"] == "金水区城市管理局"
    # 3 working days for a municipal-facilities complaint: Mon 30 Nov, Tue 1 Dec, Wed 2 Dec
    assert rec["sla_deadline"] == "2026-12-02T18:00:00+08:00"
    assert rec["title"] == "小区门口的路灯坏了一周了"
    assert [h["action"] for h in rec["history"]] == ["register", "accept"]
    assert [h["status_after"] for h in rec["history"]] == ["registered", "accepted"]
    assert wo.get(rec["number"]) == rec


def test_a_retried_submission_returns_the_first_order(engine):
    wo = WorkOrders(engine)
    d = draft()
    first = wo.create(d)
    again = wo.create(d)
    assert not again.created and again.record["number"] == first.record["number"]
    assert len(wo.for_sender(d.sender_id)) == 1


def test_concurrent_retries_and_submissions_get_unique_numbers(engine):
    wo = WorkOrders(engine)
    same = draft()
    results, errors = [], []

    def submit(d):
        try:
            results.append(WorkOrders(engine).create(d).record["number"])
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=submit, args=(same,)) for _ in range(4)]
    threads += [threading.Thread(target=submit, args=(draft(),)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 7  # 4 retries of one submission share a number; 6 others have their own
    assert wo.get(next(iter(results)))


def test_invalid_drafts_are_refused(engine):
    with pytest.raises(DraftError, match="unknown category"):
        WorkOrders(engine).create(draft(category_path="不存在/的/分类"))
    with pytest.raises(DraftError, match="empty description"):
        WorkOrders(engine).create(draft(description="  "))


def test_masked_copy_and_status_text(engine):
    rec = WorkOrders(engine).create(draft()).record
    m = masked(rec)
    assert m["citizen"]["phone"] == "138****5678" and m["citizen"]["name"] == "王**"
    assert rec["citizen"]["phone"] == "13812345678"
    text = describe_status(rec)
    assert rec["number"] in text and "已受理" in text and "金水区城市管理局" in text and "路灯" in text


@pytest.mark.parametrize("field, value, message", [
    ("channel", "c" * 41, "channel is longer than 40"),
    ("idempotency_key", "k" * 201, "idempotency_key is longer than 200"),
    ("sender_id", "s" * 201, "sender_id is longer than 200"),
    ("citizen_name", "名" * 101, "citizen_name is longer than 100"),
    ("occurred_text", "时" * 201, "occurred_text is longer than 200"),
    ("phone", "12345", "is not a mobile number"),
    ("phone", "0379-6550-12345678", "is not a mobile number"),
    ("id_number", "410105194912310021", "not a valid resident ID number"),
    ("channel", 42, "channel must be text"),
])
def test_oversize_and_wrong_fields_are_refused_at_the_door(engine, field, value, message):
    """On SQLite and PostgreSQL alike: an explicit error before anything is written, never a DataError."""
    with pytest.raises(DraftError, match=message):
        WorkOrders(engine).create(draft(**{field: value}))


def test_a_landline_written_with_hyphens_is_kept_in_one_form(engine):
    rec = WorkOrders(engine).create(draft(phone="0379-6550-1234")).record
    assert rec["citizen"]["phone"] == "0379-65501234"
    validate_record(rec)


def test_order_numbers_do_not_count_up(engine):
    numbers = [WorkOrders(engine).create(draft(idempotency_key=f"k-{i}")).record["number"] for i in range(6)]
    suffixes = [int(n[-6:]) for n in numbers]
    assert len(set(numbers)) == 6
    assert suffixes != sorted(suffixes) or max(suffixes) - min(suffixes) > 6  # not a daily sequence


def test_a_resubmission_keeps_the_citizens_edits(engine):
    orders = WorkOrders(engine)
    same = {"idempotency_key": f"k-{uuid.uuid4().hex}", "sender_id": "citizen-1"}
    first = orders.create(draft(**same))
    edited = draft(**same, phone="13912345678", description="小区门口的路灯坏了一个星期，晚上很黑")
    again = orders.create(edited)
    assert not again.created and again.record["number"] == first.record["number"]
    changed = orders.supplement(first.record["number"], edited, "rest:citizen-1")
    assert set(changed) == {"phone", "description"}
    rec = orders.get(first.record["number"])
    assert rec["citizen"]["phone"] == "13912345678" and rec["description"].endswith("晚上很黑")
    assert rec["history"][-1]["action"] == "supplement" and "联系电话" in rec["history"][-1]["note"]
    assert rec["status"] == first.record["status"]
    validate_record(rec)


def test_lifecycle_refuses_forbidden_transitions():
    assert next_status("accepted", "assign") == "assigned"
    assert next_status("evaluated", "reopen") == "reopened"
    with pytest.raises(TransitionError, match="not allowed"):
        next_status("registered", "close")
