"""The archive's HTTP API (`unspun serve --db`): list and filter, one stored report, errors, start-up checks."""

from __future__ import annotations

import json
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from tests.archive import sample as archive_sample
from tests.conftest import ROOT
from unspun import errors
from unspun.archive.store import Archive
from unspun.cli import main
from unspun.web import create_app

SCHEMA = json.loads((ROOT / "src" / "unspun" / "schema" / "report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, int], Path]]:
    path = tmp_path_factory.mktemp("serve") / "news.db"
    ids = archive_sample.build(path)
    with TestClient(create_app(fast=True, warm=False, db=str(path))) as c:
        yield c, ids, path


def _ids(c: TestClient, ids: dict[str, int], **params: Any) -> list[str]:
    r = c.get("/v1/archive/articles", params=params)
    assert r.status_code == 200, r.text
    by_id = {v: k for k, v in ids.items()}
    return [by_id[a["id"]] for a in r.json()["articles"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"site": "Wire"}, ["wire-3", "raw-1", "wire-1", "wire-2"]),
        ({"q": "fare"}, ["wire-3", "shout-2", "wire-2"]),
        ({"severity": "medium", "sort": "oldest"}, ["shout-2", "shout-1", "farm-1", "shout-3"]),
        ({"analyzer": "headline_wording", "label": "teaser"}, ["shout-2"]),
        ({"since": "2024-03-01", "until": "2024-04-02"}, ["wire-1", "farm-1", "shout-1"]),
        ({"site": "Wire", "per_page": 2, "page": 2}, ["wire-1", "wire-2"]),
        # an empty form field is no filter
        ({"site": "", "q": "", "analyzer": "", "label": "", "since": "", "until": "", "per_page": 3},
         ["nosite-1", "wire-3", "raw-1"]),
    ],
)
def test_web_archive_list_filters(served: tuple[TestClient, dict[str, int], Path], params: dict[str, Any],
                                  expected: list[str]) -> None:
    c, ids, _ = served
    assert _ids(c, ids, **params) == expected


def test_web_archive_list_page_shape(served: tuple[TestClient, dict[str, int], Path]) -> None:
    c, ids, _ = served
    body = c.get("/v1/archive/articles", params={"site": "Daily Shout", "per_page": 2}).json()
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (3, 1, 2, 2)
    assert body["query"]["site"] == "Daily Shout"
    first = body["articles"][0]
    assert first["id"] == ids["shout-3"] and first["headline"] == "TOTAL CHAOS as storm hits the coast"
    assert first["report"]["max_severity"] == "medium"
    assert {x["label"] for x in first["report"]["labels"]} == {"all_caps"}


def test_web_archive_info(served: tuple[TestClient, dict[str, int], Path]) -> None:
    c, _, _ = served
    info = c.get("/v1/archive").json()
    assert info["archive"] == "news.db"
    assert (info["articles"], info["reports"], info["clusters"]) == (9, 8, 1)
    assert info["sites"][0] == {"site": "Wire", "articles": 4}
    assert "teaser" in {x["label"] for x in info["labels"]}
    assert c.get("/v1/health").json()["archive"] == "news.db"


def test_web_archive_report_is_the_stored_one(served: tuple[TestClient, dict[str, int], Path]) -> None:
    c, ids, path = served
    r = c.get(f"/v1/archive/articles/{ids['shout-2']}/report")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    report = r.json()
    jsonschema.validate(report, SCHEMA)
    with Archive.open(str(path), create=False) as a:
        assert report == a.report(ids["shout-2"])
    assert [f["label"] for f in report["findings"]] == [
        f["label"] for f in report["findings"] if f["analyzer"] == "headline_wording"]


@pytest.mark.parametrize(
    ("url", "status", "code", "field"),
    [
        ("/v1/archive/articles?severity=severe", 422, "E150", "severity"),
        ("/v1/archive/articles?per_page=500", 422, "E150", "per_page"),
        ("/v1/archive/articles?page=0", 422, "E150", "page"),
        ("/v1/archive/articles?since=March", 422, "E120", None),
        ("/v1/archive/articles?sort=best", 422, "E150", "sort"),
        ("/v1/archive/articles?until=2024-02-30", 422, "E120", None),  # the shape of a date, not a date
        ("/v1/archive/articles/abc/report", 422, "E150", "article_id"),
        ("/v1/archive/articles/100000/report", 404, "E153", None),
        ("/v1/archive/articles/abc/claims", 422, "E150", "article_id"),
        ("/v1/archive/articles/100000/claims", 404, "E153", None),
    ],
)
def test_web_archive_bad_requests_name_the_problem(served: tuple[TestClient, dict[str, int], Path], url: str,
                                                   status: int, code: str, field: str | None) -> None:
    c, _, _ = served
    r = c.get(url)
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"] == code and err.get("field") == field
    assert err["expected"] and err["got"] and err["fix"]
    if code == "E150":
        assert "query parameters" in err["expected"] and repr(url.rsplit("=", 1)[-1]) in err["got"] or field == "article_id"


@pytest.mark.parametrize("what", ["report", "claims"])
def test_web_archive_unchecked_article_has_no_report(served: tuple[TestClient, dict[str, int], Path], what: str) -> None:
    c, ids, _ = served
    r = c.get(f"/v1/archive/articles/{ids['raw-1']}/{what}")
    assert r.status_code == 404 and "has no report" in r.json()["error"]["message"]


