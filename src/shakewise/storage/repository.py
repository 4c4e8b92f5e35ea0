"""What the CLI and the web do with a user's diary, assessments and recordings.

Every function takes the session and the id of the user acting, and touches only that
user's rows: another user's id is answered exactly like a missing one (`NotFoundError`),
so ids reveal nothing. Each function is one transaction and ends it (commit, or rollback
on error) — on SQLite a transaction holds the write lock, so none is left open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shakewise.diary.episode import (
    MAX_ID,
    CheckIn,
    CheckInFields,
    Episode,
    EpisodeFields,
    EpisodeIn,
    parse_checkin,
    parse_episode,
)
from shakewise.errors import InputError, NotFoundError
from shakewise.results import Assessment as AssessmentResult
from shakewise.storage import models

EPISODE_FIELDS = tuple(EpisodeFields.model_fields)
CHECKIN_FIELDS = tuple(CheckInFields.model_fields)
Row = TypeVar("Row", bound=models.Base)


class SavedAssessment(BaseModel):
    """A stored assessment: what was asked and the result as it was shown then."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    uid: str
    created: datetime
    input_text: str | None
    answers: dict[str, str]
    measured: dict[str, str]
    result: dict[str, Any]
    knowledge_version: str


class SavedRecording(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    uid: str
    created: datetime
    analysis: dict[str, Any]


def _owned(session: Session, table: type[Row], user_id: int, row_id: int, what: str) -> Row:
    # ids are 32-bit (PostgreSQL INTEGER): a larger number names nothing, it is no error
    row = session.get(table, row_id) if 1 <= row_id <= MAX_ID else None
    if row is None or getattr(row, "user_id", None) != user_id:
        session.rollback()
        raise NotFoundError(f"There is no {what} {row_id} in your data.")
    return row


def _check_links(session: Session, user_id: int, data: EpisodeFields) -> None:
    if data.recording_id is not None:
        _owned(session, models.Recording, user_id, data.recording_id, "recording")
    if data.assessment_id is not None:
        _owned(session, models.Assessment, user_id, data.assessment_id, "assessment")


def episode_value(row: models.Episode) -> Episode:
    return Episode.model_validate(row, from_attributes=True)


# --- episodes -----------------------------------------------------------------------


def _episode_by_uid(session: Session, user_id: int, uid: str) -> models.Episode | None:
    return session.scalar(
        select(models.Episode).where(models.Episode.user_id == user_id, models.Episode.uid == uid)
    )


def add_episode(session: Session, user_id: int, data: EpisodeIn) -> Episode:
    """Store an episode. With a `uid` already stored for this user, return that one."""
    existing = _episode_by_uid(session, user_id, data.uid) if data.uid else None
    if existing is None:
        _check_links(session, user_id, data)
        row = models.Episode(user_id=user_id, **data.model_dump(include=set(EPISODE_FIELDS)))
        if data.uid is not None:
            row.uid = data.uid
        session.add(row)
        try:
            session.commit()
            return episode_value(row)
        except IntegrityError:  # the same uid sent twice at once (several workers)
            session.rollback()
            existing = _episode_by_uid(session, user_id, data.uid) if data.uid else None
            if existing is None:
                raise
    session.commit()
    return episode_value(existing)


def list_episodes(
    session: Session,
    user_id: int,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[Episode]:
    """The user's episodes by start time (oldest first unless `newest_first`)."""
    query = select(models.Episode).where(models.Episode.user_id == user_id)
    if since is not None:
        query = query.where(models.Episode.started_at >= since)
    if until is not None:
        query = query.where(models.Episode.started_at < until)
    order = models.Episode.started_at.desc() if newest_first else models.Episode.started_at
    limit = None if limit is None else max(0, min(limit, MAX_ID))
    query = query.order_by(order, models.Episode.id).limit(limit)
    rows = session.scalars(query).all()
    session.commit()
    return [episode_value(r) for r in rows]


class EpisodeRow(NamedTuple):
    """The columns of an episode the insights read (`diary.timeline.EpisodeLike`)."""

    started_at: datetime
    severity: int | None
    side: str | None
    sites: list[str]
    weakness: bool | None
    exercise: bool | None
    exercise_intensity: int | None
    caffeine_mg: float | None
    alcohol_units: float | None
    stress: int | None
    sleep_hours: float | None
    cold: bool | None
    hours_since_meal: float | None
    medication_taken: str | None
    illness_fever: bool | None


class CheckInRow(NamedTuple):
    day: date
    exercise: bool | None
    exercise_intensity: int | None
    caffeine_mg: float | None
    alcohol_units: float | None
    stress: int | None
    sleep_hours: float | None
    cold: bool | None
    hours_since_meal: float | None
    medication_taken: str | None
    illness_fever: bool | None


def diary_rows(session: Session, user_id: int) -> tuple[list[EpisodeRow], list[CheckInRow]]:
    """The user's episodes (oldest first) and check-ins as plain tuples of the columns the
    insights read — no notes, no ORM objects, no re-validation: a ten-year diary loads and
    is analysed several times faster than through `list_episodes`."""
    episode_columns = [getattr(models.Episode, name) for name in EpisodeRow._fields]
    checkin_columns = [getattr(models.CheckIn, name) for name in CheckInRow._fields]
    episodes = session.execute(
        select(*episode_columns)
        .where(models.Episode.user_id == user_id)
        .order_by(models.Episode.started_at, models.Episode.id)
    ).all()
    checkins = session.execute(
        select(*checkin_columns).where(models.CheckIn.user_id == user_id)
    ).all()
    session.commit()
    return [EpisodeRow._make(r) for r in episodes], [CheckInRow._make(r) for r in checkins]


def count_episodes(session: Session, user_id: int) -> int:
    query = select(func.count()).select_from(models.Episode)
    n = session.scalar(query.where(models.Episode.user_id == user_id)) or 0
    session.commit()
    return n


def get_episode(session: Session, user_id: int, episode_id: int) -> Episode:
    row = _owned(session, models.Episode, user_id, episode_id, "episode")
    session.commit()
    return episode_value(row)


def update_episode(
    session: Session, user_id: int, episode_id: int, changes: Mapping[str, Any]
) -> Episode:
    """Change some fields; the whole episode is validated again as if new."""
    if "uid" in changes or "id" in changes:
        raise InputError("An episode's id and uid cannot be changed.")
    row = _owned(session, models.Episode, user_id, episode_id, "episode")
    merged = {name: getattr(row, name) for name in EPISODE_FIELDS} | dict(changes)
    try:
        data = parse_episode(merged)
        _check_links(session, user_id, data)
    except InputError:
        session.rollback()
        raise
    for name in EPISODE_FIELDS:
        setattr(row, name, getattr(data, name))
    session.commit()
    return episode_value(row)


def delete_episode(session: Session, user_id: int, episode_id: int) -> None:
    row = _owned(session, models.Episode, user_id, episode_id, "episode")
    session.delete(row)
    session.commit()


# --- day check-ins --------------------------------------------------------------------


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
    return CheckIn.model_validate(row, from_attributes=True)


def list_checkins(session: Session, user_id: int, *, since: date | None = None) -> list[CheckIn]:
    """The user's day check-ins, oldest first, from `since` when given."""
    query = select(models.CheckIn).where(models.CheckIn.user_id == user_id)
    if since is not None:
        query = query.where(models.CheckIn.day >= since)
    rows = session.scalars(query.order_by(models.CheckIn.day)).all()
    session.commit()
    return [CheckIn.model_validate(r, from_attributes=True) for r in rows]


# --- assessments and recordings -------------------------------------------------------


def save_assessment(
    session: Session,
    user_id: int,
    result: AssessmentResult,
    *,
    text: str | None = None,
    answers: Mapping[str, str] | None = None,
    measured: Mapping[str, str] | None = None,
) -> AssessmentResult:
    """Store an assessment and its input; returns the result with its `id` filled in."""
    row = models.Assessment(
        user_id=user_id,
        input_text=text,
        answers=dict(answers or {}),
        measured=dict(measured or {}),
        result=result.model_dump(mode="json", exclude={"id"}),
        knowledge_version=result.knowledge_version,
    )
    session.add(row)
    session.commit()
    return result.model_copy(update={"id": str(row.id)})


def get_assessment(session: Session, user_id: int, assessment_id: int) -> SavedAssessment:
    row = _owned(session, models.Assessment, user_id, assessment_id, "assessment")
    session.commit()
    return SavedAssessment.model_validate(row)


def list_assessments(
    session: Session, user_id: int, *, limit: int | None = None
) -> list[SavedAssessment]:
    """The user's assessments, newest first."""
    rows = session.scalars(
        select(models.Assessment)
        .where(models.Assessment.user_id == user_id)
        .order_by(models.Assessment.created.desc(), models.Assessment.id.desc())
        .limit(limit)
    ).all()
    session.commit()
    return [SavedAssessment.model_validate(r) for r in rows]


def latest_assessment(session: Session, user_id: int) -> SavedAssessment | None:
    found = list_assessments(session, user_id, limit=1)
    return found[0] if found else None


def save_recording(session: Session, user_id: int, analysis: Mapping[str, Any]) -> SavedRecording:
    row = models.Recording(user_id=user_id, analysis=dict(analysis))
    session.add(row)
    session.commit()
    return SavedRecording.model_validate(row)


def get_recording(session: Session, user_id: int, recording_id: int) -> SavedRecording:
    row = _owned(session, models.Recording, user_id, recording_id, "recording")
    session.commit()
    return SavedRecording.model_validate(row)


# --- all of a user's data ---------------------------------------------------------------

OWNED: Sequence[type[models.Base]] = (
    models.Episode,  # first: it points at recordings and assessments
    models.CheckIn,
    models.Assessment,
    models.Recording,
    models.ApiToken,
)


def delete_user_data(session: Session, user_id: int) -> dict[str, int]:
    """Delete every diary entry, assessment, recording and API token of the user (the
    account itself stays; delete the `User` row to remove it too). Returns counts."""
    counts = {}
    for table in OWNED:
        result = session.execute(delete(table).where(table.user_id == user_id))  # type: ignore[attr-defined]
        counts[table.__tablename__] = int(result.rowcount)  # type: ignore[attr-defined]
    session.commit()
    return counts


def delete_user(session: Session, user_id: int) -> None:
    """Delete the account and, by cascade, everything it owns."""
    session.execute(delete(models.User).where(models.User.id == user_id))
    session.commit()
