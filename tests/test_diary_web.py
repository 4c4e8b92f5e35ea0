"""The diary on the web and its API beyond episodes: day check-ins, the details page after
a one-tap log, and the diary in the report for the doctor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from tests.test_accounts import csrf, signed_up
from tests.test_report import pdf_text
from tests.web_helpers import hidden_state, one, walk_interview

from shakewise.web import Settings, create_app

HTML = {"accept": "text/html"}
EMPTY_CONTEXT = {
    "caffeine_mg": "", "alcohol_units": "", "stress": "", "sleep_hours": "", "exercise": "",
    "cold": "", "note": "",
}  # fmt: skip
EMPTY_DETAILS = {**EMPTY_CONTEXT, "severity": "", "duration_min": "", "side": "", "weakness": ""}


@pytest.fixture
def shared(tmp_path: Path) -> object:
    return create_app(Settings(host="0.0.0.0", database_url=f"sqlite:///{tmp_path / 'd.db'}"))


def log_now(client: TestClient, kind: str = "cramp", ago: int = 0) -> tuple[int, BeautifulSoup]:
    """One tap on "Log it now"; returns the new episode's id and its details page."""
    made = client.post("/diary", data={"csrf": csrf(client, "/diary"), "kind": kind, "ago": ago})
    assert made.status_code == 200 and made.url.path.startswith("/diary/"), made.text[:300]
    return int(made.url.path.rsplit("/", 1)[1]), BeautifulSoup(made.text, "html.parser")


def test_check_ins_over_the_api_merge_clear_list_and_delete(shared: object) -> None:
    ann = signed_up(shared, "ann@example.org")
    first = ann.put("/api/v1/checkins/2026-11-20", json={"caffeine_mg": 300, "stress": 6})
    assert first.status_code == 200, first.text
    merged = ann.put("/api/v1/checkins/2026-11-20", json={"sleep_hours": 5.5, "stress": None})
    assert merged.json() | {"id": 0, "updated_at": ""} == {
        "day": "2026-11-20", "caffeine_mg": 300.0, "sleep_hours": 5.5, "stress": None,
        "note": "", "exercise": None, "exercise_intensity": None, "alcohol_units": None,
        "cold": None, "hours_since_meal": None, "medication_taken": None, "illness_fever": None,
        "id": 0, "updated_at": "",
    }  # fmt: skip
    ann.put("/api/v1/checkins/2026-11-25", json={"note": "quiet day"})
    days = ann.get("/api/v1/checkins", params={"since": "2026-11-21"}).json()
    assert [d["day"] for d in days] == ["2026-11-25"]
    assert ann.delete("/api/v1/checkins/2026-11-25").status_code == 204
    assert [d["day"] for d in ann.get("/api/v1/checkins").json()] == ["2026-11-20"]
    gone = ann.delete("/api/v1/checkins/2026-11-25")
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("day", "body", "code", "words"),
    [
        ("2026-11-20", {"stress": "7"}, "invalid_input", "Stress must be a whole number"),
        ("2026-11-20", {"stress": 11}, "invalid_input", "Stress must be at most 10"),
        ("2026-11-20", {"day": "2026-11-21"}, "invalid_input", "address names the day"),
        ("2026-11-20", {"mood": 3}, "invalid_input", "'mood' is not a diary field"),
        ("2099-01-01", {"stress": 1}, "implausible_time", "is in the future"),
        ("2026-02-30", {"stress": 1}, "invalid_input", "real day"),
    ],
)
def test_a_wrong_check_in_is_refused_plainly(
    shared: object, day: str, body: dict[str, object], code: str, words: str
) -> None:
    bea = signed_up(shared, "bea@example.org")
    refused = bea.put(f"/api/v1/checkins/{day}", json=body)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == code and words in refused.json()["error"]["message"]
    assert bea.get("/api/v1/checkins").json() == []


def test_another_persons_days_are_invisible(shared: object) -> None:
    cy, dee = signed_up(shared, "cy@example.org"), signed_up(shared, "dee@example.org")
    cy.put("/api/v1/checkins/2026-11-20", json={"caffeine_mg": 100})
    assert dee.get("/api/v1/checkins").json() == []
    assert dee.delete("/api/v1/checkins/2026-11-20").status_code == 404
    forget = dee.post("/diary-day/2026-11-20/delete", data={"csrf": csrf(dee, "/diary")})
    assert forget.status_code == 404
    dee.put("/api/v1/checkins/2026-11-20", json={"stress": 2})
    assert cy.get("/api/v1/checkins").json()[0]["stress"] is None


