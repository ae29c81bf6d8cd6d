"""Claims against the archive (issue 18): indexing reference passages, importing fact-checks, one claim's lookup.

Usage: .venv/bin/python -m benchmarks.bench_claims [--passages 100000] [--fact-checks 10000] [--queries 200]
                                                   [--emb-cache /tmp/unspun-claims-emb/cr] [--db /tmp/bench-claims.db]
                                                   [--out benchmarks/results/claims.json]

Builds an archive from the shared data at run time (nothing is copied into the repository):

- **reference articles**: the real human article bodies the recycled-content benchmark uses (FNC-1, the SemEval
  persuasion articles, IU and XSum human texts; about 2,000, some 40,000 passages, after 400 held out), then
  articles of 8 to 25 random sentences of those bodies, until their sentences reach ``--passages``;
  stored with ``Archive.add_articles`` (not timed), then indexed by ``references.index`` (timed: sentence
  splitting, the FTS5 index, static vectors including every word piece's first MiniLM pass, the writes);
- **fact-checks**: the first ``--fact-checks`` CheckThat! 2020 verified claims (Snopes), imported with
  ``factchecks.import_file`` (timed). Their MiniLM vectors come from ``--emb-cache`` (the vectors
  ``unspun eval claim-retrieval --emb-cache`` keeps) when given; the embedding rate is timed apart on
  ``--embed-sample`` claims.

Then one claim's lookup is timed for ``--queries`` claims (the CheckThat! development tweets, then sentences of
real articles held out of the archive): the claim's MiniLM vector (alone, and per claim when five are
embedded in one call, as ``check --db`` embeds an article's claims), the fact-check search
(``ClaimIndex.search``), the reference passage search (``references.search``), each and together
(median, 95th percentile, max). Loading the fact-check index (once per ``check``) and judging the passages with
the headline-support analyzer (``claim_report.judge``, per claim, 3 passages) are timed apart. Finally the dev
queries' MAP@5 through the archive (``ClaimIndex.from_archive``) when all the verified claims are imported.
``check --db`` and ``archive claims`` take the claim's vector from the check-worthy analyzer (which embeds every
body sentence to score it), so their lookup is the two searches (``search_given_vector``); ``lookup`` adds a
vector computed for the claim alone. ``archive_claims`` times ``unspun archive claims`` on ``--judge`` held-out
sentences stored as one article's claims with their vectors (searches, judging, writes). With ``--reuse`` the
full-text indexes are first merged (FTS5 ``optimize``), as ``archive index`` and the imports now leave them.
Targets: indexing at least 200 passages a second on 2 cores, a lookup under 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.bench_recycled import ROOT, data_dir, real_bodies, sentences


def _stats(ms: list[float]) -> dict[str, float]:
    s = sorted(ms)
    return {"n": len(s), "median_ms": round(statistics.median(s), 2), "p95_ms": round(s[int(0.95 * (len(s) - 1))], 2),
            "max_ms": round(s[-1], 2)}


def _cached_embedder(cache: Path | None, cr: Path) -> Any:
    """An embedder that answers from the eval's cached claim and title vectors, computing what is not there."""
    from unspun.eval.claim_retrieval import _CLAIMS, _tsv

    known: dict[str, np.ndarray] = {}
    if cache is not None and (cache / "vclaim.npy").is_file():
        rows = _tsv(cr / "verified_claims.docs.tsv", _CLAIMS, 3)
        c, t = np.load(cache / "vclaim.npy"), np.load(cache / "title.npy")
        if len(c) == len(rows):
            for r, vc, vt in zip(rows, c, t, strict=True):
                known[" ".join(r[1].split())] = vc
                known.setdefault(" ".join(r[2].split()), vt)

    def embedder(texts: list[str]) -> np.ndarray:
        from unspun.archive.claims import CLAIM_TOKENS
        from unspun.runtime import embed

        miss = [x for x in texts if x not in known]
        if miss:
            known.update(zip(miss, embed.embed(miss, max_tokens=CLAIM_TOKENS), strict=True))
        return np.stack([known[x] for x in texts])

    return embedder


