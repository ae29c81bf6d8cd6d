"""The archive in the page (`unspun serve --db`), in a real browser: Playwright for Python driving Debian's chromium.

Lists the archive's articles, filters them, pages through them, and opens an article's stored report in the
page's report view. The server runs in a thread on a free loopback port (as in test_web_browser.py); a
failing test leaves a screenshot in test-artifacts/. Skipped when /usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.archive import sample as archive_sample
from tests.web.test_browser import ARGS, ARTIFACTS, CHROMIUM, _free_port

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    import uvicorn

    from unspun.web import create_app

    path = tmp_path_factory.mktemp("browse") / "news.db"
    ids = archive_sample.build(path)
    port = _free_port()
    app = create_app(fast=True, db=str(path))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        if time.monotonic() > deadline or not t.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    srv.should_exit = True
    t.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, served: tuple[str, dict[str, int]], request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page (at the address the test gives); a screenshot when the test fails; no script errors."""
    width = getattr(request, "param", 1280)
    ctx = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    failed_before = request.session.testsfailed
    yield pg
    if request.session.testsfailed > failed_before:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    ctx.close()
    unexpected = [p for p in problems if "status of 4" not in p]  # expected 404s (E153) log a console error
    assert not unexpected, unexpected


def _open(pg: Any, base: str, fragment: str = "#archive") -> None:
    pg.goto(base + "/" + fragment)
    expect(pg.locator("#archive")).to_be_visible()
    expect(pg.locator("#ar-status")).to_contain_text("of ")


def _headlines(pg: Any) -> list[str]:
    return [str(h) for h in pg.locator("#ar-list button.open").all_inner_texts()]


def _filter(pg: Any) -> None:
    with pg.expect_response("**/v1/archive/articles?**"):
        pg.click("#ar-apply")


def test_web_archive_browser_lists_the_archive(page: Any, served: tuple[str, dict[str, int]]) -> None:
    base, _ = served
    _open(page, base, "")
    expect(page.locator("#nav-archive")).to_be_visible()
    expect(page.locator("#ar-name")).to_have_text("(news.db)")
    expect(page.locator("#ar-counts")).to_contain_text("9 articles, 8 with a report")
    expect(page.locator("#ar-status")).to_have_text("1–9 of 9 articles.")
    heads = _headlines(page)
    assert heads[0] == "Budget passes after long debate" and heads[-1] == "Council approves 4 percent fare rise"
    row = page.locator("#ar-list li", has=page.locator("button", has_text="SHOCKING: Mayor opens library!!"))
    expect(row.locator(".pill.medium")).to_have_text("medium")
    expect(row).to_contain_text("2024-03-01")
    expect(row).to_contain_text("earliest of 2 copies")
    expect(page.locator("#ar-list li", has_text="Library hours extended")).to_contain_text("not checked")


@pytest.mark.parametrize(
    ("fill", "select", "expected"),
    [
        ({"#ar-site": "Wire"}, {}, ["Fares to rise again next year, council says", "Library hours extended",
                                     "Storm closes schools across the county", "Council approves 4 percent fare rise"]),
        ({"#ar-q": "storm"}, {}, ["TOTAL CHAOS as storm hits the coast", "Storm closes schools across the county"]),
        ({}, {"#ar-finding": "headline_wording|teaser"}, ["You Won't Believe What the Council Did With Your Fares!"]),
        ({"#ar-site": "Daily Shout"}, {"#ar-severity": "medium", "#ar-sort": "oldest"},
         ["You Won't Believe What the Council Did With Your Fares!", "SHOCKING: Mayor opens library!!",
          "TOTAL CHAOS as storm hits the coast"]),
        ({"#ar-since": "2024-03-01", "#ar-until": "2024-04-02"}, {},
         ["Storm closes schools across the county", "SHOCKING: Mayor opens a library!!",
          "SHOCKING: Mayor opens library!!"]),
    ],
    ids=["site", "words", "label", "site-severity-oldest", "dates"],
)
def test_web_archive_browser_filters(page: Any, served: tuple[str, dict[str, int]], fill: dict[str, str],
                                     select: dict[str, str], expected: list[str]) -> None:
    base, _ = served
    _open(page, base)
    for sel, value in fill.items():
        page.fill(sel, value)
    for sel, value in select.items():
        page.select_option(sel, value)
    _filter(page)
    expect(page.locator("#ar-list li")).to_have_count(len(expected))
    assert _headlines(page) == expected
    expect(page.locator("#ar-status")).to_have_text(f"1–{len(expected)} of {len(expected)} article"
                                                    + ("s." if len(expected) > 1 else "."))
    # the filters are in the address: a reload shows the same list
    assert page.url.split("#", 1)[1].startswith("archive?")
    page.reload()
    expect(page.locator("#ar-list li")).to_have_count(len(expected))
    assert _headlines(page) == expected
    page.click("#ar-clear")
    expect(page.locator("#ar-list li")).to_have_count(9)


