"""Score the assessment on vignettes: accuracy, triage safety, calibration, screens.

A vignette is one JSON line: {"id", "text" | "answers", "expected_causes",
"expected_triage"}. Top-1 counts when the leading cause is the first expected cause or any
other listed one; top-3 when any expected cause is among the first three. Screens are
counted by replaying the adaptive interview with answers taken from the vignette's facts
(a fact the vignette does not state is answered "no", as a person without it would).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from shakewise.assessment import evidence_vector, gather_evidence, model_for, run_assessment
from shakewise.engine import NO, UNKNOWN, next_question, posterior
from shakewise.errors import InputError
from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.schema import TriageLevel


class Vignette(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    text: str | None = None
    answers: dict[str, str] | None = None
    expected_causes: list[str] = Field(min_length=1)
    expected_triage: TriageLevel

    @model_validator(mode="after")
    def _has_input(self) -> Vignette:
        if not self.text and not self.answers:
            raise ValueError("a vignette needs 'text' or 'answers'")
        return self


class CaseResult(BaseModel):
    id: str
    expected_causes: list[str]
    expected_triage: TriageLevel
    predicted: list[str]
    probability: float
    triage: TriageLevel
    top1: bool
    top3: bool
    brier: float
    screens: int


class Report(BaseModel):
    n: int
    top1: float
    top3: float
    triage_exact: float
    under_triage: float
    under_triage_emergency: int
    emergencies: int
    over_triage_self_care: float
    brier: float
    median_screens: float
    cases: list[CaseResult]

    @property
    def misses(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.top1 or c.triage != c.expected_triage]


def load_vignettes(path: Path) -> list[Vignette]:
    """Read a JSONL file of vignettes, naming the line of any malformed one."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror}.") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append(Vignette.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            first = str(exc).splitlines()[0]
            raise InputError(f"{path.name} line {n}: not a valid vignette ({first}).") from None
    if not out:
        raise InputError(f"{path.name} holds no vignettes.")
    return out


def simulate_screens(kb: KnowledgeBase, vignette: Vignette) -> int:
    """How many screens the adaptive interview shows a person with these facts."""
    model = model_for(kb)
    facts = evidence_vector(model, gather_evidence(kb, vignette.text, vignette.answers))
    vec = np.zeros_like(facts)
    asked: list[str] = []
    while (q := next_question(model, vec, asked)) is not None:
        asked.append(q.id)
        for j in q.findings:
            vec[j] = facts[j] if facts[j] != UNKNOWN else NO
    posterior(model, vec)
    return len(asked)


def score(kb: KnowledgeBase, vignette: Vignette) -> CaseResult:
    result = run_assessment(vignette.text, vignette.answers, kb=kb)
    predicted = [c.id for c in result.causes]
    expected = set(vignette.expected_causes)
    model = model_for(kb)
    post = posterior(model, evidence_vector(model, result.evidence))
    truth = np.array([c == vignette.expected_causes[0] for c in model.cause_ids], float)
    return CaseResult(
        id=vignette.id,
        expected_causes=vignette.expected_causes,
        expected_triage=vignette.expected_triage,
        predicted=predicted[:3],
        probability=result.causes[0].probability,
        triage=result.triage.level,
        top1=predicted[0] in expected,
        top3=bool(expected & set(predicted[:3])),
        brier=float(((post - truth) ** 2).sum()),
        screens=simulate_screens(kb, vignette),
    )


def evaluate(vignettes: Iterable[Vignette], kb: KnowledgeBase | None = None) -> Report:
    """Score every vignette and summarise."""
    kb = kb or load_knowledge()
    cases = [score(kb, v) for v in vignettes]
    n = len(cases)
    under = [c for c in cases if c.triage.rank < c.expected_triage.rank]
    emerg = [c for c in cases if c.expected_triage == TriageLevel.EMERGENCY]
    self_care = [c for c in cases if c.expected_triage == TriageLevel.SELF_CARE]
    return Report(
        n=n,
        top1=sum(c.top1 for c in cases) / n,
        top3=sum(c.top3 for c in cases) / n,
        triage_exact=sum(c.triage == c.expected_triage for c in cases) / n,
        under_triage=len(under) / n,
        under_triage_emergency=sum(c.triage != TriageLevel.EMERGENCY for c in emerg),
        emergencies=len(emerg),
        over_triage_self_care=(
            sum(c.triage != TriageLevel.SELF_CARE for c in self_care) / len(self_care)
            if self_care
            else 0.0
        ),
        brier=statistics.fmean(c.brier for c in cases),
        median_screens=statistics.median(c.screens for c in cases),
        cases=cases,
    )
