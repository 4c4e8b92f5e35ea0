"""Rate limits in memory and in the database every worker shares: atomic counts on SQLite
and PostgreSQL, one count across two app instances, the sliding estimate, expiry, and
what happens when the database cannot count. Time is moved by hand, never waited for."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.requests import Request

from shakewise.storage import Database, open_database
from shakewise.storage import rate_limits as stored
from shakewise.storage.models import RateLimitWindow
from shakewise.web import Settings, create_app
from shakewise.web.limits import client_key
from shakewise.web.rate_limits import (
    LIMITER_SWEEP_AT,
    DatabaseRateLimiter,
    MemoryRateLimiter,
)

pytest_plugins = ("tests.db_helpers",)  # the `db_url` and `database` fixtures
START = 1_800_000_000.0  # a Unix time on a minute boundary
SECRET = b"test-rate-limit-secret"


class Clock:
    """A clock that moves only when told."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def rows(db: Database) -> list[tuple[str, str, int, int]]:
    with db.session() as s:
        found = s.execute(
            select(
                RateLimitWindow.bucket,
                RateLimitWindow.client,
                RateLimitWindow.window_start,
                RateLimitWindow.hits,
            ).order_by(RateLimitWindow.window_start)
        )
        return [tuple(r) for r in found]  # type: ignore[misc]


# --- in memory ----------------------------------------------------------------------


def test_the_memory_limiter_forgets_quiet_clients() -> None:
    """Rotating client addresses must not grow the limiter's table without bound, and a
    client still inside its window keeps its count."""
    clock = Clock(0.0)
    limiter = MemoryRateLimiter(limit=2, seconds=60, clock=clock)
    assert limiter.allow("steady")
    for n in range(LIMITER_SWEEP_AT * 3):
        assert limiter.allow(f"10.0.{n // 256}.{n % 256}")
        clock.now += 0.001  # all inside one window: nothing may be forgotten yet
    assert len(limiter.hits) == LIMITER_SWEEP_AT * 3 + 1
    clock.now += 61  # everyone quiet for a window
    for n in range(LIMITER_SWEEP_AT * 2):
        limiter.allow(f"192.168.{n // 256}.{n % 256}")
    assert len(limiter.hits) <= LIMITER_SWEEP_AT * 2 + 1
    assert limiter.allow("new") and limiter.allow("new")
    assert not limiter.allow("new")  # the third in a window of two


# --- stored counters ----------------------------------------------------------------


def test_taking_a_place_is_atomic_across_workers(db_url: str) -> None:
    """Four engines (as four worker processes would have) race 25 threads each for the
    same window: exactly `allowance` requests get through, never one more."""
    workers = [open_database(db_url) for _ in range(4)]

    def take(db: Database) -> bool:
        with db.session() as s:
            taken = stored.take(s, "login", "client", 60, allowance=30)
            s.commit()
            return taken

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(take, [workers[i % 4] for i in range(100)]))
        assert results.count(True) == 30
        assert rows(workers[0]) == [("login", "client", 60, 30)]
    finally:
        for db in workers:
            db.close()


def test_no_allowance_writes_nothing(database: Database) -> None:
    with database.session() as s:
        assert not stored.take(s, "login", "client", 60, allowance=0)
        s.commit()
    assert rows(database) == []


# --- the shared limiter -------------------------------------------------------------


def test_the_shared_limiter_counts_a_window_then_slides(database: Database) -> None:
    clock = Clock()
    limiter = DatabaseRateLimiter(database, "login", limit=4, seconds=60, secret=SECRET)
    limiter.clock = clock
    assert [limiter.allow("10.0.0.1") for _ in range(6)] == [True] * 4 + [False] * 2
    assert limiter.allow("10.0.0.2")  # another client has its own count
    assert [hits for *_, hits in rows(database)] == [4, 1]  # refusals are not counted

    clock.now = START + 60  # the next window: the previous one still fully in view
    assert not limiter.allow("10.0.0.1")
    clock.now = START + 60 + 30  # half of it in view: 4 × 0.5 = 2 places left
    assert [limiter.allow("10.0.0.1") for _ in range(3)] == [True, True, False]
    clock.now = START + 60 + 45  # a quarter in view: ceil(4 × 0.25) = 1, 2 taken: 1 left
    assert [limiter.allow("10.0.0.1") for _ in range(2)] == [True, False]


def test_old_windows_expire(database: Database) -> None:
    """Windows before the previous one count for nothing and are deleted by the first
    check of a later window, so the table stays as small as the clients of two windows."""
    clock = Clock()
    limiter = DatabaseRateLimiter(database, "write", limit=2, seconds=60, secret=SECRET)
    limiter.clock = clock
    for n in range(50):
        limiter.allow(f"10.0.0.{n}")
    assert len(rows(database)) == 50
    clock.now = START + 60
    limiter.allow("10.0.1.1")
    assert len(rows(database)) == 51  # the previous window still counts: kept
    clock.now = START + 120
    assert limiter.allow("10.0.0.1") and limiter.allow("10.0.0.1")  # a fresh start
    assert {start for _, _, start, _ in rows(database)} == {int(START) + 60, int(START) + 120}


def test_only_a_keyed_hash_of_the_address_is_stored(database: Database) -> None:
    limiter = DatabaseRateLimiter(database, "upload", limit=2, seconds=60, secret=SECRET)
    limiter.allow("203.0.113.7")
    other_key = DatabaseRateLimiter(database, "upload", limit=2, seconds=60, secret=b"other")
    [(_, client, _, _)] = rows(database)
    assert "203.0.113" not in client and len(client) == 32
    assert client == limiter.client("203.0.113.7") != other_key.client("203.0.113.7")


