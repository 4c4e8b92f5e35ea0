"""The safety net: no reassurance before the warning signs are asked, "don't know" never
yields self-care, the serious cause first, advice that never contradicts a warning sign,
and an interview that settles the level before it stops."""

from __future__ import annotations

import numpy as np
import pytest

from shakewise.assessment import model_for, run_assessment
from shakewise.assessment.causes import Flagged, shown_causes
from shakewise.engine.model import _dnf
from shakewise.errors import InputError
from shakewise.interview import interview_step
from shakewise.knowledge import KnowledgeBase
from shakewise.knowledge.loader import condition_findings
from shakewise.knowledge.schema import TriageLevel
from shakewise.results import InterviewStep

SCREENS = ("screen_emergency_now", "screen_emergency_body")


def test_a_description_alone_is_never_complete(kb: KnowledgeBase) -> None:
    result = run_assessment("my calves twitch after slow walks, no weakness", kb=kb)
    assert not result.triage.complete
    assert set(SCREENS) <= set(result.triage.pending)
    if result.triage.level == TriageLevel.SELF_CARE:
        assert result.triage.reasons[0].id == "warning_signs_not_asked"


def test_sudden_loss_of_use_of_a_leg_is_an_emergency(kb: KnowledgeBase) -> None:
    result = run_assessment("I suddenly can't lift my left leg", kb=kb)
    assert result.triage.level == TriageLevel.EMERGENCY


def _screen_findings(kb: KnowledgeBase) -> list[str]:
    return [f for g in kb.groups.values() if g.screen != "none" for f in g.findings]


def test_dont_know_on_every_screen_never_yields_self_care(kb: KnowledgeBase) -> None:
    answers = dict.fromkeys(_screen_findings(kb), "unknown")
    result = run_assessment("my legs twitch", answers, kb=kb)
    assert result.triage.level.rank >= TriageLevel.URGENT.rank
    assert any(r.kind == "not_ruled_out" for r in result.triage.reasons)
    assert result.triage.complete


def test_no_on_every_screen_completes_the_triage(kb: KnowledgeBase) -> None:
    answers = dict.fromkeys(_screen_findings(kb), "no")
    result = run_assessment("my calves twitch after slow walks", answers, kb=kb)
    assert result.triage.complete and result.triage.pending == []


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("my dad's face has dropped on one side and his arm is weak", "stroke_tia"),
        (
            "my calf is swollen and hot on one side and now I'm short of breath",
            "deep_vein_thrombosis",
        ),
        ("numb between my legs and I can't pee, bad back pain", "cauda_equina_syndrome"),
        ("stood on a rusty nail last week and now my jaw is locked", "tetanus"),
    ],
)
def test_the_cause_a_warning_sign_points_to_comes_first(
    kb: KnowledgeBase, text: str, cause: str
) -> None:
    result = run_assessment(text, kb=kb)
    assert result.triage.level == TriageLevel.EMERGENCY
    assert cause in [c.id for c in result.causes[:2]]
    assert next(c for c in result.causes if c.id == cause).warning_sign


@pytest.mark.parametrize(
    ("likeliest", "leads"),
    [("stroke_tia", "stroke_tia"), ("muscle_cramp_spasm", "guillain_barre_syndrome")],
)
def test_the_likeliest_cause_leads_a_banner_only_if_it_needs_that_care(
    kb: KnowledgeBase, likeliest: str, leads: str
) -> None:
    """Under the banner for weak legs (nerves, spinal cord), a likelier stroke needs 999 too
    and leads; a likelier cramp does not, and the banner's cause comes first."""
    model = model_for(kb)
    index = {c: i for i, c in enumerate(model.cause_ids)}
    post = np.full(len(model.cause_ids), 0.001)
    post[index[likeliest]] = 0.9
    post[index["guillain_barre_syndrome"]] = 0.05
    flagged = Flagged((index["guillain_barre_syndrome"],), TriageLevel.EMERGENCY.rank)
    shown = shown_causes(model, post / post.sum(), flagged, model.cause_rank)
    assert model.cause_ids[shown[0]] == leads
    assert {model.cause_ids[i] for i in shown[:2]} == {likeliest, "guillain_barre_syndrome"}


