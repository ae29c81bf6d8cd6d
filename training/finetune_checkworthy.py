"""Fine-tune all-MiniLM-L6-v2 for check-worthiness: a LoRA delta on the top layers with a logistic head.

An experiment for issue 18 (CLEF-2019 dev MAP 0.180, target 0.20): the shipped model's embedding scorer
is a network over *frozen* MiniLM vectors; here the top ``layers`` encoder layers get low-rank deltas
(the jax forward pass and LoRA code of :mod:`training.finetune_claim_queries`) trained, with a logistic
head on the pooled vector plus the data-set input (0 ClaimBuster, 1 CLEF), by weighted cross-entropy on
the training sentences of :func:`training.train_checkworthy.load` (the same split: the dev parts are not
read here). The head starts from a logistic regression on the stock vectors of the same rows.

Only the top ``layers`` layers change, so a runtime that already has the stock states after layer
``6 - layers`` (it computes the stock pass for the other analyzers anyway) needs only those layers again.

Choice: the same 5 folds as ``train_checkworthy.py`` (CLEF by debate, ClaimBuster at random, seed 2025).
Each setting gives out-of-fold tuned logits; they join or replace the frozen-embedding network's
out-of-fold logits beside the n-gram model's, and the debate stacker is refitted leaving one CLEF
training debate out, MAP over the 15 training debates (the CARD's "Tried" measure); the news stacker's
out-of-fold ClaimBuster F1 as in the trainer. Nothing here scores dev.

Result (2026-12-03, models/checkworthy/CARD.md "Tried, not shipped"): training-debate MAP 0.295 -> 0.310 and
ClaimBuster OOF F1 0.798 -> 0.806, but CLEF dev MAP 0.159 against the shipped 0.180, so nothing of it ships.
``--final`` writes a weights file with a ``tuned_*`` head and four-value stackers, which the shipped reader does
not read: the reader and the ``"checkworthy"`` adapter entry are in commit 1e04aa8 of branch clef-adapter.

jax is a training-only tool (the scratch environment of ``finetune_claim_queries.py``)::

    PYTHONPATH=src:. /tmp/jaxenv/bin/python -m training.finetune_checkworthy --cache /tmp/clef
    (--limit N: the first N training rows of each data set, a smoke test)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from training import finetune_claim_queries as ft
from training import train_checkworthy as tc
from training.common import SEED, write_json

#: word pieces the tuned encoder reads
TOKENS = 64
BASE: dict[str, Any] = {"rank": 8, "layers": 2, "lr": 5e-4, "head_lr": 5e-3, "l2": 1e-4, "batch": 32,
                        "clef_pos": 4.0, "clef_neg": 0.5, "epochs": (1, 2, 3)}
GRIDS: dict[str, list[dict[str, Any]]] = {
    "default": [{}],
    "more": [{}, {"lr": 1e-3}, {"clef_pos": 1.0, "clef_neg": 1.0}],
    "lr": [{"lr": 1e-3}],
    "unweighted": [{"clef_pos": 1.0, "clef_neg": 1.0}],
    "tiny": [{"epochs": (1,), "batch": 8, "layers": 1, "rank": 2}],
}


def rows(limit: int | None = None) -> dict[str, Any]:
    """The training rows of ``train_checkworthy`` (ClaimBuster then CLEF), labels, data-set input and folds."""
    d = tc.load()
    cb_tr, clef_tr = d["cb_tr"], d["clef_tr"]
    if limit:
        # a smoke test: the first rows of each part, CLEF from a few debates (each fold keeps some)
        rng = random.Random(SEED)
        cb_tr = sorted(rng.sample(cb_tr, limit))
        keep = sorted({d["clef"][i]["debate"] for i in clef_tr})[:5]
        pos = [i for i in clef_tr if d["clef"][i]["debate"] in keep and d["clef"][i]["label"] == "1"]
        neg = [i for i in clef_tr if d["clef"][i]["debate"] in keep and d["clef"][i]["label"] == "0"]
        clef_tr = sorted(rng.sample(pos, min(len(pos), limit // 4)) + rng.sample(neg, limit - limit // 4))
    cb, clef = d["cb"], d["clef"]
    texts = [cb[i]["text"] for i in cb_tr] + [clef[i]["text"] for i in clef_tr]
    y = np.array([int(cb[i]["label"]) for i in cb_tr] + [int(clef[i]["label"]) for i in clef_tr])
    src = np.array([0] * len(cb_tr) + [1] * len(clef_tr), dtype=np.float32)
    debate = [""] * len(cb_tr) + [clef[i]["debate"] for i in clef_tr]
    fold = tc.folds([f"cb{i % 1000}" for i in cb_tr] + [clef[i]["debate"] for i in clef_tr])
    return {"texts": texts, "y": y, "src": src, "debate": debate, "fold": fold, "d": d,
            "cb_tr": cb_tr, "clef_tr": clef_tr}


def _adam_fn(fw: dict[str, Any], n: int) -> Any:
    """One Adam step on the LoRA factors of the top ``n`` layers and the head (jitted once per ``n``)."""
    jax = ft._jax()
    import jax.numpy as jnp

    def loss(p: Any, x: Any, mask: Any, src: Any, y: Any, wt: Any, hp: Any) -> Any:
        v = ft.top(fw, p["lora"], x, mask)
        z = v @ p["w"] + src * p["s"] + p["b"]
        ce = (wt * (jax.nn.softplus(z) - y * z)).sum() / wt.sum()
        return ce + hp["l2"] * (p["w"] * p["w"]).sum()

    b1, b2 = 0.9, 0.999

    def step(p: Any, m: Any, v: Any, k: Any, x: Any, mask: Any, src: Any, y: Any, wt: Any, hp: Any) -> Any:
        val, g = jax.value_and_grad(loss)(p, x, mask, src, y, wt, hp)
        m = jax.tree_util.tree_map(lambda a, b: b1 * a + (1 - b1) * b, m, g)
        v = jax.tree_util.tree_map(lambda a, b: b2 * a + (1 - b2) * b * b, v, g)
        c1, c2 = 1 - b1**k, 1 - b2**k
        lr = {"lora": hp["lr"], "w": hp["head_lr"], "s": hp["head_lr"], "b": hp["head_lr"]}
        p = {key: jax.tree_util.tree_map(lambda q, a, b, key=key: q - lr[key] * (a / c1) / (jnp.sqrt(b / c2) + 1e-8),
                                         p[key], m[key], v[key]) for key in p}
        return p, m, v, val

    return jax.jit(step)


_STEPS: dict[int, Any] = {}


def head_init(vecs: np.ndarray, src: np.ndarray, y: np.ndarray, wt: np.ndarray) -> dict[str, np.ndarray]:
    """A logistic regression on the stock vectors plus the data-set input (the head's starting point)."""
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=10.0, max_iter=2000).fit(np.hstack([vecs, src[:, None]]), y, sample_weight=wt)
    return {"w": m.coef_[0, :-1].astype(np.float32), "s": np.float32(m.coef_[0, -1]),
            "b": np.float32(m.intercept_[0])}