def build(db: str, n_passages: int, n_fc: int, cache: Path | None, data: Path) -> tuple[dict[str, Any], list[str]]:
    from unspun.archive import factchecks, references
    from unspun.archive.store import Archive

    bodies = real_bodies(data)
    held = [s for h, b in bodies[-400:] for s in sentences(b)[:1] if len(s) > 60][:200]
    bodies = bodies[:-400]  # held out: their first sentences are the lookups' article claims
    pool = [s for _, b in bodies for s in sentences(b) if len(s) >= references.MIN_CHARS]
    rng = random.Random(2025)
    arts, count, i = [], 0, 0
    while count < n_passages:
        if i < len(bodies):
            head, body = bodies[i]
        else:  # the real bodies are used up: articles of 8 to 25 random real sentences
            head, body = f"Synthetic article {i}", " ".join(rng.choice(pool) for _ in range(rng.randint(8, 25)))
        arts.append({"id": f"r{i}", "headline": head, "body": body, "url": f"https://ref.example/{i}",
                     "site": "ref.example", "published": f"20{10 + i % 15}-01-01"})
        count += len(references._sentences(head, body))
        i += 1
    cr = data / "claim-retrieval-checkthat2020"
    tsv = Path(db).with_suffix(".vclaims.tsv")
    from unspun.eval.claim_retrieval import _CLAIMS, _tsv

    rows = _tsv(cr / "verified_claims.docs.tsv", _CLAIMS, 3)[:n_fc]
    tsv.write_text("vclaim_id\tvclaim\ttitle\n" + "".join(f"{r[0]}\t{' '.join(r[1].split())}\t{' '.join(r[2].split())}\n"
                                                         for r in rows), encoding="utf-8")
    out: dict[str, Any] = {}
    with Archive.open(db) as a:
        t0 = time.perf_counter()
        a.add_articles(arts, source="bench", per_transaction=500)
        out["store_articles_s"] = round(time.perf_counter() - t0, 1)
        t0 = time.perf_counter()
        s = references.index(a)
        out["index"] = {**s, "wall_s": round(time.perf_counter() - t0, 2)}
        print(f"  indexed {s['passages']:,} passages of {s['articles']:,} articles: {s['passages_per_second']} a second",
              flush=True)
        t0 = time.perf_counter()
        imp = factchecks.import_file(a, tsv, "checkthat", embedder=_cached_embedder(cache, cr))
        out["import"] = {**imp.to_dict(), "vectors_from_cache": cache is not None, "wall_s": round(time.perf_counter() - t0, 2)}
        print(f"  imported {imp.imported:,} fact-checks in {imp.seconds:.1f} s", flush=True)
    return out, held


def embed_rate(cr: Path, n: int) -> dict[str, Any]:
    from unspun.archive.claims import CLAIM_TOKENS
    from unspun.eval.claim_retrieval import _CLAIMS, _tsv
    from unspun.runtime import embed

    rows = _tsv(cr / "verified_claims.docs.tsv", _CLAIMS, 3)[-n:]
    texts = [r[1] for r in rows] + [r[2] for r in rows]
    embed.embed(texts[:4])
    t0 = time.perf_counter()
    embed.embed(texts, max_tokens=CLAIM_TOKENS)
    dt = time.perf_counter() - t0
    return {"fact_checks": n, "seconds": round(dt, 2), "fact_checks_per_second": round(n / dt, 1)}


