"""The schema as it stood when migrations were introduced (tables created by create_all until then).

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "work_orders",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("number", sa.String(32), nullable=False, unique=True),
        sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("sender_id", sa.String(200), nullable=False, index=True),
        sa.Column("citizen_name", sa.String(100)),
        sa.Column("phone", sa.String(40)),
        sa.Column("confidential", sa.Boolean, nullable=False, default=False),
        sa.Column("reply_wanted", sa.Boolean, nullable=False, default=True),
        sa.Column("request_type", sa.String(20), nullable=False),
        sa.Column("category_l1", sa.String(40), nullable=False),
        sa.Column("category_l2", sa.String(60), nullable=False),
        sa.Column("category_l3", sa.String(60), nullable=False),
        sa.Column("category_source", sa.String(20), nullable=False),
        sa.Column("category_confidence", sa.Float),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("city", sa.String(40)),
        sa.Column("district", sa.String(40)),
        sa.Column("street", sa.String(60)),
        sa.Column("address", sa.String(300)),
        sa.Column("location_text", sa.String(500)),
        sa.Column("occurred_text", sa.String(200)),
        sa.Column("occurred_at", sa.DateTime),
        sa.Column("attachments", sa.JSON, nullable=False),
        sa.Column("screening", sa.JSON, nullable=False),
        sa.Column("related", sa.JSON, nullable=False),
        sa.Column("handling_unit", sa.String(200), nullable=False),
        sa.Column("sla_deadline", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("supervised", sa.Boolean, nullable=False, default=False),
        sa.Column("latest_reply", sa.Text),
        sa.Column("transcript_ref", sa.String(300)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "work_order_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("order_id", sa.Integer, sa.ForeignKey("work_orders.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("status_before", sa.String(20)),
        sa.Column("status_after", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("order_id", "seq", name="uq_event_seq"),
    )
    op.create_table(
        "order_counters",
        sa.Column("day", sa.String(8), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )
    op.create_table(
        "screening_records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("sender_id", sa.String(200), nullable=False),
        sa.Column("verdict", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("services", sa.JSON, nullable=False),
        sa.Column("route", sa.String(40)),
        sa.Column("text_masked", sa.Text, nullable=False),
    )
    op.create_index("ix_screening_sender_at", "screening_records", ["sender_id", "at"])
    op.create_table(
        "linkage_records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("service", sa.String(3), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("location", sa.String(500)),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("sender_id", sa.String(200), nullable=False),
        sa.Column("stream_id", sa.String(40)),
    )


def downgrade() -> None:
    for table in ("linkage_records", "screening_records", "order_counters", "work_order_events", "work_orders"):
        op.drop_table(table)
