"""Try a cross-encoder re-ranker for fact-check retrieval: all-MiniLM-L6-v2 reading the tweet and a candidate
claim *together* (``[CLS] tweet [SEP] claim [SEP]``, token types 0 / 1), its score a re-ranking of the top ``K``
of :class:`unspun.archive.claims.ClaimIndex`'s shortlist.

Data: ../shared/data/claim-retrieval-checkthat2020 (CheckThat! 2020 task 2): the 10,375 verified claims and the
800 *training* tweets with their qrels; the development tweets are scored once, with ``--dev``, after the choice.

Model: the stock MiniLM's six layers over the pair; LoRA deltas (``--rank``) on the fused query/key/value,
attention output, feed-forward up and down weights of the top ``--layers`` layers, and a linear head on the
mean-pooled last states. The bottom layers are frozen, so each pair's states before the tuned layers are
computed once and cached. Loss: softmax cross-entropy over each tweet's group (its relevant claim and the best
other candidates of the shipped pipeline: hard negatives), Adam.

Candidates: the full shipped pipeline (the 12 :data:`unspun.archive.claims.FEATURES` from the training tweets'
*out-of-fold* query-adapter vectors, ``--emb-cache/queries_oof.npz``), re-ranked by a logistic regression (C 10)
refitted in-fold; the top ``TOPN`` of each tweet's out-of-fold order are the pairs.

Choice by 5-fold CV over the 800 training tweets (the folds of ``train_claim_retrieval.py``: seed 2025 shuffle,
fold k = every 5th from k): each fold's cross-encoder, trained on the other four, scores the held-out fold's
pairs; a logistic combination of the re-ranker's score and the cross-encoder's (fitted in-fold on the top-K
rows) re-orders the top K; MAP@5 over the held-out folds against the shipped setup's, with a paired
bootstrap interval over the 800 tweets.

Outcome (2026-12-03, ``models/claim_retrieval/CARD.md``): not shipped. The cross-encoder alone ranks the top 10
well below the 12 features (CV MAP@5 0.83 against 0.904), adds +0.0004 as a re-ordering and +0.005 (within
noise) as four more features of the re-ranker, and costs 20-25 ms CPU a pair at run time. ``--dev EPOCHS,K``
(after the CV, reading its scores from ``--out``) trains on all 800 and scores the development tweets once,
both ways (the top-K re-ordering and the re-ranker refitted with the cross-encoder's features, C 1).

jax is a training-only tool (the scratch environment of ``training/finetune_claim_queries.py``)::

    PYTHONPATH=src:. nice -n 10 /tmp/jaxenv/bin/python -m training.train_claim_cross_encoder \\
        --emb-cache /tmp/unspun-claims-emb/cr [--dev]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from training.common import DATA, SEED, write_json
from training.finetune_claim_queries import pad_states

CR = DATA / "claim-retrieval-checkthat2020"
#: candidates per tweet that get a cross-encoder score (the re-ranked top K is at most this)
TOPN = 10
#: word pieces of the tweet (links dropped) and of the claim in a pair
TWEET_TOKENS = 64
CLAIM_TOKENS = 32
CLS, SEP = 101, 102
KS = (2, 3, 5, 10)
BASE: dict[str, Any] = {"rank": 16, "layers": 2, "lr": 1e-3, "groups": 4, "epochs": (1, 2, 3)}


def pair_ids(tok: Any, tweet: str, claim: str) -> tuple[list[int], list[int]]:
    """Word-piece ids and token types of ``[CLS] tweet [SEP] claim [SEP]`` (each side cut to its budget)."""
    a = tok.encode(tweet, add_special_tokens=False).ids[:TWEET_TOKENS - 2]
    b = tok.encode(claim, add_special_tokens=False).ids[:CLAIM_TOKENS - 1]
    ids = [CLS, *a, SEP, *b, SEP]
    return ids, [0] * (len(a) + 2) + [1] * (len(b) + 1)


# --- jax: the pair forward pass (the arithmetic of unspun.runtime.embed, with token types) -------------------

def pair_bottom(fw: dict[str, Any], ids: Any, types: Any, mask: Any, upto: int) -> Any:
    from training.finetune_claim_queries import bottom

    return bottom(fw, ids, mask, upto, types)


def pair_top(fw: dict[str, Any], p: dict[str, Any], x: Any, mask: Any) -> Any:
    """Scores ``(B,)`` from the states before the top ``len(p['lora'])`` layers."""
    from training.finetune_claim_queries import _layer

    bias = ((1.0 - mask) * -1e9)[:, None, None, :]
    lora = p["lora"]
    for L, d in zip(fw["layers"][len(fw["layers"]) - len(lora):], lora, strict=True):
        x = _layer(fw, L, d, x, bias)
    pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled @ p["w"] + p["b"]


def fw_with_types() -> dict[str, Any]:
    import jax.numpy as jnp

    from training.finetune_claim_queries import frozen_weights
    from unspun.runtime import embed

    fw = frozen_weights()
    fw["types"] = jnp.asarray(embed.load().types)
    return fw


def pad_pairs(seqs: Sequence[tuple[list[int], list[int]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from training.finetune_claim_queries import PAD

    t = -(-max(len(s[0]) for s in seqs) // PAD) * PAD
    ids = np.zeros((len(seqs), t), dtype=np.int32)
    types = np.zeros((len(seqs), t), dtype=np.int32)
    mask = np.zeros((len(seqs), t), dtype=np.float32)
    for i, (a, b) in enumerate(seqs):
        ids[i, : len(a)] = a
        types[i, : len(b)] = b
        mask[i, : len(a)] = 1.0
    return ids, types, mask


def pair_states(fw: dict[str, Any], seqs: Sequence[tuple[list[int], list[int]]], upto: int,
                batch: int = 64) -> list[np.ndarray]:
    """Each pair's token states before the tuned layers (fp16, computed once)."""
    from training.finetune_claim_queries import _jax

    jax = _jax()
    f = jax.jit(lambda i, t, m: pair_bottom(fw, i, t, m, upto))
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i][0]))
    out: list[np.ndarray] = [np.zeros(0)] * len(seqs)
    for s in range(0, len(order), batch):
        chunk = order[s : s + batch]
        ids, types, mask = pad_pairs([seqs[i] for i in chunk])
        x = np.asarray(f(ids, types, mask))
        for j, i in enumerate(chunk):
            out[i] = x[j, : len(seqs[i][0])].astype(np.float16)
    return out