def test_sciatica_with_both_cauda_equina_signs_ranks_cauda_equina_first(
    kb: KnowledgeBase,
) -> None:
    """Numbness around the bottom and a bladder change are rare in plain sciatica (NHS)."""
    text = "sciatica down my left leg for weeks, now my bum is numb and I can't pee"
    result = run_assessment(text, kb=kb)
    assert result.triage.level == TriageLevel.EMERGENCY
    assert result.causes[0].id == "cauda_equina_syndrome"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("my toddler has a temperature and her hands and feet are ice cold", TriageLevel.URGENT),
        ("I have a fever and my hands are cold to the touch", TriageLevel.URGENT),
        ("my hands and feet are always cold and my calves twitch", TriageLevel.SELF_CARE),
    ],
)
def test_a_high_temperature_with_cold_hands_and_feet_needs_help_today(
    kb: KnowledgeBase, text: str, level: TriageLevel
) -> None:
    """NHS: a high temperature but cold hands and feet is a sign of serious illness."""
    result = run_assessment(text, kb=kb)
    assert result.triage.level == level
    fired = {r.id for r in result.triage.reasons if r.kind == "red_flag"}
    assert ("rf_fever_cold_hands_feet" in fired) == (level == TriageLevel.URGENT)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("two weeks after my hip replacement I have a cramping pain in my calf", "urgent"),
        ("since the long flight home that calf keeps cramping and it hurts", "urgent"),
        ("I'm 77 with an old hip replacement and get a calf cramp in bed at times", "self_care"),
    ],
)
def test_a_calf_that_cramps_after_an_operation_or_a_journey_is_checked_today(
    kb: KnowledgeBase, text: str, level: str
) -> None:
    """NHS: a clot's pain throbs or cramps, usually in the calf; an old operation is no risk."""
    result = run_assessment(text, kb=kb)
    fired = {r.id for r in result.triage.reasons if r.kind == "red_flag"}
    assert ("rf_clot_risk_pain" in fired) == (level == "urgent"), fired
    assert result.triage.level == TriageLevel(level)


def test_a_baby_gone_limp_is_an_emergency(kb: KnowledgeBase) -> None:
    assert run_assessment("my baby has gone limp", kb=kb).triage.level == TriageLevel.EMERGENCY


@pytest.mark.parametrize(
    "text",
    ["my 3 week old jerks her arms and legs while she's asleep, it stops as soon as she wakes",
     "newborn's legs twitch and jump in his sleep, repeated little jerks",
     "our daughter is 4 days old and when she's asleep she shakes rhythmically"],
)  # fmt: skip
def test_a_young_babys_jerks_are_seen_by_a_doctor_once(kb: KnowledgeBase, text: str) -> None:
    told = run_assessment(text, kb=kb)  # a baby this young: the baby sleep pattern, not nerves
    assert told.causes[0].id == "benign_sleep_myoclonus_infant"
    assert told.triage.level.rank >= TriageLevel.DOCTOR.rank
    asked = run_assessment(text, {"infant_jerks_only_asleep": "yes"}, kb=kb)
    assert "rf_baby_jerks" in {r.id for r in asked.triage.reasons}


def test_under_an_emergency_lower_reasons_are_only_noted(kb: KnowledgeBase) -> None:
    result = run_assessment("chest pain and my legs have felt weak for months", kb=kb)
    assert result.triage.level == TriageLevel.EMERGENCY
    assert all(r.level == TriageLevel.EMERGENCY for r in result.triage.reasons)
    assert any(r.level != TriageLevel.EMERGENCY for r in result.triage.also_noted)


def test_every_red_flag_names_the_causes_it_points_to(kb: KnowledgeBase) -> None:
    assert [rf.id for rf in kb.red_flags.values() if not rf.causes] == []


