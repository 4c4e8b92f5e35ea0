"""Compile the knowledge base once into arrays the engine can use directly.

The model is a naive-Bayes network with one cause node (exactly one cause explains the
complaint) and one binary child per finding. Links the knowledge base does not list fall
back to the finding's base rate (the leak), so any finding can be answered about any cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, TypeAlias

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
    screen: str  # "emergency" | "urgent" | "doctor" | "none"


@dataclass(frozen=True, eq=False)
class RedFlagRule:
    id: str
    level: TriageLevel
    rule: Rule
    causes: tuple[int, ...] = ()  # the causes this warning sign points to


@dataclass(frozen=True, eq=False)
class Model:
    """Immutable arrays over causes (rows) and findings (columns)."""

    cause_ids: tuple[str, ...]
    finding_ids: tuple[str, ...]
    log_prior: Floats  # (C,)
    p_yes: Floats  # (C, F) P(finding | cause), leak-filled
    # An answer e in {+1 yes, -1 no, 0 unknown} adds log_yes or log_no, which is
    # (log_yes - log_no)/2 * e + (log_yes + log_no)/2 * e**2: one matrix product.
    log_answer: Floats  # (C, 2F) the two halves side by side
    entropy_yes: Floats  # (C, F) entropy of each answer given the cause, in bits
    base_yes: Floats  # (F,) leak probability of each finding
    cause_rank: NDArray[np.int64]  # (C,) default triage rank of each cause
    # The few causes with a lower rank once every finding of their row is answered "no".
    lowered_causes: NDArray[np.int64]  # (L,)
    lowered_rank: NDArray[np.int64]  # (L,)
    denial_terms: NDArray[np.float64]  # (L, F) 1.0 where the lower rank needs a "no"
    askable: NDArray[np.bool_]  # (F,)
    questions: tuple[Question, ...]
    question_findings: NDArray[np.int64]  # findings of every question, concatenated
    question_starts: NDArray[np.int64]  # where each question's findings begin
    red_flags: tuple[RedFlagRule, ...]
    # Red flags in disjunctive normal form: each row a set of findings that must all be
    # "yes"; a flag fires when any of its rows does. One matrix product checks them all.
    flag_terms: NDArray[np.float64]  # (terms, F) 1.0 where the term needs the finding
    flag_of_term: NDArray[np.int64]  # (terms,) which red flag each term belongs to
    term_rank: NDArray[np.int64]  # (terms,) triage rank of the red flag each term belongs to
    # (C, F) the findings that are a cause's own concern: linked to it in the knowledge
    # base, or part of a red flag that points to it. The interview asks these before it
    # stops when they could raise the level.
    concerns: NDArray[np.bool_]
    thresholds: dict[int, float]  # triage rank -> probability mass that escalates to it

    @property
    def finding_index(self) -> dict[str, int]:
        return _index(self.finding_ids)

    @cached_property
    def question_index(self) -> dict[str, int]:
        return {q.id: i for i, q in enumerate(self.questions)}

    @cached_property
    def levels(self) -> NDArray[np.int64]:
        """The triage ranks the causes use, ascending (sorted set, not np.unique, which
        imports numpy.ma at a command's start)."""
        return np.array(sorted(set(self.cause_rank.tolist())), np.int64)

    @property
    def screens(self) -> dict[str, tuple[int, ...]]:
        """Positions of the emergency and the urgent screens, in knowledge-base order."""
        return _screens(self.questions)


@cache
def _screens(questions: tuple[Question, ...]) -> dict[str, tuple[int, ...]]:
    return {
        kind: tuple(i for i, q in enumerate(questions) if q.screen == kind)
        for kind in ("emergency", "urgent", "doctor")
    }


@cache
def _index(ids: tuple[str, ...]) -> dict[str, int]:
    return {name: i for i, name in enumerate(ids)}


def binary_entropy(p: Floats) -> Floats:
    """Entropy in bits of a yes/no answer that is "yes" with probability p."""
    p = np.clip(p, 1e-12, 1 - 1e-12)
    h: Floats = -(p * np.log2(p) + (1 - p) * np.log2(1 - p))
    return h


def build_model(
    prior_weights: Floats,
    p_yes: Floats,
    base_yes: Floats,
    *,
    cause_ids: tuple[str, ...] | None = None,
    finding_ids: tuple[str, ...] | None = None,
    cause_rank: NDArray[np.int64] | None = None,
    lower_once_denied: dict[int, tuple[int, tuple[int, ...]]] | None = None,
    askable: NDArray[np.bool_] | None = None,
    questions: tuple[Question, ...] = (),
    red_flags: tuple[RedFlagRule, ...] = (),
    thresholds: dict[int, float] | None = None,
    linked: NDArray[np.bool_] | None = None,
) -> Model:
    """Assemble a model from raw arrays (used by the compiler, tests and benchmarks).

    `lower_once_denied` maps a cause to (its lower rank, the findings that must all be
    answered "no" for it)."""
    n_causes, n_findings = p_yes.shape
    p = np.clip(p_yes.astype(np.float64), 1e-6, 1 - 1e-6)
    log_yes, log_no = np.log(p), np.log1p(-p)
    questions = questions or tuple(
        Question(f"f{j}", "single", (j,), "none") for j in range(n_findings)
    )
    concerns = np.zeros((n_causes, n_findings), np.bool_) if linked is None else linked.copy()
    for rf in red_flags:
        for term in _dnf(rf.rule):
            for c in rf.causes:
                concerns[c, list(term)] = True
    return _read_only(
        Model(
            cause_ids=cause_ids or tuple(f"c{i}" for i in range(n_causes)),
            finding_ids=finding_ids or tuple(f"f{j}" for j in range(n_findings)),
            log_prior=np.log(prior_weights / prior_weights.sum()),
            p_yes=p,
            log_answer=np.hstack([(log_yes - log_no) / 2, (log_yes + log_no) / 2]),
            entropy_yes=binary_entropy(p),
            base_yes=base_yes.astype(np.float64),
            cause_rank=cause_rank if cause_rank is not None else np.zeros(n_causes, np.int64),
            **_lowered(lower_once_denied or {}, n_findings),
            askable=askable if askable is not None else np.ones(n_findings, np.bool_),
            questions=questions,
            **_question_index(questions),
            red_flags=red_flags,
            **_flag_terms(red_flags, n_findings),
            concerns=concerns,
            thresholds=thresholds or {},
        )
    )


def _lowered(
    lower_once_denied: dict[int, tuple[int, tuple[int, ...]]], n_findings: int
) -> dict[str, NDArray[Any]]:
    """The causes with a lower level once their findings are denied, as arrays."""
    lowered = sorted(lower_once_denied.items())
    denial_terms = np.zeros((len(lowered), n_findings))
    for row, (_, (_, needs_no)) in enumerate(lowered):
        denial_terms[row, list(needs_no)] = 1.0
    return {
        "lowered_causes": np.array([c for c, _ in lowered], np.int64),
        "lowered_rank": np.array([rank for _, (rank, _) in lowered], np.int64),
        "denial_terms": denial_terms,
    }


def _question_index(questions: tuple[Question, ...]) -> dict[str, NDArray[Any]]:
    """Every question's findings in one flat array, and where each question's begin."""
    sizes = [len(q.findings) for q in questions]
    return {
        "question_findings": np.array([j for q in questions for j in q.findings], np.int64),
        "question_starts": np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64),
    }


