"""What the gate remembers about a sender, in Redis so that every server replica agrees:
abuse strikes and blocks, and how long a conversation has gone without substance."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

import redis


def redis_client(url: str | None = None) -> redis.Redis:
    url = url or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5, decode_responses=True)


@dataclass(frozen=True)
class GuardSettings:
    strikes_to_block: int = 3
    strike_window_seconds: int = 600
    block_seconds: int = 1800
    block_notice_every_seconds: int = 60
    close_after_messages: int = 4
    close_after_minutes: float = 10

    @classmethod
    def from_policy(cls, values: dict[str, float]) -> GuardSettings:
        return cls(**values)


class Guard:
    def __init__(self, client: redis.Redis, settings: GuardSettings, prefix: str = "hotline"):
        self.r, self.s, self.prefix = client, settings, prefix

    def _k(self, kind: str, sender: str) -> str:
        return f"{self.prefix}:{kind}:{sender}"

    # -- abuse
    def block_remaining(self, sender: str) -> int:
        """Seconds left of the sender's block, 0 when not blocked."""
        ttl = self.r.ttl(self._k("block", sender))
        return max(0, ttl) if ttl is not None else 0

    def strike(self, sender: str) -> bool:
        """Counts one abusive message; True when this one starts a block."""
        key = self._k("strikes", sender)
        pipe = self.r.pipeline()
        # the window starts with the first strike (SET NX EX works on Redis 6 too, unlike EXPIRE NX)
        pipe.set(key, 0, nx=True, ex=self.s.strike_window_seconds)
        pipe.incr(key)
        count = pipe.execute()[1]
        if count >= self.s.strikes_to_block:
            pipe = self.r.pipeline()
            pipe.set(self._k("block", sender), int(time.time()), ex=self.s.block_seconds)
            pipe.delete(key)
            pipe.execute()
            return True
        return False

    def notice_due(self, sender: str) -> bool:
        """During a block the notice is repeated at most once per block_notice_every_seconds."""
        if self.s.block_notice_every_seconds <= 0:
            return True
        return bool(self.r.set(self._k("blocknotice", sender), 1, nx=True,
                               ex=self.s.block_notice_every_seconds))

    def lift(self, sender: str) -> bool:
        """Staff lift a block; True when there was one."""
        return bool(self.r.delete(self._k("block", sender), self._k("strikes", sender),
                                  self._k("blocknotice", sender)))

    # -- substance
    def without_substance(self, sender: str, now: float | None = None) -> bool:
        """Counts one message without substance; True when the conversation should now be closed."""
        now = time.time() if now is None else now
        key = self._k("nosubstance", sender)
        pipe = self.r.pipeline()
        pipe.hsetnx(key, "since", now)
        pipe.hincrby(key, "count", 1)
        pipe.hget(key, "since")
        pipe.expire(key, int(self.s.close_after_minutes * 60) + 3600)
        _, count, since, _ = pipe.execute()
        too_many = count >= self.s.close_after_messages
        too_long = now - float(since) >= self.s.close_after_minutes * 60
        if too_many or too_long:
            self.r.delete(key)
            return True
        return False

    def substance(self, sender: str) -> None:
        self.r.delete(self._k("nosubstance", sender))
