"""Rasa's tracker and lock stores on one REDIS_URL (redis://[:password@]host:port/db).

The tracker store keeps a conversation's current session in one key and appends finished sessions to an
archive list, both expiring after the configured retention. Each turn reads and writes only the current
session, with an asyncio Redis client, so a turn costs the same on the fiftieth session as on the first and
never blocks the event loop. Rasa's own RedisTrackerStore rewrote the whole history on every turn (and read
it back first to merge) with a synchronous client. Writes need no merge: the lock store serialises the turns
of one conversation, on every replica.

Redis down: both stores go on in this process's memory (logged), so citizens are still answered and their
requests still become work orders; a conversation kept in memory is written back to Redis at its next turn once
Redis answers again. Another replica does not see those turns meanwhile (sticky sessions keep a citizen on
one replica)."""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlparse

from rasa.core.lock_store import RedisLockStore, TicketLock
from rasa.core.tracker_store import SerializedTrackerAsText, TrackerStore
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

log = logging.getLogger(__name__)
try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency of rasa
    RedisError = OSError  # type: ignore[misc,assignment]
UNREACHABLE = (RedisError, OSError)


def _redis_kwargs(url: str | None) -> dict[str, Any]:
    url = url or os.environ.get("REDIS_URL")
    if not url:
        raise ValueError("REDIS_URL is not set: `make run` starts a private Redis server and sets it")
    u = urlparse(url)
    if u.scheme not in ("redis", "rediss"):
        raise ValueError(f"REDIS_URL must start with redis:// or rediss://, got {url!r}")
    return {
        "host": u.hostname or "localhost",
        "port": u.port or 6379,
        "db": int((u.path or "/0").lstrip("/") or 0),
        "username": unquote(u.username) if u.username else None,
        "password": unquote(u.password) if u.password else None,
        "use_ssl": u.scheme == "rediss",
    }


def _session_starts(tracker: DialogueStateTracker) -> list[int]:
    return [i for i, e in enumerate(tracker.events)
            if isinstance(e, ActionExecuted) and e.action_name == ACTION_SESSION_START_NAME]


class UrlRedisTrackerStore(TrackerStore, SerializedTrackerAsText):
    def __init__(self, domain, host: str | None = None, event_broker=None, record_exp: float | None = None,
                 key_prefix: str | None = None, **kwargs: Any) -> None:
        import redis.asyncio as aioredis

        kwargs.pop("url", None)
        kw = _redis_kwargs(host)
        self.red = aioredis.Redis(host=kw["host"], port=kw["port"], db=kw["db"], username=kw["username"],
                                  password=kw["password"], ssl=kw["use_ssl"], decode_responses=True,
                                  socket_timeout=5, socket_connect_timeout=5)
        self.record_exp = int(record_exp) if record_exp else None
        self.prefix = f"{key_prefix or 'tracker'}:"
        self._local: dict[str, DialogueStateTracker] = {}  # conversations kept here while Redis is down
        super().__init__(domain, event_broker, **kwargs)

    def _current(self, sender_id: str) -> str:
        return f"{self.prefix}{sender_id}"

    def _archive(self, sender_id: str) -> str:
        return f"{self.prefix}{sender_id}:archive"

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        try:
            await self._save(tracker)
            self._local.pop(tracker.sender_id, None)
        except UNREACHABLE as e:
            log.error("tracker store: Redis unreachable (%s); conversation %s kept in memory",
                      type(e).__name__, tracker.sender_id[:6] + "…")
            self._local[tracker.sender_id] = tracker.copy()

    async def _save(self, tracker: DialogueStateTracker) -> None:
        starts = _session_starts(tracker)
        events = [e.as_dict() for e in tracker.events]
        pipe = self.red.pipeline(transaction=True)
        if len(starts) > 1 or (starts and starts[0] > 0):
            # a new session began in this turn: what came before it is archived, the session is kept
            cut = starts[-1]
            pipe.rpush(self._archive(tracker.sender_id), json.dumps(events[:cut]))
            if self.record_exp:
                pipe.expire(self._archive(tracker.sender_id), self.record_exp)
            events = events[cut:]
        pipe.set(self._current(tracker.sender_id), json.dumps({"events": events, "name": tracker.sender_id}),
                 ex=self.record_exp)
        await pipe.execute()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        kept = self._local.get(sender_id)
        if kept is not None:
            return kept.copy()  # newer than Redis's copy; written back at the end of this turn
        try:
            stored = await self.red.get(self._current(sender_id))
        except UNREACHABLE as e:
            log.error("tracker store: Redis unreachable (%s); the conversation starts afresh", type(e).__name__)
            return None
        return None if stored is None else self.deserialise_tracker(sender_id, stored)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        stored = await self.red.get(self._current(sender_id))
        archived = await self.red.lrange(self._archive(sender_id), 0, -1)
        if stored is None and not archived:
            return None
        events = [e for chunk in archived for e in json.loads(chunk)]
        events += json.loads(stored)["events"] if stored else []
        return self.deserialise_tracker(sender_id, json.dumps({"events": events, "name": sender_id}))

    async def keys(self) -> Iterable[str]:
        return [k[len(self.prefix):] async for k in self.red.scan_iter(f"{self.prefix}*")
                if not k.endswith(":archive")]


class UrlRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        url = endpoint_config.url if endpoint_config else None
        extra = dict(endpoint_config.kwargs) if endpoint_config else {}
        kw = _redis_kwargs(url)
        # the lock store keeps to its own database number when one is given
        if "db" in extra:
            kw["db"] = int(extra.pop("db"))
        super().__init__(key_prefix=extra.get("key_prefix"), **kw)
        self._local: dict[str, TicketLock] = {}  # locks held here while Redis is down

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        try:
            return super().get_lock(conversation_id)
        except UNREACHABLE:
            return self._local.get(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self._local.pop(conversation_id, None)
        try:
            super().delete_lock(conversation_id)
        except UNREACHABLE:
            pass

    def save_lock(self, lock: TicketLock) -> None:
        try:
            super().save_lock(lock)
        except UNREACHABLE as e:
            log.error("lock store: Redis unreachable (%s); lock kept in memory", type(e).__name__)
            self._local[lock.conversation_id] = lock