def lookups(db: str, queries: list[str], judge_n: int) -> dict[str, Any]:
    from unspun.archive import claim_report, references
    from unspun.archive.claims import ClaimIndex, query_vectors
    from unspun.archive.passage_vectors import StaticEncoder
    from unspun.archive.store import Archive

    out: dict[str, Any] = {}
    with Archive.open(db, create=False) as a:
        t0 = time.perf_counter()
        index = ClaimIndex.from_archive(a.conn)
        out["load_fact_check_index_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        enc = StaticEncoder(a.conn, store=False, compute=False)  # as check --db does
        total = int(a.conn.execute("SELECT count(*) FROM passages").fetchone()[0])
        query_vectors(["warm up"])  # the claim's vector for the fact-check search: MiniLM with the query adapter
        references.search(a.conn, enc, "warm up the passage search")
        index.search("warm up", k=3)
        t_emb, t_fc, t_ref, t_all, t_batch, t_search = [], [], [], [], [], []
        for i in range(0, len(queries), 5):  # check --db embeds an article's claims (up to 5) in one call
            t0 = time.perf_counter()
            query_vectors(queries[i : i + 5])
            t_batch.append((time.perf_counter() - t0) * 1000 / len(queries[i : i + 5]))
        for q in queries:
            t0 = time.perf_counter()
            v = query_vectors([q])[0]
            t1 = time.perf_counter()
            index.search(q, k=claim_report.K, q_emb=v)
            t2 = time.perf_counter()
            references.search(a.conn, enc, q, total=total)
            t3 = time.perf_counter()
            t_emb.append((t1 - t0) * 1000)
            t_fc.append((t2 - t1) * 1000)
            t_ref.append((t3 - t2) * 1000)
            t_all.append((t3 - t0) * 1000)
            t_search.append((t3 - t1) * 1000)
        out.update(claim_vector=_stats(t_emb), claim_vector_in_fives=_stats(t_batch), fact_check_search=_stats(t_fc), passage_search=_stats(t_ref),
                   search_given_vector=_stats(t_search), lookup=_stats(t_all))
        t_judge = []
        for q in queries[-judge_n:]:
            hits = references.search(a.conn, enc, q)
            t0 = time.perf_counter()
            for p in hits:
                r = a.conn.execute("SELECT headline, body FROM articles WHERE id = ?", (p.article_id,)).fetchone()
                text = f"{r[0]}\n\n{r[1]}"
                claim_report.judge(q, text, claim_report._window(a.conn, p, text))
            t_judge.append((time.perf_counter() - t0) * 1000)
        out["judge_passages_per_claim"] = _stats(t_judge)
    return out


def claims_step(db: str, claims: list[str]) -> dict[str, Any]:
    """``unspun archive claims`` over ``claims`` stored as one article's check-worthy claims (with their vectors,
    as a batch stores them): per claim, the searches, the judging of its passages and the writes. The article is
    deleted afterwards (its claims and matches with it)."""
    from unspun.archive import claim_store
    from unspun.archive.claims import QUERY_TOKENS
    from unspun.archive.store import Archive
    from unspun.runtime import embed

    vecs = embed.embed(claims, max_tokens=QUERY_TOKENS)
    body = " ".join(claims)
    with Archive.open(db, create=False) as a:
        c = a.conn
        with a._transaction():
            c.execute("INSERT OR IGNORE INTO profiles(profile_key, description, created) VALUES ('bench', '{}', '')")
            aid = int(c.execute("INSERT INTO articles(key, content_hash, source, input_kind, headline, body, first_seen, "
                                "updated) VALUES ('bench-claims', '', 'bench', 'parts', 'Claims', ?, '', '') RETURNING id",
                                (body,)).fetchone()[0])
            rid = int(c.execute("INSERT INTO reports(article_id, profile_key, content_hash, encoding, report, n_findings, "
                                "n_failed, duration_ms, created) VALUES (?, 'bench', '', 'json+zlib', x'', 0, 0, 0, '') "
                                "RETURNING id", (aid,)).fetchone()[0])
            at, rows = len("Claims\n\n"), []
            for k, (text, v) in enumerate(zip(claims, vecs, strict=True), start=1):
                rows.append((k, at, at + len(text), text, 0.9, "{}", v.astype("<f4").tobytes()))
                at += len(text) + 1
            claim_store.write(c, rid, aid, rows)
        try:
            s = claim_store.lookup(a)
        finally:
            with a._transaction():
                c.execute("DELETE FROM articles WHERE id = ?", (aid,))
    return s.to_dict()


def quality(db: str, cr: Path, cache: Path | None) -> dict[str, Any]:
    """MAP@5 of the dev queries through the archive, when it holds every verified claim."""
    from unspun.archive.claims import ClaimIndex, load_reranker, query_vectors
    from unspun.archive.store import Archive
    from unspun.eval.claim_retrieval import _QUERIES, _tsv, measures, read_qrels

    qrels = read_qrels(cr / "dev" / "tweet-vclaim-pairs.qrels")
    qs = [q for q in _tsv(cr / "dev" / "tweets.queries.tsv", _QUERIES, 2) if q[0] in qrels]
    with Archive.open(db, create=False) as a:
        index = ClaimIndex.from_archive(a.conn)
        ext = dict(a.conn.execute("SELECT CAST(id AS TEXT), ext_id FROM fact_checks").fetchall())
        from unspun.eval.claim_retrieval import _CLAIMS

        if len(ext) < len(_tsv(cr / "verified_claims.docs.tsv", _CLAIMS, 3)):
            return {"skipped": "the archive does not hold every verified claim (--fact-checks 10400 imports them all)"}
        known: dict[str, np.ndarray] = {}
        if cache is not None and (cache / "queries.npz").is_file() and load_reranker().adapter is None:  # stock vectors
            with np.load(cache / "queries.npz", allow_pickle=False) as z:
                known = dict(zip(z["texts"].tolist(), z["emb"], strict=True))
        miss = [q[1] for q in qs if q[1] not in known]
        if miss:
            known.update(zip(miss, query_vectors(miss), strict=True))
        ranked = [[ext[h.id] for h in index.search(q[1], k=100, q_emb=known[q[1]])] for q in qs]
    return measures(ranked, [qrels[q[0]] for q in qs])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--passages", type=int, default=100_000)
    ap.add_argument("--fact-checks", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--judge", type=int, default=20, help="claims whose passages are judged (timed apart)")
    ap.add_argument("--embed-sample", type=int, default=300)
    ap.add_argument("--emb-cache", type=Path, default=None)
    ap.add_argument("--db", default="/tmp/bench-claims.db")
    ap.add_argument("--reuse", action="store_true", help="reuse --db as built by the last run; time the lookups only")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "claims.json")
    a = ap.parse_args()
    data = data_dir()
    cr = data / "claim-retrieval-checkthat2020"
    if a.reuse:  # time the lookups again on the archive the last run built (its build figures are kept)
        built = {k: v for k, v in json.loads(a.out.read_text(encoding="utf-8")).items()
                 if k in ("store_articles_s", "index", "import", "embed_fact_checks")}
        bodies = real_bodies(data)
        held = [s for h, b in bodies[-400:] for s in sentences(b)[:1] if len(s) > 60][:200]
        import sqlite3

        with sqlite3.connect(a.db) as conn:  # as 'archive index' and the imports now leave the full-text indexes
            for t in ("passages_fts", "fact_checks_fts"):
                conn.execute(f"INSERT INTO {t}({t}) VALUES ('optimize')")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(a.db + suffix).unlink(missing_ok=True)
        built, held = build(a.db, a.passages, a.fact_checks, a.emb_cache, data)
        built["embed_fact_checks"] = embed_rate(cr, a.embed_sample)
    from unspun.eval.claim_retrieval import _QUERIES, _tsv

    tweets = [q[1] for q in _tsv(cr / "dev" / "tweets.queries.tsv", _QUERIES, 2)]
    queries = (tweets[: a.queries // 2] + held)[: a.queries]
    result = {
        "machine": {"cpus": os.cpu_count(), "load_1min": round(os.getloadavg()[0], 2), "python": platform.python_version()},
        "settings": vars(a) | {"emb_cache": str(a.emb_cache), "out": str(a.out)},
        **built,
        "lookups": lookups(a.db, queries, a.judge),
        "archive_claims": claims_step(a.db, held[: a.judge]),
        "dev_via_archive": quality(a.db, cr, a.emb_cache),
        "archive_mb": round(sum(Path(a.db + s).stat().st_size for s in ("", "-wal") if Path(a.db + s).exists()) / 1e6, 1),
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("index", "import", "embed_fact_checks", "lookups", "archive_claims",
                                             "dev_via_archive")},
                     indent=2))


if __name__ == "__main__":
    main()
