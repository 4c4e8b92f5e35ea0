"""The typed results every interface shows: an assessment, and one step of the interview.

Frozen pydantic models: the pipeline builds them once from validated parts, the web and
CLI render them, and `model_dump(mode="json")` is the JSON contract of DESIGN.md.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from shakewise.knowledge.schema import TriageLevel

State = Literal["yes", "no", "unknown"]


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class EvidenceItem(Out):
    finding: str
    state: State
    source: Literal["text", "diary", "answer", "measurement"]
    span: tuple[int, int] | None = None
    phrase: str | None = None
    question: str
    # False when the reader was unsure the words describe a sign happening now ("I think
    # her mouth looks a bit crooked"): still counted, but the interview asks to confirm.
    certain: bool = True
    # True when no words said it: the safer reading taken until the person answers (a
    # stroke sign told without when it began is taken as sudden); asked to confirm.
    assumed: bool = False


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
    warning_sign: bool = False  # listed first because a warning sign points to it


class Reason(Out):
    kind: Literal["red_flag", "probability", "not_ruled_out", "pending", "baseline"]
    id: str
    level: TriageLevel
    message: str
    action: str | None = None


class TriageResult(Out):
    level: TriageLevel
    label: str
    headline: str
    action: str
    reasons: list[Reason]  # the reasons for this level, each with what to do
    also_noted: list[Reason] = []  # reasons for a lower level, shown as notes not actions
    # False until every emergency and urgent screen has been answered: before that the
    # level is the best reading of what was said, not a reassurance (integrators must ask
    # the `pending` screens, see /api/v1/interview).
    complete: bool
    pending: list[str]


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
    # whose symptoms: the writer's, or someone they write about ("my dad..."): the screens
    # then ask about that person
    subject: Literal["self", "other"] = "self"
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


class Choice(Out):
    finding: str
    text: str
    help: str


class InterviewQuestion(Out):
    id: str
    type: str  # "single" | "group_multiple" | "group_single"
    text: str
    help: str | None
    screen: str  # "emergency" | "urgent" | "confirm" | "none"
    choices: list[Choice]


class InterviewStep(Out):
    """One step of a stateless interview: the client sends every answer so far."""

    question: InterviewQuestion | None
    should_stop: bool
    asked: list[str]
    subject: Literal["self", "other"] = "self"
    triage: TriageResult
    causes: list[CauseResult]
    result: Assessment | None = None
