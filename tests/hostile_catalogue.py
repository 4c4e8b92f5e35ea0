"""The catalogue of hostile inputs that `tests/test_hostile.py` sends to the HTTP API, the
web pages and the command line. Every case is named and belongs to one family:

    body       every JSON endpoint: empty, truncated, not UTF-8, a BOM, UTF-16, nesting
               5,000 deep, a 9,000-digit number, a 30,000-item array, over the size
               limit, the wrong content type, a duplicate key whose last value is wrong,
               an unknown field, a string instead of an object
    value      one field of an otherwise good body: wrong types, 1e308, -0, NaN and
               Infinity literals, huge integers, lone surrogates as JSON escapes ("\\ud800"),
               NUL and control characters, overlong and blank strings, impossible dates
    query      query strings and ids in paths: repeated parameters, huge values, invalid
               dates and time zones, path traversal, ids past 32 bits
    header     bogus Bearer tokens, huge and forged session cookies, forged or non-ASCII
               CSRF tokens, a Content-Length that is no number
    form       the web pages' form posts (the check, the diary, accounts, reports, the
               measure upload) with missing, extra and malformed fields
    recording  motion recordings (tests/test_hostile.py, `RECORDINGS`)
    import     malformed `shakewise diary import` files
    cli        command-line arguments and files: directories, /dev/null, binary files,
               a huge --text, impossible dates and ids

Each one must be refused: a 4xx with the one JSON error shape and a plain message, or
exit 2 with one line on stderr; never a 500, a traceback or a hang; and a refused write
leaves everything stored before as it was. A new hostile input is one more line here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

FAMILIES = ("body", "value", "query", "header", "form", "recording", "import", "cli")
Who = Literal["local", "account", "stranger"]  # single-user mode; signed in; not signed in


@dataclass(frozen=True)
class Hostile:
    """One hostile HTTP request. `{episode}` in the path is a stored episode's id; `csrf`
    sends the session's own form token, so the case reaches the checks behind it."""

    family: str
    name: str
    method: str
    path: str
    content: bytes | None = None
    form: dict[str, str | list[str]] | None = None
    files: dict[str, tuple[str, bytes]] | None = None
    params: list[tuple[str, str | int | float | bool | None]] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    who: Who = "local"
    csrf: bool = False

    @property
    def id(self) -> str:
        return f"{self.family}: {self.method} {self.path} {self.name}"


JSON = {"content-type": "application/json"}
GOOD_TEXT = '"text": "my calf twitches after a run"'
# Every JSON endpoint, with the fields of a good body ("duplicate key" repeats the first).
ENDPOINTS = [
    ("POST", "/api/v1/assess", GOOD_TEXT),
    ("POST", "/api/v1/interview", '"answers": {"weakness_leg": "no"}'),
    ("POST", "/api/v1/parse", GOOD_TEXT),
    ("POST", "/api/v1/assessments", GOOD_TEXT),
    ("POST", "/api/v1/reports/pdf", GOOD_TEXT),
    ("POST", "/api/v1/reports/fhir", GOOD_TEXT),
    ("POST", "/api/v1/episodes", '"started_at": "2026-11-02T08:00:00Z"'),
    ("PATCH", "/api/v1/episodes/{episode}", '"severity": 4'),
    ("POST", "/api/v1/tokens", '"name": "watch"'),
]


def _bodies(good: str) -> list[tuple[str, bytes, dict[str, str]]]:
    first_key = good.split(":", 1)[0]
    return [
        ("empty", b"", JSON),
        ("truncated", ("{" + good)[:-4].encode(), JSON),
        ("not UTF-8", b'{"\xff\xfe": 1}', JSON),
        ("BOM then a list", "\ufeff[1, 2]".encode(), JSON),
        ("UTF-16 list", "[]".encode("utf-16"), JSON),
        ("nested 5000 deep", ('{"a":' * 5000 + "1" + "}" * 5000).encode(), JSON),
        ("9000-digit number", ("{" + good + ', "n": ' + "9" * 9000 + "}").encode(), JSON),
        ("30000-item array", ("[" + ",".join(["0"] * 30_000) + "]").encode(), JSON),
        ("over the size limit", ('{"text": "' + "a" * 70_000 + '"}').encode(), JSON),
        ("as text/plain", ("{" + good + "}").encode(), {"content-type": "text/plain"}),
        ("form-encoded", b"text=my+calf", {"content-type": "application/x-www-form-urlencoded"}),
        ("duplicate key, last wrong", ("{" + good + ", " + first_key + ": []}").encode(), JSON),
        ("a string, not an object", b'"my calf twitches"', JSON),
    ]


