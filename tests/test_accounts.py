"""Diary over HTTP with accounts: sign-up and sign-in, CSRF, tokens, rate limits, and
above all that one person can never see or change another's data."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from argon2 import PasswordHasher
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from shakewise.web import Settings, auth, create_app

if TYPE_CHECKING:  # the HTTP library Starlette's TestClient answers with
    from httpx2 import Response

EPISODE = {"started_at": "2026-11-01T08:00:00+00:00", "kind": "twitching", "severity": 3}


def csrf(client: TestClient, path: str = "/login") -> str:
    page = BeautifulSoup(client.get(path).text, "html.parser")
    return str(page.select_one("input[name=csrf]")["value"])  # type: ignore[index]


def signed_up(app: object, email: str, password: str = "correct horse battery") -> TestClient:
    """Register, then sign in (registration never signs anyone in: it would say whether
    the address was free)."""
    client = TestClient(app, base_url="http://testserver")  # type: ignore[arg-type]
    form = {"csrf": csrf(client, "/register"), "email": email, "password": password}
    made = client.post("/register", data=form)
    assert made.status_code == 200 and str(made.url).endswith("/login?registered=1")
    form = {"csrf": csrf(client), "email": email, "password": password}
    done = client.post("/login", data=form)
    assert done.status_code == 200 and "/diary" in str(done.url), done.text[:300]
    return client


def register(client: TestClient, email: str, password: str) -> Response:
    form = {"csrf": csrf(client, "/register"), "email": email, "password": password}
    return client.post("/register", data=form, follow_redirects=False)


def sign_in(client: TestClient, email: str, password: str) -> Response:
    form = {"csrf": csrf(client), "email": email, "password": password}
    return client.post("/login", data=form, follow_redirects=False)


class CountingHasher:
    """Argon2 with a count of the hashes and checks it ran (each ~0.1 s): two answers
    that did the same count of them took the same time, whatever the machine."""

    def __init__(self, real: PasswordHasher) -> None:
        self.real, self.runs = real, 0

    def hash(self, password: str) -> str:
        self.runs += 1
        return self.real.hash(password)

    def verify(self, hashed: str, password: str) -> bool:
        self.runs += 1
        return self.real.verify(hashed, password)


@pytest.fixture
def shared(tmp_path: Path) -> object:
    """A server reachable from the network: accounts required."""
    return create_app(Settings(host="0.0.0.0", database_url=f"sqlite:///{tmp_path / 'd.db'}"))


def test_network_server_requires_sign_in(shared: object) -> None:
    anon = TestClient(shared)  # type: ignore[arg-type]
    api = anon.get("/api/v1/episodes")
    assert api.status_code == 401 and api.json()["error"]["code"] == "not_signed_in"
    page = anon.get("/diary", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login"
    assert anon.get("/").status_code == 200  # the check itself needs no account


def test_people_only_ever_see_their_own_data(shared: object) -> None:
    alice, bob = signed_up(shared, "alice@example.org"), signed_up(shared, "bob@example.org")
    made = alice.post("/api/v1/episodes", json=EPISODE)
    assert made.status_code == 201
    eid = made.json()["id"]
    assert [e["id"] for e in alice.get("/api/v1/episodes").json()] == [eid]
    assert bob.get("/api/v1/episodes").json() == []
    for method, path, body in [
        ("get", f"/api/v1/episodes/{eid}", None),
        ("patch", f"/api/v1/episodes/{eid}", {"severity": 9}),
        ("delete", f"/api/v1/episodes/{eid}", None),
    ]:
        response = bob.request(method, path, json=body)
        assert response.status_code == 404, (method, path)
        assert response.json()["error"]["code"] == "not_found"
    page = bob.post(f"/diary/{eid}/delete", data={"csrf": csrf(bob, "/diary")})
    assert page.status_code == 404
    assert bob.get("/api/v1/me/export").json()["episodes"] == []
    assert alice.get(f"/api/v1/episodes/{eid}").json()["severity"] == 3


def test_forms_need_the_csrf_token(shared: object) -> None:
    alice = signed_up(shared, "carol@example.org")
    forged = alice.post("/diary", data={"csrf": "forged", "kind": "cramp"})
    assert forged.status_code == 403
    assert alice.get("/api/v1/episodes").json() == []
    ok = alice.post("/diary", data={"csrf": csrf(alice, "/diary"), "kind": "cramp"})
    assert ok.status_code == 200 and len(alice.get("/api/v1/episodes").json()) == 1


def test_api_tokens(shared: object) -> None:
    alice = signed_up(shared, "dora@example.org")
    token = alice.post("/api/v1/tokens", json={"name": "watch"}).json()["token"]
    app_client = TestClient(shared)  # type: ignore[arg-type]
    headers = {"authorization": f"Bearer {token}"}
    assert app_client.post("/api/v1/episodes", json=EPISODE, headers=headers).status_code == 201
    assert len(alice.get("/api/v1/episodes").json()) == 1
    bad = app_client.get("/api/v1/episodes", headers={"authorization": "Bearer sw_nope"})
    assert bad.status_code == 401


def test_wrong_passwords_are_rate_limited(shared: object) -> None:
    signed_up(shared, "eve@example.org")
    client = TestClient(shared)  # type: ignore[arg-type]
    token = csrf(client)
    codes = [
        client.post(
            "/login", data={"csrf": token, "email": "eve@example.org", "password": "x"}
        ).status_code
        for _ in range(12)
    ]
    assert codes[0] == 422 and codes[-1] == 429


def test_password_change_ends_other_sessions(shared: object) -> None:
    first = signed_up(shared, "finn@example.org")
    second = TestClient(shared)  # type: ignore[arg-type]
    token = csrf(second)
    second.post(
        "/login",
        data={"csrf": token, "email": "finn@example.org", "password": "correct horse battery"},
    )
    assert second.get("/api/v1/episodes").status_code == 200
    changed = first.post(
        "/account/password",
        data={
            "csrf": csrf(first, "/account"),
            "old": "correct horse battery",
            "new": "a new long password",
        },
    )
    assert changed.status_code == 200
    assert first.get("/api/v1/episodes").status_code == 200
    assert second.get("/api/v1/episodes").status_code == 401


def test_delete_account_removes_everything(shared: object) -> None:
    gina = signed_up(shared, "gina@example.org")
    gina.post("/api/v1/episodes", json=EPISODE)
    gina.post("/account/delete", data={"csrf": csrf(gina, "/account")})
    assert gina.get("/api/v1/episodes").status_code == 401
    again = TestClient(shared)  # type: ignore[arg-type]
    token = csrf(again)
    login = again.post(
        "/login",
        data={"csrf": token, "email": "gina@example.org", "password": "correct horse battery"},
    )
    assert login.status_code == 422


def test_accounts_off_is_refused_on_the_network(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="loopback"):
        create_app(
            Settings(host="0.0.0.0", accounts="off", database_url=f"sqlite:///{tmp_path / 'x.db'}")
        )


def test_local_mode_needs_no_login_and_diary_patterns_reach_the_check(tmp_path: Path) -> None:
    client = TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'l.db'}")))
    now = dt.datetime.now(dt.UTC)
    for days in range(0, 24, 2):
        body = {**EPISODE, "started_at": (now - dt.timedelta(days=days)).isoformat()}
        assert client.post("/api/v1/episodes", json=body).status_code == 201
    flags = client.get("/api/v1/insights").json()["pattern_flags"]
    assert "persisting_2_weeks" in {f["id"] for f in flags}
    diary = BeautifulSoup(client.get("/diary").text, "html.parser")
    assert diary.find(string=re.compile("warning pattern"))
    assert diary.select("figure.chart svg title")
    result = client.post("/check", data={"text": "my calf twitches", "a": ["chest_pain:no"]})
    # walk to the end quickly: every remaining screen answered "none"
    from tests.web_helpers import answer_screen

    soup = BeautifulSoup(result.text, "html.parser")
    for _ in range(40):
        form = soup.select_one("form.question")
        if form is None:
            break
        soup = BeautifulSoup(
            client.post("/check", data=answer_screen(form, ())).text, "html.parser"
        )
    assert soup.find(string=re.compile("From your diary"))
    banner = soup.select_one(".banner")
    assert banner is not None
    assert "banner-self_care" not in banner["class"]  # persisting: doctor


def test_signing_out_ends_a_copied_session(shared: object) -> None:
    alice = signed_up(shared, "carol@example.org")
    stolen = TestClient(shared, cookies=dict(alice.cookies))  # type: ignore[arg-type]
    assert stolen.get("/api/v1/episodes").status_code == 200
    alice.post("/logout", data={"csrf": csrf(alice, "/account")})
    assert stolen.get("/api/v1/episodes").status_code == 401  # the replayed cookie is dead


def test_tokens_are_listed_revoked_and_cannot_breed(shared: object) -> None:
    dave = signed_up(shared, "dave@example.org")
    token = dave.post("/api/v1/tokens", json={"name": "watch"}).json()["token"]
    bearer = TestClient(shared, headers={"authorization": f"Bearer {token}"})  # type: ignore[arg-type]
    assert bearer.get("/api/v1/episodes").status_code == 200
    assert bearer.post("/api/v1/tokens", json={"name": "copy"}).status_code == 403
    listed = dave.get("/api/v1/tokens").json()
    assert [t["name"] for t in listed] == ["watch"]
    assert dave.delete(f"/api/v1/tokens/{listed[0]['id']}").status_code == 204
    assert bearer.get("/api/v1/episodes").status_code == 401
    assert dave.get("/api/v1/tokens").json() == []


def test_a_new_password_revokes_tokens_and_the_account_page_echoes_nothing(
    shared: object,
) -> None:
    erin = signed_up(shared, "erin@example.org")
    token = erin.post("/api/v1/tokens", json={"name": "app"}).json()["token"]
    erin.post(
        "/account/password",
        data={
            "csrf": csrf(erin, "/account"),
            "old": "correct horse battery",
            "new": "another long passphrase",
        },
    )
    bearer = TestClient(shared, headers={"authorization": f"Bearer {token}"})  # type: ignore[arg-type]
    assert bearer.get("/api/v1/episodes").status_code == 401
    page = erin.get("/account?token=ATTACKER-TEXT")
    assert page.status_code == 200 and "ATTACKER-TEXT" not in page.text


def test_a_token_is_revoked_from_the_account_page(shared: object) -> None:
    fay = signed_up(shared, "fay@example.org")
    fay.post("/api/v1/tokens", json={"name": "scale"})
    page = BeautifulSoup(fay.get("/account").text, "html.parser")
    button = page.select_one("button[formaction*='/revoke']")
    assert button is not None
    fay.post(str(button["formaction"]), data={"csrf": csrf(fay, "/account")})
    assert fay.get("/api/v1/tokens").json() == []


def test_the_session_key_file_is_private_and_shared(tmp_path: Path) -> None:
    import stat
    from concurrent.futures import ThreadPoolExecutor

    from shakewise.web.auth import secret_key

    settings = Settings(secret_key=None)
    with ThreadPoolExecutor(8) as pool:  # workers starting at once
        keys = set(pool.map(lambda _: secret_key(settings, tmp_path), range(16)))
    assert len(keys) == 1 and len(keys.pop()) >= 32
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_the_diary_api_pages_from_the_newest(shared: object) -> None:
    gus = signed_up(shared, "gus@example.org")
    for day in range(1, 8):
        made = gus.post(
            "/api/v1/episodes", json={**EPISODE, "started_at": f"2026-11-0{day}T08:00:00+00:00"}
        )
        assert made.status_code == 201
    latest = gus.get("/api/v1/episodes", params={"limit": 3}).json()
    assert [e["started_at"][:10] for e in latest] == ["2026-11-05", "2026-11-06", "2026-11-07"]
    older = gus.get(
        "/api/v1/episodes", params={"limit": 3, "before": latest[0]["started_at"]}
    ).json()
    assert [e["started_at"][:10] for e in older] == ["2026-11-02", "2026-11-03", "2026-11-04"]
    naive = gus.get("/api/v1/episodes", params={"limit": 1, "before": "2026-11-03T00:00:00"})
    assert [e["started_at"][:10] for e in naive.json()] == ["2026-11-02"]


def test_unstorable_characters_are_refused_on_every_database(shared: object) -> None:
    """NUL is stored by SQLite but refused by PostgreSQL: refusing it in an email address or
    a token name first gives the same clear answer on both, never a 500."""
    client = TestClient(shared, raise_server_exceptions=False)  # type: ignore[arg-type]
    nul_email = {"email": "mia\x00@example.org", "password": "correct horse battery"}
    made = client.post("/register", data={"csrf": csrf(client, "/register"), **nul_email})
    assert made.status_code == 422 and "valid email address" in made.text
    tried = client.post("/login", data={"csrf": csrf(client), **nul_email})
    assert tried.status_code == 422 and "Email or password is not right" in tried.text

    mia = signed_up(shared, "mia@example.org")
    named = mia.post("/api/v1/tokens", json={"name": "watch\x00"})
    assert named.status_code == 422
    assert "control or broken character" in named.json()["error"]["message"]
    assert mia.get("/api/v1/tokens").json() == []


@pytest.mark.parametrize(
    ("email", "password", "words"),
    [
        ("@@@", "correct horse battery", "valid email address"),
        ("ana@localhost", "correct horse battery", "valid email address"),
        ("ana@example.org", " " * 10, "easy to guess"),
        ("ana@example.org", "password1234", "easy to guess"),
        ("ana@example.org", "qwertyuiop12", "easy to guess"),
        ("ana@example.org", "ana@example.org", "easy to guess"),
        ("ana@example.org", "short", "Use a password of 10 to 200 characters"),
    ],
)
def test_weak_passwords_and_non_addresses_are_refused(
    shared: object, email: str, password: str, words: str
) -> None:
    client = TestClient(shared)  # type: ignore[arg-type]
    form = {"csrf": csrf(client, "/register"), "email": email, "password": password}
    refused = client.post("/register", data=form)
    assert refused.status_code == 422 and words in refused.text
    assert "/diary" not in str(refused.url)


def test_a_new_password_must_be_hard_to_guess_too(shared: object) -> None:
    olga = signed_up(shared, "olga@example.org")
    form = {
        "csrf": csrf(olga, "/account"),
        "old": "correct horse battery",
        "new": "olga@example.org",
    }
    changed = olga.post("/account/password", data=form)
    assert changed.status_code == 422 and "easy to guess" in changed.text
    assert olga.get("/api/v1/episodes").status_code == 200  # still signed in, password kept


def _page_text(response: Response) -> str:
    """What a person reads on a page (the form's CSRF token differs per visitor)."""
    main = BeautifulSoup(response.text, "html.parser").select_one("main")
    return " ".join(main.get_text(" ").split()) if main else ""


def test_registration_does_not_say_whether_an_address_has_an_account(
    shared: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new and a taken address get the same status, redirect, body and page, and cost
    the same password hashing; nobody is signed in, and the taken account is unchanged."""
    signed_up(shared, "pat@example.org")
    hasher = CountingHasher(auth.HASHER)
    monkeypatch.setattr(auth, "HASHER", hasher)
    answers, pages, runs = [], [], []
    for email in ("pat@example.org", "quinn@example.org"):
        client = TestClient(shared)  # type: ignore[arg-type]
        before = hasher.runs
        answer = register(client, email, "another long passphrase")
        runs.append(hasher.runs - before)
        answers.append((answer.status_code, answer.headers["location"], answer.content))
        pages.append(_page_text(client.get(answer.headers["location"])))
        assert client.get("/api/v1/episodes").status_code == 401  # not signed in
    assert answers[0] == answers[1] == (303, "/login?registered=1", b"")
    assert pages[0] == pages[1] and "If it already had one" in pages[0]
    assert runs == [1, 1]

    client = TestClient(shared)  # type: ignore[arg-type]
    assert sign_in(client, "quinn@example.org", "another long passphrase").status_code == 303
    taken = sign_in(client, "pat@example.org", "another long passphrase")
    assert taken.status_code == 422  # the taken account kept its own password
    assert sign_in(client, "pat@example.org", "correct horse battery").status_code == 303


def test_a_refused_registration_reads_the_same_for_a_taken_address(shared: object) -> None:
    """An easy password or a malformed address is refused before any account is looked
    at, so the refusal cannot tell a taken address from a free one either."""
    signed_up(shared, "rosa@example.org")
    client = TestClient(shared)  # type: ignore[arg-type]
    taken = register(client, "rosa@example.org", "password1234")
    free = register(client, "sven@example.org", "password1234")
    assert taken.status_code == free.status_code == 422
    assert taken.json() == free.json()


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("tara@example.org", "not her password"),  # a real account, a wrong password
        ("nobody@example.org", "not her password"),  # no account
        ("TARA@example.org ", "not her password"),  # a real account, spelt otherwise
        ("not an address", "not her password"),
        ("tara\x00@example.org", "not her password"),
    ],
)
def test_a_failed_sign_in_never_says_whether_the_account_exists(
    shared: object, monkeypatch: pytest.MonkeyPatch, email: str, password: str
) -> None:
    signed_up(shared, "tara@example.org")
    hasher = CountingHasher(auth.HASHER)
    monkeypatch.setattr(auth, "HASHER", hasher)
    failed = sign_in(TestClient(shared), email, password)  # type: ignore[arg-type]
    assert failed.status_code == 422
    assert failed.json() == {
        "error": {
            "code": "invalid_input",
            "message": "Email or password is not right.",
            "details": None,
        }
    }
    assert hasher.runs == 1  # one Argon2 run whether or not there was a hash to check


def test_the_owner_signs_in_with_the_address_spelt_any_way(shared: object) -> None:
    signed_up(shared, "Uma@Example.org")
    client = TestClient(shared)  # type: ignore[arg-type]
    assert sign_in(client, " uma@EXAMPLE.org", "correct horse battery").status_code == 303
