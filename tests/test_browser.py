"""The web app in a real browser: Debian's Chromium driven by Playwright, on a phone-sized
screen, with and without JavaScript, and checked by axe-core for accessibility.

Needs /usr/bin/chromium (installed by .ci/run) and node_modules/axe-core (npm ci, run by
`make test`). Locally they skip with the reason; with CI=true a missing piece fails.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from shakewise.signals.plot import PHONE, READABLE_CSS_PX, smallest_text_css_px

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
# Waits are on conditions; this only bounds a hang (a ten-second recording on a busy
# two-core machine can take several times as long in wall time).
BUSY_MACHINE_MS = 180_000


def need(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    import uvicorn

    from shakewise.web import Settings, create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(Settings(port=port)), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    need(CHROMIUM.exists(), f"{CHROMIUM} not found; install Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


def phone(
    browser: Browser,
    *,
    javascript: bool = True,
    bypass_csp: bool = False,
    dark: bool = False,
) -> BrowserContext:
    return browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
        bypass_csp=bypass_csp,
        color_scheme="dark" if dark else "light",
    )


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def answer_until_result(page: Page, yes: set[str]) -> list[str]:
    """Answer every screen in the browser: tick the findings in `yes`, otherwise "no".
    The "what we understood" list is accepted as it was read (it is not a screen)."""
    shown: list[str] = []
    for _ in range(40):
        page.wait_for_selector(".banner, form.question, form.understood")
        if page.locator(".banner").count():
            return shown
        if page.locator("form.understood").count():
            page.click("form.understood button[value=understood]")
            continue
        qid = page.locator("form.question input[name=q]").get_attribute("value") or ""
        shown.append(qid)
        if page.locator("button[name=choice]").count():
            page.click(f"button[name=choice][value={'yes' if qid in yes else 'no'}]")
            continue
        ticked = False
        for box in page.locator("input[name=pick]").all():
            if box.get_attribute("value") in yes:
                box.check()
            ticked = ticked or box.is_checked()
        page.click("button[value=next]" if ticked else "button[value=none]")
    raise AssertionError(f"no result after 40 screens: {shown}")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_phone_interview_to_an_emergency(browser: Browser, base_url: str, javascript: bool) -> None:
    context = phone(browser, javascript=javascript)
    page = context.new_page()
    page.goto(base_url)
    page.click("text=Start check")
    assert page.locator("legend h1").inner_text().startswith("First")
    shown = answer_until_result(page, {"chest_pain"})
    assert shown == ["screen_emergency_now"]
    banner = page.locator("section.banner")
    assert "banner-emergency" in (banner.get_attribute("class") or "")
    assert page.locator("a[href^='tel:']").count() == 1
    call = page.locator("a.call-button").bounding_box()  # a button, not a 24 px link
    assert call is not None and call["height"] >= 48 and call["width"] >= 0.7 * 390, call
    shot(page, f"emergency-{'js' if javascript else 'nojs'}")
    context.close()


def test_phone_interview_to_self_care(browser: Browser, base_url: str) -> None:
    context = phone(browser)
    page = context.new_page()
    page.goto(base_url)
    page.fill("#text", "My calf twitches after the gym since yesterday, no weakness")
    page.click("text=Start check")
    answer_until_result(page, {"twitch_flicker", "during_or_after_exercise", "in_calf"})
    assert "banner-self_care" in (page.locator("section.banner").get_attribute("class") or "")
    assert page.locator(".causes li").count() >= 1
    assert page.locator(".js-print").is_visible()  # the script added the print button
    page.locator(".causes details summary").first.click()
    assert page.locator(".causes details li").first.is_visible()
    shot(page, "self-care")
    page.click("text=Change my last answer")
    assert page.locator("form.question").count() == 1
    context.close()


def assert_big_enough(page: Page, selector: str) -> None:
    targets = page.locator(selector).all()
    assert targets, selector
    for target in targets:
        box = target.bounding_box()
        assert box is not None
        assert box["height"] >= 44 and box["width"] >= 44, (selector, box)


def test_touch_targets_are_big_enough(browser: Browser, base_url: str) -> None:
    context = phone(browser)
    page = context.new_page()
    page.goto(base_url)
    assert_big_enough(page, "form.region select, form.region button, header.top a")
    page.fill("#text", "my calf twitches, no weakness")
    page.click("text=Start check")
    assert_big_enough(page, "form.understood label.said-choice, form.understood button")
    page.click("form.understood button[value=understood]")
    assert_big_enough(page, "form.question button, form.region select, form.region button")
    context.close()


UNDERSTOOD_TEXT = "My calves twitch after slow walks, I drink four coffees a day, no weakness"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_phone_description_understood_then_screens_then_result(
    browser: Browser, base_url: str, javascript: bool
) -> None:
    """The words read back with what they came from; a correction is an answer; what
    was read or corrected is not asked again."""
    context = phone(browser, javascript=javascript)
    page = context.new_page()
    page.goto(base_url)
    page.fill("#text", UNDERSTOOD_TEXT)
    page.click("text=Start check")
    understood = page.locator("form.understood")
    expect(understood.locator("h1")).to_have_text("Did we get this right?")
    words = understood.locator(".said-words q").all_inner_texts()
    assert {"calves", "twitch", "four coffees", "weakness"} <= set(words), words
    assert understood.locator("input[name=said-twitch_flicker][value=yes]").is_checked()
    assert understood.locator("input[name=said-weakness_leg][value=no]").is_checked()
    shot(page, f"understood-{'js' if javascript else 'nojs'}")
    no_caffeine = "label.said-choice:has(input[name=said-high_caffeine][value=no])"
    understood.locator(no_caffeine).click()  # the whole label is the tap target
    assert understood.locator("input[name=said-high_caffeine][value=no]").is_checked()
    page.click("form.understood button[value=understood]")
    expect(page.locator("form.question legend h1")).to_contain_text("First")
    answers = page.locator("form.question input[name=a]")
    given = {answers.nth(i).get_attribute("value") for i in range(answers.count())}
    assert {"high_caffeine:no", "twitch_flicker:yes", "weakness_leg:no"} <= given, given
    seen: set[str] = set()
    for _ in range(40):
        page.wait_for_selector(".banner, form.question")
        if page.locator(".banner").count():
            break
        seen |= set(
            page.locator("form.question input[name=pick]").evaluate_all(
                "boxes => boxes.map(b => b.value)"
            )
        )
        answer_one_screen_no(page)
    assert not seen & {"twitch_flicker", "high_caffeine", "weakness_leg", "in_calf"}, seen
    expect(page.locator("section.banner")).to_be_visible()
    shot(page, f"understood-result-{'js' if javascript else 'nojs'}")
    context.close()


def answer_one_screen_no(page: Page) -> None:
    """Answer the screen shown "no" (or keep what came ticked from the words)."""
    if page.locator("form.question button[name=choice]").count():
        page.click("form.question button[name=choice][value=no]")
        return
    ticked = page.locator("form.question input[name=pick]:checked").count()
    page.click("form.question button[value=next]" if ticked else "form.question button[value=none]")


def test_the_chosen_country_sets_the_emergency_number(browser: Browser, base_url: str) -> None:
    context = phone(browser, javascript=False)
    page = context.new_page()
    page.goto(base_url + "/knowledge")
    page.select_option("form.region select", "us")
    page.click("form.region button")
    expect(page).to_have_url(base_url + "/knowledge")
    expect(page.locator("footer")).to_contain_text("In an emergency call 911")
    page.goto(base_url)
    page.click("text=Start check")
    answer_until_result(page, {"chest_pain"})
    call = page.locator("a.call-button")
    assert call.get_attribute("href") == "tel:911"
    assert "999" not in page.locator("section.banner").inner_text()
    page.select_option("form.region select", "au")  # on the result: the same result again
    page.click("form.region button")
    expect(page.locator("a.call-button")).to_have_attribute("href", "tel:000")
    context.close()


MAIN_PAGES = ["/", "/knowledge", "/knowledge/causes/restless_legs", "/knowledge/red-flags",
              "/knowledge/sources", "/measure", "/diary", "/login", "/nowhere"]  # fmt: skip
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_no_page_scrolls_sideways_on_a_phone(browser: Browser, base_url: str, dark: bool) -> None:
    context = phone(browser, dark=dark)
    page = context.new_page()
    wide: list[str] = []
    errors: list[str] = []  # the pages' console, e.g. a content security policy refusal
    page.on(
        "console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None
    )

    def check(name: str) -> None:
        if not page.evaluate(NO_SIDEWAYS_SCROLL):
            wide.append(f"{name}: {page.evaluate('document.documentElement.scrollWidth')}")

    for path in MAIN_PAGES:
        page.goto(base_url + path)
        check(path)
    page.goto(base_url)
    page.fill("#text", UNDERSTOOD_TEXT)
    page.click("text=Start check")
    page.wait_for_selector("form.understood")
    check("understood")
    page.click("form.understood button[value=understood]")
    page.wait_for_selector("form.question")
    check("question")
    answer_until_result(page, set())
    check("result")
    page.goto(base_url)
    page.click("text=Start check")
    answer_until_result(page, {"chest_pain"})
    check("result-emergency")
    if dark:
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(15, 20, 24)", background  # the dark scheme is in use
        shot(page, "emergency-dark")
    context.close()
    assert wide == [], wide
    assert [e for e in errors if "/nowhere" not in e] == [], errors  # a 404 logs its status


SCRIPT_ONLY_CONTROLS = """
() => [...document.querySelectorAll("button, input, select, textarea")]
  .filter(c => c.offsetParent !== null && c.type !== "hidden")
  .filter(c => !c.form || (c.tagName === "BUTTON" && c.type !== "submit"))
  .map(c => c.outerHTML.slice(0, 80))