def _body_cases() -> list[Hostile]:
    cases = []
    for method, path, good in ENDPOINTS:
        bodies = _bodies(good)
        if not path.endswith("/tokens"):  # a token request ignores fields it does not know
            bodies.append(("unknown field", ("{" + good + ', "is_admin": true}').encode(), JSON))
        for name, content, headers in bodies:
            cases.append(Hostile("body", name, method, path, content=content, headers=headers))
    return cases


# JSON literals, written out so NaN, Infinity and escapes reach the server as sent.
WRONG_TEXT = {
    "1e308": "1e308",
    "-0": "-0",
    "NaN": "NaN",
    "Infinity": "Infinity",
    "true": "true",
    "an operator object": '{"$ne": null}',
    "lone surrogate": '"my calf \\ud800 twitches"',
    "low surrogate first": '"\\udc00\\ud800 twitch"',
    "NUL": '"calf \\u0000 twitch"',
    "5001 characters": '"' + "a" * 5001 + '"',
    "blank": '" \\t \\u3000 "',
}
TEXT_PATHS = [path for _, path, good in ENDPOINTS if good == GOOD_TEXT]
RECORDING_IDS = ["1e308", "-0", "NaN", "-Infinity", '"1"', "true", "1.5", "0", str(2**63)]
ANSWERS = {
    "a list": "[]",
    "a string": '"yes"',
    "maybe": '{"weakness_leg": "maybe"}',
    "path as finding": '{"../../etc/passwd": "yes"}',
    "a number": '{"weakness_leg": 1}',
    "unknown finding": '{"no_such_finding": "yes"}',
    "both age bands": '{"age_over_60": "yes", "age_under_40": "yes"}',
    "301 answers": json.dumps({f"f{i}": "no" for i in range(301)}),
    "duplicate, last wrong": '{"weakness_leg": "yes", "weakness_leg": "sometimes"}',
}
EPISODE_FIELDS = {
    "start a number": '"started_at": 1700000000',
    "start yesterday": '"started_at": "yesterday"',
    "start 30 February": '"started_at": "2026-02-30T08:00:00Z"',
    "start without zone": '"started_at": "2026-11-02T08:00:00"',
    "start past year 9999 in UTC": '"started_at": "9999-12-31T23:59:59-14:00"',
    "start before year 1 in UTC": '"started_at": "0001-01-01T00:00:00+14:00"',
    "start in 1899": '"started_at": "1899-12-31T23:59:00Z"',
    "start in 3000": '"started_at": "3000-01-01T00:00:00Z"',
    "severity 1e308": '"started_at": "2026-11-02T08:00:00Z", "severity": 1e308',
    "severity NaN": '"started_at": "2026-11-02T08:00:00Z", "severity": NaN',
    "severity -Infinity": '"started_at": "2026-11-02T08:00:00Z", "severity": -Infinity',
    "severity as text": '"started_at": "2026-11-02T08:00:00Z", "severity": "5"',
    "severity 11": '"started_at": "2026-11-02T08:00:00Z", "severity": 11',
    "severity 5.5": '"started_at": "2026-11-02T08:00:00Z", "severity": 5.5',
    "severity 2**64": f'"started_at": "2026-11-02T08:00:00Z", "severity": {2**64}',
    "caffeine 1e308": '"started_at": "2026-11-02T08:00:00Z", "caffeine_mg": 1e308',
    "sleep -0.5": '"started_at": "2026-11-02T08:00:00Z", "sleep_hours": -0.5',
    "site on the moon": '"started_at": "2026-11-02T08:00:00Z", "sites": ["moon"]',
    "sites a string": '"started_at": "2026-11-02T08:00:00Z", "sites": "calf"',
    "kind unknown": '"started_at": "2026-11-02T08:00:00Z", "kind": "seizure"',
    "uid path": '"started_at": "2026-11-02T08:00:00Z", "uid": "../../etc/passwd"',
    "uid 65 characters": f'"started_at": "2026-11-02T08:00:00Z", "uid": "{"u" * 65}"',
    "note lone surrogate": '"started_at": "2026-11-02T08:00:00Z", "note": "\\ud83d"',
    "note 2001 characters": f'"started_at": "2026-11-02T08:00:00Z", "note": "{"n" * 2001}"',
    "medication escape code": (
        '"started_at": "2026-11-02T08:00:00Z", "medication_taken": "\\u001b[2J"'
    ),
    "recording id 2**31": f'"started_at": "2026-11-02T08:00:00Z", "recording_id": {2**31}',
    "weakness as text": '"started_at": "2026-11-02T08:00:00Z", "weakness": "yes"',
}
EDITS = {
    "start past year 9999 in UTC": '"started_at": "9999-12-31T23:59:59-14:00"',
    "severity NaN": '"severity": NaN',
    "note NUL": '"note": "again \\u0000"',
    "kind a list": '"kind": []',
    "duration Infinity": '"duration_s": Infinity',
    "unknown field": '"owner": 1',
}
TOKEN_NAMES = {
    "a number": "5",
    "true": "true",
    "null": "null",
    "a list": "[]",
    "lone surrogate": '"\\ud800"',
    "NUL": '"phone\\u0000"',
    "101 characters": '"' + "t" * 101 + '"',
}


