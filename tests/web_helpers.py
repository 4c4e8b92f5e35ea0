"""Helpers shared by the web tests: walk the no-JavaScript interview with plain form posts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient


def one(node: Tag, selector: str) -> Tag:
    """The element `selector` finds; the test fails, naming it, when there is none."""
    found = node.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def hidden_state(form: Tag) -> dict[str, list[str]]:
    state: dict[str, list[str]] = defaultdict(list)
    for field in form.find_all("input", {"type": "hidden"}):
        state[str(field["name"])].append(str(field.get("value", "")))
    return dict(state)


def answer_screen(form: Tag, yes: Collection[str]) -> dict[str, object]:
    """Form data that answers one screen: tick what is in `yes`, "no" to the rest."""
    data: dict[str, object] = dict(hidden_state(form))
    question = str(form.find("input", {"name": "q"})["value"])  # type: ignore[index]
    if form.find("button", {"name": "choice"}):
        data["choice"] = "yes" if question in yes else "no"
        return data
    picks = [str(i["value"]) for i in form.select("input[name=pick]") if i["value"] in yes]
    data.update({"pick": picks, "action": "next"} if picks else {"action": "none"})
    return data


def accept_understood(form: Tag, changes: dict[str, str] | None = None) -> dict[str, object]:
    """Form data that submits the "what we understood" list as shown (the pre-chosen
    radio buttons), with `changes` (finding → yes/no/unknown) applied."""
    data: dict[str, object] = dict(hidden_state(form))
    for radio in form.select("input[type=radio][checked]"):
        data[str(radio["name"])] = str(radio["value"])
    for finding, value in (changes or {}).items():
        data[f"said-{finding}"] = value
    data["action"] = "understood"
    return data


def walk_interview(
    client: TestClient, text: str = "", yes: Collection[str] = (), limit: int = 40, who: str = ""
) -> tuple[BeautifulSoup, list[str]]:
    """Answer every screen until the result page; returns it and the screens shown. The
    "what we understood" list is accepted as it was read (it is not a screen)."""
    response = client.post("/check", data={"text": text, "who": who})
    shown: list[str] = []
    for _ in range(limit):
        assert response.status_code == 200, response.text[:300]
        soup = BeautifulSoup(response.text, "html.parser")
        understood = soup.select_one("form.understood")
        if understood is not None:
            response = client.post("/check", data=accept_understood(understood))
            continue
        form = soup.select_one("form.question")
        if form is None:
            return soup, shown
        shown.append(str(form.find("input", {"name": "q"})["value"]))  # type: ignore[index]
        response = client.post("/check", data=answer_screen(form, yes))
    raise AssertionError(f"no result after {limit} screens: {shown}")