def weights(y: np.ndarray, src: np.ndarray, cfg: dict[str, Any]) -> np.ndarray:
    return np.where((src == 1) & (y == 1), np.float32(cfg["clef_pos"]), np.float32(1.0)).astype(np.float32)


def train(fw: dict[str, Any], xs: Sequence[np.ndarray], stock: np.ndarray, src: np.ndarray, y: np.ndarray,
          cfg: dict[str, Any], seed: int, at_epoch: Callable[[int, dict[str, Any]], None]) -> None:
    """Adam on the LoRA factors and the head from the rows' :func:`ft.states` before the tuned layers;
    each epoch keeps a fresh random ``clef_neg`` share of the CLEF negatives; ``at_epoch(e, params)``
    after each epoch listed in ``cfg['epochs']``."""
    jax = ft._jax()
    import jax.numpy as jnp

    n = int(cfg["layers"])
    if n not in _STEPS:
        _STEPS[n] = _adam_fn(fw, n)
    step = _STEPS[n]
    wt = weights(y, src, cfg)
    p: dict[str, Any] = {"lora": ft.init_lora(int(cfg["rank"]), n, seed),
                         **{k: jnp.asarray(v) for k, v in head_init(stock, src, y, wt).items()}}
    m = jax.tree_util.tree_map(jnp.zeros_like, p)
    v = jax.tree_util.tree_map(jnp.zeros_like, p)
    hp = {k: jnp.float32(cfg[k]) for k in ("lr", "head_lr", "l2")}
    rng = random.Random(seed)
    bs, k = int(cfg["batch"]), 0
    for epoch in range(1, max(cfg["epochs"]) + 1):
        use = [i for i in range(len(xs)) if not (src[i] == 1 and y[i] == 0) or rng.random() < cfg["clef_neg"]]
        use.sort(key=lambda i: len(xs[i]))
        batches = ft.length_batches(use, bs, rng)
        tot, t0 = 0.0, time.time()
        for b in batches:
            k += 1
            x, mask = ft.pad_states([xs[i] for i in b])
            p, m, v, val = step(p, m, v, jnp.float32(k), x, mask, jnp.asarray(src[b]), jnp.asarray(y[b], jnp.float32),
                                jnp.asarray(wt[b]), hp)
            tot += float(val) * len(b)
        print(f"    epoch {epoch}: loss {tot / len(use):.4f} ({len(use)} rows, {time.time() - t0:.0f}s)", flush=True)
        if epoch in cfg["epochs"]:
            at_epoch(epoch, p)


