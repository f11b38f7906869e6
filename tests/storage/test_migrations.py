"""Schema changes go through the Alembic migrations, on SQLite and on PostgreSQL."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from hotline.storage import sql


def _fresh(db_url: str) -> sa.engine.Engine:
    eng = sa.create_engine(db_url, future=True)
    sql.metadata.drop_all(eng)
    with eng.begin() as conn:
        for table in ("alembic_version", "order_counters"):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    return eng


def test_the_migrations_build_exactly_the_schema_the_code_uses(db_url):
    eng = _fresh(db_url)
    assert sql.migrate(eng) == "0004"
    with eng.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), sql.metadata)
    assert diffs == []
    eng.dispose()


def test_an_upgrade_keeps_the_orders_already_stored(db_url):
    eng = _fresh(db_url)
    assert sql.migrate(eng, "0001") == "0001"
    now = datetime(2026, 11, 27, 9, 0)
    with eng.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO work_orders (number, idempotency_key, channel, sender_id, confidential, reply_wanted, "
            "request_type, category_l1, category_l2, category_l3, category_source, title, description, attachments, "
            "screening, related, handling_unit, sla_deadline, status, supervised, created_at, updated_at) VALUES "
            "('HN20261127000001', 'k1', 'rest', 's1', false, true, 'complaint', '城乡建设', '城市建设和市政管理', "
            "'路灯', 'predicted', '路灯坏了', '路灯坏了', '[]', '{}', '[]', '金水区城市管理局', :t, 'accepted', false, :t, :t)"),
            {"t": now})
    assert sql.migrate(eng) == "0004"
    with eng.connect() as conn:
        row = conn.execute(sa.text("SELECT number, title, estate, id_number FROM work_orders")).one()
    assert tuple(row) == ("HN20261127000001", "路灯坏了", None, None)
    assert "order_counters" not in sa.inspect(eng).get_table_names()
    eng.dispose()


def test_a_database_made_before_migrations_is_stamped_then_upgraded(db_url):
    eng = _fresh(db_url)
    sql.migrate(eng, "0001")
    with eng.begin() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")  # as create_all left it
    assert sql.migrate(eng) == "0004"
    assert "estate" in {c["name"] for c in sa.inspect(eng).get_columns("work_orders")}
    eng.dispose()
