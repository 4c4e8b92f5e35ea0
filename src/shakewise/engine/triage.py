"""Triage: deterministic red-flag rules first, then probability-weighted escalation.

Red-flag rules are monotone (they fire on "yes" answers only), so a new answer can add a
red flag but never remove one, and the final level is the maximum of every reason: a fired
red flag can never be lowered by more answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from shakewise.engine.model import NO, YES, Evidence, Floats, Model, RedFlagRule, Rule


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
    # a set, not np.unique: that imports numpy.ma, 12 ms of every command's start
    fired = [model.red_flags[i] for i in sorted(set(model.flag_of_term[term_fires].tolist()))]
    return sorted(fired, key=lambda rf: -rf.level.rank)


def cause_ranks(model: Model, evidence: Evidence) -> NDArray[np.int64]:
    """The level each cause needs given the answers: its default, or its lower level once
    every warning sign behind its urgency has been answered "no"."""
    ranks = model.cause_rank.copy()
    denied = model.denial_terms @ (evidence != NO).astype(np.float64) == 0
    ranks[model.lowered_causes[denied]] = model.lowered_rank[denied]
    return ranks


def escalation_mass(model: Model, post: Floats, ranks: NDArray[np.int64]) -> dict[int, float]:
    """For each level, the probability that the cause needs at least that level."""
    return {rank: float(post[ranks >= rank].sum()) for rank in sorted(model.thresholds)}


@dataclass(frozen=True)
class TriageDecision:
    rank: int
    red_flags: tuple[RedFlagRule, ...]
    escalated_to: int | None  # level reached by probability alone, when it sets the result
    mass: float  # probability mass behind that escalation
    cause_ranks: NDArray[np.int64]  # (C,) the level each cause needs given these answers


def decide_triage(model: Model, evidence: Evidence, post: Floats) -> TriageDecision:
    """The level to show: the most urgent of every red flag and the probability rule."""
    flags = fired_red_flags(model, evidence)
    flag_rank = flags[0].level.rank if flags else 0
    ranks = cause_ranks(model, evidence)
    mass = escalation_mass(model, post, ranks)
    reached = [r for r, m in mass.items() if m >= model.thresholds[r]]
    prob_rank = max(reached, default=0)
    rank = max(flag_rank, prob_rank)
    escalated = prob_rank if prob_rank > flag_rank else None
    return TriageDecision(rank, tuple(flags), escalated, mass.get(prob_rank, 0.0), ranks)


def _reached(model: Model, mass: Floats) -> NDArray[np.int64]:
    """The highest level whose escalation mass reaches its threshold, per column of
    `mass` (one row per level of `model.thresholds`, in rank order), else 0."""
    out = np.zeros(mass.shape[1], np.int64)
    for row, rank in enumerate(sorted(model.thresholds)):
        out = np.where(mass[row] >= model.thresholds[rank], np.maximum(out, rank), out)
    return out


@dataclass(frozen=True)
class AnswerOutcomes:
    """For every finding: how likely "yes" is now, and the level after "yes" or "no"."""

    p_yes: Floats  # (F,)
    rank_if_yes: NDArray[np.int64]  # (F,)
    flag_rank_if_yes: NDArray[np.int64]  # (F,) the level red flags alone give after "yes"
    rank_if_no: NDArray[np.int64]  # (F,)
    rank_now: int

    @property
    def expected_change(self) -> Floats:
        """Expected distance (in levels) the answer moves the triage level: the value of
        asking it for triage."""
        up = np.abs(self.rank_if_yes - self.rank_now)
        down = np.abs(self.rank_if_no - self.rank_now)
        change: Floats = self.p_yes * up + (1 - self.p_yes) * down
        return change


def answer_outcomes(model: Model, evidence: Evidence, post: Floats) -> AnswerOutcomes:
    """Every single answer's effect on the level, in a few array operations.

    "Yes" to finding j fires a red-flag term when j was the term's only missing finding;
    the posteriors after "yes" and "no" are the current one reweighted by P(answer | cause),
    so the mass behind each level after an answer is one (levels × causes) product.
    Causes keep their current levels: a "no" that would lower one is not counted, so the
    interview never stops earlier for it.
    """
    ranks = cause_ranks(model, evidence)
    missing = (evidence != YES).astype(np.float64)
    still_missing = model.flag_terms @ missing  # (T,)
    fires_if_yes = (still_missing[:, None] - model.flag_terms * missing) == 0  # (T, F)
    term_rank = np.where(fires_if_yes, model.term_rank[:, None] + 1, 0)
    flag_if_yes = (term_rank.max(axis=0, initial=0) - 1).clip(min=0)
    flags_now = fired_red_flags(model, evidence)
    flag_now = flags_now[0].level.rank if flags_now else 0
    # The escalation mass after an answer, without building a posterior per answer: for
    # level r, sum over causes needing r of post * P(answer | cause), over P(answer).
    # P(yes) rides in the same product: one pass over the (C, F) table.
    levels = np.array(sorted(model.thresholds), np.int64)
    needs = (ranks[None, :] >= levels[:, None]) * post  # (R, C)
    weighted = np.vstack([post, needs]) @ model.p_yes  # (1 + R, F)
    p_yes, mass_and_yes = weighted[0], weighted[1:]
    mass_now = needs.sum(axis=1, keepdims=True)  # (R, 1)
    prob_now = int(_reached(model, mass_now)[0])
    return AnswerOutcomes(
        p_yes=p_yes,
        flag_rank_if_yes=np.maximum(flag_if_yes, flag_now),
        rank_if_yes=np.maximum(
            np.maximum(flag_if_yes, flag_now), _reached(model, mass_and_yes / p_yes)
        ),
        rank_if_no=np.maximum(flag_now, _reached(model, (mass_now - mass_and_yes) / (1 - p_yes))),
        rank_now=max(flag_now, prob_now),
    )
