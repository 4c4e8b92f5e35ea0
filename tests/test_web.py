"""Web app and REST API through the ASGI test client: contracts, errors, pages, headers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.web_helpers import accept_understood, answer_screen, hidden_state, one, walk_interview

from shakewise.assessment import run_assessment
from shakewise.knowledge import KnowledgeBase
from shakewise.web import Settings, create_app

STATIC = Path(__file__).resolve().parent.parent / "src" / "shakewise" / "web" / "static"
TEXT = "my calves twitch after slow walks and I drink four coffees a day, no weakness"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(max_body_bytes=20_000)), raise_server_exceptions=False)


# --- REST API ---------------------------------------------------------------------------


def test_assess_returns_the_cli_json(client: TestClient) -> None:
    response = client.post("/api/v1/assess", json={"text": TEXT})
    assert response.status_code == 200
    assert response.json() == run_assessment(TEXT).model_dump(mode="json")


def test_interview_walks_to_a_result(client: TestClient, kb: KnowledgeBase) -> None:
    answers: dict[str, str] = {}
    for _ in range(40):
        step = client.post("/api/v1/interview", json={"answers": answers}).json()
        assert {"question", "should_stop", "triage", "causes"} <= set(step)
        if step["should_stop"]:
            assert step["question"] is None and step["result"]["triage"]["level"]
            return
        q = step["question"]
        assert q["type"] in ("single", "group_multiple", "group_single")
        assert q["choices"] and all(c["finding"] in kb.findings for c in q["choices"])
        answers.update({c["finding"]: "no" for c in q["choices"]})
    raise AssertionError("the interview did not stop")


def test_interview_asks_emergency_screens_first(client: TestClient, kb: KnowledgeBase) -> None:
    step = client.post("/api/v1/interview", json={"answers": {}}).json()
    assert step["question"]["screen"] == "emergency"
    urgent = client.post("/api/v1/interview", json={"answers": {"chest_pain": "yes"}}).json()
    assert urgent["should_stop"] and urgent["triage"]["level"] == "emergency"


def test_parse_gives_spans_into_the_text(client: TestClient) -> None:
    text = "No weakness, but my calf twitches."
    found = client.post("/api/v1/parse", json={"text": text}).json()["evidence"]
    by_id = {e["finding"]: e for e in found}
    assert by_id["weakness_leg"]["state"] == "no"
    start, end = by_id["twitch_flicker"]["span"]
    assert text[start:end] == "twitches"


# Control characters, every kind of white space, and ordinary letters, mixed.
AWKWARD = st.text(
    st.sampled_from([*map(chr, range(0x20)), "\x7f", "\x85", "\xa0", "\u2003", "\u3000"])
    | st.sampled_from(["\ufeff", "\u200b", "a", "é", "\U0001f600"]),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=AWKWARD)
def test_a_description_is_refused_exactly_when_the_published_pattern_says(
    client: TestClient, text: str
) -> None:
    """The schema's pattern is the server's rule: a client that checks it is never
    surprised (white space spelled out, since ECMA-262's \\s is not Python's)."""
    published = client.get("/openapi.json").json()["components"]["schemas"]["ParseRequest"]
    pattern = published["properties"]["text"]["pattern"]
    status = client.post("/api/v1/parse", json={"text": text}).status_code
    assert status == (200 if re.fullmatch(pattern, text) else 422), repr(text)


def test_answers_that_contradict_are_refused_as_the_schema_says(
    client: TestClient, kb: KnowledgeBase
) -> None:
    """Two answers that cannot both be yes (two age bands) are refused, and the published
    schema says so, so a client can check before sending."""
    import jsonschema_rs  # schemathesis's validator

    schema = client.get("/openapi.json").json()["components"]["schemas"]["AssessRequest"]
    valid = jsonschema_rs.validator_for(schema).is_valid
    pairs = {(f.id, other) for f in kb.findings.values() for other in f.excludes}
    assert ("age_over_60", "age_under_40") in pairs or ("age_under_40", "age_over_60") in pairs
    for first, other in pairs:
        for second, expected in (("yes", 422), ("no", 200)):
            body = {"answers": {first: "yes", other: second}}
            assert client.post("/api/v1/assess", json=body).status_code == expected, body
            assert valid(body) == (expected == 200), body


def test_knowledge_endpoints(client: TestClient, kb: KnowledgeBase) -> None:
    causes = client.get("/api/v1/knowledge/causes").json()
    assert {c["id"] for c in causes} == set(kb.causes)
    one = client.get("/api/v1/knowledge/causes/restless_legs").json()
    assert one["likelihoods"]["urge_to_move"] > 0.5 and one["summary"]
    findings = client.get("/api/v1/knowledge/findings").json()
    assert len(findings) == len(kb.findings)
    assert {f["id"]: f["label"] for f in findings}["weakness_leg"] == "Weakness in a leg"
    flags = client.get("/api/v1/knowledge/red-flags").json()
    assert all(f["findings"] and f["sources"] for f in flags)
    assert len(client.get("/api/v1/knowledge/sources").json()) == len(kb.sources)
    assert client.get("/healthz").json() == {"status": "ok", "knowledge_version": kb.version}


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code", "says"),
    [
        (
            "post",
            "/api/v1/assess",
            {"answers": {"twitchy": "yes"}},
            422,
            "unknown_finding",
            "twitchy",
        ),
        (
            "post",
            "/api/v1/assess",
            {"answers": {"chest_pain": "maybe"}},
            422,
            "invalid_input",
            "answers",
        ),
        ("post", "/api/v1/assess", {"colour": "blue"}, 422, "invalid_input", "colour"),
        ("post", "/api/v1/assess", {}, 422, "invalid_input", "Nothing to assess"),
        ("post", "/api/v1/parse", {"text": ""}, 422, "invalid_input", "text"),
        ("post", "/api/v1/assess", {"text": "x" * 6000}, 422, "invalid_input", "text"),
        ("get", "/api/v1/knowledge/causes/nope", None, 404, "not_found", "nope"),
        ("get", "/api/v1/nowhere", None, 404, "not_found", "Not Found"),
        ("delete", "/api/v1/assess", None, 405, "method_not_allowed", "Method"),
    ],
)
def test_one_error_shape(
    client: TestClient, method: str, path: str, body: object, status: int, code: str, says: str
) -> None:
    response = client.request(method, path, json=body)
    assert response.status_code == status
    payload = response.json()
    assert set(payload) == {"error"} and set(payload["error"]) == {"code", "message", "details"}
    assert payload["error"]["code"] == code
    assert says in payload["error"]["message"]


def test_malformed_json_and_huge_bodies_are_refused(client: TestClient) -> None:
    bad = client.post(
        "/api/v1/assess", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"
    huge = client.post(
        "/api/v1/assess", content=b"x" * 30_000, headers={"content-type": "application/json"}
    )
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "too_large"

    def chunks() -> Iterator[bytes]:
        for _ in range(30):
            yield b"x" * 1000

    streamed = client.post(
        "/api/v1/assess", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413


@pytest.mark.parametrize("path", ["/", "/knowledge", "/api/v1/knowledge/causes", "/nowhere"])
def test_security_headers_everywhere(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp  # no third-party origin
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


# --- Pages ------------------------------------------------------------------------------


def test_home_offers_a_check_and_a_text_box(client: TestClient) -> None:
    soup = BeautifulSoup(client.get("/").text, "html.parser")
    form = one(soup, "form[action='/check'][method=post]")
    assert form is not None
    textarea = one(form, "textarea#text")
    assert textarea is not None and soup.select_one("label[for=text]") is not None
    assert one(form, "button[type=submit]").get_text(strip=True) == "Start check"
    assert one(soup, "html")["lang"] == "en"


def test_no_javascript_interview_to_an_emergency(client: TestClient) -> None:
    soup, shown = walk_interview(client, yes={"chest_pain"})
    assert shown == ["screen_emergency_now"]
    banner = one(soup, "main > section.banner")
    assert banner is not None and "banner-emergency" in banner["class"]
    assert one(soup, "main > *") is banner  # the triage banner comes first
    assert banner.select_one("a[href^='tel:']") is not None
    assert not soup.find(string=re.compile("What you can do now"))  # no self-care


def test_no_javascript_interview_to_self_care(client: TestClient, kb: KnowledgeBase) -> None:
    soup, shown = walk_interview(
        client,
        text="my calf twitches after the gym since yesterday",
        yes={"twitch_flicker", "during_or_after_exercise", "hard_or_new_exercise", "in_calf"},
    )
    assert shown[:2] == ["screen_emergency_now", "screen_emergency_body"]
    screens = {g.id for g in kb.groups.values() if g.screen != "none"}
    assert screens <= set(shown)
    assert "banner-self_care" in one(soup, ".banner")["class"]
    causes = [a.get_text() for a in soup.select(".causes li .cause-head a")]
    assert causes and ("twitch" in causes[0].lower())
    assert soup.select("meter.bar") and soup.select(".causes details li")
    assert soup.find(string=re.compile("What you can do now"))
    assert soup.find(string=re.compile("When to get help"))
    assert soup.select(".card a[href^='https://']")  # sources with links
    assert soup.find(string=re.compile("not a diagnosis", re.I))
    assert soup.find(string=re.compile(kb.version))


def test_back_undoes_the_last_screen(client: TestClient) -> None:
    first = BeautifulSoup(client.post("/check", data={"text": ""}).text, "html.parser")
    form = one(first, "form.question")
    second = BeautifulSoup(client.post("/check", data=answer_screen(form, ())).text, "html.parser")
    assert one(second, "input[name=q]")["value"] == "screen_emergency_body"
    back = one(second, "form.back")
    data: dict[str, object] = {**hidden_state(back), "action": "back"}
    again = BeautifulSoup(client.post("/check", data=data).text, "html.parser")
    assert one(again, "input[name=q]")["value"] == "screen_emergency_now"
    assert not again.select("input[name=a]")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"a": "chest_pain=yes"}, "Malformed answer"),
        ({"q": "no_such_question", "choice": "yes"}, "Unknown question"),
        ({"q": "back_pain_down_leg", "choice": "perhaps"}, "Yes, No or Don't know"),
        ({"a": "nonsense:yes"}, "Unknown finding"),
    ],
)
def test_tampered_forms_get_a_calm_page(
    client: TestClient, data: dict[str, str], says: str
) -> None:
    response = client.post("/check", data=data, headers={"accept": "text/html"})
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert says in one(soup, "main").get_text()
    assert soup.select_one("a[href='/']") is not None


def test_knowledge_browser(client: TestClient, kb: KnowledgeBase) -> None:
    index = BeautifulSoup(client.get("/knowledge").text, "html.parser")
    links = {a["href"] for a in index.select("a[href^='/knowledge/causes/']")}
    assert links == {f"/knowledge/causes/{c}" for c in kb.causes}
    cause = BeautifulSoup(client.get("/knowledge/causes/benign_fasciculation").text, "html.parser")
    assert cause.select("table tbody tr") and one(cause, "h1").get_text()
    signs = [one(tr, "td").get_text() for tr in cause.select("table tbody tr")]
    assert "Small muscle twitches under the skin" in signs  # each sign by its label
    flags = BeautifulSoup(client.get("/knowledge/red-flags").text, "html.parser")
    assert len(flags.select("section.flag")) == len(kb.red_flags)
    assert "Chest pain or tightness" in flags.get_text()
    assert client.get("/knowledge/causes/nope", headers={"accept": "text/html"}).status_code == 404


def test_api_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "cdn" not in page.text
    for src in BeautifulSoup(page.text, "html.parser").select("script[src], link[href]"):
        url = str(src.get("src") or src.get("href"))
        if not url.startswith("data:"):  # an inline empty icon
            assert client.get(url).status_code == 200, url
    assert client.get("/openapi.json").json()["paths"]["/api/v1/assess"]


def test_pages_stay_small(client: TestClient) -> None:
    assets = sum(len(p.read_bytes()) for p in STATIC.glob("*") if p.name != "docs.js")
    soup, _ = walk_interview(client, yes={"twitch_flicker"})
    for html in (client.get("/").content, str(soup).encode()):
        assert len(html) + assets < 100_000


# --- Recordings and the Measure page ------------------------------------------------------

RECORDINGS = Path(__file__).resolve().parent / "data" / "recordings"


def synthetic_upload(
    hz: float = 6.0, seconds: float = 20.0, rate: float = 60.0
) -> dict[str, object]:
    import math

    samples = [
        {
            "t": i / rate,
            "ax": 0.1,
            "ay": 0.2,
            "az": 9.81 + 0.8 * math.sin(2 * math.pi * hz * i / rate),
        }
        for i in range(int(seconds * rate))
    ]
    return {"acc_unit": "m/s2", "samples": samples}


def test_recording_upload_gives_analysis_and_findings(client: TestClient) -> None:
    response = client.post("/api/v1/recordings?plot=true", json=synthetic_upload(hz=6.0))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["analysis"]["tremor_detected"] is True
    assert abs(body["analysis"]["dominant_frequency_hz"] - 6.0) < 0.25
    assert body["findings"]["tremor_6_12hz"] == "yes"
    assert body["plot_png"] and len(body["plot_png"]) > 1000
    csv = (RECORDINGS / "cloudupdrs_phone_rest_tremor_left_leg.csv").read_bytes()
    quiet = client.post("/api/v1/recordings", content=csv, headers={"content-type": "text/csv"})
    assert quiet.status_code == 200 and quiet.json()["plot_png"] is None


def test_measured_findings_feed_the_assessment(client: TestClient) -> None:
    base = {"text": "my legs shake when I stand still in the kitchen, fine when I walk"}
    plain = client.post("/api/v1/assess", json=base).json()
    measured = client.post(
        "/api/v1/assess", json={**base, "measured": {"tremor_13_18hz": "yes"}}
    ).json()

    def p(result: dict[str, Any], cause: str) -> float:
        return next((c["probability"] for c in result["causes"] if c["id"] == cause), 0.0)

    assert p(measured, "orthostatic_tremor") > p(plain, "orthostatic_tremor")
    assert any(e["source"] == "measurement" for e in measured["evidence"])
    wrong = client.post("/api/v1/assess", json={"measured": {"chest_pain": "yes"}})
    assert wrong.status_code == 422


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"a,b\n1,2\n", "Unknown CSV layout"),
        (b"t,ax,ay,az\n0,1,2,x\n", "line"),
        (b"\xff\xfe\x00garbage", "not text"),
    ],
)
def test_bad_recordings_get_clear_errors(client: TestClient, content: bytes, says: str) -> None:
    response = client.post(
        "/api/v1/recordings", content=content, headers={"content-type": "text/csv"}
    )
    assert response.status_code == 422
    assert says in response.json()["error"]["message"]
    # Its samples, not the request's shape: the code tells a client (and the fuzzer) so.
    assert response.json()["error"]["code"] == "unusable_recording"


def test_a_recording_format_is_one_of_the_published_layouts(client: TestClient) -> None:
    from shakewise.signals.recording import FORMATS

    operation = client.get("/openapi.json").json()["paths"]["/api/v1/recordings"]["post"]
    (published,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert published["schema"]["anyOf"][0]["enum"] == list(FORMATS)
    assert operation["requestBody"]["required"] is True
    response = client.post("/api/v1/recordings?format=excel", content=b"t,ax,ay,az\n")
    assert response.status_code == 422 and "sensor-logger" in response.json()["error"]["message"]


def test_recording_uploads_are_read_as_bytes_with_a_bom_and_crlf(client: TestClient) -> None:
    csv = (RECORDINGS / "verily_watch_wrist_parkinson_300-390s.csv").read_bytes()
    plain = client.post("/api/v1/recordings?save=false", content=csv)
    windows = client.post(
        "/api/v1/recordings?save=false", content=b"\xef\xbb\xbf" + csv.replace(b"\n", b"\r\n")
    )
    assert plain.status_code == windows.status_code == 200
    assert windows.json()["analysis"] == plain.json()["analysis"]


def test_recording_uploads_are_checked_as_utf8_a_block_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from shakewise.errors import InputError
    from shakewise.web import recordings

    monkeypatch.setattr(recordings, "UTF8_BLOCK_BYTES", 1)  # every character cut in two
    text = "# Messung für das Bein, µ\nt,ax,ay,az\n".encode()
    assert recordings._utf8(text) is text
    with pytest.raises(InputError, match="not text"):
        recordings._utf8("# für".encode("latin-1"))
    with pytest.raises(InputError, match="not text"):
        recordings._utf8("# µ".encode()[:-1])  # cut inside the last character


def test_big_recordings_are_allowed_but_capped() -> None:
    small = TestClient(create_app(Settings(max_body_bytes=2_000, max_recording_bytes=20_000)))
    assert small.post("/api/v1/assess", content=b"x" * 3_000).status_code == 413
    too_big = small.post("/api/v1/recordings", content=b"x" * 30_000)
    assert too_big.status_code == 413
    fits = small.post("/api/v1/recordings", content=b"t,ax,ay,az\n" + b"0,1,2,3\n" * 100)
    assert fits.status_code == 422  # read, and refused for being too short, not too big


def test_measure_page_and_upload_without_javascript(client: TestClient) -> None:
    page = BeautifulSoup(client.get("/measure").text, "html.parser")
    assert page.select_one("#recorder[hidden]") is not None  # shown by the script only
    form = one(page, "form[action='/measure/upload'][enctype='multipart/form-data']")
    assert form is not None and form.select_one("input[type=file]#file") is not None
    assert page.select_one("label[for=file]") is not None
    csv = (RECORDINGS / "cloudupdrs_phone_rest_tremor_left_leg.csv").read_bytes()
    result = client.post("/measure/upload", files={"file": ("rec.csv", csv, "text/csv")})
    soup = BeautifulSoup(result.text, "html.parser")
    assert result.status_code == 200
    assert soup.select_one("img.figure[src^='data:image/png;base64,']") is not None
    hidden = [i["value"] for i in soup.select("form[action='/check'] input[name=m]")]
    assert "no_tremor_measured:yes" in hidden
    check = client.post("/check", data={"m": hidden, "text": ""})
    assert check.status_code == 200
    assert "no_tremor_measured:yes" in check.text  # carried through the interview


def test_saved_recordings_feed_the_assessment_by_id(client: TestClient) -> None:
    saved = client.post("/api/v1/recordings", json=synthetic_upload(hz=15.0)).json()
    assert isinstance(saved["id"], int) and saved["findings"]["tremor_13_18hz"] == "yes"
    body = {"text": "legs shake when I stand", "recording_id": saved["id"]}
    result = client.post("/api/v1/assess", json=body).json()
    measured = {e["finding"] for e in result["evidence"] if e["source"] == "measurement"}
    assert "tremor_13_18hz" in measured
    missing = client.post("/api/v1/assess", json={**body, "recording_id": 999_999})
    assert missing.status_code == 404
    # JSON Schema's integer is any number without a fraction; strings and booleans are not.
    as_float = client.post("/api/v1/assess", json={**body, "recording_id": float(saved["id"])})
    assert as_float.json() == result
    for wrong in (str(saved["id"]), True, saved["id"] + 0.5, 0, 2**31):
        assert client.post("/api/v1/assess", json={"recording_id": wrong}).status_code == 422
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    published = schemas["AssessRequest"]["properties"]["recording_id"]["anyOf"][0]
    assert published == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    # The reports read the recording too (they once ignored it: "Nothing to assess").
    for kind in ("pdf", "fhir"):
        path = f"/api/v1/reports/{kind}"
        assert client.post(path, json={"recording_id": saved["id"]}).status_code == 200
        assert client.post(path, json={"recording_id": 999_999}).status_code == 404
    bundle = client.post("/api/v1/reports/fhir", json=body).json()
    (answers,) = [e["resource"] for e in bundle["entry"] if "item" in e["resource"]]
    assert "tremor_13_18hz" in {item["linkId"] for item in answers["item"]}
    unsaved = client.post("/api/v1/recordings?save=false", json=synthetic_upload(hz=15.0))
    assert unsaved.json()["id"] is None


def test_a_carer_is_asked_to_answer_for_the_person(client: TestClient) -> None:
    response = client.post("/check", data={"text": "my dad's legs keep shaking since last week"})
    understood = one(BeautifulSoup(response.text, "html.parser"), "form.understood")
    assert "answer each one for them" in understood.get_text()
    response = client.post("/check", data=accept_understood(understood))
    soup = BeautifulSoup(response.text, "html.parser")
    assert "answer each question for them" in one(soup, "form.question").get_text()
    own = client.post("/check", data={"text": "my legs keep shaking since last week"})
    assert "for them" not in own.text
    api = client.post("/api/v1/assess", json={"text": "my wife has been shaking all evening"})
    assert api.json()["subject"] == "other"


def test_the_parse_route_runs_off_the_event_loop() -> None:
    """Reading a long description must not hold up every other request: /parse is a plain
    function, which FastAPI runs in its thread pool (assess and interview choose, below)."""
    import inspect

    from shakewise.web import api

    assert not inspect.iscoroutinefunction(api.parse)


# --- Dates, times and zones in query parameters --------------------------------------------


@pytest.mark.parametrize("year", [1000, 1600, 1700, 1900, 2000, 2023, 2024, 2100, 2400, 9999])
def test_the_date_pattern_is_the_calendar(year: int) -> None:
    """Every YYYY-MM-DD the pattern admits is a real day, and every real day is admitted."""
    import datetime as dt

    from shakewise.iso8601 import DATE_PATTERN

    for month in range(100):
        for day in range(100):
            text = f"{year:04d}-{month:02d}-{day:02d}"
            try:
                real = dt.date.fromisoformat(text) is not None
            except ValueError:
                real = False
            assert (re.fullmatch(DATE_PATTERN, text) is not None) == real, text


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_time_the_pattern_admits_is_read(data: st.DataObject) -> None:
    from shakewise.iso8601 import TIME_PATTERN, read_time

    text = data.draw(st.from_regex(TIME_PATTERN, fullmatch=True))
    assert read_time(text).utcoffset() is not None


def test_dates_times_and_zones_that_are_not_real_are_refused(client: TestClient) -> None:
    assert client.get("/api/v1/episodes?before=2026-11-03T08:00").status_code == 200
    assert client.get("/api/v1/episodes?before=9999-12-31T23:59-23:59").status_code == 200
    for when in ("0000-00-00T00:00", "2026-02-30T08:00Z", "2026-11-03T24:00Z", "२०२६-11-03T08:00"):
        assert client.get(f"/api/v1/episodes?before={when}").status_code == 422, when
    # Said in words, not as the regular expression that refused them.
    for path, words in [
        ("/api/v1/episodes?before=2026-02-30T08:00", "before: should be a real time, like"),
        ("/api/v1/reports/1/pdf?since=2026-02-30", "since: should be a real day, like"),
    ]:
        refused = client.get(path)
        assert refused.status_code == 422 and words in refused.json()["error"]["message"]
    blank = client.post("/api/v1/parse", json={"text": " \u3000 "}).json()["error"]["message"]
    assert blank == "text: should hold words, not only spaces"
    assert client.get("/api/v1/insights?tz=Europe/London").status_code == 200
    for name in ("", "Mars/Olympus_Mons", "europe/london", "0" * 63):
        refused = client.get("/api/v1/insights", params={"tz": name})
        assert refused.status_code == 422 and "time zone" in refused.json()["error"]["message"]


def test_the_published_time_zones_are_the_ones_accepted(client: TestClient) -> None:
    from zoneinfo import available_timezones

    operation = client.get("/openapi.json").json()["paths"]["/api/v1/insights"]["get"]
    (tz,) = operation["parameters"]
    assert tz["schema"]["enum"] == sorted(available_timezones())


# --- Diary episodes over JSON ---------------------------------------------------------------


def test_an_episode_takes_json_types_as_its_schema_says(client: TestClient) -> None:
    """The command line hands the diary text to read ("5", "yes"); JSON clients are held
    to the published types, so nothing the schema refuses is stored."""
    schemas = client.get("/openapi.json").json()["paths"]["/api/v1/episodes"]["post"]
    published = schemas["requestBody"]["content"]["application/json"]["schema"]
    assert published["required"] == ["started_at"]
    assert "format" not in published["properties"]["started_at"]  # no seconds needed
    when = "2026-01-05T08:30+01:00"
    assert client.post("/api/v1/episodes", json={}).json()["error"]["message"] == (
        "Start time is missing."
    )
    for wrong in (
        {"severity": "5"},
        {"severity": 5.5},
        {"exercise": 1},
        {"caffeine_mg": "100"},
        {"started_at": 1_767_600_000},
        {"started_at": "2026-01-05T08:30"},
        {"recording_id": 2**31},
    ):
        refused = client.post("/api/v1/episodes", json={"started_at": when, **wrong})
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_input"
    saved = client.post("/api/v1/episodes", json={"started_at": when, "severity": 5.0})
    assert saved.status_code == 201 and saved.json()["severity"] == 5
    future = client.post("/api/v1/episodes", json={"started_at": "2999-01-01T00:00Z"})
    assert future.status_code == 422 and future.json()["error"]["code"] == "implausible_time"
    path = f"/api/v1/episodes/{saved.json()['id']}"
    patches: list[dict[str, Any]] = [
        {"severity": "4"},
        {"started_at": None},
        {"uid": "other"},
        {"sites": "calf"},
    ]
    for change in patches:
        assert client.patch(path, json=change).status_code == 422, change
    edited = client.patch(path, json={"severity": 4, "exercise": True})
    assert edited.status_code == 200 and edited.json()["severity"] == 4


# --- What we understood -----------------------------------------------------------------


def understood_form(client: TestClient, text: str) -> Tag:
    response = client.post("/check", data={"text": text})
    assert response.status_code == 200, response.text[:300]
    form = one(BeautifulSoup(response.text, "html.parser"), "form.understood")
    assert form is not None, "the description was not read back"
    return form


def finish(client: TestClient, data: dict[str, object]) -> BeautifulSoup:
    """Post `data`, then answer "no" to every screen until the result."""
    response = client.post("/check", data=data)
    for _ in range(40):
        assert response.status_code == 200, response.text[:300]
        soup = BeautifulSoup(response.text, "html.parser")
        form = soup.select_one("form.question")
        if form is None:
            return soup
        response = client.post("/check", data=answer_screen(form, ()))
    raise AssertionError("no result after 40 screens")


def test_a_description_is_read_back_with_its_words(client: TestClient, kb: KnowledgeBase) -> None:
    form = understood_form(client, TEXT)
    lines = {
        str(one(fs, "input[type=radio]")["name"]).removeprefix("said-"): fs
        for fs in form.select("fieldset.said")
    }
    assert list(lines)[:4] == [
        "in_calf",
        "twitch_flicker",
        "after_light_exercise",
        "high_caffeine",
    ]  # in the order they were written
    twitch = lines["twitch_flicker"]
    assert one(twitch, "legend").get_text(strip=True) == kb.findings["twitch_flicker"].label
    legends = [one(fs, "legend").get_text(" ", strip=True) for fs in lines.values()]
    assert "Warning sign Weakness in a leg" in legends  # a label, never the id or the question
    assert not any("?" in legend or "_" in legend for legend in legends)
    assert one(twitch, ".said-words q").get_text() == "twitch"
    assert one(twitch, "input[value=yes]").has_attr("checked")
    weakness = lines["weakness_leg"]  # "no weakness": read as a no, and marked a warning sign
    assert one(weakness, "input[value=no]").has_attr("checked")
    assert "said-warning" in weakness["class"]
    assert [i["value"] for i in weakness.select("input[type=radio]")] == ["yes", "no", "unknown"]
    assert one(form, "input[name=text]")["value"] == TEXT  # the description goes along


def test_corrections_become_answers_and_are_not_asked_again(client: TestClient) -> None:
    form = understood_form(client, TEXT)
    data = accept_understood(form, {"high_caffeine": "no"})
    response = client.post("/check", data=data)
    screen = one(BeautifulSoup(response.text, "html.parser"), "form.question")
    assert screen is not None and one(screen, "input[name=q]")["value"] == ("screen_emergency_now")
    state = hidden_state(screen)
    assert state["text"] == [TEXT]  # the rest of the description still counts
    given = dict(pair.split(":") for pair in state["a"])
    assert given["high_caffeine"] == "no"  # the correction overrides the words
    assert given["twitch_flicker"] == "yes" and given["weakness_leg"] == "no"  # confirmed
    assert state["order"] == ["understood"]
    soup, shown = walk_interview(client, TEXT)
    asked = {i["value"] for i in soup.select("input[name=pick]")}
    assert not asked & {"twitch_flicker", "high_caffeine", "weakness_leg", "in_calf"}
    for qid in shown:
        assert qid not in ("high_caffeine", "weakness_leg", "twitch_flicker")


def test_screens_never_show_an_answered_finding(client: TestClient) -> None:
    response = client.post("/check", data=accept_understood(understood_form(client, TEXT)))
    for _ in range(40):
        soup = BeautifulSoup(response.text, "html.parser")
        form = soup.select_one("form.question")
        if form is None:
            return
        answered = {p.split(":")[0] for p in hidden_state(form).get("a", [])}
        shown = {str(i["value"]) for i in form.select("input[name=pick]")}
        assert not shown & answered, shown & answered
        response = client.post("/check", data=answer_screen(form, ()))
    raise AssertionError("no result after 40 screens")


def test_an_unticked_warning_sign_is_the_persons_no(client: TestClient) -> None:
    text = "I feel dizzy and my calves twitch"
    form = understood_form(client, text)
    dizzy = one(form, "input[name=said-dizziness_lightheaded][value=yes]")
    assert dizzy.has_attr("checked")
    fieldset = dizzy.find_parent("fieldset")
    assert fieldset is not None and "said-warning" in fieldset["class"]
    kept = finish(client, accept_understood(form))
    assert "banner-urgent" in one(kept, ".banner")["class"]  # the words alone: urgent
    soup = finish(client, accept_understood(form, {"dizziness_lightheaded": "no"}))
    assert "banner-urgent" not in one(soup, ".banner")["class"]
    report = one(soup, "form[action='/report']")
    assert "dizziness_lightheaded:no" in hidden_state(report)["a"]  # recorded, not dropped


def test_not_sure_on_a_warning_sign_keeps_the_floor(client: TestClient, kb: KnowledgeBase) -> None:
    """An emergency sign read from unsure words, answered "not sure": at least a same-day
    check, exactly as the engine floors a "don't know" on the warning-sign screens."""
    text = "I think her mouth looks a bit droopy and her legs shake"
    form = understood_form(client, text)
    face = form.select("input[name=said-face_arm_weakness_one_side]")
    assert face and not any(r.has_attr("checked") for r in face)  # unsure: nothing pre-chosen
    soup = finish(client, accept_understood(form, {"face_arm_weakness_one_side": "unknown"}))
    banner = one(soup, ".banner")
    assert "banner-urgent" in banner["class"] or "banner-emergency" in banner["class"]
    answers = dict(p.split(":") for p in hidden_state(one(soup, "form[action='/report']"))["a"])
    assert answers["face_arm_weakness_one_side"] == "unknown"
    engine = run_assessment(text, answers, kb=kb).triage
    assert f"banner-{engine.level.value}" in banner["class"]
    assert any(r.kind == "not_ruled_out" for r in engine.reasons + engine.also_noted)


def test_a_sure_emergency_in_the_words_is_shown_at_once(client: TestClient) -> None:
    response = client.post("/check", data={"text": "chest pain and my legs are shaking"})
    soup = BeautifulSoup(response.text, "html.parser")
    assert "banner-emergency" in one(soup, ".banner")["class"]
    review = one(soup, "button[value=review]")  # and the words can still be checked
    assert review is not None
    review_form = review.find_parent("form")
    assert review_form is not None
    data = {**hidden_state(review_form), "action": "review"}
    again = BeautifulSoup(client.post("/check", data=data).text, "html.parser")
    chest = one(again, "form.understood input[name=said-chest_pain][value=yes]")
    assert chest is not None and chest.has_attr("checked")


def test_back_returns_to_the_understood_list_with_the_choices_kept(client: TestClient) -> None:
    data = accept_understood(understood_form(client, TEXT), {"high_caffeine": "no"})
    first = BeautifulSoup(client.post("/check", data=data).text, "html.parser")
    second = client.post("/check", data=answer_screen(one(first, "form.question"), ()))
    back = one(BeautifulSoup(second.text, "html.parser"), "form.back")
    again = BeautifulSoup(
        client.post("/check", data={**hidden_state(back), "action": "back"}).text, "html.parser"
    )
    assert one(again, "input[name=q]")["value"] == "screen_emergency_now"
    kept = {p.split(":")[0] for p in hidden_state(one(again, "form.question"))["a"]}
    assert {"high_caffeine", "twitch_flicker"} <= kept  # Back undid the screen, not the list
    back = one(again, "form.back")
    listed = BeautifulSoup(
        client.post("/check", data={**hidden_state(back), "action": "back"}).text, "html.parser"
    )
    caffeine = one(listed, "form.understood input[name=said-high_caffeine][value=no]")
    assert caffeine is not None and caffeine.has_attr("checked")


def test_an_unsure_reading_left_unchosen_is_confirmed_by_a_question(client: TestClient) -> None:
    text = "I think her mouth looks a bit droopy"
    form = understood_form(client, text)
    response = client.post("/check", data=accept_understood(form))  # no choice was made
    soup = BeautifulSoup(response.text, "html.parser")
    q = one(soup, "form.question input[name=q]")["value"]
    assert q == "confirm_face_arm_weakness_one_side"
    data = {**hidden_state(one(soup, "form.question")), "choice": "yes"}
    result = BeautifulSoup(client.post("/check", data=data).text, "html.parser")
    assert "banner-emergency" in one(result, ".banner")["class"]


@pytest.mark.parametrize(
    ("said", "says"),
    [
        ({"said-chest_pain": "yes"}, "not on the list"),
        ({"said-twitch_flicker": "maybe"}, "Not sure"),
    ],
)
def test_a_changed_understood_form_is_refused(
    client: TestClient, said: dict[str, str], says: str
) -> None:
    data = {**accept_understood(understood_form(client, TEXT)), **said}
    response = client.post("/check", data=data, headers={"accept": "text/html"})
    assert response.status_code == 422 and says in response.text


def test_a_screen_comes_with_what_the_words_said_ticked(client: TestClient) -> None:
    """A finding the description says "yes" to and nobody answered (the list was sent
    without choosing) is ticked on its screen, so "Continue" never drops it."""
    text = "I feel dizzy and my calves twitch"
    response = client.post("/check", data={"text": text, "action": "understood"})
    for _ in range(10):
        form = one(BeautifulSoup(response.text, "html.parser"), "form.question")
        assert form is not None
        dizzy = form.select_one("input[value=dizziness_lightheaded]")
        if dizzy is not None:
            assert dizzy.has_attr("checked")
            return
        response = client.post("/check", data=answer_screen(form, ()))
    raise AssertionError("the urgent screen was not shown")


# --- Emergency number by region -----------------------------------------------------------


def region_client(**settings: object) -> TestClient:
    return TestClient(create_app(Settings(**settings)), raise_server_exceptions=False)  # type: ignore[arg-type]


def csrf_of(client: TestClient, path: str = "/") -> str:
    soup = BeautifulSoup(client.get(path).text, "html.parser")
    return str(one(soup, "form.region input[name=csrf]")["value"])


def test_the_chosen_region_is_remembered_in_a_cookie() -> None:
    client = region_client()
    home = BeautifulSoup(client.get("/").text, "html.parser")
    assert "call 999" in one(home, "footer").get_text()
    chooser = one(home, "form.region[action='/region'] select[name=region]")
    assert {o["value"] for o in chooser.select("option")} == {"uk", "us", "eu", "au", "in"}
    moved = client.post(
        "/region",
        data={"region": "us", "csrf": csrf_of(client), "back": "/knowledge"},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/knowledge"
    cookie = moved.headers["set-cookie"]
    assert (
        "shakewise_region=us" in cookie
        and "HttpOnly" in cookie
        and "samesite=lax" in cookie.lower()
    )
    home = BeautifulSoup(client.get("/").text, "html.parser")
    assert "call 911" in one(home, "footer").get_text()
    assert "Call 911 now" in one(home, ".alert-emergency").get_text()
    soup, _ = walk_interview(client, yes={"chest_pain"})
    assert one(soup, "a.call-button")["href"] == "tel:911"
    banner = one(soup, ".banner").get_text()
    assert "911" in banner and "999" not in banner and "112" not in banner
    assert "999" not in one(soup, "main").get_text()  # the knowledge's words too


def test_the_region_can_be_changed_on_the_result() -> None:
    client = region_client()
    soup, _ = walk_interview(client, yes={"chest_pain"})
    form = one(soup, "form.region[action='/check']")
    data = {**hidden_state(form), "region": "au", "action": "region"}
    again = client.post("/check", data=data)
    assert "shakewise_region=au" in again.headers["set-cookie"]
    result = BeautifulSoup(again.text, "html.parser")
    assert one(result, "a.call-button")["href"] == "tel:000"  # the same result, re-shown


def test_the_server_default_region_comes_from_the_settings() -> None:
    us = BeautifulSoup(region_client(region="us").get("/").text, "html.parser")
    assert "call 911" in one(us, "footer").get_text()
    own = BeautifulSoup(
        region_client(region="eu", emergency_number="1122").get("/").text, "html.parser"
    )
    assert "call 1122" in one(own, "footer").get_text()


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"region": "us"}, 403),  # no CSRF token: another site cannot change the number
        ({"region": "mars", "csrf": "ok"}, 422),
    ],
)
def test_region_changes_are_checked(data: dict[str, str], status: int) -> None:
    client = region_client()
    if data.get("csrf") == "ok":
        data = {**data, "csrf": csrf_of(client)}
    response = client.post("/region", data=data, headers={"accept": "text/html"})
    assert response.status_code == status
    assert "shakewise_region" not in response.headers.get("set-cookie", "")


def test_region_goes_back_only_to_this_site() -> None:
    client = region_client()
    for back in ("//evil.example/", "https://evil.example/", "/ok\\..", ""):
        response = client.post(
            "/region",
            data={"region": "eu", "csrf": csrf_of(client), "back": back},
            follow_redirects=False,
        )
        assert response.headers["location"] == "/", back


def test_localised_words_carry_one_number(kb: KnowledgeBase) -> None:
    from shakewise.web.regions import REGIONS, localise

    texts = [lv.action for lv in kb.meta.levels] + [kb.meta.disclaimer]
    texts += [rf.action for rf in kb.red_flags.values()]
    texts += [s.text for c in kb.causes.values() for s in c.seek_help]
    texts += [a.text for c in kb.causes.values() for a in c.self_care]
    for region in REGIONS.values():
        for text in texts:
            local = localise(text, region)
            others = {r.emergency for r in REGIONS.values()} - {region.emergency}
            assert not any(re.search(rf"\b{n}\b", local) for n in others), (region.id, local)
            if region.id != "uk":
                assert "A&E" not in local and "111" not in local, local
                assert "urgent care or urgent care" not in local, local


def test_an_urgent_result_names_the_regions_own_services() -> None:
    client = region_client()
    client.cookies.set("shakewise_region", "us")
    form = understood_form(client, "I feel dizzy and my calves twitch")
    banner = one(finish(client, accept_understood(form)), ".banner")
    assert "banner-urgent" in banner["class"]
    assert "111" not in banner.get_text() and "urgent care" in banner.get_text()


@pytest.mark.parametrize(
    ("body", "threaded"),
    [
        ({"text": "my calves twitch after slow walks, no weakness"}, False),
        ({"answers": {"chest_pain": "no"}}, False),
        ({"text": "my calves twitch after slow walks, no weakness. " * 20}, True),
    ],
)
def test_short_checks_run_on_the_event_loop_and_long_ones_in_a_thread(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, body: dict[str, object], threaded: bool
) -> None:
    """A check of a short description costs less than a thread hand-off; a long one (its
    reading grows with its length) must not hold up the other requests."""
    from starlette.concurrency import run_in_threadpool as real

    from shakewise.web import api

    handed: list[str] = []

    async def counting(work: Any) -> Any:
        handed.append("thread")
        return await real(work)

    monkeypatch.setattr(api, "run_in_threadpool", counting)
    for path in ("/api/v1/assess", "/api/v1/interview"):
        assert client.post(path, json=body).status_code == 200
    assert handed == (["thread", "thread"] if threaded else [])
