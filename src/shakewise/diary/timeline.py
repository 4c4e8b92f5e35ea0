"""The diary laid out on days: the shared input of every insight.

Every calendar notion (day, ISO week, hour, weekday) is taken in the person's time zone;
the observation window runs from the first logged day to today — or, when nothing was
logged in the last 14 days (the diary looks paused), to the last logged day, so weeks
without logging are not read as weeks without episodes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import cached_property
from typing import Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict

PAUSED_AFTER_DAYS = 14
RECENT_DAYS = 56  # the recent trend and the severity trend: the last 8 weeks
ALPHA = 0.05


class Context(Protocol):
    """The context fields the insights read (see `episode.Context`)."""

    @property
    def exercise(self) -> bool | None: ...
    @property
    def exercise_intensity(self) -> int | None: ...
    @property
    def caffeine_mg(self) -> float | None: ...
    @property
    def alcohol_units(self) -> float | None: ...
    @property
    def stress(self) -> int | None: ...
    @property
    def sleep_hours(self) -> float | None: ...
    @property
    def cold(self) -> bool | None: ...
    @property
    def hours_since_meal(self) -> float | None: ...
    @property
    def medication_taken(self) -> str | None: ...
    @property
    def illness_fever(self) -> bool | None: ...


class EpisodeLike(Context, Protocol):
    """What the insights read of an episode: an `episode.Episode`, or a database row of
    these columns (`storage.repository.diary_rows`, faster for long diaries)."""

    @property
    def started_at(self) -> datetime: ...
    @property
    def severity(self) -> int | None: ...
    @property
    def side(self) -> str | None: ...
    @property
    def sites(self) -> Sequence[str]: ...
    @property
    def weakness(self) -> bool | None: ...


class CheckInLike(Context, Protocol):
    @property
    def day(self) -> date: ...


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


@dataclass(frozen=True)
class Timeline:
    """Episodes (oldest first) with their local times, laid out on the window's days."""

    episodes: Sequence[EpisodeLike]
    local: list[datetime]
    day_index: np.ndarray  # per episode: days since `first`
    first: date
    last: date  # the last logged day (episode or check-in)
    end: date
    today: date
    counts: np.ndarray  # per day of the window: episodes

    @property
    def n_days(self) -> int:
        return len(self.counts)

    @cached_property
    def days(self) -> list[int]:
        """Per episode: days since `first`, as plain ints (fast to loop over)."""
        return [int(i) for i in self.day_index.tolist()]

    @property
    def active(self) -> bool:
        """Whether the diary is still being kept (something logged in the last 14 days)."""
        return self.end == self.today


def build_timeline(
    episodes: Sequence[EpisodeLike],
    checkins: Sequence[CheckInLike],
    now: datetime,
    tz: tzinfo,
) -> Timeline | None:
    """The timeline of a diary, or None when nothing has been logged."""
    episodes = sorted(episodes, key=lambda e: e.started_at)
    local = [e.started_at.astimezone(tz) for e in episodes]
    today = now.astimezone(tz).date()
    logged = [t.date() for t in local] + [c.day for c in checkins]
    if not logged:
        return None
    first, last = min(logged), max(logged)
    end = max(today if (today - last).days <= PAUSED_AFTER_DAYS else last, last)
    day_index = np.array([(t.date() - first).days for t in local], dtype=np.int64)
    counts = np.bincount(day_index, minlength=(end - first).days + 1)
    return Timeline(episodes, local, day_index, first, last, end, today, counts)
