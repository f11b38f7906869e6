"""The webhook forwarder: every work-order event POSTed to a configured URL, signed, retried, and parked in a
dead-letter list when the receiver keeps failing (staff replay it from the back office).

Signature: `X-Hotline-Signature: sha256=<hex>` where hex = HMAC-SHA256(secret, "<timestamp>.<body>") and
timestamp is the `X-Hotline-Timestamp` header (seconds); a receiver recomputes it and refuses old timestamps.
`X-Hotline-Event` names the event (number:seq) so a receiver can ignore a repeat (delivery is at least once)."""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import aiohttp

log = logging.getLogger(__name__)
DEAD_LETTERS = "hotline:webhook:dead"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str, timestamp: str, body: bytes, signature: str, max_age: float = 300,
           now: float | None = None) -> bool:
    try:
        age = (now or time.time()) - float(timestamp)
    except ValueError:
        return False
    return abs(age) <= max_age and hmac.compare_digest(sign(secret, timestamp, body), signature or "")


@dataclass
class WebhookForwarder:
    url: str
    secret: str
    redis: Any  # redis.asyncio client, for the dead-letter list
    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    timeout: float = 10.0
    dead_letters: str = DEAD_LETTERS

    async def post(self, session: aiohttp.ClientSession, event: dict[str, Any]) -> None:
        """One delivery attempt; raises when the receiver does not answer 2xx."""
        body = json.dumps(event, ensure_ascii=False, sort_keys=True).encode()
        timestamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", "X-Hotline-Timestamp": timestamp,
                   "X-Hotline-Signature": sign(self.secret, timestamp, body),
                   "X-Hotline-Event": f"{event.get('number')}:{event.get('seq')}"}
        async with session.post(self.url, data=body, headers=headers,
                                timeout=aiohttp.ClientTimeout(total=self.timeout)) as r:
            if not 200 <= r.status < 300:
                raise RuntimeError(f"receiver answered {r.status}")

    async def deliver(self, event: dict[str, Any]) -> bool:
        """Tries with exponential back-off; parks the event in the dead-letter list after the last attempt.
        Returns True when delivered (parking also counts as handled: the stream entry is acknowledged)."""
        event = {k: v for k, v in event.items() if k not in ("id", "outbox_id")}
        error = ""
        async with aiohttp.ClientSession() as session:
            for attempt in range(self.attempts):
                try:
                    await self.post(session, event)
                    return True
                except (aiohttp.ClientError, asyncio.TimeoutError, RuntimeError) as e:
                    error = f"{type(e).__name__}: {e}"
                    if attempt + 1 < self.attempts:
                        await asyncio.sleep(min(self.max_delay, self.base_delay * 2 ** attempt))
        log.error("webhook: %s:%s parked after %d attempts (%s)", event.get("number"), event.get("seq"),
                  self.attempts, error)
        await self.redis.rpush(self.dead_letters, json.dumps({"event": event, "error": error, "attempts": self.attempts,
                                                         "parked_at": int(time.time())}, ensure_ascii=False))
        return False

    async def replay_dead(self, limit: int = 100) -> tuple[int, int]:
        """Sends the parked events again, oldest first; returns (delivered, still dead)."""
        delivered = failed = 0
        for _ in range(limit):
            raw = await self.redis.lpop(self.dead_letters)
            if raw is None:
                break
            if await self.deliver(json.loads(raw)["event"]):
                delivered += 1
            else:
                failed += 1  # deliver() parked it again, at the end of the list
        return delivered, failed
