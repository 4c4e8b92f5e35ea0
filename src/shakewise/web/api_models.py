"""The REST API's request and response shapes, and the errors every route may answer:
each published in the OpenAPI schema as strictly as it is checked."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt

from shakewise.about import About
from shakewise.iso8601 import DATE_PATTERN
from shakewise.knowledge import load_knowledge
from shakewise.language.parser import MAX_TEXT_CHARS
from shakewise.plain_text import NOT_BLANK_PATTERN, WORDS_PATTERN

AnswerValue = Literal["yes", "no", "unknown"]
ABOUT_HELP = (
    "Whom the check is for, as the person chose: self, child (a child or a baby) or other"
    ' (an adult they look after). Questions are then asked about "them"; a child\'s check'
    " asks the questions about children after the emergency screens. Unset: read from the"
    ' description ("my dad...").'
)
# A day the diary is read from; the pattern admits real calendar days only.
SinceDay = Annotated[
    str | None,
    Query(
        pattern=DATE_PATTERN,
        description="From this day on (YYYY-MM-DD).",
        json_schema_extra={"format": "date"},
    ),
]
FindingId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
# Something besides spaces, and no control character (refused with a plain message).
Text = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        pattern=NOT_BLANK_PATTERN,
        json_schema_extra={"pattern": WORDS_PATTERN},
    ),
]


def _known_findings(schema: dict[str, Any]) -> None:
    """Publish the finding ids in the schema, so clients (and fuzzers) know them, and the
    pairs that cannot both be yes (two age bands), which are refused with a 422."""
    kb = load_knowledge()
    schema["propertyNames"] = {"enum": sorted(kb.findings)}
    pairs = sorted(
        {tuple(sorted((f.id, other))) for f in kb.findings.values() for other in f.excludes}
    )
    schema["allOf"] = [
        {"not": {"required": list(pair), "properties": {key: {"const": "yes"} for key in pair}}}
        for pair in pairs
    ]


Answers = Annotated[
    dict[FindingId, AnswerValue], Field(max_length=300, json_schema_extra=_known_findings)
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _text_or_answers(schema: dict[str, Any]) -> None:
    schema["anyOf"] = [
        {"required": ["text"], "properties": {"text": {"type": "string"}}},
        {"required": ["answers"], "properties": {"answers": {"minProperties": 1}}},
        {"required": ["measured"], "properties": {"measured": {"minProperties": 1}}},
        {"required": ["recording_id"], "properties": {"recording_id": {"type": "integer"}}},
    ]


def _measurements(schema: dict[str, Any]) -> None:
    kb = load_knowledge()
    schema["propertyNames"] = {
        "enum": sorted(f.id for f in kb.findings.values() if f.kind == "measurement")
    }


Measured = Annotated[
    dict[FindingId, Literal["yes", "no"]],
    Field(max_length=20, json_schema_extra=_measurements),
]
MEASURED_HELP = "Findings from POST /api/v1/recordings (its `findings`)."


def _whole_number(value: object) -> object:
    """JSON Schema's integer is any number without a fraction, so 7.0 is 7; strings and
    booleans are still refused (StrictInt)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


RecordingId = Annotated[StrictInt, Field(ge=1, le=2**31 - 1), BeforeValidator(_whole_number)]
RECORDING_HELP = "A saved recording's id: its findings are used as measurements."


class AssessRequest(Strict):
    """A description, answers, or both (at least one of them)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_text_or_answers)
    text: Text | None = Field(None, description="The person's own description.")
    answers: Answers = Field(default_factory=dict, description="finding id → yes/no/unknown")
    measured: Measured = Field(default_factory=dict, description=MEASURED_HELP)
    recording_id: RecordingId | None = Field(None, description=RECORDING_HELP)
    about: About | None = Field(None, description=ABOUT_HELP)


class InterviewRequest(Strict):
    answers: Answers = Field(default_factory=dict, description="Every answer so far.")
    text: Text | None = None
    measured: Measured = Field(default_factory=dict, description=MEASURED_HELP)
    recording_id: RecordingId | None = Field(None, description=RECORDING_HELP)
    about: About | None = Field(None, description=ABOUT_HELP)


class ParseRequest(Strict):
    text: Text


class ParsedEvidence(BaseModel):
    finding: str
    state: AnswerValue
    span: tuple[int, int]
    phrase: str


class ParseResponse(BaseModel):
    evidence: list[ParsedEvidence]


class SourceOut(BaseModel):
    id: str
    title: str
    publisher: str
    kind: str
    url: str | None


class FindingOut(BaseModel):
    id: str
    label: str = Field(description="The finding in plain words, for lists.")
    kind: str
    question: str
    help: str
    askable: bool


class CauseSummary(BaseModel):
    id: str
    name: str
    icd10: str
    prior: float
    triage: str
    sources: list[str]


class CauseDetail(CauseSummary):
    summary: str
    likelihoods: dict[str, float]
    self_care: list[str]
    seek_help: list[dict[str, str]]


class RedFlagOut(BaseModel):
    id: str
    level: str
    message: str
    action: str
    findings: list[str]
    sources: list[str]


class Health(BaseModel):
    status: Literal["ok"]
    knowledge_version: str


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. unknown_finding.")
    message: str = Field(description="What was wrong and how to fix it, in plain words.")
    details: Any = None


class ErrorResponse(BaseModel):
    """The one shape of every 4xx and 5xx answer."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Body could not be read"},
    413: {"model": ErrorResponse, "description": "Body too large"},
    422: {"model": ErrorResponse, "description": "Invalid input (the message names the fix)"},
    500: {"model": ErrorResponse, "description": "Unexpected error"},
}
STORED_ERRORS: dict[int | str, dict[str, Any]] = {  # routes on a person's stored data
    **ERRORS,
    401: {"model": ErrorResponse, "description": "Not signed in (accounts mode)"},
    404: {"model": ErrorResponse, "description": "No such item among your data"},
    429: {"model": ErrorResponse, "description": "Too many requests; see Retry-After"},
    503: {"model": ErrorResponse, "description": "Database unavailable"},
}
