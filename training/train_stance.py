"""Train the headline-body stance model on FNC-1 and ship it as numpy weights.

    python -m training.train_stance [--data ../shared/data/fnc-1]
        [--out src/unspun/models/stance] [--dev-frac 0.2] [--seed 2025]
        [--cache /tmp/unspun-stance] [--sample N] [--final]

The development split is by Body ID (``--dev-frac`` of the bodies, shuffled
with ``--seed``), never by pair, so no dev body is seen in training. The dev
pairs are written to ``<cache>/dev_stances.csv`` and ``<cache>/dev_bodies.csv``
in the FNC-1 format (never into the repository) so that

    unspun eval fnc1 --stances <cache>/dev_stances.csv --bodies <cache>/dev_bodies.csv

measures the shipped model on them (add ``--model <cache>/split_model/stance.npz``
to score the model that never saw them when the shipped one is ``--final``). With ``--final`` the model is refit on all
bodies after the dev report (same settings) and that model is shipped; without
it, the model trained on the training part is shipped.

``--sample N`` trains on the first N pairs of a body-level sample (for the CI
smoke test) and writes nothing unless ``--out`` is given. Deterministic: fixed
seed, single-threaded BLAS recommended (OMP_NUM_THREADS=1).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import time
from pathlib import Path

import numpy as np

from training.common import DATA, MODELS, SEED, write_meta
from unspun.analyzers.headline_support import stance
from unspun.eval import fnc1

#: the model's name and version in meta.json (and so in every report)
NAME, VERSION = "unspun-stance-fnc1", "1.0.0"

#: vocabulary size of the term-frequency vectors (UCLMR used 5,000; 4,000 keeps the file small)
VOCAB = 4000
#: one hidden layer of 100 ReLU units, as UCLMR
HIDDEN = 100


def split_topics(rows: list[dict[str, str]], dev_frac: float, seed: int) -> tuple[set[str], set[str], set[str]]:
    """Body IDs of a topic-disjoint split, and the dev headlines.

    Headlines and bodies joined by a related pair (agree/disagree/discuss) are one
    topic (one Emergent claim); whole topics go to dev, as the official test set
    holds stories the training set never covers. Returns (train bodies, dev bodies,
    dev headlines); pairs that cross the two sides are dropped.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in rows:
        find("b" + r["Body ID"])
        find("h" + r["Headline"])
        if r["Stance"] != "unrelated":
            parent[find("b" + r["Body ID"])] = find("h" + r["Headline"])
    groups: dict[str, list[str]] = {}
    for node in list(parent):
        groups.setdefault(find(node), []).append(node)
    roots = sorted(groups, key=lambda g: min(groups[g]))
    random.Random(seed).shuffle(roots)
    n_bodies = sum(1 for node in parent if node.startswith("b"))
    dev_nodes: set[str] = set()
    for g in roots:
        if sum(1 for node in dev_nodes if node.startswith("b")) >= dev_frac * n_bodies:
            break
        dev_nodes.update(groups[g])
    dev_b = {n[1:] for n in dev_nodes if n.startswith("b")}
    train_b = {n[1:] for n in parent if n.startswith("b")} - dev_b
    return train_b, dev_b, {n[1:] for n in dev_nodes if n.startswith("h")}


def split_bodies(body_ids: list[str], dev_frac: float, seed: int) -> tuple[set[str], set[str]]:
    ids = sorted(set(body_ids), key=lambda x: int(x) if x.isdigit() else x)
    random.Random(seed).shuffle(ids)
    n_dev = int(round(len(ids) * dev_frac))
    return set(ids[n_dev:]), set(ids[:n_dev])


