"""The report as a FHIR Bundle (type "collection"), built and validated with
`fhir.resources` (its R4B models: FHIR 4.3, the R4 family).

- QuestionnaireResponse: the interview answers and the person's own description.
- Observation: each measurement (local codes, UCUM units) and each diary episode.
- Condition: each likely cause, `verificationStatus` provisional (the first) or
  differential (the rest), coded in ICD-10-CM (the codes are checked in the knowledge
  base; SNOMED CT codes are not given because none was confirmed).
- RiskAssessment: the triage level with its reasons, and the cause probabilities.
- Patient: always present (Condition and RiskAssessment need a subject) but anonymous:
  only an id, plus a name when the person gives one.

No identifier, address or date of birth is ever added.
"""

from __future__ import annotations

import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from shakewise.report.content import ReportContent

ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM = "http://unitsofmeasure.org"
LOCAL = "urn:shakewise:codes"  # the project's own code system, clearly named
LOCAL_MEASURE = f"{LOCAL}:measurement"
LOCAL_FINDING = f"{LOCAL}:finding"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
RISK_PROBABILITY = "http://terminology.hl7.org/CodeSystem/risk-probability"
LEVEL_RISK = {"emergency": "high", "urgent": "high", "doctor": "moderate", "self_care": "low"}

MEASURES = [  # analysis key, local code, display, UCUM unit
    ("dominant_frequency_hz", "tremor-dominant-frequency", "Dominant tremor frequency", "Hz"),
    ("rms_m_s2", "tremor-rms-acceleration", "Tremor RMS acceleration", "m/s2"),
    ("displacement_mm", "tremor-displacement", "Tremor displacement, peak to peak", "mm"),
    ("tremor_fraction", "tremor-fraction", "Share of the recording with tremor", "1"),
]  # fmt: skip


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _id() -> str:
    return str(uuid.uuid4())


def _concept(
    system: str, code: str, display: str | None = None, text: str | None = None
) -> dict[str, Any]:
    coding = {"system": system, "code": code, **({"display": display} if display else {})}
    return {"coding": [coding], **({"text": text} if text else {})}


def _answers(content: ReportContent) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    if content.description:
        items.append(
            {
                "linkId": "description",
                "text": "Description in the person's own words",
                "answer": [{"valueString": content.description}],
            }
        )
    for e in content.assessment.evidence:
        answer: dict[str, Any] = (
            {"valueBoolean": e.state == "yes"}
            if e.state in ("yes", "no")
            else {"valueCoding": {"system": DATA_ABSENT, "code": "asked-unknown"}}
        )
        items.append({"linkId": e.finding, "text": e.question, "answer": [answer]})
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "authored": content.created.isoformat(),
        "item": items,
    }


def _measurements(content: ReportContent) -> list[dict[str, Any]]:
    out = []
    for m in content.measurements:
        at = (m.recorded_at or content.created).isoformat()
        for key, code, display, unit in MEASURES:
            value = m.analysis.get(key)
            if not isinstance(value, int | float):
                continue
            out.append(
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "category": [_concept(OBS_CATEGORY, "exam")],
                    "code": _concept(LOCAL_MEASURE, code, display, display),
                    "effectiveDateTime": at,
                    "valueQuantity": {
                        "value": float(value),
                        "unit": unit,
                        "system": UCUM,
                        "code": unit,
                    },
                }
            )
    return out


def _episodes(content: ReportContent) -> list[dict[str, Any]]:
    rows = content.diary.episode_rows if content.diary else []
    out = []
    for row in rows:
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": [_concept(OBS_CATEGORY, "survey")],
            "code": _concept(
                LOCAL_FINDING,
                "leg-episode",
                "Leg episode (diary)",
                f"{row.get('kind', 'episode')} ({row.get('side', 'side not given')})",
            ),
            "effectiveDateTime": str(row["started_at"]),
        }
        severity = row.get("severity")
        if isinstance(severity, int):
            observation["valueInteger"] = severity
        if row.get("note"):
            observation["note"] = [{"text": str(row["note"])}]
        out.append(observation)
    return out


def _conditions(content: ReportContent) -> list[dict[str, Any]]:
    return [
        {
            "resourceType": "Condition",
            "clinicalStatus": _concept(CLINICAL, "active"),
            "verificationStatus": _concept(
                VERIFICATION, "provisional" if rank == 0 else "differential"
            ),
            "code": _concept(ICD10CM, c.icd10, c.name, c.name),
            "recordedDate": content.created.isoformat(),
            "note": [{"text": f"Probability {c.probability:.0%} from self-reported answers."}],
        }
        for rank, c in enumerate(content.assessment.causes)
    ]


def _risk(content: ReportContent, conditions: list[dict[str, Any]]) -> dict[str, Any]:
    a, t = content.assessment, content.assessment.triage
    triage = {
        "outcome": _concept(f"{LOCAL}:triage-level", t.level.value, t.label, t.headline),
        "qualitativeRisk": _concept(RISK_PROBABILITY, LEVEL_RISK[t.level.value]),
        "rationale": " ".join(r.message for r in t.reasons),
    }
    causes = [
        {"outcome": _concept(ICD10CM, c.icd10, c.name, c.name), "probabilityDecimal": c.probability}
        for c in a.causes
    ]
    return {
        "resourceType": "RiskAssessment",
        "status": "final",
        "occurrenceDateTime": content.created.isoformat(),
        "code": _concept(LOCAL, "triage", "shakewise triage"),
        "method": {
            "text": f"shakewise {a.knowledge_version}: red-flag rules, then Bayesian probabilities"
        },
        "prediction": [triage, *causes],
        "basis": [{"reference": f"urn:uuid:{c['id']}"} for c in conditions],
        "mitigation": t.action,
        "note": [{"text": a.disclaimer}],
    }


def build_bundle(content: ReportContent) -> Bundle:
    """The validated Bundle (raises pydantic ValidationError if a resource is malformed)."""
    patient: dict[str, Any] = {"resourceType": "Patient", "id": _id()}
    if content.patient_name:
        patient["name"] = [{"text": content.patient_name}]
    subject = {"reference": f"urn:uuid:{patient['id']}"}
    conditions = [{**c, "id": _id()} for c in _conditions(content)]
    resources = [
        _answers(content), *_measurements(content), *_episodes(content), *conditions,
        _risk(content, conditions),
    ]  # fmt: skip
    entries = [_entry(patient)] + [
        _entry(
            {"id": _id(), **r, "subject": subject} if "id" not in r else {**r, "subject": subject}
        )
        for r in resources
    ]
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": _id(),
            "type": "collection",
            "timestamp": content.created.isoformat(),
            "entry": entries,
        }
    )


def bundle_json(content: ReportContent) -> str:
    return build_bundle(content).model_dump_json(indent=2, exclude_none=True)
