"""`python -m hotline triage` as outside checks call it: JSON Lines in, one JSON line out per input."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hotline.paths import ROOT

CHECKER = ROOT.parent / "shared" / "tools" / "check_triage_contract.py"


def run_triage(lines: list[str]) -> list[dict]:
    p = subprocess.run([sys.executable, "-m", "hotline", "triage"], input="".join(line + "\n" for line in lines),
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert p.returncode == 0, p.stderr
    return [json.loads(x) for x in p.stdout.splitlines() if x.strip()]


def test_every_verdict_and_field():
    inputs = [
        {"id": "a", "text": "小区门口的路灯坏了一个星期了"},
        {"id": "b", "text": "厂房着火了，火苗窜得很高"},
        {"id": "c", "text": "朋友欠钱不还，我想起诉他"},
        {"id": "d", "text": "你们这些白痴"},
        {"id": "e", "text": ""},
        {"id": 6, "text": "垃圾物业，电梯坏了一个月不修", "sender": "x", "channel": "rest"},
    ]
    out = {o["id"]: o for o in run_triage([json.dumps(i, ensure_ascii=False) for i in inputs])}
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