class EmbedCache:
    """Sentence embeddings keyed by text, kept in one .npz under the cache folder."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "minilm_cache.npz"
        self.vecs: dict[str, np.ndarray] = {}
        if self.file.is_file():
            z = np.load(self.file, allow_pickle=False)
            self.vecs = dict(zip((str(t) for t in z["texts"]), z["vecs"], strict=True))

    def __call__(self, texts: list[str]) -> np.ndarray:
        from unspun.runtime import embed

        missing = sorted({t for t in texts if t not in self.vecs})
        if missing:
            t0 = time.perf_counter()
            for t, v in zip(missing, embed.embed(missing, max_tokens=stance.EMBED_TOKENS), strict=True):
                self.vecs[t] = v
            print(f"  embedded {len(missing)} texts in {time.perf_counter() - t0:.0f} s", flush=True)
            self.save()
        return np.stack([self.vecs[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def save(self) -> None:
        keys = sorted(self.vecs)
        np.savez(self.file, texts=np.asarray(keys), vecs=np.stack([self.vecs[k] for k in keys]))


def fit(x: np.ndarray, y: np.ndarray, n_tf: int, seed: int, epochs: int) -> stance.StanceModel:
    from sklearn.neural_network import MLPClassifier

    dense = x[:, n_tf:]
    mean = dense.mean(0)
    std = dense.std(0)
    std[std < 1e-6] = 1.0
    xs = x.copy()
    xs[:, n_tf:] = (dense - mean) / std
    # alpha (L2) and epochs follow UCLMR's regularised small MLP; sklearn has no dropout.
    clf = MLPClassifier(
        hidden_layer_sizes=(HIDDEN,),
        alpha=1e-3,
        batch_size=500,
        learning_rate_init=1e-3,
        max_iter=epochs,
        random_state=seed,
        shuffle=True,
    )
    clf.fit(xs, y)
    weights = [w.astype(np.float32) for w in clf.coefs_]
    biases = [b.astype(np.float32) for b in clf.intercepts_]
    classes = [int(c) for c in clf.classes_]
    if len(classes) == 2:  # sklearn uses one logistic output for two classes: make it two logits
        weights[-1] = np.concatenate([np.zeros_like(weights[-1]), weights[-1]], axis=1)
        biases[-1] = np.concatenate([np.zeros_like(biases[-1]), biases[-1]])
    if classes != list(range(len(stance.LABELS))):  # a small sample may lack a class: it gets no mass
        w = np.zeros((weights[-1].shape[0], len(stance.LABELS)), np.float32)
        b = np.full(len(stance.LABELS), -30.0, np.float32)
        w[:, classes] = weights[-1]
        b[classes] = biases[-1]
        weights[-1], biases[-1] = w, b
    return stance.StanceModel(
        vocab=stance.Vocab({}, np.zeros(0, np.float32), 0.0),  # replaced by the caller
        mean=mean.astype(np.float32),
        std=std.astype(np.float32),
        weights=tuple(weights),
        biases=tuple(biases),
    )


def train(
    rows: list[dict[str, str]], bodies: dict[str, str], cache: EmbedCache, seed: int, epochs: int, vocab_size: int = VOCAB
) -> stance.StanceModel:
    ids = sorted({r["Body ID"] for r in rows})
    heads = sorted({r["Headline"] for r in rows})
    vocab = stance.build_vocab([stance.tokens(bodies[i]) for i in ids] + [stance.tokens(h) for h in heads], vocab_size)
    t0 = time.perf_counter()
    x = stance.pair_features(vocab, [r["Headline"] for r in rows], bodies, [r["Body ID"] for r in rows], cache)
    print(f"  features {x.shape} in {time.perf_counter() - t0:.0f} s", flush=True)
    y = np.asarray([stance.LABELS.index(r["Stance"]) for r in rows])
    m = fit(x, y, 2 * len(vocab.index), seed, epochs)
    return stance.StanceModel(vocab, m.mean, m.std, m.weights, m.biases)


def write_fnc(folder: Path, rows: list[dict[str, str]], bodies: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "dev_stances.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Headline", "Body ID", "Stance"])
        for r in rows:
            w.writerow([r["Headline"], r["Body ID"], r["Stance"]])
    with (folder / "dev_bodies.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Body ID", "articleBody"])
        for bid in sorted({r["Body ID"] for r in rows}, key=int):
            w.writerow([bid, bodies[bid]])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(DATA / "fnc-1"))
    ap.add_argument("--out", default=None, help="model folder (default src/unspun/models/stance; none with --sample)")
    ap.add_argument("--dev-frac", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--vocab", type=int, default=VOCAB, help=f"term-frequency vocabulary size (default {VOCAB})")
    ap.add_argument("--cache", default="/tmp/unspun-stance")
    ap.add_argument("--sample", type=int, default=0, help="train on N pairs only (smoke test)")
    ap.add_argument(
        "--split",
        choices=("body", "topic"),
        default="body",
        help="body: dev = a share of the Body IDs (FNC-1 baseline practice); topic: whole stories (headlines and their bodies) held out",
    )
    ap.add_argument("--final", action="store_true", help="refit on all bodies after the dev report and ship that")
    a = ap.parse_args(argv)

    data = Path(a.data)
    cache_dir = Path(a.cache)
    cache_dir.mkdir(parents=True, exist_ok=True)
    bodies = fnc1.read_bodies(str(data / "train_bodies.csv"))
    rows = fnc1.read_stances(str(data / "train_stances.csv"), bodies)
    if a.split == "topic":
        train_ids, dev_ids, dev_heads = split_topics(rows, a.dev_frac, a.seed)
        tr = [r for r in rows if r["Body ID"] in train_ids and r["Headline"] not in dev_heads]
        dv = [r for r in rows if r["Body ID"] in dev_ids and r["Headline"] in dev_heads]
    else:
        train_ids, dev_ids = split_bodies([r["Body ID"] for r in rows], a.dev_frac, a.seed)
        tr = [r for r in rows if r["Body ID"] in train_ids]
        dv = [r for r in rows if r["Body ID"] in dev_ids]
    if a.sample:
        # A few whole bodies (about 30 pairs each), so the smoke test embeds little text.
        n_bodies = max(2, a.sample // 30)
        keep_tr = set(sorted(train_ids)[:n_bodies])
        keep_dv = set(sorted(dev_ids)[: max(1, n_bodies // 4)])
        tr = [r for r in tr if r["Body ID"] in keep_tr][: a.sample]
        dv = [r for r in dv if r["Body ID"] in keep_dv][: max(a.sample // 4, 8)]
    print(f"train {len(tr)} pairs / {len({r['Body ID'] for r in tr})} bodies; dev {len(dv)} pairs / {len({r['Body ID'] for r in dv})} bodies", flush=True)
    cache = EmbedCache(cache_dir)
    model = train(tr, bodies, cache, a.seed, a.epochs, a.vocab)
    pred_x = stance.pair_features(model.vocab, [r["Headline"] for r in dv], bodies, [r["Body ID"] for r in dv], cache)
    pred = [stance.LABELS[i] for i in model.predict_proba(pred_x).argmax(1)]
    res = fnc1.metrics([r["Stance"] for r in dv], pred)
    print(json.dumps({k: res[k] for k in ("fnc_score", "macro_f1", "per_class", "confusion")}))
    # Dev pairs whose headline never occurs in training: closer to a test set of new stories.
    seen = {r["Headline"] for r in tr}
    new = [(r["Stance"], p) for r, p in zip(dv, pred, strict=True) if r["Headline"] not in seen]
    res_new = fnc1.metrics([g for g, _ in new], [p for _, p in new]) if new else {}
    if new:
        print("unseen headlines:", json.dumps({k: res_new[k] for k in ("fnc_score", "macro_f1", "pairs")}))
    write_fnc(cache_dir, dv, bodies)
    # The model that never saw the dev bodies, for `unspun eval fnc1 --model` on the dev pairs.
    (cache_dir / "split_model").mkdir(exist_ok=True)
    stance.save(str(cache_dir / "split_model" / stance.WEIGHTS), model)
    out = a.out or (None if a.sample else str(MODELS / "stance"))
    if out is None:
        return 0
    if a.final:
        print("refitting on all bodies", flush=True)
        model = train(tr + dv, bodies, cache, a.seed, a.epochs, a.vocab)
    Path(out).mkdir(parents=True, exist_ok=True)
    weights = Path(out) / stance.WEIGHTS
    stance.save(str(weights), model)
    write_meta(
        Path(out),
        name=NAME,
        version=VERSION,
        data=[data / "train_stances.csv", data / "train_bodies.csv"],
        split={
            "by": "Body ID" if a.split == "body" else "topic (Body ID and headline)",
            "dev_frac": a.dev_frac,
            "dev_pairs": len(dv),
            "dev_bodies": len(dev_ids),
            "refit_on_dev": a.final,
            "sample": a.sample,
        },
        seed=a.seed,
        settings={"vocab": a.vocab, "hidden": HIDDEN, "epochs": a.epochs, "candidates": stance.CANDIDATES, "embed_tokens": stance.EMBED_TOKENS},
        dev_metrics={k: res[k] for k in ("fnc_score", "macro_f1", "per_class", "confusion")},
        dev_metrics_unseen_headlines={k: res_new[k] for k in ("fnc_score", "macro_f1", "per_class", "pairs")} if new else None,
        weights_sha256=hashlib.sha256(weights.read_bytes()).hexdigest(),
    )
    print(f"wrote {weights} ({weights.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
