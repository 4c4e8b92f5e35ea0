"""The one assessment pipeline every interface calls: input → evidence → inference →
triage → presentation.

`assess()` returns the JSON-ready structure of DESIGN.md; `run_assessment()` the typed
`Assessment` it is dumped from. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from shakewise.engine import (
    NO,
    UNKNOWN,
    YES,
    Evidence,
    Model,
    Question,
    compile_model,
    contributions,
    decide_triage,
    information_gain,
    next_question,
    posterior,
)
from shakewise.errors import InputError
from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.schema import FindingKind, TriageLevel
from shakewise.language import parse_text

State = Literal["yes", "no", "unknown"]
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


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class EvidenceItem(Out):
    finding: str
    state: State
    source: Literal["text", "diary", "answer", "measurement"]
    span: tuple[int, int] | None = None
    phrase: str | None = None
    question: str


class Why(Out):
    finding: str
    answer: Literal["yes", "no"]
    likelihood_ratio: float
    direction: Literal["raises", "lowers"]
    text: str


class CauseResult(Out):
    id: str
    name: str
    probability: float
    icd10: str
    usual_triage: TriageLevel
    summary: str
    why: list[Why]


class Reason(Out):
    kind: Literal["red_flag", "probability", "baseline"]
    id: str
    level: TriageLevel
    message: str
    action: str | None = None


class TriageResult(Out):
    level: TriageLevel
    label: str
    headline: str
    action: str
    reasons: list[Reason]


class AdviceItem(Out):
    text: str
    cause: str
    sources: list[str]


class SeekHelpItem(Out):
    level: TriageLevel
    text: str
    cause: str | None
    sources: list[str]


class NextQuestion(Out):
    id: str
    type: str
    text: str
    findings: list[str]


class SourceRef(Out):
    id: str
    title: str
    publisher: str
    url: str | None


class Assessment(Out):
    id: str | None = None
    triage: TriageResult
    causes: list[CauseResult]
    evidence: list[EvidenceItem]
    advice: list[AdviceItem]
    seek_help: list[SeekHelpItem]
    next_questions: list[NextQuestion]
    sources: list[SourceRef]
    knowledge_version: str
    knowledge_date: str
    disclaimer: str


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


def _why(kb: KnowledgeBase, model: Model, vec: Evidence, cause: int) -> list[Why]:
    out = []
    for c in contributions(model, vec, cause)[:MAX_WHY]:
        raises = c.ratio > 1
        label = kb.findings[c.finding].question.rstrip("?")
        answer = "yes" if c.state == "yes" else "no"
        out.append(
            Why(
                finding=c.finding,
                answer=c.state,
                likelihood_ratio=round(c.ratio, 2),
                direction="raises" if raises else "lowers",
                text=f"{label}? You answered {answer}: "
                + ("makes this more likely" if raises else "makes this less likely")
                + f" (×{c.ratio:.2g}).",
            )
        )
    return out


def _triage(kb: KnowledgeBase, model: Model, vec: Evidence, post: np.ndarray) -> TriageResult:
    decision = decide_triage(model, vec, post)
    level = RANKED[decision.rank]
    wording = next(lw for lw in kb.meta.levels if lw.level == level)
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
        serious = [
            kb.causes[model.cause_ids[i]].name
            for i in np.argsort(-post)
            if model.cause_rank[i] >= decision.escalated_to and post[i] >= 0.02
        ][:3]
        reasons.append(
            Reason(
                kind="probability",
                id=f"possible_{prob_level.value}_cause",
                level=prob_level,
                message=f"Your answers fit causes that need this level of care"
                f" ({decision.mass:.0%} in all): " + "; ".join(serious) + ".",
            )
        )
    if not reasons:
        reasons.append(
            Reason(
                kind="baseline",
                id="no_warning_signs",
                level=level,
                message="None of your answers is a warning sign, and the likely causes can"
                " usually be managed at home.",
            )
        )
    return TriageResult(
        level=level,
        label=wording.label,
        headline=wording.headline,
        action=wording.action,
        reasons=reasons,
    )


def _question_text(kb: KnowledgeBase, q: Question) -> str:
    group = kb.groups.get(q.id)
    return group.text if group else kb.findings[q.id].question


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


def _shown_causes(post: np.ndarray) -> list[int]:
    order = [int(i) for i in np.argsort(-post)]
    keep = [i for i in order[:MAX_CAUSES_SHOWN] if post[i] >= 0.02]
    return keep or order[:1]


def _advice(
    kb: KnowledgeBase, model: Model, post: np.ndarray, shown: list[int], level: TriageLevel
) -> tuple[list[AdviceItem], list[SeekHelpItem]]:
    advice: dict[str, AdviceItem] = {}
    seek: dict[str, SeekHelpItem] = {}
    for rank, i in enumerate(shown):
        if rank > 0 and post[i] < 0.1:
            break
        cause = kb.causes[model.cause_ids[i]]
        if level != TriageLevel.EMERGENCY and rank < 3:
            for a in cause.self_care:
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
    return _assess(kb, gather_evidence(kb, text, answers, measured, logged))


def _assess(kb: KnowledgeBase, items: list[EvidenceItem]) -> Assessment:
    model = model_for(kb)
    vec = evidence_vector(model, items)
    post = posterior(model, vec)
    triage = _triage(kb, model, vec, post)
    shown = _shown_causes(post)
    causes = [
        CauseResult(
            id=cause.id,
            name=cause.name,
            probability=round(float(post[i]), 4),
            icd10=cause.icd10,
            usual_triage=cause.triage,
            summary=cause.summary,
            why=_why(kb, model, vec, i),
        )
        for i in shown
        for cause in [kb.causes[model.cause_ids[i]]]
    ]
    advice, seek = _advice(kb, model, post, shown, triage.level)
    cited = [src for a in advice for src in a.sources] + [src for h in seek for src in h.sources]
    cited += [s for c in causes for s in kb.causes[c.id].sources]
    cited += [s for r in triage.reasons if r.kind == "red_flag" for s in kb.red_flags[r.id].sources]
    return Assessment(
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


class Choice(Out):
    finding: str
    text: str
    help: str


class InterviewQuestion(Out):
    id: str
    type: str  # "single" | "group_multiple" | "group_single"
    text: str
    help: str | None
    screen: str  # "emergency" | "urgent" | "none"
    choices: list[Choice]


class InterviewStep(Out):
    """One step of a stateless interview: the client sends every answer so far."""

    question: InterviewQuestion | None
    should_stop: bool
    asked: list[str]
    triage: TriageResult
    causes: list[CauseResult]
    result: Assessment | None = None


def _interview_question(kb: KnowledgeBase, model: Model, q: Question) -> InterviewQuestion:
    group = kb.groups.get(q.id)
    findings = [kb.findings[model.finding_ids[j]] for j in q.findings]
    return InterviewQuestion(
        id=q.id,
        type=q.type,
        text=group.text if group else findings[0].question,
        help=group.help if group else findings[0].help,
        screen=q.screen,
        choices=[Choice(finding=f.id, text=f.question, help=f.help) for f in findings],
    )


def answered_questions(model: Model, answers: Mapping[str, str]) -> list[str]:
    """Screens already shown: every finding on them has an answer (don't know included)."""
    return [
        q.id for q in model.questions if all(model.finding_ids[j] in answers for j in q.findings)
    ]


def interview_step(
    text: str | None = None,
    answers: Mapping[str, str] | None = None,
    *,
    measured: Mapping[str, str] | None = None,
    logged: Mapping[str, str] | None = None,
    kb: KnowledgeBase | None = None,
) -> InterviewStep:
    """The next screen to show for these answers, or the result when the interview is done."""
    kb = kb or load_knowledge()
    model = model_for(kb)
    answers = answers or {}
    items = gather_evidence(kb, text or None, answers, measured, logged)
    asked = answered_questions(model, answers)
    q = next_question(model, evidence_vector(model, items), asked)
    result = _assess(kb, items)
    return InterviewStep(
        question=_interview_question(kb, model, q) if q else None,
        should_stop=q is None,
        asked=asked,
        triage=result.triage,
        causes=result.causes,
        result=result if q is None else None,
    )
