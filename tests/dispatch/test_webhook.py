"""The webhook forwarder against a real local HTTP receiver: signature, retries, dead letters, replay."""
from __future__ import annotations

import json

import pytest
import redis.asyncio as aioredis
from aiohttp import web

from hotline.dispatch.webhook import DEAD_LETTERS, WebhookForwarder, sign, verify

SECRET = "s3cret"
EVENT = {"number": "HN20261204123456", "seq": 3, "action": "assign", "status_after": "assigned"}


class Receiver:
    """Answers 500 for the first `failures` requests, then 200; keeps what it accepted, checking signatures."""

    def __init__(self, failures: int = 0):
        self.failures, self.seen, self.accepted, self.bad_signatures = failures, 0, [], 0

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.seen += 1
        if not verify(SECRET, request.headers.get("X-Hotline-Timestamp", ""), body,
                      request.headers.get("X-Hotline-Signature", "")):
            self.bad_signatures += 1
            return web.Response(status=401)
        if self.seen <= self.failures:
            return web.Response(status=500)
        self.accepted.append((request.headers["X-Hotline-Event"], json.loads(body)))
        return web.Response(status=204)


@pytest.fixture
async def receiver_url():
    receivers = []

    async def start(failures: int = 0):
        rec = Receiver(failures)
        app = web.Application()
        app.router.add_post("/hook", rec.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        receivers.append(runner)
        return rec, f"http://127.0.0.1:{port}/hook"

    yield start
    for runner in receivers:
        await runner.cleanup()


@pytest.fixture
async def aredis(redis_server):
    client = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    yield client
    await client.close()


@pytest.fixture
def dead(key_prefix) -> str:
    return f"{key_prefix}:{DEAD_LETTERS}"


def test_the_signature_is_checked_for_body_secret_and_age():
    body = b'{"a": 1}'
    good = sign(SECRET, "1000", body)
    assert verify(SECRET, "1000", body, good, now=1010)
    assert not verify(SECRET, "1000", b'{"a": 2}', good, now=1010)
    assert not verify("other", "1000", body, good, now=1010)
    assert not verify(SECRET, "1000", body, good, now=5000)  # too old: a replay


async def test_a_delivery_is_signed_and_retried_until_it_is_accepted(receiver_url, aredis, dead):
    rec, url = await receiver_url(failures=2)
    fwd = WebhookForwarder(url, SECRET, aredis, attempts=4, base_delay=0.01, dead_letters=dead)
    assert await fwd.deliver(EVENT)
    assert rec.seen == 3 and rec.bad_signatures == 0
    assert rec.accepted == [("HN20261204123456:3", EVENT)]
    assert await aredis.llen(dead) == 0


async def test_a_receiver_that_keeps_failing_parks_the_event_and_staff_can_replay_it(receiver_url, aredis, dead):
    rec, url = await receiver_url(failures=10**6)
    fwd = WebhookForwarder(url, SECRET, aredis, attempts=3, base_delay=0.01, dead_letters=dead)
    assert not await fwd.deliver(EVENT)
    assert rec.seen == 3 and await aredis.llen(dead) == 1
    rec.failures = 0  # the receiver is fixed
    delivered, still_dead = await fwd.replay_dead()
    assert (delivered, still_dead) == (1, 0) and rec.accepted[-1][1] == EVENT
    assert await aredis.llen(dead) == 0


async def test_a_wrong_secret_is_refused_by_the_receiver(receiver_url, aredis, dead):
    rec, url = await receiver_url()
    fwd = WebhookForwarder(url, "not-the-secret", aredis, attempts=2, base_delay=0.01, dead_letters=dead)
    assert not await fwd.deliver(EVENT)
    assert rec.bad_signatures == 2 and rec.accepted == []
