"""Episodes per ISO week and whether they are becoming more or less frequent.

The test: Poisson regression of episode counts on time (log link, days observed as the
exposure offset, IRLS, quasi-Poisson standard errors; `stats.poisson_trend`) — weekly
counts over the whole window, daily counts over the last 8 weeks. "Rising" means the
95 % interval of the rate ratio per week lies above 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

import numpy as np

from shakewise.diary.stats import Interval, poisson_trend
from shakewise.diary.timeline import RECENT_DAYS, Out, Timeline

MIN_TREND_EPISODES = 8
MIN_TREND_DAYS = 21
Direction = Literal["rising", "falling", "no_clear_change", "not_enough_data"]


class Week(Out):
    week: str  # ISO week, e.g. 2024-W18
    start: date
    episodes: int
    days_observed: int
    mean_severity: float | None


class Trend(Out):
    test: str
    days: int
    episodes: int
    episodes_per_week: float
    rate_ratio_per_week: Interval | None
    direction: Direction
    summary: str


TREND_TEST = (
    "Poisson regression of episode counts on time (log link, days observed as offset,"
    " quasi-Poisson standard errors), Wald 95 % interval of the rate ratio per week"
)


def weekly_counts(d: Timeline) -> list[Week]:
    monday0 = d.first - timedelta(days=d.first.weekday())
    offset = (d.first - monday0).days
    week_of_day = (np.arange(d.n_days) + offset) // 7
    n_weeks = int(week_of_day[-1]) + 1
    counts = np.bincount(week_of_day, weights=d.counts, minlength=n_weeks)
    observed = np.bincount(week_of_day, minlength=n_weeks)
    sev_sum = np.zeros(n_weeks)
    sev_n = np.zeros(n_weeks)
    for ep, i in zip(d.episodes, d.day_index, strict=True):
        if ep.severity is not None:
            w = (int(i) + offset) // 7
            sev_sum[w] += ep.severity
            sev_n[w] += 1
    weeks = []
    for w in range(n_weeks):
        start = monday0 + timedelta(weeks=w)
        year, number, _ = start.isocalendar()
        weeks.append(
            Week(
                week=f"{year}-W{number:02d}",
                start=start,
                episodes=int(counts[w]),
                days_observed=int(observed[w]),
                mean_severity=round(float(sev_sum[w] / sev_n[w]), 2) if sev_n[w] else None,
            )
        )
    return weeks


def _trend(counts: np.ndarray, exposure: np.ndarray, weeks_x: np.ndarray, span: str) -> Trend:
    days = int(exposure.sum())
    total = int(counts.sum())
    per_week = round(7 * total / days, 2) if days else 0.0
    fit = poisson_trend(counts, exposure, weeks_x) if total >= MIN_TREND_EPISODES else None
    if fit is None or days < MIN_TREND_DAYS:
        need = f"{MIN_TREND_EPISODES} episodes over {MIN_TREND_DAYS // 7} weeks"
        return Trend(
            test=TREND_TEST,
            days=days,
            episodes=total,
            episodes_per_week=per_week,
            rate_ratio_per_week=None,
            direction="not_enough_data",
            summary=f"{total} episodes {span}; a trend needs at least {need}.",
        )
    estimate, _ = fit
    direction: Literal["rising", "falling", "no_clear_change"] = (
        "rising" if estimate.low > 1 else "falling" if estimate.high < 1 else "no_clear_change"
    )
    words = {
        "rising": "more episodes as time goes on",
        "falling": "fewer episodes as time goes on",
        "no_clear_change": "no clear change",
    }[direction]
    return Trend(
        test=TREND_TEST,
        days=days,
        episodes=total,
        episodes_per_week=per_week,
        rate_ratio_per_week=Interval.of(estimate),
        direction=direction,
        summary=(
            f"About {per_week:g} episodes a week {span}: {words} (×{estimate.value:.2f} a week,"
            f" 95 % CI {estimate.low:.2f}–{estimate.high:.2f}; {total} episodes)."
        ),
    )


def weekly_trend(weekly: Sequence[Week]) -> Trend:
    counts = np.array([w.episodes for w in weekly], float)
    exposure = np.array([w.days_observed for w in weekly], float)
    return _trend(counts, exposure, np.arange(len(weekly), dtype=float), "since you started")


def recent_trend(d: Timeline) -> Trend:
    n = min(RECENT_DAYS, d.n_days)
    counts = d.counts[-n:].astype(float)
    x = np.arange(n, dtype=float) / 7
    span = f"over the last {n // 7} weeks" if n >= 14 else f"over the last {n} days"
    return _trend(counts, np.ones(n), x, span)