def test_one_tap_then_details_in_that_order(shared: object) -> None:
    eve = signed_up(shared, "eve@example.org")
    before = dt.datetime.now(dt.UTC)
    eid, details = log_now(eve, "cramp", ago=30)
    after = dt.datetime.now(dt.UTC)
    assert "Saved" in one(details, ".notice").text
    started = dt.datetime.fromisoformat(eve.get(f"/api/v1/episodes/{eid}").json()["started_at"])
    assert before - dt.timedelta(minutes=30) <= started <= after - dt.timedelta(minutes=30)
    form = one(details, f"form[action='/diary/{eid}']")
    sent = {**hidden_state(form), **EMPTY_DETAILS, "kind": "cramp", "severity": "7",
            "duration_min": "2.5", "side": "left", "site": ["calf", "foot"], "weakness": "no",
            "caffeine_mg": "250", "exercise": "yes", "note": "  woke me up "}  # fmt: skip
    saved = eve.post(f"/diary/{eid}", data=sent)
    assert saved.status_code == 200 and saved.url.path == "/diary"
    stored = eve.get(f"/api/v1/episodes/{eid}").json()
    assert {k: stored[k] for k in ("severity", "duration_s", "side", "sites", "weakness")} == {
        "severity": 7, "duration_s": 150.0, "side": "left", "sites": ["calf", "foot"],
        "weakness": False,
    }  # fmt: skip
    assert (stored["caffeine_mg"], stored["exercise"], stored["note"]) == (
        250.0,
        True,
        "woke me up",
    )
    again = BeautifulSoup(eve.get(f"/diary/{eid}").text, "html.parser")
    assert one(again, "#severity")["value"] == "7" and one(again, "#duration_min")["value"] == "2.5"
    assert one(again, "#exercise option[selected]")["value"] == "yes"
    assert one(again, "#cold option[selected]")["value"] == ""


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("severity", "60", "Severity must be at most 10"),
        ("severity", "bad", "Severity must be a whole number"),
        ("duration_min", "ten", "How long must be a number of minutes"),
        ("exercise", "yep", "Exercise must be yes or no"),
        ("kind", "sneeze", "Kind must be one of"),
    ],
)
def test_wrong_details_say_what_is_wrong_and_change_nothing(
    shared: object, field: str, value: str, words: str
) -> None:
    fay = signed_up(shared, "fay@example.org")
    eid, details = log_now(fay)
    sent = {**hidden_state(one(details, f"form[action='/diary/{eid}']")), **EMPTY_DETAILS}
    refused = fay.post(f"/diary/{eid}", data={**sent, "kind": "cramp", field: value}, headers=HTML)
    assert refused.status_code == 422 and words in refused.text
    assert fay.get(f"/api/v1/episodes/{eid}").json()["severity"] is None


def test_a_day_is_checked_in_listed_changed_and_deleted_on_the_page(shared: object) -> None:
    gil = signed_up(shared, "gil@example.org")
    form = one(BeautifulSoup(gil.get("/diary").text, "html.parser"), "form#days")
    day = {**hidden_state(form), **EMPTY_CONTEXT, "day": "2026-11-28", "illness_fever": "",
           "medication_taken": "", "caffeine_mg": "400", "sleep_hours": "4",
           "exercise": "no"}  # fmt: skip
    assert gil.post("/diary-day", data=day).status_code == 200
    gil.post("/diary-day", data={**day, "caffeine_mg": "", "note": "exam week"})
    stored = gil.get("/api/v1/checkins").json()
    assert [(d["day"], d["caffeine_mg"], d["sleep_hours"], d["note"]) for d in stored] == [
        ("2026-11-28", None, 4.0, "exam week")
    ]
    page = BeautifulSoup(gil.get("/diary").text, "html.parser")
    listed = [li.get_text(" ", strip=True) for li in page.select("#days li")]
    assert listed == ["Sat 28 Nov: slept 4 h, no exercise, “exam week” Delete"]
    forget = one(page, "form[action='/diary-day/2026-11-28/delete']")
    assert gil.post(str(forget["action"]), data=hidden_state(forget)).status_code == 200
    assert gil.get("/api/v1/checkins").json() == []


def test_the_report_for_the_doctor_carries_the_diary_when_asked(shared: object) -> None:
    hal = signed_up(shared, "hal@example.org")
    log_now(hal, "twitching")
    soup, _ = walk_interview(hal, text="my calf twitches after running")
    form = one(soup, "form[action='/report']")
    assert one(form, "input[name=diary]").has_attr("checked")
    state = {**hidden_state(form), "kind": "pdf"}
    with_diary = pdf_text(hal.post("/report", data={**state, "diary": "yes"}).content)[1]
    without = pdf_text(hal.post("/report", data=state).content)[1]
    assert "Diary" in with_diary and "Diary" not in without
    forged = hal.post("/report", data={**state, "diary": "yes", "csrf": "forged"})
    assert forged.status_code == 403
    stranger = TestClient(shared)  # type: ignore[arg-type]
    anonymous = stranger.post("/report", data={**state, "diary": "yes"})
    assert anonymous.status_code == 200 and "Diary" not in pdf_text(anonymous.content)[1]
