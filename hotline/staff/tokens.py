"""Bearer tokens of the back office. A token is shown once, when it is made; only its SHA-256 is stored. Tokens
expire and can be revoked; each carries a role and, for a handling unit, the unit's name."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from hotline.clock import utcnow
from hotline.storage import sql
from hotline.workorders.lifecycle import ROLES

PREFIX = "hlt_"


@dataclass(frozen=True)
class Staff:
    token_id: int
    role: str
    unit: str | None
    label: str | None

    @property
    def actor(self) -> str:
        who = self.label or f"token-{self.token_id}"
        return f"{self.role}:{who}" if not self.unit else f"{self.role}:{self.unit}:{who}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Tokens:
    def __init__(self, engine: Engine | None = None):
        self.engine = engine or sql.engine()

    def issue(self, role: str, unit: str | None = None, label: str | None = None, days: float = 30,
              now: datetime | None = None) -> str:
        if role not in ROLES:
            raise ValueError(f"unknown role '{role}', expected one of {', '.join(ROLES)}")
        if role == "handling_unit" and not unit:
            raise ValueError("a handling unit's token needs the unit (--unit)")
        now = now or utcnow()
        token = PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(sql.api_tokens.insert().values(
                token_hash=_hash(token), role=role, unit=unit, label=(label or "")[:100] or None, created_at=now,
                expires_at=now + timedelta(days=days)))
        return token

    def verify(self, token: str | None, now: datetime | None = None) -> Staff | None:
        """The staff member a token belongs to, or None (unknown, expired or revoked)."""
        if not token or not token.startswith(PREFIX) or len(token) > 200:
            return None
        now = now or utcnow()
        with self.engine.connect() as conn:
            row = conn.execute(select(sql.api_tokens).where(sql.api_tokens.c.token_hash == _hash(token))
                               ).mappings().first()
        if row is None or row["revoked_at"] is not None or row["expires_at"] <= now:
            return None
        return Staff(row["id"], row["role"], row["unit"], row["label"])

    def by_id(self, token_id: int, now: datetime | None = None) -> Staff | None:
        """The staff member of a console session (which keeps the token's id, not the token)."""
        now = now or utcnow()
        with self.engine.connect() as conn:
            row = conn.execute(select(sql.api_tokens).where(sql.api_tokens.c.id == token_id)).mappings().first()
        if row is None or row["revoked_at"] is not None or row["expires_at"] <= now:
            return None
        return Staff(row["id"], row["role"], row["unit"], row["label"])

    def revoke(self, token: str, now: datetime | None = None) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(update(sql.api_tokens).where(
                (sql.api_tokens.c.token_hash == _hash(token)) & sql.api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now or utcnow()))
        return result.rowcount == 1
