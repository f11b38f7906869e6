"""No lost emergency: the hand-over is recorded and the citizen told to call, with the action server down
from the start and with Redis stopped mid-conversation."""
from __future__ import annotations

import json

import pytest

from hotline.screening.records import LinkageRecords
from hotline.storage import sql
from stack.processes import MODEL, free_port, spawn_rasa, start_redis, wait_rasa
from tests.integration.conftest import TOKEN, post


@pytest.fixture(scope="module")
def lone_rasa(tmp_path_factory):
    """A Rasa server whose action server never answers, on a Redis this test can stop."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does)")
    tmp = tmp_path_factory.mktemp("faults")
    redis = start_redis(free_port(), tmp / "redis", tmp / "log", persistent=False)
    env = {"REDIS_URL": redis.url, "ACTION_SERVER_URL": f"http://127.0.0.1:{free_port()}/webhook",
           "HOTLINE_DATABASE_URL": f"sqlite:///{tmp / 'hotline.db'}", "HOTLINE_VAR_DIR": str(tmp / "var")}
    rasa = wait_rasa(spawn_rasa(free_port(), env, tmp / "log", token=TOKEN))
    yield rasa, redis, env
    rasa.stop()
    redis.stop()


def say(rasa, sender: str, text: str) -> tuple[int, str]:
    status, body = post(rasa.url + "/webhooks/rest/webhook",
                        json.dumps({"sender": sender, "message": text}, ensure_ascii=False).encode())
    return status, "\n".join(m.get("text") or "" for m in json.loads(body))


def linkages(env, sender: str) -> list[dict]:
    return LinkageRecords(sql.engine(env["HOTLINE_DATABASE_URL"])).for_sender(sender)


def test_an_emergency_is_told_and_handed_over_with_the_action_server_down(lone_rasa):
    rasa, _, env = lone_rasa
    status, reply = say(rasa, "fault-1", "厂房着火了，火苗窜得很高，里面还有人")
    assert status == 200
    assert "请立即拨打119" in reply or "请您立即拨打119" in reply, reply
    assert [r["service"] for r in linkages(env, "fault-1")] == ["119"]


def test_an_emergency_is_told_and_handed_over_with_redis_stopped(lone_rasa):
    rasa, redis, env = lone_rasa
    redis.stop()
    status, reply = say(rasa, "fault-2", "十字路口两辆电动车相撞，一个人躺在地上起不来")
    assert "122" in reply and "120" in reply, (status, reply)
    stored = linkages(env, "fault-2")
    assert sorted(r["service"] for r in stored) == ["120", "122"]
    assert all(r["stream_id"] is None for r in stored)  # Redis was down: the relay will publish these
