"""Rasa's Redis tracker and lock stores configured from one REDIS_URL (redis://[:password@]host:port/db)."""
from __future__ import annotations

import os
from typing import Any
from urllib.parse import unquote, urlparse

from rasa.core.lock_store import RedisLockStore
from rasa.core.tracker_store import RedisTrackerStore
from rasa.utils.endpoints import EndpointConfig


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


class UrlRedisTrackerStore(RedisTrackerStore):
    def __init__(self, domain, host: str | None = None, event_broker=None, record_exp: float | None = None,
                 key_prefix: str | None = None, **kwargs: Any) -> None:
        kwargs.pop("url", None)
        super().__init__(domain, event_broker=event_broker, record_exp=record_exp, key_prefix=key_prefix,
                         **_redis_kwargs(host))


class UrlRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        url = endpoint_config.url if endpoint_config else None
        extra = dict(endpoint_config.kwargs) if endpoint_config else {}
        kw = _redis_kwargs(url)
        # the lock store keeps to its own database number when one is given
        if "db" in extra:
            kw["db"] = int(extra.pop("db"))
        super().__init__(key_prefix=extra.get("key_prefix"), **kw)
