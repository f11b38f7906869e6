"""The citizen's ID number and the estate (小区) of the place, read from the first message; order numbers are
random now, so the daily counter goes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("work_orders") as batch:
        batch.add_column(sa.Column("id_number", sa.String(18)))
        batch.add_column(sa.Column("estate", sa.String(100)))
    op.drop_table("order_counters")


def downgrade() -> None:
    op.create_table(
        "order_counters",
        sa.Column("day", sa.String(8), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )
    with op.batch_alter_table("work_orders") as batch:
        batch.drop_column("estate")
        batch.drop_column("id_number")
