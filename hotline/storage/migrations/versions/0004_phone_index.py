"""An index on the phone number: the not-accepted rules that need history look up a citizen's earlier orders
by phone as well as by chat account.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""
from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_work_orders_phone", "work_orders", ["phone"])


def downgrade() -> None:
    op.drop_index("ix_work_orders_phone", table_name="work_orders")
