"""`shakewise diary ...`, `shakewise db upgrade` and `assess --save`, run in-process
through the real entry point (so errors take the real path: one line, exit code 2),
against a fresh SQLite file per test."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from shakewise.cli import main
from shakewise.storage import open_database
from shakewise.storage.database import local_user_id
from shakewise.storage.repository import count_episodes, get_assessment


class Shell:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
        self.monkeypatch, self.capsys = monkeypatch, capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.monkeypatch.setattr(sys, "argv", ["shakewise", *args])
        code: Any = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code or 0
        out = self.capsys.readouterr()
        return int(code), out.out, out.err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'diary.db'}"
    monkeypatch.setenv("SHAKEWISE_DATABASE_URL", url)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "200")
    return url


@pytest.fixture
def sw(url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Shell:
    return Shell(monkeypatch, capsys)


def stored(url: str) -> int:
    db = open_database(url)
    with db.session() as s:
        n = count_episodes(s, local_user_id(s))
    db.close()
    return n


def test_add_list_show_edit_delete(sw: Shell, url: str) -> None:
    code, out, err = sw(
        "diary", "add", "--at", "2024-05-03T14:30", "--kind", "twitching", "--severity", "4",
        "--site", "calf", "--side", "left", "--duration", "90s", "--context", "cups=2",
        "--context", "stress=7", "--note", "after a slow walk",
    )  # fmt: skip
    assert code == 0, err
    assert "Saved episode 1" in out and "twitching" in out
    [ep] = sw.json("diary", "list")
    assert ep["started_at"] == "2024-05-03T14:30:00Z" and ep["caffeine_mg"] == 200
    assert ep["sites"] == ["calf"] and ep["duration_s"] == 90 and ep["stress"] == 7
    assert sw.json("diary", "show", "1")["note"] == "after a slow walk"
    edited = sw.json("diary", "edit", "1", "--severity", "6", "--context", "stress=")
    assert edited["severity"] == 6 and edited["stress"] is None and edited["kind"] == "twitching"
    code, out, _ = sw("diary", "list")
    assert code == 0 and "twitching" in out and "left calf" in out
    assert sw("diary", "delete", "1")[0] == 0
    assert sw.json("diary", "list") == [] and stored(url) == 0


BAD = [
    (["--severity", "11"], "Severity must be at most 10"),
    (["--at", "2024-02-30T10:00"], "real date"),
    (["--at", "2999-01-01T10:00"], "in the future"),
    (["--context", "caffeine=-5"], "Caffeine (mg) must be at least 0"),
    (["--context", "cups=lots"], "number of cups"),
    (["--context", "mood=3"], "Unknown context 'mood'"),
    (["--note", "x" * 10_000_000], "Note is too long"),
    (["--kind", "wobble"], "Kind must be one of"),
    (["--duration", "a while"], "--duration"),
]


@pytest.mark.parametrize(("args", "words"), BAD, ids=[w for _, w in BAD])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    sw: Shell, url: str, args: list[str], words: str
) -> None:
    code, out, err = sw("diary", "add", *args)
    assert code == 2 and out == ""
    assert err.startswith("shakewise: ") and words in err
    assert err.count("\n") == 1 and len(err) < 500
    assert stored(url) == 0


def test_unknown_ids_exit_2(sw: Shell) -> None:
    for args in (["show", "7"], ["edit", "7", "--severity", "2"], ["delete", "7"]):
        code, _, err = sw("diary", *args)
        assert code == 2 and "There is no episode 7" in err


def test_export_and_import_round_trip(sw: Shell, tmp_path: Path, monkeypatch: Any) -> None:
    sw("diary", "add", "--at", "2024-05-03T14:30", "--severity", "3", "--note", "=SUM(A1)")
    sw("diary", "checkin", "--day", "2024-05-04", "--context", "sleep=5")
    out_file = tmp_path / "export.json"
    assert sw("diary", "export", "--format", "json", "--out", str(out_file))[0] == 0
    code, csv_text, _ = sw("diary", "export", "--format", "csv")
    assert code == 0 and csv_text.splitlines()[1].endswith("'=SUM(A1),,")
    monkeypatch.setenv("SHAKEWISE_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    code, out, err = sw("diary", "import", str(out_file))
    assert code == 0 and "episodes: 1" in out, err
    assert "already present" in sw("diary", "import", str(out_file))[1]
    [ep] = sw.json("diary", "list")
    assert ep["note"] == "=SUM(A1)" and ep["severity"] == 3


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "other"}', "not a shakewise export"),
        (
            json.dumps({"format": "shakewise-export", "version": 1, "episodes": [
                {"started_at": "2024-01-01T10:00:00Z"},
                {"started_at": "2024-01-01T11:00:00Z", "severity": 12},
            ]}),
            "episodes item 2: Severity must be at most 10",
        ),
    ],
)  # fmt: skip
def test_bad_import_exits_2_and_writes_nothing(
    sw: Shell, url: str, tmp_path: Path, content: str, words: str
) -> None:
    file = tmp_path / "in.json"
    file.write_text(content)
    code, _, err = sw("diary", "import", str(file))
    assert code == 2 and words in err and err.count("\n") == 1
    assert stored(url) == 0


def test_insights_json_and_charts(sw: Shell, tmp_path: Path) -> None:
    for day in range(1, 21, 2):
        sw("diary", "add", "--at", f"2024-05-{day:02d}T21:00", "--context", "caffeine=300")
    data = sw.json("diary", "insights")
    assert {"trend", "triggers", "pattern_flags", "time_of_day", "weekly", "findings"} <= set(data)
    assert data["episodes"] == 10 and data["trend"]["test"].startswith("Poisson regression")
    charts = tmp_path / "charts"
    code, out, err = sw("diary", "insights", "--charts", str(charts), "--tz", "Europe/Paris")
    assert code == 0, err
    assert "Frequency" in out and "Triggers" in out
    assert sorted(p.name for p in charts.iterdir()) == [
        "severity.svg", "time-of-day.svg", "triggers.svg", "weekly.svg",
    ]  # fmt: skip
    assert sw("diary", "insights", "--tz", "Mars/Olympus")[0] == 2


def test_insights_show_warning_signs(sw: Shell) -> None:
    sw("diary", "add", "--at", "now", "--weakness", "--kind", "shaking")
    data = sw.json("diary", "insights")
    assert [f["id"] for f in data["pattern_flags"]] == ["new_weakness"]
    assert data["findings"] == {"weakness_leg": "yes"}
    assert "Warning signs" in sw("diary", "insights")[1]


def test_assess_save_stores_the_assessment_and_prints_its_id(sw: Shell, url: str) -> None:
    data = sw.json("assess", "--text", "my calves twitch after running", "--save")
    assert data["id"]
    db = open_database(url)
    with db.session() as s:
        saved = get_assessment(s, local_user_id(s), int(data["id"]))
    db.close()
    assert saved.input_text == "my calves twitch after running"
    assert saved.result["triage"] == data["triage"]
    code, out, _ = sw("assess", "--text", "calf cramps at night", "--save")
    assert code == 0 and "Saved as assessment 2" in out
    unsaved = sw.json("assess", "--text", "calf cramps at night")
    assert unsaved["id"] is None


def test_db_upgrade_reports_the_revision(sw: Shell) -> None:
    code, out, err = sw("db", "upgrade")
    assert code == 0 and "revision 0003" in out, err


def test_an_unreachable_database_is_one_line(sw: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHAKEWISE_DATABASE_URL", "mysql://nobody@nowhere/db")
    code, _, err = sw("diary", "list")
    assert code == 2 and err.startswith("shakewise: Unsupported database")
