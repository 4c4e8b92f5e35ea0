"""A user's rows and nobody else's: the one check every read, change and delete goes
through, so another user's id is answered exactly like a missing one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from shakewise.diary.episode import MAX_ID as MAX_ID  # ids are 32-bit everywhere
from shakewise.errors import NotFoundError
from shakewise.storage import models

Row = TypeVar("Row", bound=models.Base)


def owned(session: Session, table: type[Row], user_id: int, row_id: int, what: str) -> Row:
    """The row `row_id` of `table` if the user owns it; else NotFoundError (rolled back)."""
    # ids are 32-bit (PostgreSQL INTEGER): a larger number names nothing, it is no error
    row = session.get(table, row_id) if 1 <= row_id <= MAX_ID else None
    if row is None or getattr(row, "user_id", None) != user_id:
        session.rollback()
        raise NotFoundError(f"There is no {what} {row_id} in your data.")
    return row


def owned_rows(session: Session, table: type[Any], user_id: int) -> Sequence[Any]:
    """All the user's rows of `table`, in the order they were stored."""
    return session.scalars(select(table).where(table.user_id == user_id).order_by(table.id)).all()
