"""Choose the re-ranking score from which ``check --db`` calls a fact-check a match, on the training queries.

Data: ../shared/data/claim-retrieval-checkthat2020, the 800 *training* queries only (the development
queries stay held out). Every training query has a checked claim; a claim nobody checked is simulated
by the same query with its relevant fact-check(s) left out of the index (``ClaimIndex.search(exclude=)``).
Positives: the best hit's score (and cosine) when it is the relevant fact-check; negatives: the best hit's score
with the relevant ones left out (and, when the best hit is a wrong one, that score too). The threshold is
the score with the best F1 of "match" on these, among hits above a cosine floor (:func:`choose`); the
re-ranking score is relative to the shortlist (its leader always looks good), so no threshold reaches a
high precision: the curve is printed too. Some
negatives are not wrong: Snopes checked many claims twice, and the next best is then the same claim.
The re-ranker was fitted on these same queries, so its scores here are a little kinder than on unseen
claims: the dev figures (printed last, scored once) say how much. With the query adapter (re-ranker 1.2.0)
the training tweets' vectors are their out-of-fold ones (``queries_oof.npz``, see ``train_claim_retrieval``):
the adapter's own vectors of the tweets it learnt from would make every training match look surer.

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
from unspun.archive.claims import ClaimIndex, load_reranker
from unspun.eval.claim_retrieval import _CLAIMS, _QUERIES, _tsv, claim_embeddings, read_qrels

CR = DATA / "claim-retrieval-checkthat2020"
#: the curve's points, as steps from the chosen threshold (the score's scale is the re-ranker's own: 1.3.0's
#: listwise weights put it near 12 where 1.2.0's was near 0.7)
CURVE = (-4.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 4.0)


def scores(index: ClaimIndex, queries: list[list[str]], qrels: dict[str, set[str]],
           known: dict[str, np.ndarray]) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """(positives, negatives) best hits' (score, cosine), as the module docstring says."""
    qs = [q for q in queries if q[0] in qrels]
    qe = embed_known([q[1] for q in qs], known, load_reranker().adapter)
    pos: list[tuple[float, float]] = []
    neg: list[tuple[float, float]] = []
    for q, e in zip(qs, qe, strict=True):
        rel = qrels[q[0]]
        hits = index.search(q[1], k=1, q_emb=e)
        if hits:
            (pos if hits[0].id in rel else neg).append((hits[0].score, hits[0].cosine))
        held = index.search(q[1], k=1, q_emb=e, exclude=rel)
        if held:
            neg.append((held[0].score, held[0].cosine))
    return pos, neg


def choose(pos: list[tuple[float, float]], neg: list[tuple[float, float]]) -> dict[str, Any]:
    """The cosine floor (the positives' 5th percentile: a match must be close in meaning whatever the
    shortlist holds, since the re-ranking score is relative to it and the only fact-check of a small archive
    always leads), then the F1-best score threshold over the hits above that floor."""
    floor = float(np.percentile([c for _, c in pos], 5))
    grid = np.unique(np.round([s for s, _ in pos + neg], 3))
    best_f1: tuple[float, float] = (-1.0, 0.0)
    for t in grid:
        m = measure(pos, neg, float(t), floor)
        f1 = 2 * m["precision"] * m["recall"] / (m["precision"] + m["recall"]) if m["precision"] and m["recall"] else 0.0
        if f1 > best_f1[0]:
            best_f1 = (f1, float(t))
    t = best_f1[1]
    return {"threshold": round(t, 3), "cosine_floor": round(floor, 3), "f1": round(best_f1[0], 4),
            **measure(pos, neg, t, floor), "curve": {f"{t + c:.3f}": measure(pos, neg, t + c, floor) for c in CURVE}}


def measure(pos: list[tuple[float, float]], neg: list[tuple[float, float]], t: float, floor: float) -> dict[str, Any]:
    tp = sum(1 for s, c in pos if s >= t and c >= floor)
    fp = sum(1 for s, c in neg if s >= t and c >= floor)
    return {"positives": len(pos), "negatives": len(neg), "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / len(pos), 4) if pos else None,
            "unchecked_called_match": round(fp / len(neg), 4) if neg else None}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--emb-cache", type=Path, default=None)
    ap.add_argument("--final", action="store_true",
                    help="for the re-ranker fitted on training and development tweets (1.4.0): chosen on both (their "
                         "out-of-fold vectors), nothing is left to score once")
    a = ap.parse_args(argv)
    adapter = load_reranker().adapter
    known = known_embeddings(a.emb_cache, adapter)
    claims = _tsv(CR / "verified_claims.docs.tsv", _CLAIMS, 3)
    ce, te = claim_embeddings(claims, a.emb_cache)
    index = ClaimIndex([(r[0], r[1], r[2]) for r in claims], claim_emb=ce, title_emb=te)
    train = scores(index, _tsv(CR / "train" / "tweets.queries.tsv", _QUERIES, 2),
                   read_qrels(CR / "train" / "tweet-vclaim-pairs.qrels"), known)
    if a.final:
        dev = scores(index, _tsv(CR / "dev" / "tweets.queries.tsv", _QUERIES, 2),
                     read_qrels(CR / "dev" / "tweet-vclaim-pairs.qrels"), known)
        print(json.dumps({"train_and_dev": choose(train[0] + dev[0], train[1] + dev[1])}, indent=2))
        return
    out = {"train": choose(*train)}
    dev = scores(index, _tsv(CR / "dev" / "tweets.queries.tsv", _QUERIES, 2),
                 read_qrels(CR / "dev" / "tweet-vclaim-pairs.qrels"), {} if adapter else known)
    out["dev_at_threshold"] = measure(*dev, out["train"]["threshold"], out["train"]["cosine_floor"])
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