"""


def test_without_javascript_every_control_shown_works(browser: Browser, base_url: str) -> None:
    """Without the script a page shows only controls a plain form post can serve: no
    button that needs the script (print, start recording) and no field outside a form."""
    context = phone(browser, javascript=False)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for path in MAIN_PAGES:
        page.goto(base_url + path)
        found[path] = page.evaluate(SCRIPT_ONLY_CONTROLS)
    page.goto(base_url)
    page.fill("#text", UNDERSTOOD_TEXT)
    page.click("text=Start check")
    found["understood"] = page.evaluate(SCRIPT_ONLY_CONTROLS)
    answer_until_result(page, set())
    found["result"] = page.evaluate(SCRIPT_ONLY_CONTROLS)
    context.close()
    assert not any(found.values()), found


AXE_PAGES = [
    "/",
    "/measure",
    "/diary",
    "/knowledge",
    "/knowledge/causes/restless_legs",
    "/knowledge/red-flags",
    "/knowledge/sources",
    "/nowhere",
]


def axe_violations(page: Page) -> list[dict[str, object]]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_no_serious_accessibility_violations(browser: Browser, base_url: str, dark: bool) -> None:
    need(AXE.exists(), f"{AXE} not found; run `npm ci` (make test does)")
    context = phone(browser, bypass_csp=True, dark=dark)  # axe is injected as an inline script
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for path in AXE_PAGES:
        page.goto(base_url + path)
        found[path] = [str(v["id"]) for v in axe_violations(page)]
    page.goto(base_url)
    page.click("text=Start check")
    found["question"] = [str(v["id"]) for v in axe_violations(page)]
    answer_until_result(page, {"chest_pain"})
    found["result-emergency"] = [str(v["id"]) for v in axe_violations(page)]
    page.goto(base_url)
    page.fill("#text", "my calves twitch after slow walks, no weakness")
    page.click("text=Start check")
    page.wait_for_selector("form.understood")
    found["understood"] = [str(v["id"]) for v in axe_violations(page)]
    answer_until_result(page, {"twitch_flicker"})
    found["result"] = [str(v["id"]) for v in axe_violations(page)]
    shot(page, "result-dark" if dark else "result")
    page.goto(base_url + "/diary")
    page.click("button[name=kind][value=twitching]")
    page.wait_for_selector(".notice")
    found["episode-details"] = [str(v["id"]) for v in axe_violations(page)]
    context.close()
    assert not any(found.values()), found


# A steady tremor at `hz`, sampled at `rate`. Each event carries its ideal time stamp and
# every timer tick sends all the samples due by then, so a busy machine that delays the
# timer changes when samples arrive, never the signal the page records.
SCRIPTED_MOTION = """
([hz, rate]) => {
  const start = performance.now();
  let sent = 0;
  window.__motion = setInterval(() => {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; sent < due; sent++) {
      const t = sent / rate;
      const z = 9.81 + 0.6 * Math.sin(2 * Math.PI * hz * t);
      const event = new DeviceMotionEvent("devicemotion", {
        accelerationIncludingGravity: { x: 0.2, y: 0.1, z: z },
        interval: 1000 / rate,
      });
      Object.defineProperty(event, "timeStamp", { value: start + t * 1000 });
      window.dispatchEvent(event);
    }
  }, 1000 / rate);
}
"""


def test_measure_page_records_a_scripted_16hz_tremor(browser: Browser, base_url: str) -> None:
    context = phone(browser)
    page = context.new_page()
    page.goto(base_url + "/measure?seconds=10&countdown=0")
    assert page.locator("#recorder").is_visible()
    page.evaluate(SCRIPTED_MOTION, [16, 100])
    page.click("#start")
    page.wait_for_selector("#result:not([hidden])", timeout=BUSY_MACHINE_MS)
    summary = page.locator("#summary").inner_text()
    frequency = float(summary.split("measured at ")[1].split(" ")[0])
    assert abs(frequency - 16) < 0.5, summary
    assert page.locator("#plot").is_visible()
    shown, natural = page.evaluate(
        "() => { const i = document.querySelector('#plot');"
        " return [i.getBoundingClientRect().width, i.naturalWidth]; }"
    )
    assert natural == round(PHONE.width_in * PHONE.dpi)  # the picture drawn for a phone
    assert smallest_text_css_px(PHONE, shown) >= READABLE_CSS_PX, shown
    shot(page, "measure-16hz")
    with page.expect_navigation():
        page.locator("#use-form button").dispatch_event("click")
    assert page.locator("form.question input[name=m][value='tremor_13_18hz:yes']").count() == 1
    context.close()


def test_measure_page_without_motion_offers_upload(browser: Browser, base_url: str) -> None:
    context = phone(browser)
    page = context.new_page()
    page.goto(base_url + "/measure?seconds=8&countdown=0")
    page.click("#start")
    status = page.locator("#status")
    status.filter(has_text="no motion data").wait_for(timeout=BUSY_MACHINE_MS)
    assert page.locator("form[action='/measure/upload']").is_visible()
    context.close()


def test_api_docs_render_their_operations(browser: Browser, base_url: str) -> None:
    """The docs page must draw the operations, not just answer 200 (Swagger UI 4 could not
    read the OpenAPI 3.1 that FastAPI writes)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock", timeout=BUSY_MACHINE_MS)
    assert page.locator(".opblock").count() >= 10
    assert page.locator("text=Unable to render").count() == 0
    assert errors == []
    context.close()


