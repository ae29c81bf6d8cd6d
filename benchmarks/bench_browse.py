"""Browsing a 100,000-article archive as `unspun serve --db` does: the list's queries, one report, the facets.

Usage: .venv/bin/python -m benchmarks.bench_browse [--articles 100000] [--seed-articles 300] [--repeat 15]
                                                   [--db /tmp/browse-100k.db] [--out benchmarks/results/browse.json]

Checking 100,000 articles would take hours, and what a list query costs depends on the rows and the indexes, not
on the words; so the archive is made of real reports repeated. ``--seed-articles`` FNC-1 bodies (from
``../shared/data`` at run time, as ``bench_batch`` takes them) are checked for real with ``unspun batch --fast``;
then each of the ``--articles`` archive rows is one of them again (its headline, body, report and findings
rows copied under a new key) with a site drawn from 400 (a few large, many small: Zipf) and a publication date
over two years (one in ten undated, placed by when the archive first saw it); one article in twenty is put in a
cluster of two to five. Then it times, ``--repeat`` times each after one warm-up, what the page asks for
(:class:`unspun.archive.browse.Browser`, which the web routes call as they are): the first, a middle and the
last page of the whole list, a site, headline words, a severity, an analyzer label (frequent and rare), a date
range, filters together, an article's report, and the filters' choices with and without their cache.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import write_result
from benchmarks.bench_batch import ROOT, news_articles


def seed_archive(n: int, folder: Path) -> Path:
    """An archive of ``n`` real FNC-1 articles checked by the real command, fast profile."""
    src = folder / "seed.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in news_articles(n, 200)), encoding="utf-8")
    db = folder / "seed.db"
    cmd = [sys.executable, "-m", "unspun", "batch", str(src), "--db", str(db), "--fast", "-j", "1", "--no-progress"]
    subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=True,
                   capture_output=True, text=True)
    return db


def build(db: Path, seed: Path, articles: int, rng: random.Random) -> dict[str, Any]:
    from unspun.archive import Archive
    from unspun.archive.schema import now

    t0 = time.perf_counter()
    s = sqlite3.connect(seed)
    seeds = s.execute("SELECT a.headline, a.body, a.content_hash, r.profile_key, r.encoding, r.report, "
                      "r.max_severity, r.n_findings, r.n_failed, r.duration_ms, r.id FROM articles a "
                      "JOIN reports r ON r.article_id = a.id ORDER BY a.id").fetchall()
    findings = {rid: s.execute('SELECT ordinal, analyzer, label, severity, severity_rank, score, start, "end", '
                               "explanation FROM findings WHERE report_id = ? ORDER BY ordinal", (rid,)).fetchall()
                for rid in (row[10] for row in seeds)}
    profiles = s.execute("SELECT profile_key, description, created FROM profiles").fetchall()
    s.close()
    sites = [f"site-{i:03d}.example" for i in range(400)]
    weights = [1 / (i + 1) for i in range(len(sites))]
    start = 19358  # 2023-01-01 as days since 1970-01-01
    t = now()
    with Archive.open(str(db)) as a:
        c = a.conn
        c.executemany("INSERT OR IGNORE INTO profiles VALUES (?, ?, ?)", profiles)
        for lo in range(0, articles, 5000):
            c.execute("BEGIN IMMEDIATE")
            for i in range(lo, min(lo + 5000, articles)):
                head, body, digest, profile, enc, blob, sev, nf, nfail, ms, rid = seeds[i % len(seeds)]
                day = None if rng.random() < 0.1 else time.strftime(
                    "%Y-%m-%d", time.gmtime((start + rng.randrange(730)) * 86400))
                aid = c.execute(
                    "INSERT INTO articles(key, ext_id, content_hash, source, input_kind, site, published, published_at, "
                    "headline, body, first_seen, updated) VALUES (?, ?, ?, 'bench', 'parts', ?, ?, ?, ?, ?, ?, ?) "
                    "RETURNING id", (f"browse-{i}", f"browse-{i}", digest, rng.choices(sites, weights)[0], day,
                                     day and f"{day}T00:00:00", head, body, t, t)).fetchone()[0]
                rep = c.execute("INSERT INTO reports(article_id, profile_key, content_hash, encoding, report, "
                                "max_severity, n_findings, n_failed, duration_ms, created) VALUES "
                                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                (aid, profile, digest, enc, blob, sev, nf, nfail, ms, t)).fetchone()[0]
                c.executemany('INSERT INTO findings(report_id, article_id, ordinal, analyzer, label, severity, '
                              'severity_rank, score, start, "end", explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                              [(rep, aid, *f) for f in findings[rid]])
            c.execute("COMMIT")
        ids = [r[0] for r in c.execute("SELECT id FROM articles")]
        members = rng.sample(ids, len(ids) // 20)
        c.execute("BEGIN IMMEDIATE")
        k = 0
        while k < len(members):
            group = members[k:k + rng.randint(2, 5)]
            k += len(group)
            cid = c.execute("INSERT INTO clusters(method, earliest_article_id, size, created) VALUES "
                            "('minhash', ?, ?, ?) RETURNING id", (group[0], len(group), t)).fetchone()[0]
            c.executemany("INSERT INTO cluster_members(cluster_id, article_id, relation, jaccard) VALUES (?, ?, ?, 0.9)",
                          [(cid, m, "earliest" if j == 0 else "near_copy") for j, m in enumerate(group)])
        c.execute("COMMIT")
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = a.counts()
    return {"seed_reports": len(seeds), "articles": counts["articles"], "findings": counts["findings"],
            "seconds": round(time.perf_counter() - t0, 1), "bytes": db.stat().st_size}


def timed(fn: Any, repeat: int) -> dict[str, Any]:
    fn()  # warm-up: the pages the query needs come into the cache
    ms = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        ms.append(1000 * (time.perf_counter() - t0))
    ms.sort()
    res = {"median_ms": round(statistics.median(ms), 1), "p95_ms": round(ms[max(0, round(0.95 * len(ms)) - 1)], 1),
           "max_ms": round(ms[-1], 1)}
    if isinstance(out, dict) and "total" in out:
        res["total"] = out["total"]
    return res


def measure(db: Path, repeat: int, rng: random.Random) -> dict[str, Any]:
    from unspun.archive.browse import Browser, Query

    b = Browser(str(db))
    facets = b.facets()
    sites = facets["sites"]
    labels = sorted(facets["labels"], key=lambda x: x["findings"])
    common, rare = labels[-1], next(x for x in labels if x["findings"] >= 100)
    last = -(-facets["articles"] // 50)
    cases: dict[str, Query] = {
        "all, page 1": Query(),
        "all, page 1,000 (offset 49,950)": Query(page=1000),
        f"all, last page ({last:,})": Query(page=last),
        "all, oldest first": Query(sort="oldest"),
        f"largest site ({sites[0]['articles']:,} articles)": Query(site=sites[0]["site"]),
        f"a small site ({sites[len(sites) // 2]['articles']:,} articles)": Query(site=sites[len(sites) // 2]["site"]),
        "headline words: 'police'": Query(q="police"),
        "headline words: 'isis video'": Query(q="isis video"),
        "headline prefix: 'ebol'": Query(q="ebol"),
        "severity medium or above": Query(severity="medium"),
        "severity high": Query(severity="high"),
        f"frequent label {common['analyzer']}.{common['label']}": Query(analyzer=common["analyzer"],
                                                                         label=common["label"]),
        f"rare label {rare['analyzer']}.{rare['label']}": Query(analyzer=rare["analyzer"], label=rare["label"]),
        "one month": Query(since="2024-03-01", until="2024-03-31"),
        "site + severity + year": Query(site=sites[0]["site"], severity="medium", since="2024-01-01",
                                        until="2024-12-31"),
        "words + label + page 2": Query(q="police", analyzer=common["analyzer"], label=common["label"], page=2),
    }
    out: dict[str, Any] = {name: timed(lambda q=q: b.articles(q), repeat) for name, q in cases.items()}
    ids = [rng.randrange(1, facets["articles"] + 1) for _ in range(repeat + 1)]
    it = iter(ids)
    out["one article's report (decoded)"] = timed(lambda: b.report(next(it)), repeat)

    def cold() -> dict[str, Any]:
        b._facets = None
        return b.facets()

    out["filters' choices, computed"] = timed(cold, max(3, repeat // 5))
    out["filters' choices, cached"] = timed(b.facets, repeat)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--seed-articles", type=int, default=300)
    p.add_argument("--repeat", type=int, default=15)
    p.add_argument("--db", default=None, help="the archive to build, or to reuse when it holds --articles already")
    p.add_argument("--out", default=None)
    a = p.parse_args()
    rng = random.Random(17)
    db = Path(a.db) if a.db else Path(tempfile.mkdtemp()) / "browse.db"
    built: dict[str, Any] = {"reused": True}
    if not db.exists():
        with tempfile.TemporaryDirectory() as tmp:
            built = build(db, seed_archive(a.seed_articles, Path(tmp)), a.articles, rng)
    result = {
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
                    "sqlite": sqlite3.sqlite_version, "load_average": list(os.getloadavg())},
        "archive": built, "queries": measure(db, a.repeat, rng),
    }
    result["machine"]["load_average_after"] = list(os.getloadavg())
    write_result(result, a.out)


if __name__ == "__main__":
    main()
