"""The adaptive interview: which screen to show next, and when to stop.

Order (as in NHS Pathways, "most dangerous first"): the emergency screens, then questions
chosen by expected information gain over the causes and the triage level, then any urgent
screen not yet asked before the interview may stop.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from shakewise.engine.inference import posterior
from shakewise.engine.model import UNKNOWN, Evidence, Floats, Model, Question
from shakewise.engine.triage import fired_red_flags

CONFIDENT = 0.85  # stop when the leading cause reaches this probability
MIN_GAIN = 0.02  # bits: below this no question is worth a screen
MAX_SCREENS = 16


def _binary_entropy(p: Floats) -> Floats:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    h: Floats = -(p * np.log2(p) + (1 - p) * np.log2(1 - p))
    return h


def information_gain(model: Model, post: Floats) -> Floats:
    """Expected bits each finding's answer tells about the cause plus the triage level.

    I(X; A) = H(A) - H(A | X) for X the cause and for X its default triage level; the
    answer entropy given the cause is a fixed matrix, so this is a few matrix products.
    """
    p_yes = post @ model.p_yes
    about_cause = _binary_entropy(p_yes) - post @ _binary_entropy(model.p_yes)
    about_level = _binary_entropy(p_yes).copy()
    for rank in np.unique(model.cause_rank):
        rows = model.cause_rank == rank
        mass = post[rows].sum()
        if mass > 0:
            p_level = post[rows] @ model.p_yes[rows] / mass
            about_level -= mass * _binary_entropy(p_level)
    gain: Floats = about_cause + about_level
    return gain


def _open(question: Question, evidence: Evidence, asked: Collection[str]) -> bool:
    return question.id not in asked and any(evidence[j] == UNKNOWN for j in question.findings)


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
    open_questions = [q for q in model.questions if _open(q, evidence, asked)]
    for q in open_questions:
        if q.screen == "emergency":
            return q
    post = posterior(model, evidence)
    best = _best_by_gain(model, evidence, post, open_questions)
    done = len(asked) >= max_screens or post.max() >= CONFIDENT or best is None
    if not done:
        return best
    return next((q for q in open_questions if q.screen == "urgent"), None)


def _best_by_gain(
    model: Model, evidence: Evidence, post: Floats, questions: list[Question]
) -> Question | None:
    gain = information_gain(model, post)
    gain[(evidence != UNKNOWN) | ~model.askable] = 0.0
    scored = [(float(gain[list(q.findings)].sum()), q) for q in questions]
    score, best = max(scored, key=lambda s: s[0], default=(0.0, None))
    return best if score >= MIN_GAIN else None
