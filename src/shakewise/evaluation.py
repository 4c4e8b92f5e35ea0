"""Score the assessment on labelled cases: causes, triage safety, calibration, interview.

A case is one JSON line: {"id", "text" | "answers", "expected_causes", "expected_triage"},
optionally "acceptable": [lowest, highest] triage levels a careful clinician would accept,
and "truth": {finding: "yes" | "no"}, what the person would answer if asked. Other keys
(source, note...) are kept in the file and ignored here.

Each case is scored twice:
1. **Text alone**: one `run_assessment` call with the description (and answers, if any).
2. **Through the interview**: the same `interview_step` every interface uses, with a
   simulated patient who answers each screen truthfully: from the truth list, else as the
   description said, else "no" on the warning-sign screens (a person knows whether they
   have chest pain or a weak leg), else "don't know".

Cause accuracy is reported strictly (the first expected cause leads) and leniently (any
expected cause leads), with top-3 beside them; triage as exact, under-triaged (below the
lowest acceptable level), and emergencies caught.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from shakewise.assessment import evidence_vector, model_for, run_assessment
from shakewise.engine import posterior
from shakewise.errors import InputError
from shakewise.files import read_file
from shakewise.interview import interview_step
from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.schema import TriageLevel
from shakewise.results import Assessment

WARNING_SCREENS = frozenset({"emergency", "urgent", "doctor", "confirm"})
MAX_VIGNETTE_BYTES = 50_000_000  # thousands of vignettes; a device or a dump is refused
MAX_SIMULATED_SCREENS = 60  # a guard: a stopping rule that never stops is a failure


class Vignette(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    text: str | None = None
    answers: dict[str, str] | None = None
    expected_causes: list[str] = Field(min_length=1)
    expected_triage: TriageLevel
    acceptable: tuple[TriageLevel, TriageLevel] | None = None
    truth: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _has_input(self) -> Vignette:
        if not self.text and not self.answers:
            raise ValueError("a vignette needs 'text' or 'answers'")
        low, high = self.bounds
        if low.rank > high.rank:
            raise ValueError("'acceptable' must be [lowest, highest]")
        return self

    @property
    def bounds(self) -> tuple[TriageLevel, TriageLevel]:
        """The acceptable triage range; the expected level alone when none is given."""
        return self.acceptable or (self.expected_triage, self.expected_triage)


class CaseResult(BaseModel):
    id: str
    expected_causes: list[str]
    expected_triage: TriageLevel
    lowest: TriageLevel
    highest: TriageLevel
    predicted: list[str]
    probability: float
    triage: TriageLevel  # from the text (and given answers) alone
    complete: bool
    top1_strict: bool
    top1: bool
    top3: bool
    brier: float
    interview_triage: TriageLevel
    interview_predicted: list[str]
    screens: int

    @property
    def under(self) -> bool:
        return self.triage.rank < self.lowest.rank

    @property
    def interview_under(self) -> bool:
        return self.interview_triage.rank < self.lowest.rank


class Report(BaseModel):
    n: int
    top1_strict: float
    top1: float
    top3: float
    triage_exact: float
    under_triage: float
    two_levels_low: int
    emergencies: int
    emergencies_caught: int
    over_triage_self_care: float
    brier: float
    interview_top1_strict: float
    interview_top3: float
    interview_triage_exact: float
    interview_under_triage: float
    interview_two_levels_low: int
    interview_emergencies_caught: int
    interview_over_two_levels: float
    median_screens: float
    p90_screens: float
    cases: list[CaseResult]

    @property
    def under_triage_emergency(self) -> int:
        return self.emergencies - self.emergencies_caught

    @property
    def misses(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.top1 or c.triage != c.expected_triage]


def load_vignettes(path: Path) -> list[Vignette]:
    """Read a JSONL file of vignettes, naming the line of any malformed one."""
    try:
        lines = read_file(path, MAX_VIGNETTE_BYTES).decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path.name} is not text (UTF-8); give a JSONL file.") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append(Vignette.model_validate(json.loads(line)))
        except (ValueError, RecursionError) as exc:  # JSON, pydantic, NaN, deep nesting
            first = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise InputError(f"{path.name} line {n}: not a valid vignette ({first}).") from None
    if not out:
        raise InputError(f"{path.name} holds no vignettes.")
    return out


def _patient_answer(finding: str, screen: str, vignette: Vignette, told: Mapping[str, str]) -> str:
    """What a truthful person says to one choice of a screen."""
    known = {**(vignette.answers or {}), **vignette.truth}
    if finding in known:
        return known[finding]
    if told.get(finding) in ("yes", "no"):
        return told[finding]
    return "no" if screen in WARNING_SCREENS else "unknown"


def _drop_contradictions(kb: KnowledgeBase, answers: dict[str, str], vignette: Vignette) -> None:
    """A person cannot say yes to two answers that exclude each other (one leg and both
    legs): the one from the truth list stands, the one read from the text gives way."""
    for finding, state in list(answers.items()):
        for other in kb.findings[finding].excludes:
            if state == "yes" and answers.get(other) == "yes":
                loser = finding if vignette.truth.get(other) == "yes" else other
                answers[loser] = "no"


def simulate_interview(kb: KnowledgeBase, vignette: Vignette) -> tuple[Assessment, int]:
    """Run the interview every interface runs, answered by a simulated patient."""
    first = run_assessment(vignette.text, vignette.answers, kb=kb)
    told = {e.finding: e.state for e in first.evidence if not e.assumed}  # said, not assumed
    answers: dict[str, str] = dict(vignette.answers or {})
    screens = 0
    for _ in range(MAX_SIMULATED_SCREENS):
        step = interview_step(vignette.text, answers, kb=kb)
        if step.question is None:
            assert step.result is not None
            return step.result, screens
        screens += 1
        for choice in step.question.choices:
            answers[choice.finding] = _patient_answer(
                choice.finding, step.question.screen, vignette, told
            )
        _drop_contradictions(kb, answers, vignette)
    raise RuntimeError(f"{vignette.id}: the interview did not stop after {screens} screens")


def score(kb: KnowledgeBase, vignette: Vignette) -> CaseResult:
    result = run_assessment(vignette.text, vignette.answers, kb=kb)
    predicted = [c.id for c in result.causes]
    expected = set(vignette.expected_causes)
    model = model_for(kb)
    post = posterior(model, evidence_vector(model, result.evidence))
    truth = np.array([c == vignette.expected_causes[0] for c in model.cause_ids], float)
    final, screens = simulate_interview(kb, vignette)
    low, high = vignette.bounds
    return CaseResult(
        id=vignette.id,
        expected_causes=vignette.expected_causes,
        expected_triage=vignette.expected_triage,
        lowest=low,
        highest=high,
        predicted=predicted[:3],
        probability=result.causes[0].probability,
        triage=result.triage.level,
        complete=result.triage.complete,
        top1_strict=predicted[0] == vignette.expected_causes[0],
        top1=predicted[0] in expected,
        top3=bool(expected & set(predicted[:3])),
        brier=float(((post - truth) ** 2).sum()),
        interview_triage=final.triage.level,
        interview_predicted=[c.id for c in final.causes[:3]],
        screens=screens,
    )


def _share(flags: Iterable[bool], of: int) -> float:
    return sum(flags) / of if of else 0.0


def evaluate(vignettes: Iterable[Vignette], kb: KnowledgeBase | None = None) -> Report:
    """Score every vignette and summarise."""
    kb = kb or load_knowledge()
    cases = [score(kb, v) for v in vignettes]
    n = len(cases)
    emerg = [c for c in cases if c.expected_triage == TriageLevel.EMERGENCY]
    self_care = [c for c in cases if c.expected_triage == TriageLevel.SELF_CARE]
    mild = [c for c in cases if c.expected_triage.rank <= TriageLevel.DOCTOR.rank]
    screens = sorted(c.screens for c in cases)
    return Report(
        n=n,
        top1_strict=_share((c.top1_strict for c in cases), n),
        top1=_share((c.top1 for c in cases), n),
        top3=_share((c.top3 for c in cases), n),
        triage_exact=_share((c.triage == c.expected_triage for c in cases), n),
        under_triage=_share((c.under for c in cases), n),
        two_levels_low=sum(c.triage.rank <= c.lowest.rank - 2 for c in cases),
        emergencies=len(emerg),
        emergencies_caught=sum(c.triage == TriageLevel.EMERGENCY for c in emerg),
        over_triage_self_care=_share(
            (c.triage.rank > c.highest.rank for c in self_care), len(self_care)
        ),
        brier=statistics.fmean(c.brier for c in cases),
        interview_top1_strict=_share(
            (c.interview_predicted[0] == c.expected_causes[0] for c in cases), n
        ),
        interview_top3=_share(
            (bool(set(c.expected_causes) & set(c.interview_predicted)) for c in cases), n
        ),
        interview_triage_exact=_share((c.interview_triage == c.expected_triage for c in cases), n),
        interview_under_triage=_share((c.interview_under for c in cases), n),
        interview_two_levels_low=sum(c.interview_triage.rank <= c.lowest.rank - 2 for c in cases),
        interview_emergencies_caught=sum(
            c.interview_triage == TriageLevel.EMERGENCY for c in emerg
        ),
        interview_over_two_levels=_share(
            (c.interview_triage.rank >= c.highest.rank + 2 for c in mild), len(mild)
        ),
        median_screens=statistics.median(screens),
        p90_screens=float(np.percentile(screens, 90)),
        cases=cases,
    )
