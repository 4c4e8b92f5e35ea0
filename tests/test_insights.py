"""Diary insights on generated histories whose truth is known: a trigger with rate ratio
3 is found and a null factor is not (also over many nulls), a worsening series is
flagged and a flat one is not, spread, severity and weakness flags; the statistics
against closed forms; charts carry their text alternative."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shakewise.diary.charts import all_charts
from shakewise.diary.episode import CheckInFields, EpisodeFields
from shakewise.diary.insights import PATTERN_FINDINGS, Insights, compute_insights
from shakewise.diary.stats import Z95, chi_square_p, holm, linear_trend, poisson_trend, rate_ratio
from shakewise.knowledge import KnowledgeBase

NOW = datetime(2025, 6, 30, 21, 0, tzinfo=UTC)
TODAY = NOW.date()
FLAG_IDS = {"persisting_2_weeks", "worsening", "spreading", "severity_rising", "new_weakness"}


def ep(at: datetime, **fields: object) -> EpisodeFields:
    return EpisodeFields.model_validate({"started_at": at, "kind": "twitching", **fields})


def days_back(n: int) -> list[date]:
    return [TODAY - timedelta(days=n - 1 - i) for i in range(n)]


def simulate(
    days: int = 180,
    base: float = 0.4,
    caffeine_rr: float = 3.0,
    stress_rr: float = 1.0,
    seed: int = 0,
    rate: Callable[[int], float] | None = None,
) -> tuple[list[EpisodeFields], list[CheckInFields]]:
    """A diary with a check-in every day; episodes ~ Poisson(base · RRs of the day)."""
    rng = np.random.default_rng(seed)
    episodes, checkins = [], []
    for i, day in enumerate(days_back(days)):
        caffeine, stress = rng.random() < 0.4, rng.random() < 0.4
        checkins.append(
            CheckInFields(day=day, caffeine_mg=250 if caffeine else 40, stress=8 if stress else 3)
        )
        mean = (rate(i) if rate else base) * caffeine_rr**caffeine * stress_rr**stress
        for _ in range(rng.poisson(mean)):
            hour = float(rng.uniform(0, 20.5))
            at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=hour)
            episodes.append(ep(at, severity=int(rng.integers(2, 6)), sites=["calf"], side="left"))
    return episodes, checkins


def trigger(ins: Insights, factor: str) -> object:
    return next(t for t in ins.triggers if t.factor == factor)


# --- triggers -----------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_a_trigger_with_rate_ratio_3_is_found_and_a_null_factor_is_not(seed: int) -> None:
    ins = compute_insights(*simulate(seed=seed), now=NOW)
    caffeine = next(t for t in ins.triggers if t.factor == "caffeine")
    stress = next(t for t in ins.triggers if t.factor == "stress")
    assert caffeine.claimed and caffeine.rate_ratio is not None
    assert caffeine.rate_ratio.low > 1 and caffeine.rate_ratio.low < 3 < caffeine.rate_ratio.high
    assert caffeine.exposed_days + caffeine.unexposed_days == 180
    assert "3." in caffeine.summary or "2." in caffeine.summary
    assert str(caffeine.exposed_days) in caffeine.summary  # n is shown
    assert not stress.claimed and "no clear link" in stress.summary
    assert not any(t.claimed for t in ins.triggers if t.factor not in {"caffeine"})


def test_null_factors_are_rarely_claimed() -> None:
    claimed = 0
    for seed in range(200):
        ins = compute_insights(*simulate(days=120, caffeine_rr=1.0, seed=seed), now=NOW)
        claimed += any(t.claimed for t in ins.triggers)
    assert claimed / 200 <= 0.06  # Holm over two tested factors at 5 %


def test_a_factor_needs_enough_days_before_anything_is_said() -> None:
    episodes, checkins = simulate(days=10)
    ins = compute_insights(episodes, checkins, now=NOW)
    caffeine = next(t for t in ins.triggers if t.factor == "caffeine")
    assert caffeine.rate_ratio is None and not caffeine.claimed
    assert "not enough data" in caffeine.summary
    assert next(t for t in ins.triggers if t.factor == "cold").summary == "Cold: not logged yet."


def test_quiet_days_without_a_checkin_do_not_count() -> None:
    episodes, _ = simulate(seed=1)
    with_context = [e.model_copy(update={"caffeine_mg": 250}) for e in episodes]
    ins = compute_insights(with_context, [], now=NOW)
    caffeine = next(t for t in ins.triggers if t.factor == "caffeine")
    assert caffeine.unexposed_days == 0 and caffeine.rate_ratio is None


# --- trend and pattern flags -----------------------------------------------------------


def rising(i: int, days: int = 120) -> float:
    start = days - 56
    return 0.25 if i < start else 0.25 + 1.5 * (i - start) / 56


@pytest.mark.parametrize("seed", range(4))
def test_a_worsening_series_is_flagged(seed: int) -> None:
    ins = compute_insights(*simulate(days=120, caffeine_rr=1, rate=rising, seed=seed), now=NOW)
    assert ins.recent_trend.direction == "rising"
    flags = {f.id: f for f in ins.pattern_flags}
    assert "worsening" in flags and "more frequent" in flags["worsening"].reason
    assert ins.findings["worsening_over_time"] == "yes"


@pytest.mark.parametrize("seed", range(4))
def test_a_flat_series_is_not_flagged_as_worsening(seed: int) -> None:
    ins = compute_insights(*simulate(days=120, caffeine_rr=1, base=0.8, seed=seed), now=NOW)
    assert "worsening" not in {f.id for f in ins.pattern_flags}
    assert ins.trend.direction in {"no_clear_change", "falling", "rising"}


def test_flat_series_are_rarely_called_worsening() -> None:
    flagged = sum(
        "worsening"
        in {
            f.id
            for f in compute_insights(
                *simulate(days=90, caffeine_rr=1, base=0.8, seed=s), now=NOW
            ).pattern_flags
        }
        for s in range(100)
    )
    assert flagged <= 5


def test_falling_series_is_falling_and_not_worsening() -> None:
    ins = compute_insights(
        *simulate(days=120, caffeine_rr=1, rate=lambda i: 2.0 * math.exp(-i / 30), seed=3),
        now=NOW,
    )
    assert ins.trend.direction == "falling"
    assert "worsening" not in {f.id for f in ins.pattern_flags}


def test_persisting_over_two_weeks_is_flagged_only_while_it_goes_on() -> None:
    ongoing = [ep(datetime.combine(d, datetime.min.time(), UTC)) for d in days_back(20)[::3]]
    ins = compute_insights(ongoing, now=NOW)
    flag = next(f for f in ins.pattern_flags if f.id == "persisting_2_weeks")
    assert flag.finding == "lasted_over_2_weeks" and "more than two weeks" in flag.reason
    short = ongoing[-3:]  # 7 days
    assert "persisting_2_weeks" not in {
        f.id for f in compute_insights(short, now=NOW).pattern_flags
    }
    later = compute_insights(ongoing, now=NOW + timedelta(days=40))  # diary paused
    assert later.pattern_flags == [] and later.last_day == ongoing[-1].started_at.date()


def test_spreading_to_new_places_is_flagged() -> None:
    old = [
        ep(datetime.combine(d, datetime.min.time(), UTC), side="left", sites=["calf"])
        for d in days_back(70)[:40:4]
    ]
    new = [ep(NOW - timedelta(days=3), side="right", sites=["thigh"])]
    ins = compute_insights(old + new, now=NOW)
    assert ins.sites.new == ["right thigh"]
    flag = next(f for f in ins.pattern_flags if f.id == "spreading")
    assert flag.finding == "spreading_to_new_places" and "right thigh" in flag.reason
    same = [ep(NOW - timedelta(days=3), side="left", sites=["calf"])]
    assert compute_insights(old + same, now=NOW).sites.new == []
    covered = [ep(NOW - timedelta(days=3), side="both", sites=["calf"])]
    assert compute_insights(old + covered, now=NOW).sites.new == ["right calf"]


def test_rising_severity_is_flagged_and_flat_is_not() -> None:
    days = days_back(56)[::2]
    rising_sev = [
        ep(
            datetime.combine(d, datetime.min.time(), UTC) + timedelta(hours=9),
            severity=round(2 + 6 * i / len(days)),
        )
        for i, d in enumerate(days)
    ]
    ins = compute_insights(rising_sev, now=NOW)
    assert ins.severity.direction == "rising"
    assert "severity_rising" in {f.id for f in ins.pattern_flags}
    flat = [e.model_copy(update={"severity": 4 + i % 2}) for i, e in enumerate(rising_sev)]
    assert "severity_rising" not in {f.id for f in compute_insights(flat, now=NOW).pattern_flags}


def test_weakness_logged_lately_is_flagged_even_if_the_diary_paused() -> None:
    weak = [ep(NOW - timedelta(days=20), weakness=True)]
    flags = compute_insights(weak, now=NOW).pattern_flags
    assert [f.id for f in flags] == ["new_weakness"] and flags[0].finding == "weakness_leg"
    old = [ep(NOW - timedelta(days=60), weakness=True)]
    assert compute_insights(old, now=NOW).pattern_flags == []


def test_pattern_findings_exist_in_the_knowledge_base(kb: KnowledgeBase) -> None:
    assert set(PATTERN_FINDINGS) == FLAG_IDS
    for finding in PATTERN_FINDINGS.values():
        assert finding in kb.findings


def test_an_empty_diary_has_no_insights_and_no_flags() -> None:
    ins = compute_insights([], now=NOW)
    assert ins.episodes == 0 and ins.pattern_flags == [] and ins.findings == {}
    assert ins.trend.direction == "not_enough_data"


# --- when -----------------------------------------------------------------------------


def test_evening_episodes_show_a_time_of_day_pattern() -> None:
    rng = np.random.default_rng(0)
    evening = [
        ep(
            datetime.combine(d, datetime.min.time(), UTC)
            + timedelta(hours=float(rng.normal(21, 0.7)) % 24)
        )
        for d in days_back(60)
    ]
    ins = compute_insights(evening, now=NOW)
    assert ins.time_of_day.peak is not None and ins.time_of_day.peak.startswith("evening")
    assert sum(ins.time_of_day.hours) == 60
    spread = [
        ep(datetime.combine(d, datetime.min.time(), UTC) + timedelta(hours=(i * 7) % 24))
        for i, d in enumerate(days_back(96))
    ]
    assert compute_insights(spread, now=NOW).time_of_day.peak is None


def test_days_and_hours_are_local() -> None:
    late = ep(datetime(2025, 6, 29, 23, 30, tzinfo=UTC))
    ins = compute_insights([late], now=NOW, tz=ZoneInfo("Europe/Berlin"))
    assert ins.time_of_day.hours[1] == 1 and ins.first_day == date(2025, 6, 30)


def test_weekend_episodes_show_a_day_of_week_pattern() -> None:
    weekend = [
        ep(datetime.combine(d, datetime.min.time(), UTC) + timedelta(hours=10))
        for d in days_back(140)
        if d.weekday() >= 5
    ]
    ins = compute_insights(weekend, now=NOW)
    assert ins.day_of_week.peak in {"Saturday", "Sunday"}


# --- the statistics against closed forms ------------------------------------------------


def test_a_wildly_overdispersed_diary_gives_no_trend_rather_than_a_crash() -> None:
    """One episode in the first week and 17 in a last week only just begun: the interval
    ran past what a float holds and the insights raised OverflowError."""
    assert poisson_trend([1, 0, 0, 0, 17], [1, 1, 1, 1, 0.02], [0, 1, 2, 3, 4]) is None


def test_poisson_trend_of_two_groups_is_the_rate_ratio() -> None:
    counts, exposure, x = [12, 30, 18, 45], [10, 10, 10, 10], [0, 1, 0, 1]
    estimate, _ = poisson_trend(counts, exposure, x) or (None, 0)
    assert estimate is not None
    assert estimate.value == pytest.approx((75 / 20) / (30 / 20), rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 30), min_size=4, max_size=40),
    st.integers(1, 7),
)
def test_poisson_fit_solves_the_score_equations(counts: list[int], days: int) -> None:
    x = np.arange(len(counts), dtype=float)
    exposure = np.full(len(counts), float(days))
    fit = poisson_trend(counts, exposure, x)
    if fit is None:
        return
    b = math.log(fit[0].value)
    y = np.asarray(counts, float)
    # the intercept from the first score equation, then both must hold
    a = math.log(y.sum() / (exposure * np.exp(b * (x - x.mean()))).sum())
    mu = exposure * np.exp(a + b * (x - x.mean()))
    assert (y - mu).sum() == pytest.approx(0, abs=1e-6 * (1 + y.sum()))
    assert ((y - mu) * x).sum() == pytest.approx(0, abs=1e-5 * (1 + (y * x).sum()))


def test_rate_ratio_matches_the_textbook_interval() -> None:
    e = rate_ratio(30, 10, 10, 10)
    se = math.sqrt(1 / 30 + 1 / 10)
    assert e.value == pytest.approx(3)
    assert (e.low, e.high) == pytest.approx((3 * math.exp(-Z95 * se), 3 * math.exp(Z95 * se)))
    assert rate_ratio(0, 10, 5, 10).value == pytest.approx(0.5 / 5.5)  # 0.5 added to both


def test_linear_trend_and_chi_square_and_holm() -> None:
    fit = linear_trend([0, 1, 2, 3, 4], [1, 3, 5, 7, 9.5])
    assert fit is not None and fit.value == pytest.approx(2.1) and fit.low > 0
    assert chi_square_p([10, 10, 10, 10], [1, 1, 1, 1]) == pytest.approx(1.0)
    assert chi_square_p([40, 0, 0, 0], [1, 1, 1, 1]) < 1e-10
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])


# --- properties of the whole ------------------------------------------------------------

histories: st.SearchStrategy[list[dict[str, object]]] = st.lists(
    st.builds(
        dict,
        minutes=st.integers(0, 60 * 24 * 400),
        severity=st.none() | st.integers(0, 10),
        side=st.none() | st.sampled_from(["left", "right", "both"]),
        sites=st.lists(st.sampled_from(["calf", "thigh", "foot", "whole_leg"]), max_size=3),
        weakness=st.none() | st.booleans(),
        caffeine_mg=st.none() | st.floats(0, 600),
    ),
    max_size=120,
)


@settings(max_examples=40, deadline=None)
@given(histories)
def test_insights_account_for_every_episode(history: list[dict[str, object]]) -> None:
    episodes = [
        ep(NOW - timedelta(minutes=int(h.pop("minutes"))), **h)  # type: ignore[call-overload]
        for h in history
    ]
    ins = compute_insights(episodes, now=NOW, tz=ZoneInfo("America/New_York"))
    assert ins.episodes == len(episodes)
    assert sum(w.episodes for w in ins.weekly) == len(episodes)
    assert sum(ins.time_of_day.hours) == len(episodes)
    assert sum(ins.day_of_week.counts) == len(episodes)
    assert {f.id for f in ins.pattern_flags} <= FLAG_IDS
    assert ins.findings == {f.finding: "yes" for f in ins.pattern_flags}
    for svg in all_charts(ins).values():
        ET.fromstring(svg)


# --- charts -------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("empty", [False, True])
def test_every_chart_has_a_text_alternative(empty: bool) -> None:
    ins = compute_insights([] if empty else simulate(days=120)[0], simulate(days=120)[1], now=NOW)
    charts = all_charts(ins)
    assert set(charts) == {"weekly", "severity", "time-of-day", "triggers"}
    for name, svg in charts.items():
        root = ET.fromstring(svg)
        assert root.get("role") == "img" and root.get("viewBox")
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and desc is not None
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert (title.text or "").strip() and len((desc.text or "").strip()) > 20, name
        assert len(svg) < 60_000
    if not empty:
        assert "Caffeine" in ET.fromstring(charts["triggers"]).findtext(f"{SVG}desc", "")
