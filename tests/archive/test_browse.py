"""Browsing an archive (`serve --db`): filters, order and pages, the filters' choices, one stored report, errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.archive import sample as archive_sample
from unspun import errors
from unspun.archive.browse import Browser, Query
from unspun.archive.store import Archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Browser, dict[str, int]]:
    path = tmp_path_factory.mktemp("browse") / "a.db"
    ids = archive_sample.build(path)
    return Browser(str(path)), ids


def _ext(b: Browser, ids: dict[str, int], q: Query) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    return [by_id[a["id"]] for a in b.articles(q)["articles"]]


@pytest.mark.parametrize(
    ("name", "query", "expected"),
    [
        # newest first by publication date; the undated article sorts by when the archive first saw it (now)
        ("all", Query(), ["nosite-1", "wire-3", "raw-1", "shout-3", "wire-1", "farm-1", "shout-1", "shout-2",
                          "wire-2"]),
        ("oldest", Query(sort="oldest", per_page=3), ["wire-2", "shout-2", "shout-1"]),
        ("page 2", Query(sort="oldest", per_page=3, page=2), ["farm-1", "wire-1", "shout-3"]),
        ("past the end", Query(page=4, per_page=3), []),
        ("site", Query(site="Wire"), ["wire-3", "raw-1", "wire-1", "wire-2"]),
        ("unknown site", Query(site="wire"), []),  # exact, as stored
        ("words, stemmed", Query(q="fares"), ["wire-3", "shout-2", "wire-2"]),
        ("all the words", Query(q="council fare rise"), ["wire-3", "wire-2"]),
        ("last word a prefix", Query(q="LIBR"), ["raw-1", "farm-1", "shout-1"]),
        ("no word in it", Query(q="!!"), ["nosite-1", "wire-3", "raw-1", "shout-3", "wire-1", "farm-1", "shout-1",
                                          "shout-2", "wire-2"]),
        ("fts syntax is text", Query(q='"storm* (-'), ["shout-3", "wire-1"]),  # quotes, stars, brackets: no FTS syntax error
        ("every word must match", Query(q="storm OR budget"), []),
        ("severity alone", Query(severity="medium"), ["shout-3", "farm-1", "shout-1", "shout-2"]),
        ("severity high", Query(severity="high"), []),
        ("analyzer", Query(analyzer="headline_wording"), ["shout-3", "farm-1", "shout-1", "shout-2"]),
        ("label", Query(analyzer="headline_wording", label="teaser"), ["shout-2"]),
        ("label alone", Query(label="exclamation"), ["farm-1", "shout-1", "shout-2"]),
        ("label and severity", Query(label="all_caps", severity="high"), []),
        ("unknown analyzer", Query(analyzer="clickbait"), []),
        ("dates inclusive", Query(since="2024-03-01", until="2024-04-02"), ["wire-1", "farm-1", "shout-1"]),
        ("since", Query(since="2024-06-30"), ["nosite-1", "wire-3"]),
        ("until", Query(until="2024-01-15"), ["wire-2"]),
        ("together", Query(site="Daily Shout", q="storm", severity="medium", since="2024-04-01"), ["shout-3"]),
    ],
)
def test_browse_filters_order_and_pages(archive: tuple[Browser, dict[str, int]], name: str, query: Query,
                                        expected: list[str]) -> None:
    b, ids = archive
    assert _ext(b, ids, query) == expected


@pytest.mark.parametrize(
    ("query", "total", "pages"),
    [(Query(), 9, 1), (Query(per_page=4), 9, 3), (Query(per_page=4, page=3), 9, 3), (Query(site="none"), 0, 1)],
)
def test_browse_total_counts_every_match(archive: tuple[Browser, dict[str, int]], query: Query, total: int,
                                         pages: int) -> None:
    out = archive[0].articles(query)
    assert (out["total"], out["pages"]) == (total, pages)


def test_browse_rows_carry_report_labels_and_cluster(archive: tuple[Browser, dict[str, int]]) -> None:
    b, ids = archive
    rows: dict[int, dict[str, Any]] = {a["id"]: a for a in b.articles(Query())["articles"]}
    shout = rows[ids["shout-1"]]
    assert shout["site"] == "Daily Shout" and shout["published"] == "2024-03-01"
    assert shout["url"] == "https://example.org/shout-1" and shout["date"].startswith("2024-03-01")
    assert shout["report"]["max_severity"] == "medium"
    labels = {(x["analyzer"], x["label"]) for x in shout["report"]["labels"]}
    assert ("headline_wording", "all_caps") in labels and ("headline_wording", "exclamation") in labels
    assert shout["report"]["findings"] == sum(x["count"] for x in shout["report"]["labels"])
    assert shout["cluster"] == {"id": 1, "relation": "earliest", "size": 2, "earliest": ids["shout-1"]}
    assert rows[ids["farm-1"]]["cluster"]["relation"] == "verbatim"
    assert rows[ids["wire-1"]]["report"]["max_severity"] is None and rows[ids["wire-1"]]["cluster"] is None
    assert rows[ids["raw-1"]]["report"] is None  # stored without a check
    assert rows[ids["nosite-1"]]["published_at"] is None  # dated by first_seen


def test_browse_facets(archive: tuple[Browser, dict[str, int]]) -> None:
    f = archive[0].facets()
    assert (f["articles"], f["reports"], f["clusters"], f["n_sites"]) == (9, 8, 1, 3)
    assert f["sites"] == [{"site": "Wire", "articles": 4}, {"site": "Daily Shout", "articles": 3},
                          {"site": "Copy Farm", "articles": 1}]
    assert {(x["analyzer"], x["label"]) for x in f["labels"]} == {
        ("headline_wording", "all_caps"), ("headline_wording", "exclamation"), ("headline_wording", "teaser")}
    assert f["dates"]["first"] == "2024-01-15"


def test_browse_facets_follow_new_articles(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    archive_sample.build(path)
    b = Browser(str(path))
    assert b.facets()["articles"] == 9
    with Archive.open(str(path)) as a:
        a.add_articles([{"headline": "Another one", "body": "More text here.", "site": "New Site"}])
    f = b.facets()
    assert f["articles"] == 10 and {"site": "New Site", "articles": 1} in f["sites"]


def test_browse_report_is_the_stored_one(archive: tuple[Browser, dict[str, int]]) -> None:
    b, ids = archive
    report = b.report(ids["shout-1"])
    with Archive.open(b.path, create=False) as a:
        assert report == a.report(ids["shout-1"])
    doc = report["document"]
    assert doc["text"][doc["headline"]["start"]:doc["headline"]["end"]] == "SHOCKING: Mayor opens library!!"


@pytest.mark.parametrize(
    ("which", "message"),
    [("raw-1", "has no report"), ("missing", "is not in the archive")],
)
def test_browse_report_missing_is_e153(archive: tuple[Browser, dict[str, int]], which: str, message: str) -> None:
    b, ids = archive
    with pytest.raises(errors.UnspunError, match=message) as exc:
        b.report(ids.get(which, 10_000))
    assert exc.value.code == errors.E_ARCHIVE_ITEM and exc.value.http_status == 404


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"severity": "severe"}, "severity to be one of info, low, medium, high"),
        ({"sort": "best"}, "sort to be one of newest, oldest"),
        ({"since": "2024-02-30"}, "since to be a date as YYYY-MM-DD"),
        ({"until": "yesterday"}, "until to be a date as YYYY-MM-DD"),
        ({"page": 0}, "page to be a page number from 1"),
        ({"per_page": 201}, "per_page to be from 1 to 200"),
    ],
)
def test_browse_bad_query_is_e120(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(errors.UnspunError, match=message) as exc:
        Query(**kwargs)
    assert exc.value.code == errors.E_BAD_OPTION


def _other_db(path: Path) -> None:
    c = sqlite3.connect(path)
    c.execute("CREATE TABLE t (x)")
    c.close()


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: None, errors.E_ARCHIVE_OPEN),  # no such file: not created
        (lambda p: p.write_text("not a database", encoding="utf-8"), errors.E_NOT_ARCHIVE),
        (_other_db, errors.E_NOT_ARCHIVE),
    ],
    ids=["missing", "text file", "other sqlite"],
)
def test_browse_refuses_what_is_not_an_archive(tmp_path: Path, make: Any, code: str) -> None:
    path = tmp_path / "x.db"
    make(path)
    with pytest.raises(errors.UnspunError) as exc:
        Browser(str(path))
    assert exc.value.code == code
    assert not (tmp_path / "x.db").exists() or code != errors.E_ARCHIVE_OPEN  # a missing archive is not created


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (Query(analyzer="headline_wording", label="all_caps"), ["shout-3", "farm-1"]),
        (Query(severity="medium"), ["shout-3", "farm-1", "shout-2"]),
        (Query(label="exclamation", severity="low"), ["farm-1", "shout-2"]),
    ],
)
def test_browse_filters_read_the_current_report_only(tmp_path: Path, query: Query, expected: list[str]) -> None:
    """An article checked again under another profile: its newest report, which flags nothing, is the one the
    finding and severity filters read, not the older one with the findings."""
    path = tmp_path / "a.db"
    ids = archive_sample.build(path)
    b = Browser(str(path))
    assert "shout-1" in _ext(b, ids, query)  # one report each: the fast path
    with Archive.open(str(path)) as a:
        a.conn.execute("INSERT INTO profiles VALUES ('newer', '{}', 't')")
        blob = a.conn.execute("SELECT encoding, report FROM reports WHERE article_id = ?", (ids["shout-1"],)).fetchone()
        a.conn.execute("INSERT INTO reports(article_id, profile_key, content_hash, encoding, report, max_severity, "
                       "n_findings, n_failed, duration_ms, created) VALUES (?, 'newer', 'h', ?, ?, NULL, 0, 0, 1.0, 't')",
                       (ids["shout-1"], *blob))
    assert _ext(b, ids, query) == expected
    row = next(x for x in b.articles(Query())["articles"] if x["id"] == ids["shout-1"])
    assert row["report"]["max_severity"] is None and row["report"]["labels"] == []