def _withheld(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    return [
        (cause.id, advice.text, flag)
        for cause in kb.causes.values()
        for advice in cause.self_care
        for flag in advice.withheld_when
    ]


def test_advice_is_withheld_whenever_its_contraindicating_flag_fires(kb: KnowledgeBase) -> None:

    model = model_for(kb)
    cases = _withheld(kb)
    assert len(cases) >= 5
    for cause, text, flag in cases:
        rule = next(rf for rf in model.red_flags if rf.id == flag)
        term = sorted(_dnf(rule.rule)[0])
        answers = {model.finding_ids[j]: "yes" for j in term}
        linked = kb.causes[cause].likelihoods
        answers |= {f: "yes" for f, lk in linked.items() if lk.p >= 0.5 and f not in answers}
        try:
            result = run_assessment(answers=answers, kb=kb)
        except InputError:  # strong findings that exclude each other: the flag alone
            result = run_assessment(answers={model.finding_ids[j]: "yes" for j in term}, kb=kb)
        assert flag in {r.id for r in [*result.triage.reasons, *result.triage.also_noted]}
        assert text not in [a.text for a in result.advice], (cause, flag)


def test_default_levels_follow_the_clinical_brief(kb: KnowledgeBase) -> None:
    urgent = ["hypoglycemia", "infection_fever_rigors", "alcohol_withdrawal", "drug_withdrawal"]
    assert {c: kb.causes[c].triage for c in urgent} == dict.fromkeys(urgent, TriageLevel.URGENT)


HUNGER_SHAKES = "skipped breakfast and lunch, by 3pm my legs and hands went all trembly and sweaty"


def test_hunger_shakes_without_diabetes_are_a_doctor_visit_not_urgent(kb: KnowledgeBase) -> None:
    # Text alone keeps the urgent default (nothing is denied yet) ...
    assert run_assessment(HUNGER_SHAKES, kb=kb).triage.level == TriageLevel.URGENT
    # ... no diabetes and no sugar-lowering medicine lower it to the NHS's "see a GP" ...
    answers = {f: "no" for f in _screen_findings(kb)} | {"has_diabetes": "no"}
    calm = run_assessment(HUNGER_SHAKES, answers, kb=kb)
    assert calm.triage.level == TriageLevel.DOCTOR and calm.triage.complete
    # ... while one "don't know" about diabetes keeps it urgent.
    unsure = run_assessment(HUNGER_SHAKES, answers | {"has_diabetes": "unknown"}, kb=kb)
    assert unsure.triage.level == TriageLevel.URGENT
    # And insulin brings the hypo warning sign back whatever the other answers.
    on_insulin = run_assessment(
        HUNGER_SHAKES, answers | {"has_diabetes": "yes", "insulin_or_sulfonylurea": "yes"}, kb=kb
    )
    assert on_insulin.triage.level.rank >= TriageLevel.URGENT.rank


def test_slurred_speech_with_diabetes_names_a_severe_low_beside_a_stroke(
    kb: KnowledgeBase,
) -> None:
    """NHS low blood sugar: an untreated hypo goes on to slurred speech, confusion and fits.
    With diabetes the low is named, and listed first when it is the likelier; without
    diabetes the same words name only the stroke."""
    text = "I'm on insulin, my legs went shaky and sweaty and now my speech is all slurry"
    result = run_assessment(text, kb=kb)
    assert result.triage.level == TriageLevel.EMERGENCY
    assert "rf_hypo_severe_signs" in {r.id for r in result.triage.reasons}
    assert result.causes[0].id == "hypoglycemia"
    plain = run_assessment("my legs went shaky and now my speech is all slurry", kb=kb)
    reasons = [*plain.triage.reasons, *plain.triage.also_noted]
    assert "rf_hypo_severe_signs" not in {r.id for r in reasons}
    blurred_only = {"has_diabetes": "yes", "vision_change": "yes", "shaky_sweaty_hungry": "no"}
    reasons = run_assessment(None, blurred_only, kb=kb).triage.reasons
    assert "rf_hypo_severe_signs" not in {r.id for r in reasons}


def test_light_hurting_the_eyes_with_a_fever_is_an_emergency_with_a_headache_alone_not(
    kb: KnowledgeBase,
) -> None:
    """NICE NG240: dislike of light with a fever can be meningitis; with a headache and no
    fever it is most often a migraine."""
    fever = {"light_hurts_eyes": "yes", "fever": "yes"}
    flags = {r.id for r in run_assessment(None, fever, kb=kb).triage.reasons}
    assert "rf_meningitis_signs" in flags
    migraine = {"light_hurts_eyes": "yes", "severe_headache": "yes", "fever": "no"}
    result = run_assessment(None, migraine, kb=kb)
    reasons = [*result.triage.reasons, *result.triage.also_noted]
    assert "rf_meningitis_signs" not in {r.id for r in reasons}


def test_heat_exhaustion_is_not_heatstroke(kb: KnowledgeBase) -> None:
    assert "heat exhaustion" not in kb.findings["heat_confusion_hot_dry_skin"].synonyms


def test_an_unsure_emergency_reading_is_confirmed_before_the_result(kb: KnowledgeBase) -> None:
    text = "I think her mouth looks a bit droopy"
    first = interview_step(text, {}, kb=kb)
    assert first.question is not None and first.question.screen == "confirm"
    finding = first.question.choices[0].finding
    assert run_assessment(text, kb=kb).triage.level == TriageLevel.EMERGENCY  # text alone: safe
    yes = interview_step(text, {finding: "yes"}, kb=kb)
    assert yes.question is None and yes.triage.level == TriageLevel.EMERGENCY
    no = interview_step(text, {finding: "no"}, kb=kb)
    assert no.triage.level != TriageLevel.EMERGENCY or no.question is None


def test_a_stroke_sign_told_without_its_start_is_taken_as_sudden_then_asked(
    kb: KnowledgeBase,
) -> None:
    text = "my speech has gone slurred and my legs feel shaky"
    alone = run_assessment(text, kb=kb)
    assert alone.triage.level == TriageLevel.EMERGENCY  # when unsure, escalate
    onset = next(e for e in alone.evidence if e.finding == "sudden_onset")
    assert onset.assumed and not onset.certain and onset.phrase == "slurred"
    step = interview_step(text, {}, kb=kb)
    assert step.question is not None and step.question.id == "confirm_sudden_onset"
    assert step.question.text.startswith("You wrote “slurred”. Did it start suddenly")
    gradual = interview_step(text, {"sudden_onset": "no"}, kb=kb)
    assert gradual.triage.level == TriageLevel.URGENT
    sudden = interview_step(text, {"sudden_onset": "yes"}, kb=kb)
    assert sudden.question is None and sudden.triage.level == TriageLevel.EMERGENCY


def test_a_sign_lasting_minutes_or_days_is_still_taken_as_sudden(kb: KnowledgeBase) -> None:
    """A few minutes says how long, not how it began: a stroke sign may pass."""
    text = "lost the sight in my right eye for a few minutes, then my leg went trembly"
    result = run_assessment(text, kb=kb)
    assert result.triage.level == TriageLevel.EMERGENCY
    assert any(e.finding == "sudden_onset" and e.assumed for e in result.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "my speech has been slurred for years with my MS",
        "my speech has got more slurred over the last few months",
        "I've had blurry vision for 3 weeks and my legs shake",
    ],
)
def test_a_stroke_sign_placed_in_time_is_not_assumed_sudden(kb: KnowledgeBase, text: str) -> None:
    result = run_assessment(text, kb=kb)
    assert not any(e.assumed for e in result.evidence)
    assert result.triage.level != TriageLevel.EMERGENCY


