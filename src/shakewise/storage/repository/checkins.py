"""A user's day check-ins: the context of a day, filled in bit by bit, one row a day."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shakewise.diary.episode import CheckIn, CheckInFields, parse_checkin
from shakewise.errors import InputError, NotFoundError
from shakewise.storage import models

CHECKIN_FIELDS = tuple(CheckInFields.model_fields)


def checkin_value(row: models.CheckIn) -> CheckIn:
    return CheckIn.model_validate(row, from_attributes=True)


def save_checkin(
    session: Session, user_id: int, day: date, changes: Mapping[str, Any], *, retry: bool = True
) -> CheckIn:
    """Fill in or change the context of `day` (fields not given keep their value)."""
    row = session.scalar(
        select(models.CheckIn).where(models.CheckIn.user_id == user_id, models.CheckIn.day == day)
    )
    current = {n: getattr(row, n) for n in CHECKIN_FIELDS} if row is not None else {}
    try:
        data = parse_checkin(current | dict(changes) | {"day": day})
    except InputError:
        session.rollback()
        raise
    if row is None:
        row = models.CheckIn(user_id=user_id)
        session.add(row)
    for name in CHECKIN_FIELDS:
        setattr(row, name, getattr(data, name))
    try:
        session.commit()
    except IntegrityError:  # the same day saved twice at once: merge into the winner
        session.rollback()
        if not retry:
            raise
        return save_checkin(session, user_id, day, changes, retry=False)
    return checkin_value(row)


def list_checkins(session: Session, user_id: int, *, since: date | None = None) -> list[CheckIn]:
    """The user's day check-ins, oldest first, from `since` when given."""
    query = select(models.CheckIn).where(models.CheckIn.user_id == user_id)
    if since is not None:
        query = query.where(models.CheckIn.day >= since)
    rows = session.scalars(query.order_by(models.CheckIn.day)).all()
    session.commit()
    return [checkin_value(r) for r in rows]


def delete_checkin(session: Session, user_id: int, day: date) -> None:
    """Forget the context of `day`; a day with no check-in is answered as not found."""
    row = session.scalar(
        select(models.CheckIn).where(models.CheckIn.user_id == user_id, models.CheckIn.day == day)
    )
    if row is None:
        session.rollback()
        raise NotFoundError(f"There is no check-in for {day.isoformat()} in your data.")
    session.delete(row)
    session.commit()