def test_when_the_database_cannot_count_the_process_does(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """No 500 and no free-for-all: the limit still holds, per process, and it is logged
    once; when the table is back, the database counts again."""
    clock = Clock()
    limiter = DatabaseRateLimiter(database, "login", limit=3, seconds=60, secret=SECRET)
    limiter.clock = clock
    with database.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE rate_limits RENAME TO rate_limits_away")
    with caplog.at_level(logging.WARNING, logger="shakewise.web"):
        assert [limiter.allow("10.0.0.1") for _ in range(5)] == [True] * 3 + [False] * 2
    warnings = [r.getMessage() for r in caplog.records if "cannot count" in r.getMessage()]
    assert len(warnings) == 1
    with database.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE rate_limits_away RENAME TO rate_limits")
    assert limiter.allow("10.0.0.1")
    assert [hits for *_, hits in rows(database)] == [1]


# --- through the app ----------------------------------------------------------------


def _sign_in_attempt(
    client: TestClient, email: str = "nobody@example.org", password: str = "not the password"
) -> int:
    page = BeautifulSoup(client.get("/login").text, "html.parser")
    token = str(page.select_one("input[name=csrf]")["value"])  # type: ignore[index]
    form = {"csrf": token, "email": email, "password": password}
    return client.post("/login", data=form, follow_redirects=False).status_code


@pytest.mark.parametrize(("store", "allowed"), [("database", 3), ("memory", 6)])
def test_two_workers_share_one_count(db_url: str, store: str, allowed: int) -> None:
    """Two app instances on one database, as two workers behind one port: with the
    database store a client gets the limit once, not once per worker."""
    clock = Clock()
    settings = Settings(
        host="0.0.0.0", database_url=db_url, logins_per_minute=3, rate_limit_store=store
    )
    workers = [create_app(settings, clock=clock) for _ in range(2)]
    clients = [TestClient(app, raise_server_exceptions=False) for app in workers]
    try:
        codes = [_sign_in_attempt(clients[n % 2]) for n in range(8)]
        assert codes == [422] * allowed + [429] * (8 - allowed)
        clock.now += 120  # two windows later everything is forgotten
        assert _sign_in_attempt(clients[1]) == 422
    finally:
        for app in workers:
            app.state.db.close()


def test_a_broken_store_never_gives_a_500(db_url: str) -> None:
    app = create_app(Settings(host="0.0.0.0", database_url=db_url, logins_per_minute=2))
    client = TestClient(app, raise_server_exceptions=False)
    with app.state.db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE rate_limits")
    try:
        assert [_sign_in_attempt(client) for _ in range(3)] == [422, 422, 429]
    finally:
        app.state.db.close()


def test_one_address_gets_a_limited_number_of_sign_ins_from_everywhere(db_url: str) -> None:
    """A guesser spread over many networks meets the limit per address, counted the same
    for an address with an account and one without; an hour later it is lifted."""
    clock = Clock()
    settings = Settings(
        host="0.0.0.0",
        database_url=db_url,
        signins_per_address_per_hour=3,
        logins_per_minute=100,  # one client here plays the many networks
    )
    workers = [create_app(settings, clock=clock) for _ in range(2)]
    clients = [TestClient(app, raise_server_exceptions=False) for app in workers]
    try:
        password = "correct horse battery"
        form = {"email": "vic@example.org", "password": password}
        page = BeautifulSoup(clients[0].get("/register").text, "html.parser")
        form["csrf"] = str(page.select_one("input[name=csrf]")["value"])  # type: ignore[index]
        assert clients[0].post("/register", data=form, follow_redirects=False).status_code == 303
        for email in ("vic@example.org", "nobody@example.org"):
            codes = [_sign_in_attempt(clients[n % 2], email) for n in range(4)]
            assert codes == [422, 422, 422, 429]
        assert _sign_in_attempt(clients[1], "Vic@Example.org", password) == 429  # even right
        assert _sign_in_attempt(clients[1], "wyn@example.org") == 422  # others unaffected
        clock.now += 2 * 3600
        assert _sign_in_attempt(clients[0], "vic@example.org", password) == 303
    finally:
        for app in workers:
            app.state.db.close()


@pytest.mark.parametrize(
    ("host", "store", "shared"),
    [
        ("127.0.0.1", "auto", False),  # one person: nothing to guess, a write costs less
        ("0.0.0.0", "auto", True),  # accounts: the sign-in limit must hold across workers
        ("127.0.0.1", "database", True),
        ("0.0.0.0", "memory", False),
    ],
)
def test_which_store_counts(tmp_path: Path, host: str, store: str, shared: bool) -> None:
    settings = Settings(
        host=host, rate_limit_store=store, database_url=f"sqlite:///{tmp_path / 'd.db'}"
    )
    assert settings.shared_rate_limits is shared
    app: FastAPI = create_app(settings)
    kind = DatabaseRateLimiter if shared else MemoryRateLimiter
    for bucket in ("login", "write", "upload", "address"):
        assert isinstance(getattr(app.state, f"{bucket}_limiter"), kind)
    app.state.db.close()


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),  # same subscriber
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),  # the next one is someone else
        ("::ffff:203.0.113.7", "203.0.113.7"),  # IPv4 seen through an IPv6 socket
        ("testclient", "testclient"),
    ],
)
def test_an_ipv6_client_counts_as_its_64_network(host: str, key: str) -> None:
    request = Request({"type": "http", "client": (host, 50000), "headers": []})
    assert client_key(request) == key
