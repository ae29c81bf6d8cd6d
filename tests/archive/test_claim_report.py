"""`unspun check ARTICLE --db ARCHIVE`: earlier fact-checks and reference passages per check-worthy claim, in
the JSON report (validated), the terminal and the HTML page; plainly "none" when nothing matches."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT
from unspun.archive import Archive, factchecks, references
from unspun.cli import main

DATA = Path(__file__).parents[1] / "data" / "factchecks"
SCHEMA = json.loads((ROOT / "src" / "unspun" / "schema" / "report.schema.json").read_text(encoding="utf-8"))
ARTICLE = str(DATA / "article.txt")


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("claims")
    out = {}
    for name, reviews, refs in (("full", ["reviews.jsonld", "reviews.jsonl"], True), ("unrelated", ["unrelated.jsonl"], False),
                                ("empty", [], False)):
        db = str(d / f"{name}.db")
        with Archive.open(db) as a:
            for f in reviews:
                factchecks.import_file(a, DATA / f)
            if refs:
                a.add_articles([json.loads(x) for x in (DATA / "references.jsonl").read_text().splitlines()], source="refs")
                references.index(a)
        out[name] = db
    return out


def _report(db: str, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    assert main(["check", ARTICLE, "--db", db, "--format", "json", "--skip", "machine_text"]) == 0
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, SCHEMA)
    return report  # type: ignore[no-any-return]


@pytest.mark.parametrize(("archive", "publishers", "ratings"), [
    ("full", ["Harbour Facts", "Checkdesk", "Harbour Facts"], ["False", "Half true", "Mostly true"]),
    ("unrelated", [None, None, None], [None, None, None]),
])
def test_check_db_fact_checks(archives: dict[str, str], capsys: pytest.CaptureFixture[str], archive: str,
                              publishers: list[str | None], ratings: list[str | None]) -> None:
    report = _report(archives[archive], capsys)
    s = report["summary"]["fact_checks"]
    best = [c["matches"][0] if c["matches"] else None for c in s["claims"]]
    assert [b and b["publisher"] for b in best] == publishers
    assert [b and b["rating"]["label"] for b in best] == ratings
    for c in s["claims"]:  # each claim's span is its text in the article
        assert report["document"]["text"][c["span"]["start"]:c["span"]["end"]] == c["text"]
    found = [f for f in report["findings"] if f["analyzer"] == "fact_checks"]
    assert len(found) == sum(1 for b in best if b)
    if archive == "unrelated":
        assert s["line"].startswith("No earlier fact-check in the archive (1) matches any of the 3")
    else:  # the one rated False is a low finding, with its link
        assert found[0]["severity"] == "low" and "https://harbourfacts.example/checks/bridge-toll" in found[0]["explanation"]


def test_check_db_reference_passages(archives: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(archives["full"], capsys)
    claims = report["summary"]["reference_passages"]["claims"]
    ferry = claims[2]["matches"][0]
    assert (ferry["verdict"], ferry["url"], ferry["date"]) == ("supports", "https://harbourpost.example/ferry", "2026-01-05")
    refs = {json.loads(x)["url"]: json.loads(x) for x in (DATA / "references.jsonl").read_text().splitlines()}
    for c in claims:
        for m in c["matches"]:
            r = refs[m["url"]]
            text = f"{r['headline']}\n\n{r['body']}"
            assert text[m["passage"]["start"]:m["passage"]["end"]] == m["passage"]["text"]
            for sp in m["reference_spans"]:
                assert 0 <= sp["start"] < sp["end"] <= len(text)
    # "doubled" against "raised by ten percent": the same topic, not a restatement
    assert claims[0]["matches"][0]["verdict"] == "related"


@pytest.mark.parametrize(("archive", "expect"), [
    ("full", ["claim 1: The city council doubled", "False · Harbour Facts · 2026-03-14",
              "https://harbourfacts.example/checks/bridge-toll", "SUPPORTS · harbourpost.example · 2026-01-05"]),
    ("unrelated", ["no earlier fact-check matches", "reference_passages: not applicable — the archive holds no indexed "
                                                    "passages; 'unspun archive index --db ARCHIVE' indexes its articles"]),
    ("empty", ["fact_checks: not applicable — the archive holds no fact-checks"]),
])
def test_check_db_terminal(archives: dict[str, str], capsys: pytest.CaptureFixture[str], archive: str,
                           expect: list[str]) -> None:
    assert main(["check", ARTICLE, "--db", archives[archive], "--skip", "machine_text", "--no-color"]) == 0
    out = capsys.readouterr().out
    for e in expect:
        assert e in out


def test_check_db_html(archives: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", ARTICLE, "--db", archives["full"], "--skip", "machine_text", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "<h3>Earlier fact-checks</h3>" in page and "<h3>Reference passages</h3>" in page
    assert '<a href="https://harbourfacts.example/checks/bridge-toll" rel="noreferrer">False · Harbour Facts' in page


@pytest.mark.parametrize(("label", "value", "best", "worst", "false"), [
    ("False", None, None, None, True),
    ("Pants on Fire!", None, None, None, True),
    ("Mostly true", 4.0, 5.0, 1.0, False),
    (None, 1.0, 5.0, None, True),  # the bottom of a 1-5 scale
    (None, 0.0, 10.0, 0.0, True),
    (None, 1.0, 10.0, 0.0, False),
    (None, None, None, None, False),
])
def test_check_db_rated_false(label: str | None, value: float | None, best: float | None, worst: float | None,
                              false: bool) -> None:
    from unspun.archive.claim_report import rated_false

    assert rated_false({"rating": {"label": label, "value": value, "best": best, "worst": worst}}) is false
