"""The page at / in a real browser: Playwright for Python driving Debian's chromium.

The server runs in a thread on a free loopback port. A failing test leaves a
screenshot in test-artifacts/. Skipped when /usr/bin/chromium or playwright is
missing (.ci/run installs chromium with apt-get; never `playwright install`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import resources
from tests.conftest import EXAMPLES
from tests.web.browsing import MARKS, chromium, served, watched_page
from unspun.analyzers import registry

CONTENT_FARM = (EXAMPLES / "content-farm.txt").read_text(encoding="utf-8")
#: A 3,000-word news article written for these tests: findings from its headline to its last paragraph.
LONG_ARTICLE = (Path(__file__).parent / "long_article.txt").read_text(encoding="utf-8")
#: A long real page (Quanta Magazine, about 3,000 words) from ../shared/data/real-news-pages.
LONG_REAL_PAGE = Path("real-news-pages") / "readability" / "quanta-1" / "source.html"

pytestmark = MARKS
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from unspun.web import create_app

    with served(create_app(fast=True), start_s=30) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(sync_api) as b:
        yield b


@pytest.fixture
def page(browser: Any, server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page at /; keeps a screenshot when the test fails; fails on script errors."""
    with watched_page(browser, request, server + "/") as pg:
        yield pg


def _check(pg: Any, text: str) -> dict[str, Any]:
    """Paste ``text``, click Check, wait for the results; return the report the page rendered."""
    pg.fill("#article-text", text)
    with pg.expect_response("**/v1/check") as resp:
        pg.click("#check-btn")
    report: dict[str, Any] = resp.value.json()
    sync_api.expect(pg.locator("#results")).to_be_visible()
    sync_api.expect(pg.locator("#status")).to_contain_text("Checked in")
    return report


def test_web_browser_paste_check_highlights_every_finding(page: Any) -> None:
    report = _check(page, CONTENT_FARM)
    text = report["document"]["text"]
    assert report["findings"], "the content-farm example must raise findings"
    marks = page.locator("#article mark")
    assert marks.count() > 0
    ids = {int(i) for m in marks.evaluate_all("ms => ms.map(m => m.dataset.findings)") for i in m.split()}
    spanned = {i for i, f in enumerate(report["findings"]) if f["spans"]}
    assert ids == spanned  # every finding with a span is highlighted, and nothing else
    headline_marks = page.locator("#headline mark").all_inner_texts()
    assert {"TOTAL", "CHAOS"} <= set(headline_marks)
    for f in report["findings"]:
        for s in f["spans"]:
            if s["end"] > report["document"]["body"]["start"]:
                assert page.locator("#body mark").count() > 0
    if not any(f["analyzer"] == "headline_support" for f in report["findings"]):
        sync_api.expect(page.locator("#legend")).to_be_hidden()
    if "headline_support" in registry.names():
        # the content-farm headline claims what its body never supports
        claim = page.locator("#headline mark.verdict-unsupported")
        assert claim.count() >= 1
        assert claim.first.inner_text() in text


def test_web_browser_click_and_keyboard_show_explanation(page: Any) -> None:
    report = _check(page, CONTENT_FARM)
    mark = page.locator("#headline mark", has_text="CHAOS")
    mark.click()
    i = int(mark.get_attribute("data-findings").split()[0])
    sync_api.expect(page.locator("#detail")).to_contain_text(report["findings"][i]["explanation"])
    # keyboard: marks are focusable and Enter opens them
    page.locator("#check-btn").focus()
    other = page.locator("#headline mark").first
    assert other.get_attribute("tabindex") == "0"
    other.focus()
    page.keyboard.press("Enter")
    j = int(other.get_attribute("data-findings").split()[0])
    sync_api.expect(page.locator("#detail")).to_contain_text(report["findings"][j]["explanation"])
    # the findings list is made of buttons that lead to the same explanation
    page.locator(f'#findings button[data-finding="{i}"]').click()
    sync_api.expect(page.locator("#detail")).to_contain_text(report["findings"][i]["explanation"])