def test_web_archive_fast_report_has_no_claims(served: tuple[TestClient, dict[str, int], Path]) -> None:
    c, ids, _ = served
    r = c.get(f"/v1/archive/articles/{ids['shout-1']}/claims")
    assert r.status_code == 200 and r.json() == {"article_id": ids["shout-1"], "claims": []}


@pytest.mark.parametrize(
    ("article", "looked_up", "fact_checks", "passages"),
    [("wire-2", True, 1, 1), ("wire-1", True, 0, 0), ("wire-3", False, 0, 0)],
    ids=["matched", "nothing-matched", "not-looked-up"],
)
def test_web_archive_stored_claims(served: tuple[TestClient, dict[str, int], Path], article: str, looked_up: bool,
                                   fact_checks: int, passages: int) -> None:
    """A stored claim's span quotes the report's text; its matches carry rating, publisher, date, link and verdict."""
    c, ids, _ = served
    r = c.get(f"/v1/archive/articles/{ids[article]}/claims")
    assert r.status_code == 200, r.text
    [claim] = r.json()["claims"]
    text = c.get(f"/v1/archive/articles/{ids[article]}/report").json()["document"]["text"]
    sentence, structure, _ = archive_sample.CLAIMS[article]
    assert claim["text"] == text[claim["start"]:claim["end"]] == sentence
    assert bool(claim["looked_up"]) is looked_up
    assert (len(claim["fact_checks"]), len(claim["reference_passages"])) == (fact_checks, passages)
    if structure:
        assert all(text[w["start"]:w["end"]] == w["text"] for w in claim["structure"]["who"] + claim["structure"]["when"])
    if fact_checks:
        fc = claim["fact_checks"][0]
        review = archive_sample.FACT_CHECK
        assert (fc["claim_reviewed"], fc["publisher"], fc["date"], fc["url"]) == (
            review["claimReviewed"], review["author"]["name"], review["datePublished"], review["url"])
        assert fc["rating"] == {"label": "Mostly true", "value": 4, "best": 5}
        ref = claim["reference_passages"][0]
        assert (ref["verdict"], ref["article_id"], ref["site"]) == ("supports", ids["shout-2"], "Daily Shout")
        source = c.get(f"/v1/archive/articles/{ids['shout-2']}/report").json()["document"]["text"]
        assert source[ref["passage"]["start"]:ref["passage"]["end"]] == ref["passage"]["text"]


@pytest.mark.parametrize("url", ["/v1/archive", "/v1/archive/articles", "/v1/archive/articles/1/report",
                                 "/v1/archive/articles/1/claims"])
def test_web_archive_routes_without_an_archive_are_e152(url: str) -> None:
    with TestClient(create_app(fast=True, warm=False)) as c:
        r = c.get(url)
        assert r.status_code == 404 and r.json()["error"]["code"] == "E152"
        assert "--db" in r.json()["error"]["fix"]
        assert c.get("/v1/health").json()["archive"] is None


def test_web_archive_openapi_documents_the_routes(served: tuple[TestClient, dict[str, int], Path]) -> None:
    c, _, _ = served
    spec = c.get("/openapi.json").json()
    listing = spec["paths"]["/v1/archive/articles"]["get"]
    params = {p["name"]: p for p in listing["parameters"]}
    assert set(params) == {"site", "analyzer", "label", "severity", "q", "since", "until", "sort", "page", "per_page"}
    assert all(p.get("description") for p in params.values())
    assert "/v1/archive/articles/{article_id}/report" in spec["paths"] and "/v1/archive" in spec["paths"]
    assert "ArticlePage" in spec["components"]["schemas"]
    assert c.get("/static/archive.js").status_code == 200
    assert '<script src="/static/archive.js" defer></script>' in c.get("/").text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _text_file(p: Path) -> None:
    p.write_text("hello", encoding="utf-8")


def _other_sqlite(p: Path) -> None:
    c = sqlite3.connect(p)
    c.execute("CREATE TABLE t (x)")
    c.close()


def _newer(p: Path) -> None:
    Archive.open(str(p)).close()
    c = sqlite3.connect(p)
    c.execute("PRAGMA user_version = 999")
    c.close()


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (None, "E162", "no such file"),
        (_text_file, "E160", "not a SQLite database"),
        (_other_sqlite, "E160", "another program"),
        (_newer, "E161", "schema version 999"),
    ],
    ids=["missing", "text", "other-sqlite", "newer"],
)
def test_web_archive_bad_archive_stops_serve_at_start(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      make: Any, code: str, words: str) -> None:
    path = tmp_path / "x.db"
    if make is not None:
        make(path)
    with pytest.raises(errors.UnspunError, match=words) as exc:
        create_app(fast=True, warm=False, db=str(path))
    assert exc.value.code == code
    assert main(["serve", "--db", str(path), "--port", str(_free_port())]) == 2  # before any model loads
    err = capsys.readouterr().err
    assert f"error {code}" in err and words in err and "Traceback" not in err
    assert not path.exists() or make is not None  # a missing archive is not created