def logits(fw: dict[str, Any], p: dict[str, Any], xs: Sequence[np.ndarray], src: np.ndarray) -> np.ndarray:
    vec = ft.encode(fw, p["lora"], xs)
    return np.asarray(vec @ np.asarray(p["w"]) + src * float(p["s"]) + float(p["b"]), dtype=np.float64)


# --- the stackers' measures on out-of-fold scores ------------------------------------------------------------

def lodo_map(x: np.ndarray, y: np.ndarray, debate: Sequence[str]) -> float:
    """MAP over CLEF debates, each scored by the debate stacker fitted on the other debates' rows."""
    from sklearn.linear_model import LogisticRegression

    from unspun.eval.clef2019 import score_debates

    deb = np.array(debate)
    s = np.zeros(len(y))
    for name in sorted(set(debate)):
        held = deb == name
        m = LogisticRegression(C=1e4, max_iter=1000).fit(x[~held], y[~held])
        s[held] = m.decision_function(x[held])
    return float(score_debates([(d, int(t), float(v)) for d, t, v in zip(debate, y, s, strict=True)])["map"])


def cb_f1(x: np.ndarray, y: np.ndarray) -> float:
    """Out-of-fold ClaimBuster F1 at the best threshold of the news stacker (fitted and read on these rows,
    as the trainer does)."""
    from sklearn.linear_model import LogisticRegression

    p = LogisticRegression(C=1e4, max_iter=1000).fit(x, y).predict_proba(x)[:, 1]
    return tc.max_f1_threshold(p, y)[1]


def measures(cols: dict[str, np.ndarray], r: dict[str, Any]) -> dict[str, float]:
    x = np.column_stack(list(cols.values()))
    is_cb = r["src"] == 0
    deb = [b for b, c in zip(r["debate"], is_cb, strict=True) if not c]
    return {"clef_lodo_map": round(lodo_map(x[~is_cb], r["y"][~is_cb], deb), 4),
            "cb_oof_f1": round(cb_f1(x[is_cb], r["y"][is_cb]), 4)}


