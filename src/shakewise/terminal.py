"""The interactive interview in a terminal: one screen at a time, with "back" to undo."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from rich.console import Console

from shakewise.assessment import Assessment, model_for, run_assessment
from shakewise.engine import NO, UNKNOWN, YES, Evidence, Question, next_question
from shakewise.knowledge import KnowledgeBase
from shakewise.language import parse_text

Ask = Callable[[str], str]
STATE_NAMES = {YES: "yes", NO: "no", UNKNOWN: "unknown"}
YES_WORDS = {"y", "yes"}
NO_WORDS = {"n", "no"}
DONT_KNOW = {"d", "dk", "?", "don't know", "dont know", "not sure", "unknown"}
BACK = {"b", "back"}


class Back(Exception):
    """The person asked to undo the previous screen."""


def _ask_single(kb: KnowledgeBase, q: Question, ask: Ask, console: Console) -> dict[int, int]:
    finding = kb.findings[q.id]
    console.print(f"\n[bold]{finding.question}[/bold]\n[dim]{finding.help}[/dim]")
    while True:
        reply = ask("yes / no / don't know (or back) > ").strip().lower()
        if reply in BACK:
            raise Back
        for words, state in ((YES_WORDS, YES), (NO_WORDS, NO), (DONT_KNOW, UNKNOWN)):
            if reply in words:
                return {q.findings[0]: state}
        console.print("Please answer y, n or d (don't know), or b to go back.")


def _ask_group(kb: KnowledgeBase, q: Question, ask: Ask, console: Console) -> dict[int, int]:
    group = kb.groups[q.id]
    console.print(f"\n[bold]{group.text}[/bold]")
    if group.help:
        console.print(f"[dim]{group.help}[/dim]")
    ids = [kb.findings[f] for f in group.findings]
    for n, f in enumerate(ids, 1):
        console.print(f"  {n}. {f.question}")
    single = q.type == "group_single"
    hint = "one number" if single else "numbers, e.g. 1,3"
    while True:
        reply = ask(f"{hint} / none / don't know (or back) > ").strip().lower()
        if reply in BACK:
            raise Back
        if reply in DONT_KNOW:
            return {j: UNKNOWN for j in q.findings}
        if reply in {"none", "0", "no", "n", ""}:
            return {j: NO for j in q.findings}
        try:
            picked = {int(x) for x in reply.replace(" ", ",").split(",") if x}
        except ValueError:
            picked = set()
        if picked and picked <= set(range(1, len(ids) + 1)) and not (single and len(picked) > 1):
            return {j: YES if n in picked else NO for n, j in enumerate(q.findings, 1)}
        console.print(f"Please type {hint}, 'none', 'd' for don't know, or 'b' to go back.")


def run_interview(kb: KnowledgeBase, ask: Ask, console: Console) -> Assessment:
    """Ask screens until the interview stops, then assess. `ask` reads one reply."""
    model = model_for(kb)
    console.print(
        "[bold]shakewise[/bold] — what may be making your legs shake, twitch, jerk or cramp.\n"
        "[red]If you have chest pain, trouble breathing, a drooping face, weak arm or slurred"
        " speech, call your emergency number now.[/red]"
    )
    text = ask("Describe what happens in your own words (or press Enter to skip) > ").strip()
    vec: Evidence = np.zeros(len(model.finding_ids), np.int8)
    if text:
        for ev in parse_text(text, kb):
            vec[model.finding_index[ev.finding]] = {"yes": YES, "no": NO}.get(ev.state, 0)
    given: dict[int, int] = {}  # what the person answered on the screens
    history: list[tuple[str, Evidence, dict[int, int]]] = []
    while (q := next_question(model, vec, [h[0] for h in history])) is not None:
        console.print(f"[dim]Screen {len(history) + 1}[/dim]")
        try:
            answers = (_ask_single if q.type == "single" else _ask_group)(kb, q, ask, console)
        except Back:
            if history:
                _, vec, given = history.pop()
            continue
        history.append((q.id, vec.copy(), dict(given)))
        for j, state in answers.items():
            vec[j] = state
            given[j] = state
    answered = {model.finding_ids[j]: STATE_NAMES[state] for j, state in given.items()}
    return run_assessment(text or None, answered, kb=kb)
