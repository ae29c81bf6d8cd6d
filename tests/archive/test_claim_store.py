"""Claims of archived articles: `unspun batch` stores each report's check-worthy claims with their structure and
vector; `unspun archive claims` (and `batch --claims`) stores what they match, the same as `check --db` reports."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from unspun.archive import Archive, claim_report, claim_store, factchecks, references
from unspun.cli import main

DATA = Path(__file__).parents[1] / "data" / "factchecks"
ARTICLE = str(DATA / "article.txt")
SKIP = ["--skip", "machine_text"]


def _archive(path: Path, reviews: list[str]) -> str:
    db = str(path)
    with Archive.open(db) as a:
        for f in reviews:
            factchecks.import_file(a, DATA / f)
        a.add_articles([json.loads(x) for x in (DATA / "references.jsonl").read_text().splitlines()], source="refs")
        references.index(a)
    return db


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An archive of fact-checks and reference articles, the article batched into it with --claims, and what
    `check --db` reports for the same article on the same archive (before the batch added it)."""
    d = tmp_path_factory.mktemp("claim_store")
    db = _archive(d / "a.db", ["reviews.jsonld", "reviews.jsonl"])
    pristine = str(d / "pristine.db")
    shutil.copy(db, pristine)
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", ARTICLE, "--db", db, "--format", "json", *SKIP]) == 0
        report = json.loads(out.getvalue())
        assert main(["batch", ARTICLE, "--db", db, *SKIP, "--claims", "--json"]) == 0
    summary = json.loads(out.getvalue()[out.getvalue().index("}\n{") + 2:])
    return {"dir": d, "db": db, "pristine": pristine, "report": report, "summary": summary}


