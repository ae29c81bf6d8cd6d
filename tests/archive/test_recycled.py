"""Recycled content in an archive: each copy kind clustered, unrelated articles not, the earliest member, spans on
both sides, ``check --db`` lookups, signatures written with the report, dedupe incremental and idempotent."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from unspun.archive import Archive, batch, clustering, recycled, signatures, sources
from unspun.archive import near_dupes as nd
from unspun.archive.recycled_finding import FINDING
from unspun.archive.store import decode_report
from unspun.archive.worker import LocalEngine, Settings
from unspun.cli import main
from unspun.document import Document
from unspun.eval import recycled_data as rd

HARBOUR = rd.Article("harbour", "Northern pier to close for six weeks of repairs", (
    "The harbour authority said on Tuesday that the northern pier would close for repairs for six weeks, after "
    "divers found cracks in three of the concrete supports that hold up its deck.\n\n"
    "Fishing crews who moor at the pier will be moved to the southern basin, where twelve new berths were finished "
    "last spring, the authority's chief engineer told a meeting of the town council.\n\n"
    "Councillors asked why the cracks had not been found at the inspection in March. The engineer said the damage "
    "had spread quickly after the storms of late autumn, when waves reached the deck twice in one week.\n\n"
    "The repairs will cost about 400,000 pounds, which the authority will take from its reserve fund. A spokesman "
    "said the pier should reopen before the start of the summer ferry season."), "tests")
SCHOOL = rd.Article("school", "Free breakfast scheme reaches every primary school in the county", (
    "Every primary school in the county now offers a free breakfast, the education department announced on "
    "Monday, two years after a pilot scheme began in nine schools in the poorest districts.\n\n"
    "Head teachers say that pupils who eat at school arrive on time more often and find it easier to concentrate "
    "in morning lessons. The department's own survey found attendance rose by three percent in the pilot schools.\n\n"
    "The scheme costs the county about two million pounds a year. Opposition councillors welcomed it but asked "
    "how it would be paid for once a government grant ends in 2027.\n\n"
    "Parents can sign their children up through the school office; places are not limited, and no family is asked "
    "about its income."), "tests")
LAYOFFS = rd.Article("layoffs", "Software maker cuts 300 jobs as sales slow", (
    "A software company based in the city will cut 300 jobs, about a tenth of its staff, after two quarters in "
    "which its sales fell short of forecasts, its chief executive wrote in a letter to employees.\n\n"
    "The cuts fall mostly on the sales and marketing teams. Engineers working on the company's cloud products are "
    "not affected, the letter said, and the firm will keep hiring for a small number of roles.\n\n"
    "Shares in the company rose four percent after the announcement. Analysts said investors had expected deeper "
    "cuts and welcomed the plan to reduce spending on offices."), "tests")
ELECTION = rd.Article("election", "Turnout falls in the district's by-election", (
    "Fewer than a third of voters took part in Thursday's by-election in the eastern district, the lowest turnout "
    "recorded there since the ward boundaries were redrawn in 2004.\n\n"
    "The winning candidate, a retired nurse standing for the first time, took 41 percent of the vote. She said "
    "her first priority would be the closure of the district's only walk-in clinic.\n\n"
    "Election officials said the wet weather and the short campaign had kept many voters at home, and that postal "
    "votes made up nearly half of the ballots counted."), "tests")
#: The harbour story again, written independently: same facts, other words. Must not join HARBOUR.
HARBOUR_OTHER = rd.Article("harbour-other", "Cracked supports shut town pier", (
    "Engineers have shut the town's northern pier until early summer. An underwater survey last week showed three "
    "of its concrete legs had split, a finding officials blamed on the autumn gales.\n\n"
    "Boats normally tied up there are being sent to the new berths in the southern basin. Some skippers complained "
    "that the move adds half an hour to each trip out to the fishing grounds.\n\n"
    "The council heard that the work is expected to cost around 400,000 pounds. Members questioned why a routine "
    "check in the spring had missed the damage."), "tests")
ORIGINALS = [HARBOUR, SCHOOL, LAYOFFS, ELECTION]
FILLER = ["A paragraph from somewhere else entirely: the museum's new wing opens to visitors next month, with a "
          "display of maps from the seventeenth century and a room for school groups."]


def _copy(kind: str, orig: rd.Article = HARBOUR, seed: int = 1) -> rd.Article:
    return rd.make_copy(kind, orig, random.Random(seed), FILLER, seed)


def _article(a: rd.Article, published: str | None = None) -> dict[str, Any]:
    return {"id": a.id, "headline": a.headline, "body": a.body, "published": published,
            "url": f"https://{a.id}.example/", "site": f"{a.id}.example"}


def _archive(tmp_path: Path, articles: list[dict[str, Any]]) -> Archive:
    archive = Archive.open(str(tmp_path / "a.db"))
    archive.add_articles(articles)
    return archive


def _ids(archive: Archive) -> dict[int, str]:
    return {int(i): str(e) for i, e in archive.conn.execute("SELECT id, ext_id FROM articles")}


def _clusters(archive: Archive) -> list[tuple[str, list[tuple[str, str]]]]:
    ids = _ids(archive)
    return [(ids[c["earliest"]], sorted((ids[m["article_id"]], m["relation"]) for m in c["members"]))
            for c in clustering.clusters(archive.conn)]


KIND_RELATIONS = {
    "verbatim": {"verbatim"},
    "headline": {"verbatim"},  # the body is the same word for word
    "reordered": {"near_copy"},
    "inserted": {"near_copy"},
    "reworded": {"paraphrase", "near_copy"},
}


@pytest.mark.parametrize("kind", rd.KINDS)
def test_recycled_each_copy_kind_is_clustered(tmp_path: Path, kind: str) -> None:
    copy = _copy(kind)
    arts = [_article(HARBOUR, "2024-03-01"), _article(copy, "2024-03-05"),
            *(_article(a, "2024-03-02") for a in ORIGINALS[1:])]
    with _archive(tmp_path, arts) as archive:
        recycled.dedupe(archive)
        clusters = _clusters(archive)
    assert len(clusters) == 1, clusters
    earliest, members = clusters[0]
    assert earliest == "harbour"
    assert [m for m, _ in members] == sorted(["harbour", copy.id])
    assert dict(members)[copy.id] in KIND_RELATIONS[kind]


def test_recycled_reworded_copy_is_real_rewording() -> None:
    copy = _copy("reworded")
    a, b = nd.tokenize(HARBOUR.body), nd.tokenize(copy.body)
    j = nd.jaccard(nd.features(a, nd.SHINGLES), nd.features(b, nd.SHINGLES))
    assert j < 0.7  # words changed, not only moved
    assert set(a.words) - set(b.words)  # some words gone
    assert set(b.words) - set(a.words)  # others in their place


def test_recycled_unrelated_articles_are_not_joined(tmp_path: Path) -> None:
    arts = [_article(a, "2024-03-01") for a in [*ORIGINALS, HARBOUR_OTHER]]
    with _archive(tmp_path, arts) as archive:
        s = recycled.dedupe(archive)
        assert _clusters(archive) == []
    assert s.confirmed == {}


@pytest.mark.parametrize(("name", "dates", "earliest"), [
    ("by publication date", {"harbour": "2024-03-05", "copy-1-verbatim": "2024-03-01"}, "copy-1-verbatim"),
    ("date beats first seen", {"harbour": None, "copy-1-verbatim": "2020-01-01"}, "copy-1-verbatim"),
    ("same date: first seen, then id", {"harbour": "2024-03-01", "copy-1-verbatim": "2024-03-01"}, "harbour"),
    ("no dates: first seen", {"harbour": None, "copy-1-verbatim": None}, "harbour"),
    ("date and time", {"harbour": "2024-03-01T18:00:00+00:00", "copy-1-verbatim": "2024-03-01T09:00:00Z"},
     "copy-1-verbatim"),
])
def test_recycled_earliest_member_by_date_then_first_seen(tmp_path: Path, name: str, dates: dict[str, str | None],
                                                          earliest: str) -> None:
    copy = _copy("verbatim")
    arts = [_article(HARBOUR, dates["harbour"]), _article(copy, dates[copy.id])]
    with _archive(tmp_path, arts) as archive:
        recycled.dedupe(archive)
        assert _clusters(archive)[0][0] == earliest, name


def test_recycled_first_seen_decides_when_no_date(tmp_path: Path) -> None:
    copy = _copy("verbatim")
    with _archive(tmp_path, [_article(copy)]) as archive:
        archive.conn.execute("UPDATE articles SET first_seen = '2020-01-01T00:00:00+00:00'")
        archive.add_articles([_article(HARBOUR)])
        recycled.dedupe(archive)
        assert _clusters(archive)[0][0] == copy.id


def _text(archive: Archive, aid: int) -> str:
    h, b = archive.conn.execute("SELECT headline, body FROM articles WHERE id = ?", (aid,)).fetchone()
    return Document.from_parts(h, b).text


@pytest.mark.parametrize("kind", rd.KINDS)
def test_recycled_spans_on_both_sides_are_in_bounds(tmp_path: Path, kind: str) -> None:
    copy = _copy(kind)
    with _archive(tmp_path, [_article(HARBOUR, "2024-03-01"), _article(copy, "2024-03-02")]) as archive:
        recycled.dedupe(archive)
        rows = archive.conn.execute("SELECT article_id, relation, spans FROM cluster_members "
                                    "WHERE relation != 'earliest'").fetchall()
        assert len(rows) == 1
        aid, relation, spans = rows[0]
        d = json.loads(spans)
        mine, theirs = _text(archive, aid), _text(archive, d["with"])
        assert d["passages"]
        for p in d["passages"]:
            assert 0 <= p["start"] < p["end"] <= len(mine)
            assert 0 <= p["other_start"] < p["other_end"] <= len(theirs)
            if relation != "paraphrase":  # the same words on both sides
                assert (nd.tokenize(mine[p["start"]:p["end"]]).words
                        == nd.tokenize(theirs[p["other_start"]:p["other_end"]]).words)


def _jsonl(tmp_path: Path, name: str, arts: list[dict[str, Any]]) -> Path:
    p = tmp_path / name
    p.write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
    return p


CHEAP = Settings(only=("headline_wording",))


def _batch(db: Path, path: Path) -> batch.Summary:
    with Archive.open(str(db)) as a:
        return batch.run(a, sources.plan([str(path)]), LocalEngine(CHEAP), progress=False)


def test_recycled_batch_writes_signatures_with_the_report(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    _batch(db, _jsonl(tmp_path, "in.jsonl", [_article(a) for a in ORIGINALS]))
    c = sqlite3.connect(db)
    n_articles = c.execute("SELECT count(*) FROM articles").fetchone()[0]
    per_scheme = dict(c.execute("SELECT scheme, count(*) FROM signatures GROUP BY scheme").fetchall())
    bands = dict(c.execute("SELECT scheme, count(*) FROM signature_bands GROUP BY scheme").fetchall())
    c.close()
    assert per_scheme == {s.name: n_articles for s in nd.SCHEMES}
    assert bands == {s.name: n_articles * s.bands for s in nd.SCHEMES}


def _report(db: Path, ext_id: str) -> dict[str, Any]:
    c = sqlite3.connect(db)
    try:
        enc, blob = c.execute("SELECT r.encoding, r.report FROM current_reports r JOIN articles a ON a.id = r.article_id "
                              "WHERE a.ext_id = ?", (ext_id,)).fetchone()
    finally:
        c.close()
    return decode_report(enc, blob)


def test_recycled_batch_dedupe_puts_the_finding_in_each_members_report(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    copies = [_copy("verbatim"), _copy("inserted", seed=2)]
    arts = [_article(HARBOUR, "2024-03-01"), *(_article(c, "2024-04-01") for c in copies), _article(SCHOOL)]
    path = _jsonl(tmp_path, "in.jsonl", arts)
    assert main(["batch", str(path), "--db", str(db), "--only", "headline_wording", "--dedupe", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dedupe"]["clusters"] == 1 and out["dedupe"]["members"] == 3
    for ext, role, severity in [("harbour", "earliest", "info"), (copies[0].id, "copy", "low"), (copies[1].id, "copy", "low")]:
        report = _report(db, ext)
        fs = [f for f in report["findings"] if f["analyzer"] == FINDING]
        assert len(fs) == 1
        f = fs[0]
        assert (f["data"]["role"], f["severity"], f["label"]) == (role, severity, FINDING)
        text = report["document"]["text"]
        assert f["spans"] and all(0 <= s["start"] < s["end"] <= len(text) for s in f["spans"])
        assert report["summary"]["findings"] == len(report["findings"])
        assert report["summary"]["by_severity"][severity] >= 1
        assert any(a["name"] == FINDING for a in report["analyzers"])
    c = sqlite3.connect(db)
    rows = c.execute("SELECT a.ext_id, f.severity, f.ordinal, r.n_findings FROM findings f JOIN articles a ON a.id = f.article_id "
                     "JOIN reports r ON r.id = f.report_id WHERE f.analyzer = ?", (FINDING,)).fetchall()
    c.close()
    assert sorted(r[0] for r in rows) == sorted(["harbour", *(c.id for c in copies)])
    assert all(ordinal == n - 1 for _, _, ordinal, n in rows)  # the last finding of its report


def _snapshot(db: Path) -> tuple[Any, ...]:
    c = sqlite3.connect(db)
    try:
        return (c.execute("SELECT id, method, earliest_article_id, size FROM clusters ORDER BY id").fetchall(),
                c.execute("SELECT * FROM cluster_members ORDER BY cluster_id, article_id").fetchall(),
                [(aid, json.dumps({k: v for k, v in decode_report(e, b).items() if k != "unspun_version"}, sort_keys=True))
                 for aid, e, b in c.execute("SELECT article_id, encoding, report FROM reports ORDER BY id")],
                c.execute("SELECT report_id, ordinal, analyzer, severity, score, start, \"end\", explanation FROM findings "
                          "ORDER BY report_id, ordinal").fetchall())
    finally:
        c.close()


def test_recycled_dedupe_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    arts = [_article(HARBOUR, "2024-03-01"), _article(_copy("verbatim"), "2024-03-02"),
            _article(_copy("reordered", seed=3), "2024-03-03"), _article(SCHOOL), _article(LAYOFFS)]
    _batch(db, _jsonl(tmp_path, "in.jsonl", arts))
    with Archive.open(str(db)) as a:
        first = recycled.dedupe(a)
    once = _snapshot(db)
    with Archive.open(str(db)) as a:
        again = recycled.dedupe(a)
    assert (first.new, again.new, again.clusters) == (5, 0, 0)
    assert _snapshot(db) == once
    with Archive.open(str(db)) as a:
        rebuilt = recycled.dedupe(a, rebuild=True)
    assert rebuilt.clusters == 1
    assert _snapshot(db) == once
    assert main(["archive", "dedupe", "--db", str(db), "--rebuild"]) == 0
    assert _snapshot(db) == once


def test_recycled_dedupe_is_incremental(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    _batch(db, _jsonl(tmp_path, "one.jsonl", [_article(HARBOUR, "2024-03-01"), _article(_copy("verbatim"), "2024-03-02"),
                                                _article(SCHOOL), _article(LAYOFFS)]))
    with Archive.open(str(db)) as a:
        recycled.dedupe(a)
    late = _copy("inserted", seed=4)
    _batch(db, _jsonl(tmp_path, "two.jsonl", [_article(late, "2024-05-01"), _article(ELECTION)]))
    with Archive.open(str(db)) as a:
        s = recycled.dedupe(a)
        clusters = _clusters(a)
    assert (s.new, s.removed) == (2, 1)  # only the new articles are compared; the cluster they join is rewritten
    assert clusters == [("harbour", sorted([("harbour", "earliest"), ("copy-1-verbatim", "verbatim"),
                                             (late.id, "near_copy")]))]


def test_recycled_changed_article_leaves_its_cluster(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    copy = _copy("verbatim")
    _batch(db, _jsonl(tmp_path, "one.jsonl", [_article(HARBOUR, "2024-03-01"), _article(copy, "2024-03-02")]))
    with Archive.open(str(db)) as a:
        recycled.dedupe(a)
    assert any(f["analyzer"] == FINDING for f in _report(db, copy.id)["findings"])
    changed = {**_article(copy, "2024-03-02"), "body": ELECTION.body}  # same id, new content
    _batch(db, _jsonl(tmp_path, "two.jsonl", [changed]))
    with Archive.open(str(db)) as a:
        s = recycled.dedupe(a)
        assert _clusters(a) == []
    assert s.removed == 1
    for ext in ("harbour", copy.id):
        report = _report(db, ext)
        assert not any(f["analyzer"] == FINDING for f in report["findings"])
        assert report["summary"]["findings"] == len(report["findings"])


@pytest.mark.parametrize(("kind", "relation"), [("verbatim", "verbatim"), ("reordered", "near_copy"),
                                                 ("headline", "verbatim"), ("none", None)])
def test_recycled_check_db_reports_copies_without_adding(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str,
                                                         relation: str | None) -> None:
    db = tmp_path / "a.db"
    with _archive(tmp_path, [_article(HARBOUR, "2024-03-01"), *(_article(a) for a in ORIGINALS[1:])]):
        pass
    new = _copy(kind) if kind != "none" else HARBOUR_OTHER
    path = tmp_path / "new.txt"
    path.write_text(f"{new.headline}\n\n{new.body}\n", encoding="utf-8")
    before = sqlite3.connect(db).execute("SELECT count(*), (SELECT count(*) FROM signatures) FROM articles").fetchone()
    assert main(["check", str(path), "--db", str(db), "--only", "headline_wording", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    after = sqlite3.connect(db).execute("SELECT count(*), (SELECT count(*) FROM signatures) FROM articles").fetchone()
    assert before == after
    run = next(a for a in report["analyzers"] if a["name"] == FINDING)
    assert run["status"] == "ok"
    fs = [f for f in report["findings"] if f["analyzer"] == FINDING]
    if relation is None:
        assert fs == [] and run["summary"]["matches"] == 0
        return
    (f,) = fs
    (m,) = f["data"]["matches"]
    assert (m["ext_id"], m["url"], m["published"], m["relation"]) == ("harbour", "https://harbour.example/", "2024-03-01T00:00:00", relation)
    assert m["jaccard"] > 0.5
    text = report["document"]["text"]
    assert f["spans"] and all(0 <= s["start"] < s["end"] <= len(text) for s in f["spans"])
    other = Document.from_parts(HARBOUR.headline, HARBOUR.body).text
    for p in m["passages"]:
        assert nd.tokenize(text[p["start"]:p["end"]]).words == nd.tokenize(other[p["other_start"]:p["other_end"]]).words


def test_recycled_check_db_reworded_copy_is_a_paraphrase(tmp_path: Path) -> None:
    with _archive(tmp_path, [_article(HARBOUR, "2024-03-01"), *(_article(a) for a in ORIGINALS[1:])]) as archive:
        new = _copy("reworded")
        found = recycled.lookup(archive, Document.from_parts(new.headline, new.body))
    assert [(r.ext_id, p.relation in {"paraphrase", "near_copy"}) for r, p in found.matches] == [("harbour", True)]


def test_recycled_check_db_refuses_a_missing_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.txt"
    path.write_text("A headline\n\nA body of a few words.\n", encoding="utf-8")
    assert main(["check", str(path), "--db", str(tmp_path / "none.db"), "--only", "headline_wording"]) == 2
    assert "E162" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_recycled_dedupe_backfills_articles_without_signatures(tmp_path: Path) -> None:
    with _archive(tmp_path, [_article(HARBOUR, "2024-03-01"), _article(_copy("verbatim"), "2024-03-02")]) as archive:
        archive.conn.execute("DELETE FROM signatures")
        archive.conn.execute("DELETE FROM signature_bands")
        s = recycled.dedupe(archive)
        assert s.backfilled == 2 and len(_clusters(archive)) == 1


def test_recycled_band_lookup_seeks_the_whole_key(tmp_path: Path) -> None:
    """One primary-key seek per band, never a scan of a scheme's rows (the 50 ms lookup at 100,000 articles)."""
    with _archive(tmp_path, [_article(HARBOUR)]) as archive:
        seen: list[str] = []
        archive.conn.set_trace_callback(seen.append)
        signatures.band_candidates(archive.conn, signatures.signatures(HARBOUR.body))
        archive.conn.set_trace_callback(None)
        queries = [q for q in seen if "signature_bands" in q]
        assert len(queries) == len(nd.SCHEMES)
        plan = " ".join(str(r) for r in archive.conn.execute("EXPLAIN QUERY PLAN " + queries[0]).fetchall())
    assert "scheme=? AND band=? AND hash=?" in plan, plan
