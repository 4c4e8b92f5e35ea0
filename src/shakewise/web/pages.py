"""Server-rendered pages. Every step is a plain form post, so the whole check works with
JavaScript turned off; the small script in static/app.js only adds comfort.

The interview is stateless like the API: each form carries the description and every
answer so far in hidden fields, plus the order of the screens (for "Back").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shakewise.about import ABOUT_CHOICES
from shakewise.assessment import gather_evidence, model_for
from shakewise.engine.model import Model
from shakewise.errors import InputError
from shakewise.interview import CONFIRM_PREFIX, interview_step
from shakewise.knowledge import KnowledgeBase, load_knowledge
from shakewise.knowledge.schema import TriageLevel
from shakewise.language.parser import MAX_TEXT_CHARS
from shakewise.results import Assessment, InterviewStep
from shakewise.understood import understood_answers, understood_items
from shakewise.web.auth import check_csrf, optional_user
from shakewise.web.diary import diary_findings
from shakewise.web.regions import REGIONS, Region, remember_region
from shakewise.web.reports import REPORT_DIARY_DAYS
from shakewise.web.templating import page, state_pairs

router = APIRouter(include_in_schema=False)
EXPECTED_SCREENS = 12  # for the progress bar only; the interview decides when to stop
MAX_FORM_ITEMS = 400
UNDERSTOOD = "understood"  # in `order`: the person has answered the understood list
SAID = "said-"  # prefix of the understood list's radio groups
LOCAL_PATH = re.compile(r"/(?!/)[A-Za-z0-9/_.-]{0,150}")  # where /region may send back to


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return page(request, "home.html", max_text=MAX_TEXT_CHARS, about_choices=ABOUT_CHOICES)


@router.get("/check")
def check_get() -> Response:
    return RedirectResponse("/", status_code=303)


async def said_choices(request: Request) -> dict[str, str]:
    """The understood list's choices: one group of radio buttons per finding, named
    "said-<finding>" (the form is already read, so this costs nothing)."""
    form = await request.form()
    return {
        key.removeprefix(SAID): str(value)
        for key, value in form.multi_items()
        if key.startswith(SAID) and len(key) <= 80
    }


@dataclass(frozen=True)
class ScreenForm:
    q: str  # the screen answered
    choice: str  # yes / no / unknown on a single question
    pick: list[str]  # the ticked findings on a group
    said: dict[str, str]  # the understood list: finding → yes / no / unknown


def screen_form(
    said: Annotated[dict[str, str], Depends(said_choices)],
    q: Annotated[str, Form(max_length=64)] = "",
    choice: Annotated[str, Form(max_length=16)] = "",
    pick: Annotated[list[str], Form(max_length=MAX_FORM_ITEMS)] = [],  # noqa: B006
) -> ScreenForm:
    """What the screen just shown (or the understood list) was answered with."""
    return ScreenForm(q=q, choice=choice, pick=pick, said=said)


def region_chosen(
    request: Request,
    action: Annotated[str, Form(max_length=16)] = "next",
    region: Annotated[str, Form(max_length=8)] = "",
    csrf: Annotated[str, Form(max_length=64)] = "",
) -> Region | None:
    """The country chosen on this step ("region"), checked against the form's token."""
    if action != "region":
        return None
    check_csrf(request, csrf)
    return _region(region)


@router.post("/check", response_class=HTMLResponse)
def check_post(
    request: Request,
    form: Annotated[ScreenForm, Depends(screen_form)],
    text: Annotated[str, Form(max_length=MAX_TEXT_CHARS)] = "",
    a: Annotated[list[str], Form(max_length=MAX_FORM_ITEMS)] = [],  # noqa: B006
    order: Annotated[list[str], Form(max_length=MAX_FORM_ITEMS)] = [],  # noqa: B006
    who: Annotated[Literal["", "self", "child", "other"], Form()] = "",
    action: Annotated[str, Form(max_length=16)] = "next",
    m: Annotated[list[str], Form(max_length=20)] = [],  # noqa: B006
    chosen: Annotated[Region | None, Depends(region_chosen)] = None,
) -> HTMLResponse:
    """One step of the check. The order of steps:

    1. A description that says something is read back first ("What we understood"), unless
       it already shows a sure emergency, which is shown at once.
    2. The person's choices there become answers; then the screens, each showing only the
       findings not answered yet (a finding the text says "yes" to comes ticked).
    3. The result. "region" re-renders the same step with another emergency number.
    """
    kb = load_knowledge()
    answers = state_pairs(a)
    show_understood = _apply(kb, action, text, answers, order, form)
    measured = state_pairs(m)
    logged = diary_findings(request, user := optional_user(request))
    step = interview_step(text.strip() or None, answers, measured=measured, logged=logged,
                          about=who or None, kb=kb)  # fmt: skip
    state: dict[str, Any] = dict(
        text=text, answers=answers, order=order, measured=measured, who=who
    )
    if chosen is not None:
        state["region"] = chosen  # the cookie arrives with the next request
    first = not order and not answers and action in ("next", "region")
    items = understood_items(kb, text) if text.strip() else []
    if items and (show_understood or (first and not _emergency_now(step))):
        shown = {i.finding: answers.get(i.finding, i.state if i.certain else "") for i in items}
        response = page(
            request, "understood.html", items=items, chosen=shown, subject=step.subject, **state
        )
    elif step.result is not None:
        response = _result_page(request, step.result, user, state)
    else:
        response = _question_page(request, kb, step, text, logged, state)
    if chosen is not None:
        remember_region(response, chosen.id, request.app.state.settings)
    return response


