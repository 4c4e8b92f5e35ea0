"""Hostile inputs: every one gets a clear 4xx (HTTP) or exit 2 with one line (CLI), never
a 500, a traceback, a hang or a runaway allocation. The catalogue is generated here, so it
grows by adding a line; a few large cases are built once per session."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from shakewise.signals import measure, parse_recording
from shakewise.signals.errors import RecordingError
from shakewise.web.app import create_app
from shakewise.web.settings import Settings

ROWS = "\n".join(f"{i / 100:.2f},0.1,9.7,0.2" for i in range(2000))


def _recordings() -> Iterator[tuple[str, bytes]]:
    yield "late row 1e7", f"t,ax,ay,az\n{ROWS}\n1e7,0,9.7,0\n".encode()
    yield "late row 3e5", f"t,ax,ay,az\n{ROWS}\n3e5,0,9.7,0\n".encode()
    yield "jump 8 h", f"t,ax,ay,az\n{ROWS}\n28800,0,9.7,0\n".encode()
    yield "negative time", f"t,ax,ay,az\n{ROWS}\n-1e9,0,9.7,0\n".encode()
    yield "nan time", f"t,ax,ay,az\n{ROWS}\nnan,0,9.7,0\n".encode()
    yield "inf value", f"t,ax,ay,az\n{ROWS}\n21,inf,9.7,0\n".encode()
    yield "huge value", f"t,ax,ay,az\n{ROWS}\n21,1e308,9.7,0\n".encode()
    for depth in (100, 2_000, 100_000):
        yield f"nested {depth}", ("[" * depth + "]" * depth).encode()
    for digits in (400, 5_000):
        number = "1" + "0" * digits
        yield (
            f"{digits}-digit number",
            ('{"samples": [{"t": 0, "ax": ' + number + ', "ay": 0, "az": 9.8}]}').encode(),
        )
    yield "1e400", b'{"samples": [{"t": 0, "ax": 1e400, "ay": 0, "az": 9.8}]}'
    yield "huge header field", b"t,ax,ay," + b"a" * 1_000_000 + b"\n0,0,0,0\n"
    yield "stray quote", b't,"ax,ay,az\n0,0,0,0\n'
    yield "NUL bytes", b"\x00" * 1000
    yield "binary", bytes(range(256)) * 40
    yield "only header", b"t,ax,ay,az\n"
    yield "empty", b""
    yield "whitespace", b"   \n\t\n"
    yield "one sample", b"t,ax,ay,az\n0,0,9.8,0\n"
    yield "same time", b"t,ax,ay,az\n" + b"0,0,9.8,0\n" * 500
    yield "text cells", b"t,ax,ay,az\n" + b"a,b,c,d\n" * 50
    yield "wrong columns", b"time;x\n1;2\n"
    yield "json samples not list", b'{"samples": 5}'
    yield "json sample strings", b'{"samples": [{"t": "0", "ax": "1", "ay": "0", "az": "9"}]}'
    yield "json list of numbers", b"[1, 2, 3]"
    yield "json booleans", b'{"samples": [{"t": true, "ax": false, "ay": 0, "az": 9.8}]}'
    yield "json null", b"null"
    yield (
        "unknown unit",
        b'{"acc_unit": "furlong", "samples": [{"t": 0, "ax": 0, "ay": 0, "az": 9}]}',
    )
    yield "many columns", b"t,ax,ay,az," + b",".join(b"c%d" % i for i in range(5000)) + b"\n"
    yield "lone surrogate", "t,ax,ay,az\n0,\ud800,0,0\n".encode("utf-8", "surrogatepass")


RECORDINGS = list(_recordings())


@pytest.fixture(scope="module")
def client() -> TestClient:
    settings = Settings(max_recording_bytes=2_000_000, uploads_per_minute=10_000)
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.mark.parametrize(("name", "content"), RECORDINGS, ids=[n for n, _ in RECORDINGS])
def test_hostile_recordings_get_a_clear_4xx(client: TestClient, name: str, content: bytes) -> None:
    response = client.post("/api/v1/recordings", content=content)
    assert 400 <= response.status_code < 500, (name, response.status_code, response.text[:200])
    message = response.json()["error"]["message"]
    assert message and "Traceback" not in message


@pytest.mark.parametrize(("name", "content"), RECORDINGS[:6], ids=[n for n, _ in RECORDINGS[:6]])
def test_bounds_are_checked_before_the_work(name: str, content: bytes) -> None:
    """A wrong time stamp is refused by the reader or the grid check, before any grid of
    millions of samples exists (the reader returns in well under a second here)."""
    with pytest.raises(RecordingError):
        measure(parse_recording(content.decode()))


HOSTILE_TEXTS = [
    "my calf twitches \u0000 at night",
    "my legs shake \ud800 a lot",
    "\u202e" * 50 + "twitch",
    "x" * 5001,
    "",
    "   ",
    "\U0001f9b5" * 1000,
    "<script>alert(1)</script> legs shaking",
    "'; DROP TABLE episodes; --",
    "a" * 4999,
    "no " * 1600,
    "twitch " * 700,
]


UNSTORABLE_DIARY_FIELDS = [
    ("note", "woke with cramp \u0000"),
    ("note", "cramp\u0007 again"),
    ("medication_taken", "ibuprofen \ud83d"),
    ("medication_taken", "\u0000"),
]


@pytest.mark.parametrize(("field", "value"), UNSTORABLE_DIARY_FIELDS)
def test_unstorable_diary_text_is_refused_and_nothing_is_lost(
    client: TestClient, field: str, value: str
) -> None:
    """A lone surrogate could not be encoded for any database (it gave a 500) and NUL is
    refused by PostgreSQL: both get a clear 422 on every database, and the diary keeps
    what it had."""
    kept = client.post("/api/v1/episodes", json={"started_at": "2026-11-02T07:00:00+00:00"})
    assert kept.status_code == 201
    before = client.get("/api/v1/episodes", params={"limit": 500}).json()
    body = {"started_at": "2026-11-02T08:00:00+00:00", field: value}
    response = client.post(
        "/api/v1/episodes",
        content=json.dumps(body, ensure_ascii=True).encode(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422, (response.status_code, response.text[:200])
    assert "Traceback" not in response.text
    assert client.get("/api/v1/episodes", params={"limit": 500}).json() == before


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=range(len(HOSTILE_TEXTS)))
def test_hostile_descriptions_never_give_a_500(client: TestClient, text: str) -> None:
    body = json.dumps({"text": text}, ensure_ascii=True).encode()
    response = client.post(
        "/api/v1/assess", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code in (200, 413, 422), (response.status_code, response.text[:200])
    if "\u0000" in text or "\ud800" in text:
        assert response.status_code == 422  # refused the same way on every database


def test_cli_refuses_a_device_and_a_hostile_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "late.csv"
    bad.write_bytes(RECORDINGS[0][1])
    for target in ("/dev/zero", str(bad)):
        done = subprocess.run(
            [sys.executable, "-m", "shakewise", "tremor", "analyze", target],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_recording_uploads_are_rate_limited() -> None:
    limited = TestClient(create_app(Settings(uploads_per_minute=2)), raise_server_exceptions=False)
    codes = [
        limited.post("/api/v1/recordings", content=b"t,ax,ay,az\n0,0,9.8,0\n").status_code
        for _ in range(3)
    ]
    assert codes[:2] == [422, 422] and codes[2] == 429


def test_a_foreign_host_is_refused_in_local_mode() -> None:
    """DNS rebinding: a page whose name now points at 127.0.0.1 still sends its own name."""
    local = TestClient(create_app(Settings(allowed_hosts="")), base_url="http://127.0.0.1:8000")
    assert local.get("/healthz").status_code == 200
    assert local.get("/healthz", headers={"host": "localhost:8000"}).status_code == 200
    assert local.get("/healthz", headers={"host": "[::1]:8000"}).status_code == 200
    for evil in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example"):
        response = local.get("/api/v1/me/export", headers={"host": evil})
        assert response.status_code == 400 and response.json()["error"]["code"] == "bad_host"
    assert local.delete("/api/v1/me/data", headers={"host": "evil.example"}).status_code == 400


def test_a_network_server_answers_any_host_unless_told() -> None:
    open_server = TestClient(create_app(Settings(host="0.0.0.0", allowed_hosts="")))
    assert open_server.get("/healthz", headers={"host": "shakewise.example"}).status_code == 200
    pinned = TestClient(create_app(Settings(host="0.0.0.0", allowed_hosts="shakewise.example")))
    assert pinned.get("/healthz", headers={"host": "other.example"}).status_code == 400
