"""REST API under /api/v1: the same pipeline as the command line, as JSON.

Stateless, like the leading triage APIs: the client sends every answer so far with each
request, so any server can answer and nothing about a person is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from shakewise.assessment import run_assessment
from shakewise.interview import interview_step
from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.loader import condition_findings
from shakewise.language import parse_text
from shakewise.results import Assessment, InterviewStep
from shakewise.storage import repository as repo
from shakewise.web.api_models import (
    ERRORS,
    STORED_ERRORS,
    AssessRequest,
    CauseDetail,
    CauseSummary,
    ErrorResponse,
    FindingOut,
    Health,
    InterviewRequest,
    ParsedEvidence,
    ParseRequest,
    ParseResponse,
    RedFlagOut,
    SourceOut,
)
from shakewise.web.auth import current_user


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


# A check of a short description and answers costs well under a millisecond of CPU, less
# than handing it to a worker thread and back (with many at once, threads queue on the
# interpreter lock and the event loop waits behind them): it runs on the event loop. A
# long description (reading grows with its length) or one that reads a saved recording
# from the database goes to the thread pool, so it never holds up the other requests.
INLINE_MAX_CHARS = 600


async def _quick_or_threaded(
    work: Callable[[], Response], text: str | None, recording_id: int | None
) -> Response:
    if recording_id is None and len(text or "") <= INLINE_MAX_CHARS:
        return work()
    return await run_in_threadpool(work)


def measured_findings(request: Request, body: AssessRequest | InterviewRequest) -> dict[str, str]:
    """The measurements sent, over those of the saved recording named."""
    return {**recording_findings(request, body.recording_id), **body.measured}


async def _answered(
    request: Request,
    body: AssessRequest | InterviewRequest,
    kb: KnowledgeBase,
    run: Callable[..., BaseModel],
) -> Response:
    """`run` (the assessment or the interview step) on what the request sent."""

    def work() -> Response:
        measured = measured_findings(request, body)
        return _json(run(body.text, body.answers, measured=measured, about=body.about, kb=kb))

    return await _quick_or_threaded(work, body.text, body.recording_id)


@router.post("/assess", response_model=None, responses={200: {"model": Assessment}})
async def assess(request: Request, body: AssessRequest, kb: KB) -> Response:
    """Assess a description and/or answers: the JSON of `shakewise assess --json`."""
    return await _answered(request, body, kb, run_assessment)


@router.post("/interview", response_model=None, responses={200: {"model": InterviewStep}})
async def interview(request: Request, body: InterviewRequest, kb: KB) -> Response:
    """The next question for the answers so far, or the result when the interview is done."""
    return await _answered(request, body, kb, interview_step)


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
