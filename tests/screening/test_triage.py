"""`python -m hotline triage` as outside checks call it: JSON Lines in, one JSON line out per input."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from hotline.paths import ROOT

CHECKER = ROOT.parent / "shared" / "tools" / "check_triage_contract.py"


def run_triage(lines: list[str], database_url: str | None = None) -> list[dict]:
    env = {**os.environ, "HOTLINE_DATABASE_URL": database_url} if database_url else None
    p = subprocess.run([sys.executable, "-m", "hotline", "triage"], input="".join(line + "\n" for line in lines),
                       capture_output=True, text=True, cwd=ROOT, timeout=300, env=env)
    assert p.returncode == 0, p.stderr
    return [json.loads(x) for x in p.stdout.splitlines() if x.strip()]


@pytest.fixture
def empty_store(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'orders.db'}"


def test_every_verdict_and_field(empty_store):
    inputs = [
        {"id": "a", "text": "小区门口的路灯坏了一个星期了"},
        {"id": "b", "text": "厂房着火了，火苗窜得很高"},
        {"id": "c", "text": "朋友欠钱不还，我想起诉他"},
        {"id": "d", "text": "你们这些白痴"},
        {"id": "e", "text": ""},
        {"id": 6, "text": "垃圾物业，电梯坏了一个月不修", "sender": "x", "channel": "rest"},
    ]
    out = {o["id"]: o for o in run_triage([json.dumps(i, ensure_ascii=False) for i in inputs], empty_store)}
    assert out["a"]["verdict"] == "accept" and out["a"]["category"] == "城乡建设" and out["a"]["notice"] is None
    assert out["b"]["verdict"] == "emergency" and out["b"]["services"] == ["119"] and "119" in out["b"]["notice"]
    assert out["c"]["verdict"] == "legal_route" and out["c"]["route"] == "litigation"
    assert out["d"]["verdict"] == "abusive" and out["d"]["category"] is None
    assert out["e"]["verdict"] == "no_substance"
    assert out[6]["verdict"] == "accept" and out[6]["civility"] is True and out[6]["category"] == "城乡建设"
    for o in out.values():
        assert set(o) >= {"id", "verdict", "services", "route", "civility", "category", "notice"}


def test_broken_lines_still_get_one_answer_each():
    out = run_triage(["not json", "[1, 2]", json.dumps({"id": "ok", "text": 12345}), "\ufffd\x00"])
    assert len(out) == 4
    assert out[0]["error"] and out[1]["error"] and out[3]["error"]
    assert out[2]["id"] == "ok" and out[2]["verdict"] == "no_substance"  # 12345 read as text: too few digits


@pytest.mark.skipif(not CHECKER.exists(), reason="shared/tools is not beside the checkout")
def test_the_shared_contract_checker_passes():
    p = subprocess.run([sys.executable, str(CHECKER)], capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "contract holds" in p.stdout


def test_not_accepted_by_the_rules_that_need_history(tmp_path):
    """A citizen's earlier orders in the store decide: repeated failed mediation with a route advised, and a
    closed matter brought again without new evidence; `related` names the earlier order."""
    from hotline.language.places import gazetteer
    from hotline.storage import sql
    from hotline.workorders.orders import WorkOrderDraft, WorkOrders

    url = f"sqlite:///{tmp_path / 'orders.db'}"
    orders = WorkOrders(sql.engine(url))

    def filed(sender: str, text: str, category: str) -> str:
        draft = WorkOrderDraft(idempotency_key=uuid.uuid4().hex, channel="rest", sender_id=sender,
                               request_type="complaint", category_path=category, description=text,
                               location=gazetteer().find("郑州市金水区花园路"))
        number = orders.create(draft).record["number"]
        orders.apply(number, "assign", actor="d", role="dispatcher", data={"unit": "金水区花园路街道办事处"})
        return number

    dispute = filed("wx-1", "邻居家装修把我家卫生间的墙打裂了，要求他赔偿修墙的钱，他一直不理", "政法/仲裁与调解/其他")
    for _ in range(2):
        orders.apply(dispute, "mediate", actor="u", role="handling_unit", data={"outcome": "failed"},
                     unit="金水区花园路街道办事处", note="双方分歧大，调解未成")
    orders.apply(dispute, "advise", actor="u", role="handling_unit", data={"route": "litigation"},
                 unit="金水区花园路街道办事处", note="建议向人民法院起诉")
    lamp = filed("wx-2", "小区门口花园路上的路灯坏了一个星期了，晚上很黑", "城乡建设/城市建设和市政管理/城市公共设施")
    orders.apply(lamp, "reply", actor="u", role="handling_unit", data={"reply": "已更换灯具，恢复照明"},
                 unit="金水区花园路街道办事处")
    orders.apply(lamp, "close", actor="d", role="dispatcher")
    lines = [
        {"id": 1, "text": "邻居装修把我家卫生间墙打裂了，赔偿修墙的钱到现在也不给", "sender": "wx-1"},
        {"id": 2, "text": "花园路小区门口的路灯坏了，晚上黑乎乎的", "sender": "wx-2"},
        {"id": 3, "text": "花园路小区门口的路灯又坏了，这周开始又不亮", "sender": "wx-2"},
        {"id": 4, "text": "花园路小区门口的路灯坏了，晚上黑乎乎的", "sender": "someone-else"},
        {"id": 5, "text": "花园路小区门口的路灯坏了，晚上黑乎乎的"},
    ]
    out = {o["id"]: o for o in run_triage([json.dumps(x, ensure_ascii=False) for x in lines], url)}
    assert out[1]["verdict"] == "not_accepted" and out[1]["reason"] == "mediation_failed"
    assert out[1]["related"] == dispute and out[1]["route"] == "litigation" and dispute in out[1]["notice"]
    assert out[2]["verdict"] == "not_accepted" and out[2]["reason"] == "no_new_evidence"
    assert out[2]["related"] == lamp and "已更换灯具" in out[2]["notice"]
    assert out[3]["verdict"] == "accept"  # it broke again: new facts
    assert out[4]["verdict"] == "accept" and out[5]["verdict"] == "accept"
