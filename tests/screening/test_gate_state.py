"""The gate's memory on a real Redis server and a real SQL store: strikes, blocks, sessions without
substance, records, and linkage records on the stream."""
from __future__ import annotations

import uuid

import pytest

from hotline.screening.gatekeeper import Gatekeeper
from hotline.screening.guard import Guard, GuardSettings
from hotline.screening.linkage import STREAM, LinkageDesk
from hotline.screening.records import LinkageRecords, ScreeningRecords


@pytest.fixture
def sender() -> str:
    return f"citizen-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def gate(redis_client, tmp_path):
    from hotline.storage import sql

    eng = sql.engine(f"sqlite:///{tmp_path / 'gate.db'}")
    return Gatekeeper(client=redis_client, records=ScreeningRecords(eng),
                      linkage=LinkageDesk(redis_client, LinkageRecords(eng)))


def test_repeated_abuse_blocks_and_staff_can_lift_it(gate, sender):
    first = gate.handle(sender, "rest", "你们这些白痴")
    assert first.screening.verdict == "abusive" and not first.blocked and "拦截" in first.messages[0]
    gate.handle(sender, "rest", "傻逼")
    third = gate.handle(sender, "rest", "滚")
    assert third.blocked and "暂停受理" in third.messages[0]
    assert gate.guard.block_remaining(sender) > 0
    # during the block: the notice once, then silence (rate-limited), every message recorded
    assert gate.blocked_notice(sender, "rest", "我要投诉") == ""  # the block notice was just shown
    gate.guard.r.delete(f"hotline:blocknotice:{sender}")
    assert "暂停受理" in gate.blocked_notice(sender, "rest", "我要投诉")
    records = gate.records.for_sender(sender)
    assert [r["verdict"] for r in records] == ["abusive", "abusive", "abusive", "blocked", "blocked"]
    assert gate.lift_block(sender, "staff-1")
    assert gate.blocked_notice(sender, "rest", "路灯坏了") is None


def test_a_request_with_a_swear_word_is_recorded_masked_not_blocked(gate, sender):
    for _ in range(5):
        out = gate.handle(sender, "rest", "他妈的路灯又坏了，电话13812345678")
        assert out.screening.verdict == "accept" and out.screening.civility
    assert gate.guard.block_remaining(sender) == 0
    rec = gate.records.for_sender(sender)[0]
    assert rec["verdict"] == "accept" and rec["text_masked"] == "***路灯又坏了，电话138****5678"


def test_a_session_without_substance_is_closed_after_n_messages(gate, sender):
    n = gate.guard.s.close_after_messages
    outs = [gate.handle(sender, "rest", t) for t in ["你好", "？？", "哈哈哈", "123", "嗯嗯"][:n]]
    assert [o.close_session for o in outs] == [False] * (n - 1) + [True]
    assert "会话已结束" in outs[-1].messages[0]
    verdicts = [r["verdict"] for r in gate.records.for_sender(sender)]
    assert verdicts.count("no_substance") == n and verdicts[-1] == "session_closed"


def test_substance_resets_the_count(gate, sender):
    n = gate.guard.s.close_after_messages
    for _ in range(n - 1):
        gate.handle(sender, "rest", "你好")
    gate.handle(sender, "rest", "小区门口的路灯坏了")
    assert not gate.handle(sender, "rest", "你好").close_session


def test_a_session_without_substance_is_closed_after_t_minutes(redis_client, sender):
    g = Guard(redis_client, GuardSettings(close_after_messages=100, close_after_minutes=10))
    assert not g.without_substance(sender, now=1000.0)
    assert not g.without_substance(sender, now=1000.0 + 9 * 60)
    assert g.without_substance(sender, now=1000.0 + 10 * 60)


