"""Server-rendered pages. Every step is a plain form post, so the whole check works with
JavaScript turned off; the small script in static/app.js only adds comfort.

The interview is stateless like the API: each form carries the description and every
answer so far in hidden fields, plus the order of the screens (for "Back").
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shakewise.assessment import model_for
from shakewise.engine.model import Model
from shakewise.errors import InputError
from shakewise.interview import interview_step
from shakewise.knowledge import load_knowledge
from shakewise.knowledge.loader import condition_findings
from shakewise.language.parser import MAX_TEXT_CHARS
from shakewise.web.auth import optional_user
from shakewise.web.diary import diary_findings
from shakewise.web.templating import page, state_pairs

router = APIRouter(include_in_schema=False)
EXPECTED_SCREENS = 12  # for the progress bar only; the interview decides when to stop
MAX_FORM_ITEMS = 400


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return page(request, "home.html", max_text=MAX_TEXT_CHARS)


@router.get("/check")
def check_get() -> Response:
    return RedirectResponse("/", status_code=303)


@router.post("/check", response_class=HTMLResponse)
def check_post(
    request: Request,
    text: Annotated[str, Form(max_length=MAX_TEXT_CHARS)] = "",
    a: Annotated[list[str], Form(max_length=MAX_FORM_ITEMS)] = [],  # noqa: B006
    order: Annotated[list[str], Form(max_length=MAX_FORM_ITEMS)] = [],  # noqa: B006
    q: Annotated[str, Form(max_length=64)] = "",
    choice: Annotated[str, Form(max_length=16)] = "",
    pick: Annotated[list[str], Form(max_length=MAX_FORM_ITEMS)] = [],  # noqa: B006
    action: Annotated[str, Form(max_length=16)] = "next",
    m: Annotated[list[str], Form(max_length=20)] = [],  # noqa: B006
) -> HTMLResponse:
    kb = load_knowledge()
    model = model_for(kb)
    answers = state_pairs(a)
    measured = state_pairs(m)
    if action == "back" and order:
        last = order.pop()
        for j in _question_findings(model, last):
            answers.pop(model.finding_ids[j], None)
    elif q:
        findings = [model.finding_ids[j] for j in _question_findings(model, q)]
        answers.update(_screen_answers(findings, choice, pick, action))
        order.append(q)
    logged = diary_findings(request, optional_user(request))
    step = interview_step(text.strip() or None, answers, measured=measured, logged=logged, kb=kb)
    if step.should_stop and step.result is not None:
        return page(
            request,
            "result.html",
            result=step.result,
            text=text,
            answers=answers,
            order=order,
            measured=measured,
        )
    progress = min(len(order), EXPECTED_SCREENS - 1)
    return page(
        request,
        "question.html",
        step=step,
        question=step.question,
        screen_number=len(order) + 1,
        progress=progress,
        expected=EXPECTED_SCREENS,
        text=text,
        answers=answers,
        order=order,
        measured=measured,
    )


def _question_findings(model: Model, question_id: str) -> tuple[int, ...]:
    index = model.question_index.get(question_id)
    if index is None:
        raise InputError(f"Unknown question '{question_id[:40]}'. Start the check again.")
    return model.questions[index].findings


def _screen_answers(
    findings: list[str], choice: str, pick: list[str], action: str
) -> dict[str, str]:
    """One screen's form → answers. Unticked boxes on a group mean "no"."""
    if action == "unknown":
        return dict.fromkeys(findings, "unknown")
    if len(findings) == 1:
        if choice not in ("yes", "no", "unknown"):
            raise InputError("Please choose Yes, No or Don't know.")
        return {findings[0]: choice}
    if action == "none":
        return dict.fromkeys(findings, "no")
    unknown = set(pick) - set(findings)
    if unknown:
        raise InputError("That answer does not belong to this question. Start the check again.")
    return {f: "yes" if f in pick else "no" for f in findings}


@router.get("/knowledge", response_class=HTMLResponse)
def knowledge_home(request: Request) -> HTMLResponse:
    kb = load_knowledge()
    causes = sorted(kb.causes.values(), key=lambda c: c.name.lower())
    return page(request, "knowledge.html", kb=kb, causes=causes)


@router.get("/knowledge/causes/{cause_id}", response_class=HTMLResponse)
def knowledge_cause(request: Request, cause_id: str) -> HTMLResponse:
    kb = load_knowledge()
    cause = kb.causes.get(cause_id)
    if cause is None:
        raise HTTPException(404, f"There is no cause called '{cause_id[:40]}'.")
    links = sorted(cause.likelihoods.items(), key=lambda kv: -kv[1].p)
    return page(request, "cause.html", kb=kb, cause=cause, links=links)


@router.get("/knowledge/red-flags", response_class=HTMLResponse)
def knowledge_red_flags(request: Request) -> HTMLResponse:
    kb = load_knowledge()
    flags = sorted(kb.red_flags.values(), key=lambda rf: -rf.level.rank)
    findings = {rf.id: sorted(set(condition_findings(rf.when))) for rf in flags}
    return page(request, "red_flags.html", kb=kb, flags=flags, findings=findings)


@router.get("/knowledge/sources", response_class=HTMLResponse)
def knowledge_sources(request: Request) -> HTMLResponse:
    kb = load_knowledge()
    return page(request, "sources.html", kb=kb, sources=list(kb.sources.values()))


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    return page(request, "docs.html")
