"""Fit the claim re-ranking weights shipped in ``unspun/models/claim_retrieval/weights.json``.

Data: ../shared/data/claim-retrieval-checkthat2020 (CLEF-2020 CheckThat! task 2): the
10,373 verified claims, the 800 *training* queries and their qrels. The development
queries are scored once at the end (written to metrics.json); the lab's test part is not here.

For every training query the shortlist of :class:`unspun.archive.claims.ClaimIndex`
(BM25 top 50 joined with the MiniLM top 20) gives one row of :data:`FEATURES` per
candidate, labelled 1 for the relevant claim; the weights (1.3.0) maximise the relevant candidate's softmax
probability within its query's shortlist (:func:`fit_listwise`; ``--objective pointwise``: 1.2.0's logistic
regression over all rows), L2 strength C chosen by 5-fold CV over the training queries, by MAP@5.

Query vectors (1.2.0): MiniLM with the query adapter ``claim_query`` (``models/claim_retrieval/claim_query.npz``,
``training/finetune_claim_queries.py``, run first); the fact-checks keep their stock vectors. The adapter
was trained on the training tweets, so their vectors from it are kinder than a new tweet's: the training
queries use their *out-of-fold* vectors instead (``--emb-cache/queries_oof.npz``, written by the
fine-tuning run, each from the adapter trained without its fold); the development queries the shipped
adapter (as ``unspun eval claim-retrieval`` computes them). ``--adapter none``: the stock vectors (1.1.0).

    python -m training.train_claim_retrieval --emb-cache /tmp/unspun-claims-emb/cr
    python -m training.train_claim_retrieval --final --emb-cache DIR   # 1.4.0: training + development tweets
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from training.common import DATA, MODELS, SEED, write_json
from unspun.archive.claims import FEATURES, QUERY_TOKENS, ClaimIndex, Reranker
from unspun.eval.claim_retrieval import _CLAIMS, _QUERIES, _tsv, claim_embeddings, measures, read_qrels

CR = DATA / "claim-retrieval-checkthat2020"
GRID_C = (0.1, 1.0, 10.0)


ADAPTER = "claim_query"


def known_embeddings(cache: Path | None, adapter: str | None = None) -> dict[str, np.ndarray]:
    """Query text -> vector: the stock ones from ``cache/queries.npz`` (``texts``, ``emb``) when present; with
    ``adapter``, the training tweets' out-of-fold vectors from ``cache/queries_oof.npz`` (required)."""
    name = "queries_oof.npz" if adapter else "queries.npz"
    if cache is None or not (cache / name).is_file():
        if adapter:
            raise SystemExit(f"{name} is missing: run training.finetune_claim_queries --emb-cache DIR first")
        return {}
    with np.load(cache / name, allow_pickle=False) as z:
        return dict(zip(z["texts"].tolist(), z["emb"], strict=True))


def embed_known(texts: list[str], known: dict[str, np.ndarray], adapter: str | None = None) -> np.ndarray:
    """Query vectors of ``texts`` as ``eval`` computes them (with ``adapter``), reusing the known ones."""
    from unspun.runtime import embed

    miss = [t for t in texts if t not in known]
    fresh = dict(zip(miss, embed.embed(miss, max_tokens=QUERY_TOKENS, adapter=adapter), strict=True)) if miss else {}
    return np.array([known[t] if t in known else fresh[t] for t in texts], dtype=np.float32)


def fit_pointwise(cands: list[Any], c: float) -> Reranker:
    """1.2.0 and before: a logistic regression over all (query, candidate) rows, each row on its own."""
    x = np.vstack([k[1] for k in cands])
    y = np.concatenate([k[2] for k in cands])
    m = LogisticRegression(C=c, max_iter=2000).fit(x, y)
    return Reranker(tuple(float(w) for w in m.coef_[0]), float(m.intercept_[0]))


