"""Does refitting the claim retrieval on more tweets help an unseen one? (the check behind the model card's
"Tried, not shipped: 1.3.0 refitted on the training and development tweets").

The 197 development tweets are split in two halves (seed 2025 shuffle, every other one). For each half, the
query adapter (the setting 1.2.0 chose: rank 16, top 2 layers, keep 1.0, 6 epochs) and the listwise re-ranker
(C 10) are trained on the 800 training tweets plus the *other* half, and score this half; the shipped model
(adapter and weights as they are in ``models/claim_retrieval``) scores the same tweets. Prints both MAP@5, the
tweets better and worse, and a paired bootstrap interval of the difference.

The re-ranker's training rows use the out-of-fold query vectors that ``finetune_claim_queries --final`` writes
to ``--emb-cache/queries_oof.npz`` (their adapters saw the scored half: if anything kind to the refit).
jax is needed (see ``training/finetune_claim_queries.py`` for the scratch environment)::

    PYTHONPATH=src:. /tmp/jaxenv/bin/python -m training.claim_retrieval_refit_check --emb-cache DIR
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from training import finetune_claim_queries as ft
from training.common import SEED
from training.train_claim_retrieval import fit_listwise


def ap_at_5(ranked: list[str], relevant: set[str]) -> float:
    """Average precision at 5 of one query with one relevant item: 1 / its rank, 0 beyond 5."""
    return next((1 / (k + 1) for k, x in enumerate(ranked[:5]) if x in relevant), 0.0)


def keep_into(got: list[Any]) -> Callable[[int, Any], None]:
    """An ``at_epoch`` for :func:`finetune_claim_queries.train` that keeps each epoch's LoRA factors in ``got``."""
    def keep(epoch: int, lora: Any) -> None:
        got.append(lora)

    return keep


def main(argv: list[str] | None = None) -> None:
    from unspun import models
    from unspun.archive.claims import QUERY_TOKENS, ClaimIndex, load_reranker
    from unspun.eval.claim_retrieval import claim_embeddings, measures
    from unspun.runtime import adapters, embed

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--emb-cache", type=Path, required=True, help="vclaim.npy, title.npy and queries_oof.npz (997 tweets)")
    a = ap.parse_args(argv)
    t0 = time.time()
    claims, qs, qrels = ft.load_train(parts=("train", "dev"))
    n_train = 800
    ce, te = claim_embeddings(claims, a.emb_cache)
    index = ClaimIndex([(r[0], r[1], r[2]) for r in claims], claim_emb=ce, title_emb=te)
    row = {cid: i for i, cid in enumerate(index.ids)}
    pos = np.array([row[next(iter(qrels[q[0]]))] for q in qs])
    fw = ft.frozen_weights()
    seqs = ft.tokenize([q[1] for q in qs], QUERY_TOKENS)
    xs = ft.states(fw, seqs, 4)
    stock = ft.stock_vectors(fw, seqs)
    with np.load(a.emb_cache / "queries_oof.npz") as z:
        oof = dict(zip(z["texts"].tolist(), z["emb"], strict=True))
    dev = list(range(n_train, len(qs)))
    random.Random(SEED).shuffle(dev)
    halves = [sorted(dev[0::2]), sorted(dev[1::2])]
    cfg = {**ft.BASE, "keep": 1.0, "epochs": (6,)}
    shipped = load_reranker()
    model = adapters.merge(embed.load(), models.path("claim_retrieval", "claim_query.npz"))
    shipped_vec = embed.embed([q[1] for q in qs[n_train:]], max_tokens=QUERY_TOKENS, model=model)

    def rank(i: int, vec: np.ndarray, rr: Any) -> list[str]:
        rows, x = index.candidates(qs[i][1], vec)
        s = rr.score(x)
        return [index.ids[rows[j]] for j in sorted(range(len(rows)), key=lambda j: (-s[j], j))]

    new_ap: list[float] = []
    old_ap: list[float] = []
    out: dict[str, Any] = {"halves": []}
    for held in halves:
        hs = set(held)
        tr = [i for i in range(len(qs)) if i not in hs]
        got: list[Any] = []
        ft.train(fw, [xs[i] for i in tr], stock[tr], pos[tr], ce, te, cfg, SEED, keep_into(got))
        vec = ft.encode(fw, got[0], [xs[i] for i in held])
        groups = []
        for i in tr:
            rows, x = index.candidates(qs[i][1], oof[qs[i][1]])
            groups.append((x, np.array([int(index.ids[r] in qrels[qs[i][0]]) for r in rows])))
        rr = fit_listwise(groups, 10.0)
        rel = [qrels[qs[i][0]] for i in held]
        new = [rank(i, v, rr) for i, v in zip(held, vec, strict=True)]
        old = [rank(i, shipped_vec[i - n_train], shipped) for i in held]
        new_ap += [ap_at_5(r, g) for r, g in zip(new, rel, strict=True)]
        old_ap += [ap_at_5(r, g) for r, g in zip(old, rel, strict=True)]
        out["halves"].append({"tweets": len(held), "refit": measures(new, rel)["map_at_5"],
                              "shipped": measures(old, rel)["map_at_5"]})
        print(out["halves"][-1], f"{time.time() - t0:.0f}s", flush=True)
    d = np.array(new_ap) - np.array(old_ap)
    rng = np.random.default_rng(SEED)
    boots = [d[rng.integers(0, len(d), len(d))].mean() for _ in range(2000)]
    out |= {"refit_map_at_5": round(float(np.mean(new_ap)), 4), "shipped_map_at_5": round(float(np.mean(old_ap)), 4),
            "better": int((d > 0).sum()), "worse": int((d < 0).sum()),
            "difference_95": [round(float(np.percentile(boots, q)), 4) for q in (2.5, 97.5)]}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