SMALLEST_CHART_TEXT_PX = """
() => [...document.querySelectorAll("figure.chart svg")].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return Math.min(...[...svg.querySelectorAll("text")]
    .map(t => scale * parseFloat(t.getAttribute("font-size"))));
})
"""
READABLE_PX = 11  # the smallest chart text on a phone, in CSS pixels


def test_diary_on_a_phone_logs_then_details_then_a_day_with_readable_charts(
    browser: Browser, base_url: str
) -> None:
    context = phone(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base_url + "/diary")
    page.select_option("#ago", "10")
    page.click("button[name=kind][value=cramp]")
    page.wait_for_selector(".notice >> text=Saved")
    page.fill("#severity", "6")
    page.check("input[name=side][value=left]")
    page.check("input[name=site][value=calf]")
    page.select_option("#weakness", "no")
    page.fill("#note", "woke me at night")
    page.click("text=Save details")
    page.wait_for_selector("#days")
    page.fill("#caffeine_mg", "300")
    page.fill("#sleep_hours", "5")
    page.click("text=Save the day")
    expect(page.locator("#days ul")).to_contain_text("caffeine 300 mg, slept 5 h")
    # other tests share the server's diary: look for this episode among the recent ones
    expect(page.locator("#recent-title + ul")).to_contain_text("Cramp, 6/10, left")
    assert page.locator("figure.chart svg").count() == 4
    smallest = page.evaluate(SMALLEST_CHART_TEXT_PX)
    assert min(smallest) >= READABLE_PX, smallest
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(page, "diary-phone")
    context.close()
    assert errors == [], errors  # no inline style blocked by the content security policy