def _result_page(
    request: Request, result: Assessment, user: int | None, state: dict[str, Any]
) -> HTMLResponse:
    """The result; a signed-in person may add their diary to the report for the doctor."""
    diary = {"signed_in": user is not None, "report_diary_days": REPORT_DIARY_DAYS}
    return page(request, "result.html", result=result, **diary, **state)


def _apply(
    kb: KnowledgeBase,
    action: str,
    text: str,
    answers: dict[str, str],
    order: list[str],
    form: ScreenForm,
) -> bool:
    """Apply one form to the answers and the order of steps; True when the understood
    list is to be shown (again)."""
    model = model_for(kb)
    if action == "back" and order:
        last = order.pop()
        if last == UNDERSTOOD:
            return True  # the person's choices there stay chosen
        kept = _said_findings(kb, text) if UNDERSTOOD in order else set()
        for j in _question_findings(model, last):
            if model.finding_ids[j] not in kept:
                answers.pop(model.finding_ids[j], None)
    elif action == UNDERSTOOD:
        answers.update(understood_answers(understood_items(kb, text), form.said))
        if UNDERSTOOD not in order:
            order.append(UNDERSTOOD)
    elif action == "review":
        return True
    elif action != "region" and form.q:
        findings = [model.finding_ids[j] for j in _question_findings(model, form.q)]
        shown = [f for f in findings if f not in answers]  # answered ones are not shown
        single = _question_type(model, form.q) == "single"
        answers.update(_screen_answers(shown, single, form.choice, form.pick, action))
        order.append(form.q)
    return False


def _question_page(
    request: Request,
    kb: KnowledgeBase,
    step: InterviewStep,
    text: str,
    logged: dict[str, str],
    state: dict[str, Any],
) -> HTMLResponse:
    """A screen, showing only the findings not answered yet; on a group, the ones the
    description says "yes" to come ticked, so moving on never drops them."""
    question = step.question
    assert question is not None  # the interview either stops with a result or asks
    answers, order = state["answers"], state["order"]
    ticked: set[str] = set()
    if len(question.choices) > 1:
        said = gather_evidence(kb, text.strip() or None, {}, None, logged)
        ticked = {i.finding for i in said if i.state == "yes"}
    return page(
        request,
        "question.html",
        step=step,
        question=question,
        choices=[c for c in question.choices if c.finding not in answers],
        ticked=ticked,
        screen_number=len(order) + 1,
        progress=min(len(order), EXPECTED_SCREENS - 1),
        expected=EXPECTED_SCREENS,
        **state,
    )


def _emergency_now(step: InterviewStep) -> bool:
    return step.should_stop and step.triage.level == TriageLevel.EMERGENCY


def _said_findings(kb: KnowledgeBase, text: str) -> set[str]:
    """Findings on the understood list: their answers were given there, not on a screen."""
    return {i.finding for i in understood_items(kb, text)} if text.strip() else set()


def _region(region_id: str) -> Region:
    region = REGIONS.get(region_id)
    if region is None:
        raise InputError("Choose your country from the list.")
    return region


def _question_findings(model: Model, question_id: str) -> tuple[int, ...]:
    if question_id.startswith(CONFIRM_PREFIX):  # "is this happening now?" about one finding
        j = model.finding_index.get(question_id.removeprefix(CONFIRM_PREFIX))
        if j is not None:
            return (j,)
    index = model.question_index.get(question_id)
    if index is None:
        raise InputError(f"Unknown question '{question_id[:40]}'. Start the check again.")
    return model.questions[index].findings


def _question_type(model: Model, question_id: str) -> str:
    if question_id.startswith(CONFIRM_PREFIX):
        return "single"
    return model.questions[model.question_index[question_id]].type


def _screen_answers(
    findings: list[str], single: bool, choice: str, pick: list[str], action: str
) -> dict[str, str]:
    """One screen's form → answers for the findings it showed. Unticked boxes on a group
    mean "no"."""
    if action == "unknown":
        return dict.fromkeys(findings, "unknown")
    if single:
        if choice not in ("yes", "no", "unknown"):
            raise InputError("Please choose Yes, No or Don't know.")
        return dict.fromkeys(findings, choice)
    if action == "none":
        return dict.fromkeys(findings, "no")
    unknown = set(pick) - set(findings)
    if unknown:
        raise InputError("That answer does not belong to this question. Start the check again.")
    return {f: "yes" if f in pick else "no" for f in findings}


@router.post("/region")
def region_post(
    request: Request,
    region: Annotated[str, Form(max_length=8)],
    csrf: Annotated[str, Form(max_length=64)] = "",
    back: Annotated[str, Form(max_length=200)] = "/",
) -> Response:
    """The footer's country chooser on pages reached by a link: remember it, go back."""
    check_csrf(request, csrf)
    chosen = _region(region)
    response = RedirectResponse(back if LOCAL_PATH.fullmatch(back) else "/", status_code=303)
    remember_region(response, chosen.id, request.app.state.settings)
    return response
