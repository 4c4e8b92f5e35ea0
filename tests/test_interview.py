"""The adaptive interview: emergency screens first, screens before stopping, back."""

from __future__ import annotations

import numpy as np
from rich.console import Console

from shakewise.assessment import model_for
from shakewise.engine import NO, YES, next_question
from shakewise.knowledge import KnowledgeBase
from shakewise.terminal import run_interview


def replay(kb: KnowledgeBase, answer: int) -> list[str]:
    model = model_for(kb)
    vec = np.zeros(len(model.finding_ids), np.int8)
    asked: list[str] = []
    while (q := next_question(model, vec, asked)) is not None:
        asked.append(q.id)
        vec[list(q.findings)] = answer
        assert len(asked) < 60
    return asked


def test_emergency_screens_come_first(kb: KnowledgeBase) -> None:
    asked = replay(kb, NO)
    n_emergency = sum(g.screen == "emergency" for g in kb.groups.values())
    assert n_emergency >= 1
    assert all(kb.groups[q].screen == "emergency" for q in asked[:n_emergency])


def test_screens_are_always_asked_before_stopping(kb: KnowledgeBase) -> None:
    asked = set(replay(kb, NO))
    screens = {g.id for g in kb.groups.values() if g.screen != "none"}
    assert screens <= asked


def test_an_emergency_ends_the_interview_at_once(kb: KnowledgeBase) -> None:
    model = model_for(kb)
    vec = np.zeros(len(model.finding_ids), np.int8)
    vec[model.finding_index["chest_pain"]] = YES
    assert next_question(model, vec, []) is None


def test_terminal_interview_with_back(kb: KnowledgeBase) -> None:
    replies = iter(["", "my legs twitch", "none", "b", "none"] + ["n"] * 80)
    console = Console(file=open("/dev/null", "w"), width=100)  # noqa: SIM115
    result = run_interview(kb, lambda _prompt: next(replies), console)
    assert result.triage.level in {"self_care", "doctor", "urgent", "emergency"}
    assert any(e.finding == "twitch_flicker" for e in result.evidence)


def test_terminal_interview_asked_for_someone_else(kb: KnowledgeBase) -> None:
    prompts: list[str] = []
    replies = iter(["4", "3", "legs twitch"] + ["n"] * 80)

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(replies)

    console = Console(file=open("/dev/null", "w"), width=100)  # noqa: SIM115
    result = run_interview(kb, ask, console)
    assert prompts[0] == prompts[1] and "Who is this about?" in prompts[0]  # "4" asked again
    assert result.subject == "other"
