"""A scripted dispatcher, handling unit and supervisor (the back office's HTTP API, with tokens from
`python -m hotline token`) and a scripted citizen (the REST channel) drive one order through every state, all as
real processes. Redis is stopped in the middle and started again: the staff's and the citizen's changes are
still taken and stored, and a consumer group receives every event of the order exactly once."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
import redis as redis_lib

from hotline.dispatch.relay import STREAM
from hotline.paths import ROOT
from hotline.storage import sql
from hotline.workorders.orders import WorkOrders
from stack.processes import (
    MODEL,
    free_port,
    spawn_rasa,
    start_action_server,
    start_backoffice,
    start_redis,
    wait_rasa,
)
from tests.integration.conftest import TOKEN, Stack
from tests.integration.test_stack import complete_intake, texts

UNIT = "金水区城市管理局"
STATES = {"registered", "accepted", "assigned", "replied", "feedback", "evaluated", "reopened", "closed"}


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does)")
    tmp = tmp_path_factory.mktemp("office")
    logs = tmp / "log"
    procs = []
    try:
        redis_port = free_port()
        # persistent (AOF), as `make run` starts it: a restart keeps the stream and its consumer groups
        redis = start_redis(redis_port, tmp / "redis", logs, persistent=True)
        procs.append(redis)
        actions_port = free_port()
        env = {"REDIS_URL": redis.url, "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook",
               "HOTLINE_DATABASE_URL": f"sqlite:///{tmp / 'hotline.db'}", "HOTLINE_VAR_DIR": str(tmp / "var")}
        rasa = spawn_rasa(free_port(), env, logs, token=TOKEN)
        procs.append(rasa)
        procs.append(start_action_server(actions_port, env, logs))
        office = start_backoffice(free_port(), env, logs)
        procs.append(office)
        wait_rasa(rasa)
        yield {"stack": Stack([rasa], procs[2], redis.url, env["HOTLINE_DATABASE_URL"]), "office": office,
               "redis": redis, "redis_port": redis_port, "env": env, "tmp": tmp, "logs": logs}
    finally:
        for p in reversed(procs):
            p.stop()


def token(env: dict, role: str, unit: str | None = None) -> str:
    """A token as an administrator makes one: `python -m hotline token --role ROLE [--unit UNIT]`."""
    cmd = [sys.executable, "-m", "hotline", "token", "--role", role] + (["--unit", unit] if unit else [])
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env}, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout.strip().splitlines()[-1].split()[-1]


def call(office, method: str, path: str, tok: str, body: dict | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(office.url + path, method=method,
                                 data=json.dumps(body, ensure_ascii=False).encode() if body is not None else None,
                                 headers={"Authorization": f"Bearer {tok}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def test_an_order_through_every_state_with_redis_stopped_and_started(office):
    stack, env = office["stack"], office["env"]
    group = redis_lib.Redis.from_url(stack.redis_url, decode_responses=True)
    group.xgroup_create(STREAM, "scripted-check", id="0", mkstream=True)
    dispatcher, supervisor = token(env, "dispatcher"), token(env, "supervisor")
    unit = token(env, "handling_unit", UNIT)

    def act(tok: str, action: str, note: str | None = None, **data) -> dict:
        status, body = call(office["office"], "POST", f"/api/v1/workorders/{number}/events", tok,
                            {"action": action, "note": note, "data": data})
        assert status == 200, (action, status, body)
        return body

    # the citizen files the request over the REST channel
    citizen, tel = f"flow-{uuid.uuid4().hex[:8]}", f"135{uuid.uuid4().int % 10**8:08d}"
    number, transcript = complete_intake(stack, citizen, "花园路农业路口的路灯坏了一个星期了，晚上黑乎乎的",
                                         {"联系电话": tel, "格式好像不对": tel})
    assert number, transcript
    status, page = call(office["office"], "GET", "/api/v1/workorders?status=accepted&per_page=100", dispatcher)
    assert status == 200 and number in [o["number"] for o in page["items"]]
    status, record = call(office["office"], "GET", f"/api/v1/workorders/{number}", dispatcher)
    assert record["status"] == "accepted" and record["transcript"] and record["citizen"]["phone"] == tel

    act(dispatcher, "assign", unit=UNIT)
    assert act(unit, "return", "路灯归市政设施中心管理，不属于我单位")["status"] == "accepted"
    act(dispatcher, "assign", "请城管局协调市政设施中心办理", unit=UNIT)
    assert act(supervisor, "supervise", "群众反映强烈，请加快办理")["supervised"] is True

    office["redis"].stop()  # -- Redis down: changes are still taken and stored
    assert act(unit, "reply", reply="已更换灯泡，恢复照明")["status"] == "replied"
    assert act(dispatcher, "feedback", "电话回访，市民称灯又不亮了")["status"] == "feedback"
    reply = texts(stack.say(citizen, "不满意，路灯还是不亮"))
    assert "重新交办" in reply, reply
    assert WorkOrders(sql.engine(stack.db_url)).get(number)["status"] == "reopened"
    office["redis"] = start_redis(office["redis_port"], office["tmp"] / "redis", office["logs"], persistent=True)

    assert act(unit, "reply", reply="已更换整套灯具并加装漏电保护")["status"] == "replied"
    reply = texts(stack.say(citizen, "满意"))
    assert "已记录" in reply and "满意" in reply, reply
    assert act(dispatcher, "close", "市民满意，办结")["status"] == "closed"

    status, record = call(office["office"], "GET", f"/api/v1/workorders/{number}", dispatcher)
    seen = {h["status_after"] for h in record["history"]}
    assert seen >= STATES, seen
    assert record["evaluation"] == "满意" and record["latest_reply"] == "已更换整套灯具并加装漏电保护"

    # every event of the order reaches the consumer group, each once
    expected = {h["seq"] for h in record["history"]}
    got: list[int] = []
    deadline = time.monotonic() + 60
    while set(got) != expected and time.monotonic() < deadline:
        for _, entries in group.xreadgroup("scripted-check", "c1", {STREAM: ">"}, count=100, block=2000) or []:
            for entry_id, fields in entries:
                event = json.loads(fields["event"])
                if event["number"] == number:
                    got.append(event["seq"])
                group.xack(STREAM, "scripted-check", entry_id)
    assert sorted(got) == sorted(expected), (sorted(got), sorted(expected))
    assert len(got) == len(set(got))
    assert group.xpending(STREAM, "scripted-check")["pending"] == 0

    # the Open311 view of the closed order, as a GeoReport v2 client reads it
    with urllib.request.urlopen(f"{office['office'].url}/open311/v2/requests/{number}.json", timeout=30) as r:
        (request,) = json.loads(r.read())
    assert request["service_request_id"] == number and request["status"] == "closed"
    assert request["agency_responsible"] == UNIT


def test_a_request_filed_while_redis_is_down_is_stored_and_delivered_later(office):
    stack = office["stack"]
    group = redis_lib.Redis.from_url(stack.redis_url, decode_responses=True)
    group.xgroup_create(STREAM, "outage-check", id="$", mkstream=True)
    office["redis"].stop()
    try:
        citizen, tel = f"outage-{uuid.uuid4().hex[:8]}", f"136{uuid.uuid4().int % 10**8:08d}"
        number, transcript = complete_intake(stack, citizen, "小区门口的雨水井盖丢了，晚上有人差点掉进去",
                                             {"联系电话": tel, "格式好像不对": tel})
        assert number, transcript  # the whole intake ran on the in-memory stores
        assert WorkOrders(sql.engine(stack.db_url)).get(number)["sender_id"] == citizen
    finally:
        office["redis"] = start_redis(office["redis_port"], office["tmp"] / "redis", office["logs"], persistent=True)
    got = []
    deadline = time.monotonic() + 60
    while len(got) < 2 and time.monotonic() < deadline:
        for _, entries in group.xreadgroup("outage-check", "c1", {STREAM: ">"}, count=100, block=2000) or []:
            for entry_id, fields in entries:
                event = json.loads(fields["event"])
                if event["number"] == number:
                    got.append(event["action"])
                group.xack(STREAM, "outage-check", entry_id)
    assert got == ["register", "accept"]
