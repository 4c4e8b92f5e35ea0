"""The diary as plain tuples of the columns the insights read: no notes, no ORM objects,
no re-validation, so a ten-year diary loads and is analysed several times faster."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from shakewise import collector
from shakewise.storage import models


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


# The start time and the sites are read as the driver gives them and converted here: the
# column types' own converters (a regular expression per SQLite date, a JSON decoder per
# row) cost twice the rest of the load on 20,000 episodes (docs/performance.md).
_AS_GIVEN = frozenset({"started_at", "sites"})
# the rows below are built by position: start time, severity, side, sites, then the rest
assert EpisodeRow._fields[:4] == ("started_at", "severity", "side", "sites")


def diary_rows(session: Session, user_id: int) -> tuple[list[EpisodeRow], list[CheckInRow]]:
    """The user's episodes (oldest first) and check-ins, as the insights read them (several
    times faster than through `list_episodes` on a long diary)."""
    columns = {name: getattr(models.Episode, name) for name in EpisodeRow._fields}
    episode_columns = [
        type_coerce(column, String).label(name) if name in _AS_GIVEN else column
        for name, column in columns.items()
    ]
    checkin_columns = [getattr(models.CheckIn, name) for name in CheckInRow._fields]
    connection = session.connection()
    with collector.paused():
        episodes = connection.execute(
            select(*episode_columns)
            .where(models.Episode.user_id == user_id)
            .order_by(models.Episode.started_at, models.Episode.id)
        ).all()
        checkins = connection.execute(
            select(*checkin_columns).where(models.CheckIn.user_id == user_id)
        ).all()
        session.commit()
        return (
            [EpisodeRow(_utc(r[0]), r[1], r[2], _sites(r[3]), *r[4:]) for r in episodes],
            [CheckInRow._make(r) for r in checkins],
        )


def _utc(value: datetime | str) -> datetime:
    """SQLite gives the stored UTC text, PostgreSQL an aware datetime."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _sites(value: list[str] | str | None) -> list[str]:
    """SQLite gives the JSON text, PostgreSQL the list."""
    if value is None:
        return []
    return value if isinstance(value, list) else list(_sites_text(value))


@lru_cache(maxsize=256)
def _sites_text(text: str) -> tuple[str, ...]:
    """A diary holds a handful of distinct site lists: each is decoded once."""
    return tuple(json.loads(text))