def _read_only(model: Model) -> Model:
    """Make every array of the model read-only: one model is shared by every request."""
    for value in vars(model).values():
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return model


def _dnf(rule: Rule) -> list[frozenset[int]]:
    """A monotone rule as a list of conjunctions ("any" of "all" sets)."""
    if isinstance(rule, int):
        return [frozenset([rule])]
    kind, parts = rule
    expanded = [_dnf(part) for part in parts]
    if kind == "any":
        return [term for terms in expanded for term in terms]
    out = [frozenset[int]()]
    for terms in expanded:
        out = [a | b for a in out for b in terms]
    return out


def _flag_terms(red_flags: tuple[RedFlagRule, ...], n_findings: int) -> dict[str, NDArray[Any]]:
    terms = [(i, term) for i, rf in enumerate(red_flags) for term in _dnf(rf.rule)]
    matrix = np.zeros((len(terms), n_findings))
    for row, (_, term) in enumerate(terms):
        matrix[row, list(term)] = 1.0
    owners = np.array([i for i, _ in terms], np.int64)
    ranks = np.array([red_flags[i].level.rank for i in owners], np.int64)
    return {"flag_terms": matrix, "flag_of_term": owners, "term_rank": ranks}


def _compile_condition(condition: Condition, index: dict[str, int]) -> Rule:
    if isinstance(condition, str):
        return index[condition]
    if isinstance(condition, AllOf):
        return ("all", tuple(_compile_condition(c, index) for c in condition.all))
    return ("any", tuple(_compile_condition(c, index) for c in condition.any))


def _questions(kb: KnowledgeBase, f_index: dict[str, int]) -> tuple[Question, ...]:
    """The knowledge base's question groups, then every askable finding not in one."""
    grouped = {f for g in kb.groups.values() for f in g.findings}
    groups = [
        Question(g.id, g.type, tuple(f_index[f] for f in g.findings), g.screen)
        for g in kb.groups.values()
    ]
    singles = [
        Question(f.id, "single", (f_index[f.id],), "none")
        for f in kb.findings.values()
        if f.askable and f.id not in grouped
    ]
    return tuple(groups + singles)


def compile_model(kb: KnowledgeBase) -> Model:
    """Turn a checked knowledge base into arrays: priors, likelihoods, questions, rules."""
    cause_ids = tuple(kb.causes)
    finding_ids = tuple(kb.findings)
    f_index = _index(finding_ids)
    base = np.array([kb.findings[f].base_rate for f in finding_ids])
    p_yes = np.tile(base, (len(cause_ids), 1))
    linked = np.zeros(p_yes.shape, np.bool_)
    for i, cause in enumerate(kb.causes.values()):
        for finding, link in cause.likelihoods.items():
            p_yes[i, f_index[finding]] = link.p
            linked[i, f_index[finding]] = True
    c_index = _index(cause_ids)
    return build_model(
        np.array([c.prior for c in kb.causes.values()]),
        p_yes,
        base,
        cause_ids=cause_ids,
        finding_ids=finding_ids,
        cause_rank=np.array([c.triage.rank for c in kb.causes.values()], np.int64),
        lower_once_denied={
            i: (
                c.triage_once_denied.level.rank,
                tuple(f_index[f] for f in c.triage_once_denied.findings),
            )
            for i, c in enumerate(kb.causes.values())
            if c.triage_once_denied is not None
        },
        askable=np.array([f.askable for f in kb.findings.values()]),
        questions=_questions(kb, f_index),
        red_flags=tuple(
            RedFlagRule(
                rf.id,
                rf.level,
                _compile_condition(rf.when, f_index),
                tuple(c_index[c] for c in rf.causes),
            )
            for rf in kb.red_flags.values()
        ),
        thresholds={lvl.rank: p for lvl, p in kb.meta.escalation_thresholds.items()},
        linked=linked,
    )
