"""The outbox relay: every work-order event is written to the SQL outbox in the transaction that makes it;
this relay publishes the entries, in order, to the Redis Stream `hotline:workorders`.

Each entry is published with the stream ID `0-<outbox id>`, so publishing it twice is impossible: Redis refuses
an ID that is not above the stream's last one, and the relay takes that as "already there" (a relay that
crashed between publishing and marking). One relay publishes at a time (a lease in Redis), so replicas of the
back office can all run one. Redis down: entries wait in SQL and go out when it is back."""
from __future__ import annotations

import json
import logging
import os
import socket
from datetime import datetime

import redis
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from hotline.clock import utcnow
from hotline.storage import sql

log = logging.getLogger(__name__)
STREAM = "hotline:workorders"
LEASE_KEY = "hotline:outbox:relay"


class OutboxRelay:
    def __init__(self, engine: Engine, client: redis.Redis, batch: int = 200, lease_seconds: int = 10,
                 maxlen: int = 1_000_000):
        self.engine, self.r, self.batch, self.lease, self.maxlen = engine, client, batch, lease_seconds, maxlen
        self.me = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"

    def _hold_lease(self) -> bool:
        if self.r.set(LEASE_KEY, self.me, nx=True, ex=self.lease):
            return True
        if self.r.get(LEASE_KEY) == self.me:
            self.r.expire(LEASE_KEY, self.lease)
            return True
        return False

    def publish_pending(self, now: datetime | None = None) -> int:
        """Publishes what is waiting; returns how many entries went out (0 when another relay holds the lease).
        Raises redis.RedisError when Redis is down (the entries stay in SQL)."""
        if not self._hold_lease():
            return 0
        with self.engine.connect() as conn:
            rows = conn.execute(select(sql.outbox.c.id, sql.outbox.c.payload)
                                .where(sql.outbox.c.published_at.is_(None))
                                .order_by(sql.outbox.c.id).limit(self.batch)).all()
        published = 0
        for outbox_id, payload in rows:
            stream_id = f"0-{outbox_id}"
            try:
                self.r.xadd(STREAM, {"outbox_id": str(outbox_id), "event": json.dumps(payload, ensure_ascii=False)},
                            id=stream_id, maxlen=self.maxlen, approximate=True)
            except redis.ResponseError as e:
                if "equal or smaller" not in str(e):
                    raise
                log.info("outbox %s was already on the stream (a relay stopped before marking it)", outbox_id)
            with self.engine.begin() as conn:
                conn.execute(update(sql.outbox).where(sql.outbox.c.id == outbox_id)
                             .values(published_at=now or utcnow(), stream_id=stream_id))
            published += 1
        return published

    def pending(self) -> int:
        from sqlalchemy import func

        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(sql.outbox)
                                .where(sql.outbox.c.published_at.is_(None))).scalar_one()
