"""Reports over HTTP: the PDF and FHIR Bundle of an assessment, built on request from the
evidence the client sends (nothing is stored unless the person saves it)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from shakewise.assessment import run_assessment
from shakewise.language.parser import MAX_TEXT_CHARS
from shakewise.report import build_content
from shakewise.report.fhir import bundle_json
from shakewise.report.pdf import PageSize, render_pdf
from shakewise.web.api import ERRORS, KB, AssessRequest
from shakewise.web.pages import _answers_from

router = APIRouter(tags=["reports"], responses=ERRORS)
PDF = "application/pdf"
FHIR_JSON = "application/fhir+json"


def _report(
    text: str | None,
    answers: dict[str, str],
    measured: dict[str, str],
    kind: Literal["pdf", "fhir"],
    pagesize: PageSize,
) -> Response:
    content = build_content(
        run_assessment(text, answers, measured=measured or None), description=text
    )
    if kind == "pdf":
        body, media, name = render_pdf(content, pagesize), PDF, "shakewise-report.pdf"
    else:
        body, media, name = bundle_json(content).encode(), FHIR_JSON, "shakewise-report.json"
    return Response(
        body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'}
    )


@router.post(
    "/api/v1/reports/pdf",
    response_class=Response,
    responses={200: {"content": {PDF: {}}, "description": "The report as PDF"}},
)
async def report_pdf(
    body: AssessRequest, kb: KB, pagesize: Annotated[PageSize, Query()] = "A4"
) -> Response:
    """A one- or two-page PDF for a clinician, for the evidence sent (as /assess)."""
    return await run_in_threadpool(
        _report, body.text, dict(body.answers), dict(body.measured), "pdf", pagesize
    )


@router.post(
    "/api/v1/reports/fhir",
    response_class=Response,
    responses={200: {"content": {FHIR_JSON: {}}, "description": "A FHIR R4 Bundle"}},
)
async def report_fhir(body: AssessRequest, kb: KB) -> Response:
    """A FHIR R4 Bundle (collection) for the evidence sent (as /assess)."""
    return await run_in_threadpool(
        _report, body.text, dict(body.answers), dict(body.measured), "fhir", "A4"
    )


@router.post("/report", include_in_schema=False)
async def report_download(
    text: Annotated[str, Form(max_length=MAX_TEXT_CHARS)] = "",
    a: Annotated[list[str], Form(max_length=400)] = [],  # noqa: B006
    m: Annotated[list[str], Form(max_length=20)] = [],  # noqa: B006
    kind: Annotated[Literal["pdf", "fhir"], Form()] = "pdf",
    pagesize: Annotated[PageSize, Form()] = "A4",
) -> Response:
    """The result page's "Download report for my doctor" (works without JavaScript)."""
    return await run_in_threadpool(
        _report, text.strip() or None, _answers_from(a), _answers_from(m), kind, pagesize
    )
