"""Try a cheap "late" cross-encoder for fact-check retrieval: each candidate's *stored* stock MiniLM vectors
(claim and title) enter all-MiniLM-L6-v2's top two layers as two extra tokens that attend to the tweet's word
pieces (and to each other); the tweet's own states are the stock model's, computed once per tweet (not per
candidate), so a candidate costs two tokens of two layers instead of a whole pair (the full cross-encoder of
``train_claim_cross_encoder.py``, about 20 ms CPU a pair).

Trained: a linear map of the stored vector into layer 4's input (identity at the start, then the embeddings'
layer norm, the type-1 embedding added), LoRA deltas (``rank``) on the candidate tokens' path through layers 4 and
5 (the tweet's keys and values are the stock ones), a linear head on the two tokens' mean; softmax cross-entropy
over each tweet's group (its relevant claim and the shipped pipeline's best other candidates), Adam.

Candidates, folds, the combination with the re-ranker's score and the measures are those of
``train_claim_cross_encoder.py`` (5-fold CV over the 800 training tweets, the folds of
``train_claim_retrieval.py``); the development tweets are scored once with ``--dev EPOCHS,K``.

Outcome (2026-12-03, ``models/claim_retrieval/CARD.md``): not shipped; CV MAP@5 +0.0016 at best (re-ordering the
top 5), below the shipped setup as four more features of the re-ranker.

    PYTHONPATH=src:. nice -n 10 /tmp/jaxenv/bin/python -m training.train_claim_late_interaction \\
        --emb-cache /tmp/unspun-claims-emb/cr [--dev EPOCHS,K]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from training.common import SEED, write_json
from training.train_claim_cross_encoder import (
    CR,
    KS,
    TOPN,
    ap5,
    bootstrap,
    combine,
    cv_rerank,
    rerank,
    shipped_out_of_fold,
    shortlists,
)

BASE: dict[str, Any] = {"rank": 16, "lr": 1e-3, "groups": 16, "epochs": (2, 4, 8)}


def cand_layer(fw: dict[str, Any], L: dict[str, Any], d: dict[str, Any], z: Any, xt: Any, tmask: Any) -> Any:
    """One layer for the candidate tokens ``z`` ``(B, C, 2, H)`` attending to the tweet's stock states ``xt``
    ``(B, T, H)`` (masked by ``tmask``) and to their own pair."""
    import jax
    import jax.numpy as jnp

    def ln(x: Any, g: Any, b: Any) -> Any:
        x = x - x.mean(-1, keepdims=True)
        return x / jnp.sqrt((x * x).mean(-1, keepdims=True) + fw["eps"]) * g + b

    def dense(x: Any, w: Any, b: Any, t: str) -> Any:
        return x @ w + b + (x @ d[t]["a"]) @ d[t]["b"]

    bsz, c, _, h = z.shape
    t = xt.shape[1]
    heads = fw["heads"]
    hd = h // heads
    qkv = dense(z, L["qkv_w"], L["qkv_b"], "qkv")  # (B, C, 2, 3H)
    kvt = xt @ L["qkv_w"][:, h:] + L["qkv_b"][h:]  # (B, T, 2H): the tweet's stock keys and values
    kt = jnp.broadcast_to(kvt[:, None, :, :h], (bsz, c, t, h))
    vt = jnp.broadcast_to(kvt[:, None, :, h:], (bsz, c, t, h))
    k = jnp.concatenate([kt, qkv[..., h : 2 * h]], axis=2).reshape(bsz, c, t + 2, heads, hd).transpose(0, 1, 3, 2, 4)
    v = jnp.concatenate([vt, qkv[..., 2 * h :]], axis=2).reshape(bsz, c, t + 2, heads, hd).transpose(0, 1, 3, 2, 4)
    q = qkv[..., :h].reshape(bsz, c, 2, heads, hd).transpose(0, 1, 3, 2, 4)
    bias = jnp.concatenate([(1.0 - tmask) * -1e9, jnp.zeros((bsz, 2))], axis=1)[:, None, None, None, :]
    att = jax.nn.softmax(q @ k.transpose(0, 1, 2, 4, 3) / np.float32(np.sqrt(hd)) + bias, axis=-1)
    ctx = (att @ v).transpose(0, 1, 3, 2, 4).reshape(bsz, c, 2, h)
    z = ln(dense(ctx, L["out_w"], L["out_b"], "out") + z, L["ln1_g"], L["ln1_b"])
    u = jax.nn.gelu(dense(z, L["up_w"], L["up_b"], "up"), approximate=True)
    return ln(dense(u, L["down_w"], L["down_b"], "down") + z, L["ln2_g"], L["ln2_b"])


def late_score(fw: dict[str, Any], p: dict[str, Any], vecs: Any, x4: Any, x5: Any, tmask: Any) -> Any:
    """Scores ``(B, C)`` of candidates with stored vectors ``vecs`` ``(B, C, 2, H)`` (claim, title) for tweets
    whose stock states before layers 4 and 5 are ``x4``, ``x5``."""
    import jax.numpy as jnp

    z = vecs @ p["proj"] + p["off"] + fw["types"][1]
    z = z - z.mean(-1, keepdims=True)
    z = z / jnp.sqrt((z * z).mean(-1, keepdims=True) + fw["eps"]) * fw["ln_g"] + fw["ln_b"]
    z = cand_layer(fw, fw["layers"][4], p["lora"][0], z, x4, tmask)
    z = cand_layer(fw, fw["layers"][5], p["lora"][1], z, x5, tmask)
    return z.mean(2) @ p["w"] + p["b"]


def init(rank: int, seed: int) -> dict[str, Any]:
    import jax.numpy as jnp

    from training.finetune_claim_queries import init_lora

    return {"proj": jnp.eye(384, dtype=jnp.float32), "off": jnp.zeros((2, 384), jnp.float32),
            "lora": init_lora(rank, 2, seed), "w": jnp.zeros(384, jnp.float32), "b": jnp.float32(0.0)}


def batch(tw: list[int], cand_rows: list[list[int]], x4: list[np.ndarray], x5: list[np.ndarray],
          ce: np.ndarray, te: np.ndarray) -> tuple[np.ndarray, ...]:
    from training.finetune_claim_queries import pad_states

    a, m = pad_states([x4[i] for i in tw])
    b, _ = pad_states([x5[i] for i in tw])
    rows = np.array(cand_rows)
    return np.stack([ce[rows], te[rows]], axis=2), a, b, m


_FN: dict[str, Any] = {}


def fns(fw: dict[str, Any]) -> tuple[Any, Any]:
    from training.finetune_claim_queries import _jax

    jax = _jax()
    import jax.numpy as jnp

    if not _FN:
        def loss(p: Any, vecs: Any, a: Any, b: Any, m: Any, y: Any) -> Any:
            s = late_score(fw, p, vecs, a, b, m)
            return -jnp.take_along_axis(jax.nn.log_softmax(s, axis=-1), y[:, None], 1).mean()

        b1, b2 = 0.9, 0.999

        def step(p: Any, mo: Any, v: Any, k: Any, vecs: Any, a: Any, b: Any, m: Any, y: Any, lr: Any) -> Any:
            val, g = jax.value_and_grad(loss)(p, vecs, a, b, m, y)
            mo = jax.tree_util.tree_map(lambda q, r: b1 * q + (1 - b1) * r, mo, g)
            v = jax.tree_util.tree_map(lambda q, r: b2 * q + (1 - b2) * r * r, v, g)
            c1, c2 = 1 - b1**k, 1 - b2**k
            p = jax.tree_util.tree_map(lambda q, r, s: q - lr * (r / c1) / (jnp.sqrt(s / c2) + 1e-8), p, mo, v)
            return p, mo, v, val

        _FN["step"] = jax.jit(step)
        _FN["score"] = jax.jit(lambda p, vecs, a, b, m: late_score(fw, p, vecs, a, b, m))
    return _FN["step"], _FN["score"]


def main(argv: list[str] | None = None) -> None:
    from training import finetune_claim_queries as ft
    from training.train_claim_cross_encoder import fw_with_types
    from training.train_claim_retrieval import known_embeddings
    from unspun.archive.claims import QUERY_TOKENS, ClaimIndex
    from unspun.eval.claim_retrieval import claim_embeddings

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--emb-cache", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("/tmp/unspun-late"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--dev", default=None, metavar="EPOCHS,K")
    a = ap.parse_args(argv)
    t0, w0 = time.process_time(), time.time()
    a.out.mkdir(parents=True, exist_ok=True)
    jax = ft._jax()
    import jax.numpy as jnp

    claims, queries, qrels = ft.load_train(a.limit)
    ce_emb, te_emb = claim_embeddings(claims, None if a.limit else a.emb_cache)
    index = ClaimIndex([(r[0], r[1], r[2]) for r in claims], claim_emb=ce_emb, title_emb=te_emb)
    row_of = {cid: i for i, cid in enumerate(index.ids)}
    known = known_embeddings(a.emb_cache, "claim_query")
    vecs = np.array([known[q[1]] for q in queries], dtype=np.float32)
    cands = shortlists(index, queries, vecs, qrels)
    n = len(queries)
    folds, rr_s = shipped_out_of_fold(cands)
    ranked_ids, rr, labels = [], [], []
    for i in range(n):
        o = sorted(range(len(cands[i][0])), key=lambda j: (-rr_s[i][j], j))
        ranked_ids.append([cands[i][0][j] for j in o])
        rr.append(rr_s[i][o])
        labels.append(cands[i][2][o])
    rel = [qrels[q[0]] for q in queries]
    base_ap = np.array([ap5(r, s) for r, s in zip(ranked_ids, rel, strict=True)])
    print(f"shipped setup, CV MAP@5 {base_ap.mean():.4f}", flush=True)
    # groups: the top TOPN rows (of the vectors); the relevant claim replaces the last when it is not among them
    top_rows = [[row_of[c] for c in ranked_ids[i][:TOPN]] for i in range(n)]
    groups = []
    for i in range(n):
        pos = [j for j, c in enumerate(ranked_ids[i][:TOPN]) if c in rel[i]]
        groups.append((top_rows[i], pos[0]) if pos else ([*top_rows[i][:-1], row_of[next(iter(rel[i]))]], TOPN - 1))
    fw = fw_with_types()
    seqs = ft.tokenize([q[1] for q in queries], QUERY_TOKENS)
    x4 = ft.states(fw, seqs, 4)
    x5 = ft.states(fw, seqs, 5)
    print(f"tweet states ({time.time() - w0:.0f}s)", flush=True)
    step, score = fns(fw)
    cfg = dict(BASE)

    def train(tr: list[int], seed: int, at_epoch: Any) -> None:
        p = init(int(cfg["rank"]), seed)
        mo = jax.tree_util.tree_map(jnp.zeros_like, p)
        v = jax.tree_util.tree_map(jnp.zeros_like, p)
        rng = random.Random(seed)
        k = 0
        for epoch in range(1, max(cfg["epochs"]) + 1):
            rng.shuffle(tr)
            tot = 0.0
            for s in range(0, len(tr), int(cfg["groups"])):
                b = tr[s : s + int(cfg["groups"])]
                k += 1
                vv, xa, xb, m = batch(b, [groups[i][0] for i in b], x4, x5, ce_emb, te_emb)
                p, mo, v, val = step(p, mo, v, jnp.float32(k), vv, xa, xb, m,
                                     jnp.asarray([groups[i][1] for i in b], jnp.int32), jnp.float32(cfg["lr"]))
                tot += float(val) * len(b)
            print(f"    epoch {epoch}: loss {tot / len(tr):.4f}", flush=True)
            if epoch in cfg["epochs"]:
                at_epoch(epoch, p)

    def scores(p: Any, idx: list[int], rows: list[list[int]], xa4: Any, xa5: Any) -> list[np.ndarray]:
        out = []
        for s in range(0, len(idx), 64):
            b = idx[s : s + 64]
            vv, xa, xb, m = batch(b, [rows[i] for i in b], xa4, xa5, ce_emb, te_emb)
            out += list(np.asarray(score(p, vv, xa, xb, m)))
        return out

    if a.dev:
        dev(a, cfg, n, rr, labels, train, scores, index, fw)
        print(f"done: {time.process_time() - t0:.0f}s CPU, {time.time() - w0:.0f}s wall", flush=True)
        return
    oof = {e: [np.zeros(0)] * n for e in cfg["epochs"]}
    for k, held in enumerate(folds):
        hs = set(held)
        print(f"  fold {k} ({time.time() - w0:.0f}s)", flush=True)

        def keep(e: int, p: Any, held: list[int] = held) -> None:
            for i, s in zip(held, scores(p, held, top_rows, x4, x5), strict=True):
                oof[e][i] = s

        train([i for i in range(n) if i not in hs], SEED + k, keep)
    savez: Any = np.savez  # its stubs read **arrays as its allow_pickle flag
    savez(a.out / "cv_scores.npz", **{f"e{e}_{i}": s for e, v in oof.items() for i, s in enumerate(v)})
    results: list[dict[str, Any]] = [{"setting": "shipped setup (1.2.0)", "map_at_5": round(float(base_ap.mean()), 4)}]
    for e in cfg["epochs"]:
        ce = [np.pad(s, (0, len(rr[i]) - len(s)), constant_values=-1e9) for i, s in enumerate(oof[e])]
        for kk in KS:
            r = cv_rerank(folds, ranked_ids, rr, ce, labels, rel, base_ap, kk, f"late, epochs {e}, re-rank top {kk}")
            results.append(r)
            print(r, flush=True)
    write_json(a.out / "cv.json", {"base": {k: v for k, v in cfg.items() if k != "epochs"}, "topn": TOPN,
                                   "results": results, "cpu_seconds": round(time.process_time() - t0),
                                   "wall_seconds": round(time.time() - w0)})
    print(json.dumps(results, indent=1))
    print(f"done: {time.process_time() - t0:.0f}s CPU, {time.time() - w0:.0f}s wall", flush=True)


def dev(a: Any, cfg: dict[str, Any], n: int, rr: Any, labels: Any, train: Any, scores: Any, index: Any,
        fw: dict[str, Any]) -> None:
    """Train on all training tweets, fit the combination on their out-of-fold scores, score dev once."""
    from training import finetune_claim_queries as ft
    from unspun.archive.claims import QUERY_TOKENS, load_reranker, query_vectors
    from unspun.eval.claim_retrieval import _QUERIES, _tsv, measures, read_qrels

    e, kk = (int(v) for v in a.dev.split(","))
    cfg["epochs"] = (e,)
    with np.load(a.out / "cv_scores.npz") as z:
        oof = [z[f"e{e}_{i}"] for i in range(n)]
    ce = [np.pad(s, (0, len(rr[i]) - len(s)), constant_values=-1e9) for i, s in enumerate(oof)]
    lr = combine(rr, ce, labels, range(n), kk)
    final: list[Any] = []
    train(list(range(n)), SEED, lambda e, p: final.append(p))
    p = final[0]
    qrels = read_qrels(CR / "dev" / "tweet-vclaim-pairs.qrels")
    qs = [q for q in _tsv(CR / "dev" / "tweets.queries.tsv", _QUERIES, 2) if q[0] in qrels]
    rrm = load_reranker()
    vecs = query_vectors([q[1] for q in qs], rrm)
    seqs = ft.tokenize([q[1] for q in qs], QUERY_TOKENS)
    d4, d5 = ft.states(fw, seqs, 4), ft.states(fw, seqs, 5)
    base, sc, rows = [], [], []
    for q, v in zip(qs, vecs, strict=True):
        r, x = index.candidates(q[1], v)
        s = rrm.score(x)
        o = sorted(range(len(r)), key=lambda j: (-s[j], j))
        base.append([index.ids[r[j]] for j in o])
        sc.append(s[o])
        rows.append([r[j] for j in o][:TOPN])
    cs = scores(p, list(range(len(qs))), rows, d4, d5)
    got = [rerank(b, s, np.pad(c, (0, len(b) - len(c))), lr, kk) for b, s, c in zip(base, sc, cs, strict=True)]
    rel = [qrels[q[0]] for q in qs]
    x = np.array([ap5(r, s) for r, s in zip(got, rel, strict=True)])
    y = np.array([ap5(r, s) for r, s in zip(base, rel, strict=True)])
    lo, hi = bootstrap(x, y)
    res = {"epochs": e, "k": kk, "combine": [float(v) for v in (*lr.coef_[0], lr.intercept_[0])],
           "dev_shipped": measures(base, rel), "dev_late": measures(got, rel), "gain_interval": [lo, hi],
           "better": int((x > y).sum()), "worse": int((x < y).sum())}
    write_json(a.out / "dev.json", res)
    print(res, flush=True)


if __name__ == "__main__":
    main()
