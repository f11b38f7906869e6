"""The whole stack as real processes: Redis, the action server and two Rasa servers sharing them."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from stack.processes import MODEL, free_port, spawn_rasa, start_action_server, start_redis, wait_rasa

TOKEN = "integration-test-token"


@dataclass
class Stack:
    rasa: list
    actions: object
    redis_url: str
    db_url: str
    token: str = TOKEN

    def say(self, sender: str, text: str, replica: int = 0) -> list[dict]:
        status, body = post(self.rasa[replica].url + "/webhooks/rest/webhook",
                            json.dumps({"sender": sender, "message": text}, ensure_ascii=False).encode())
        assert status == 200, (status, body)
        return json.loads(body)


def post(url: str, data: bytes, content_type: str = "application/json") -> tuple[int, str]:
    req = urllib.request.Request(url, data=data, headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does)")
    tmp = tmp_path_factory.mktemp("stack")
    logs = tmp / "log"
    procs = []
    try:
        redis = start_redis(free_port(), tmp / "redis", logs, persistent=False)
        procs.append(redis)
        actions_port = free_port()
        env = {"REDIS_URL": redis.url, "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook",
               "HOTLINE_DATABASE_URL": f"sqlite:///{tmp / 'hotline.db'}", "HOTLINE_VAR_DIR": str(tmp / "var")}
        # both Rasa servers load their model while the action server starts
        replicas = [spawn_rasa(free_port(), env, logs, token=TOKEN) for _ in range(2)]
        procs += replicas
        procs.append(start_action_server(actions_port, env, logs))
        for r in replicas:
            wait_rasa(r)
        yield Stack(replicas, procs[-1], redis.url, env["HOTLINE_DATABASE_URL"])
    finally:
        for p in reversed(procs):
            p.stop()