def test_web_archive_browser_no_match_says_so(page: Any, served: tuple[str, dict[str, int]]) -> None:
    _open(page, served[0])
    page.fill("#ar-q", "zeppelin")
    _filter(page)
    expect(page.locator("#ar-status")).to_have_text("No article matches these filters.")
    expect(page.locator("#ar-list li")).to_have_count(0)


def test_web_archive_browser_pages(page: Any, served: tuple[str, dict[str, int]]) -> None:
    _open(page, served[0], "#archive?per_page=4")
    expect(page.locator("#ar-page")).to_have_text("Page 1 of 3")
    expect(page.locator("#ar-prev")).to_be_disabled()
    first = _headlines(page)
    with page.expect_response("**/v1/archive/articles?**"):
        page.click("#ar-next")
    expect(page.locator("#ar-page")).to_have_text("Page 2 of 3")
    expect(page.locator("#ar-status")).to_have_text("5–8 of 9 articles.")
    assert not set(first) & set(_headlines(page))
    with page.expect_response("**/v1/archive/articles?**"):
        page.click("#ar-next")
    expect(page.locator("#ar-list li")).to_have_count(1)
    expect(page.locator("#ar-next")).to_be_disabled()
    assert "page=3" in page.url


def test_web_archive_browser_opens_a_stored_report(page: Any, served: tuple[str, dict[str, int]]) -> None:
    base, ids = served
    _open(page, base)
    headline = "SHOCKING: Mayor opens library!!"
    with page.expect_response(f"**/v1/archive/articles/{ids['shout-1']}/report") as resp:
        page.locator("#ar-list button.open", has_text=headline).first.click()
    report = resp.value.json()
    expect(page.locator("#results")).to_be_visible()
    expect(page.locator("#headline")).to_have_text(headline)
    # the same report view as a fresh check: every finding with a span is highlighted
    marks = page.locator("#article mark")
    found = {int(i) for m in marks.evaluate_all("ms => ms.map(m => m.dataset.findings)") for i in m.split()}
    assert found == {i for i, f in enumerate(report["findings"]) if f["spans"]} and found
    expect(page.locator("#headline mark", has_text="SHOCKING")).to_have_count(1)
    expect(page.locator("#results-count")).to_contain_text(f"{len(report['findings'])} finding")
    page.locator("#headline mark", has_text="SHOCKING").click()
    expect(page.locator("#detail")).to_contain_text("capital letters")
    expect(page.locator("#dl-json")).to_be_visible()
    expect(page.locator("#dl-html")).to_be_hidden()  # the stored report is JSON; a fresh check offers HTML
    with page.expect_download() as dl:
        page.click("#dl-json")
    assert dl.value.suggested_filename == "unspun-report.json"
    page.click("#back-to-archive")
    expect(page.locator("#ar-list button.open", has_text=headline).first).to_be_focused()
    # a fresh check afterwards is a fresh check again: HTML download back, no way "back to the list"
    page.fill("#article-text", "Council approves 4 percent fare rise\n\nThe city council voted 7-2 on Tuesday.")
    with page.expect_response("**/v1/check"):
        page.click("#check-btn")
    expect(page.locator("#dl-html")).to_be_visible()
    expect(page.locator("#back-to-archive")).to_be_hidden()


def test_web_archive_browser_unchecked_article_says_why(page: Any, served: tuple[str, dict[str, int]]) -> None:
    _open(page, served[0])
    page.locator("#ar-list button.open", has_text="Library hours extended").click()
    expect(page.locator("#ar-status")).to_contain_text("E153")
    expect(page.locator("#ar-status")).to_contain_text("has no report")
    expect(page.locator("#results")).to_be_hidden()


@pytest.mark.parametrize("page", [360], indirect=True)
def test_web_archive_browser_phone_width_has_no_sideways_scroll(page: Any, served: tuple[str, dict[str, int]]) -> None:
    _open(page, served[0])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    expect(page.locator("#ar-apply")).to_be_visible()


def test_web_archive_browser_page_without_archive_hides_it(page: Any, tmp_path: Path) -> None:
    """A server without --db: the page is the checker alone, and asks nothing of an archive."""
    import uvicorn

    from unspun.web import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(fast=True, warm=False), host="127.0.0.1", port=port,
                                        log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    while not srv.started and t.is_alive():
        time.sleep(0.05)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    try:
        with page.expect_response("**/v1/health"):
            page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_load_state("networkidle")
        assert not [u for u in asked if "/v1/archive" in u]  # its health says there is none: no 404 to log
        expect(page.locator("#check-form")).to_be_visible()
        expect(page.locator("#archive")).to_be_hidden()
        expect(page.locator("#nav-archive")).to_be_hidden()
    finally:
        srv.should_exit = True
        t.join(10)
