"""Invariants of the inference engine, checked against a brute-force oracle and pgmpy."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shakewise.assessment import model_for
from shakewise.engine import (
    NO,
    UNKNOWN,
    YES,
    cause_ranks,
    decide_triage,
    fired_red_flags,
    posterior,
)
from shakewise.engine.inference import DENSE_UP_TO, most_likely_first
from shakewise.engine.interview import information_gain
from shakewise.engine.model import Model, build_model
from shakewise.engine.triage import answer_outcomes
from shakewise.knowledge import KnowledgeBase

states = st.sampled_from([YES, NO, UNKNOWN])


def random_model(seed: int, n_causes: int = 5, n_findings: int = 7):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    return build_model(
        rng.uniform(0.5, 100, n_causes),
        rng.uniform(0.01, 0.99, (n_causes, n_findings)),
        rng.uniform(0.01, 0.6, n_findings),
    )


@given(seed=st.integers(0, 10_000), answers=st.lists(states, min_size=7, max_size=7))
def test_posterior_is_a_distribution(seed: int, answers: list[int]) -> None:
    model = random_model(seed)
    post = posterior(model, np.array(answers, np.int8))
    assert post.shape == (5,)
    assert np.all(post >= 0)
    assert post.sum() == pytest.approx(1.0)


@given(seed=st.integers(0, 10_000), answers=st.lists(states, min_size=7, max_size=7))
def test_unknown_answers_change_nothing(seed: int, answers: list[int]) -> None:
    model = random_model(seed)
    known = np.array(answers, np.int8)
    prior_only = posterior(model, np.zeros(7, np.int8))
    assert prior_only == pytest.approx(np.exp(model.log_prior))
    # Marking more findings "unknown" is the same as never asking them.
    same = known.copy()
    same[known == UNKNOWN] = UNKNOWN
    assert posterior(model, same) == pytest.approx(posterior(model, known))


@given(seed=st.integers(0, 10_000), answers=st.lists(states, min_size=7, max_size=7))
def test_answer_order_does_not_matter(seed: int, answers: list[int]) -> None:
    model = random_model(seed)
    full = np.array(answers, np.int8)
    # Applying answers one at a time, in any order, reaches the same posterior.
    for order in (range(7), reversed(range(7))):
        vec = np.zeros(7, np.int8)
        for j in order:
            vec[j] = full[j]
        assert posterior(model, vec) == pytest.approx(posterior(model, full))


def brute_force_posterior(kb: KnowledgeBase, answers: dict[str, int]) -> dict[str, float]:
    """P(cause | answers) by enumerating every finding state, straight from the YAML."""
    finding_ids = list(kb.findings)
    joint = {}
    for cause in kb.causes.values():
        total = 0.0
        for world in itertools.product([True, False], repeat=len(finding_ids)):
            if any(
                (answers.get(f) == YES and not v) or (answers.get(f) == NO and v)
                for f, v in zip(finding_ids, world, strict=True)
            ):
                continue
            prob = cause.prior
            for f, v in zip(finding_ids, world, strict=True):
                link = cause.likelihoods.get(f)
                p = link.p if link else kb.findings[f].base_rate
                prob *= p if v else 1 - p
            total += prob
        joint[cause.id] = total
    norm = sum(joint.values())
    return {c: v / norm for c, v in joint.items()}


@settings(max_examples=30, deadline=None)
@given(answers=st.lists(states, min_size=6, max_size=6))
def test_engine_agrees_with_brute_force_oracle(tiny_kb: KnowledgeBase, answers: list[int]) -> None:
    model = model_for(tiny_kb)
    by_id = dict(zip(model.finding_ids, answers, strict=True))
    oracle = brute_force_posterior(tiny_kb, by_id)
    post = posterior(model, np.array(answers, np.int8))
    for i, cause in enumerate(model.cause_ids):
        assert post[i] == pytest.approx(oracle[cause], rel=1e-6)


def test_engine_agrees_with_pgmpy(tiny_kb: KnowledgeBase) -> None:
    pgmpy = pytest.importorskip("pgmpy", reason="pgmpy (dev extra) is the reference engine")
    from bench.pgmpy_model import pgmpy_posterior

    model = model_for(tiny_kb)
    answers = {"twitch": YES, "exercise": NO, "weakness": NO}
    vec = np.array([answers.get(f, UNKNOWN) for f in model.finding_ids], np.int8)
    ours = posterior(model, vec)
    theirs = pgmpy_posterior(model, vec)
    assert pgmpy is not None
    assert ours == pytest.approx(theirs, rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    first=st.lists(states, min_size=6, max_size=6),
    extra=st.lists(st.sampled_from([YES, NO]), min_size=6, max_size=6),
)
def test_more_answers_never_lower_a_fired_red_flag(
    tiny_kb: KnowledgeBase, first: list[int], extra: list[int]
) -> None:
    model = model_for(tiny_kb)
    before = np.array(first, np.int8)
    after = before.copy()
    unanswered = before == UNKNOWN
    after[unanswered] = np.array(extra, np.int8)[unanswered]  # only add new answers
    fired_before = {rf.id for rf in fired_red_flags(model, before)}
    fired_after = {rf.id for rf in fired_red_flags(model, after)}
    assert fired_before <= fired_after
    flag_rank = max((rf.level.rank for rf in fired_red_flags(model, before)), default=0)
    assert decide_triage(model, after, posterior(model, after)).rank >= flag_rank


def test_red_flag_overrides_probabilities(tiny_kb: KnowledgeBase) -> None:
    model = model_for(tiny_kb)
    idx = model.finding_index
    vec = np.zeros(len(model.finding_ids), np.int8)
    vec[idx["twitch"]] = YES
    vec[idx["chest_pain"]] = YES
    post = posterior(model, vec)
    assert model.cause_ids[int(post.argmax())] == "benign"
    assert decide_triage(model, vec, post).rank == 3


def test_information_gain_is_zero_for_useless_findings() -> None:
    p = np.full((3, 4), 0.3)
    p[:, 0] = [0.9, 0.1, 0.5]  # only finding 0 separates the causes
    model = build_model(np.ones(3), p, np.full(4, 0.3))
    gain = information_gain(model, np.full(3, 1 / 3))
    assert gain[0] > 0.1
    assert gain[1:] == pytest.approx(0.0, abs=1e-9)


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_vectorised_red_flags_agree_with_the_rules(data: st.DataObject) -> None:
    """The compiled matrix form fires exactly the rules the plain recursive check fires."""
    from shakewise.assessment import model_for
    from shakewise.engine.triage import rule_fires
    from shakewise.knowledge import load_knowledge

    model = model_for(load_knowledge())
    n = len(model.finding_ids)
    used = sorted({int(j) for j in np.nonzero(model.flag_terms)[1]})  # findings in red flags
    yes = data.draw(st.lists(st.sampled_from(used), max_size=8))
    evidence = np.zeros(n, np.int8)
    evidence[yes] = YES
    expected = {rf.id for rf in model.red_flags if rule_fires(rf.rule, evidence == YES)}
    assert {rf.id for rf in fired_red_flags(model, evidence)} == expected


def test_the_shared_model_cannot_be_changed(kb: KnowledgeBase) -> None:
    """One compiled model serves every request: its arrays are read-only."""
    from shakewise.assessment import model_for

    model = model_for(kb)
    with pytest.raises(ValueError, match="read-only"):
        model.p_yes[0, 0] = 0.5
    with pytest.raises(ValueError, match="read-only"):
        model.cause_rank[0] = 3


def _lowered_model() -> Model:
    """Cause 0 is urgent (rank 2) unless findings 1 and 2 are both answered no."""
    return build_model(
        np.array([99.0, 1.0]),
        np.full((2, 4), 0.5),
        np.full(4, 0.5),
        cause_rank=np.array([2, 0], np.int64),
        lower_once_denied={0: (1, (1, 2))},
        thresholds={1: 0.5, 2: 0.5},
    )


@pytest.mark.parametrize(
    ("answers", "rank"),
    [
        ([UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN], 2),
        ([UNKNOWN, NO, UNKNOWN, UNKNOWN], 2),  # one sign still possible
        ([UNKNOWN, NO, YES, UNKNOWN], 2),
        ([YES, NO, NO, YES], 1),  # every sign denied: the lower level
    ],
)
def test_a_cause_drops_to_its_lower_level_only_when_every_sign_is_denied(
    answers: list[int], rank: int
) -> None:
    model = _lowered_model()
    vec = np.array(answers, np.int8)
    assert cause_ranks(model, vec)[0] == rank
    assert cause_ranks(model, vec)[1] == 0  # a cause without a lower level keeps its own
    assert decide_triage(model, vec, posterior(model, vec)).rank == rank


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), answers=st.lists(states, min_size=7, max_size=7))
def test_answer_outcomes_match_triage_after_each_answer(seed: int, answers: list[int]) -> None:
    """The level after each possible answer, computed for all findings at once, equals the
    level decided from scratch with that answer given."""
    rng = np.random.default_rng(seed)
    model = build_model(
        rng.uniform(0.5, 100, 5),
        rng.uniform(0.01, 0.99, (5, 7)),
        rng.uniform(0.01, 0.6, 7),
        cause_rank=rng.integers(0, 4, 5),
        thresholds={1: 0.3, 2: 0.2, 3: 0.1},
    )
    vec = np.array(answers, np.int8)
    outcomes = answer_outcomes(model, vec, posterior(model, vec))
    for j in np.flatnonzero(vec == UNKNOWN):
        for state, expected in ((YES, outcomes.rank_if_yes[j]), (NO, outcomes.rank_if_no[j])):
            after = vec.copy()
            after[j] = state
            assert decide_triage(model, after, posterior(model, after)).rank == expected


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n_answered=st.integers(0, 40))
def test_a_large_model_reads_only_the_answered_columns_and_agrees(
    seed: int, n_answered: int
) -> None:
    rng = np.random.default_rng(seed)
    n_causes, n_findings = 20, 3000  # above DENSE_UP_TO: the gathering path
    p = rng.uniform(0.01, 0.99, (n_causes, n_findings))
    model = build_model(rng.uniform(0.5, 100, n_causes), p, p.mean(axis=0))
    assert model.log_answer.size > DENSE_UP_TO
    vec = np.zeros(n_findings, np.int8)
    picked = rng.choice(n_findings, n_answered, replace=False)
    vec[picked] = rng.choice([YES, NO], n_answered)
    log_p = model.log_prior + np.where(vec == YES, np.log(p), 0).sum(axis=1)
    log_p += np.where(vec == NO, np.log1p(-p), 0).sum(axis=1)
    expected = np.exp(log_p - log_p.max())
    assert posterior(model, vec) == pytest.approx(expected / expected.sum())


def test_tied_causes_put_the_more_urgent_first_whatever_the_last_digit() -> None:
    """Four causes, 1 and 2 tied (to a last-digit difference of floating-point noise), 2
    more urgent; 0 and 3 tied at the same level: the knowledge base's order."""
    model = build_model(
        np.ones(4), np.full((4, 2), 0.5), np.full(2, 0.5), cause_rank=np.array([0, 0, 2, 0])
    )
    post = np.array([0.1, 0.4 + 1e-16, 0.4, 0.1])
    assert most_likely_first(model, post).tolist() == [2, 1, 0, 3]
    noise_moved = np.array([0.1, 0.4, 0.4 + 1e-16, 0.1])
    assert most_likely_first(model, noise_moved).tolist() == [2, 1, 0, 3]
