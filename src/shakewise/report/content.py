"""What goes into a report, gathered once so the PDF and the FHIR export say the same.

Only what the person entered (or measured, or logged) is included: no name unless given,
no identifiers, nothing fetched from elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.schema import FindingKind
from shakewise.results import Assessment, EvidenceItem


@dataclass(frozen=True)
class Measurement:
    """One analysed recording (the JSON of `shakewise tremor analyze`) and its plot."""

    analysis: dict[str, object]
    findings: dict[str, str] = field(default_factory=dict)
    plot_png: bytes | None = None
    recorded_at: dt.datetime | None = None


@dataclass(frozen=True)
class DiarySummary:
    """The diary over the report period, already summarised by the insights."""

    since: dt.date
    until: dt.date
    episodes: int
    per_week: list[tuple[str, int]]  # (ISO week, count)
    triggers: list[str]  # plain sentences, only associations the data support
    pattern_warnings: list[str]
    chart_png: bytes | None = None
    episode_rows: list[dict[str, object]] = field(default_factory=list)  # for FHIR


@dataclass(frozen=True)
class ReportContent:
    created: dt.datetime
    assessment: Assessment
    present: list[EvidenceItem]
    absent: list[EvidenceItem]
    medications: list[str]
    measurements: list[Measurement]
    diary: DiarySummary | None
    description: str | None
    # each finding of the evidence and the causes' reasons, named in plain words
    labels: dict[str, str]
    patient_name: str | None = None


def build_content(
    assessment: Assessment,
    *,
    description: str | None = None,
    measurements: list[Measurement] | None = None,
    diary: DiarySummary | None = None,
    patient_name: str | None = None,
    created: dt.datetime | None = None,
    kb: KnowledgeBase | None = None,
) -> ReportContent:
    kb = kb or load_knowledge()
    evidence = assessment.evidence
    medications = [
        e.phrase or kb.findings[e.finding].question
        for e in evidence
        if e.state == "yes" and kb.findings[e.finding].kind == FindingKind.MEDICATION
    ]
    named = [e.finding for e in evidence] + [w.finding for c in assessment.causes for w in c.why]
    return ReportContent(
        created=created or dt.datetime.now(dt.UTC),
        assessment=assessment,
        present=[e for e in evidence if e.state == "yes"],
        absent=[e for e in evidence if e.state == "no"],
        medications=medications,
        measurements=measurements or [],
        diary=diary,
        description=description,
        labels={f: kb.finding(f).label for f in named},
        patient_name=patient_name,
    )
