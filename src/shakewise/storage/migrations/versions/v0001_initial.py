"""Initial schema: users, API tokens, recordings, assessments, episodes, day check-ins.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)  # models.UTCDateTime stores UTC in this type


def _owner(table: str) -> list[Any]:
    return [
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=f"fk_{table}_user_id_users", ondelete="CASCADE"
        ),
    ]


def _context() -> list[Any]:
    return [
        sa.Column("exercise", sa.Boolean(), nullable=True),
        sa.Column("exercise_intensity", sa.Integer(), nullable=True),
        sa.Column("caffeine_mg", sa.Float(), nullable=True),
        sa.Column("alcohol_units", sa.Float(), nullable=True),
        sa.Column("stress", sa.Integer(), nullable=True),
        sa.Column("sleep_hours", sa.Float(), nullable=True),
        sa.Column("cold", sa.Boolean(), nullable=True),
        sa.Column("hours_since_meal", sa.Float(), nullable=True),
        sa.Column("medication_taken", sa.String(length=200), nullable=True),
        sa.Column("illness_fever", sa.Boolean(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("is_local", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("created", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_index(
        "uq_users_local",
        "users",
        ["is_local"],
        unique=True,
        sqlite_where=sa.text("is_local"),
        postgresql_where=sa.text("is_local"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner("api_tokens"),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created", UTC_TIME, nullable=False),
        sa.Column("last_used", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        *_owner("assessments"),
        sa.Column("created", UTC_TIME, nullable=False),
        sa.Column("input_text", sa.Text(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("measured", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("knowledge_version", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
        sa.UniqueConstraint("user_id", "uid", name="uq_assessments_user_id_uid"),
    )
    op.create_index("ix_assessments_user_id", "assessments", ["user_id"])
    op.create_table(
        "recordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        *_owner("recordings"),
        sa.Column("created", UTC_TIME, nullable=False),
        sa.Column("analysis", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_recordings"),
        sa.UniqueConstraint("user_id", "uid", name="uq_recordings_user_id_uid"),
    )
    op.create_index("ix_recordings_user_id", "recordings", ["user_id"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner("checkins"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        *_context(),
        sa.PrimaryKeyConstraint("id", name="pk_checkins"),
        sa.UniqueConstraint("user_id", "day", name="uq_checkins_user_id_day"),
    )
    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        *_owner("episodes"),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("side", sa.String(length=5), nullable=True),
        sa.Column("sites", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=True),
        sa.Column("weakness", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=True),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        *_context(),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_episodes_assessment_id_assessments",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recording_id"],
            ["recordings.id"],
            name="fk_episodes_recording_id_recordings",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_episodes"),
        sa.UniqueConstraint("user_id", "uid", name="uq_episodes_user_id_uid"),
    )
    op.create_index("ix_episodes_assessment_id", "episodes", ["assessment_id"])
    op.create_index("ix_episodes_recording_id", "episodes", ["recording_id"])
    op.create_index("ix_episodes_user_id_started_at", "episodes", ["user_id", "started_at"])


def downgrade() -> None:
    for table in ("episodes", "checkins", "recordings", "assessments", "api_tokens", "users"):
        op.drop_table(table)