def _value_cases() -> list[Hostile]:
    def case(name: str, method: str, path: str, fields: str) -> Hostile:
        body = ("{" + fields + "}").encode()
        return Hostile("value", name, method, path, content=body, headers=JSON)

    cases = [
        case(f"text {name}", "POST", path, f'"text": {value}')
        for path in TEXT_PATHS
        for name, value in WRONG_TEXT.items()
    ]
    cases += [
        case(f"recording_id {value}", "POST", "/api/v1/assess", f'"recording_id": {value}')
        for value in RECORDING_IDS
    ]
    cases += [
        case(f"answers {name}", "POST", "/api/v1/interview", f'"answers": {value}')
        for name, value in ANSWERS.items()
    ]
    cases += [
        case("measured not yes or no", "POST", "/api/v1/assess", '"measured": {"tremor_4_6hz": 1}'),
        case("measured a string", "POST", "/api/v1/assess", '"measured": "tremor_4_6hz"'),
    ]
    cases += [case(name, "POST", "/api/v1/episodes", f) for name, f in EPISODE_FIELDS.items()]
    cases += [case(name, "PATCH", "/api/v1/episodes/{episode}", f) for name, f in EDITS.items()]
    cases += [
        case(f"name {n}", "POST", "/api/v1/tokens", f'"name": {v}') for n, v in TOKEN_NAMES.items()
    ]
    return cases


def _query_cases() -> list[Hostile]:
    def get(name: str, path: str, *params: tuple[str, str]) -> Hostile:
        return Hostile("query", name, "GET", path, params=list(params) or None)

    episodes = "/api/v1/episodes"
    return [
        get("limit 0", episodes, ("limit", "0")),
        get("limit -1", episodes, ("limit", "-1")),
        get("limit 30 digits", episodes, ("limit", "9" * 30)),
        get("limit 1e3", episodes, ("limit", "1e3")),
        get("limit repeated, last wrong", episodes, ("limit", "5"), ("limit", "five")),
        get("before 30 February", episodes, ("before", "2026-02-30T00:00:00Z")),
        get("before 10 kB", episodes, ("before", "2" * 10_000)),
        get("before SQL", episodes, ("before", "2026-01-01' OR '1'='1")),
        get(
            "before repeated, last wrong",
            episodes,
            ("before", "2026-01-01T00:00Z"),
            ("before", "x"),
        ),
        get("tz unknown", "/api/v1/insights", ("tz", "Mars/Olympus_Mons")),
        get("tz path traversal", "/api/v1/insights", ("tz", "../../../../etc/passwd")),
        get("tz empty", "/api/v1/insights", ("tz", "")),
        get("tz 65 characters", "/api/v1/insights", ("tz", "Europe/" + "x" * 58)),
        get("tz repeated, last wrong", "/api/v1/insights", ("tz", "UTC"), ("tz", "Nowhere")),
        get("id 0", "/api/v1/episodes/0"),
        get("id -1", "/api/v1/episodes/-1"),
        get("id 2**31", f"/api/v1/episodes/{2**31}"),
        get("id 40 digits", "/api/v1/episodes/" + "9" * 40),
        get("id 1e3", "/api/v1/episodes/1e3"),
        get("id path traversal", "/api/v1/episodes/..%2F..%2Fetc%2Fpasswd"),
        get("id NUL", "/api/v1/episodes/%00"),
        get("assessment id text", "/api/v1/assessments/latest"),
        get("cause path traversal", "/api/v1/knowledge/causes/..%2F..%2Fetc%2Fpasswd"),
        get("cause NUL", "/api/v1/knowledge/causes/restless_legs%00"),
        get("report kind exe", "/api/v1/reports/1/exe"),
        get("report since 13th month", "/api/v1/reports/1/pdf", ("since", "2026-13-01")),
        get("report since year 99999", "/api/v1/reports/1/pdf", ("since", "99999-01-01")),
        get("report page size A0", "/api/v1/reports/1/pdf", ("pagesize", "A0")),
        get("measure 0 seconds", "/measure", ("seconds", "0")),
        get("measure 1e9 seconds", "/measure", ("seconds", "1000000000")),
        Hostile(
            "query",
            "format unknown",
            "POST",
            "/api/v1/recordings",
            content=b"t,ax,ay,az\n0,0,9.8,0\n",
            params=[("format", "../../etc/passwd")],
        ),
        Hostile(
            "query",
            "plot maybe",
            "POST",
            "/api/v1/recordings",
            content=b"t,ax,ay,az\n0,0,9.8,0\n",
            params=[("plot", "maybe")],
        ),
        Hostile(
            "query",
            "page size A0 with a good body",
            "POST",
            "/api/v1/reports/pdf",
            content=("{" + GOOD_TEXT + "}").encode(),
            headers=JSON,
            params=[("pagesize", "A0")],
        ),
    ]