def fit_listwise(groups: list[tuple[np.ndarray, np.ndarray]], c: float) -> Reranker:
    """1.3.0: weights that make each query's relevant candidate likely *among its own shortlist* (a conditional
    logit: softmax cross-entropy of the scores within each group, the mean over its relevant rows), with an L2
    penalty of ``|w|^2 / 2c`` on the weights of the standardised features. ``groups`` are (features, labels) per
    query; one with no relevant candidate teaches nothing and is left out. A ranking needs no bias, so the
    :class:`Reranker`'s bias only undoes the standardisation (scores are comparable across queries only as
    much as their features are)."""
    from scipy.optimize import minimize
    from scipy.special import logsumexp

    groups = [(x, y) for x, y in groups if y.sum() > 0]
    allx = np.vstack([x for x, _ in groups])
    mu, sd = allx.mean(axis=0), allx.std(axis=0) + 1e-9
    zs = [((x - mu) / sd, y == 1) for x, y in groups]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, w / c
        for z, pos in zs:
            s = z @ w
            lse = logsumexp(s)
            total -= s[pos].mean() - lse
            grad = grad - (z[pos].mean(axis=0) - np.exp(s - lse) @ z)
        return total + float(w @ w) / (2 * c), grad

    w = minimize(loss, np.zeros(allx.shape[1]), jac=True, method="L-BFGS-B").x
    return Reranker(tuple(float(v) for v in w / sd), float(-(mu / sd) @ w))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=MODELS / "claim_retrieval")
    ap.add_argument("--emb-cache", type=Path, default=None)
    ap.add_argument("--adapter", default=ADAPTER, help="the query adapter ('none': stock MiniLM vectors)")
    ap.add_argument("--objective", choices=("listwise", "pointwise"), default="listwise",
                    help="listwise (1.3.0): within each query's shortlist; pointwise: each row alone (1.2.0)")
    ap.add_argument("--final", action="store_true",
                    help="the shipped weights once the settings are chosen (1.4.0): fitted on the training and "
                         "development tweets (their out-of-fold vectors from finetune_claim_queries --final); "
                         "reports the CV over both, nothing is left to score once")
    a = ap.parse_args(argv)
    t0 = time.time()
    adapter = None if a.adapter == "none" else a.adapter

    known = known_embeddings(a.emb_cache, adapter)
    claims = _tsv(CR / "verified_claims.docs.tsv", _CLAIMS, 3)
    ce, te = claim_embeddings(claims, a.emb_cache)
    index = ClaimIndex([(r[0], r[1], r[2]) for r in claims], claim_emb=ce, title_emb=te)
    parts = {}
    for part in ("train", "dev"):
        qrels = read_qrels(CR / part / "tweet-vclaim-pairs.qrels")
        qs = [q for q in _tsv(CR / part / "tweets.queries.tsv", _QUERIES, 2) if q[0] in qrels]
        trains = part == "train" or a.final
        qe = embed_known([q[1] for q in qs], known if trains or not adapter else {}, adapter)
        if adapter and trains and any(q[1] not in known for q in qs):
            raise SystemExit(f"queries_oof.npz does not hold every {part} tweet (finetune_claim_queries"
                             + (" --final" if a.final else "") + " writes it)")
        cands = []
        for q, e in zip(qs, qe, strict=True):
            rows, x = index.candidates(q[1], e)
            ids = [index.ids[r] for r in rows]
            cands.append((ids, x, np.array([int(i in qrels[q[0]]) for i in ids]), qrels[q[0]]))
        parts[part] = cands
        print(part, len(qs), "queries", f"{time.time() - t0:.0f}s", flush=True)

    def rank(cands: list[Any], rr: Reranker) -> dict[str, Any]:
        ranked = []
        for ids, x, _, _ in cands:
            s = rr.score(x)
            ranked.append([ids[i] for i in sorted(range(len(ids)), key=lambda i: (-s[i], i))])
        return measures(ranked, [c[3] for c in cands])

    def fit(cands: list[Any], c: float) -> Reranker:
        return fit_listwise([(k[1], k[2]) for k in cands], c) if a.objective == "listwise" else fit_pointwise(cands, c)

    train = parts["train"] + parts["dev"] if a.final else parts["train"]
    order = list(range(len(train)))
    random.Random(SEED).shuffle(order)
    cv = {}
    for c in GRID_C:
        maps = []
        for k in range(5):
            held = set(order[k::5])
            rr = fit([train[i] for i in range(len(train)) if i not in held], c)
            maps.append(rank([train[i] for i in sorted(held)], rr)["map_at_5"])
        cv[str(c)] = round(float(np.mean(maps)), 4)
    best = max(GRID_C, key=lambda c: cv[str(c)])
    rr = fit(train, best)
    bm25_only = Reranker(tuple(1.0 if f == "bm25_log" else 0.0 for f in FEATURES), 0.0)
    if a.final:
        metrics = {"cv_train_and_dev_map_at_5": cv, "C": best, "queries": len(train), "train_and_dev": rank(train, rr),
                   "bm25_shortlist_order": rank(train, bm25_only)}
    else:
        metrics = {
            "cv_train_map_at_5": cv,
            "C": best,
            "train": rank(train, rr),
            "dev": rank(parts["dev"], rr),
            "dev_bm25_shortlist_order": rank(parts["dev"], bm25_only),
        }
    version = "1.4.0" if a.final else "1.3.0" if a.objective == "listwise" else "1.2.0" if adapter else "1.1.0"
    a.out.mkdir(parents=True, exist_ok=True)
    write_json(a.out / "weights.json", {
        "name": "unspun-claim-retrieval", "version": version, "features": list(FEATURES),
        "objective": a.objective,
        **({"query_adapter": adapter} if adapter else {}),
        "weights": list(rr.weights), "bias": rr.bias, "C": best, "seed": SEED,
        "data": f"claim-retrieval-checkthat2020 {'train + dev' if a.final else 'train'} queries ({len(train)})"
                + (" with out-of-fold query vectors" if adapter else ""),
    })
    write_json(a.out / "metrics.json", metrics)
    print(metrics, f"{time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
