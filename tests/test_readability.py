"""Results and knowledge pages read at about a 12-year-old's level, measured.

A worried reader skims; long sentences and long words lose them. The prose a page shows
(paragraphs and list items in <main>, not forms, navigation or citations) is scored with
the Flesch-Kincaid grade (US school grade: grade 7 is about age 12 to 13). Each page may
sit up to a grade above that, as the formula is rough on short texts and some words
cannot be simpler ("Guillain-Barré", "antidepressant"); the cause pages taken together
must not.
"""

from __future__ import annotations

import statistics

import pytest
import textstat
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from tests.web_helpers import walk_interview

from shakewise.knowledge import KnowledgeBase
from shakewise.web import create_app

ABOUT_AGE_12 = 7.0  # Flesch-Kincaid grade
PAGE_MAX = ABOUT_AGE_12 + 1.0
SHORTEST_LINE_WORDS = 4  # shorter items are labels ("Cramp", "85%"), not sentences


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), base_url="http://127.0.0.1")


def prose(html: str) -> str:
    """The sentences a reader meets in the page's main part, each ending a sentence."""
    main = BeautifulSoup(html, "html.parser").select_one("main")
    assert main is not None
    for skipped in main.select("form, nav, cite, .sources, .small, table, script"):
        skipped.decompose()
    lines = [node.get_text(" ", strip=True) for node in main.select("p, li")]
    lines = [line for line in lines if len(line.split()) >= SHORTEST_LINE_WORDS]
    return " ".join(line if line.endswith((".", "!", "?")) else line + "." for line in lines)


def grade(text: str) -> float:
    assert len(text.split()) >= 50, "too little prose to measure"
    return float(textstat.flesch_kincaid_grade(text))


def test_the_measure_tells_plain_from_dense_prose() -> None:
    plain = "Sit down and rest. Drink some water. If your leg gets weak, call 999 now. " * 5
    dense = (
        "Contemporaneous exacerbation of neuromuscular hyperexcitability necessitates"
        " comprehensive electrophysiological characterisation and individualised"
        " pharmacological intervention. "
    ) * 5
    assert grade(plain) < ABOUT_AGE_12 < PAGE_MAX < grade(dense)


@pytest.mark.parametrize(
    ("level", "text"),
    [
        ("self_care", "my calves twitch after running, lots of coffee, no weakness"),
        ("doctor", "for months my legs feel restless at night, I have to get up and walk"),
        ("urgent", "my left calf is swollen and hurts since a long flight"),
        ("emergency", "my leg is weak and my face droops on one side"),
    ],
)
def test_result_pages_read_at_about_age_12(client: TestClient, level: str, text: str) -> None:
    soup, _ = walk_interview(client, text=text)
    assert soup.select_one(f".banner-{level}") is not None
    assert grade(prose(str(soup))) <= PAGE_MAX


def test_knowledge_pages_read_at_about_age_12(client: TestClient, kb: KnowledgeBase) -> None:
    grades = {}
    for cause in kb.causes:
        grades[cause] = grade(prose(client.get(f"/knowledge/causes/{cause}").text))
    for path in ("/knowledge", "/knowledge/red-flags"):
        grades[path] = grade(prose(client.get(path).text))
    assert {page: g for page, g in grades.items() if g > PAGE_MAX} == {}
    assert statistics.median(grades[c] for c in kb.causes) <= ABOUT_AGE_12