def _header_cases() -> list[Hostile]:
    def get(name: str, headers: dict[str, str], who: Who = "stranger") -> Hostile:
        return Hostile("header", name, "GET", "/api/v1/episodes", headers=headers, who=who)

    forged = "eyJ1aWQiOiAxLCAicHYiOiAiMCJ9.forged.signature"  # {"uid": 1, "pv": "0"}
    return [
        get("Bearer garbage", {"authorization": "Bearer not-a-token"}),
        get("Bearer empty", {"authorization": "Bearer "}),
        get("Bearer 8 kB", {"authorization": "Bearer sw_" + "A" * 8000}),
        get("Bearer with spaces", {"authorization": "Bearer sw_a b c"}),
        get("Basic credentials", {"authorization": "Basic bWlhOmNvcnJlY3QgaG9yc2U="}),
        get("scheme only", {"authorization": "Bearer"}),
        get("huge cookie", {"cookie": "shakewise_session=" + "x" * 8000}),
        get("forged session cookie", {"cookie": f"shakewise_session={forged}"}),
        get("many cookies", {"cookie": "; ".join(f"c{i}=v" for i in range(500))}),
        Hostile(
            "header",
            "Content-Length not a number",
            "POST",
            "/api/v1/assess",
            content=b"{}",
            headers={**JSON, "content-length": "abc"},
        ),
        Hostile(
            "header",
            "Content-Length a terabyte",
            "POST",
            "/api/v1/assess",
            content=b"{}",
            headers={**JSON, "content-length": str(10**12)},
        ),
        Hostile(
            "header",
            "token used to make a token",
            "POST",
            "/api/v1/tokens",
            content=b'{"name": "again"}',
            headers={**JSON, "authorization": "Bearer {token}"},
            who="stranger",
        ),
    ]


DIARY: dict[str, str | list[str]] = {"kind": "cramp", "ago": "10"}
DETAILS: dict[str, str | list[str]] = {"kind": "cramp", "severity": "3"}
DAY: dict[str, str | list[str]] = {"day": "2026-11-20", "caffeine_mg": "100"}


