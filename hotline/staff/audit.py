"""The audit trail: every read and every change of a work order by staff, append-only."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from hotline.clock import utcnow
from hotline.storage import sql


class Audit:
    def __init__(self, engine: Engine | None = None):
        self.engine = engine or sql.engine()

    def record(self, actor: str, role: str, action: str, numbers: list[str] | None = None,
               detail: str | None = None) -> None:
        now = utcnow()
        rows = [{"at": now, "actor": actor[:120], "role": role, "action": action, "order_number": n,
                 "detail": (detail or "")[:500] or None} for n in (numbers or [None])]
        with self.engine.begin() as conn:
            conn.execute(sql.audit_log.insert(), rows)

    def for_order(self, number: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(sql.audit_log).where(sql.audit_log.c.order_number == number)
                                .order_by(sql.audit_log.c.id)).mappings().all()
        return [dict(r) for r in rows]
