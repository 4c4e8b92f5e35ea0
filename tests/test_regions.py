"""The region's words outside the web pages: the terminal, JSON and the PDF report name
the person's emergency number (SHAKEWISE_REGION or --region), never the UK's by default
alone; what the assessment quotes (the person's words, the sources' titles) stays as is."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.test_report import pdf_text

from shakewise.assessment import run_assessment
from shakewise.regions import REGIONS, localised

EMERGENCY = "my face droops on one side and my leg went weak, I called 999 already"
NUMBERS: dict[str, str] = {r.id: r.emergency for r in REGIONS.values()}
CALL = re.compile(r"\b[Cc]all (\d{3})\b|\((\d{3})\)")  # "Call 112", "number now (112)"


def shakewise(*args: str, region: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SHAKEWISE_REGION"}
    if region is not None:
        env["SHAKEWISE_REGION"] = region
    done = subprocess.run(
        [sys.executable, "-m", "shakewise", *args],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def numbers_in(text: str) -> set[str]:
    """The numbers the text tells someone to call."""
    return {a or b for a, b in CALL.findall(text)}


def test_the_uk_is_left_as_written_and_others_change_only_what_is_said() -> None:
    result = run_assessment(EMERGENCY, None)
    assert localised(result, REGIONS["uk"]) is result
    us = localised(result, REGIONS["us"])
    assert us.evidence == result.evidence and us.sources == result.sources
    assert "999" in us.triage.action or "911" in us.triage.action
    said = json.dumps(us.model_dump(exclude={"evidence", "sources"}))
    assert numbers_in(said) == {"911"}


@pytest.mark.parametrize("region", ["us", "au", "in"])
def test_the_terminal_and_json_name_the_regions_number(region: str) -> None:
    shown = shakewise("assess", "--text", EMERGENCY, "--region", region)
    assert numbers_in(shown) == {NUMBERS[region]}
    data = json.loads(shakewise("assess", "--text", EMERGENCY, "--json", region=region))
    assert numbers_in(data["triage"]["action"] + data["triage"]["headline"]) <= {NUMBERS[region]}
    assert NUMBERS[region] in json.dumps(data["triage"])


def test_without_a_region_the_words_stay_the_uks() -> None:
    assert "999" in numbers_in(shakewise("assess", "--text", EMERGENCY))


def test_the_pdf_report_names_the_regions_number(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    shakewise("report", "--text", EMERGENCY, "--pdf", str(out), "--region", "au")
    _, text = pdf_text(out.read_bytes())
    assert "000" in text and "999" not in text.replace("I called 999", "")


def test_the_web_report_follows_the_chosen_region() -> None:
    from shakewise.web import create_app

    client = TestClient(create_app(), base_url="http://127.0.0.1")
    client.cookies.set("shakewise_region", "us")
    pdf = client.post("/api/v1/reports/pdf", json={"text": EMERGENCY})
    _, text = pdf_text(pdf.content)
    assert "911" in text and "A&E" not in text