def _form_cases() -> list[Hostile]:
    def post(
        name: str,
        path: str,
        form: dict[str, str | list[str]],
        who: Who = "local",
        csrf: bool = True,
    ) -> Hostile:
        return Hostile("form", name, "POST", path, form=form, who=who, csrf=csrf)

    long_text = "a" * 5001
    return [
        # the check, step by step
        post("answer without a colon", "/check", {"a": ["weakness_leg"]}, csrf=False),
        post("answer maybe", "/check", {"a": ["weakness_leg:maybe"]}, csrf=False),
        post("answer of an unknown finding", "/check", {"a": ["no_such:yes"]}, csrf=False),
        post("unknown screen", "/check", {"q": "screen_../../etc", "choice": "yes"}, csrf=False),
        post(
            "choice bogus", "/check", {"q": "confirm_weakness_leg", "choice": "maybe"}, csrf=False
        ),
        post(
            "pick from another screen",
            "/check",
            {"q": "movement_type", "pick": ["chest_pain"], "action": "next"},
            csrf=False,
        ),
        post("description 5001 characters", "/check", {"text": long_text}, csrf=False),
        post("description NUL", "/check", {"text": "calf \x00 twitch"}, csrf=False),
        post("401 answers", "/check", {"a": [f"f{i}:no" for i in range(401)]}, csrf=False),
        post("measurement malformed", "/check", {"m": ["tremor_4_6hz"]}, csrf=False),
        post("region forged token", "/check", {"action": "region", "region": "us"}, csrf=False),
        post("region unknown", "/check", {"action": "region", "region": "zz"}),
        # the footer's country chooser and the report download
        post("country unknown", "/region", {"region": "mars"}),
        post("country without token", "/region", {"region": "us"}, csrf=False),
        post("report kind exe", "/report", {"kind": "exe", "text": "calf twitch"}, csrf=False),
        post("report answer malformed", "/report", {"a": ["weakness_leg=yes"]}, csrf=False),
        post("report page size A0", "/report", {"pagesize": "A0", "text": "x"}, csrf=False),
        post("report description too long", "/report", {"text": long_text}, csrf=False),
        post("report diary forged token", "/report", {"diary": "yes", "csrf": "x"}, csrf=False),
        post("report diary maybe", "/report", {"diary": "maybe", "text": "x"}),
        # the diary form
        post("diary forged token", "/diary", {**DIARY, "csrf": "forged"}, csrf=False),
        post("diary non-ASCII token", "/diary", {**DIARY, "csrf": "jéton"}, csrf=False),
        post("diary token 65 characters", "/diary", {**DIARY, "csrf": "t" * 65}, csrf=False),
        post("diary without token", "/diary", DIARY, csrf=False),
        post("diary without kind", "/diary", {"ago": "10"}),
        post("diary kind unknown", "/diary", {**DIARY, "kind": "seizure"}),
        post("diary started a day ago", "/diary", {**DIARY, "ago": "1440"}),
        post("diary started in the future", "/diary", {**DIARY, "ago": "-10"}),
        post("diary ago text", "/diary", {**DIARY, "ago": "soon"}),
        # the details form of an episode
        post("details forged token", "/diary/{episode}", {**DETAILS, "csrf": "x"}, csrf=False),
        post("details of a missing episode", "/diary/2147483647", DETAILS),
        post("details id 2**31", f"/diary/{2**31}", DETAILS),
        post("details kind unknown", "/diary/{episode}", {**DETAILS, "kind": "seizure"}),
        post("details severity 11", "/diary/{episode}", {**DETAILS, "severity": "11"}),
        post("details severity text", "/diary/{episode}", {**DETAILS, "severity": "x"}),
        post("details five sites", "/diary/{episode}", {**DETAILS, "site": ["calf"] * 5}),
        post("details site unknown", "/diary/{episode}", {**DETAILS, "site": ["moon"]}),
        post("details side unknown", "/diary/{episode}", {**DETAILS, "side": "middle"}),
        post("details note NUL", "/diary/{episode}", {**DETAILS, "note": "again\x00"}),
        post("details note 2001 characters", "/diary/{episode}", {**DETAILS, "note": "n" * 2001}),
        post("details caffeine nan", "/diary/{episode}", {**DETAILS, "caffeine_mg": "nan"}),
        post("details caffeine 1e308", "/diary/{episode}", {**DETAILS, "caffeine_mg": "1e308"}),
        post("details stress -1", "/diary/{episode}", {**DETAILS, "stress": "-1"}),
        post("details minutes inf", "/diary/{episode}", {**DETAILS, "duration_min": "inf"}),
        post(
            "details minutes a day and more",
            "/diary/{episode}",
            {**DETAILS, "duration_min": "1441"},
        ),
        post("details weakness maybe", "/diary/{episode}", {**DETAILS, "weakness": "may"}),
        post("details unknown field", "/diary/{episode}", {**DETAILS, "mood": "3"}),
        # the day check-in form
        post("day forged token", "/diary-day", {**DAY, "csrf": "forged"}, csrf=False),
        post("day without a day", "/diary-day", {"caffeine_mg": "100"}),
        post("day 30 February", "/diary-day", {**DAY, "day": "2026-02-30"}),
        post("day in the future", "/diary-day", {**DAY, "day": "2999-01-01"}),
        post("day before 1900", "/diary-day", {**DAY, "day": "1899-12-31"}),
        post("day sleep 25 hours", "/diary-day", {**DAY, "sleep_hours": "25"}),
        post("day alcohol text", "/diary-day", {**DAY, "alcohol_units": "lots"}),
        post("day ill maybe", "/diary-day", {**DAY, "illness_fever": "may"}),
        post("day medicines 201 characters", "/diary-day", {**DAY, "medication_taken": "m" * 201}),
        post("day note NUL", "/diary-day", {**DAY, "note": "\x00"}),
        post("day delete not a day", "/diary-day/tomorrow/delete", {}),
        post("day delete missing", "/diary-day/2001-01-01/delete", {}),
        post("diary delete id 0", "/diary/0/delete", {}),
        post("diary delete missing id", "/diary/2147483647/delete", {}),
        post("diary delete forged token", "/diary/{episode}/delete", {"csrf": "x"}, csrf=False),
        # accounts (a network server)
        post(
            "sign-in forged token",
            "/login",
            {"csrf": "x", "email": "a@b.c", "password": "p"},
            "stranger",
            False,
        ),
        post("sign-in without password", "/login", {"email": "mia@example.org"}, "stranger"),
        post(
            "sign-in email 321 characters",
            "/login",
            {"email": "m" * 321, "password": "p"},
            "stranger",
        ),
        post(
            "register email NUL",
            "/register",
            {"email": "mia\x00@example.org", "password": "correct horse battery"},
            "stranger",
        ),
        post(
            "register password 201 characters",
            "/register",
            {"email": "new@example.org", "password": "p" * 201},
            "stranger",
        ),
        post(
            "register not an address",
            "/register",
            {"email": "@@@", "password": "correct horse battery"},
            "stranger",
        ),
        post(
            "new password too easy",
            "/account/password",
            {"old": "x", "new": "password1234"},
            "account",
        ),
        post("token name NUL", "/account/tokens", {"name": "watch\x00"}, "account"),
        post("token name escape code", "/account/tokens", {"name": "\x1b[2J"}, "account"),
        post("token name 101 characters", "/account/tokens", {"name": "t" * 101}, "account"),
        post("revoke token id 0", "/account/tokens/0/revoke", {}, "account"),
        post("revoke token id 2**32", f"/account/tokens/{2**32}/revoke", {}, "account"),
        post(
            "delete account forged token", "/account/delete", {"csrf": "forged"}, "account", False
        ),
        post("sign-out forged token", "/logout", {"csrf": "forged"}, "account", False),
        post("diary as a stranger", "/diary", DIARY, "stranger"),
        Hostile(
            "form",
            "measure without a file",
            "POST",
            "/measure/upload",
            form={"format": "csv"},
        ),
        Hostile(
            "form",
            "measure binary file",
            "POST",
            "/measure/upload",
            files={"file": ("rec.csv", bytes(range(256)) * 8)},
        ),
        Hostile(
            "form",
            "measure empty file",
            "POST",
            "/measure/upload",
            files={"file": ("rec.csv", b"")},
        ),
        Hostile(
            "form",
            "measure format unknown",
            "POST",
            "/measure/upload",
            files={"file": ("rec.csv", b"t,ax,ay,az\n0,0,9.8,0\n")},
            form={"format": "exe"},
        ),
    ]


