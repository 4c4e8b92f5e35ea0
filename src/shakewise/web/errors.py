"""One error shape for every 4xx and 5xx: {"error": {"code", "message", "details"}}.

Pages get the same information as a calm HTML page; nothing about the request body is
logged or echoed beyond what the person needs to fix it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from shakewise.errors import (
    ImplausibleTimeError,
    InputError,
    NotFoundError,
    ShakewiseError,
    StorageError,
    UnknownFindingError,
)
from shakewise.iso8601 import DATE_PATTERN, TIME_PATTERN
from shakewise.plain_text import NOT_BLANK_PATTERN
from shakewise.signals.errors import RecordingError

log = logging.getLogger("shakewise.web")

STATUS_CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def error_body(
    status: int, message: str, details: Any = None, code: str | None = None
) -> dict[str, Any]:
    return {
        "error": {
            "code": code or STATUS_CODES.get(status, "error"),
            "message": message,
            "details": details,
        }
    }


def error_response(
    status: int, message: str, details: Any = None, code: str | None = None
) -> JSONResponse:
    return JSONResponse(error_body(status, message, details, code), status_code=status)


# Patterns whose regular expression would mean nothing to a person, and what to say.
PATTERN_WORDS = {
    DATE_PATTERN: "should be a real day, like 2026-11-03",
    TIME_PATTERN: "should be a real time, like 2026-11-03T08:00:00Z",
    NOT_BLANK_PATTERN: "should hold words, not only spaces",
}


def _problem(err: dict[str, Any]) -> str:
    if err.get("type") == "string_pattern_mismatch":
        said = PATTERN_WORDS.get(str((err.get("ctx") or {}).get("pattern")))
        if said is not None:
            return said
    return str(err.get("msg", ""))


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"location": [str(p) for p in err.get("loc", ())], "problem": _problem(err)}
        for err in exc.errors()
    ]


RenderPage = Callable[[Request, int, str], Response]


def _describe(exc: InputError) -> tuple[int, str | None, Any]:
    if isinstance(exc, NotFoundError):
        return 404, None, None
    if isinstance(exc, UnknownFindingError):
        return 422, "unknown_finding", {"finding": exc.finding}
    if isinstance(exc, RecordingError):  # its samples, not the request's shape
        return 422, "unusable_recording", None
    if isinstance(exc, ImplausibleTimeError):  # depends on the clock
        return 422, "implausible_time", None
    return 422, None, None


def _allowed(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(request.url.path):
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _page(request: Request, status: int, message: str) -> Response:
    render: RenderPage = request.app.state.render_error_page
    return render(request, status, message)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = _validation_details(exc)
    first = details[0] if details else {"location": [], "problem": "invalid request"}
    where = ".".join(x for x in first["location"] if x not in ("body",)) or "request"
    message = f"{where}: {first['problem']}"
    if _wants_html(request):
        return _page(request, 422, message)
    return error_response(422, message, details)


async def _storage(request: Request, exc: Exception) -> Response:
    log.error("storage error: %s", exc)
    return error_response(503, "The diary database is unavailable. Please try again soon.")


async def _bad_input(request: Request, exc: Exception) -> Response:
    """Every input error (unknown finding, not found, bad value): status, code, details."""
    assert isinstance(exc, InputError)
    status, code, details = _describe(exc)
    if _wants_html(request):
        return _page(request, status, str(exc))
    return error_response(status, str(exc), details, code=code)


async def _other(request: Request, exc: Exception) -> Response:
    log.error("shakewise error: %s", exc)
    return error_response(500, "The knowledge base could not be used. Please try later.")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = str(exc.detail) if exc.detail else "Request failed."
    if exc.status_code == 401 and _wants_html(request):
        return RedirectResponse("/login", status_code=303)
    if _wants_html(request):
        return _page(request, exc.status_code, message)
    response = error_response(exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    if exc.status_code == 405:  # every method of every route on this path, not one
        response.headers["allow"] = ", ".join(_allowed(request))
    return response


async def _crash(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, "Something went wrong on our side. Please try again.")


# Most specific first, as Starlette looks them up by the exception's class hierarchy.
HANDLERS: tuple[tuple[type[Exception], Callable[[Request, Exception], Any]], ...] = (
    (RequestValidationError, _invalid),
    (StorageError, _storage),
    (InputError, _bad_input),
    (ShakewiseError, _other),
    (StarletteHTTPException, _http_error),
    (Exception, _crash),
)


def install_error_handlers(app: FastAPI, render_page: RenderPage) -> None:
    """`render_page(request, status, message)` renders the HTML error page."""
    app.state.render_error_page = render_page
    for kind, handler in HANDLERS:
        app.add_exception_handler(kind, handler)
