"""The command line: JSON contract, and bad input as one line on stderr with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shakewise", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
    )


def test_assess_json_contract() -> None:
    out = run(
        "assess",
        "--text",
        "my calves twitch after slow walks and I drink four coffees a day, no weakness",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {
        "triage", "causes", "evidence", "advice", "next_questions", "sources",
        "knowledge_version",
    }  # fmt: skip
    assert data["triage"]["level"] in {"emergency", "urgent", "doctor", "self_care"}
    assert data["triage"]["reasons"]
    probs = [c["probability"] for c in data["causes"]]
    assert probs == sorted(probs, reverse=True)
    assert {"id", "name", "probability", "why"} <= set(data["causes"][0])
    for ev in data["evidence"]:
        assert {"finding", "state", "source", "span"} <= set(ev)
    weakness = [e for e in data["evidence"] if e["finding"] == "weakness_leg"]
    assert weakness and weakness[0]["state"] == "no"
    assert data["seek_help"]
    assert "not a diagnosis" in data["disclaimer"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("assess", "--answer", "twitchy=yes"), "Unknown finding 'twitchy'"),
        (("assess", "--answer", "twitch_flicker=perhaps"), "use yes, no or unknown"),
        (("assess", "--answer", "twitch_flicker"), "FINDING=yes|no|unknown"),
        (("assess", "--text", ""), "empty"),
        (("assess", "--text", "x" * 6000), "limit"),
        (("assess",), "Nothing to assess"),
        (("eval", "/nonexistent/file.jsonl"), "Cannot read"),
        (("kb", "show", "no_such_thing"), "No cause"),
        (("kb", "check", "--directory", "/nonexistent"), "no knowledge files"),
        (
            ("assess", "--answer", "age_over_60=yes", "--answer", "age_under_40=yes"),
            "contradict",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2, (out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert message in lines[0]
    assert "Traceback" not in out.stderr


def test_malformed_vignette_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "v.jsonl"
    bad.write_text('{"id": "a", "text": "twitch", "expected_causes": ["x"]}\nnot json\n')
    out = run("eval", str(bad))
    assert out.returncode == 2
    assert "line 1" in out.stderr


def test_kb_check_and_show() -> None:
    out = run("kb", "check")
    assert out.returncode == 0, out.stderr
    assert "valid" in out.stdout
    shown = json.loads(run("kb", "show", "--json").stdout)
    assert {"version", "causes", "findings", "red_flags", "sources"} <= set(shown)
    assert {"id", "name", "icd10", "prior", "triage", "sources"} <= set(shown["causes"][0])
    one = json.loads(run("kb", "show", "restless_legs", "--json").stdout)
    assert one["id"] == "restless_legs"


def test_interactive_check_reaches_a_result() -> None:
    # Skip "who is this about?", describe, then answer "n" to every screen until the result.
    replies = "\nmy calves twitch after a walk\n" + "n\n" * 60
    out = run("check", stdin=replies)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "What to do now" in out.stdout
    assert "not a diagnosis" in out.stdout


# pydantic is not listed: Typer imports it to draw a command's help.
HEAVY_FOR_HELP = (
    "numpy", "scipy", "sqlalchemy", "reportlab", "fhir", "yaml", "shakewise.knowledge",
    "shakewise.language", "shakewise.storage",
)  # fmt: skip


@pytest.mark.parametrize("command", [[], ["assess"], ["diary", "add"], ["tremor", "analyze"]])
def test_help_imports_no_heavy_library(command: list[str]) -> None:
    """`--help` is read before anything is done, so it must come at once: the pipeline's
    libraries are imported by the commands that use them, never by the help."""
    code = (
        "import sys; from shakewise.cli import app\n"
        f"try: app({[*command, '--help']!r})\n"
        "except SystemExit: pass\n"
        f"print(sorted(set(sys.modules) & set({HEAVY_FOR_HELP!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    assert "Usage" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"
