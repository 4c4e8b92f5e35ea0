"""The triage level and the reasons for it: red flags, probability, warning signs the
person could not rule out, and the screens still to ask before a result is complete."""

from __future__ import annotations

import numpy as np

from shakewise.assessment.causes import SHOWN_PROBABILITY
from shakewise.engine import Evidence, Model, TriageDecision, decide_triage, most_likely_first
from shakewise.knowledge import KnowledgeBase
from shakewise.knowledge.schema import TriageLevel
from shakewise.results import EvidenceItem, Reason, TriageResult

RANKED = sorted(TriageLevel, key=lambda lv: lv.rank)


# When a warning-sign screen is answered "don't know", the level cannot fall below these:
# an unanswered emergency sign needs a same-day check, an unanswered urgent sign a doctor
# ("when unsure, escalate": clinical brief §2; NHS 111 asks again rather than reassure).
NOT_RULED_OUT_FLOOR = {
    "emergency": TriageLevel.URGENT,
    "urgent": TriageLevel.DOCTOR,
    "doctor": TriageLevel.DOCTOR,
}


def _screen_findings(kb: KnowledgeBase) -> dict[str, str]:
    """Every finding on a warning-sign screen, and that screen's kind."""
    return {
        f: g.screen
        for g in kb.groups.values()
        if g.screen in NOT_RULED_OUT_FLOOR
        for f in g.findings
    }


def pending_screens(kb: KnowledgeBase, items: list[EvidenceItem], level: TriageLevel) -> list[str]:
    """Warning-sign screens the person has not answered yet (a description is not an answer);
    the see-a-doctor screen only matters before a self-care result."""
    answered = {i.finding for i in items if i.source != "text"}
    kinds = {"emergency", "urgent"} | ({"doctor"} if level == TriageLevel.SELF_CARE else set())
    return [
        g.id for g in kb.groups.values() if g.screen in kinds and not set(g.findings) <= answered
    ]


def _not_ruled_out(kb: KnowledgeBase, items: list[EvidenceItem]) -> Reason | None:
    screens = _screen_findings(kb)
    unsure = [i.finding for i in items if i.source != "text" and i.state == "unknown"]
    unsure = [f for f in unsure if f in screens]
    if not unsure:
        return None
    level = max((NOT_RULED_OUT_FLOOR[screens[f]] for f in unsure), key=lambda lv: lv.rank)
    names = "; ".join(kb.findings[f].question.rstrip("?") for f in unsure[:4])
    more = f" (and {len(unsure) - 4} more)" if len(unsure) > 4 else ""
    return Reason(
        kind="not_ruled_out",
        id="warning_signs_not_ruled_out",
        level=level,
        message="You were not sure about some warning signs, so we cannot rule them out:"
        f" {names}{more}.",
        action="If any of these is happening, call 999 (or your local emergency number) now."
        + (
            " Otherwise get checked today: call 111 or your GP."
            if level == TriageLevel.URGENT
            else " Otherwise book a doctor's appointment."
        ),
    )


def _probability_reason(
    kb: KnowledgeBase, model: Model, post: np.ndarray, decision: TriageDecision
) -> Reason | None:
    """The reason probability alone gives, naming the likeliest causes that need it."""
    if decision.escalated_to is None:
        return None
    prob_level = RANKED[decision.escalated_to]
    ranks = decision.cause_ranks
    serious = [
        kb.causes[model.cause_ids[i]].name
        for i in most_likely_first(model, post)
        if ranks[i] >= decision.escalated_to and post[i] >= SHOWN_PROBABILITY
    ][:3]
    return Reason(
        kind="probability",
        id=f"possible_{prob_level.value}_cause",
        level=prob_level,
        message=f"What you describe fits causes that need this level of care"
        f" ({decision.mass:.0%} in all): " + "; ".join(serious) + ".",
    )


def triage_result(
    kb: KnowledgeBase, model: Model, vec: Evidence, post: np.ndarray, items: list[EvidenceItem]
) -> TriageResult:
    """The level and every reason for it: red flags, probability, signs not ruled out."""
    decision = decide_triage(model, vec, post)
    reasons = [
        Reason(
            kind="red_flag",
            id=rf.id,
            level=rf.level,
            message=kb.red_flags[rf.id].message,
            action=kb.red_flags[rf.id].action,
        )
        for rf in decision.red_flags
    ]
    by_probability = _probability_reason(kb, model, post, decision)
    if by_probability is not None:
        reasons.append(by_probability)
    unsure = _not_ruled_out(kb, items)
    if unsure is not None:
        reasons.append(unsure)
    rank = max([decision.rank, *(r.level.rank for r in reasons)])
    level = RANKED[rank]
    pending = pending_screens(kb, items, level)
    complete = not pending or level == TriageLevel.EMERGENCY
    if not reasons:
        reasons.append(_baseline_reason(level, complete))
    wording = next(lw for lw in kb.meta.levels if lw.level == level)
    return TriageResult(
        level=level,
        label=wording.label,
        headline=wording.headline,
        action=wording.action,
        reasons=[r for r in reasons if r.level == level],
        also_noted=[r for r in reasons if r.level != level],
        complete=complete,
        pending=[] if complete else pending,
    )


def _baseline_reason(level: TriageLevel, complete: bool) -> Reason:
    if complete:
        return Reason(
            kind="baseline",
            id="no_warning_signs",
            level=level,
            message="None of your answers is a warning sign, and the likely causes can"
            " usually be managed at home.",
        )
    return Reason(
        kind="pending",
        id="warning_signs_not_asked",
        level=level,
        message="We have not asked about warning signs yet, so this is not yet a safe answer.",
        action="Answer the warning-sign questions before you rely on this.",
    )
