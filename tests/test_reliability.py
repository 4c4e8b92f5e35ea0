"""Reliability of the diary server: no acknowledged entry is lost when the server process
is killed (SIGKILL) at random moments, and concurrent writers lose or duplicate nothing.
Runs on SQLite and, when configured, on PostgreSQL (see tests/db_helpers.py)."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from tests.db_helpers import db_url  # noqa: F401  (fixture)

from shakewise.storage import open_database
from shakewise.storage import repository as repo
from shakewise.storage.database import local_user_id

ROOT = Path(__file__).resolve().parent.parent
ACKS_PER_ROUND = 6  # acknowledged writes before each kill (at least; up to twice as many)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SHAKEWISE_DATABASE_URL": url, "SHAKEWISE_WRITES_PER_MINUTE": "100000"}
    server = subprocess.Popen(
        [sys.executable, "-m", "shakewise", "serve", "--port", str(port),
         "--workers", str(workers)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.05)
    server.kill()
    raise AssertionError("the server did not start")


def episode(uid: str) -> dict[str, object]:
    return {"uid": uid, "started_at": "2026-11-01T08:00:00+00:00", "kind": "cramp", "severity": 4}


def stored_uids(url: str) -> list[str]:
    db = open_database(url)
    try:
        with db.session() as s:
            user = local_user_id(s)
            return [str(e.uid) for e in repo.list_episodes(s, user)]
    finally:
        db.close()


def test_no_acknowledged_entry_is_lost_when_the_server_is_killed(db_url: str) -> None:  # noqa: F811
    """Kills come after a counted number of acknowledged writes, never after a time window,
    so the test means the same on a fast machine and on a busy two-core one."""
    rng = random.Random(7)
    port = free_port()
    acknowledged: list[str] = []
    open_database(db_url).close()  # migrate once, so the first kill cannot hit a migration
    for _round in range(4):
        server = start_server(db_url, port)
        stop = threading.Event()
        enough = threading.Event()
        target = len(acknowledged) + rng.randint(ACKS_PER_ROUND, 2 * ACKS_PER_ROUND)

        def writer(stop: threading.Event = stop, enough: threading.Event = enough,
                   target: int = target) -> None:  # fmt: skip
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                while not stop.is_set():
                    uid = uuid.uuid4().hex
                    try:
                        r = client.post("/api/v1/episodes", json=episode(uid))
                    except httpx.HTTPError:
                        return  # killed mid-request: not acknowledged
                    if r.status_code == 201:
                        acknowledged.append(uid)
                        if len(acknowledged) >= target:
                            enough.set()  # the kill comes while the next write is in flight

        thread = threading.Thread(target=writer)
        thread.start()
        assert enough.wait(timeout=300), "the server acknowledged no writes for five minutes"
        server.send_signal(signal.SIGKILL)
        server.wait()
        stop.set()
        thread.join()
    assert len(acknowledged) >= 4 * ACKS_PER_ROUND
    stored = stored_uids(db_url)
    assert set(acknowledged) <= set(stored)
    assert len(stored) == len(set(stored))
    if db_url.startswith("sqlite"):
        engine = create_engine(db_url)
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        engine.dispose()


@pytest.mark.parametrize("workers", [1, 2], ids=["one-worker", "two-workers"])
def test_concurrent_writers_lose_and_duplicate_nothing(db_url: str, workers: int) -> None:  # noqa: F811
    """Several clients at once, through one process or two stateless workers."""
    port = free_port()
    server = start_server(db_url, port, workers)
    written: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def writer() -> None:
        try:
            write()
        except BaseException as exc:  # a thread's failure must fail the test
            failures.append(exc)

    def write() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            for _ in range(25):
                uid = uuid.uuid4().hex
                response = client.post("/api/v1/episodes", json=episode(uid))
                assert response.status_code == 201, response.text
                # the same entry sent twice (a retry) is stored once
                again = client.post("/api/v1/episodes", json=episode(uid))
                assert again.status_code == 201 and again.json()["id"] == response.json()["id"]
                with lock:
                    written.append(uid)

    try:
        threads = [threading.Thread(target=writer) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not failures, failures
    stored = stored_uids(db_url)
    assert sorted(stored) == sorted(written)