def _rows(db: str, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as c:
        return c.execute(sql, args).fetchall()


def test_claim_store_batch_summary(built: dict[str, Any]) -> None:
    s = built["summary"]["claims"]
    # embedded: the query vectors (MiniLM with the claim_query adapter) are computed by the first lookup; the
    # analyzer's stock vectors, stored by the batch, are not the ones the fact-check search compares
    assert (s["claims"], s["with_fact_checks"], s["with_passages"], s["embedded"]) == (3, 3, 3, 3)
    assert s["verdicts"] == {"supports": 1, "contradicts": 0, "related": 2}


@pytest.mark.parametrize("ordinal", [1, 2, 3])
def test_claim_store_claims_are_the_reports_findings(built: dict[str, Any], ordinal: int) -> None:
    report = built["report"]
    f = next(f for f in report["findings"] if f["analyzer"] == "checkworthy_claims" and f["data"]["rank"] == ordinal)
    (start, end, text, score, structure, body), = _rows(
        built["db"], 'SELECT c.start, c."end", c.text, c.score, c.structure, a.body FROM claims c '
                     "JOIN articles a ON a.id = c.article_id WHERE c.ordinal = ?", (ordinal,))
    assert (start, end, score) == (f["spans"][0]["start"], f["spans"][0]["end"], f["score"])
    assert text == report["document"]["text"][start:end] and text in body
    assert json.loads(structure) == f["data"]["structure"]
    assert set(json.loads(structure)) >= {"who", "what", "when", "where", "quantities"}


@pytest.mark.parametrize("vectors", ["the analyzer's (stock MiniLM, stored by the batch)",
                                     "the lookup's (MiniLM with the query adapter)"])
def test_claim_store_vectors(built: dict[str, Any], vectors: str) -> None:
    from unspun.archive.claims import QUERY_TOKENS, query_model_name, query_vectors
    from unspun.archive.copies import embedding_model_name
    from unspun.runtime import embed

    stock = vectors.startswith("the analyzer's")
    rows = _rows(built["db"], "SELECT c.text, e.vector FROM claims c JOIN embeddings e ON e.kind = 'claim' AND "
                              "e.ref_id = c.id AND e.model = ? ORDER BY c.id",
                 (embedding_model_name() if stock else query_model_name(),))
    assert len(rows) == 3
    texts = [r[0] for r in rows]
    want = embed.embed(texts, max_tokens=QUERY_TOKENS) if stock else query_vectors(texts)
    got = np.stack([np.frombuffer(r[1], dtype="<f4") for r in rows])
    assert np.allclose(got, want, atol=1e-5)


@pytest.mark.parametrize("ordinal", [1, 2, 3])
def test_claim_store_matches_equal_check_db(built: dict[str, Any], ordinal: int) -> None:
    """What the archive stores for a claim is what `check --db` reports for it."""
    report = built["report"]
    span = next(f["spans"][0] for f in report["findings"]
                if f["analyzer"] == "checkworthy_claims" and f["data"]["rank"] == ordinal)
    per = {name: next(c["matches"] for c in report["summary"][name]["claims"] if c["span"] == span)
           for name in ("fact_checks", "reference_passages")}
    fcs = _rows(built["db"], "SELECT m.rank, m.fact_check_id, m.score, m.cosine FROM claim_matches m JOIN claims c "
                             "ON c.id = m.claim_id WHERE c.ordinal = ? ORDER BY m.rank", (ordinal,))
    assert fcs == [(k, m["fact_check_id"], m["score"], m["cosine"]) for k, m in enumerate(per["fact_checks"], 1)]
    refs = _rows(built["db"], 'SELECT p.rank, p.article_id, p.start, p."end", p.text, p.verdict, p.similarity, '
                              "json_extract(p.detail, '$.url') FROM claim_passages p JOIN claims c ON c.id = p.claim_id "
                              "WHERE c.ordinal = ? ORDER BY p.rank", (ordinal,))
    assert refs == [(k, r["article_id"], r["passage"]["start"], r["passage"]["end"], r["passage"]["text"], r["verdict"],
                     r["similarity"], r["url"]) for k, r in enumerate(per["reference_passages"], 1)]
    assert refs, "every claim of the sample has a related passage"


@pytest.mark.parametrize(("step", "looked_up"), [
    ("again, nothing new", 0),
    ("a fact-check imported", 3),
    ("--rebuild", 3),
])
def test_claim_store_lookup_is_incremental(built: dict[str, Any], tmp_path: Path, step: str, looked_up: int) -> None:
    db = str(tmp_path / "a.db")
    shutil.copy(built["db"], db)
    if step == "a fact-check imported":
        with Archive.open(db) as a:
            factchecks.import_file(a, DATA / "unrelated.jsonl")
    with Archive.open(db) as a:
        s = claim_store.lookup(a, rebuild=step == "--rebuild")
    assert s.claims == looked_up
    assert _rows(db, "SELECT count(*) FROM claim_matches") == [(3,)]  # the unrelated fact-check matches nothing


def test_claim_store_reads_claims_of_older_reports(built: dict[str, Any], tmp_path: Path) -> None:
    """An archive batched before claims were stored: the first lookup reads them from the reports."""
    db = str(tmp_path / "a.db")
    shutil.copy(built["db"], db)
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("DELETE FROM claims")
    assert _rows(db, "SELECT count(*) FROM embeddings WHERE kind = 'claim'") == [(0,)]  # gone with their claims
    with Archive.open(db) as a:
        s = claim_store.lookup(a)
    assert (s.read_from_reports, s.claims, s.embedded, s.with_fact_checks) == (3, 3, 3, 3)
    assert _rows(db, "SELECT ordinal, text FROM claims ORDER BY ordinal") == _rows(
        built["db"], "SELECT ordinal, text FROM claims ORDER BY ordinal")


def test_claim_store_a_failed_chunk_writes_nothing(built: dict[str, Any], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """One transaction a chunk: a failure while writing the second leaves the first looked up and the rest as
    they were (no claim with some of its matches)."""
    db = str(tmp_path / "a.db")
    shutil.copy(built["db"], db)
    monkeypatch.setattr(claim_store, "CHUNK", 1)
    real = claim_store.write_matches
    calls = []

    def flaky(archive: Archive, ids: list[int], *rest: Any) -> None:
        calls.append(ids)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        real(archive, ids, *rest)

    monkeypatch.setattr(claim_store, "write_matches", flaky)
    with Archive.open(db) as a, pytest.raises(sqlite3.OperationalError):
        claim_store.lookup(a, rebuild=True)
    first, second = calls[0][0], calls[1][0]
    assert _rows(db, "SELECT count(*) FROM claim_matches WHERE claim_id = ?", (first,)) == [(1,)]
    # the second claim keeps its earlier matches, whole (its failed replacement was rolled back)
    assert _rows(db, "SELECT count(*) FROM claim_matches WHERE claim_id = ?", (second,)) == [(1,)]
    assert _rows(db, "SELECT count(*) FROM claim_passages WHERE claim_id = ?", (second,)) == [(1,)]


@pytest.mark.parametrize(("bad", "column"), [("claim text missing", 3), ("score missing", 4)])
def test_claim_store_batch_item_is_one_transaction(built: dict[str, Any], tmp_path: Path, bad: str, column: int) -> None:
    """A claim row that cannot be written takes the item's article, report and findings with it."""
    from dataclasses import replace

    from unspun.archive import worker
    from unspun.archive.identity import profile_of
    from unspun.archive.sources import Item, plan, read

    db = str(tmp_path / "a.db")
    shutil.copy(built["pristine"], db)
    item = next(x for inp in plan([ARTICLE]) for x in read(inp))
    assert isinstance(item, Item)
    settings = worker.Settings(skip=("machine_text",))
    pipe = settings.pipeline()
    profile = profile_of(pipe)
    r = worker.analyse(pipe, profile.key, item)
    assert len(r.claims) == 3
    row = list(r.claims[1])
    row[column] = None
    broken = replace(r, claims=(r.claims[0], tuple(row), r.claims[2]))
    with Archive.open(db) as a:
        a.start_run(profile, "{}")
        before = a.counts()
        with pytest.raises(sqlite3.Error):
            a.add_result(broken)
        assert a.counts() == before
        assert _rows(db, "SELECT count(*) FROM claims") == [(0,)]
        a.add_result(r)
    assert _rows(db, "SELECT count(*) FROM claims") == [(3,)]


def test_claim_store_check_db_embeds_a_claim_once_for_the_search(built: dict[str, Any],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`check --db` embeds a claim once for the fact-check search, with the query adapter; the stock vector at
    the search's cut is the analyzer's, not computed again (judging the passages reads a claim again, as a
    headline, with the headline-support analyzer's own cut)."""
    from unspun import inputs
    from unspun.archive.claims import QUERY_TOKENS
    from unspun.pipeline import Pipeline
    from unspun.runtime import embed

    doc = inputs.from_text(Path(ARTICLE).read_text(encoding="utf-8"), source=ARTICLE)
    report = Pipeline.default(only=["checkworthy_claims"]).run(doc)
    seen: dict[str | None, list[str]] = {}
    real = embed.embed

    def counting(batch: list[str], **kw: Any) -> np.ndarray:
        if kw.get("max_tokens") == QUERY_TOKENS:
            seen.setdefault(kw.get("adapter"), []).extend(batch)
        return real(batch, **kw)

    monkeypatch.setattr(embed, "embed", counting)
    with Archive.open(built["pristine"]) as a:
        out = claim_report.attach(report, a)
    assert [r.status for r in out.analyzers[-2:]] == ["ok", "ok"]
    claims = [doc.span_text(f.spans[0]) for f in report.findings_of("checkworthy_claims")]
    assert len(claims) == 3 and not set(claims) & set(seen.get(None, []))
    assert sorted(seen["claim_query"]) == sorted(claims)


def test_claim_store_served_claims(built: dict[str, Any]) -> None:
    """`serve --db` lists an article's claims with what they matched (GET /v1/archive/articles/ID/claims)."""
    from fastapi.testclient import TestClient

    from unspun.web import create_app

    (aid,), = _rows(built["db"], "SELECT id FROM articles WHERE source != 'refs'")
    with TestClient(create_app(fast=True, warm=False, db=built["db"])) as c:
        r = c.get(f"/v1/archive/articles/{aid}/claims")
    assert r.status_code == 200, r.text
    claims = r.json()["claims"]
    assert [x["rank"] for x in claims] == [1, 2, 3]
    assert [x["text"] for x in claims] == [t for (t,) in _rows(built["db"], "SELECT text FROM claims ORDER BY ordinal")]
    assert all(x["looked_up"] and x["structure"]["what"] for x in claims)
    assert [len(x["fact_checks"]) for x in claims] == [
        n for (n,) in _rows(built["db"], "SELECT (SELECT count(*) FROM claim_matches m WHERE m.claim_id = c.id) "
                                         "FROM claims c ORDER BY c.ordinal")]
    ferry = next(x for x in claims if x["text"].startswith("Ferry"))
    assert (ferry["reference_passages"][0]["verdict"], ferry["reference_passages"][0]["url"]) == (
        "supports", "https://harbourpost.example/ferry")
    assert ferry["fact_checks"][0]["publisher"] == "Harbour Facts"


@pytest.mark.parametrize(("archive", "args", "says"), [
    ("no fact-checks, no passages", SKIP, "none looked up: the archive holds no fact-checks and no indexed passages"),
    ("no claims", ["--fast"], "have no check-worthy claims"),
])
def test_claim_store_says_why_nothing_was_looked_up(built: dict[str, Any], tmp_path: Path, archive: str,
                                                    args: list[str], says: str) -> None:
    import contextlib
    import io

    db = str(tmp_path / "a.db")
    if archive == "no claims":
        shutil.copy(built["pristine"], db)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["batch", ARTICLE, "--db", db, *args]) == 0
    with Archive.open(db) as a:
        s = claim_store.lookup(a)
    assert s.claims == 0 and says in s.text()
    assert _rows(db, "SELECT count(*) FROM claims WHERE looked_up IS NOT NULL") == [(0,)]
