"""The record (记录) of every message the gate did not simply accept: blocked, masked, referred."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from hotline.clock import utcnow
from hotline.privacy import mask_text
from hotline.storage import sql


class ScreeningRecords:
    def __init__(self, engine: Engine | None = None):
        self.engine = engine or sql.engine()

    def add(self, *, channel: str, sender_id: str, verdict: str, reason: str, text: str,
            services: list[str] | tuple[str, ...] = (), route: str | None = None,
            at: datetime | None = None) -> int:
        with self.engine.begin() as conn:
            return conn.execute(sql.screening_records.insert().values(
                at=at or utcnow(), channel=channel, sender_id=sender_id, verdict=verdict, reason=reason[:300],
                services=list(services), route=route, text_masked=mask_text(text or "")[:4000],
            )).inserted_primary_key[0]

    def for_sender(self, sender_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(sql.screening_records).where(
                sql.screening_records.c.sender_id == sender_id).order_by(sql.screening_records.c.id))
            return [dict(r) for r in rows.mappings()]

    def counts(self) -> dict[tuple[str, str | None], int]:
        """How many messages per verdict (and route): the legal advice given is counted here."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(sql.screening_records.c.verdict, sql.screening_records.c.route,
                                       func.count()).group_by(sql.screening_records.c.verdict,
                                                              sql.screening_records.c.route))
            return {(v, r): n for v, r, n in rows}


class LinkageRecords:
    def __init__(self, engine: Engine | None = None):
        self.engine = engine or sql.engine()

    def add(self, *, service: str, text: str, location: str | None, channel: str, sender_id: str,
            stream_id: str | None, at: datetime) -> int:
        with self.engine.begin() as conn:
            return conn.execute(sql.linkage_records.insert().values(
                at=at, service=service, text=text, location=location, channel=channel, sender_id=sender_id,
                stream_id=stream_id)).inserted_primary_key[0]

    def for_sender(self, sender_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(sql.linkage_records).where(
                sql.linkage_records.c.sender_id == sender_id).order_by(sql.linkage_records.c.id))
            return [dict(r) for r in rows.mappings()]
