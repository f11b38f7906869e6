"""The back-office application and its background work: the outbox relay (events to Redis Streams), the SLA
supervision scan, and, when HOTLINE_WEBHOOK_URL is set, the signed webhook forwarder."""
from __future__ import annotations

import asyncio
import logging
import os
import secrets
from pathlib import Path

import redis
import redis.asyncio as aioredis
from aiohttp import web

from backoffice import api, console, open311
from hotline.dispatch.consumer import AsyncStreamConsumer
from hotline.dispatch.relay import OutboxRelay
from hotline.dispatch.webhook import WebhookForwarder
from hotline.logs import protect_logs
from hotline.paths import var_dir
from hotline.staff.audit import Audit
from hotline.staff.tokens import Tokens
from hotline.storage import sql
from hotline.workorders.orders import WorkOrders
from hotline.workorders.routing import routing_table
from hotline.workorders.supervision import scan

log = logging.getLogger(__name__)


def console_secret() -> str:
    """HOTLINE_CONSOLE_SECRET, else one generated once into var/console-secret (0600)."""
    secret = os.environ.get("HOTLINE_CONSOLE_SECRET")
    if secret:
        return secret
    path = var_dir() / "console-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(32))
    return Path(path).read_text().strip()


async def relay_loop(app: web.Application) -> None:
    relay: OutboxRelay = app["relay"]
    while True:
        try:
            while await asyncio.to_thread(relay.publish_pending):
                pass
        except (redis.RedisError, OSError) as e:  # Redis down: the outbox keeps everything until it is back
            log.warning("outbox relay waiting for Redis (%s)", type(e).__name__)
        except Exception:
            log.exception("outbox relay")
        app["wake_relay"].clear()
        try:
            await asyncio.wait_for(app["wake_relay"].wait(), timeout=app["relay_every"])
        except asyncio.TimeoutError:
            pass


async def supervision_loop(app: web.Application) -> None:
    while True:
        try:
            result = await asyncio.to_thread(scan, app["orders"])
            if result.supervised:
                log.info("supervision: %d orders past their deadline supervised", len(result.supervised))
                app["wake_relay"].set()
        except Exception:
            log.exception("supervision scan")
        await asyncio.sleep(app["scan_every"])


async def webhook_loop(app: web.Application, forwarder: WebhookForwarder) -> None:
    consumer = AsyncStreamConsumer(app["aredis"], "webhook", f"backoffice-{os.getpid()}", forwarder.deliver)
    while True:
        try:
            await consumer.step(block_ms=2000)
        except (redis.RedisError, OSError) as e:
            log.warning("webhook forwarder waiting for Redis (%s)", type(e).__name__)
            await asyncio.sleep(2)


async def start_background(app: web.Application) -> None:
    app["tasks"] = [asyncio.create_task(relay_loop(app)), asyncio.create_task(supervision_loop(app))]
    url = os.environ.get("HOTLINE_WEBHOOK_URL")
    if url:
        secret = os.environ.get("HOTLINE_WEBHOOK_SECRET")
        if not secret:
            raise RuntimeError("HOTLINE_WEBHOOK_URL is set without HOTLINE_WEBHOOK_SECRET (the signing key)")
        app["forwarder"] = WebhookForwarder(url, secret, app["aredis"])
        app["tasks"].append(asyncio.create_task(webhook_loop(app, app["forwarder"])))


async def stop_background(app: web.Application) -> None:
    for task in app.get("tasks", []):
        task.cancel()
    await asyncio.gather(*app.get("tasks", []), return_exceptions=True)
    await app["aredis"].close()


def create_app(database_url: str | None = None, redis_url: str | None = None, relay_every: float = 1.0,
               scan_every: float = 60.0) -> web.Application:
    protect_logs()
    engine = sql.engine(database_url)
    redis_url = redis_url or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    app = web.Application(client_max_size=256 * 1024)
    app["orders"] = WorkOrders(engine)
    app["tokens"] = Tokens(engine)
    app["audit"] = Audit(engine)
    app["secret"] = console_secret()
    app["relay"] = OutboxRelay(engine, redis.Redis.from_url(redis_url, decode_responses=True, socket_timeout=5,
                                                            socket_connect_timeout=2))
    app["aredis"] = aioredis.Redis.from_url(redis_url, decode_responses=True, socket_timeout=5, socket_connect_timeout=2)
    app["wake_relay"] = asyncio.Event()
    app["relay_every"], app["scan_every"] = relay_every, scan_every
    app["units"] = sorted({r[2] for r in routing_table().rules})
    api.routes(app)
    open311.routes(app)
    console.routes(app)
    app.on_startup.append(start_background)
    app.on_cleanup.append(stop_background)
    return app
