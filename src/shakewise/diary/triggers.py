"""Which context factors go with more (or fewer) episodes.

For each factor a day is exposed, unexposed or unknown, from the day's check-in and its
episodes (values combined: any "yes", the highest, or the lowest). The rate ratio of
episodes per exposed day to episodes per unexposed day gets a 95 % interval
(`stats.rate_ratio`, widened when days vary more than a Poisson would). A link is claimed
only when both groups have at least 7 days, there are at least 10 episodes, the interval
excludes 1 and the Holm-adjusted p is below 0.05 over all factors tested — nine tests
would otherwise "find" a trigger by chance about a third of the time.

Quiet days count only when their context is known (a check-in): days with episodes are
always logged, so without check-ins every factor would look like a trigger.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from shakewise.diary.stats import Estimate, Interval, holm, rate_ratio
from shakewise.diary.timeline import ALPHA, CheckInLike, Out, Timeline

TRIGGER_MIN_DAYS = 7
TRIGGER_MIN_EPISODES = 10


class Trigger(Out):
    factor: str
    label: str
    exposed: str
    exposed_days: int
    unexposed_days: int
    exposed_episodes: int
    unexposed_episodes: int
    rate_ratio: Interval | None
    holm_p: float | None
    claimed: bool
    summary: str


@dataclass(frozen=True)
class Factor:
    """How one context field makes a day exposed: values of the day are combined
    (`any` true, the `max`, or the `min`), then `exposed` decides."""

    id: str
    label: str
    exposed_label: str
    field: str
    combine: Literal["any", "max", "min"]
    exposed: Callable[[Any], bool]


def _taken(value: Any) -> bool:
    return str(value).strip().lower() not in {"", "none", "no", "nothing", "-"}


# Cut-offs are for grouping days, not clinical limits: 200 mg is about two mugs of
# coffee; 3 UK units a little over a pint of beer; under 6 h is short sleep.
FACTORS: tuple[Factor, ...] = (
    Factor("exercise", "Exercise", "days with exercise", "exercise", "any", bool),
    Factor(
        "caffeine", "Caffeine", "days with 200 mg caffeine or more", "caffeine_mg", "max",
        lambda v: v >= 200,
    ),
    Factor(
        "alcohol", "Alcohol", "days with 3 units of alcohol or more", "alcohol_units", "max",
        lambda v: v >= 3,
    ),
    Factor("stress", "Stress", "days with stress 7/10 or more", "stress", "max", lambda v: v >= 7),
    Factor(
        "short_sleep", "Short sleep", "days after under 6 h of sleep", "sleep_hours", "min",
        lambda v: v < 6,
    ),
    Factor("cold", "Cold", "cold days", "cold", "any", bool),
    Factor(
        "long_fast", "Long without food", "days with 5 h or more since a meal",
        "hours_since_meal", "max", lambda v: v >= 5,
    ),
    Factor(
        "medication", "Medication", "days with medication taken", "medication_taken", "any",
        _taken,
    ),
    Factor("illness_fever", "Illness", "days ill or feverish", "illness_fever", "any", bool),
)  # fmt: skip


def _day_status(
    d: Timeline, checkin_days: Sequence[int], checkins: Sequence[CheckInLike], factor: Factor
) -> np.ndarray:
    """Per day of the window: 1 exposed, 0 unexposed, -1 unknown."""
    field, n_days = factor.field, d.n_days
    values: dict[int, list[Any]] = {}
    for i, c in zip(checkin_days, checkins, strict=True):
        v = getattr(c, field)
        if v is not None and 0 <= i < n_days:
            values.setdefault(i, []).append(v)
    for i, ep in zip(d.days, d.episodes, strict=True):
        v = getattr(ep, field)
        if v is not None:
            values.setdefault(i, []).append(v)
    status = [-1] * n_days
    exposed = factor.exposed
    for i, vs in values.items():
        if factor.combine == "any":
            status[i] = int(any(exposed(v) for v in vs))
        else:
            status[i] = int(exposed(max(vs) if factor.combine == "max" else min(vs)))
    return np.array(status, np.int8)


def _day_counts_dispersion(counts: np.ndarray, status: np.ndarray) -> float:
    known = status >= 0
    y, s = counts[known].astype(float), status[known]
    means = np.array([y[s == g].mean() if (s == g).any() else 0.0 for g in (0, 1)])
    mu = means[s]
    ok = mu > 0
    if ok.sum() <= 2:
        return 1.0
    return max(1.0, float(((y[ok] - mu[ok]) ** 2 / mu[ok]).sum()) / (int(ok.sum()) - 2))


def trigger_associations(d: Timeline, checkins: Sequence[CheckInLike]) -> list[Trigger]:
    """Rate ratio of episodes per exposed vs unexposed day, for every context factor."""
    rows: list[dict[str, Any]] = []
    checkin_days = [(c.day - d.first).days for c in checkins]
    for factor in FACTORS:
        status = _day_status(d, checkin_days, checkins, factor)
        n1, n0 = int((status == 1).sum()), int((status == 0).sum())
        e1, e0 = int(d.counts[status == 1].sum()), int(d.counts[status == 0].sum())
        row: dict[str, Any] = {
            "factor": factor.id,
            "label": factor.label,
            "exposed": factor.exposed_label,
            "exposed_days": n1,
            "unexposed_days": n0,
            "exposed_episodes": e1,
            "unexposed_episodes": e0,
            "estimate": None,
        }
        enough = min(n1, n0) >= TRIGGER_MIN_DAYS and e1 + e0 >= TRIGGER_MIN_EPISODES
        if enough:
            dispersion = _day_counts_dispersion(d.counts, status)
            row["estimate"] = rate_ratio(e1, n1, e0, n0, dispersion)
        rows.append(row)
    tested = [r for r in rows if r["estimate"] is not None]
    for r, p in zip(tested, holm([r["estimate"].p_value for r in tested]), strict=True):
        r["holm_p"] = p
    return [_trigger(r, len(tested)) for r in rows]


def _trigger(r: dict[str, Any], n_tested: int) -> Trigger:
    e: Estimate | None = r.pop("estimate")
    holm_p: float | None = r.pop("holm_p", None)
    counts = f"{r['exposed']}: {r['exposed_days']}, days without: {r['unexposed_days']}"
    claimed = e is not None and holm_p is not None and e.excludes(1.0) and holm_p < ALPHA
    if r["exposed_days"] + r["unexposed_days"] == 0:
        summary = f"{r['label']}: not logged yet."
    elif e is None:
        summary = (
            f"{r['label']}: not enough data yet — needs {TRIGGER_MIN_DAYS} days with and"
            f" {TRIGGER_MIN_DAYS} without, and {TRIGGER_MIN_EPISODES} episodes ({counts};"
            f" {r['exposed_episodes'] + r['unexposed_episodes']} episodes)."
        )
    else:
        ci = f"rate ratio {e.value:.2f}, 95 % CI {e.low:.2f}–{e.high:.2f}; {counts}"
        if claimed:
            more = "more" if e.value > 1 else "fewer"
            fold = e.value if e.value > 1 else 1 / e.value
            summary = f"{r['label']}: {fold:.1f}× {more} episodes on {r['exposed']} ({ci})."
        elif e.excludes(1.0):
            summary = (
                f"{r['label']}: a possible link, not claimed — with {n_tested} factors"
                f" tested it may be chance ({ci}, Holm p = {holm_p:.2f})."
            )
        else:
            summary = f"{r['label']}: no clear link ({ci})."
    return Trigger(
        **r,
        rate_ratio=Interval.of(e) if e is not None else None,
        holm_p=round(holm_p, 5) if holm_p is not None else None,
        claimed=claimed,
        summary=summary,
    )
