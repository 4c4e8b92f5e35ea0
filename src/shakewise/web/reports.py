"""Reports over HTTP: the PDF and FHIR Bundle of an assessment, built on request from the
evidence the client sends (nothing is stored unless the person saves it)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import Response

from shakewise.about import About
from shakewise.assessment import run_assessment
from shakewise.language.parser import MAX_TEXT_CHARS
from shakewise.regions import localised
from shakewise.report import DiarySummary, PageSize, ReportContent, build_content
from shakewise.report.fhir import bundle_json
from shakewise.report.pdf import render_pdf
from shakewise.report.stored import diary_summary, stored_report
from shakewise.storage import repository as repo
from shakewise.storage.repository import SavedAssessment
from shakewise.web.api import KB, measured_findings
from shakewise.web.api_models import STORED_ERRORS, AssessRequest, SinceDay
from shakewise.web.auth import UserId, check_csrf, optional_user
from shakewise.web.limits import limit_writes
from shakewise.web.regions import chosen_region
from shakewise.web.templating import state_pairs

router = APIRouter(tags=["reports"], responses=STORED_ERRORS)
RowId = Annotated[int, FastPath(ge=1, le=2**31 - 1)]
PDF = "application/pdf"
FHIR_JSON = "application/fhir+json"


REPORT_DIARY_DAYS = 90  # enough weeks for a trend, few enough for the report's one page


def _report(
    request: Request,
    text: str | None,
    answers: dict[str, str],
    measured: dict[str, str],
    kind: Literal["pdf", "fhir"],
    pagesize: PageSize,
    diary: DiarySummary | None = None,
    about: About | None = None,
) -> Response:
    """The report in the words of the person's region (their emergency number)."""
    result = run_assessment(text, answers, measured=measured or None, about=about)
    content = build_content(
        localised(result, chosen_region(request)), description=text, diary=diary
    )
    return _file(content, kind, pagesize)


def _recent_diary(request: Request, user_id: int) -> DiarySummary | None:
    now = dt.datetime.now(dt.UTC)
    since = now.date() - dt.timedelta(days=REPORT_DIARY_DAYS)
    with request.app.state.db.session() as s:
        return diary_summary(s, user_id, since, now)


# The report handlers are plain functions: FastAPI runs them in its thread pool, so
# drawing a PDF or reading a saved recording never holds up the other requests.


@router.post(
    "/api/v1/reports/pdf",
    response_class=Response,
    responses={200: {"content": {PDF: {}}, "description": "The report as PDF"}},
)
def report_pdf(
    request: Request, body: AssessRequest, kb: KB, pagesize: Annotated[PageSize, Query()] = "A4"
) -> Response:
    """A one- or two-page PDF for a clinician, for the evidence sent (as /assess)."""
    measured = measured_findings(request, body)
    return _report(
        request, body.text, dict(body.answers), measured, "pdf", pagesize, about=body.about
    )


@router.post(
    "/api/v1/reports/fhir",
    response_class=Response,
    responses={200: {"content": {FHIR_JSON: {}}, "description": "A FHIR R4 Bundle"}},
)
def report_fhir(request: Request, body: AssessRequest, kb: KB) -> Response:
    """A FHIR R4 Bundle (collection) for the evidence sent (as /assess)."""
    measured = measured_findings(request, body)
    return _report(request, body.text, dict(body.answers), measured, "fhir", "A4", about=body.about)


@router.post("/report", include_in_schema=False)
def report_download(
    request: Request,
    user: Annotated[int | None, Depends(optional_user)],
    text: Annotated[str, Form(max_length=MAX_TEXT_CHARS)] = "",
    a: Annotated[list[str], Form(max_length=400)] = [],  # noqa: B006
    m: Annotated[list[str], Form(max_length=20)] = [],  # noqa: B006
    kind: Annotated[Literal["pdf", "fhir"], Form()] = "pdf",
    pagesize: Annotated[PageSize, Form()] = "A4",
    diary: Annotated[Literal["", "yes"], Form()] = "",
    csrf: Annotated[str, Form(max_length=64)] = "",
    who: Annotated[Literal["", "self", "child", "other"], Form()] = "",
) -> Response:
    """The result page's "Download report for my doctor" (works without JavaScript), with
    the person's diary of the last 90 days when they are signed in and ask for it (the
    form's CSRF token then proves the request came from their own page)."""
    summary = None
    if diary and user is not None:
        check_csrf(request, csrf)
        summary = _recent_diary(request, user)
    text_or_none = text.strip() or None
    answers, measured = state_pairs(a), state_pairs(m)
    about = who or None
    return _report(request, text_or_none, answers, measured, kind, pagesize, summary, about)


def _file(content: ReportContent, kind: Literal["pdf", "fhir"], pagesize: PageSize) -> Response:
    if kind == "pdf":
        body, media, name = render_pdf(content, pagesize), PDF, "shakewise-report.pdf"
    else:
        body, media, name = bundle_json(content).encode(), FHIR_JSON, "shakewise-report.json"
    return Response(
        body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'}
    )


@router.post(
    "/api/v1/assessments",
    response_model=SavedAssessment,
    status_code=201,
    dependencies=[Depends(limit_writes)],
)
def save_assessment(request: Request, body: AssessRequest, user: UserId, kb: KB) -> SavedAssessment:
    """Assess (as /assess) and keep the result under your account, for reports later."""
    measured = measured_findings(request, body)
    result = run_assessment(body.text, body.answers, measured=measured, about=body.about, kb=kb)
    with request.app.state.db.session() as s:
        stored = repo.save_assessment(
            s, user, result, text=body.text, answers=body.answers, measured=measured
        )
        assert stored.id is not None
        return repo.get_assessment(s, user, int(stored.id))


@router.get("/api/v1/assessments/{assessment_id}", response_model=SavedAssessment)
def get_assessment(request: Request, user: UserId, assessment_id: RowId) -> SavedAssessment:
    with request.app.state.db.session() as s:
        return repo.get_assessment(s, user, assessment_id)


@router.get(
    "/api/v1/reports/{assessment_id}/{kind}",
    response_class=Response,
    responses={200: {"content": {PDF: {}, FHIR_JSON: {}}, "description": "The report file"}},
)
def stored_report_file(
    request: Request,
    user: UserId,
    assessment_id: RowId,
    kind: Literal["pdf", "fhir"],
    pagesize: Annotated[PageSize, Query()] = "A4",
    since: SinceDay = None,
) -> Response:
    """The report of a saved assessment with your diary (from `since`, YYYY-MM-DD)."""
    start = dt.date.fromisoformat(since) if since else None  # the pattern admits real days
    with request.app.state.db.session() as s:
        content = stored_report(
            s, user, assessment_id=assessment_id, since=start, region=chosen_region(request)
        )
    return _file(content, kind, pagesize)
