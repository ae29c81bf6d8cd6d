"""The archive in the page (`unspun serve --db`), in a real browser: Playwright for Python driving Debian's chromium.

Lists the archive's articles, filters them, pages through them, and opens an article's stored report in the
page's report view. The server runs in a thread on a free loopback port (as in test_web_browser.py); a
failing test leaves a screenshot in test-artifacts/. Skipped when /usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.archive import sample as archive_sample
from tests.web.browsing import MARKS, chromium, served, watched_page

pytestmark = MARKS
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def served_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    from unspun.web import create_app

    path = tmp_path_factory.mktemp("browse") / "news.db"
    ids = archive_sample.build(path)
    with served(create_app(fast=True, db=str(path))) as url:
        yield url, ids


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(sync_api) as b:
        yield b


@pytest.fixture
def page(browser: Any, served_archive: tuple[str, dict[str, int]], request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page (at the address the test gives); a screenshot when the test fails; no script errors."""
    with watched_page(browser, request) as pg:
        yield pg


def _open(pg: Any, base: str, fragment: str = "#archive") -> None:
    pg.goto(base + "/" + fragment)
    expect(pg.locator("#archive")).to_be_visible()
    expect(pg.locator("#ar-status")).to_contain_text("of ")


def _headlines(pg: Any) -> list[str]:
    return [str(h) for h in pg.locator("#ar-list button.open").all_inner_texts()]


def _filter(pg: Any) -> None:
    with pg.expect_response("**/v1/archive/articles?**"):
        pg.click("#ar-apply")


def test_web_archive_browser_lists_the_archive(page: Any, served_archive: tuple[str, dict[str, int]]) -> None:
    base, _ = served_archive
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
def test_web_archive_browser_filters(page: Any, served_archive: tuple[str, dict[str, int]], fill: dict[str, str],
                                     select: dict[str, str], expected: list[str]) -> None:
    base, _ = served_archive
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


def test_web_archive_browser_no_match_says_so(page: Any, served_archive: tuple[str, dict[str, int]]) -> None:
    _open(page, served_archive[0])
    page.fill("#ar-q", "zeppelin")
    _filter(page)
    expect(page.locator("#ar-status")).to_have_text("No article matches these filters.")
    expect(page.locator("#ar-list li")).to_have_count(0)


def test_web_archive_browser_pages(page: Any, served_archive: tuple[str, dict[str, int]]) -> None:
    _open(page, served_archive[0], "#archive?per_page=4")
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


def test_web_archive_browser_opens_a_stored_report(page: Any, served_archive: tuple[str, dict[str, int]]) -> None:
    base, ids = served_archive
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
    expect(page.locator("#claims-panel")).to_be_hidden()  # stored claims belong to an archived report


@pytest.mark.parametrize(
    ("headline", "status", "shown"),
    [
        ("Council approves 4 percent fare rise", "1 check-worthy claim stored.",
         ["The council voted 7-2 on Tuesday.", "who: Council", "what: voted", "when: on Tuesday = 2024-01-09",
          "how much: 7-2", "Earlier fact-checks (1):", "Mostly true (4/5)", "<b>Fare</b> Check Desk", "2024-01-20",
          "The council voted 7-2 to raise bus fares", "Reference passages (1):", "supports",
          "You Won't Believe What the Council Did With Your Fares!", "Daily Shout · 2024-02-10",
          "The council raised fares."]),
        ("Storm closes schools across the county", "1 check-worthy claim stored.",
         ["Schools closed on Monday.", "No earlier fact-check matched.", "No reference passage found."]),
        ("Fares to rise again next year, council says",
         "1 check-worthy claim stored; 1 not looked up yet: run unspun archive claims --db news.db to look it up.",
         ["The council said so.", "Not looked up yet: unspun archive claims --db news.db looks it up"]),
        ("SHOCKING: Mayor opens library!!", "No claims stored: this report was made without the checkworthy_claims "
         "analyzer (the fast profile stores no claims).", []),
    ],
    ids=["matched", "nothing-matched", "not-looked-up", "fast-profile"],
)
def test_web_archive_browser_shows_stored_claims(page: Any, served_archive: tuple[str, dict[str, int]], headline: str,
                                                 status: str, shown: list[str]) -> None:
    """An opened report lists its stored claims with what they matched, or says why there are none; the
    archive's text stays text, and the page asks nothing of any other server."""
    base, _ = served_archive
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    _open(page, base)
    with page.expect_response("**/claims"):
        page.locator("#ar-list button.open", has_text=headline).first.click()
    expect(page.locator("#claims-panel")).to_be_visible()
    expect(page.locator("#claims-status")).to_contain_text(status)
    claims = page.locator("#claims li.claim")
    expect(claims).to_have_count(1 if shown else 0)
    for text in shown:
        expect(claims.first).to_contain_text(text)
    if headline.startswith("Council"):
        expect(claims.locator(".fact-check a")).to_have_attribute("href", "https://factcheck.example/council-fares")
        expect(claims.locator(".publisher")).to_have_text("<b>Fare</b> Check Desk")  # as text, not markup
        assert claims.locator(".publisher b").count() == 0
        expect(claims.locator(".passage .pill")).to_have_text("supports")
    assert asked and all(u.startswith(base + "/") for u in asked), asked


def test_web_archive_browser_unchecked_article_says_why(page: Any, served_archive: tuple[str, dict[str, int]]) -> None:
    _open(page, served_archive[0])
    page.locator("#ar-list button.open", has_text="Library hours extended").click()
    expect(page.locator("#ar-status")).to_contain_text("E153")
    expect(page.locator("#ar-status")).to_contain_text("has no report")
    expect(page.locator("#results")).to_be_hidden()


@pytest.mark.parametrize("page", [360], indirect=True)
def test_web_archive_browser_phone_width_has_no_sideways_scroll(page: Any, served_archive: tuple[str, dict[str, int]]) -> None:
    _open(page, served_archive[0])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    expect(page.locator("#ar-apply")).to_be_visible()


def test_web_archive_browser_page_without_archive_hides_it(page: Any, tmp_path: Path) -> None:
    """A server without --db: the page is the checker alone, and asks nothing of an archive."""
    from unspun.web import create_app

    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    with served(create_app(fast=True, warm=False)) as url:
        with page.expect_response("**/v1/health"):
            page.goto(url + "/")
        page.wait_for_load_state("networkidle")
        assert not [u for u in asked if "/v1/archive" in u]  # its health says there is none: no 404 to log
        expect(page.locator("#check-form")).to_be_visible()
        expect(page.locator("#archive")).to_be_hidden()
        expect(page.locator("#nav-archive")).to_be_hidden()