def test_a_sure_emergency_reading_goes_straight_to_the_result(kb: KnowledgeBase) -> None:
    step = interview_step("my dad's face has dropped on one side", {}, kb=kb)
    assert step.question is None and step.triage.level == TriageLevel.EMERGENCY


def answer_no_throughout(
    kb: KnowledgeBase, text: str | None, answers: dict[str, str], max_screens: int
) -> tuple[list[str], InterviewStep]:
    """Drive the interview answering "no" to every new question; the findings asked, in
    order, and the last step."""
    answers = dict(answers)
    asked: list[str] = []
    for _ in range(max_screens):
        step = interview_step(text, answers, kb=kb)
        if step.question is None:
            break
        asked += [c.finding for c in step.question.choices]
        answers |= {c.finding: "no" for c in step.question.choices if c.finding not in answers}
    return asked, step


def test_the_interview_asks_what_decides_the_level_before_stopping(kb: KnowledgeBase) -> None:
    """A restless-legs story must reach "is it disturbing your sleep?" before self-care."""
    text = "every evening my legs feel crawly and I have to get up and move, walking helps"
    asked, step = answer_no_throughout(kb, text, {}, max_screens=40)
    assert "interferes_sleep_daily_life" in asked
    assert step.triage.complete


def test_every_warning_screen_finding_can_escalate(kb: KnowledgeBase) -> None:
    """A screen asks only about warning signs: each finding on it feeds a red flag."""
    flagged = {f for rf in kb.red_flags.values() for f in condition_findings(rf.when)}
    on_screens = {f for g in kb.groups.values() if g.screen != "none" for f in g.findings}
    assert on_screens <= flagged, on_screens - flagged


