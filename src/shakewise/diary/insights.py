"""Diary insights: pure functions from episodes and day check-ins to `Insights`.

Every calendar notion (day, ISO week, hour, weekday) is taken in the person's time zone
`tz`; `now` is passed in, so the same diary always gives the same answer.

1. Observation window: from the first logged day to today — or, when nothing was logged
   in the last 14 days (the diary looks paused), to the last logged day, so weeks without
   logging are not read as weeks without episodes.
2. Trend: Poisson regression of episode counts on time (log link, days observed as the
   exposure offset, IRLS, quasi-Poisson standard errors; `stats.poisson_trend`) — weekly
   counts over the whole window, daily counts over the last 8 weeks. "Rising" means the
   95 % interval of the rate ratio per week lies above 1.
3. Time of day (four 6-hour periods) and day of week: a chi-square test against an even
   spread (days of week weighted by how often each weekday lies in the window).
4. Triggers: for each context factor, days are exposed, unexposed or unknown (from the
   day's check-in and episodes). Rate ratio of episodes per exposed vs unexposed day with
   a 95 % interval (`stats.rate_ratio`). Claimed only when both groups have ≥ 7 days,
   there are ≥ 10 episodes, the interval excludes 1 and the Holm-adjusted p < 0.05 over
   all factors tested (nine tests would otherwise "find" a trigger by chance a third of
   the time).
5. Body sites: each episode covers (side, site) places; a place first seen in the last
   4 weeks after at least 3 earlier located episodes is new (spreading).
6. Severity: least-squares slope over the last 8 weeks.
7. Pattern flags (`pattern_flags`): the time-based warning signs of the source articles,
   each with a plain reason and the knowledge-base finding it answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo

import numpy as np

from shakewise.diary.patterns import (
    PATTERN_FINDINGS,
    PatternFlag,
    SeverityPoint,
    SeverityTrend,
    Sites,
    pattern_findings,
    pattern_flags,
    severity_trend,
    site_spread,
)
from shakewise.diary.stats import chi_square_p
from shakewise.diary.timeline import (
    ALPHA,
    CheckInLike,
    EpisodeLike,
    Out,
    Timeline,
    build_timeline,
)
from shakewise.diary.trend import (
    TREND_TEST,
    Trend,
    Week,
    recent_trend,
    weekly_counts,
    weekly_trend,
)
from shakewise.diary.triggers import Trigger, trigger_associations

__all__ = ["PATTERN_FINDINGS", "Insights", "PatternFlag", "compute_insights", "pattern_findings"]

PERIODS = (("night", 0), ("morning", 6), ("afternoon", 12), ("evening", 18))
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Pattern(Out):
    labels: list[str]
    counts: list[int]
    expected: list[float]
    p_value: float | None
    peak: str | None
    summary: str


class TimeOfDay(Pattern):
    hours: list[int]  # 24 counts, local time


class Insights(Out):
    now: datetime
    time_zone: str
    first_day: date | None
    last_day: date | None
    episodes: int
    weekly: list[Week]
    trend: Trend
    recent_trend: Trend
    time_of_day: TimeOfDay
    day_of_week: Pattern
    triggers: list[Trigger]
    sites: Sites
    severity: SeverityTrend
    severity_points: list[SeverityPoint]  # rated episodes of the last year
    pattern_flags: list[PatternFlag]
    findings: dict[str, str]


def compute_insights(
    episodes: Sequence[EpisodeLike],
    checkins: Sequence[CheckInLike] = (),
    *,
    now: datetime,
    tz: tzinfo = UTC,
) -> Insights:
    """All insights of one person's diary (see the module docstring for the tests)."""
    d = build_timeline(episodes, checkins, now, tz)
    if d is None:
        return _empty(now, tz)
    weekly = weekly_counts(d)
    recent = recent_trend(d)
    sites = site_spread(d)
    severity, points = severity_trend(d)
    flags = pattern_flags(d, recent, sites, severity)
    return Insights(
        now=now,
        time_zone=str(tz),
        first_day=d.first,
        last_day=d.last,
        episodes=len(d.episodes),
        weekly=weekly,
        trend=weekly_trend(weekly),
        recent_trend=recent,
        time_of_day=_time_of_day(d),
        day_of_week=_day_of_week(d),
        triggers=trigger_associations(d, checkins),
        sites=sites,
        severity=severity,
        severity_points=points,
        pattern_flags=flags,
        findings=pattern_findings(flags),
    )


def _empty(now: datetime, tz: tzinfo) -> Insights:
    none = "No episodes logged yet."
    trend = Trend(
        test=TREND_TEST,
        days=0,
        episodes=0,
        episodes_per_week=0.0,
        rate_ratio_per_week=None,
        direction="not_enough_data",
        summary=none,
    )
    empty = Pattern(labels=[], counts=[], expected=[], p_value=None, peak=None, summary=none)
    return Insights(
        now=now,
        time_zone=str(tz),
        first_day=None,
        last_day=None,
        episodes=0,
        weekly=[],
        trend=trend,
        recent_trend=trend,
        time_of_day=TimeOfDay(**empty.model_dump(), hours=[0] * 24),
        day_of_week=empty,
        triggers=[],
        sites=Sites(first_seen=[], new=[], summary=none),
        severity=SeverityTrend(
            points=0,
            recent_mean=None,
            slope_per_week=None,
            direction="not_enough_data",
            summary=none,
        ),
        severity_points=[],
        pattern_flags=[],
        findings={},
    )


def _pattern(
    labels: Sequence[str], counts: np.ndarray, weights: np.ndarray, noun: str, min_n: int
) -> Pattern:
    total = int(counts.sum())
    expected = weights / weights.sum() * total if weights.sum() else weights
    if total < min_n:
        return Pattern(
            labels=list(labels),
            counts=[int(c) for c in counts],
            expected=[round(float(e), 2) for e in expected],
            p_value=None,
            peak=None,
            summary=f"A pattern by {noun} needs at least {min_n} episodes ({total} so far).",
        )
    p = chi_square_p(counts, weights)
    ratio = np.divide(counts, expected, out=np.zeros(len(counts)), where=expected > 0)
    peak = labels[int(np.argmax(ratio))] if p < ALPHA else None
    if peak is None:
        summary = f"No clear pattern by {noun} (chi-square p = {p:.2f}, {total} episodes)."
    else:
        i = labels.index(peak)
        summary = (
            f"Episodes cluster by {noun}: most in the {peak}"
            f" ({int(counts[i])} of {total}, {ratio[i]:.1f}× an even spread; p = {p:.3f})."
        )
    return Pattern(
        labels=list(labels),
        counts=[int(c) for c in counts],
        expected=[round(float(e), 2) for e in expected],
        p_value=round(p, 5),
        peak=peak,
        summary=summary,
    )


def _time_of_day(d: Timeline) -> TimeOfDay:
    hours = np.bincount([t.hour for t in d.local], minlength=24)
    by_period = hours.reshape(4, 6).sum(axis=1)
    labels = [f"{name} ({start:02d}–{start + 6:02d} h)" for name, start in PERIODS]
    pattern = _pattern(labels, by_period, np.ones(4), "time of day", 20)
    return TimeOfDay(**pattern.model_dump(), hours=[int(h) for h in hours])


def _day_of_week(d: Timeline) -> Pattern:
    counts = np.bincount([t.weekday() for t in d.local], minlength=7)
    weekday_of_day = (d.first.weekday() + np.arange(d.n_days)) % 7
    weights = np.bincount(weekday_of_day, minlength=7).astype(float)
    return _pattern(WEEKDAYS, counts, weights, "day of week", 35)