def baseline_oof(r: dict[str, Any], emb: np.ndarray, lr_cache: Path | None) -> dict[str, np.ndarray]:
    """Out-of-fold scores of the shipped model's two scorers (n-gram LR, frozen-embedding network)."""
    y, src, fold = r["y"], r["src"], r["fold"]
    oof_lr = np.zeros(len(y))
    if lr_cache is not None and lr_cache.is_file():
        with np.load(lr_cache) as z:
            if f"C{tc.C}" in z.files and len(z[f"C{tc.C}"]) == len(y):
                oof_lr = z[f"C{tc.C}"]
    xnet = np.hstack([emb, src[:, None]])
    oof_net = np.zeros(len(y))
    docs = tc.hashed(r["texts"]) if not oof_lr.any() else None
    for k in sorted(set(fold)):
        tr, te = np.where(fold != k)[0], np.where(fold == k)[0]
        if docs is not None:
            v, m = tc.fit_lr([docs[i] for i in tr], src[tr], y[tr])
            oof_lr[te] = m.decision_function(tc.matrix([docs[i] for i in te], src[te], v))
        oof_net[te] = tc.net_logit(tc.fit_net(xnet[tr], y[tr]), xnet[te])
    return {"ngram": oof_lr, "net": oof_net}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=None, help="folder for stock vectors and out-of-fold scores")
    ap.add_argument("--out", type=Path, default=Path("/tmp/clef/out"), help="the CV table (cv.json)")
    ap.add_argument("--grid", default="default", choices=sorted(GRIDS))
    ap.add_argument("--limit", type=int, default=None, help="first N training rows of each data set (a smoke test)")
    ap.add_argument("--final", default=None, help="JSON of the chosen setting (with one epoch count): train it on all "
                    "rows and write --out/adapter.npz and --out/weights.npz (needs the CV run's --cache)")
    ap.add_argument("--version", default="1.1.0")
    ap.add_argument("--drop-net", action="store_true", help="with --final: stackers over the n-gram and tuned scores only")
    a = ap.parse_args(argv)
    c0, w0 = time.process_time(), time.time()
    r = rows(a.limit)
    if a.final is not None:
        from training.common import MODELS

        final(r, json.loads(a.final), a.cache, MODELS / "checkworthy" / "weights.npz", a.out, a.version,
              a.drop_net)
        print(f"done: {time.process_time() - c0:.0f} s CPU, {time.time() - w0:.0f} s wall", flush=True)
        return
    cache = None if a.limit else a.cache
    fw = ft.frozen_weights()
    # the stock vectors the shipped network reads (96 word pieces), computed in jax (parity below)
    seqs96 = ft.tokenize(r["texts"], tc_tokens())
    stock_file = cache / "stock96.npy" if cache is not None else None
    if stock_file is not None and stock_file.is_file():
        emb = np.load(stock_file)
    else:
        emb = ft.stock_vectors(fw, seqs96)
        if stock_file is not None:
            stock_file.parent.mkdir(parents=True, exist_ok=True)
            np.save(stock_file, emb)
    diff = ft.parity(r["texts"][:50], TOKENS)
    print(f"{len(r['y'])} rows; parity with the runtime on 50: {diff:.2e}; {time.time() - w0:.0f}s", flush=True)
    base = baseline_oof(r, emb, cache / "oof_lr.npz" if cache is not None else None)
    print(f"baseline out-of-fold scores {time.time() - w0:.0f}s", flush=True)
    results: list[dict[str, Any]] = [{"setting": "n-gram + frozen network (shipped)", **measures(base, r)},
                                     {"setting": "n-gram alone", **measures({"ngram": base["ngram"]}, r)}]
    print(results, flush=True)
    seqs = ft.tokenize(r["texts"], TOKENS)
    stock64 = ft.stock_vectors(fw, seqs)
    xs_of: dict[int, list[np.ndarray]] = {}
    y, src, fold = r["y"], r["src"], r["fold"]
    for n, over in enumerate(GRIDS[a.grid]):
        cfg = {**BASE, **over}
        layers = int(cfg["layers"])
        if layers not in xs_of:
            xs_of[layers] = ft.states(fw, seqs, 6 - layers)
        xs = xs_of[layers]
        key = hashlib.sha1(json.dumps([cfg, len(y), SEED, TOKENS], sort_keys=True).encode()).hexdigest()[:16]
        kept = cache / "ft_oof" / f"{key}.npz" if cache is not None else None
        oof = {e: np.zeros(len(y)) for e in cfg["epochs"]}
        todo = sorted(set(fold))
        if kept is not None and kept.is_file():
            with np.load(kept) as z:
                oof = {e: z[f"e{e}"] for e in cfg["epochs"]}
            todo = []
        for k in todo:
            tr, te = np.where(fold != k)[0], np.where(fold == k)[0]

            def keep(e: int, p: dict[str, Any], te: np.ndarray = te, oof: dict[int, np.ndarray] = oof,
                     xs: list[np.ndarray] = xs) -> None:
                oof[e][te] = logits(fw, p, [xs[i] for i in te], src[te])

            print(f"  setting {n} {over} fold {k} ({time.time() - w0:.0f}s)", flush=True)
            train(fw, [xs[i] for i in tr], stock64[tr], src[tr], y[tr], cfg, SEED + int(k), keep)
        if kept is not None and todo:
            kept.parent.mkdir(parents=True, exist_ok=True)
            save: Any = np.savez
            save(kept, **{f"e{e}": v for e, v in oof.items()})
        for e in cfg["epochs"]:
            name = json.dumps({**over, "epochs": e}, sort_keys=True)
            for label, cols in (("n-gram + tuned", {"ngram": base["ngram"], "tuned": oof[e]}),
                                ("n-gram + frozen network + tuned", {**base, "tuned": oof[e]})):
                res = {"setting": f"{label} {name}", **measures(cols, r)}
                results.append(res)
                print(res, f"{time.time() - w0:.0f}s", flush=True)
    a.out.mkdir(parents=True, exist_ok=True)
    write_json(a.out / "cv.json", {"base": {k: v for k, v in BASE.items() if k != "epochs"}, "tokens": TOKENS,
                                   "folds": "train_checkworthy.folds (5; CLEF by debate)", "results": results,
                                   "parity_max_abs_diff": diff, "cpu_seconds": round(time.process_time() - c0),
                                   "wall_seconds": round(time.time() - w0)})
    print(f"done: {time.process_time() - c0:.0f} s CPU, {time.time() - w0:.0f} s wall", flush=True)


