"""`unspun eval claim-retrieval --claims V.tsv --queries Q.tsv --qrels Q.qrels`: has anyone checked this already?

The CLEF-2020 CheckThat! task 2 format: ``V.tsv`` (tab-separated, header row) has
``vclaim_id, vclaim, title``; ``Q.tsv`` has ``tweet_id, tweet_content`` (any first two
columns: id, text); ``Q.qrels`` is TREC qrels without a header (``query_id 0 vclaim_id
relevance``). Each query is looked up with :class:`unspun.archive.claims.ClaimIndex` (the
code ``check --db`` uses); reported: MAP@5 (the task's official measure), MRR (over the
whole ranked shortlist) and recall at 1, 5 and 20. A query whose relevant claim is not
in the shortlist counts 0.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from unspun.eval import emit

KS = (1, 5, 20)
_CLAIMS = "a UTF-8 tab-separated file with a header row and columns vclaim_id, vclaim, title"
_QUERIES = "a UTF-8 tab-separated file with a header row and columns query id, query text"
_QRELS = "TREC qrels: lines 'query_id 0 vclaim_id relevance', whitespace-separated, no header"


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="verified-claim retrieval, CheckThat! 2020 task 2 format")
    p.add_argument("--claims", required=True, metavar="VCLAIMS.tsv", help="verified claims: vclaim_id, vclaim, title")
    p.add_argument("--queries", required=True, metavar="Q.tsv", help="queries: id, text")
    p.add_argument("--qrels", required=True, metavar="Q.qrels", help="relevant pairs (TREC qrels)")
    p.add_argument("--emb-cache", type=Path, default=None, metavar="DIR",
                   help="folder to keep the verified claims' embeddings between runs (vclaim.npy, title.npy)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(eval_func=run)


def _tsv(path: Path, expected: str, cols: int) -> list[list[str]]:
    from unspun import errors

    if not path.is_file():
        raise errors.eval_data(str(path), "no such file", expected)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t"))  # quoted fields may hold newlines (as pandas reads them)
    except UnicodeDecodeError:
        raise errors.eval_data(str(path), "not UTF-8", expected) from None
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    for i, r in enumerate(body, start=2):
        if len(r) < cols:
            raise errors.eval_data(str(path), f"{len(r)} column(s) on line {i}", expected)
    if not body:
        raise errors.eval_data(str(path), "no rows", expected)
    return body


def read_qrels(path: Path) -> dict[str, set[str]]:
    from unspun import errors

    if not path.is_file():
        raise errors.eval_data(str(path), "no such file", _QRELS)
    out: dict[str, set[str]] = {}
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise errors.eval_data(str(path), f"{len(parts)} field(s) on line {i}", _QRELS)
        if parts[3] != "0":
            out.setdefault(parts[0], set()).add(parts[2])
    return out


def measures(ranked: Sequence[Sequence[str]], relevant: Sequence[set[str]]) -> dict[str, Any]:
    """MAP@5, MRR and recall@k of ranked id lists against each query's relevant ids."""
    ap5: list[float] = []
    rr: list[float] = []
    rec: dict[int, list[float]] = {k: [] for k in KS}
    for ids, rel in zip(ranked, relevant, strict=True):
        hits, precs = 0, []
        for i, x in enumerate(ids[:5], start=1):
            if x in rel:
                hits += 1
                precs.append(hits / i)
        ap5.append(sum(precs) / min(len(rel), 5) if rel else 0.0)
        first = next((i for i, x in enumerate(ids, start=1) if x in rel), None)
        rr.append(1.0 / first if first else 0.0)
        for k in KS:
            rec[k].append(len(rel & set(ids[:k])) / len(rel) if rel else 0.0)
    n = max(1, len(ranked))
    return {
        "queries": len(ranked),
        "map_at_5": round(sum(ap5) / n, 4),
        "mrr": round(sum(rr) / n, 4),
        "recall_at": {str(k): round(sum(v) / n, 4) for k, v in rec.items()},
    }


def claim_embeddings(claims: list[list[str]], cache: Path | None) -> tuple[np.ndarray, np.ndarray]:
    from unspun.archive.claims import CLAIM_TOKENS
    from unspun.runtime import embed

    if cache is not None:
        fc, ft = cache / "vclaim.npy", cache / "title.npy"
        if fc.is_file() and ft.is_file():
            c, t = np.load(fc), np.load(ft)
            if len(c) == len(t) == len(claims):
                return c, t
    c = embed.embed([r[1] for r in claims], max_tokens=CLAIM_TOKENS)
    t = embed.embed([r[2] for r in claims], max_tokens=CLAIM_TOKENS)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        np.save(cache / "vclaim.npy", c)
        np.save(cache / "title.npy", t)
    return c, t


def evaluate(claims: list[list[str]], queries: list[list[str]], qrels: dict[str, set[str]],
             emb_cache: Path | None = None, reranker: Any = None) -> dict[str, Any]:
    from unspun.archive.claims import ClaimIndex, query_vectors

    ce, te = claim_embeddings(claims, emb_cache)
    index = ClaimIndex([(r[0], r[1], r[2]) for r in claims], claim_emb=ce, title_emb=te, reranker=reranker)
    qs = [q for q in queries if q[0] in qrels]
    qe = query_vectors([q[1] for q in qs], reranker)
    ranked = [[h.id for h in index.search(q[1], k=100, q_emb=e)] for q, e in zip(qs, qe, strict=True)]
    index.close()
    return measures(ranked, [qrels[q[0]] for q in qs])


def run(a: argparse.Namespace) -> int:
    claims = _tsv(Path(a.claims), _CLAIMS, 3)
    queries = _tsv(Path(a.queries), _QUERIES, 2)
    r = evaluate(claims, queries, read_qrels(Path(a.qrels)), a.emb_cache)
    lines = [
        f"claim-retrieval: {r['queries']} queries against {len(claims)} verified claims",
        f"  MAP@5 {r['map_at_5']:.4f}  MRR {r['mrr']:.4f}  "
        + "  ".join(f"recall@{k} {v:.4f}" for k, v in r["recall_at"].items()),
    ]
    return emit(r, a.json, lines)
