"""The assessment pipeline: evidence merging, triage safety, advice and sources."""

from __future__ import annotations

import pytest

from shakewise.assessment import run_assessment
from shakewise.errors import InputError, UnknownFindingError
from shakewise.knowledge import KnowledgeBase


def test_doubtful_warning_sign_escalates(tiny_kb: KnowledgeBase) -> None:
    result = run_assessment("not sure if its dark urine, after the gym", kb=tiny_kb)
    assert result.triage.level == "emergency"
    assert result.triage.reasons[0].id == "rf_dark_urine_exercise"


def test_no_self_care_in_an_emergency(tiny_kb: KnowledgeBase) -> None:
    result = run_assessment("twitching and chest pain", kb=tiny_kb)
    assert result.triage.level == "emergency"
    assert result.advice == []
    assert result.seek_help


def test_answers_override_text(tiny_kb: KnowledgeBase) -> None:
    result = run_assessment("twitching, no weakness", {"weakness": "yes"}, kb=tiny_kb)
    states = {e.finding: (e.state, e.source) for e in result.evidence}
    assert states["weakness"] == ("yes", "answer")
    assert result.triage.level == "doctor"


def test_unknown_finding_suggests_close_ids(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownFindingError, match="Did you mean: twitch"):
        run_assessment(None, {"twitches": "yes"}, kb=tiny_kb)


def test_bad_answer_value(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="yes, no or unknown"):
        run_assessment(None, {"twitch": "often"}, kb=tiny_kb)


def test_answer_aliases(tiny_kb: KnowledgeBase) -> None:
    result = run_assessment(None, {"twitch": "Y", "cramp": "don't know"}, kb=tiny_kb)
    assert {e.finding: e.state for e in result.evidence} == {"twitch": "yes", "cramp": "unknown"}


@pytest.mark.parametrize(
    "text",
    [
        "my calves twitch after slow walks and I drink four coffees a day, no weakness",
        "legs shake when i stand in the shower, fine when i walk",
        "sudden jerk as im falling asleep",
        "awful cramp in my calf at night",
    ],
)
def test_every_result_has_help_and_disclaimer(kb: KnowledgeBase, text: str) -> None:
    result = run_assessment(text, kb=kb)
    assert result.seek_help
    assert result.triage.reasons
    assert "not a diagnosis" in result.disclaimer
    assert result.sources
    assert abs(sum(c.probability for c in result.causes) - 1) < 0.5
    cited = {s.id for s in result.sources}
    for item in result.advice:
        assert set(item.sources) <= cited


def test_design_example_points_to_caffeine_or_twitching(kb: KnowledgeBase) -> None:
    result = run_assessment(
        "my calves twitch after slow walks and I drink four coffees a day, no weakness", kb=kb
    )
    top3 = [c.id for c in result.causes[:3]]
    assert {"post_exercise_twitch", "caffeine_stimulants", "benign_fasciculation"} & set(top3)
    assert result.triage.level == "self_care"
