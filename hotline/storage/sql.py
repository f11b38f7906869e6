"""The work-order store: SQLAlchemy Core tables on SQLite (default, under var/) or any
HOTLINE_DATABASE_URL, PostgreSQL included. The schema is changed only by the Alembic migrations in
hotline/storage/migrations/, run when a process first opens the database (or by `python -m hotline migrate`)."""
from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
)
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool

from hotline.paths import var_dir
from hotline.workorders.record import FIELD_LIMITS as L

metadata = MetaData()

work_orders = Table(
    "work_orders", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("number", String(L["number"]), nullable=False, unique=True),
    # the same submission retried (network, Rasa retry, double click) must find its first order
    Column("idempotency_key", String(L["idempotency_key"]), nullable=False, unique=True),
    Column("channel", String(L["channel"]), nullable=False),
    Column("sender_id", String(L["sender_id"]), nullable=False, index=True),
    Column("citizen_name", String(L["citizen_name"])),
    Column("phone", String(L["phone"]), index=True),  # the same citizen's earlier orders (history rules)
    Column("id_number", String(L["id_number"])),
    Column("confidential", Boolean, nullable=False, default=False),
    Column("reply_wanted", Boolean, nullable=False, default=True),
    Column("request_type", String(20), nullable=False),
    Column("category_l1", String(40), nullable=False),
    Column("category_l2", String(60), nullable=False),
    Column("category_l3", String(60), nullable=False),
    Column("category_source", String(20), nullable=False),  # predicted | citizen
    Column("category_confidence", Float),
    Column("title", String(L["title"]), nullable=False),
    Column("description", Text, nullable=False),
    Column("city", String(L["city"])),
    Column("district", String(L["district"])),
    Column("street", String(L["street"])),
    Column("estate", String(L["estate"])),
    Column("address", String(L["address"])),
    Column("location_text", String(L["location_text"])),
    Column("occurred_text", String(L["occurred_text"])),
    Column("occurred_at", DateTime),
    Column("attachments", JSON, nullable=False),
    Column("screening", JSON, nullable=False),
    Column("related", JSON, nullable=False),
    Column("handling_unit", String(L["handling_unit"]), nullable=False),
    Column("sla_deadline", DateTime, nullable=False),
    Column("status", String(20), nullable=False),
    Column("supervised", Boolean, nullable=False, default=False),
    Column("latest_reply", Text),
    Column("transcript_ref", String(L["transcript_ref"])),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    # optimistic versioning: every change bumps it, a change made on a stale copy is refused
    Column("version", Integer, nullable=False, server_default="1"),
    Column("evaluation", String(20)),  # 满意 | 基本满意 | 不满意, the latest
    Column("transcript", JSON),  # the intake conversation as the citizen and the bot said it
    Index("ix_work_orders_status_deadline", "status", "sla_deadline"),
)

# append-only: no code path updates or deletes a row here
work_order_events = Table(
    "work_order_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_id", Integer, ForeignKey("work_orders.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("action", String(30), nullable=False),
    Column("status_before", String(20)),
    Column("status_after", String(20), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("note", Text),
    Column("at", DateTime, nullable=False),
    Column("role", String(30)),
    Column("data", JSON),  # what the action carried: the unit assigned, the reply, the evaluation, a mediation
    UniqueConstraint("order_id", "seq", name="uq_event_seq"),
)

# written in the same transaction as the event it announces; a relay publishes it to Redis Streams
outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_number", String(L["number"]), nullable=False),
    Column("event_seq", Integer, nullable=False),
    Column("action", String(30), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("published_at", DateTime),
    Column("stream_id", String(40)),
    Index("ix_outbox_unpublished", "published_at", "id"),
)

# bearer tokens of the back office: only a hash is kept
api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("unit", String(L["handling_unit"])),
    Column("label", String(100)),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)

# who read or changed which order, when (append-only)
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(120), nullable=False),
    Column("role", String(20), nullable=False),
    Column("action", String(40), nullable=False),
    Column("order_number", String(L["number"])),
    Column("detail", String(500)),
    Index("ix_audit_order", "order_number", "at"),
)

screening_records = Table(
    "screening_records", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("channel", String(40), nullable=False),
    Column("sender_id", String(200), nullable=False),
    Column("verdict", String(20), nullable=False),  # a screening verdict, or blocked / session_closed
    Column("reason", String(300), nullable=False),
    Column("services", JSON, nullable=False),
    Column("route", String(40)),
    Column("text_masked", Text, nullable=False),  # abusive words and personal data masked
    Index("ix_screening_sender_at", "sender_id", "at"),
)

linkage_records = Table(
    "linkage_records", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("service", String(3), nullable=False),
    Column("text", Text, nullable=False),
    Column("location", String(500)),
    Column("channel", String(40), nullable=False),
    Column("sender_id", String(200), nullable=False),
    Column("stream_id", String(40)),
)


def database_url() -> str:
    url = os.environ.get("HOTLINE_DATABASE_URL")
    if url:
        return url
    var = var_dir()
    var.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{var / 'hotline.db'}"


_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def engine(url: str | None = None) -> Engine:
    """One engine per URL per process, with the schema migrated to the newest revision on first use."""
    url = url or database_url()
    with _lock:
        if url not in _engines:
            kwargs = {"future": True, "pool_pre_ping": True}
            if url.startswith("sqlite"):
                # a pool of open connections (SQLAlchemy 1.4 opens a new one per use for a file by default)
                kwargs.update(connect_args={"timeout": 30, "check_same_thread": False}, poolclass=QueuePool,
                              pool_size=5, max_overflow=10)
            eng = create_engine(url, **kwargs)
            if url.startswith("sqlite"):
                event.listen(eng, "connect", _sqlite_pragmas)
            migrate(eng)
            _engines[url] = eng
        return _engines[url]


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# the revision whose schema create_all used to make: a database from before migrations is stamped with it
BASELINE = "0001"


def migrate(eng: Engine, revision: str = "head") -> str:
    """Upgrades the database to `revision`; returns the revision it is at afterwards."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with eng.begin() as conn:
        # several processes may start at once: on PostgreSQL one migrates while the others wait
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(741852963)")
        cfg.attributes["connection"] = conn
        current = MigrationContext.configure(conn).get_current_revision()
        if current is None and inspect(conn).has_table("work_orders"):
            command.stamp(cfg, BASELINE)
        command.upgrade(cfg, revision)
        return MigrationContext.configure(conn).get_current_revision()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets the action server and the back office read while one of them writes
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