def test_emergency_publishes_one_linkage_record_per_service(gate, sender, redis_client):
    before = {s: redis_client.xlen(STREAM.format(service=s)) for s in ("122", "120")}
    out = gate.handle(sender, "miniprogram", "十字路口两辆电动车相撞，一个人躺在地上起不来", location="郑州市金水区花园路")
    assert out.screening.services == ("122", "120")
    for service in ("122", "120"):
        stream = STREAM.format(service=service)
        assert redis_client.xlen(stream) == before[service] + 1
        _, fields = redis_client.xrevrange(stream, count=1)[0]
        assert fields["sender_id"] == sender and fields["location"] == "郑州市金水区花园路"
        assert fields["channel"] == "miniprogram" and "相撞" in fields["text"]
    kept = gate.linkage.records.for_sender(sender)
    assert sorted(k["service"] for k in kept) == ["120", "122"] and all(k["stream_id"] for k in kept)


def test_legal_advice_is_recorded_and_counted(gate, sender):
    gate.handle(sender, "rest", "朋友欠钱不还，我想起诉他")
    counts = gate.records.counts()
    assert counts[("legal_route", "litigation")] >= 1


def test_staff_lift_a_block_from_the_command_line(redis_server, redis_client, sender, tmp_path):
    import os
    import subprocess
    import sys

    redis_client.set(f"hotline:block:{sender}", 1, ex=600)
    env = {**os.environ, "REDIS_URL": redis_server.url, "HOTLINE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    out = subprocess.run([sys.executable, "-m", "hotline", "unblock", sender, "--staff", "坐席001"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "lifted" in out.stdout and redis_client.ttl(f"hotline:block:{sender}") == -2
    from hotline.storage import sql

    rec = ScreeningRecords(sql.engine(env["HOTLINE_DATABASE_URL"])).for_sender(sender)
    assert rec[-1]["verdict"] == "unblocked" and "坐席001" in rec[-1]["reason"]


def _dead_redis():
    import redis as redis_lib

    from stack.processes import free_port

    return redis_lib.Redis(host="127.0.0.1", port=free_port(), socket_connect_timeout=0.5, socket_timeout=0.5)


def test_the_emergency_hand_over_is_recorded_with_redis_down(tmp_path, sender):
    from hotline.storage import sql

    eng = sql.engine(f"sqlite:///{tmp_path / 'gate.db'}")
    records = LinkageRecords(eng)
    gate = Gatekeeper(client=_dead_redis(), records=ScreeningRecords(eng), linkage=LinkageDesk(_dead_redis(), records))
    out = gate.handle(sender, "rest", "十字路口两辆电动车相撞，一个人躺在地上起不来")
    assert out.screening.verdict == "emergency"
    assert "转交" in out.messages[0] and "122" in out.messages[0]
    stored = records.for_sender(sender)
    assert sorted(r["service"] for r in stored) == ["120", "122"]
    assert all(r["stream_id"] is None for r in stored)  # not published yet: a relay can see which


class _FailingRecords(LinkageRecords):
    def __init__(self):
        pass

    def add(self, **kwargs):
        raise RuntimeError("database down")


def test_the_emergency_hand_over_survives_a_failing_database(redis_client, tmp_path, sender):
    spool = tmp_path / "spool.jsonl"
    desk = LinkageDesk(redis_client, _FailingRecords(), spool=spool)
    before = redis_client.xlen(STREAM.format(service="119"))
    handed = desk.hand_over(("110", "119"), "河边有人溺水", location=None, channel="rest", sender_id=sender)
    # both services handed over: on the streams, and in the spool file instead of the database
    assert [h.service for h in handed] == ["110", "119"] and not any(h.stored for h in handed)
    assert redis_client.xlen(STREAM.format(service="119")) == before + 1
    lines = spool.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and '"service": "110"' in lines[0] and '"service": "119"' in lines[1]


def test_the_emergency_hand_over_survives_both_stores_down(tmp_path, sender):
    spool = tmp_path / "spool.jsonl"
    handed = LinkageDesk(_dead_redis(), _FailingRecords(), spool=spool).hand_over(
        ("120",), "我奶奶晕倒了叫不醒", location=None, channel="rest", sender_id=sender)
    assert handed[0].stream_id is None and not handed[0].stored
    assert "我奶奶晕倒了叫不醒" in spool.read_text(encoding="utf-8")