_FN: dict[str, Any] = {}


def score_pairs(fw: dict[str, Any], p: dict[str, Any], xs: Sequence[np.ndarray], batch: int = 64) -> np.ndarray:
    from training.finetune_claim_queries import _jax

    jax = _jax()
    if "score" not in _FN:
        _FN["score"] = jax.jit(lambda p, x, m: pair_top(fw, p, x, m))
    order = sorted(range(len(xs)), key=lambda i: len(xs[i]))
    out = np.zeros(len(xs), dtype=np.float32)
    for s in range(0, len(order), batch):
        chunk = order[s : s + batch]
        x, mask = pad_states([xs[i] for i in chunk])
        out[chunk] = np.asarray(_FN["score"](p, x, mask))
    return out


def train(fw: dict[str, Any], groups: Sequence[tuple[list[int], int]], xs: Sequence[np.ndarray],
          cfg: dict[str, Any], seed: int, at_epoch: Any) -> None:
    """Adam on LoRA factors and head; ``groups``: (pair rows of one tweet, index of its relevant pair)."""
    from training.finetune_claim_queries import _jax, init_lora

    jax = _jax()
    import jax.numpy as jnp

    if "step" not in _FN:
        def loss(p: Any, x: Any, mask: Any, y: Any, n: int) -> Any:
            s = pair_top(fw, p, x, mask).reshape(-1, n)
            return -jnp.take_along_axis(jax.nn.log_softmax(s, axis=-1), y[:, None], 1).mean()

        b1, b2 = 0.9, 0.999

        def step(p: Any, m: Any, v: Any, k: Any, x: Any, mask: Any, y: Any, lr: Any, n: int) -> Any:
            val, g = jax.value_and_grad(loss)(p, x, mask, y, n)
            m = jax.tree_util.tree_map(lambda a, b: b1 * a + (1 - b1) * b, m, g)
            v = jax.tree_util.tree_map(lambda a, b: b2 * a + (1 - b2) * b * b, v, g)
            c1, c2 = 1 - b1**k, 1 - b2**k
            p = jax.tree_util.tree_map(lambda q, a, b: q - lr * (a / c1) / (jnp.sqrt(b / c2) + 1e-8), p, m, v)
            return p, m, v, val

        _FN["step"] = jax.jit(step, static_argnums=(8,))
    stepf = _FN["step"]
    p = {"lora": init_lora(int(cfg["rank"]), int(cfg["layers"]), seed), "w": jnp.zeros(384, jnp.float32),
         "b": jnp.float32(0.0)}
    m = jax.tree_util.tree_map(jnp.zeros_like, p)
    v = jax.tree_util.tree_map(jnp.zeros_like, p)
    rng = random.Random(seed)
    n = len(groups[0][0])
    gs, k = int(cfg["groups"]), 0
    for epoch in range(1, max(cfg["epochs"]) + 1):
        order = list(range(len(groups)))
        rng.shuffle(order)
        tot, t0 = 0.0, time.time()
        for s in range(0, len(order), gs):
            b = [groups[i] for i in order[s : s + gs]]
            k += 1
            x, mask = pad_states([xs[r] for g in b for r in g[0]])
            p, m, v, val = stepf(p, m, v, jnp.float32(k), x, mask, jnp.asarray([g[1] for g in b], jnp.int32),
                                 jnp.float32(cfg["lr"]), n)
            tot += float(val) * len(b)
        print(f"    epoch {epoch}: loss {tot / len(groups):.4f} ({time.time() - t0:.0f}s)", flush=True)
        if epoch in cfg["epochs"]:
            at_epoch(epoch, p)


