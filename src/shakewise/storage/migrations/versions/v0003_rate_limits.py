"""Rate-limit counters shared by every worker: one row per (bucket, client, window start),
so the sign-in, write and upload limits hold across processes, not per process.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limits",
        sa.Column("bucket", sa.String(length=16), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "client", "window_start", name="pk_rate_limits"),
    )
    op.create_index("ix_rate_limits_bucket_window_start", "rate_limits", ["bucket", "window_start"])


def downgrade() -> None:
    op.drop_table("rate_limits")
