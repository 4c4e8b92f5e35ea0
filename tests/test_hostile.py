"""Hostile inputs: every one gets a clear 4xx (HTTP) or exit 2 with one line (CLI), never
a 500, a traceback, a hang or a runaway allocation, and a refused write loses nothing
stored before. The catalogue (`tests/hostile_catalogue.py`, plus the recordings below) is
generated, so it grows by adding a line; the requests, import files and diary commands
run on SQLite and, when configured, on PostgreSQL (tests/db_helpers.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.db_helpers import module_db_url  # noqa: F401  (fixture)
from tests.hostile_catalogue import (
    CLI_FILES,
    CLI_STORAGE,
    FAMILIES,
    IMPORTS,
    REQUESTS,
    Hostile,
)

from shakewise.cli import main as cli_main
from shakewise.signals import measure, parse_recording
from shakewise.signals.errors import RecordingError
from shakewise.storage import Database, open_database
from shakewise.storage.models import Base
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
    yield "UTF-16", f"t,ax,ay,az\n{ROWS}\n".encode("utf-16")
    yield "invalid UTF-8 cell", b"t,ax,ay,az\n0,\xff\xfe,9.8,0\n"
    yield "blank lines", b"\r\n\r\n\r\n"
    yield "BOM then null", b"\xef\xbb\xbfnull"
    yield "truncated json", b'{"samples": [{"t": 0, "ax"'
    yield "json NaN sample", b'{"samples": [{"t": 0, "ax": NaN, "ay": 0, "az": 9.8}]}'
    yield "json Infinity time", b'{"samples": [{"t": Infinity, "ax": 0, "ay": 0, "az": 9.8}]}'
    yield "json nested samples", b'{"samples": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    yield (
        "json samples twice",
        b'{"samples": [{"t": 0, "ax": 0, "ay": 0, "az": 9.8}], "samples": 5}',
    )
    yield "json empty samples", b'{"samples": []}'
    yield "json missing axes", b'{"samples": [{"t": 0, "ax": 0}, {"t": 0.01, "ax": 0}]}'
    yield "json object of objects", b'{"a": {"b": {"c": {}}}}'
    yield "formula cells", b"t,ax,ay,az\n=cmd|' /C calc'!A0,0,9.8,0\n" * 3
    yield "one column", b"t\n" + b"0\n" * 500
    yield "ten-thousand-character cell", b"t,ax,ay,az\n0," + b"9" * 10_000 + b",9.8,0\n"


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


# --- the catalogue: requests, import files and commands, on every database ---------------


def _csrf(client: TestClient, path: str) -> str:
    form = BeautifulSoup(client.get(path).text, "html.parser").select_one("input[name=csrf]")
    assert form is not None, path
    return str(form["value"])


@dataclass
class Stack:
    """One database with a single-user app and a network app on it, and what is stored."""

    local: TestClient
    account: TestClient
    stranger: TestClient
    token: str
    episode: int
    forms: dict[str, str]  # each client's form token
    database: Database

    def client(self, who: str) -> TestClient:
        return {"local": self.local, "account": self.account, "stranger": self.stranger}[who]

    def stored(self) -> list[Any]:
        """Every row of every person's table, read straight from the database (the
        rate-limit counters aside, and when a token was last used)."""
        with self.database.engine.connect() as connection:
            return [
                [
                    {k: v for k, v in row._mapping.items() if k != "last_used"}
                    for row in connection.execute(select(table).order_by(*table.primary_key))
                ]
                for table in Base.metadata.sorted_tables
                if table.name != "rate_limits"
            ]


UNLIMITED: dict[str, Any] = {
    "writes_per_minute": 10**6,
    "logins_per_minute": 10**6,
    "uploads_per_minute": 10**6,
    "signins_per_address_per_hour": 10**6,
}


@pytest.fixture(scope="module")
def stack(module_db_url: str) -> Iterator[Stack]:  # noqa: F811
    local_app = create_app(Settings(database_url=module_db_url, **UNLIMITED))
    network_app = create_app(Settings(host="0.0.0.0", database_url=module_db_url, **UNLIMITED))
    local = TestClient(local_app, raise_server_exceptions=False)
    account = TestClient(network_app, raise_server_exceptions=False)
    stranger = TestClient(network_app, raise_server_exceptions=False)
    person = {"email": "kept@example.org", "password": "correct horse battery staple"}
    made = account.post("/register", data={"csrf": _csrf(account, "/register"), **person})
    assert made.status_code == 200, made.text[:200]
    signed = account.post("/login", data={"csrf": _csrf(account, "/login"), **person})
    assert signed.status_code == 200 and "/diary" in str(signed.url), signed.text[:200]
    token = account.post("/api/v1/tokens", json={"name": "phone"}).json()["token"]
    episode = {"started_at": "2026-11-01T07:00:00Z", "kind": "cramp", "note": "kept"}
    for client in (local, account):
        assert client.post("/api/v1/episodes", json=episode).status_code == 201
        saved = client.post("/api/v1/assessments", json={"text": "my calves twitch at night"})
        assert saved.status_code == 201, saved.text[:200]
    first = local.get("/api/v1/episodes").json()[0]["id"]
    forms = {
        "local": _csrf(local, "/diary"),
        "account": _csrf(account, "/account"),
        "stranger": _csrf(stranger, "/login"),
    }
    database = open_database(module_db_url, migrate=False)
    yield Stack(local, account, stranger, token, first, forms, database)
    database.close()


def _send(stack: Stack, case: Hostile) -> Any:
    client = stack.client(case.who)
    form = dict(case.form or {})
    if case.csrf:
        form.setdefault("csrf", stack.forms[case.who])
    headers = {k: v.replace("{token}", stack.token) for k, v in case.headers.items()}
    return client.request(
        case.method,
        case.path.replace("{episode}", str(stack.episode)),
        content=case.content,
        data=form or None,
        files=case.files,
        params=case.params,
        headers=headers,
    )


def _refused_plainly(response: Any, what: str) -> None:
    assert 400 <= response.status_code < 500, (what, response.status_code, response.text[:300])
    error = response.json()["error"]
    message = error["message"]
    assert isinstance(message, str) and message.strip(), what
    assert "Traceback" not in response.text and "internal_error" not in response.text, what


@pytest.mark.parametrize("case", REQUESTS, ids=[c.id for c in REQUESTS])
def test_hostile_requests_are_refused_and_lose_nothing(stack: Stack, case: Hostile) -> None:
    if case.method == "GET":  # nothing to lose
        _refused_plainly(_send(stack, case), case.id)
        return
    before = stack.stored()
    _refused_plainly(_send(stack, case), case.id)
    assert stack.stored() == before, case.id


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[object, str]:
    """Run the command line in this process (one place where errors become exit 2)."""
    saved = sys.argv
    sys.argv = ["shakewise", *args]
    try:
        with pytest.raises(SystemExit) as done:
            cli_main()
    finally:
        sys.argv = saved
    return done.value.code, capsys.readouterr().err


def _one_line(code: object, stderr: str, what: str) -> None:
    assert code == 2, (what, code, stderr[-500:])
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("shakewise: "), (what, stderr[-500:])
    assert "Traceback" not in stderr, what


@pytest.mark.parametrize(("name", "content"), IMPORTS, ids=[n for n, _ in IMPORTS])
def test_hostile_import_files_change_nothing(
    stack: Stack,
    module_db_url: str,  # noqa: F811
    name: str,
    content: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHAKEWISE_DATABASE_URL", module_db_url)
    file = tmp_path / "export.json"
    file.write_bytes(content)
    before = stack.stored()
    _one_line(*_cli(["diary", "import", str(file)], capsys), name)
    assert stack.stored() == before, name


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("hostile-files")
    (folder / "binary").write_bytes(bytes(range(256)) * 40)
    (folder / "bad.jsonl").write_text('{"text": "calf", "truth": 5}\n[1, 2]\n')
    (folder / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    os.mkfifo(folder / "fifo")
    names = {"binary": "binary", "bad_jsonl": "bad.jsonl", "deep_jsonl": "deep.jsonl"}
    return {
        "{dir}": str(folder),
        "{fifo}": str(folder / "fifo"),
        **{f"{{{key}}}": str(folder / name) for key, name in names.items()},
    }


def _arguments(args: list[str], files: dict[str, str]) -> list[str]:
    out = []
    for arg in args:
        for mark, path in files.items():
            arg = arg.replace(mark, path)
        out.append(arg)
    return out


@pytest.mark.parametrize(("name", "args"), CLI_FILES, ids=[n for n, _ in CLI_FILES])
def test_hostile_arguments_and_files_exit_2_in_one_line(
    name: str, args: list[str], files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    given = _arguments(args, files)
    if files["{fifo}"] in given:  # a pipe nobody writes to would block a reader for ever
        done = subprocess.run(
            [sys.executable, "-m", "shakewise", *given], capture_output=True, text=True, timeout=120
        )
        _one_line(done.returncode, done.stderr, name)
        return
    _one_line(*_cli(given, capsys), name)


@pytest.mark.parametrize(("name", "args"), CLI_STORAGE, ids=[n for n, _ in CLI_STORAGE])
def test_hostile_diary_commands_exit_2_and_lose_nothing(
    stack: Stack,
    module_db_url: str,  # noqa: F811
    name: str,
    args: list[str],
    files: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHAKEWISE_DATABASE_URL", module_db_url)
    before = stack.stored()
    _one_line(*_cli(_arguments(args, files), capsys), name)
    assert stack.stored() == before, name


CATALOGUE = (
    [("recording", f"recording: {n}") for n, _ in RECORDINGS]
    + [(c.family, c.id) for c in REQUESTS]
    + [("import", f"import: {n}") for n, _ in IMPORTS]
    + [("cli", f"cli: {n}") for n, _ in CLI_FILES + CLI_STORAGE]
)


def test_the_catalogue_is_large_distinct_and_in_families() -> None:
    """The hazard log (H27) quotes this count, by family."""
    names = [name for _, name in CATALOGUE]
    assert len(set(names)) == len(names)
    assert {family for family, _ in CATALOGUE} == set(FAMILIES)
    assert len(CATALOGUE) >= 150
