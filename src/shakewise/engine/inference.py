"""Posterior over causes and the reasons behind it: pure functions over a compiled model."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shakewise.engine.model import YES, Evidence, Floats, Model

# Table cells up to which one product over every column beats gathering the answered
# columns (measured: 7 µs against 11 µs at 47 causes × 156 findings; 17 ms against 0.3 ms
# at 1,000 × 5,000, where a person has answered a few dozen of the 5,000).
DENSE_UP_TO = 100_000


def posterior(model: Model, evidence: Evidence) -> Floats:
    """P(cause | evidence). Unknown answers (0) leave the prior untouched."""
    e = evidence.astype(np.float64)
    if model.log_answer.size <= DENSE_UP_TO:
        log_p = model.log_prior + model.log_answer @ np.concatenate((e, e * e))
    else:
        answered = np.flatnonzero(evidence)
        a = e[answered]
        halves = model.log_answer[:, answered], model.log_answer[:, len(e) + answered]
        log_p = model.log_prior + halves[0] @ a + halves[1] @ (a * a)
    log_p -= log_p.max()
    p = np.exp(log_p)
    result: Floats = p / p.sum()
    return result


@dataclass(frozen=True)
class Contribution:
    """How one answer moved one cause, as a likelihood ratio against the base rate."""

    finding: str
    state: str  # "yes" | "no"
    ratio: float


MOVED = 0.05  # |log ratio| below this moved the cause too little to name


def contributions(model: Model, evidence: Evidence, cause: int) -> list[Contribution]:
    """Answers that moved `cause`, strongest first (ratio > 1 raised it, < 1 lowered it).

    The ratio compares P(answer | this cause) with P(answer | an unlinked cause), so it
    reads as "this answer is N times more (or less) likely with this cause".
    """
    answered = np.flatnonzero(evidence)
    p, base = model.p_yes[cause, answered], model.base_yes[answered]
    yes = evidence[answered] == YES
    ratio = np.where(yes, p / base, (1 - p) / (1 - base))
    strength = np.abs(np.log(ratio))
    order = [k for k in np.argsort(-strength, kind="stable") if strength[k] > MOVED]
    return [
        Contribution(model.finding_ids[answered[k]], "yes" if yes[k] else "no", float(ratio[k]))
        for k in order
    ]
