"""The back office: optimistic versions, event roles and data, the outbox, hashed API tokens, the audit log,
the evaluation and the intake transcript on the order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("work_orders") as batch:
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("evaluation", sa.String(20)))
        batch.add_column(sa.Column("transcript", sa.JSON))
    op.create_index("ix_work_orders_status_deadline", "work_orders", ["status", "sla_deadline"])
    with op.batch_alter_table("work_order_events") as batch:
        batch.add_column(sa.Column("role", sa.String(30)))
        batch.add_column(sa.Column("data", sa.JSON))
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("order_number", sa.String(32), nullable=False),
        sa.Column("event_seq", sa.Integer, nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("published_at", sa.DateTime),
        sa.Column("stream_id", sa.String(40)),
    )
    op.create_index("ix_outbox_unpublished", "outbox", ["published_at", "id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("unit", sa.String(200)),
        sa.Column("label", sa.String(100)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("order_number", sa.String(32)),
        sa.Column("detail", sa.String(500)),
    )
    op.create_index("ix_audit_order", "audit_log", ["order_number", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_order", "audit_log")
    op.drop_table("audit_log")
    op.drop_table("api_tokens")
    op.drop_index("ix_outbox_unpublished", "outbox")
    op.drop_table("outbox")
    with op.batch_alter_table("work_order_events") as batch:
        batch.drop_column("data")
        batch.drop_column("role")
    op.drop_index("ix_work_orders_status_deadline", "work_orders")
    with op.batch_alter_table("work_orders") as batch:
        batch.drop_column("transcript")
        batch.drop_column("evaluation")
        batch.drop_column("version")
