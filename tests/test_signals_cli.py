"""`shakewise tremor ...`: the JSON contract, the plot, and bad files as one line + exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

RECORDINGS = Path(__file__).parent / "data" / "recordings"
VERILY = RECORDINGS / "verily_watch_wrist_parkinson_300-390s.csv"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shakewise", "tremor", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_analyze_json_contract(tmp_path: Path) -> None:
    png = tmp_path / "tremor.png"
    out = run("analyze", str(VERILY), "--json", "--plot", str(png))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {
        "sample_rate_hz", "duration_s", "tremor_detected", "dominant_frequency_hz", "band",
        "rms_m_s2", "displacement_mm", "regularity", "tremor_fraction", "findings",
        "frequency_stability_hz", "harmonics", "gaps", "axis",
    } <= set(data)  # fmt: skip
    assert data["tremor_detected"] is True
    assert data["findings"]["tremor_4_6hz"] == "yes"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_analyze_prints_a_summary() -> None:
    out = run("analyze", str(RECORDINGS / "mpower_iphone_tremor.json"))
    assert out.returncode == 0, out.stderr
    assert "Recording" in out.stdout and "not a diagnosis" in out.stdout


def test_plm_json_contract(tmp_path: Path) -> None:
    fs, seconds = 10.0, 1200.0
    t = np.arange(0, seconds, 1 / fs)
    theta = np.zeros_like(t)
    for onset in 200 + 20.0 * np.arange(12):
        inside = (t >= onset) & (t < onset + 2)
        theta[inside] = 0.3 * np.sin(np.pi * (t[inside] - onset) / 2) ** 2
    rows = "\n".join(
        f"{ti:.2f},0,{9.81 * np.sin(a):.4f},{9.81 * np.cos(a):.4f}"
        for ti, a in zip(t, theta, strict=True)
    )
    night = tmp_path / "night.csv"
    night.write_text("t,ax,ay,az\n" + rows + "\n", encoding="utf-8")
    out = run("plm", str(night), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"plm_index_per_hour", "series", "movements", "timeline"} <= set(data)
    assert len(data["movements"]) == 12 and len(data["series"]) == 1
    assert data["plm_index_per_hour"] == pytest.approx(36.0)


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ("analyze", "/nonexistent/rec.csv"), "Cannot read"),
        ("t,ax,ay,az\n0,0,0,9.8\n0.01,0,zz,9.8\n", ("analyze",), "Line 3: 'ay'"),
        ("t,ax,ay,az\n0,0,0,9.8\n0.5,0,0,9.8\n", ("analyze",), "at least"),
        ("t,ax,ay,az\n0,0,0,9.8\n", ("analyze", "--format", "xls"), "Unknown format 'xls'"),
        ("", ("plm",), "empty"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, content: str | None, args: tuple[str, ...], message: str
) -> None:
    argv = list(args)
    if content is not None:
        path = tmp_path / "rec.csv"
        path.write_text(content, encoding="utf-8")
        argv.insert(1, str(path))
    out = run(*argv)
    assert out.returncode == 2
    assert message in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
