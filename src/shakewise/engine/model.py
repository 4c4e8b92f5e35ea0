"""Compile the knowledge base once into arrays the engine can use directly.

The model is a naive-Bayes network with one cause node (exactly one cause explains the
complaint) and one binary child per finding. Links the knowledge base does not list fall
back to the finding's base rate (the leak), so any finding can be answered about any cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

from shakewise.knowledge.loader import KnowledgeBase
from shakewise.knowledge.schema import AllOf, Condition, TriageLevel

Floats: TypeAlias = NDArray[np.float64]
Evidence: TypeAlias = NDArray[np.int8]  # per finding: +1 yes, -1 no, 0 unknown

YES, NO, UNKNOWN = 1, -1, 0

# A compiled red-flag condition: a finding index, or ("all"|"any", parts).
Rule: TypeAlias = "int | tuple[str, tuple[Rule, ...]]"


@dataclass(frozen=True, eq=False)
class Question:
    """One screen of the interview: a single finding or a group of findings."""

    id: str
    type: str  # "single" | "group_multiple" | "group_single"
    findings: tuple[int, ...]
    screen: str  # "emergency" | "urgent" | "none"


@dataclass(frozen=True, eq=False)
class RedFlagRule:
    id: str
    level: TriageLevel
    rule: Rule


@dataclass(frozen=True, eq=False)
class Model:
    """Immutable arrays over causes (rows) and findings (columns)."""

    cause_ids: tuple[str, ...]
    finding_ids: tuple[str, ...]
    log_prior: Floats  # (C,)
    p_yes: Floats  # (C, F) P(finding | cause), leak-filled
    log_yes: Floats  # (C, F)
    log_no: Floats  # (C, F)
    base_yes: Floats  # (F,) leak probability of each finding
    cause_rank: NDArray[np.int64]  # (C,) default triage rank of each cause
    askable: NDArray[np.bool_]  # (F,)
    questions: tuple[Question, ...]
    red_flags: tuple[RedFlagRule, ...]
    thresholds: dict[int, float]  # triage rank -> probability mass that escalates to it

    @property
    def finding_index(self) -> dict[str, int]:
        return _index(self.finding_ids)

    @property
    def cause_index(self) -> dict[str, int]:
        return _index(self.cause_ids)


@cache
def _index(ids: tuple[str, ...]) -> dict[str, int]:
    return {name: i for i, name in enumerate(ids)}


def build_model(
    prior_weights: Floats,
    p_yes: Floats,
    base_yes: Floats,
    *,
    cause_ids: tuple[str, ...] | None = None,
    finding_ids: tuple[str, ...] | None = None,
    cause_rank: NDArray[np.int64] | None = None,
    askable: NDArray[np.bool_] | None = None,
    questions: tuple[Question, ...] = (),
    red_flags: tuple[RedFlagRule, ...] = (),
    thresholds: dict[int, float] | None = None,
) -> Model:
    """Assemble a model from raw arrays (used by the compiler, tests and benchmarks)."""
    n_causes, n_findings = p_yes.shape
    p = np.clip(p_yes.astype(np.float64), 1e-6, 1 - 1e-6)
    return Model(
        cause_ids=cause_ids or tuple(f"c{i}" for i in range(n_causes)),
        finding_ids=finding_ids or tuple(f"f{j}" for j in range(n_findings)),
        log_prior=np.log(prior_weights / prior_weights.sum()),
        p_yes=p,
        log_yes=np.log(p),
        log_no=np.log1p(-p),
        base_yes=base_yes.astype(np.float64),
        cause_rank=cause_rank if cause_rank is not None else np.zeros(n_causes, np.int64),
        askable=askable if askable is not None else np.ones(n_findings, np.bool_),
        questions=questions
        or tuple(Question(f"f{j}", "single", (j,), "none") for j in range(n_findings)),
        red_flags=red_flags,
        thresholds=thresholds or {},
    )


def _compile_condition(condition: Condition, index: dict[str, int]) -> Rule:
    if isinstance(condition, str):
        return index[condition]
    if isinstance(condition, AllOf):
        return ("all", tuple(_compile_condition(c, index) for c in condition.all))
    return ("any", tuple(_compile_condition(c, index) for c in condition.any))


def compile_model(kb: KnowledgeBase) -> Model:
    """Turn a checked knowledge base into arrays: priors, likelihoods, questions, rules."""
    cause_ids = tuple(kb.causes)
    finding_ids = tuple(kb.findings)
    f_index = _index(finding_ids)
    base = np.array([kb.findings[f].base_rate for f in finding_ids])
    p_yes = np.tile(base, (len(cause_ids), 1))
    for i, cause in enumerate(kb.causes.values()):
        for finding, link in cause.likelihoods.items():
            p_yes[i, f_index[finding]] = link.p
    grouped = {f for g in kb.groups.values() for f in g.findings}
    questions = [
        Question(g.id, g.type, tuple(f_index[f] for f in g.findings), g.screen)
        for g in kb.groups.values()
    ]
    questions += [
        Question(f.id, "single", (f_index[f.id],), "none")
        for f in kb.findings.values()
        if f.askable and f.id not in grouped
    ]
    return build_model(
        np.array([c.prior for c in kb.causes.values()]),
        p_yes,
        base,
        cause_ids=cause_ids,
        finding_ids=finding_ids,
        cause_rank=np.array([c.triage.rank for c in kb.causes.values()], np.int64),
        askable=np.array([f.askable for f in kb.findings.values()]),
        questions=tuple(questions),
        red_flags=tuple(
            RedFlagRule(rf.id, rf.level, _compile_condition(rf.when, f_index))
            for rf in kb.red_flags.values()
        ),
        thresholds={lvl.rank: p for lvl, p in kb.meta.escalation_thresholds.items()},
    )
