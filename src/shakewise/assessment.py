"""The one assessment pipeline every interface calls: input → evidence → inference →
triage → presentation.

`assess()` returns the JSON-ready structure of DESIGN.md; `run_assessment()` the typed
`Assessment` (`results.py`) it is dumped from; the interview lives in `interview.py`.
Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import numpy as np

from shakewise.engine import (
    NO,
    UNKNOWN,
    YES,
    Evidence,
    Model,
    cause_ranks,
    compile_model,
    contributions,
    decide_triage,
    fired_red_flags,
    information_gain,
    posterior,
)
from shakewise.errors import InputError
from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.schema import FindingKind, TriageLevel
from shakewise.language import parse_text, subject_of
from shakewise.results import (
    AdviceItem,
    Assessment,
    CauseResult,
    EvidenceItem,
    NextQuestion,
    Reason,
    SeekHelpItem,
    SourceRef,
    State,
    TriageResult,
    Why,
)

STATE_VALUES: dict[str, int] = {"yes": YES, "no": NO, "unknown": UNKNOWN}
AS_STATE: dict[str, State] = {"yes": "yes", "no": "no", "unknown": "unknown"}
ANSWER_ALIASES = {
    "y": "yes", "true": "yes", "1": "yes", "n": "no", "false": "no", "0": "no",
    "dont know": "unknown", "don't know": "unknown", "dk": "unknown", "?": "unknown",
    "not sure": "unknown",
}  # fmt: skip
RANKED = sorted(TriageLevel, key=lambda lv: lv.rank)
MAX_CAUSES_SHOWN = 5
MAX_WHY = 4


@cache
def model_for(kb: KnowledgeBase) -> Model:
    """The compiled model of a knowledge base, built once."""
    return compile_model(kb)


def normalise_answers(answers: Mapping[str, str], kb: KnowledgeBase) -> dict[str, State]:
    """Check answer ids and values; refuse answers that contradict each other."""
    clean: dict[str, State] = {}
    for finding, raw in answers.items():
        kb.finding(finding)  # raises UnknownFindingError with suggestions
        value = ANSWER_ALIASES.get(str(raw).strip().lower(), str(raw).strip().lower())
        state = AS_STATE.get(value)
        if state is None:
            raise InputError(
                f"Answer for '{finding}' is '{raw}'; use yes, no or unknown (don't know)."
            )
        clean[finding] = state
    for finding, value in clean.items():
        for other in kb.findings[finding].excludes:
            if value == "yes" and clean.get(other) == "yes":
                raise InputError(
                    f"Answers contradict each other: '{finding}' and '{other}' cannot both be"
                    " yes. Change one of them."
                )
    return clean


def gather_evidence(
    kb: KnowledgeBase,
    text: str | None,
    answers: Mapping[str, str] | None,
    measured: Mapping[str, str] | None = None,
    logged: Mapping[str, str] | None = None,
) -> list[EvidenceItem]:
    """Evidence from text, the diary's patterns, measurements, then answers; a later source
    overrides an earlier one."""
    items: dict[str, EvidenceItem] = {}
    if text is not None:
        for ev in parse_text(text, kb):
            items[ev.finding] = EvidenceItem(
                finding=ev.finding,
                state=ev.state,
                source="text",
                span=ev.span,
                phrase=ev.phrase,
                question=kb.findings[ev.finding].question,
                certain=ev.certain,
            )
    for finding in measured or {}:
        if finding in kb.findings and kb.findings[finding].kind != FindingKind.MEASUREMENT:
            raise InputError(f"'{finding}' is not a measurement; send it as an answer instead.")
    for source, given in (("diary", logged), ("measurement", measured), ("answer", answers)):
        for finding, state in normalise_answers(given or {}, kb).items():
            items[finding] = EvidenceItem(
                finding=finding,
                state=state,
                source=source,
                question=kb.findings[finding].question,
            )
    return list(items.values())


def evidence_vector(model: Model, items: list[EvidenceItem]) -> Evidence:
    vec = np.zeros(len(model.finding_ids), np.int8)
    index = model.finding_index
    for item in items:
        vec[index[item.finding]] = STATE_VALUES[item.state]
    return vec


def _why(
    kb: KnowledgeBase, model: Model, vec: Evidence, cause: int, said: Mapping[str, str]
) -> list[Why]:
    out = []
    for c in contributions(model, vec, cause)[:MAX_WHY]:
        raises = c.ratio > 1
        label = kb.findings[c.finding].question.rstrip("?")
        how = "You said" if said.get(c.finding) == "text" else "You answered"
        out.append(
            Why(
                finding=c.finding,
                answer=c.state,
                likelihood_ratio=round(c.ratio, 2),
                direction="raises" if raises else "lowers",
                text=f"{label}? {how} {c.state}: "
                + ("makes this more likely" if raises else "makes this less likely")
                + f" ({_times(c.ratio)}).",
            )
        )
    return out


def _times(ratio: float) -> str:
    """A likelihood ratio in words a worried reader can follow ("3 times", "a third")."""
    if ratio >= 1:
        return f"about {ratio:.0f} times as likely" if ratio >= 2 else "a little more likely"
    return f"about 1/{1 / ratio:.0f} as likely" if ratio <= 0.5 else "a little less likely"


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


def _triage(
    kb: KnowledgeBase, model: Model, vec: Evidence, post: np.ndarray, items: list[EvidenceItem]
) -> TriageResult:
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
    if decision.escalated_to is not None:
        prob_level = RANKED[decision.escalated_to]
        ranks = cause_ranks(model, vec)
        serious = [
            kb.causes[model.cause_ids[i]].name
            for i in np.argsort(-post)
            if ranks[i] >= decision.escalated_to and post[i] >= SHOWN_PROBABILITY
        ][:3]
        reasons.append(
            Reason(
                kind="probability",
                id=f"possible_{prob_level.value}_cause",
                level=prob_level,
                message=f"What you describe fits causes that need this level of care"
                f" ({decision.mass:.0%} in all): " + "; ".join(serious) + ".",
            )
        )
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


def suggested_questions(
    kb: KnowledgeBase, model: Model, vec: Evidence, post: np.ndarray, n: int = 3
) -> list[NextQuestion]:
    """The most informative questions still open, for a person to answer next."""
    gain = information_gain(model, post)
    gain[(vec != UNKNOWN) | ~model.askable] = 0.0
    singles = [j for j in np.argsort(-gain) if gain[j] > 0.01][:n]
    return [
        NextQuestion(
            id=model.finding_ids[j],
            type="single",
            text=kb.findings[model.finding_ids[j]].question,
            findings=[model.finding_ids[j]],
        )
        for j in singles
    ]


SHOWN_PROBABILITY = 0.02  # causes less likely than this are not listed
ADVICE_PROBABILITY = 0.10  # self-care advice only from causes at least this likely
ADVICE_CAUSES = 3  # and only from the three most likely


def _shown_causes(model: Model, post: np.ndarray, flagged: list[int]) -> list[int]:
    """Most likely first, except that the causes a fired warning sign points to lead (at
    most two): under an emergency banner for a stroke, stroke is not listed fifth."""
    order = [int(i) for i in np.argsort(-post)]
    first = [i for i in order if i in flagged][:2]
    rest = [i for i in order[:MAX_CAUSES_SHOWN] if post[i] >= SHOWN_PROBABILITY]
    keep = first + [i for i in rest if i not in first]
    return keep[:MAX_CAUSES_SHOWN] or order[:1]


LEAD_FROM = TriageLevel.URGENT  # warning signs from this level put their causes first


def _flagged_causes(model: Model, vec: Evidence) -> list[int]:
    """The causes the most urgent fired warning signs point to, when they are urgent or an
    emergency (a see-a-doctor sign such as poor sleep says little about which cause)."""
    fired = fired_red_flags(model, vec)
    top = fired[0].level.rank if fired else 0
    if top < LEAD_FROM.rank:
        return []
    return [c for rf in fired if rf.level.rank == top for c in rf.causes]


def _advice(
    kb: KnowledgeBase,
    model: Model,
    post: np.ndarray,
    shown: list[int],
    triage: TriageResult,
) -> tuple[list[AdviceItem], list[SeekHelpItem]]:
    fired = {r.id for r in [*triage.reasons, *triage.also_noted] if r.kind == "red_flag"}
    advice: dict[str, AdviceItem] = {}
    seek: dict[str, SeekHelpItem] = {}
    for rank, i in enumerate(shown):
        if rank > 0 and post[i] < ADVICE_PROBABILITY and i not in shown[:2]:
            break
        cause = kb.causes[model.cause_ids[i]]
        if triage.level != TriageLevel.EMERGENCY and rank < ADVICE_CAUSES:
            for a in cause.self_care:
                if fired.isdisjoint(a.withheld_when):
                    advice.setdefault(
                        a.text, AdviceItem(text=a.text, cause=cause.id, sources=list(a.sources))
                    )
        for s in cause.seek_help:
            seek.setdefault(
                s.text,
                SeekHelpItem(level=s.level, text=s.text, cause=cause.id, sources=list(s.sources)),
            )
    ordered = sorted(seek.values(), key=lambda s: -s.level.rank)
    return list(advice.values()), ordered


def run_assessment(
    text: str | None = None,
    answers: Mapping[str, str] | None = None,
    *,
    measured: Mapping[str, str] | None = None,
    logged: Mapping[str, str] | None = None,
    kb: KnowledgeBase | None = None,
) -> Assessment:
    """Assess a description and/or answers. Raises InputError on unusable input.

    `logged`: findings from the person's diary patterns (persisting, worsening...)."""
    kb = kb or load_knowledge()
    if text is None and not answers and not measured:
        raise InputError("Nothing to assess: give a description (--text) or answers (--answer).")
    return assess_items(kb, gather_evidence(kb, text, answers, measured, logged), text)


