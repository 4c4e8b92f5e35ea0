"""Motion recordings over HTTP: the upload API and the Measure page.

A phone page records `devicemotion` events and posts them as JSON; a desktop user
uploads a CSV instead. Both go through `shakewise.signals` and come back as the
analysis plus the findings it yields, which the check can then use as measurements.
"""

from __future__ import annotations

import base64
import codecs
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from shakewise.signals.errors import MalformedRecordingError
from shakewise.signals.samples import FormatName
from shakewise.storage import repository as repo
from shakewise.web.api_models import STORED_ERRORS as ERRORS
from shakewise.web.auth import optional_user
from shakewise.web.limits import limit_uploads
from shakewise.web.templating import page

router = APIRouter(tags=["measurement"])


class RecordingResult(BaseModel):
    """The analysis of one recording (as `shakewise tremor analyze --json`) and its findings."""

    id: int | None = Field(
        None, description="Stored recording id (send as `recording_id` to /assess), if saved."
    )
    analysis: dict[str, Any]
    findings: dict[str, str] = Field(description="Measurement findings for the assessment.")
    plot_png: str | None = Field(None, description="Base64 PNG of trace and spectrum.")


def analyse_upload(raw: bytes, format: str | None, plot: bool) -> RecordingResult:
    """Parse, measure and (optionally) plot; pure apart from the CPU it costs."""
    from shakewise.signals import measure, parse_recording

    m = measure(parse_recording(raw, format=format))
    png = None
    if plot:
        from shakewise.signals.plot import PHONE, plot_png

        png = base64.b64encode(plot_png(m, PHONE)).decode()
    analysis = m.analysis.model_dump(mode="json")
    return RecordingResult(analysis=analysis, findings=dict(m.analysis.findings), plot_png=png)


UTF8_BLOCK_BYTES = 1 << 20


def _utf8(raw: bytes) -> bytes:
    """The upload, once it is known to be UTF-8 text; checked a block at a time, so a large
    upload is never held a second time as a string."""
    if raw.isascii():
        return raw
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    try:
        for start in range(0, len(raw), UTF8_BLOCK_BYTES):
            decoder.decode(view[start : start + UTF8_BLOCK_BYTES])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise MalformedRecordingError(
            "The recording is not text (UTF-8). Upload the CSV or JSON file as exported."
        ) from None
    return raw


# The body is read raw (any of the layouts below), so FastAPI cannot describe it; the
# schema says what a recording is sent as. Whether its samples can be measured (enough
# seconds, a fast enough rate, no clipping) no JSON schema can say: such a recording is
# refused with a 422 whose code is `unusable_recording`.
RECORDING_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The recording as exported: a CSV (or other text) table, or JSON.",
        "content": {
            "text/csv": {"schema": {"type": "string", "minLength": 1}},
            "text/plain": {"schema": {"type": "string", "minLength": 1}},
            "application/json": {"schema": {"type": ["object", "array"]}},
        },
    }
}


@router.post(
    "/api/v1/recordings",
    response_model=RecordingResult,
    responses=ERRORS,
    dependencies=[Depends(limit_uploads)],
    openapi_extra=RECORDING_BODY,
)
async def upload(
    request: Request,
    format: Annotated[
        FormatName | None, Query(description="Layout, when detection is ambiguous.")
    ] = None,
    plot: Annotated[bool, Query(description="Include a PNG plot (base64).")] = False,
    save: Annotated[
        bool, Query(description="Keep the analysis (not the raw data) when you are known.")
    ] = True,
) -> RecordingResult:
    """Analyse a motion recording sent as the request body (shakewise CSV/JSON, mPower,
    CloudUPDRS, Daphnet, phyphox or Sensor Logger). Saved for the local user or a signed-in
    one; anonymous uploads are analysed and forgotten."""
    raw = _utf8(await request.body())
    result = await run_in_threadpool(analyse_upload, raw, format, plot)
    user = optional_user(request)
    if save and user is not None:
        with request.app.state.db.session() as s:
            saved = repo.save_recording(s, user, result.analysis)
        result = result.model_copy(update={"id": saved.id})
    return result


RECORD_SECONDS = 30


@router.get("/measure", response_class=HTMLResponse, include_in_schema=False)
def measure_page(
    request: Request,
    seconds: Annotated[int, Query(ge=8, le=120)] = RECORD_SECONDS,
    countdown: Annotated[int, Query(ge=0, le=10)] = 3,
) -> HTMLResponse:
    """`seconds` and `countdown` can be shortened (tests, impatient people)."""
    return page(request, "measure.html", seconds=seconds, countdown=countdown)


@router.post(
    "/measure/upload",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[Depends(limit_uploads)],
)
async def measure_upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    format: Annotated[str, Form(max_length=32)] = "",
) -> HTMLResponse:
    raw = _utf8(await file.read())
    result = await run_in_threadpool(analyse_upload, raw, format or None, True)
    return page(request, "measure_result.html", result=result)