def test_web_browser_toggle_hides_an_analyzers_spans(page: Any) -> None:
    _check(page, CONTENT_FARM)
    sel = '#article mark[data-analyzers~="headline_wording"]'
    n = page.locator(sel).count()
    assert n > 0
    box = page.locator('#toggles input[data-analyzer="headline_wording"]')
    box.uncheck()
    assert page.locator(sel).count() == 0
    assert page.locator("#findings button", has_text="headline_wording").count() == 0
    box.check()
    assert page.locator(sel).count() == n


def _synthetic_report() -> dict[str, Any]:
    """A hand-made report with headline_support verdicts, as that analyzer reports them."""
    head = "Mayor bans cars downtown, cuts bus fares"
    body = "The mayor proposed limits on cars in the city centre. Bus fares will fall by 10 percent in May."
    text = head + "\n\n" + body
    b0 = len(head) + 2
    s2 = text.index("Bus fares")

    def span(a: int, b: int) -> dict[str, int]:
        return {"start": a, "end": b}

    claims = [("bans cars downtown", "unsupported", "high", [span(b0, s2 - 1)]),
              ("cuts bus fares", "supported", "info", [span(s2, len(text))])]
    findings = []
    for words, label, sev, evidence in claims:
        a = text.index(words)
        findings.append({"analyzer": "headline_support", "label": label, "severity": sev, "score": 0.9,
                         "spans": [span(a, a + len(words))], "evidence": evidence,
                         "explanation": f'The headline claim "{words}" is {label} by the body.'})
    return {
        "schema": "unspun.report/1", "unspun_version": "0.1.0",
        "document": {"text": text, "headline": span(0, len(head)), "body": span(b0, len(text)),
                     "paragraphs": [span(b0, len(text))], "sentences": [span(b0, s2 - 1), span(s2, len(text))],
                     "metadata": {k: {"value": None, "source": "absent"} for k in ("url", "site", "author", "published")},
                     "input_kind": "parts"},
        "language": {"english": True, "language": "en", "reason": ""},
        "summary": {"findings": 2, "by_severity": {"high": 1, "medium": 0, "low": 0, "info": 1}, "max_severity": "high",
                    "analyzers_run": 1, "analyzers_not_applicable": 0, "analyzers_failed": 0,
                    "headline_support": {"verdict": "partly_supported", "claims": []}},
        "findings": findings,
        "analyzers": [{"name": "headline_support", "status": "ok", "reason": "2 finding(s)", "params": {}}],
    }


def test_web_browser_headline_claims_coloured_by_verdict(page: Any) -> None:
    report = _synthetic_report()
    page.evaluate("r => window.unspun.renderReport(r)", report)
    unsupported = page.locator("#headline mark.verdict-unsupported")
    supported = page.locator("#headline mark.verdict-supported")
    assert unsupported.all_inner_texts() == ["bans cars downtown"]
    assert supported.all_inner_texts() == ["cuts bus fares"]
    bg = [m.evaluate("m => getComputedStyle(m).backgroundColor") for m in (unsupported, supported)]
    assert bg[0] != bg[1]
    sync_api.expect(page.locator("#legend")).to_be_visible()
    sync_api.expect(page.locator("#headline-verdict")).to_contain_text("partly supported")
    unsupported.click()
    sync_api.expect(page.locator("#detail blockquote.evidence")).to_have_text(
        "The mayor proposed limits on cars in the city centre.")


@pytest.mark.parametrize(
    ("name", "headline"),
    [
        ("markup", 'SHOCKING <img src=x onerror="window.__xss=1"> <b>news</b> & more'),
        ("script", "SHOCKING </script><script>window.__xss=1</script> report"),
        ("astral", "🚀🚀 SHOCKING rocket news from the 𝔐𝔞𝔯𝔰 base"),
    ],
)
def test_web_browser_article_text_is_text_not_markup(page: Any, name: str, headline: str) -> None:
    _check(page, headline + "\n\nThe agency said the launch went as planned on Monday. Engineers checked the data.")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#headline img, #headline b, #headline script").count() == 0
    assert page.locator("#headline").inner_text() == headline
    # offsets count code points: the mark covers exactly the flagged word, even after emoji
    assert "SHOCKING" in page.locator("#headline mark").all_inner_texts()


