"""The interactive interview in a terminal: one screen at a time, with "back" to undo.

It drives the same `interview_step` as the web pages and the API, so the terminal asks the
warning-sign screens, confirms unsure readings and stops by the same rule."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from shakewise.about import ABOUT_CHOICES, About
from shakewise.interview import interview_step
from shakewise.knowledge import KnowledgeBase
from shakewise.results import Assessment, InterviewQuestion

Ask = Callable[[str], str]
Answers = dict[str, str]
YES_WORDS = {"y", "yes"}
NO_WORDS = {"n", "no"}
DONT_KNOW = {"d", "dk", "?", "don't know", "dont know", "not sure", "unknown"}
BACK = {"b", "back"}


class Back(Exception):
    """The person asked to undo the previous screen."""


def _ask_single(q: InterviewQuestion, ask: Ask, console: Console) -> Answers:
    console.print(f"\n[bold]{q.text}[/bold]")
    if q.help:
        console.print(f"[dim]{q.help}[/dim]")
    finding = q.choices[0].finding
    while True:
        reply = ask("yes / no / don't know (or back) > ").strip().lower()
        if reply in BACK:
            raise Back
        for words, state in ((YES_WORDS, "yes"), (NO_WORDS, "no"), (DONT_KNOW, "unknown")):
            if reply in words:
                return {finding: state}
        console.print("Please answer y, n or d (don't know), or b to go back.")


def _ask_group(q: InterviewQuestion, ask: Ask, console: Console) -> Answers:
    console.print(f"\n[bold]{q.text}[/bold]")
    if q.help:
        console.print(f"[dim]{q.help}[/dim]")
    for n, choice in enumerate(q.choices, 1):
        console.print(f"  {n}. {choice.text}")
    single = q.type == "group_single"
    hint = "one number" if single else "numbers, e.g. 1,3"
    ids = [c.finding for c in q.choices]
    while True:
        reply = ask(f"{hint} / none / don't know (or back) > ").strip().lower()
        if reply in BACK:
            raise Back
        if reply in DONT_KNOW:
            return dict.fromkeys(ids, "unknown")
        if reply in {"none", "0", "no", "n", ""}:
            return dict.fromkeys(ids, "no")
        try:
            picked = {int(x) for x in reply.replace(" ", ",").split(",") if x}
        except ValueError:
            picked = set()
        if picked and picked <= set(range(1, len(ids) + 1)) and not (single and len(picked) > 1):
            return {f: "yes" if n in picked else "no" for n, f in enumerate(ids, 1)}
        console.print(f"Please type {hint}, 'none', 'd' for don't know, or 'b' to go back.")


ABOUT_REPLIES: dict[str, About] = {"1": "self", "2": "child", "3": "other"}


def _ask_about(ask: Ask, console: Console) -> About | None:
    """Who the check is for; Enter leaves it to the description ("my dad...")."""
    choices = "  ".join(f"{n}) {ABOUT_CHOICES[a]}" for n, a in ABOUT_REPLIES.items())
    while True:
        reply = ask(f"Who is this about? {choices} (or press Enter) > ").strip()
        if not reply:
            return None
        if reply in ABOUT_REPLIES:
            return ABOUT_REPLIES[reply]
        console.print("Please answer 1, 2 or 3, or press Enter to skip.")


def run_interview(kb: KnowledgeBase, ask: Ask, console: Console) -> Assessment:
    """Ask screens until the interview stops, then assess. `ask` reads one reply."""
    console.print(
        "[bold]shakewise[/bold] — what may be making your legs shake, twitch, jerk or cramp.\n"
        "[red]If you have chest pain, trouble breathing, a drooping face, weak arm or slurred"
        " speech, call your emergency number now.[/red]"
    )
    about = _ask_about(ask, console)
    text = ask("Describe what happens in your own words (or press Enter to skip) > ").strip()
    answers: Answers = {}
    history: list[Answers] = []
    while True:
        step = interview_step(text or None, answers, about=about, kb=kb)
        if step.question is None:
            assert step.result is not None
            return step.result
        console.print(f"[dim]Screen {len(history) + 1}[/dim]")
        q = step.question
        try:
            given = (_ask_single if q.type == "single" else _ask_group)(q, ask, console)
        except Back:
            if history:
                answers = history.pop()
            continue
        history.append(dict(answers))
        answers = {**answers, **given}