def final(r: dict[str, Any], over: dict[str, Any], cache: Path, shipped: Path, out: Path, version: str,
          drop_net: bool = False) -> None:
    """Train the chosen setting on all training rows and write ``out/adapter.npz`` (the LoRA factors, read by
    :mod:`unspun.runtime.adapters`) and ``out/weights.npz``: the shipped file's n-gram model and network
    (fitted on the same rows) plus the tuned head and the three-input stackers fitted on the out-of-fold
    scores of the CV run (``cache``)."""
    from unspun.runtime import adapters, embed

    cfg = {**BASE, **{k: v for k, v in over.items() if k != "epochs"}}
    key = hashlib.sha1(json.dumps([cfg, len(r["y"]), SEED, TOKENS], sort_keys=True).encode()).hexdigest()[:16]
    with np.load(cache / "ft_oof" / f"{key}.npz") as z:
        oof_tuned = z[f"e{over['epochs']}"]
    base = baseline_oof(r, np.load(cache / "stock96.npy"), cache / "oof_lr.npz")
    x = np.column_stack([base["ngram"], base["net"], oof_tuned])
    y, src = r["y"], r["src"]
    is_cb = src == 0
    use = [0, 2] if drop_net else [0, 1, 2]

    def stack(rows: np.ndarray) -> np.ndarray:
        """(n-gram, network, tuned, bias); the network's weight 0 with ``drop_net``."""
        from sklearn.linear_model import LogisticRegression

        m = LogisticRegression(C=1e4, max_iter=1000).fit(x[rows][:, use], y[rows])
        w = np.zeros(4)
        w[use] = m.coef_[0]
        w[3] = m.intercept_[0]
        return w

    st_news, st_debate = stack(is_cb), stack(~is_cb)
    p_oof = 1 / (1 + np.exp(-(x[is_cb] @ st_news[:3] + st_news[3])))
    threshold, oof_f1 = tc.max_f1_threshold(p_oof, y[is_cb])
    fw = ft.frozen_weights()
    seqs = ft.tokenize(r["texts"], TOKENS)
    xs = ft.states(fw, seqs, 6 - int(cfg["layers"]))
    got: list[dict[str, Any]] = []
    train(fw, xs, ft.stock_vectors(fw, seqs), src, y, {**cfg, "epochs": (over["epochs"],)}, SEED,
          lambda e, p: got.append(p))
    p = got[0]
    meta = {"name": "unspun-checkworthy-adapter", "version": version, "base": "sentence-transformers/all-MiniLM-L6-v2",
            "data": "train_checkworthy.load() training rows (ClaimBuster + CLEF-2019 training debates)",
            "seed": SEED, "tokens": TOKENS}
    ft.save_adapter(out / "adapter.npz", p["lora"], {**cfg, "epochs": over["epochs"]}, meta)
    with np.load(shipped) as z:
        arrays = {k: z[k] for k in z.files}
    arrays |= {"tuned_w": np.asarray(p["w"], dtype=np.float32), "tuned_s": np.array([float(p["s"])]),
               "tuned_b": np.array([float(p["b"])]), "stack_news": st_news, "stack_debate": st_debate,
               "threshold": np.array([threshold])}
    save: Any = np.savez_compressed
    save(out / "weights.npz", **arrays)
    # the numpy runtime with the saved fp16 factors against jax with the trained float32 ones
    m = adapters.merge(embed.load(), out / "adapter.npz")
    rt = float(np.abs(embed.embed(r["texts"][:50], max_tokens=TOKENS, model=m) - ft.encode(fw, p["lora"], xs[:50])).max())
    write_json(out / "final.json", {"setting": over, "drop_net": drop_net, "oof_cb_f1": round(oof_f1, 4), "threshold": threshold,
                                    "stack_news": st_news.tolist(), "stack_debate": st_debate.tolist(),
                                    "runtime_vs_jax_max_abs_diff": rt})
    print(f"final: threshold {threshold} (OOF F1 {oof_f1:.4f}); runtime vs jax {rt:.2e}", flush=True)


def tc_tokens() -> int:
    from unspun.analyzers.checkworthy_claims.model import EMBED_TOKENS

    return EMBED_TOKENS


if __name__ == "__main__":
    main()
