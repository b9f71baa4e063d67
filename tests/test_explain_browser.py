"""`newsasia explain` reports in a real browser: headless Chromium (Debian's `chromium` and
`chromium-driver` packages) driven by Selenium through chromedriver, one browser for the file.

A golden page of each outlet: the report loads, a screenshot is a real picture, kept and
removed blocks are marked in the DOM and styled apart, the two columns sit side by side on a
laptop and stack on a phone. A hostile page: none of its payloads runs or loads anything in
its report, with the Content-Security-Policy and without it (escaping alone) — while the same
page opened directly does run them, so the checks can see it when something does.

Without chromium the tests skip, saying so; under CI=true they fail instead (CI has it:
.ci/run installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from extractors import ExtractionError
from extractors.explain import explain
from newsasia_spider.runner.explain_report import CONTENT_SECURITY_POLICY, render
from tests.explain_pages import HOSTILE_URL, PWNED, hostile_page
from tests.test_golden_pages import PAGES_DIR

CHROMIUM = next(
    filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
)
CHROMEDRIVER = shutil.which("chromedriver")
# A golden page of each outlet, and one the fallback reads.
OUTLET_PAGES = (
    "24kg/219934-japarov-leave",
    "news-asia/heavy-004-bishkek-astana-links-source",
    "realist/heavy-yoast-wp-caption-embeds",
    "tass/03-putin-kirgiziya-bem-2019",
    "news-asia/redesign-unrecognised",  # no layout matches: the fallback's report
)
LAPTOP, PHONE = (1280, 900), (390, 844)
KEPT_BORDER, REMOVED_BORDER = (
    "rgba(26, 127, 55, 1)",
    "rgba(179, 89, 0, 1)",
)  # the CSS (#1a7f37, #b35900)
# Long enough for a payload's request to reach the beacon; ends no test early.
SETTLE_SECONDS = 1.0
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _unavailable() -> str | None:
    """Why no browser can be driven here, or None."""
    missing = [
        name for name, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)) if not path
    ]
    if missing:
        return f"{' and '.join(missing)} not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if reason := _unavailable():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    if os.geteuid() == 0:  # Chromium's sandbox refuses to start as root (CI runs as root)
        options.add_argument("--no-sandbox")
    options.add_argument(f"--window-size={LAPTOP[0]},{LAPTOP[1]}")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


class Beacon:
    """A local HTTP server that counts what the payloads request."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(204)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def beacon() -> Iterator[Beacon]:
    server = Beacon()
    try:
        yield server
    finally:
        server.close()


def golden(name: str) -> tuple[bytes, str]:
    page = PAGES_DIR / f"{name}.html"
    return page.read_bytes(), json.loads(page.with_suffix(".json").read_text("utf-8"))["url"]


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def open_file(driver, path: Path, size: tuple[int, int] = LAPTOP) -> None:
    driver.set_window_size(*size)
    driver.get(path.as_uri())