# --- candidates and the combination ---------------------------------------------------------------------------

def shortlists(index: Any, queries: Sequence[tuple[str, str]], vecs: np.ndarray,
               qrels: dict[str, set[str]]) -> list[tuple[list[str], np.ndarray, np.ndarray]]:
    out = []
    for (qid, text), e in zip(queries, vecs, strict=True):
        rows, x = index.candidates(text, e)
        ids = [index.ids[r] for r in rows]
        out.append((ids, x, np.array([int(i in qrels[qid]) for i in ids])))
    return out


def shipped_out_of_fold(cands: Sequence[Any]) -> tuple[list[list[int]], list[np.ndarray]]:
    """The 5 folds of ``train_claim_retrieval.py`` (seed 2025 shuffle, every 5th) and the shipped setup's
    out-of-fold scores of each query's shortlist (the re-ranker refitted in-fold, C 10)."""
    n = len(cands)
    order = list(range(n))
    random.Random(SEED).shuffle(order)
    folds = [sorted(order[k::5]) for k in range(5)]
    scores: list[np.ndarray] = [np.zeros(0)] * n
    for held in folds:
        hs = set(held)
        lr = fit_lr([cands[i] for i in range(n) if i not in hs])
        for i in held:
            scores[i] = lr.decision_function(cands[i][1])
    return folds, scores


def fit_lr(cands: Sequence[Any], c: float = 10.0) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=2000).fit(np.vstack([f[1] for f in cands]),
                                                      np.concatenate([f[2] for f in cands]))


def ap5(ranked: Sequence[str], rel: set[str]) -> float:
    hits, s = 0, 0.0
    for i, r in enumerate(ranked[:5]):
        if r in rel:
            hits += 1
            s += hits / (i + 1)
    return s / min(len(rel), 5) if rel else 0.0


