"""The one assessment pipeline every interface calls: input → evidence → inference →
triage → presentation.

`assess()` returns the JSON-ready structure of DESIGN.md; `run_assessment()` the typed
`Assessment` (`results.py`) it is dumped from; the interview lives in `interview.py`.
By job: `evidence.py` gathers and checks what the person gave, `level.py` decides the
triage level and its reasons, `causes.py` what is shown beside it. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from shakewise.about import About, answers_for
from shakewise.assessment.causes import (
    advice_for,
    flagged_causes,
    shown_causes,
    suggested_questions,
    why_likely,
)
from shakewise.assessment.evidence import evidence_vector, gather_evidence, model_for
from shakewise.assessment.level import triage_result
from shakewise.engine import Evidence, cause_ranks, posterior
from shakewise.errors import InputError
from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.language import is_about_a_child, subject_of
from shakewise.results import Assessment, CauseResult, EvidenceItem, SourceRef, TriageResult

__all__ = [
    "assess",
    "assess_items",
    "evidence_vector",
    "gather_evidence",
    "model_for",
    "run_assessment",
]


def run_assessment(
    text: str | None = None,
    answers: Mapping[str, str] | None = None,
    *,
    measured: Mapping[str, str] | None = None,
    logged: Mapping[str, str] | None = None,
    about: About | None = None,
    kb: KnowledgeBase | None = None,
) -> Assessment:
    """Assess a description and/or answers. Raises InputError on unusable input.

    `logged`: findings from the person's diary patterns (persisting, worsening...);
    `about`: whom the person said the check is for (shakewise.about)."""
    kb = kb or load_knowledge()
    if text is None and not answers and not measured:
        raise InputError("Nothing to assess: give a description (--text) or answers (--answer).")
    said = answers_for(about, dict(answers or {}))
    return assess_items(kb, gather_evidence(kb, text, said, measured, logged), text, about)


@dataclass(frozen=True)
class Judgement:
    """The level and the ranked causes of some evidence: what every interview step shows;
    a result adds the advice, the sources and the questions to ask next."""

    triage: TriageResult
    causes: list[CauseResult]
    post: np.ndarray
    vec: Evidence
    shown: list[int]


def judge(kb: KnowledgeBase, items: list[EvidenceItem]) -> Judgement:
    model = model_for(kb)
    vec = evidence_vector(model, items)
    post = posterior(model, vec)
    triage = triage_result(kb, model, vec, post, items)
    flagged = flagged_causes(model, vec)
    shown = shown_causes(model, post, flagged, cause_ranks(model, vec))
    said = {i.finding: i.source for i in items}
    causes = [
        CauseResult(
            id=cause.id,
            name=cause.name,
            probability=round(float(post[i]), 4),
            icd10=cause.icd10,
            usual_triage=cause.triage,
            summary=cause.summary,
            why=why,
            warning_sign=i in flagged.causes,
        )
        for i, why in zip(shown, why_likely(kb, model, vec, shown, said), strict=True)
        for cause in [kb.causes[model.cause_ids[i]]]
    ]
    return Judgement(triage, causes, post, vec, shown)


def assess_items(
    kb: KnowledgeBase,
    items: list[EvidenceItem],
    text: str | None = None,
    about: About | None = None,
    judged: Judgement | None = None,
) -> Assessment:
    """The assessment of evidence already gathered (the interview reuses its judgement)."""
    model = model_for(kb)
    j = judged or judge(kb, items)
    advice, seek = advice_for(kb, model, j.post, j.shown, j.triage)
    cited = [src for a in advice for src in a.sources] + [src for h in seek for src in h.sources]
    cited += [s for c in j.causes for s in kb.causes[c.id].sources]
    flags = [r for r in [*j.triage.reasons, *j.triage.also_noted] if r.kind == "red_flag"]
    cited += [s for r in flags for s in kb.red_flags[r.id].sources]
    return Assessment(
        subject=subject_for(text, about),
        triage=j.triage,
        causes=j.causes,
        evidence=items,
        advice=advice,
        seek_help=seek,
        next_questions=suggested_questions(kb, model, j.vec, j.post),
        sources=[
            SourceRef(id=s.id, title=s.title, publisher=s.publisher, url=s.url)
            for s in kb.cited_sources(cited)
        ],
        knowledge_version=kb.version,
        knowledge_date=kb.meta.date,
        disclaimer=kb.meta.disclaimer,
    )


def assess(
    text: str | None = None,
    answers: Mapping[str, str] | None = None,
    *,
    measured: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """The assessment as a JSON-ready dict (the shape of `shakewise assess --json`)."""
    return run_assessment(text, answers, measured=measured).model_dump(mode="json")


@lru_cache(maxsize=512)
def asks_about_a_child(text: str | None, about: About | None) -> bool:
    """Whether the questions about children are asked: the person chose "my child", or,
    not having chosen, wrote about one (cached like `subject_for`)."""
    if about is not None:
        return about == "child"
    return text is not None and is_about_a_child(text)


@lru_cache(maxsize=512)
def subject_for(text: str | None, about: About | None) -> Literal["self", "other"]:
    """Whose symptoms: as the person chose, else as their words tell (cached like the
    reading: the interview sends the same description with every answer)."""
    if about is not None:
        return "self" if about == "self" else "other"
    return "other" if text and subject_of(text).value == "other" else "self"
