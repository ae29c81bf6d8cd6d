"""Near-copy lookups (`unspun check --db`) and dedupe on a 100,000-article archive of signatures.

Usage: .venv/bin/python -m benchmarks.bench_recycled [--articles 100000] [--queries 200] [--jobs 2]
                                                     [--db /tmp/bench-100k.db] [--out benchmarks/results/recycled.json]

Builds (or reuses, with ``--db``) an archive of ``--articles`` articles made from the real bodies in the shared
data folder at run time (FNC-1, the SemEval persuasion / PTC articles, IU and XSum human texts; nothing is
copied into the repository): 5% are the real bodies with light perturbations (a sentence dropped, two
paragraphs swapped, a few words changed: near copies of each other, so lookups find clusters), the rest are
new articles of 8 to 25 sentences drawn from random real bodies (real wording and vocabulary, so LSH bands
collide as they do on news, but no two share more than a sentence or two). Articles are stored with
``Archive.add_articles`` (signatures and bands, as ``unspun batch`` writes them), in ``--jobs`` processes for
the signatures. A tenth of the real bodies is held out of the archive.

Then it times :func:`unspun.archive.recycled.lookup` (what ``check --db`` runs after the analyzers) for
``--queries`` articles of each kind: a perturbed copy of an archived article and a held-out real body (no copy
in the archive), first for near copies only (band seeks, estimates, exact Jaccard and shared passages), then
with the paraphrase check, which embeds the sentences of both sides of a pair in the grey zone (a quarter of
the copies, and ``--queries // 10`` reworded copies). Reports
the median, 95th percentile and maximum per kind, the candidates per lookup, then ``dedupe`` of 1,000 new
articles against the whole archive (incremental: the archive's own articles are marked as already seen, or
deduplicated first with ``--full-dedupe``) and the archive's size. Target (issue 17): under 50 ms a lookup
at 100,000 articles.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks import write_result

ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    for d in (ROOT.parent / "shared" / "data", ROOT.parents[1] / "shared" / "data"):
        if (d / "fnc-1").is_dir():
            return d
    raise SystemExit("this benchmark needs the shared data folder (../shared/data); it is not there")


def real_bodies(data: Path) -> list[tuple[str, str]]:
    """(headline, body) of the real human articles, in a fixed order."""
    from unspun.eval import recycled_data as rd

    arts = rd.load_fnc1(data) + rd.load_persuasion(data) + [a for a in rd.load_iu(data)[0] if a.human]
    arts += [a for a in rd.load_xsum(data) if a.human]
    return [(a.headline, a.body) for a in arts if len(a.body.split()) >= 80]


def sentences(body: str) -> list[str]:
    from unspun.text import segment

    return [body[s:e] for ps, pe in segment.paragraphs(body, 0, len(body)) for s, e in segment.sentences(body, ps, pe)]


def perturb(body: str, rng: random.Random) -> str:
    """A near copy: one sentence dropped, two paragraphs swapped, three words replaced."""
    from unspun.eval.recycled_data import paragraphs

    ps = paragraphs(body)
    if len(ps) > 2:
        i = rng.randrange(len(ps) - 1)
        ps[i], ps[i + 1] = ps[i + 1], ps[i]
    sents = sentences("\n\n".join(ps))
    if len(sents) > 4:
        sents.pop(rng.randrange(len(sents)))
    words = " ".join(sents).split()
    for _ in range(3):
        words[rng.randrange(len(words))] = rng.choice(("new", "local", "major", "recent"))
    return " ".join(words)


def synthetic(pool: list[str], rng: random.Random) -> str:
    return " ".join(rng.choice(pool) for _ in range(rng.randint(8, 25)))


_SOURCE: dict[str, Any] = {}


def _init(bodies: list[tuple[str, str]], pool: list[str]) -> None:
    _SOURCE.update(bodies=bodies, pool=pool)


def _make(args: tuple[int, int, int]) -> list[dict[str, Any]]:
    """Articles ``start`` to ``stop``, canonical and with their signatures (computed here, in a worker process)."""
    from unspun.archive import signatures
    from unspun.document import Document

    start, stop, seed = args
    bodies, pool = _SOURCE["bodies"], _SOURCE["pool"]
    rng = random.Random(seed * 1_000_003 + start)
    out = []
    for i in range(start, stop):
        if rng.random() < 0.05:
            head, body = bodies[rng.randrange(len(bodies))]
            body = perturb(body, rng)
        else:
            head, body = f"Synthetic article {i}", synthetic(pool, rng)
        doc = Document.from_parts(head, body)
        out.append({"id": f"a{i}", "headline": doc.headline_text, "body": doc.body_text,
                    "published": f"20{10 + i % 15}-01-01", "signatures": signatures.signatures(doc.body_text)})
    return out


def build(db: str, n: int, bodies: list[tuple[str, str]], pool: list[str], jobs: int, seed: int) -> float:
    """Add articles until the archive holds ``n`` (a killed build resumes: each chunk is one transaction)."""
    from unspun.archive.store import Archive

    t0 = time.perf_counter()
    with Archive.open(db) as archive:
        have = int(archive.conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        chunks = [(i, min(n, i + 2000), seed) for i in range(have - have % 2000, n, 2000)]
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(bodies, pool)) as ex:
            for arts in ex.map(_make, chunks):
                archive.add_articles(arts, source="bench", per_transaction=2000)
                done = int(archive.conn.execute("SELECT count(*) FROM articles").fetchone()[0])
                print(f"  {done:,} articles, {time.perf_counter() - t0:.0f} s", flush=True)
        archive.conn.execute("INSERT INTO meta(key, value) VALUES ('bench.articles', ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(n),))
    return time.perf_counter() - t0


def _stats(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 2),
            "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 2), "max_ms": round(ms[-1], 2)}


def measure(db: str, bodies: list[tuple[str, str]], held_out: list[tuple[str, str]], queries: int,
            seed: int, near_copies_only: bool = False) -> dict[str, Any]:
    from unspun.archive import recycled
    from unspun.archive.store import Archive
    from unspun.document import Document
    from unspun.eval.rewording import reword

    rng = random.Random(seed)
    out: dict[str, Any] = {}
    with Archive.open(db, create=False) as archive:
        copies = [(h, b) for h, b in archive.conn.execute(
            "SELECT headline, body FROM articles WHERE headline NOT LIKE 'Synthetic article %' ORDER BY random() LIMIT ?",
            (queries,))]
        kinds = {
            "copy_in_archive": [Document.from_parts(h, perturb(b, rng)) for h, b in copies],
            "no_copy": [Document.from_parts(h, b) for h, b in rng.sample(held_out, min(queries, len(held_out)))],
            "reworded_copy": [Document.from_parts(h, reword(b, rng)) for h, b in copies[: max(1, queries // 10)]],
        }
        recycled.lookup(archive, kinds["no_copy"][0])  # imports, first reads
        runs = [("near_copies_only", "copy_in_archive", False), ("near_copies_only", "no_copy", False),
                ("with_paraphrase_check", "copy_in_archive", True), ("with_paraphrase_check", "no_copy", True),
                ("with_paraphrase_check", "reworded_copy", True)]
        if near_copies_only:
            runs = runs[:2]
        for stage, kind, para in runs:
            docs = kinds[kind] if para is False or kind != "copy_in_archive" else kinds[kind][: max(1, queries // 4)]
            ms, cands, found, embedded = [], [], 0, 0
            for d in docs:
                r = recycled.lookup(archive, d, paraphrases=para)
                ms.append(r.seconds * 1000)
                cands.append(r.candidates)
                found += bool(r.matches)
                embedded += r.embedded
            out.setdefault(stage, {})[kind] = {**_stats(ms), "found_share": round(found / len(docs), 3),
                                               "embedded_share": round(embedded / len(docs), 3),
                                               "candidates_median": statistics.median(cands),
                                               "candidates_max": max(cands)}
            print(f"  {stage} {kind}: {out[stage][kind]}", flush=True)
    return out


def incremental(db: str, pool: list[str], bodies: list[tuple[str, str]], n: int, seed: int,
                full: bool) -> dict[str, Any]:
    """Dedupe of ``n`` new articles against the whole archive. The archive's own articles are marked as seen
    first (the watermark set to its last signature) unless ``full``, which times a first dedupe of them all."""
    from unspun.archive import recycled, signatures
    from unspun.archive.store import Archive

    out: dict[str, Any] = {"full_dedupe": None}
    with Archive.open(db, create=False) as archive:
        if signatures.WATERMARK not in archive.meta():
            if full:
                out["full_dedupe"] = recycled.dedupe(archive, progress=True).to_dict()
            else:
                archive.conn.execute("INSERT INTO meta(key, value) VALUES (?, (SELECT max(rowid) FROM signatures))",
                                     (signatures.WATERMARK,))
                archive.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)",
                                     (signatures.SCHEMES_KEY, signatures.scheme_description()))
        top = int(archive.conn.execute("SELECT max(id) FROM articles").fetchone()[0])
        _init(bodies, pool)
        arts = _make((top + 1, top + 1 + n, seed + 1))
        archive.add_articles(arts, source="bench-incremental")
        out["incremental"] = recycled.dedupe(archive).to_dict()
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--db", default=None, help="the archive to build, or to reuse when it holds --articles already")
    p.add_argument("--no-dedupe", action="store_true", help="skip the dedupe measurements")
    p.add_argument("--near-copies-only", action="store_true",
                   help="time only the near-copy lookups (no paraphrase check; implies --no-dedupe)")
    p.add_argument("--full-dedupe", action="store_true", help="also time a first dedupe of the whole archive")
    p.add_argument("--out", default=None)
    a = p.parse_args()
    data = data_dir()
    bodies = real_bodies(data)
    random.Random(a.seed).shuffle(bodies)
    held_out, bodies = bodies[: len(bodies) // 10], bodies[len(bodies) // 10 :]
    pool = [s for _, b in bodies for s in sentences(b) if 6 <= len(s.split()) <= 60]
    db = a.db or os.path.join("/tmp", f"unspun-bench-recycled-{a.articles}.db")
    result: dict[str, Any] = {"articles": a.articles, "real_bodies": len(bodies), "held_out": len(held_out),
                              "machine": {"platform": platform.platform(), "python": platform.python_version(),
                                          "cpus": os.cpu_count(), "load_average": os.getloadavg()}}
    from unspun.archive.store import Archive

    have = None
    if os.path.exists(db):
        with Archive.open(db, create=False) as archive:
            have = archive.meta().get("bench.articles")
            source = {r[0] for r in archive.conn.execute("SELECT DISTINCT source FROM articles LIMIT 3")}
        if have is not None and have != str(a.articles) or not source <= {"bench", "bench-incremental"}:
            raise SystemExit(f"{db} holds another archive; remove it or pass another --db")
    if have is None:  # a new archive, or a build that was stopped: (go on) building
        print(f"building {a.articles:,} articles into {db}", flush=True)
        result["build_seconds"] = round(build(db, a.articles, bodies, pool, a.jobs, a.seed), 1)
    result["lookup"] = measure(db, bodies, held_out, a.queries, a.seed, a.near_copies_only)
    if not (a.no_dedupe or a.near_copies_only):
        result["dedupe"] = incremental(db, pool, bodies, 1000, a.seed, a.full_dedupe)
    with Archive.open(db, create=False) as archive:
        c = archive.conn
        result["archive"] = {
            "bytes": os.path.getsize(db),
            "articles": int(c.execute("SELECT count(*) FROM articles").fetchone()[0]),
            "band_rows": int(c.execute("SELECT count(*) FROM signature_bands").fetchone()[0]),
        }
        try:
            result["archive"]["bytes_by_table"] = dict(c.execute(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8").fetchall())
        except Exception:  # dbstat is not compiled into every SQLite
            pass
    result["machine"]["load_average_after"] = os.getloadavg()
    write_result(result, a.out)


if __name__ == "__main__":
    main()
