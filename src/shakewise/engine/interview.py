"""The adaptive interview: which screen to show next, and when to stop.

Order (as in NHS Pathways, "most dangerous first"): the emergency screens, then questions
chosen by expected information gain over the causes and the triage level, then any urgent
screen not yet asked before the interview may stop.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from numpy.typing import NDArray

from shakewise.engine.inference import posterior
from shakewise.engine.model import UNKNOWN, Evidence, Floats, Model, Question, binary_entropy
from shakewise.engine.triage import fired_red_flags

CONFIDENT = 0.85  # stop when the leading cause reaches this probability
MIN_GAIN = 0.02  # bits: below this no question is worth a screen
MAX_SCREENS = 16


def information_gain(model: Model, post: Floats) -> Floats:
    """Expected bits each finding's answer tells about the cause plus the triage level.

    I(X; A) = H(A) - H(A | X) for X the cause and for X its default triage level; the
    answer entropy given the cause is a fixed matrix, so this is a few matrix products.
    """
    ranks = np.unique(model.cause_rank)
    by_level = post * (model.cause_rank == ranks[:, None])  # (levels, C)
    level_mass = by_level.sum(axis=1)
    level_yes = by_level @ model.p_yes  # (levels, F): P(level and yes)
    p_yes = level_yes.sum(axis=0)
    h_answer = binary_entropy(p_yes)
    about_cause = h_answer - post @ model.entropy_yes
    kept = level_mass > 0
    p_yes_given_level = level_yes[kept] / level_mass[kept, None]
    about_level = h_answer - level_mass[kept] @ binary_entropy(p_yes_given_level)
    gain: Floats = about_cause + about_level
    return gain


def _open(model: Model, evidence: Evidence, asked: Collection[str]) -> NDArray[np.bool_]:
    """Questions still worth showing: not asked yet, with a finding still unknown."""
    unknown = (evidence == UNKNOWN)[model.question_findings]
    is_open: NDArray[np.bool_] = np.logical_or.reduceat(unknown, model.question_starts)
    for qid in asked:
        if qid in model.question_index:
            is_open[model.question_index[qid]] = False
    return is_open


def next_question(
    model: Model,
    evidence: Evidence,
    asked: Collection[str] = (),
    *,
    max_screens: int = MAX_SCREENS,
) -> Question | None:
    """The next screen to show, or None when the interview should stop."""
    if any(rf.level.rank == 3 for rf in fired_red_flags(model, evidence)):
        return None  # an emergency is already certain: show it now
    is_open = _open(model, evidence, asked)
    for i in model.screens["emergency"]:
        if is_open[i]:
            return model.questions[i]
    post = posterior(model, evidence)
    best = _best_by_gain(model, evidence, post, is_open)
    done = len(asked) >= max_screens or post.max() >= CONFIDENT or best is None
    if not done:
        return best
    return next((model.questions[i] for i in model.screens["urgent"] if is_open[i]), None)


def _best_by_gain(
    model: Model, evidence: Evidence, post: Floats, is_open: NDArray[np.bool_]
) -> Question | None:
    gain = information_gain(model, post)
    gain[(evidence != UNKNOWN) | ~model.askable] = 0.0
    score = np.add.reduceat(gain[model.question_findings], model.question_starts)
    score[~is_open] = -1.0
    best = int(np.argmax(score)) if len(score) else -1
    return model.questions[best] if best >= 0 and score[best] >= MIN_GAIN else None
