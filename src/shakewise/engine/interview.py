"""The adaptive interview: which screen to show next, and when to stop.

Order, as a triage nurse on the phone works ("most dangerous first", NHS Pathways):
1. The emergency screens, unless an emergency is already certain.
2. The urgent screens; then, while the level is self-care, the see-a-doctor screen.
3. Every question that could still raise the level given the leading causes: a finding
   that is a leading cause's own concern (linked to it, or part of a red flag pointing to
   it) and whose "yes" would move the level up. "Is it disturbing your sleep?" is asked
   before a restless-legs story may end in self-care. And every finding one "yes" away
   from an emergency warning sign, however unlikely ("are you coughing up blood?"
   once a swollen calf is told).
4. Questions chosen by expected information about the cause plus the expected change in
   the triage level (value of information for triage), until both are settled: no open
   question is expected to move the level by LEVEL_SETTLED, and the leading cause has
   reached CONFIDENT or no question is worth WORTH_A_SCREEN bits. Both expectations are
   scaled by how often the person has been able to answer ("don't know" is no answer).
There is no screen cap: the stopping rule ends the interview, and the questions are finite.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from numpy.typing import NDArray

from shakewise.engine.inference import most_likely_first, posterior
from shakewise.engine.model import UNKNOWN, Evidence, Floats, Model, Question, binary_entropy
from shakewise.engine.triage import answer_outcomes, fired_red_flags

# Design estimates, tuned on the public vignettes and narratives (docs/evaluation.md), never
# on the held-out batches.
CONFIDENT = 0.80  # the leading cause is settled at this probability
WORTH_A_SCREEN = 0.12  # bits about the cause: below this a screen is not worth the time
LEVEL_SETTLED = 0.10  # expected change in level (in levels) below which triage is settled
LEADING_MASS = 0.15  # causes at least this likely are "leading"
LEADING_MAX = 3  # and at most this many of them
PLAUSIBLE = 0.02  # a level-raising finding is asked only if "yes" is at least this likely
ANSWER_PRIOR = 2  # answers assumed known before the first question (answerability)
ONE_STEP_FROM = 3  # a "yes" that would complete a warning sign of this level is always asked


def information_gain(model: Model, post: Floats) -> Floats:
    """Expected bits each finding's answer tells about the cause plus the triage level.

    I(X; A) = H(A) - H(A | X) for X the cause and for X its default triage level; the
    answer entropy given the cause is a fixed matrix, so this is a few matrix products.
    """
    return _cause_gain(model, post) + _level_gain(model, post)


def _cause_gain(model: Model, post: Floats, p_yes: Floats | None = None) -> Floats:
    p_yes = post @ model.p_yes if p_yes is None else p_yes
    gain: Floats = binary_entropy(p_yes) - post @ model.entropy_yes
    return gain


def _level_gain(model: Model, post: Floats) -> Floats:
    by_level = post * (model.cause_rank == model.levels[:, None])  # (levels, C)
    level_mass = by_level.sum(axis=1)
    level_yes = by_level @ model.p_yes  # (levels, F): P(level and yes)
    kept = level_mass > 0
    p_yes_given_level = level_yes[kept] / level_mass[kept, None]
    gain: Floats = binary_entropy(level_yes.sum(axis=0)) - level_mass[kept] @ binary_entropy(
        p_yes_given_level
    )
    return gain


def _open(model: Model, evidence: Evidence, asked: Collection[str]) -> NDArray[np.bool_]:
    """Questions still worth showing: not asked yet, with a finding still unknown."""
    unknown = (evidence == UNKNOWN)[model.question_findings]
    is_open: NDArray[np.bool_] = np.logical_or.reduceat(unknown, model.question_starts)
    index = model.question_index
    for qid in asked:
        if qid in index:
            is_open[index[qid]] = False
    return is_open


def _per_question(model: Model, per_finding: Floats) -> Floats:
    total: Floats = np.add.reduceat(per_finding[model.question_findings], model.question_starts)
    return total


def _leading(model: Model, post: Floats) -> NDArray[np.int64]:
    order = most_likely_first(model, post)[:LEADING_MAX]
    lead: NDArray[np.int64] = order[post[order] >= LEADING_MASS]
    return lead if len(lead) else order[:1]


def answerability(model: Model, evidence: Evidence, asked: Collection[str]) -> float:
    """How likely the person is to answer the next question with yes or no rather than
    "don't know", from their answers so far (add-two smoothing, so it starts at 1).

    A question's expected information is only gained when it is answered, so each gain is
    scaled by this: someone who does not know the answers is not kept on the phone."""
    index = model.question_index
    known = evidence != UNKNOWN
    shown = [index[q] for q in asked if q in index and model.questions[index[q]].screen == "none"]
    answered = sum(bool(known[list(model.questions[i].findings)].any()) for i in shown)
    return (answered + ANSWER_PRIOR) / (len(shown) + ANSWER_PRIOR)


def next_question(model: Model, evidence: Evidence, asked: Collection[str] = ()) -> Question | None:
    """The next screen to show, or None when the interview should stop."""
    if any(rf.level.rank == 3 for rf in fired_red_flags(model, evidence)):
        return None  # an emergency is already certain: show it now
    is_open = _open(model, evidence, asked)
    for kind in ("emergency", "urgent"):
        for i in model.screens[kind]:
            if is_open[i]:
                return model.questions[i]
    post = posterior(model, evidence)
    unknown = (evidence == UNKNOWN) & model.askable
    outcomes = answer_outcomes(model, evidence, post)
    if outcomes.rank_now == 0:  # no self-care result before the see-a-doctor signs
        for i in model.screens["doctor"]:
            if is_open[i]:
                return model.questions[i]
    level_change = np.where(unknown, outcomes.expected_change, 0.0)
    raises = (
        unknown
        & (outcomes.rank_if_yes > outcomes.rank_now)
        & (outcomes.p_yes >= PLAUSIBLE)
        & model.concerns[_leading(model, post)].any(axis=0)
    )
    # One answer from an emergency warning sign (a swollen calf told, "are you coughing
    # blood?" not yet asked): asked however unlikely, as a nurse would.
    raises |= (
        unknown
        & (outcomes.flag_rank_if_yes >= ONE_STEP_FROM)
        & (outcomes.flag_rank_if_yes > outcomes.rank_now)
    )
    must = _per_question(model, raises.astype(np.float64)) > 0
    willing = answerability(model, evidence, asked)
    cause_gain = np.where(unknown, _cause_gain(model, post, outcomes.p_yes), 0.0) * willing
    level_change = level_change * willing
    score = _per_question(model, cause_gain) + _per_question(model, level_change)
    score[~is_open] = -1.0
    if (must & is_open).any():
        return model.questions[int(np.argmax(np.where(must & is_open, score, -1.0)))]
    if not is_open.any():
        return None
    level_open = _per_question(model, level_change)[is_open].max() >= LEVEL_SETTLED
    cause_open = (
        post.max() < CONFIDENT and _per_question(model, cause_gain)[is_open].max() >= WORTH_A_SCREEN
    )
    return model.questions[int(np.argmax(score))] if level_open or cause_open else None
