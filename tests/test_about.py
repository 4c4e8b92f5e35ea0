"""Asking for someone else: the person says whom the check is for, and every question is
then asked about "them"; a child's check asks the questions about children early."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from tests.web_helpers import one, walk_interview

from shakewise.about import CHILD_FINDINGS, CHILD_SCREEN, About, of_them
from shakewise.assessment import run_assessment
from shakewise.interview import interview_step
from shakewise.knowledge import KnowledgeBase
from shakewise.web import create_app

SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|you're|you've)\b", re.IGNORECASE)


def every_question(kb: KnowledgeBase) -> list[str]:
    texts = [f.question for f in kb.findings.values()] + [f.help for f in kb.findings.values()]
    return texts + [g.text for g in kb.groups.values()] + [g.help or "" for g in kb.groups.values()]


def test_every_question_can_be_asked_about_them(kb: KnowledgeBase) -> None:
    left = [of_them(t) for t in every_question(kb) if SECOND_PERSON.search(of_them(t))]
    assert left == []


@pytest.mark.parametrize(
    ("question", "about_them"),
    [
        ("Do you have chest pain or tightness?", "Do they have chest pain or tightness?"),
        ("Does bright light hurt your eyes?", "Does bright light hurt their eyes?"),
        ("Is the pain so bad it wakes you at night?", "Is the pain so bad it wakes them at night?"),
        ("Do any of these apply to you? Tick all that apply.",
         "Do any of these apply to them? Tick all that apply."),
        ("Have you, or the person you are asking for, taken too much of a medicine?",
         "Have they taken too much of a medicine?"),
        ("You're not sure?", "They're not sure?"),
    ],
)  # fmt: skip
def test_a_question_about_them_reads_as_english(question: str, about_them: str) -> None:
    assert of_them(question) == about_them


def test_choosing_is_answering(kb: KnowledgeBase) -> None:
    me = run_assessment("my legs twitch after running", about="self", kb=kb)
    assert {e.finding: e.state for e in me.evidence if e.source == "answer"} == dict.fromkeys(
        CHILD_FINDINGS, "no"
    )
    assert me.subject == "self"
    child = run_assessment("legs twitch after running", about="child", kb=kb)
    assert child.subject == "other"
    assert {e.finding: e.state for e in child.evidence}["age_over_60"] == "no"
    told = run_assessment("my dad's legs twitch", kb=kb)
    assert told.subject == "other"  # not chosen: read from the words


def test_a_childs_check_asks_about_children_after_the_emergency_screens(
    kb: KnowledgeBase,
) -> None:
    answers: dict[str, str] = {}
    asked = []
    for _ in range(4):
        step = interview_step("legs ache at night", answers, about="child", kb=kb)
        assert step.question is not None
        asked.append(step.question.id)
        answers |= {c.finding: "no" for c in step.question.choices}
    assert asked[:3] == ["screen_emergency_now", "screen_emergency_body", CHILD_SCREEN]
    assert step.question is not None and step.subject == "other"
    assert not SECOND_PERSON.search(step.question.text)


def _screens(text: str, kb: KnowledgeBase, about: About | None = None) -> list[str]:
    answers: dict[str, str] = {}
    asked = []
    for _ in range(4):
        step = interview_step(text, answers, about=about, kb=kb)
        if step.question is None:
            break
        asked.append(step.question.id)
        answers |= {c.finding: "no" for c in step.question.choices}
    return asked


@pytest.mark.parametrize(
    "text",
    ["my little boy started limping last night and his back hurts",  # development set 11
     "our son is 4. he has started limping and says his knee hurts",  # development set 11
     "my 3 year old keeps falling over this morning"],
)  # fmt: skip
def test_words_about_a_child_ask_about_children_when_no_one_was_chosen(
    kb: KnowledgeBase, text: str
) -> None:
    assert CHILD_SCREEN in _screens(text, kb)
    assert CHILD_SCREEN not in _screens(text, kb, about="other")  # the person's choice wins


@pytest.mark.parametrize(
    "text",
    ["my legs twitch at night and my son laughs at me", "my dad started limping last night",
     "i started limping after football"],
)  # fmt: skip
def test_no_questions_about_children_for_an_adult(kb: KnowledgeBase, text: str) -> None:
    assert CHILD_SCREEN not in _screens(text, kb)


def test_the_api_asks_about_them_and_refuses_an_unknown_choice() -> None:
    client = TestClient(create_app(), base_url="http://127.0.0.1")
    step = client.post("/api/v1/interview", json={"text": "legs shaking", "about": "other"})
    question = step.json()["question"]
    assert step.json()["subject"] == "other"
    assert "they" in question["text"] and not SECOND_PERSON.search(question["text"])
    bad = client.post("/api/v1/interview", json={"text": "legs shaking", "about": "dog"})
    assert bad.status_code == 422


def test_the_web_check_carries_the_choice_to_every_screen_and_the_report() -> None:
    client = TestClient(create_app(), base_url="http://127.0.0.1")
    home = BeautifulSoup(client.get("/").text, "html.parser")
    assert [i["value"] for i in home.select("input[name=who]")] == ["self", "child", "other"]
    page = client.post("/check", data={"who": "child", "text": ""})
    soup = BeautifulSoup(page.text, "html.parser")
    assert one(soup, "form input[name=who]")["value"] == "child"
    assert "your child" in one(soup, "p.hint").text
    assert not SECOND_PERSON.search(one(soup, "form.question legend, form.question h1").text)


def test_a_result_about_someone_else_frames_the_causes_gently() -> None:
    client = TestClient(create_app(), base_url="http://127.0.0.1")
    soup, _ = walk_interview(
        client, text="my dad is 70 and his hand and leg shake at rest", who="other"
    )
    assert one(soup, "#causes-title").text == "What a doctor will want to check"
    assert "not a diagnosis" in one(soup, "#causes-title + p.hint").text