@pytest.mark.parametrize("name", OUTLET_PAGES)
def test_each_outlets_report_shows_kept_and_removed_blocks(browser, name, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    explanation = explain(*golden(name))
    report = tmp_path / "report.html"
    report.write_text(render(explanation), encoding="utf-8")
    open_file(browser, report)
    assert browser.title == f"newsasia explain: {explanation.article.title}"

    screenshot = browser.get_screenshot_as_png()
    width, height = png_size(screenshot)
    assert width >= 600 and height >= 400
    assert len(screenshot) > 30_000  # a blank or one-colour page compresses to a few KB

    kept = browser.find_elements(By.CSS_SELECTOR, "section.block.kept")
    removed = browser.find_elements(By.CSS_SELECTOR, "section.block.removed")
    assert len(kept) == len(explanation.kept) > 0
    assert len(removed) == len(explanation.removed) > 0
    roles = [section.get_attribute("data-role") for section in kept]
    assert roles == [block.role for block in explanation.kept]
    assert "body" in roles and "title" in roles
    reasons = [section.get_attribute("data-reason") for section in removed]
    assert reasons == [block.reason for block in explanation.removed]
    assert all(section.get_attribute("data-kind") for section in removed)
    # Marked so a reader sees it: the border colours and styles differ, the reason is shown.
    first_kept = kept[0]
    first_removed = browser.find_element(By.CSS_SELECTOR, "#blocks > section.block.removed")
    assert first_kept.value_of_css_property("border-left-color") == KEPT_BORDER
    assert first_removed.value_of_css_property("border-left-color") == REMOVED_BORDER
    assert first_removed.value_of_css_property("border-left-style") == "dashed"
    reason = first_removed.find_element(By.CSS_SELECTOR, ".reason")
    assert reason.is_displayed()
    assert reason.text.endswith(first_removed.get_attribute("data-reason"))
    # Runs of the page's chrome are folded: closed, their blocks hidden until opened.
    for folded in browser.find_elements(By.CSS_SELECTOR, "details.folded"):
        inside = folded.find_elements(By.CSS_SELECTOR, "section.block")
        assert len(inside) == int(folded.get_attribute("data-blocks"))
        assert not inside[0].is_displayed()
    if folded := browser.find_elements(By.CSS_SELECTOR, "details.folded"):
        folded[0].find_element(By.TAG_NAME, "summary").click()
        assert folded[0].find_elements(By.CSS_SELECTOR, "section.block")[0].is_displayed()

    # A laptop: the blocks and the Article side by side; a phone: one above the other.
    blocks = browser.find_element(By.ID, "blocks").rect
    article = browser.find_element(By.ID, "article").rect
    assert article["x"] >= blocks["x"] + blocks["width"]
    browser.set_window_size(*PHONE)
    blocks = browser.find_element(By.ID, "blocks").rect
    article = browser.find_element(By.ID, "article").rect
    assert article["y"] + article["height"] <= blocks["y"]
    viewport = browser.execute_script("return document.documentElement.clientWidth")
    assert blocks["width"] <= viewport  # nothing wider than the phone's screen
    assert browser.execute_script("return document.documentElement.scrollWidth") <= viewport
    assert png_size(browser.get_screenshot_as_png())[0] < width


def without_policy(report: str) -> str:
    policy = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
    assert policy in report
    return report.replace(policy, "")


def nothing_ran(driver, beacon: Beacon) -> list[str]:
    """What the payloads did, if anything: the title, a marker element, requests."""
    from selenium.webdriver.common.by import By

    time.sleep(SETTLE_SECONDS)
    done = []
    if driver.title == PWNED:  # the report's own title quotes the payload: only equality says
        done.append(f"title {driver.title!r}")
    if driver.find_elements(By.ID, "pwned"):
        done.append("marker element added")
    done += [f"request {path}" for path in beacon.hits]
    return done


def test_the_hostile_page_runs_its_payloads_when_opened_itself(browser, beacon, tmp_path):
    """The control: opened directly, the page does what its payloads say, and the checks of
    the next test see it."""
    page = tmp_path / "hostile.html"
    page.write_text(hostile_page(beacon.url), encoding="utf-8")
    open_file(browser, page)
    done = nothing_ran(browser, beacon)
    assert any(item.startswith("title") for item in done), done
    assert any(item.startswith("request /") for item in done), done


@pytest.mark.parametrize("policy", ["with the policy", "escaping alone"])
def test_nothing_from_a_hostile_page_runs_or_loads_in_its_report(
    browser, beacon, tmp_path, policy
) -> None:
    from selenium.webdriver.common.by import By

    explanation = explain(hostile_page(beacon.url).encode(), HOSTILE_URL)
    report = render(explanation)
    if policy == "escaping alone":
        report = without_policy(report)
    path = tmp_path / "report.html"
    path.write_text(report, encoding="utf-8")
    open_file(browser, path)
    assert nothing_ran(browser, beacon) == []
    assert browser.title.startswith("newsasia explain: Проверка отчёта <script>")
    # The payloads written as text are there, as text.
    text = browser.find_element(By.TAG_NAME, "body").text
    assert f"document.title='{PWNED}'" in text and "<iframe src=" in text
    for tag in ("script", "iframe", "img", "svg", "a", "object", "embed"):
        assert browser.find_elements(By.TAG_NAME, tag) == [], tag
    assert browser.find_elements(By.CSS_SELECTOR, "section.block.removed")


def test_no_golden_pages_report_is_wider_than_a_phone(browser, tmp_path) -> None:
    # Element names like TASS's `div.Paragraph_paragraph__nYCys.SubscribeBlock_wrapper__oUUSZ`
    # are one unbreakable word: on a 375-pixel screen they must wrap, not scroll the page
    # sideways. Folded runs are opened: a reader opens them.
    too_wide = []
    browser.set_window_size(375, 812)
    for page in sorted(PAGES_DIR.glob("*/*.html")):
        try:
            explanation = explain(
                page.read_bytes(), golden(str(page.relative_to(PAGES_DIR))[:-5])[1]
            )
        except ExtractionError:
            continue  # a listing or an error page: no report
        report = tmp_path / "report.html"
        report.write_text(render(explanation), encoding="utf-8")
        browser.get(report.as_uri())
        browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        if width > browser.execute_script("return document.documentElement.clientWidth"):
            too_wide.append((page.name, width))
    assert too_wide == []