def test_asking_for_someone_else_on_a_phone(browser: Browser, base_url: str) -> None:
    """The carer flow: "An adult I look after", then every question is about "them"."""
    context = phone(browser)
    page = context.new_page()
    page.goto(base_url)
    page.check("input[name=who][value=other]")
    page.fill("#text", "his legs keep shaking when he stands")
    page.click("text=Start check")
    page.wait_for_selector("form.understood, form.question")
    if page.locator("form.understood").count():
        page.click("form.understood button[value=understood]")
    page.wait_for_selector("form.question")
    asked = page.locator("form.question").inner_text()
    assert "someone else" in asked and " they " in f" {asked} ", asked
    assert not re.search(r"\b(you|your)\b", page.locator("form.question legend").inner_text(), re.I)
    shot(page, "carer-question")
    answer_until_result(page, set())
    assert page.locator("form[action='/report'] input[name=who][value=other]").count() == 1
    context.close()


def zero_gyroscope_csv(tmp: Path, hz: float = 5.0, rate: float = 100.0) -> Path:
    """A phone without a gyroscope: zeros in gx, gy, gz, a steady `hz` shake in az."""
    import math

    rows = ["t,ax,ay,az,gx,gy,gz"] + [
        f"{i / rate:.3f},0.1,0.2,{9.81 + 1.5 * math.sin(2 * math.pi * hz * i / rate):.4f},0,0,0"
        for i in range(int(30 * rate))
    ]
    path = tmp / "no-gyroscope.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_measure_upload_with_a_dead_gyroscope_on_a_phone(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    context = phone(browser, javascript=False)  # the plain form, as without the sensor
    page = context.new_page()
    page.goto(base_url + "/measure")
    page.set_input_files("input[type=file]#file", str(zero_gyroscope_csv(tmp_path)))
    with page.expect_navigation():
        page.locator("form[action='/measure/upload'] button[type=submit]").click()
    text = page.locator("main").inner_text()
    assert "No steady shaking" not in text and "times a second" in text, text
    assert page.locator("form[action='/check'] input[name=m][value='tremor_4_6hz:yes']").count()
    shown = page.evaluate("document.querySelector('img.plot').getBoundingClientRect().width")
    assert smallest_text_css_px(PHONE, shown) >= READABLE_CSS_PX
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(page, "measure-upload-no-gyroscope")
    context.close()


def test_the_report_for_the_doctor_downloads_with_the_diary(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    """On this machine's own server the person is known: the result offers the diary box,
    and the PDF downloaded with it ticked carries the diary."""
    from pypdf import PdfReader

    context = phone(browser)
    page = context.new_page()
    page.goto(base_url + "/diary")
    page.click("button[name=kind][value=cramp]")
    page.wait_for_selector(".notice")
    page.goto(base_url)
    page.fill("#text", "my calves cramp at night")
    page.click("text=Start check")
    answer_until_result(page, set())
    assert page.locator("form[action='/report'] input[name=diary]").is_checked()
    with page.expect_download() as download:
        page.click("form[action='/report'] button[value=pdf]")
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "Diary" in text
    context.close()
