"""Choose the re-ranking score from which ``check --db`` calls a fact-check a match, on the training queries.

Data: ../shared/data/claim-retrieval-checkthat2020, the 800 *training* queries only (the development
queries stay held out). Every training query has a checked claim; a claim nobody checked is simulated
by the same query with its relevant fact-check(s) left out of the index (``ClaimIndex.search(exclude=)``).
Positives: the best hit's score when it is the relevant fact-check; negatives: the best hit's score
with the relevant ones left out (and, when the best hit is a wrong one, that score too). The threshold is
the score with the best F1 of "match" on these; the re-ranking score is relative to the shortlist (its
leader always looks good), so no threshold reaches a high precision: the curve is printed too. Some
negatives are not wrong: Snopes checked many claims twice, and the next best is then the same claim.
The re-ranker was fitted on these same queries, so its scores here are a little kinder than on unseen
claims: the dev figures (printed last, scored once) say how much.

    python -m training.claim_match_threshold --emb-cache /tmp/unspun-claims-emb/cr
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from training.common import DATA
from training.train_claim_retrieval import embed_known, known_embeddings
from unspun.archive.claims import ClaimIndex
from unspun.eval.claim_retrieval import _CLAIMS, _QUERIES, _tsv, claim_embeddings, read_qrels

CR = DATA / "claim-retrieval-checkthat2020"
CURVE = (-1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.25, 2.5)


def scores(index: ClaimIndex, queries: list[list[str]], qrels: dict[str, set[str]],
           known: dict[str, np.ndarray]) -> tuple[list[float], list[float]]:
    """(positives, negatives) best-hit scores, as the module docstring says."""
    qs = [q for q in queries if q[0] in qrels]
    qe = embed_known([q[1] for q in qs], known)
    pos: list[float] = []
    neg: list[float] = []
    for q, e in zip(qs, qe, strict=True):
        rel = qrels[q[0]]
        hits = index.search(q[1], k=1, q_emb=e)
        if hits:
            (pos if hits[0].id in rel else neg).append(hits[0].score)
        held = index.search(q[1], k=1, q_emb=e, exclude=rel)
        if held:
            neg.append(held[0].score)
    return pos, neg


def choose(pos: list[float], neg: list[float]) -> dict[str, Any]:
    p, n = np.array(pos), np.array(neg)
    grid = np.unique(np.round(np.concatenate([p, n]), 3))
    best_f1: tuple[float, float] = (-1.0, 0.0)
    for t in grid:
        tp, fp = int((p >= t).sum()), int((n >= t).sum())
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / len(p) if len(p) else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f1 > best_f1[0]:
            best_f1 = (f1, float(t))
    t = best_f1[1]
    return {"threshold": round(t, 3), "f1": round(best_f1[0], 4), **measure(pos, neg, t),
            "curve": {str(c): measure(pos, neg, c) for c in CURVE}}


def measure(pos: list[float], neg: list[float], t: float) -> dict[str, Any]:
    p, n = np.array(pos), np.array(neg)
    tp, fp = int((p >= t).sum()), int((n >= t).sum())
    return {"positives": len(p), "negatives": len(n), "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / len(p), 4) if len(p) else None,
            "unchecked_called_match": round(fp / len(n), 4) if len(n) else None}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--emb-cache", type=Path, default=None)
    a = ap.parse_args(argv)
    known = known_embeddings(a.emb_cache)
    claims = _tsv(CR / "verified_claims.docs.tsv", _CLAIMS, 3)
    ce, te = claim_embeddings(claims, a.emb_cache)
    index = ClaimIndex([(r[0], r[1], r[2]) for r in claims], claim_emb=ce, title_emb=te)
    train = scores(index, _tsv(CR / "train" / "tweets.queries.tsv", _QUERIES, 2),
                   read_qrels(CR / "train" / "tweet-vclaim-pairs.qrels"), known)
    out = {"train": choose(*train)}
    dev = scores(index, _tsv(CR / "dev" / "tweets.queries.tsv", _QUERIES, 2),
                 read_qrels(CR / "dev" / "tweet-vclaim-pairs.qrels"), known)
    out["dev_at_threshold"] = measure(*dev, out["train"]["threshold"])
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
