"""The build fails if the public vignettes fall below the accuracy and safety targets."""

from __future__ import annotations

from collections import Counter

import pytest
from tests.conftest import NARRATIVES, VIGNETTES

from shakewise.evaluation import Report, evaluate, load_vignettes
from shakewise.knowledge import KnowledgeBase
from shakewise.knowledge.schema import TriageLevel


@pytest.fixture(scope="module", params=[VIGNETTES, NARRATIVES], ids=["vignettes", "narratives"])
def report(kb: KnowledgeBase, request: pytest.FixtureRequest) -> Report:
    return evaluate(load_vignettes(request.param), kb)


def test_vignette_set_is_balanced(kb: KnowledgeBase) -> None:
    vignettes = load_vignettes(VIGNETTES)
    assert len(vignettes) >= 80
    primary = Counter(v.expected_causes[0] for v in vignettes)
    assert all(primary[c] >= 2 for c in kb.causes), primary
    texts = sum(v.text is not None for v in vignettes)
    assert 0.4 <= texts / len(vignettes) <= 0.6
    levels = Counter(v.expected_triage for v in vignettes)
    assert all(levels[lv] >= 8 for lv in TriageLevel)
    serious = levels[TriageLevel.URGENT] + levels[TriageLevel.EMERGENCY]
    assert 0.15 <= serious / len(vignettes) <= 0.35
    for v in vignettes:
        assert set(v.expected_causes) <= set(kb.causes), v.id
        for finding in v.answers or {}:
            assert finding in kb.findings, (v.id, finding)


def test_no_emergency_is_under_triaged(report: Report) -> None:
    missed = [
        c.id for c in report.cases if c.expected_triage == "emergency" and c.triage != "emergency"
    ]
    assert missed == []


def test_accuracy_targets(report: Report) -> None:
    assert report.top3 >= 0.90
    assert report.top1 >= 0.70
    assert report.triage_exact >= 0.85
    assert report.over_triage_self_care <= 0.15


def test_interview_is_short(kb: KnowledgeBase) -> None:
    assert evaluate(load_vignettes(VIGNETTES), kb).median_screens <= 10


def test_narratives_are_free_text_about_every_cause(kb: KnowledgeBase) -> None:
    narratives = load_vignettes(NARRATIVES)
    assert len(narratives) >= 50
    assert all(v.text and not v.answers for v in narratives)
    assert {v.expected_causes[0] for v in narratives} == set(kb.causes)