REQUESTS = _body_cases() + _value_cases() + _query_cases() + _header_cases() + _form_cases()


# --- import files ----------------------------------------------------------------------

HEAD = {"format": "shakewise-export", "version": 1}
AT = "2026-01-01T00:00:00Z"


def _export(**parts: object) -> bytes:
    return json.dumps({**HEAD, **parts}).encode()


def _raw(tail: str) -> bytes:
    """A document written out by hand, for what json.dumps will not write (NaN)."""
    return ('{"format": "shakewise-export", "version": 1, ' + tail + "}").encode()


RECORDING = {"uid": "r1", "created": AT, "analysis": {}}
IMPORTS: list[tuple[str, bytes]] = [
    ("empty", b""),
    ("binary", bytes(range(256)) * 4),
    ("not UTF-8", b'{"format": "shakewise-export", "\xff": 1}'),
    ("truncated", _export(episodes=[{"started_at": AT}])[:-5]),
    ("a list", b"[]"),
    ("another format", json.dumps({"format": "other", "version": 1}).encode()),
    ("version 2", json.dumps({**HEAD, "version": 2}).encode()),
    ("version as text", json.dumps({**HEAD, "version": "1"}).encode()),
    ("nested 100000 deep", b"[" * 100_000 + b"]" * 100_000),
    ("5000-digit number", _raw('"exported_at": ' + "1" * 5000)),
    (
        "NaN in an analysis",
        _raw('"recordings": [{"uid": "r", "created": "' + AT + '", "analysis": {"x": NaN}}]'),
    ),
    ("Infinity in a result", _raw('"assessments": [{"uid": "a", "result": {"x": Infinity}}]')),
    ("episodes not a list", _export(episodes={"started_at": AT})),
    ("episode without a start", _export(episodes=[{"kind": "cramp"}])),
    (
        "episode start past year 9999 in UTC",
        _export(episodes=[{"started_at": "9999-12-31T23:59:59-14:00"}]),
    ),
    (
        "episode created without zone",
        _export(episodes=[{"started_at": AT, "created_at": "2026-01-01T00:00:00"}]),
    ),
    ("episode severity 1e308", _export(episodes=[{"started_at": AT, "severity": 1e308}])),
    ("episode note NUL", _export(episodes=[{"started_at": AT, "note": "x\x00"}])),
    ("episode linked by id", _export(episodes=[{"started_at": AT, "recording_id": 5}])),
    (
        "episode linked to a missing recording",
        _export(episodes=[{"started_at": AT, "recording_uid": "nope"}]),
    ),
    ("the same episode uid twice", _export(episodes=[{"started_at": AT, "uid": "e"}] * 2)),
    ("check-in in the year 3000", _export(checkins=[{"day": "3000-01-01"}])),
    ("the same check-in day twice", _export(checkins=[{"day": "2026-01-01"}] * 2)),
    (
        "recording created without zone",
        _export(recordings=[{**RECORDING, "created": "2026-01-01T00:00:00"}]),
    ),
    (
        "recording created past year 9999 in UTC",
        _export(recordings=[{**RECORDING, "created": "9999-12-31T23:59:59-14:00"}]),
    ),
    ("recording uid path", _export(recordings=[{**RECORDING, "uid": "../x"}])),
    (
        "recording analysis lone surrogate",
        _raw('"recordings": [{"uid": "r", "created": "' + AT + '", "analysis": {"x": "\\ud800"}}]'),
    ),
    (
        "assessment text NUL",
        _export(
            assessments=[
                {
                    "uid": "a",
                    "created": AT,
                    "input_text": "x\x00",
                    "result": {},
                    "knowledge_version": "1",
                }
            ]
        ),
    ),
    (
        "assessment result not a result",
        _export(
            assessments=[
                {"uid": "a", "created": AT, "result": {"triage": 5}, "knowledge_version": "1"}
            ]
        ),
    ),
    ("account email NUL", _export(account={"email": "\x00"})),
    ("unknown top-level field", _export(admin=True)),
]


