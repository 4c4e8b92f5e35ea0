"""Triage: deterministic red-flag rules first, then probability-weighted escalation.

Red-flag rules are monotone (they fire on "yes" answers only), so a new answer can add a
red flag but never remove one, and the final level is the maximum of every reason: a fired
red flag can never be lowered by more answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from shakewise.engine.model import YES, Evidence, Floats, Model, RedFlagRule, Rule


def rule_fires(rule: Rule, yes: NDArray[np.bool_]) -> bool:
    """True when a compiled condition holds on the findings answered yes."""
    if isinstance(rule, int):
        return bool(yes[rule])
    kind, parts = rule
    test = all if kind == "all" else any
    return test(rule_fires(part, yes) for part in parts)


def fired_red_flags(model: Model, evidence: Evidence) -> list[RedFlagRule]:
    """Red flags whose condition holds, most urgent first.

    A term fires when none of the findings it needs is missing: terms @ (not yes) == 0.
    """
    missing = (evidence != YES).astype(np.float64)
    term_fires = model.flag_terms @ missing == 0
    fired = [model.red_flags[i] for i in np.unique(model.flag_of_term[term_fires])]
    return sorted(fired, key=lambda rf: -rf.level.rank)


def escalation_mass(model: Model, post: Floats) -> dict[int, float]:
    """For each level, the probability that the cause needs at least that level."""
    return {rank: float(post[model.cause_rank >= rank].sum()) for rank in sorted(model.thresholds)}


@dataclass(frozen=True)
class TriageDecision:
    rank: int
    red_flags: tuple[RedFlagRule, ...]
    escalated_to: int | None  # level reached by probability alone, when it sets the result
    mass: float  # probability mass behind that escalation


def decide_triage(model: Model, evidence: Evidence, post: Floats) -> TriageDecision:
    """The level to show: the most urgent of every red flag and the probability rule."""
    flags = fired_red_flags(model, evidence)
    flag_rank = flags[0].level.rank if flags else 0
    mass = escalation_mass(model, post)
    reached = [r for r, m in mass.items() if m >= model.thresholds[r]]
    prob_rank = max(reached, default=0)
    rank = max(flag_rank, prob_rank)
    escalated = prob_rank if prob_rank > flag_rank else None
    return TriageDecision(rank, tuple(flags), escalated, mass.get(prob_rank, 0.0))