def combine(rr: list[np.ndarray], ce: list[np.ndarray], labels: list[np.ndarray], train: Sequence[int],
            k: int) -> Any:
    """Logistic weights of (re-ranker score, cross-encoder score) on the top-``k`` rows of ``train`` tweets."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([np.column_stack([rr[i][:k], ce[i][:k]]) for i in train])
    y = np.concatenate([labels[i][:k] for i in train])
    return LogisticRegression(C=10.0, max_iter=2000).fit(x, y)


def rerank(ids: list[str], rr: np.ndarray, ce: np.ndarray, lr: Any, k: int) -> list[str]:
    """``ids`` in re-ranker order; the top ``k`` re-ordered by the combination."""
    top = lr.decision_function(np.column_stack([rr[:k], ce[:k]]))
    order = sorted(range(min(k, len(ids))), key=lambda j: (-top[j], j))
    return [ids[j] for j in order] + ids[k:]


def cv_rerank(folds: list[list[int]], ranked_ids: list[list[str]], rr: list[np.ndarray], ce: list[np.ndarray],
              labels: list[np.ndarray], rel: list[set[str]], base_ap: np.ndarray, k: int, setting: str) -> dict[str, Any]:
    """MAP@5 of re-ordering each query's top ``k`` by the in-fold combination of the re-ranker's score and
    ``ce``, against the shipped order (``base_ap``): the gain, its paired bootstrap interval, queries better
    and worse."""
    n = len(rr)
    got = np.zeros(n)
    for held in folds:
        hs = set(held)
        lr = combine(rr, ce, labels, [i for i in range(n) if i not in hs], k)
        for i in held:
            got[i] = ap5(rerank(ranked_ids[i], rr[i], ce[i], lr, k), rel[i])
    lo, hi = bootstrap(got, base_ap)
    return {"setting": setting, "map_at_5": round(float(got.mean()), 4),
            "gain": round(float(got.mean() - base_ap.mean()), 4), "interval": [round(lo, 4), round(hi, 4)],
            "better": int((got > base_ap).sum()), "worse": int((got < base_ap).sum())}


def bootstrap(a: np.ndarray, b: np.ndarray, n: int = 10000) -> tuple[float, float]:
    rng = np.random.default_rng(SEED)
    d = a - b
    s = rng.integers(0, len(d), (n, len(d)))
    m = d[s].mean(1)
    return float(np.percentile(m, 2.5)), float(np.percentile(m, 97.5))


def with_ce(x: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The 12 features (rows in re-ranker order) and the cross-encoder's: its score, gap to the best and
    reciprocal rank among the top ``len(s)``, and whether the row is among them (0 for the rest)."""
    m = len(s)
    c = np.full(len(x), s.min() - 1.0)
    c[:m] = s
    top = (np.arange(len(x)) < m).astype(float)
    rrank = np.where(top > 0, 1.0 / (1 + np.argsort(np.argsort(-c))), 0.0)
    return np.column_stack([x, c * top, (c - s.max()) * top, rrank, top])


def dev(fw: dict[str, Any], cfg: dict[str, Any], kk: int, groups: Any, xs: Any, index: Any, text_of: dict[str, str],
        feats: Any, rr: Any, labels: Any, oof: Any, out: Path) -> None:
    """Train on all training tweets, fit the combinations on their out-of-fold scores, score dev once: the
    top-``kk`` re-ordering and the re-ranker refitted with the cross-encoder's features (C 1)."""
    from sklearn.linear_model import LogisticRegression

    from unspun.archive.claims import ClaimIndex, clean_query, load_reranker, query_vectors
    from unspun.eval.claim_retrieval import _QUERIES, _tsv, measures, read_qrels
    from unspun.runtime import embed

    assert isinstance(index, ClaimIndex)
    n = len(groups)
    ce = [np.pad(s, (0, len(rr[i]) - len(s)), constant_values=-1e9) for i, s in enumerate(oof)]
    lr = combine(rr, ce, labels, range(n), kk)
    lr16 = LogisticRegression(C=1.0, max_iter=3000).fit(np.vstack([with_ce(feats[i], oof[i]) for i in range(n)]),
                                                        np.concatenate(labels))
    final: list[Any] = []
    train(fw, groups, xs, cfg, SEED, lambda e, p: final.append(p))
    p = final[0]
    save: Any = np.savez_compressed
    save(out / "cross_encoder.npz", **{f"l{4 + j}.{t}.{q}": np.asarray(d[t][q], np.float16)
                                       for j, d in enumerate(p["lora"]) for t in d for q in "ab"},
         head_w=np.asarray(p["w"], np.float32), head_b=np.asarray(p["b"], np.float32),
         combine=np.array([*lr.coef_[0], lr.intercept_[0]], np.float64))
    qrels = read_qrels(CR / "dev" / "tweet-vclaim-pairs.qrels")
    qs = [q for q in _tsv(CR / "dev" / "tweets.queries.tsv", _QUERIES, 2) if q[0] in qrels]
    rrm = load_reranker()
    vecs = query_vectors([q[1] for q in qs], rrm)
    tok = embed.load().tokenizer
    base, got, alone, got16 = [], [], [], []
    for q, e in zip(qs, vecs, strict=True):
        rows, x = index.candidates(q[1], e)
        s = rrm.score(x)
        o = sorted(range(len(rows)), key=lambda j: (-s[j], j))
        ids = [index.ids[rows[j]] for j in o]
        sc = s[o]
        pairs = [pair_ids(tok, clean_query(q[1]), text_of[c]) for c in ids[:TOPN]]
        cs = score_pairs(fw, p, pair_states(fw, pairs, 6 - int(cfg["layers"])))
        base.append(ids)
        got.append(rerank(ids, sc, np.pad(cs, (0, len(ids) - len(cs))), lr, kk))
        alone.append([ids[j] for j in sorted(range(len(cs)), key=lambda j: (-cs[j], j))])
        s16 = lr16.decision_function(with_ce(x[o], cs))
        got16.append([ids[j] for j in sorted(range(len(ids)), key=lambda j: (-s16[j], j))])
    rel = [qrels[q[0]] for q in qs]
    a = np.array([ap5(r, s) for r, s in zip(got, rel, strict=True)])
    b = np.array([ap5(r, s) for r, s in zip(base, rel, strict=True)])
    lo, hi = bootstrap(a, b)
    a16 = np.array([ap5(r, s) for r, s in zip(got16, rel, strict=True)])
    lo16, hi16 = bootstrap(a16, b)
    res = {"dev_re_ranker_with_cross_encoder_features": measures(got16, rel), "gain_interval_16": [lo16, hi16],
           "better_16": int((a16 > b).sum()), "worse_16": int((a16 < b).sum()),"epochs": cfg["epochs"][0], "k": kk, "combine": [float(v) for v in (*lr.coef_[0], lr.intercept_[0])],
           "dev_shipped": measures(base, rel), "dev_cross_encoder": measures(got, rel),
           "dev_cross_encoder_alone_top": measures(alone, rel), "gain_interval": [lo, hi],
           "better": int((a > b).sum()), "worse": int((a < b).sum())}
    write_json(out / "dev.json", res)
    print(res, flush=True)