def test_web_browser_file_upload_html(page: Any, tmp_path: Path) -> None:
    f = tmp_path / "story.html"
    f.write_text("<html><head><title>Officials SLAM shocking plan</title></head><body><article>"
                 "<h1>Officials SLAM shocking plan</h1><p>The council met on Tuesday to discuss the plan for "
                 "the new bridge.</p><p>Several members said they needed more time to read the report.</p>"
                 "</article></body></html>", encoding="utf-8")
    page.set_input_files("#file-input", str(f))
    sync_api.expect(page.locator("#file-name")).to_contain_text("story.html")
    assert page.locator('input[name="mode"][value="file"]').is_checked()
    with page.expect_response("**/v1/check") as resp:
        page.click("#check-btn")
    assert resp.value.ok
    sync_api.expect(page.locator("#headline")).to_have_text("Officials SLAM shocking plan")
    assert page.locator("#headline mark").count() > 0


def test_web_browser_drop_txt_file(page: Any) -> None:
    page.evaluate("""text => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], "dropped.txt", {type: "text/plain"}));
        document.getElementById("article-text").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", resources.SENSATIONAL)
    sync_api.expect(page.locator("#file-name")).to_contain_text("dropped.txt (plain text")
    page.click("#check-btn")
    sync_api.expect(page.locator("#headline")).to_have_text(resources.SENSATIONAL.split("\n", 1)[0])
    assert "SHOCKING" in page.locator("#headline mark").all_inner_texts()


def test_web_browser_refused_url_shows_the_error(page: Any) -> None:
    page.check('input[name="mode"][value="url"]')
    page.fill("#article-url", "http://127.0.0.1:9/internal")
    page.click("#check-btn")
    status = page.locator("#status")
    sync_api.expect(status).to_contain_text("E111")
    assert status.get_attribute("role") == "alert"
    assert page.locator("#results").is_hidden()


def test_web_browser_downloads_json_and_html(page: Any) -> None:
    report = _check(page, resources.SENSATIONAL)
    with page.expect_download() as d:
        page.click("#dl-json")
    assert d.value.suggested_filename == "unspun-report.json"
    assert json.loads(Path(d.value.path()).read_text(encoding="utf-8")) == report
    with page.expect_download() as d:
        page.click("#dl-html")
    assert d.value.suggested_filename == "unspun-report.html"
    html = Path(d.value.path()).read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<mark" in html and "SHOCKING" in html


@pytest.mark.parametrize("page", [390], indirect=True, ids=["phone"])
def test_web_browser_phone_width_has_no_sideways_scroll(page: Any) -> None:
    _check(page, CONTENT_FARM)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    box = page.locator("#headline").bounding_box()
    assert box["width"] <= 390
    # the side panel stacks under the article; a tapped passage brings its reason into view and back
    assert page.locator("#summary-panel").bounding_box()["y"] > box["y"]
    mark = page.locator("#headline mark").first
    mark.click()
    sync_api.expect(page.locator("#detail-panel")).to_be_in_viewport()
    page.click("#detail button.back")
    sync_api.expect(mark).to_be_focused()
    sync_api.expect(mark).to_be_in_viewport()


def test_web_browser_docs_page_renders_offline(page: Any, server: str) -> None:
    page.goto(server + "/docs")
    sync_api.expect(page.locator("#api")).to_contain_text("POST /v1/check")
    sync_api.expect(page.locator("#api table.fields").first).to_contain_text("headline")


# -- the page as an editor uses it, on a long article (issue 15, item 7) -------------------

def _watch(pg: Any) -> list[str]:
    """Every console error, failed request and 4xx/5xx answer the page meets from now on (the page
    fixture lets expected 4xx answers pass; on these pages none is expected, a missing icon included)."""
    seen: list[str] = []
    pg.on("console", lambda m: seen.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("requestfailed", lambda r: seen.append(f"failed: {r.url}"))
    pg.on("response", lambda r: seen.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    return seen


def _in_reach(pg: Any, selector: str) -> bool:
    """True when the element is inside the window and nothing covers its centre."""
    return bool(pg.evaluate("""sel => {
        const e = document.querySelector(sel), r = e.getBoundingClientRect();
        if (r.width === 0 || r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) return false;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== null && (hit === e || e.contains(hit));
    }""", selector))


def _use_like_an_editor(pg: Any, report: dict[str, Any]) -> None:
    """After Check: the results come into view; at the end of the article the downloads are in reach and work;
    the last flagged passage explains itself; "New check" leads back to the form."""
    assert report["findings"], "a long article with no findings cannot show the flow"
    pg.wait_for_function("() => Math.abs(document.getElementById('results').getBoundingClientRect().top) < 2")
    assert pg.evaluate("document.activeElement.id") == "results"
    sync_api.expect(pg.locator("#results-count")).to_contain_text(f"{len(report['findings'])} finding")
    for where in ("#body > p:last-child", "#findings-panel li:last-child"):  # the article's end, the page's end
        pg.locator(where).scroll_into_view_if_needed()
        pg.wait_for_timeout(100)
        assert _in_reach(pg, "#dl-json") and _in_reach(pg, "#dl-html"), f"downloads out of reach at {where}"
    with pg.expect_download() as d:
        pg.click("#dl-json")
    assert json.loads(Path(d.value.path()).read_text(encoding="utf-8")) == report
    with pg.expect_download() as d:
        pg.click("#dl-html")
    assert d.value.suggested_filename == "unspun-report.html"
    assert "<mark" in Path(d.value.path()).read_text(encoding="utf-8")
    last = pg.locator("#article mark").last
    last.scroll_into_view_if_needed()
    last.click()
    i = int(last.get_attribute("data-findings").split()[0])
    sync_api.expect(pg.locator("#detail")).to_contain_text(report["findings"][i]["explanation"])
    sync_api.expect(pg.locator("#detail-panel h2")).to_be_in_viewport()
    assert _in_reach(pg, "#detail-panel h2")  # not under the results bar
    pg.click("#new-check")
    sync_api.expect(pg.locator("#article-text, #file-input").and_(pg.locator(":focus"))).to_have_count(1)
    pg.wait_for_function("() => document.getElementById('input').getBoundingClientRect().top > -2")


@pytest.mark.parametrize("page", [1280, 390], indirect=True, ids=["desktop", "phone"])
def test_web_browser_long_article_as_an_editor_uses_it(page: Any) -> None:
    problems = _watch(page)
    assert len(LONG_ARTICLE.split()) >= 2900
    report = _check(page, LONG_ARTICLE)
    last_paragraph = report["document"]["paragraphs"][-1]
    assert any(s["start"] >= last_paragraph["start"] - 2000 for f in report["findings"] for s in f["spans"])
    _use_like_an_editor(page, report)
    # the icon the page names is served (no 404 in a browser's console), and so is /favicon.ico
    for href in (page.evaluate("document.querySelector('link[rel~=icon]').href"), "/favicon.ico"):
        status, kind = page.evaluate("u => fetch(u).then(r => [r.status, r.headers.get('content-type')])", href)
        assert status == 200 and kind.startswith("image/svg+xml"), (href, status, kind)
    assert not problems, problems


def test_web_browser_long_real_page_as_an_editor_uses_it(page: Any, shared_data: Path) -> None:
    source = shared_data / LONG_REAL_PAGE
    if not source.is_file():
        pytest.skip(f"{source} is not present")
    problems = _watch(page)
    page.set_input_files("#file-input", str(source))
    with page.expect_response("**/v1/check") as resp:
        page.click("#check-btn")
    assert resp.value.ok
    report: dict[str, Any] = resp.value.json()
    assert len(report["document"]["text"].split()) >= 2500
    sync_api.expect(page.locator("#status")).to_contain_text("Checked in")
    _use_like_an_editor(page, report)
    assert not problems, problems
