"""REST API under /api/v1: the same pipeline as the command line, as JSON.

Stateless, like the leading triage APIs: the client sends every answer so far with each
request, so any server can answer and nothing about a person is kept.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt

from shakewise.assessment import run_assessment
from shakewise.interview import interview_step
from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.loader import condition_findings
from shakewise.language import parse_text
from shakewise.language.parser import MAX_TEXT_CHARS
from shakewise.plain_text import NOT_BLANK_PATTERN, WORDS_PATTERN
from shakewise.results import Assessment, InterviewStep
from shakewise.storage import repository as repo
from shakewise.web.auth import current_user

AnswerValue = Literal["yes", "no", "unknown"]
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


class InterviewRequest(Strict):
    answers: Answers = Field(default_factory=dict, description="Every answer so far.")
    text: Text | None = None
    measured: Measured = Field(default_factory=dict, description=MEASURED_HELP)
    recording_id: RecordingId | None = Field(None, description=RECORDING_HELP)


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


async def knowledge() -> KnowledgeBase:
    return load_knowledge()


KB = Annotated[KnowledgeBase, Depends(knowledge)]
router = APIRouter(prefix="/api/v1", tags=["assessment"], responses=STORED_ERRORS)


def recording_findings(request: Request, recording_id: int | None) -> dict[str, str]:
    """The findings of a saved recording of the user asking (404 for anyone else's)."""
    if recording_id is None:
        return {}
    with request.app.state.db.session() as s:
        saved = repo.get_recording(s, current_user(request), recording_id)
    findings = saved.analysis.get("findings", {})
    return {str(k): str(v) for k, v in findings.items()} if isinstance(findings, dict) else {}


def _json(model: BaseModel) -> Response:
    """Serialise once, straight from the typed result: the pipeline already built it from
    validated parts, so FastAPI's second validation pass would only cost time."""
    return Response(model.model_dump_json(), media_type="application/json")


# The handlers below are plain functions: FastAPI runs them in its thread pool, so a long
# description being read or a database query never holds up the other requests.


@router.post("/assess", response_model=None, responses={200: {"model": Assessment}})
def assess(request: Request, body: AssessRequest, kb: KB) -> Response:
    """Assess a description and/or answers: the JSON of `shakewise assess --json`."""
    measured = {**recording_findings(request, body.recording_id), **body.measured}
    return _json(run_assessment(body.text, body.answers, measured=measured, kb=kb))


@router.post("/interview", response_model=None, responses={200: {"model": InterviewStep}})
def interview(request: Request, body: InterviewRequest, kb: KB) -> Response:
    """The next question for the answers so far, or the result when the interview is done."""
    measured = {**recording_findings(request, body.recording_id), **body.measured}
    return _json(interview_step(body.text, body.answers, measured=measured, kb=kb))


@router.post("/parse", response_model=ParseResponse)
def parse(body: ParseRequest, kb: KB) -> ParseResponse:
    """What the text reader finds in a description, with character spans."""
    found = parse_text(body.text, kb)
    return ParseResponse(
        evidence=[
            ParsedEvidence(finding=e.finding, state=e.state, span=e.span, phrase=e.phrase)
            for e in found
        ]
    )


kb_router = APIRouter(
    prefix="/api/v1/knowledge",
    tags=["knowledge"],
    responses={404: {"model": ErrorResponse, "description": "No such item"}, **ERRORS},
)


def _summary(kb: KnowledgeBase, cause_id: str) -> CauseSummary:
    c = kb.causes[cause_id]
    return CauseSummary(
        id=c.id, name=c.name, icd10=c.icd10, prior=c.prior, triage=c.triage, sources=list(c.sources)
    )


@kb_router.get("/causes", response_model=list[CauseSummary])
def causes(kb: KB) -> list[CauseSummary]:
    return [_summary(kb, c) for c in kb.causes]


@kb_router.get("/causes/{cause_id}", response_model=CauseDetail)
def cause(cause_id: str, kb: KB) -> CauseDetail:
    c = kb.causes.get(cause_id)
    if c is None:
        raise HTTPException(404, f"No cause '{cause_id}'. GET /api/v1/knowledge/causes lists them.")
    return CauseDetail(
        **_summary(kb, cause_id).model_dump(),
        summary=c.summary,
        likelihoods={f: link.p for f, link in c.likelihoods.items()},
        self_care=[a.text for a in c.self_care],
        seek_help=[{"level": s.level.value, "text": s.text} for s in c.seek_help],
    )


@kb_router.get("/findings", response_model=list[FindingOut])
def findings(kb: KB) -> list[FindingOut]:
    return [
        FindingOut(
            id=f.id,
            label=f.label,
            kind=f.kind,
            question=f.question,
            help=f.help,
            askable=f.askable,
        )
        for f in kb.findings.values()
    ]


@kb_router.get("/red-flags", response_model=list[RedFlagOut])
def red_flags(kb: KB) -> list[RedFlagOut]:
    return [
        RedFlagOut(
            id=rf.id,
            level=rf.level,
            message=rf.message,
            action=rf.action,
            findings=sorted(set(condition_findings(rf.when))),
            sources=list(rf.sources),
        )
        for rf in kb.red_flags.values()
    ]


@kb_router.get("/sources", response_model=list[SourceOut])
def sources(kb: KB) -> list[SourceOut]:
    return [
        SourceOut(id=s.id, title=s.title, publisher=s.publisher, kind=s.kind, url=s.url)
        for s in kb.sources.values()
    ]


health_router = APIRouter(tags=["health"], responses=ERRORS)


@health_router.get("/healthz", response_model=Health)
def healthz(kb: KB) -> Health:
    return Health(status="ok", knowledge_version=kb.version)