@pytest.mark.parametrize(
    ("told", "needed"),
    [
        ("calf_swelling_one_leg", "coughing_blood"),  # a clot that may have reached the lungs
        ("fever", "child_limp_refuses_walk"),  # a septic joint in a child
        ("back_pain_severe_new", "stiffness_spasms_leg"),  # cord compression
    ],
)
def test_one_answer_from_an_emergency_is_always_asked(
    kb: KnowledgeBase, told: str, needed: str
) -> None:
    """When one more "yes" would make an emergency, that question is asked however unlikely
    the model thinks it, as a nurse on the phone would."""
    asked, _ = answer_no_throughout(kb, None, {told: "yes"}, max_screens=60)
    assert needed in asked


def test_leg_weakness_that_keeps_getting_worse_needs_a_doctor_today(kb: KnowledgeBase) -> None:
    """NHS Guillain-Barre: symptoms usually get worse over the first weeks, and someone who
    may have it should get an urgent GP appointment or call 111. Weakness alone, not said
    to be worsening, stays a routine appointment."""
    worsening = run_assessment(None, {"weakness_leg": "yes", "worsening_over_time": "yes"}, kb=kb)
    assert "rf_weakness_worsening" in {r.id for r in worsening.triage.reasons}
    assert worsening.triage.level.rank >= TriageLevel.URGENT.rank
    steady = run_assessment(None, {"weakness_leg": "yes", "worsening_over_time": "no"}, kb=kb)
    fired = {r.id for r in [*steady.triage.reasons, *steady.triage.also_noted]}
    assert "rf_weakness_worsening" not in fired


def test_back_pain_or_weakness_after_cancer_is_checked_for_spread_to_the_spine(
    kb: KnowledgeBase,
) -> None:
    """NICE (MSCC): new spinal pain in someone with cancer is discussed within 24 hours, and
    with new limb weakness, trouble walking or bladder trouble at once. A past cancer is a
    risk factor and keeps its past ("breast cancer years ago" still counts); a relative's
    cancer in the writer's own message is family history and does not."""
    pain = run_assessment("I had prostate cancer a few years ago and now my back hurts", kb=kb)
    assert "rf_new_signs_after_cancer" in {r.id for r in pain.triage.reasons}
    assert pain.triage.level == TriageLevel.URGENT
    weak = run_assessment(
        None, {"past_cancer": "yes", "back_pain_down_leg": "yes", "weakness_leg": "yes"}, kb=kb
    )
    assert "rf_spine_after_cancer" in {r.id for r in weak.triage.reasons}
    assert weak.triage.level == TriageLevel.EMERGENCY
    assert weak.causes[0].id == "spinal_cord_compression"
    relative = run_assessment(
        "My mum had breast cancer years ago. I get cramps in my calves at night", kb=kb
    )
    fired = {r.id for r in [*relative.triage.reasons, *relative.triage.also_noted]}
    assert not fired & {"rf_new_signs_after_cancer", "rf_spine_after_cancer"}
