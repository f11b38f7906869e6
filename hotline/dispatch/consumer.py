"""Consumer groups on the work-order stream: at-least-once, acknowledged after the handler succeeded, and
entries left pending by a consumer that died are claimed by another after `claim_idle_ms`.

A handler that raises leaves its entry pending (not acknowledged), so it is retried; an entry acknowledged is
never delivered to the same group again."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import redis

from hotline.dispatch.relay import STREAM

log = logging.getLogger(__name__)


class StreamConsumer:
    def __init__(self, client: redis.Redis, group: str, name: str, handler: Callable[[dict[str, Any]], None],
                 stream: str = STREAM, claim_idle_ms: int = 30_000, count: int = 100):
        self.r, self.group, self.name, self.handler = client, group, name, handler
        self.stream, self.claim_idle_ms, self.count = stream, claim_idle_ms, count

    def ensure_group(self) -> None:
        try:
            self.r.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis.ResponseError as e:
            if "BUSYGROUP" not in str(e):
                raise

    def step(self, block_ms: int | None = 1000) -> int:
        """Handles what is due: first entries another consumer left pending too long, then new ones."""
        self.ensure_group()
        handled = 0
        claimed = self.r.xautoclaim(self.stream, self.group, self.name, self.claim_idle_ms, "0-0",
                                    count=self.count)
        entries = list(claimed[1]) if claimed else []
        if not entries:
            got = self.r.xreadgroup(self.group, self.name, {self.stream: ">"}, count=self.count, block=block_ms)
            entries = [e for _, batch in (got or []) for e in batch]
        for entry_id, fields in entries:
            if not fields:  # trimmed away while pending: nothing to deliver
                self.r.xack(self.stream, self.group, entry_id)
                continue
            try:
                self.handler({"id": entry_id, "outbox_id": int(fields["outbox_id"]),
                              **json.loads(fields["event"])})
            except Exception as e:
                log.warning("consumer %s/%s: entry %s not handled (%s); it stays pending", self.group, self.name,
                            entry_id, type(e).__name__)
                continue
            self.r.xack(self.stream, self.group, entry_id)
            handled += 1
        return handled


class AsyncStreamConsumer:
    """The same contract for an async handler (the webhook forwarder), on an asyncio Redis client."""

    def __init__(self, client, group: str, name: str, handler, stream: str = STREAM, claim_idle_ms: int = 30_000,
                 count: int = 50):
        self.r, self.group, self.name, self.handler = client, group, name, handler
        self.stream, self.claim_idle_ms, self.count = stream, claim_idle_ms, count

    async def ensure_group(self) -> None:
        try:
            await self.r.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis.ResponseError as e:
            if "BUSYGROUP" not in str(e):
                raise

    async def step(self, block_ms: int | None = 1000) -> int:
        await self.ensure_group()
        claimed = await self.r.xautoclaim(self.stream, self.group, self.name, self.claim_idle_ms, "0-0",
                                          count=self.count)
        entries = list(claimed[1]) if claimed else []
        if not entries:
            got = await self.r.xreadgroup(self.group, self.name, {self.stream: ">"}, count=self.count, block=block_ms)
            entries = [e for _, batch in (got or []) for e in batch]
        handled = 0
        for entry_id, fields in entries:
            if not fields:
                await self.r.xack(self.stream, self.group, entry_id)
                continue
            try:
                await self.handler({"id": entry_id, "outbox_id": int(fields["outbox_id"]),
                                    **json.loads(fields["event"])})
            except Exception as e:
                log.warning("consumer %s/%s: entry %s not handled (%s); it stays pending", self.group, self.name,
                            entry_id, type(e).__name__)
                continue
            await self.r.xack(self.stream, self.group, entry_id)
            handled += 1
        return handled