# --- command line ----------------------------------------------------------------------

# (name, arguments); "{dir}", "{binary}", "{empty}", "{bad_jsonl}", "{deep_jsonl}" and
# "{fifo}" are files the test makes. These read no database.
CLI_FILES: list[tuple[str, list[str]]] = [
    ("tremor: a directory", ["tremor", "analyze", "{dir}"]),
    ("tremor: /dev/null", ["tremor", "analyze", "/dev/null"]),
    ("tremor: a binary file", ["tremor", "analyze", "{binary}"]),
    ("tremor: no such file", ["tremor", "analyze", "{dir}/missing.csv"]),
    ("tremor: a named pipe", ["tremor", "analyze", "{fifo}"]),
    ("tremor: unknown format", ["tremor", "analyze", "{binary}", "--format", "exe"]),
    ("tremor: unknown unit", ["tremor", "analyze", "{binary}", "--units", "furlong"]),
    ("plm: a directory", ["tremor", "plm", "{dir}"]),
    ("plm: /dev/null", ["tremor", "plm", "/dev/null"]),
    ("eval: a directory", ["eval", "{dir}"]),
    ("eval: /dev/null", ["eval", "/dev/null"]),
    ("eval: a binary file", ["eval", "{binary}"]),
    ("eval: a named pipe", ["eval", "{fifo}"]),
    ("eval: not a vignette", ["eval", "{bad_jsonl}"]),
    ("eval: nested 100000 deep", ["eval", "{deep_jsonl}"]),
    ("assess: 6000-character --text", ["assess", "--text", "a" * 6000]),
    ("assess: blank --text", ["assess", "--text", "   "]),
    ("assess: --answer without =", ["assess", "--answer", "weakness_leg"]),
    ("assess: --answer maybe", ["assess", "--answer", "weakness_leg=maybe"]),
    ("assess: --answer unknown finding", ["assess", "--answer", "no_such=yes"]),
    ("assess: nothing to assess", ["assess"]),
    ("report: nowhere to write", ["report", "--text", "calf twitch"]),
    (
        "report: into a missing folder",
        ["report", "--text", "calf twitch", "--fhir", "{dir}/no/r.json"],
    ),
    ("report: recording a directory", ["report", "--recording", "{dir}", "--fhir", "{dir}/r.json"]),
    ("kb show: unknown id", ["kb", "show", "../../etc/passwd"]),
    ("import: a directory", ["diary", "import", "{dir}"]),
    ("import: /dev/zero", ["diary", "import", "/dev/zero"]),
    ("import: a named pipe", ["diary", "import", "{fifo}"]),
]

