"""`unspun report`: one self-contained HTML file with its sections, links to embedded reports, an empty archive."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from unspun.archive import Archive, batch, collection_report, sources
from unspun.archive.schema import now
from unspun.archive.worker import LocalEngine, Settings
from unspun.cli import main

CHEAP = Settings(only=("headline_wording",))
RECORDS = [
    {"headline": "SHOCKING: Mayor opens library!!", "body": "The mayor opened a library.", "id": "a",
     "site": "Daily Shout", "published": "2024-03-01", "url": "https://example.org/a"},
    {"headline": "SHOCKING: Mayor opens a library!!", "body": "The mayor opened a library.", "id": "a2",
     "site": "Copy Farm", "published": "2024-03-05"},
    {"headline": "Storm closes schools", "body": "Schools closed on Monday.", "id": "b", "site": "Wire",
     "published": "2024-04-02"},
    {"headline": "Budget passes", "body": "The council approved the budget.", "id": "c"},
]
SECTIONS = ("signals", "sites", "time", "clusters", "findings", "articles")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("report")
    src = d / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    path = d / "a.db"
    with Archive.open(str(path)) as a:
        batch.run(a, sources.plan([str(src)], sources.CsvColumns()), LocalEngine(CHEAP), progress=False)
    return path


def _with_cluster(src: Path, dest: Path) -> Path:
    """A copy of the archive with one cluster: the two library stories, the earlier one first."""
    import shutil

    shutil.copy(src, dest)
    with Archive.open(str(dest)) as a:
        ids = dict(a.conn.execute("SELECT ext_id, id FROM articles").fetchall())
        cid = a.conn.execute("INSERT INTO clusters(method, earliest_article_id, size, created) "
                             "VALUES ('minhash', ?, 2, ?) RETURNING id", (ids["a"], now())).fetchone()[0]
        a.conn.executemany("INSERT INTO cluster_members(cluster_id, article_id, relation, jaccard) VALUES (?, ?, ?, ?)",
                           [(cid, ids["a"], "earliest", 1.0), (cid, ids["a2"], "near_copy", 0.8)])
    return dest


def _html(db: Path, tmp_path: Path, *extra: str) -> str:
    out = tmp_path / "r.html"
    assert main(["report", "--db", str(db), "-o", str(out), *extra]) == 0
    return out.read_text(encoding="utf-8")


def test_report_has_sections(db: Path, tmp_path: Path) -> None:
    page = _html(db, tmp_path)
    for section in SECTIONS:
        assert f'<section id="{section}">' in page
    assert "<svg" in page and "4 checked article(s)" in page
    assert "No clusters in this archive" in page  # clusters tables empty: said so


def test_report_is_self_contained(db: Path, tmp_path: Path) -> None:
    page = _html(_with_cluster(db, tmp_path / "c.db"), tmp_path)
    assert not re.search(r"<script|<link|<iframe|<img|\bsrc\s*=|url\(|@import", page, re.I)
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith("#") for h in hrefs), [h for h in hrefs if not h.startswith("#")]
    assert not re.search(r'(?:src|href)\s*=\s*["\']?https?://', page, re.I)


def test_report_links_reach_embedded_reports(db: Path, tmp_path: Path) -> None:
    page = _html(db, tmp_path)
    targets = set(re.findall(r'href="#(a\d+)"', page))
    assert targets  # the serious findings link to their articles
    for t in targets:
        assert f'<article id="{t}">' in page


def test_report_lists_clusters_with_earliest_member(db: Path, tmp_path: Path) -> None:
    page = _html(_with_cluster(db, tmp_path / "c.db"), tmp_path)
    clusters = page.split('<section id="clusters">')[1].split("</section>")[0]
    assert "1 cluster(s)" in clusters and "minhash" in clusters and "Cluster sizes" in clusters
    earliest = re.search(r'href="#(a\d+)">SHOCKING: Mayor opens library!!</a>', clusters)
    assert earliest and f'<article id="{earliest.group(1)}">' in page
    assert "Copy Farm" in clusters


@pytest.mark.parametrize(("top", "embedded"), [(1, 1), (50, 2)])
def test_report_top_caps_embedded_reports(db: Path, tmp_path: Path, top: int, embedded: int) -> None:
    page = _html(db, tmp_path, "--top", str(top))
    assert page.count("<article id=") == embedded


def test_report_empty_archive(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Archive.open(str(db)).close()
    page = _html(db, tmp_path)
    assert 'id="empty"' in page and "holds no checked articles yet" in page and "unspun batch" in page


@pytest.mark.parametrize(("argv", "code"), [
    (["report", "--db", "{tmp}/absent.db", "-o", "{tmp}/r.html"], "E162"),
    (["report", "-o", "{tmp}/r.html"], "E120"),
    (["report", "--db", "{db}", "-o", "{tmp}/r.html", "--top", "0"], "E120"),
])
def test_report_errors(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                       code: str) -> None:
    assert main([s.format(tmp=tmp_path, db=db) for s in argv]) == 2
    assert code in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(("value", "bin_index"), [(0.0, 0), (0.05, 0), (0.1, 1), (0.99, 9), (1.0, 9), (7.0, 9)])
def test_report_histogram_bins(value: float, bin_index: int) -> None:
    h = collection_report.Histogram(collection_report.SIGNALS[0])
    h.add(value)
    h.add(None)
    assert h.counts.index(1) == bin_index and h.missing == 1
