"""Rendering pages: one place that knows the templates and what every page receives
(settings, knowledge version, the CSRF token, whether accounts are on, the emergency number
of the person's region)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from shakewise.errors import InputError
from shakewise.knowledge import load_knowledge
from shakewise.web.auth import csrf_token
from shakewise.web.regions import chosen_region, localise, region_choices
from shakewise.web.settings import Settings

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["local"] = localise


def page(request: Request, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    base = {
        "settings": settings,
        "kb_version": load_knowledge().version,
        "csrf": csrf_token(request),
        "accounts_required": settings.accounts_required,
        "region": chosen_region(request),
        "regions": region_choices(settings),
    }
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", status=status, status_code=status, message=message)


def state_pairs(pairs: list[str]) -> dict[str, str]:
    """Hidden form fields "finding:state" back into a dict; malformed ones are refused."""
    answers: dict[str, str] = {}
    for pair in pairs:
        finding, sep, state = pair.partition(":")
        if not sep or state not in ("yes", "no", "unknown"):
            raise InputError(f"Malformed answer field '{pair[:40]}'. Start the check again.")
        answers[finding] = state
    return answers