def main(argv: list[str] | None = None) -> None:
    from training.finetune_claim_queries import load_train
    from training.train_claim_retrieval import known_embeddings
    from unspun.archive.claims import ClaimIndex, clean_query
    from unspun.eval.claim_retrieval import claim_embeddings
    from unspun.runtime import embed

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--emb-cache", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("/tmp/unspun-xenc"))
    ap.add_argument("--limit", type=int, default=None, help="first N training tweets only (a smoke test)")
    ap.add_argument("--folds-only", default=None, help="comma-separated folds to run (timing)")
    ap.add_argument("--dev", default=None, metavar="EPOCHS,K",
                    help="after the CV (kept in --out): train on all 800 for EPOCHS and score the development tweets "
                         "once, re-ranking their top K")
    a = ap.parse_args(argv)
    t0, w0 = time.process_time(), time.time()
    a.out.mkdir(parents=True, exist_ok=True)

    claims, queries, qrels = load_train(a.limit)
    ce_emb, te_emb = claim_embeddings(claims, None if a.limit else a.emb_cache)
    index = ClaimIndex([(r[0], r[1], r[2]) for r in claims], claim_emb=ce_emb, title_emb=te_emb)
    text_of = {r[0]: r[1] for r in claims}
    if a.limit:
        vecs = embed.embed([q[1] for q in queries], max_tokens=96)
    else:
        known = known_embeddings(a.emb_cache, "claim_query")
        vecs = np.array([known[q[1]] for q in queries], dtype=np.float32)
    cands = shortlists(index, queries, vecs, qrels)
    n = len(queries)
    folds, rr_s = shipped_out_of_fold(cands)
    ranked_ids, rr, labels, feats = [], [], [], []
    for i in range(n):
        o = sorted(range(len(cands[i][0])), key=lambda j: (-rr_s[i][j], j))
        ranked_ids.append([cands[i][0][j] for j in o])
        feats.append(cands[i][1][o])
        rr.append(rr_s[i][o])
        labels.append(cands[i][2][o])
    rel = [qrels[q[0]] for q in queries]
    base_ap = np.array([ap5(r, s) for r, s in zip(ranked_ids, rel, strict=True)])
    print(f"shipped setup, CV MAP@5 {base_ap.mean():.4f} ({time.time() - w0:.0f}s)", flush=True)

    # pairs: each tweet's top TOPN, and its relevant claim when it is not among them (training only)
    tok = embed.load().tokenizer
    pairs: list[tuple[list[int], list[int]]] = []
    rows_of: list[list[int]] = []  # tweet -> pair rows of its top TOPN
    groups: list[tuple[list[int], int]] = []
    for i, (_qid, text) in enumerate(queries):
        t = clean_query(text)
        rows = []
        for cid in ranked_ids[i][:TOPN]:
            rows.append(len(pairs))
            pairs.append(pair_ids(tok, t, text_of[cid]))
        rows_of.append(rows)
        pos = [j for j, cid in enumerate(ranked_ids[i][:TOPN]) if cid in rel[i]]
        if pos:
            groups.append((rows, pos[0]))
        else:
            cid = next(iter(rel[i]))
            pairs.append(pair_ids(tok, t, text_of[cid]))
            groups.append(([*rows[: TOPN - 1], len(pairs) - 1], TOPN - 1))
    lens = [len(p[0]) for p in pairs]
    print(f"{len(pairs)} pairs, {np.mean(lens):.1f} word pieces on average", flush=True)
    fw = fw_with_types()
    cfg = dict(BASE)
    xs = pair_states(fw, pairs, 6 - int(cfg["layers"]))
    print(f"bottom states ({time.time() - w0:.0f}s, {time.process_time() - t0:.0f}s CPU)", flush=True)

    if a.dev:
        e, kk = (int(v) for v in a.dev.split(","))
        with np.load(a.out / "cv_scores.npz") as z:
            oof_e = [z[f"e{e}_{i}"] for i in range(n)]
        dev(fw, {**cfg, "epochs": (e,)}, kk, groups, xs, index, text_of, feats, rr, labels, oof_e, a.out)
        print(f"done: {time.process_time() - t0:.0f}s CPU, {time.time() - w0:.0f}s wall", flush=True)
        return
    oof = {e: [np.zeros(0)] * n for e in cfg["epochs"]}
    todo = range(5) if a.folds_only is None else [int(f) for f in a.folds_only.split(",")]
    for k in todo:
        held = folds[k]
        hs = set(held)
        tr = [groups[i] for i in range(n) if i not in hs]

        def keep(e: int, p: Any, held: list[int] = held) -> None:
            rows = [r for i in held for r in rows_of[i]]
            s = score_pairs(fw, p, [xs[r] for r in rows])
            c = 0
            for i in held:
                m = len(rows_of[i])
                oof[e][i] = s[c : c + m]
                c += m

        print(f"  fold {k} ({time.time() - w0:.0f}s)", flush=True)
        train(fw, tr, xs, cfg, SEED + k, keep)
    if a.folds_only is not None:
        print(f"done: {time.process_time() - t0:.0f}s CPU, {time.time() - w0:.0f}s wall", flush=True)
        return
    savez: Any = np.savez  # its stubs read **arrays as its allow_pickle flag
    savez(a.out / "cv_scores.npz", **{f"e{e}_{i}": s for e, v in oof.items() for i, s in enumerate(v)})

    results: list[dict[str, Any]] = [{"setting": "shipped setup (1.2.0)", "map_at_5": round(float(base_ap.mean()), 4)}]
    for e in cfg["epochs"]:
        ce = [np.pad(s, (0, len(rr[i]) - len(s)), constant_values=-1e9) for i, s in enumerate(oof[e])]
        # the cross-encoder alone on the top TOPN
        alone = np.array([ap5([ranked_ids[i][j] for j in sorted(range(len(oof[e][i])), key=lambda j: (-oof[e][i][j], j))],
                              rel[i]) for i in range(n)])
        results.append({"setting": f"cross-encoder alone, top {TOPN}, epochs {e}", "map_at_5": round(float(alone.mean()), 4)})
        for kk in KS:
            r = cv_rerank(folds, ranked_ids, rr, ce, labels, rel, base_ap, kk, f"epochs {e}, re-rank top {kk}")
            results.append(r)
            print(r, flush=True)
    write_json(a.out / "cv.json", {"folds": "5, seed 2025 shuffle, fold k = every 5th from k", "base": {
        k: v for k, v in cfg.items() if k != "epochs"}, "topn": TOPN, "tweet_tokens": TWEET_TOKENS,
        "claim_tokens": CLAIM_TOKENS, "results": results, "cpu_seconds": round(time.process_time() - t0),
        "wall_seconds": round(time.time() - w0)})
    print(json.dumps(results, indent=1))
    print(f"done: {time.process_time() - t0:.0f}s CPU, {time.time() - w0:.0f}s wall", flush=True)


if __name__ == "__main__":
    main()
