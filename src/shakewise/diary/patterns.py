"""Where the episodes are, how strong, and the warning signs a diary shows over time.

- Places: each episode covers (side, site) places (`both` is left and right, `whole_leg`
  is calf, thigh and foot). A place first seen in the last 4 weeks, after at least 3
  earlier episodes with a site, is new: the symptoms are spreading.
- Severity: least-squares slope of severity over the last 8 weeks, t-based 95 % interval.
- Pattern flags: `persisting_2_weeks`, `worsening`, `spreading`, `severity_rising`,
  `new_weakness`, each with a plain reason and the knowledge-base finding it answers
  (`PATTERN_FINDINGS`), so a diary can feed the assessment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Literal

import numpy as np

from shakewise.diary.stats import Interval, linear_trend
from shakewise.diary.timeline import RECENT_DAYS, Out, Timeline
from shakewise.diary.trend import Direction, Trend

POINTS_DAYS = 365  # severity points listed (for the chart): the last year
SPREAD_DAYS = 28  # a place first seen in the last 4 weeks is new
WEAKNESS_DAYS = 28
PERSIST_DAYS = 14  # "lasts for several weeks": persisting 2 weeks or more …
PERSIST_MAX_GAP_DAYS = 7  # … without a break of more than a week …
PERSIST_MIN_DAYS = 3  # … on at least 3 days, the last within a week
WORSENING_MIN_FOLD = 1.5  # fitted rate at the end of the 8 weeks ÷ at the start
SEVERITY_MIN_POINTS = 6
SEVERITY_MIN_RISE = 2.0  # points on the 0–10 scale over the 8 weeks

FlagId = Literal["persisting_2_weeks", "worsening", "spreading", "severity_rising", "new_weakness"]
PATTERN_FINDINGS: dict[str, str] = {
    "persisting_2_weeks": "lasted_over_2_weeks",
    "worsening": "worsening_over_time",
    "spreading": "spreading_to_new_places",
    # the finding asks "getting worse over time, more often or stronger?"
    "severity_rising": "worsening_over_time",
    "new_weakness": "weakness_leg",
}


class Place(Out):
    place: str
    first_seen: date


class Sites(Out):
    first_seen: list[Place]
    new: list[str]
    summary: str


class SeverityPoint(Out):
    at: datetime
    severity: int


class SeverityTrend(Out):
    points: int
    recent_mean: float | None
    slope_per_week: Interval | None
    direction: Direction
    summary: str


class PatternFlag(Out):
    id: FlagId
    reason: str
    finding: str


def pattern_findings(flags: Iterable[PatternFlag]) -> dict[str, str]:
    """Knowledge-base findings answered "yes" by the flags, for the assessment."""
    return {flag.finding: "yes" for flag in flags}


def places(side: str | None, sites: Sequence[str]) -> set[tuple[str | None, str]]:
    """The (side, site) places an episode covers; `both` and `whole_leg` expand."""
    sides: list[str | None] = ["left", "right"] if side == "both" else [side]
    parts = [p for s in sites for p in (("calf", "thigh", "foot") if s == "whole_leg" else (s,))]
    return {(sd, p) for sd in sides for p in parts}


def place_name(place: tuple[str | None, str]) -> str:
    side, site = place
    return f"{side} {site}" if side else f"{site} (side not given)"


def _covered(place: tuple[str | None, str], seen: set[tuple[str | None, str]]) -> bool:
    side, site = place
    if side is None:
        return any(s == site for _, s in seen)
    return place in seen or (None, site) in seen


def site_spread(d: Timeline) -> Sites:
    first_seen: dict[tuple[str | None, str], date] = {}
    for ep, t in zip(d.episodes, d.local, strict=True):
        for p in places(ep.side, ep.sites):
            first_seen.setdefault(p, t.date())
    cutoff = d.end - timedelta(days=SPREAD_DAYS - 1)
    earlier = {p for p, day in first_seen.items() if day < cutoff}
    located_before = sum(
        1 for ep, t in zip(d.episodes, d.local, strict=True) if ep.sites and t.date() < cutoff
    )
    # by day, then by name: places first seen on one day come out in one order everywhere
    by_day = sorted(first_seen.items(), key=lambda kv: (kv[1], place_name(kv[0])))
    new = []
    if located_before >= 3:
        new = [place_name(p) for p, day in by_day if day >= cutoff and not _covered(p, earlier)]
    listed = [Place(place=place_name(p), first_seen=day) for p, day in by_day]
    if not listed:
        summary = "No body sites logged yet."
    elif new:
        before = ", ".join(sorted(place_name(p) for p in earlier)) or "none"
        summary = f"New places in the last 4 weeks: {', '.join(new)} (before: {before})."
    else:
        summary = f"Places logged: {', '.join(p.place for p in listed)}; none new lately."
    return Sites(first_seen=listed, new=new, summary=summary)


def severity_trend(d: Timeline) -> tuple[SeverityTrend, list[SeverityPoint]]:
    year_ago = d.end - timedelta(days=POINTS_DAYS)
    points = [
        SeverityPoint(at=ep.started_at, severity=ep.severity)
        for ep, t in zip(d.episodes, d.local, strict=True)
        if ep.severity is not None and t.date() > year_ago
    ]
    start = d.end - timedelta(days=RECENT_DAYS - 1)
    recent = [
        ((t.date() - start).days + t.hour / 24, ep.severity)
        for ep, t in zip(d.episodes, d.local, strict=True)
        if ep.severity is not None and t.date() >= start
    ]
    mean = round(float(np.mean([s for _, s in recent])), 2) if recent else None
    fit = None
    if len(recent) >= SEVERITY_MIN_POINTS:
        fit = linear_trend([x / 7 for x, _ in recent], [s for _, s in recent])
    if fit is None:
        return SeverityTrend(
            points=len(recent),
            recent_mean=mean,
            slope_per_week=None,
            direction="not_enough_data",
            summary=(
                f"A severity trend needs {SEVERITY_MIN_POINTS} rated episodes in the last"
                f" 8 weeks ({len(recent)} so far)."
            ),
        ), points
    direction: Literal["rising", "falling", "no_clear_change"] = (
        "rising" if fit.low > 0 else "falling" if fit.high < 0 else "no_clear_change"
    )
    return SeverityTrend(
        points=len(recent),
        recent_mean=mean,
        slope_per_week=Interval.of(fit),
        direction=direction,
        summary=(
            f"Severity over the last 8 weeks averages {mean:g}/10, {direction.replace('_', ' ')}"
            f" ({fit.value:+.2f} a week, 95 % CI {fit.low:+.2f} to {fit.high:+.2f};"
            f" {len(recent)} rated episodes)."
        ),
    ), points


def _flag(flag_id: FlagId, reason: str) -> PatternFlag:
    return PatternFlag(id=flag_id, reason=reason, finding=PATTERN_FINDINGS[flag_id])


def pattern_flags(
    d: Timeline, recent: Trend, sites: Sites, severity: SeverityTrend
) -> list[PatternFlag]:
    """The warning signs a diary shows over time. Persisting, worsening, spreading and
    rising severity describe the present, so they need a diary still being kept
    (`active`); weakness logged in the last 4 weeks is flagged in any case."""
    found: list[PatternFlag | None] = []
    if d.active:
        found += [
            _persisting(d),
            _worsening(recent),
            _flag("spreading", sites.summary) if sites.new else None,
            _severity_rising(severity),
        ]
    found.append(_new_weakness(d))
    return [flag for flag in found if flag is not None]


def _persisting(d: Timeline) -> PatternFlag | None:
    """Episodes on 3+ days spanning 2+ weeks, no break over a week, the last within one."""
    days = sorted({t.date() for t in d.local})
    if not days or (d.today - days[-1]).days > PERSIST_MAX_GAP_DAYS:
        return None
    run = [days[-1]]
    for day in reversed(days[:-1]):
        if (run[-1] - day).days > PERSIST_MAX_GAP_DAYS:
            break
        run.append(day)
    span = (days[-1] - run[-1]).days + 1
    if span < PERSIST_DAYS or len(run) < PERSIST_MIN_DAYS:
        return None
    return _flag(
        "persisting_2_weeks",
        f"Episodes on {len(run)} days over {span} days (since"
        f" {run[-1].isoformat()}) without a break of more than a week: it has"
        " lasted more than two weeks.",
    )


def _worsening(recent: Trend) -> PatternFlag | None:
    """Episodes rising in frequency by at least WORSENING_MIN_FOLD over the recent weeks."""
    rr = recent.rate_ratio_per_week
    if recent.direction != "rising" or rr is None:
        return None
    if not rr.value ** (recent.days / 7) >= WORSENING_MIN_FOLD:  # NaN included
        return None
    return _flag(
        "worsening",
        f"Episodes are becoming more frequent: about ×{rr.value:.2f} a week over"
        f" the last {recent.days // 7} weeks (95 % CI {rr.low:.2f}–{rr.high:.2f};"
        f" {recent.episodes} episodes).",
    )


def _severity_rising(severity: SeverityTrend) -> PatternFlag | None:
    """Severity rising by at least SEVERITY_MIN_RISE points over the 8 weeks."""
    sl = severity.slope_per_week
    if severity.direction != "rising" or sl is None:
        return None
    rise = sl.value * RECENT_DAYS / 7
    if not rise >= SEVERITY_MIN_RISE:  # NaN included
        return None
    return _flag(
        "severity_rising",
        f"Episodes are getting stronger: severity up about {rise:.1f} points over"
        f" 8 weeks (95 % CI {sl.low:+.2f} to {sl.high:+.2f} a week).",
    )


def _new_weakness(d: Timeline) -> PatternFlag | None:
    """Weakness logged in the last 4 weeks, whether or not the diary is still kept."""
    weak = [
        t.date()
        for ep, t in zip(d.episodes, d.local, strict=True)
        if ep.weakness and (d.today - t.date()).days < WEAKNESS_DAYS
    ]
    if not weak:
        return None
    when = ", ".join(sorted({w.isoformat() for w in weak})[-3:])
    return _flag(
        "new_weakness",
        f"Weakness in the leg was logged on {when}: real loss of strength needs a"
        " doctor's examination.",
    )