def assess_items(
    kb: KnowledgeBase, items: list[EvidenceItem], text: str | None = None
) -> Assessment:
    """The assessment of evidence already gathered (the interview reuses it)."""
    model = model_for(kb)
    vec = evidence_vector(model, items)
    post = posterior(model, vec)
    triage = _triage(kb, model, vec, post, items)
    flagged = _flagged_causes(model, vec)
    shown = _shown_causes(model, post, flagged)
    said = {i.finding: i.source for i in items}
    causes = [
        CauseResult(
            id=cause.id,
            name=cause.name,
            probability=round(float(post[i]), 4),
            icd10=cause.icd10,
            usual_triage=cause.triage,
            summary=cause.summary,
            why=_why(kb, model, vec, i, said),
            warning_sign=i in flagged,
        )
        for i in shown
        for cause in [kb.causes[model.cause_ids[i]]]
    ]
    advice, seek = _advice(kb, model, post, shown, triage)
    cited = [src for a in advice for src in a.sources] + [src for h in seek for src in h.sources]
    cited += [s for c in causes for s in kb.causes[c.id].sources]
    flags = [r for r in [*triage.reasons, *triage.also_noted] if r.kind == "red_flag"]
    cited += [s for r in flags for s in kb.red_flags[r.id].sources]
    return Assessment(
        subject=subject_of(text).value if text else "self",
        triage=triage,
        causes=causes,
        evidence=items,
        advice=advice,
        seek_help=seek,
        next_questions=suggested_questions(kb, model, vec, post),
        sources=[
            SourceRef(id=s.id, title=s.title, publisher=s.publisher, url=s.url)
            for s in kb.cited_sources(cited)
        ],
        knowledge_version=kb.version,
        knowledge_date=kb.meta.date,
        disclaimer=kb.meta.disclaimer,
    )


def assess(
    text: str | None = None,
    answers: Mapping[str, str] | None = None,
    *,
    measured: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """The assessment as a JSON-ready dict (the shape of `shakewise assess --json`)."""
    return run_assessment(text, answers, measured=measured).model_dump(mode="json")