# These read or write the diary, so they run on every database.
CLI_STORAGE: list[tuple[str, list[str]]] = [
    ("add: --at not a time", ["diary", "add", "--at", "tomorrow-ish"]),
    ("add: --at past year 9999 in UTC", ["diary", "add", "--at", "9999-12-31T23:59-14:00"]),
    ("add: --at in 1899", ["diary", "add", "--at", "1899-12-31T23:00Z"]),
    ("add: --severity 11", ["diary", "add", "--severity", "11"]),
    ("add: --severity nan", ["diary", "add", "--severity", "nan"]),
    ("add: --kind unknown", ["diary", "add", "--kind", "seizure"]),
    ("add: --site unknown", ["diary", "add", "--site", "moon"]),
    ("add: --duration -5m", ["diary", "add", "--duration", "-5m"]),
    ("add: --duration 1e400s", ["diary", "add", "--duration", "1e400s"]),
    ("add: --context caffeine=nan", ["diary", "add", "--context", "caffeine=nan"]),
    ("add: --context unknown key", ["diary", "add", "--context", "mood=7"]),
    ("add: --context without =", ["diary", "add", "--context", "caffeine"]),
    ("add: --note 2001 characters", ["diary", "add", "--note", "n" * 2001]),
    ("add: --note escape code", ["diary", "add", "--note", "\x1b[2J"]),
    ("list: --since 30 February", ["diary", "list", "--since", "2026-02-30"]),
    ("show: id 0", ["diary", "show", "0"]),
    ("show: id 2**31", ["diary", "show", str(2**31)]),
    ("show: id 2**63", ["diary", "show", str(2**63)]),
    ("edit: nothing to change", ["diary", "edit", "1"]),
    ("edit: missing id with a change", ["diary", "edit", str(2**40), "--severity", "3"]),
    ("delete: id -1", ["diary", "delete", "--", "-1"]),
    ("checkin: --day 30 February", ["diary", "checkin", "--day", "2026-02-30", "--note", "x"]),
    ("checkin: --day in 3000", ["diary", "checkin", "--day", "3000-01-01", "--note", "x"]),
    ("checkin: nothing to log", ["diary", "checkin"]),
    ("insights: --tz unknown", ["diary", "insights", "--tz", "Mars/Olympus_Mons"]),
    ("insights: --charts into /dev/null", ["diary", "insights", "--charts", "/dev/null/charts"]),
    ("export: --format xml", ["diary", "export", "--format", "xml"]),
    ("export: --out a missing folder", ["diary", "export", "--out", "/nonexistent/dir/x.json"]),
    ("report: saved id 2**40", ["report", "--assessment", str(2**40), "--pdf", "/tmp/x.pdf"]),
    (
        "report: --since 13th month",
        ["report", "--last", "--since", "2026-13-01", "--pdf", "/tmp/x.pdf"],
    ),
]
