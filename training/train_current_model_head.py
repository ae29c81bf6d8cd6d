"""Train machine_text's current-model head (issue 16) on the current-model set.

Data: ``build_current_model_set.build()`` (machine texts split by topic, seed 2025;
length-matched human texts from FNC-1, PTC and the human texts of 1.2's XSum/IU
training part). Every choice is made by grouped 5-fold cross-validation on the
training part (folds by topic for machine texts, by article for human texts; seed
2025): ``--cv`` prints the table. ``--final`` fits the chosen setting on the whole
training part, writes ``current_head.npz`` and ``current_head.json`` next to 1.2's
combiner, and scores the dev split and the human-only false-positive file once.

Inputs: the 12 style features of 1.2 and 11 more (``current.extra_style_features``),
the out-of-fold scores (stacking) of a hashed n-gram regression (1.2's n-grams) and
of a regression on the MiniLM sentence-embedding summary (1.2's ``embedding_vectors``),
and with ``--lm`` the 27 SmolLM2 features (from the cache that
``cache_current_model_set.py`` fills). One logistic regression on standardised inputs;
Platt scaling on its grouped out-of-fold logits.

    PYTHONPATH=src python -m training.train_current_model_head --cv [--lm]
    PYTHONPATH=src python -m training.train_current_model_head --final [--lm] --setting NAME
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from training import build_current_model_set as bset
from training.common import MODELS, pick_threshold, platt, tpr_at_fpr
from unspun.analyzers.machine_text.current import EXTRA_FEATURES, CurrentHead, extra_style_features
from unspun.analyzers.machine_text.features import (
    LM_FEATURES,
    STYLE_FEATURES,
    embedding_vectors,
    lm_features,
    ngrams,
    sentences,
    style_features,
)
from unspun.runtime import lm
from unspun.text import hashfeat

SEED = 2025
FOLDS = 5
OUT = MODELS / "machine_text"
DEV = Path("/tmp/unspun-dev")
CACHE = Path.home() / ".cache" / "unspun" / "lm_features"
NG = "cur_ng_score"
EMB = "cur_emb_score"
NG_C = 3.0
EMB_C = 0.1
HEAD_C = 0.3
#: default threshold: the lowest probability (0.01 steps) flagging at most this share of the training part's
#: human texts out of fold. First run: 1% gave 0.64, which flagged 1 of 78 dev human texts but 5 of the 68 real
#: pages (human news from sources never seen in training; 3.9% of the whole false-positive file). The rule was then
#: changed to 0% (the head's "strong" rule, defined before that run): 0.99. Chosen after seeing the false-positive
#: file, so that file's 0% at 0.99 is optimistic; the SemEval-2023 articles (``--fp-check``), never scored before
#: the choice, are the check.
FPR_DEFAULT = 0.0
FPR_STRONG = 0.0
#: the probability below which the head says it sees no current-model signals (still "cannot tell")
LOW = 0.2

SETTINGS: dict[str, tuple[str, ...]] = {
    "style (1.2's 12)": STYLE_FEATURES,
    "style + extra (23)": STYLE_FEATURES + EXTRA_FEATURES,
    "n-grams": (NG,),
    "embeddings": (EMB,),
    "n-grams + embeddings": (NG, EMB),
    "style + extra + n-grams + embeddings": STYLE_FEATURES + EXTRA_FEATURES + (NG, EMB),
    "LM (27)": LM_FEATURES,
    "LM + style + extra": LM_FEATURES + STYLE_FEATURES + EXTRA_FEATURES,
    "all": LM_FEATURES + STYLE_FEATURES + EXTRA_FEATURES + (NG, EMB),
}


def folds_of(items: list[bset.Item], folds: int = FOLDS) -> np.ndarray:
    groups = sorted({it.group for it in items})
    random.Random(SEED).shuffle(groups)
    f = {g: k % folds for k, g in enumerate(groups)}
    return np.array([f[it.group] for it in items])


def embeddings(texts: list[str], cache: Path = DEV / "emb-cache.npz") -> np.ndarray:
    """``embedding_vectors`` of each text, cached by sha256 (the encoder costs minutes on a shared machine)."""
    keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    store: dict[str, np.ndarray] = {}
    for f in sorted(cache.parent.glob(cache.stem + "*.npz")):  # also partial caches written beside it
        with np.load(f) as z:
            store |= {k: z[k] for k in z.files}
    todo = [i for i, k in enumerate(keys) if k not in store]
    if todo:
        vec = embedding_vectors([texts[i] for i in todo])
        for i, v in zip(todo, vec, strict=True):
            store[keys[i]] = v
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, **store)  # type: ignore[arg-type]
    return np.array([store[k] for k in keys])


def dense(items: list[bset.Item], with_lm: bool, cache: Path = CACHE) -> dict[str, np.ndarray]:
    cols: dict[str, list[float]] = {}
    tag = lm.model_tag() if with_lm else ""
    for it in items:
        sents = sentences(it.text)
        f = style_features(it.text, sents) | extra_style_features(it.text, sents)
        if with_lm:
            st = lm.cache_load(cache, it.text, tag)
            if st is None:
                raise SystemExit(f"no LM statistics cached for {it.id}: run training/cache_current_model_set.py first")
            f |= lm_features(st, lm.MAX_TOKENS)
        for k, v in f.items():
            cols.setdefault(k, []).append(v)
    return {k: np.array(v) for k, v in cols.items()}


def ngram_matrix(hashed: list[list[int]], vocab: hashfeat.Vocab) -> sp.csr_matrix:
    r, c, v = [], [], []
    for i, h in enumerate(hashed):
        cc, vv = hashfeat.tfidf_row(vocab, h)
        r += [i] * len(cc)
        c += cc.tolist()
        v += vv.tolist()
    return sp.csr_matrix((v, (r, c)), shape=(len(hashed), len(vocab.slots)), dtype=np.float32)


def balanced(y: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
    """Sample weights ``w`` (1 each by default) rescaled so that both classes weigh the same in all."""
    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=np.float64)
    out = w.copy()
    for c in (0, 1):
        out[y == c] *= len(y) / 2 / max(w[y == c].sum(), 1e-9)
    return out


def fit_ngram(hashed: list[list[int]], y: np.ndarray, c: float = NG_C, w: np.ndarray | None = None) -> tuple[hashfeat.Vocab, np.ndarray, float]:
    vocab = hashfeat.fit_vocab(hashed, min_df=2)
    m = LogisticRegression(C=c, max_iter=3000).fit(ngram_matrix(hashed, vocab), y, sample_weight=balanced(y, w))
    return vocab, m.coef_[0], float(m.intercept_[0])


def fit_emb(x: np.ndarray, y: np.ndarray, c: float = EMB_C, w: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    mean, scale = x.mean(0), x.std(0) + 1e-6
    m = LogisticRegression(C=c, max_iter=3000).fit((x - mean) / scale, y, sample_weight=balanced(y, w))
    return mean, scale, m.coef_[0], float(m.intercept_[0])


def emb_score(x: np.ndarray, m: tuple[np.ndarray, np.ndarray, np.ndarray, float]) -> np.ndarray:
    out: np.ndarray = ((x - m[0]) / m[1]) @ m[2] + m[3]
    return out


def oof(fit: Any, score: Any, data: Any, y: np.ndarray, fold: np.ndarray) -> np.ndarray:
    out = np.zeros(len(y))
    for k in range(FOLDS):
        tr, te = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        out[te] = score(fit(data, tr), data, te)
    return out


def oof_ngram(hashed: list[list[int]], y: np.ndarray, fold: np.ndarray, c: float = NG_C, w: np.ndarray | None = None) -> np.ndarray:
    def fit(d: Any, tr: np.ndarray) -> Any:
        return fit_ngram([d[i] for i in tr], y[tr], c, None if w is None else w[tr])

    def score(m: Any, d: Any, te: np.ndarray) -> np.ndarray:
        out: np.ndarray = ngram_matrix([d[i] for i in te], m[0]) @ m[1] + m[2]
        return out

    return oof(fit, score, hashed, y, fold)


def oof_emb(x: np.ndarray, y: np.ndarray, fold: np.ndarray, c: float = EMB_C, w: np.ndarray | None = None) -> np.ndarray:
    return oof(lambda d, tr: fit_emb(d[tr], y[tr], c, None if w is None else w[tr]), lambda m, d, te: emb_score(d[te], m), x, y, fold)


def fit_head(x: np.ndarray, y: np.ndarray, c: float = HEAD_C, w: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    return fit_emb(x, y, c, w)


def oof_head(x: np.ndarray, y: np.ndarray, fold: np.ndarray, c: float = HEAD_C, w: np.ndarray | None = None) -> np.ndarray:
    return oof(lambda d, tr: fit_head(d[tr], y[tr], c, None if w is None else w[tr]), lambda m, d, te: emb_score(d[te], m), x, y, fold)


def weights(items: list[bset.Item], bbc_weight: float) -> np.ndarray:
    """1 for every text; the extra negatives (``older_negatives``) together weigh ``bbc_weight`` times the other human texts."""
    extra = np.array([it.extra.get("role") == "older-negative" for it in items])
    w = np.ones(len(items))
    if extra.any():
        others = sum(it.label == 0 for it in items) - int(extra.sum())
        w[extra] = bbc_weight * others / extra.sum()
    return w


def lifted(p: np.ndarray, items: list[bset.Item], source: str = "xsum", ts: tuple[float, ...] = (0.5, 0.8, 0.9, 0.95, 0.98, 0.99)) -> dict[str, float]:
    """Share of the human texts of ``source`` (BBC: "xsum") whose (out-of-fold) probability reaches each value."""
    sel = np.array([it.label == 0 and it.source == source for it in items])
    return {str(t): round(float(np.mean(p[sel] >= t)), 4) for t in ts} if sel.any() else {}


# -- metrics ---------------------------------------------------------------------------------------------


def auc_ci(s: np.ndarray, y: np.ndarray, groups: list[str], reps: int = 2000, seed: int = SEED) -> tuple[float, float, float]:
    """ROC AUC with a 95% bootstrap interval: machine texts resampled by split group (topic), human texts one by one."""
    if reps == 0:
        auc = float(roc_auc_score(y, s))
        return auc, auc, auc
    rng = np.random.default_rng(seed)
    pos_groups: dict[str, list[int]] = {}
    for i in np.flatnonzero(y == 1):
        pos_groups.setdefault(groups[i], []).append(int(i))
    keys = sorted(pos_groups)
    neg = np.flatnonzero(y == 0)
    vals = []
    for _ in range(reps):
        pos = [i for g in rng.choice(len(keys), len(keys)) for i in pos_groups[keys[g]]]
        ng = rng.choice(neg, len(neg))
        idx = np.concatenate([pos, ng])
        vals.append(roc_auc_score(y[idx], s[idx]))
    return float(roc_auc_score(y, s)), float(np.quantile(vals, 0.025)), float(np.quantile(vals, 0.975))


def summary(s: np.ndarray, items: list[bset.Item], threshold: float | None = None, reps: int = 2000) -> dict[str, Any]:
    """ROC AUC (with a bootstrap interval unless ``reps`` is 0), TPR at 1%/5% FPR, by voice, genre, writer, human source."""
    y = np.array([it.label for it in items])
    groups = [it.group for it in items]
    auc, lo, hi = auc_ci(s, y, groups, reps)
    out: dict[str, Any] = {"roc_auc": round(auc, 4), "ci95": [round(lo, 4), round(hi, 4)], "tpr_at_fpr_0.01": round(tpr_at_fpr(s, y, 0.01), 4),
                           "tpr_at_fpr_0.05": round(tpr_at_fpr(s, y, 0.05), 4)}
    for v in ("human", "plain"):
        sel = np.array([it.label == 0 or it.voice == v for it in items])
        a, lo, hi = auc_ci(s[sel], y[sel], [g for g, k in zip(groups, sel, strict=True) if k], reps)
        out[f"voice_{v}"] = {"roc_auc": round(a, 4), "ci95": [round(lo, 4), round(hi, 4)]}
    out["by_genre"] = {}
    for g in sorted({it.genre for it in items if it.label == 1}):
        sel = np.array([it.label == 0 or it.genre == g for it in items])
        out["by_genre"][g] = round(float(roc_auc_score(y[sel], s[sel])), 4)
    out["by_writer"] = {}
    for w in sorted({it.writer for it in items if it.label == 1}):
        sel = np.array([it.label == 0 or it.writer == w for it in items])
        out["by_writer"][w] = round(float(roc_auc_score(y[sel], s[sel])), 4)
    out["human_auc_by_source"] = {}
    for src in sorted({it.source for it in items if it.label == 0}):
        sel = np.array([it.label == 1 or it.source == src for it in items])
        out["human_auc_by_source"][src] = round(float(roc_auc_score(y[sel], s[sel])), 4)
    if threshold is not None:
        out["threshold"] = threshold
        out["human_fpr_at_threshold"] = round(float((s[y == 0] >= threshold).mean()), 4)
        out["tpr_at_threshold"] = round(float((s[y == 1] >= threshold).mean()), 4)
    return out


def score_with(head: CurrentHead, items: list[bset.Item], cache: Path = CACHE) -> np.ndarray:
    """The calibrated probability a head gives each item (dense features, the LM's from ``cache`` if it uses them, n-grams, embedding)."""
    dd = dense(items, any(n in LM_FEATURES for n in head.names), cache)
    ee = embeddings([it.text for it in items])
    out = []
    for i, it in enumerate(items):
        f = {k: float(v[i]) for k, v in dd.items()}
        f[NG] = head.ngram_score(hashfeat.slots(ngrams(it.text)))
        f[EMB] = head.embedding_score(ee[i])
        out.append(head.calibrate(head.logit(f)))
    return np.array(out)


def fp_check(path: Path, out: Path) -> int:
    """The shipped head alone (no language model) on a CSV of human texts: how many it flags at its thresholds."""
    head = CurrentHead.load(out / "current_head.npz")
    meta = json.loads((out / "current_head.json").read_text(encoding="utf-8"))
    rows = bset._csv(path)
    items = [bset.Item(r["text"], int(r["label"]), r.get("group", ""), r.get("id", str(i)), id=r.get("id", str(i))) for i, r in enumerate(rows)]
    pa = score_with(head, items)
    res = {
        "file": str(path),
        "n": len(items),
        "threshold": meta["threshold"],
        "flagged": int((pa >= meta["threshold"]).sum()),
        "first_rule_threshold": meta.get("first_rule", {}).get("threshold"),
        "flagged_at_first_rule": int((pa >= meta.get("first_rule", {}).get("threshold", 1.01)).sum()),
        "uncertain_band": int(((pa >= meta.get("low", 0.2)) & (pa < meta["threshold"])).sum()),
        "top": sorted(round(float(x), 4) for x in pa)[-5:],
    }
    print(json.dumps(res, indent=1))
    return 0


# -- main ------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--final", action="store_true")
    ap.add_argument("--cv-sub", action="store_true", help="with --cv: also the n-gram and embedding regressions' own C grids")
    ap.add_argument("--lm", action="store_true", help="also use the LM features (needs the cache)")
    ap.add_argument("--setting", default="style + extra + n-grams + embeddings")
    ap.add_argument("--bbc", type=int, default=bset.BBC_NEGATIVES, help="extra BBC (XSum) human training texts as negatives (0: none)")
    ap.add_argument("--iu", action="store_true", help="also the remaining IU human texts of 1.2's training part as negatives (tried; not shipped)")
    ap.add_argument("--c", type=float, default=HEAD_C, help="the head's inverse regularisation strength")
    ap.add_argument("--bbc-weight", type=float, default=1.0, help="their total weight, relative to the other human training texts")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--dev-out", type=Path, default=DEV)
    ap.add_argument("--fp-check", type=Path, default=None, help="score a CSV of human texts with the shipped head alone; print its false-positive rates")
    a = ap.parse_args(argv)
    t0 = time.time()
    if a.fp_check:
        return fp_check(a.fp_check, a.out)
    sets = bset.build()
    tr = sets.train + bset.older_negatives(sets, a.bbc, a.iu)
    y = np.array([it.label for it in tr])
    w = weights(tr, a.bbc_weight)
    fold = folds_of(tr)
    d = dense(tr, a.lm)
    hashed = [hashfeat.slots(ngrams(it.text)) for it in tr]
    emb = embeddings([it.text for it in tr])
    print(f"{len(tr)} training texts, features in {time.time() - t0:.0f} s", flush=True)
    d[NG] = oof_ngram(hashed, y, fold, w=w)
    d[EMB] = oof_emb(emb, y, fold, w=w)
    report: dict[str, Any] = {"single": {}, "settings": {}}
    if a.cv:
        for k in sorted(d):
            report["single"][k] = round(float(roc_auc_score(y, d[k])), 3)
        for c in (1.0, 3.0, 10.0) if a.cv_sub else ():
            report["settings"][f"n-grams C={c}"] = summary(oof_ngram(hashed, y, fold, c, w), tr)["roc_auc"]
        for c in (0.01, 0.1, 1.0) if a.cv_sub else ():
            report["settings"][f"embeddings C={c}"] = summary(oof_emb(emb, y, fold, c, w), tr)["roc_auc"]
        for name, cols in SETTINGS.items():
            if not all(c in d for c in cols):
                continue
            x = np.column_stack([d[c] for c in cols])
            for c in (0.03, 0.3, 3.0):
                s = oof_head(x, y, fold, c, w)
                pa, pb = platt(s, y)
                r = summary(s, tr, reps=0)
                report["settings"][f"{name}, C={c}"] = {k: r[k] for k in ("roc_auc", "ci95", "tpr_at_fpr_0.01", "voice_human", "human_auc_by_source")} | {
                    "bbc_lifted": lifted(1 / (1 + np.exp(-(pa * s + pb))), tr), "iu_lifted": lifted(1 / (1 + np.exp(-(pa * s + pb))), tr, "iu")}
                print(f"{name}, C={c}: {report['settings'][f'{name}, C={c}']}", flush=True)
        print(json.dumps(report, indent=1))
        (a.dev_out / f"current-head-cv{'-lm' if a.lm else ''}.json").write_text(json.dumps(report, indent=1) + "\n")
    if not a.final:
        return 0

    cols = SETTINGS[a.setting]
    x = np.column_stack([d[c] for c in cols])
    s_oof = oof_head(x, y, fold, a.c, w)
    pa, pb = platt(s_oof, y)
    p_oof = 1 / (1 + np.exp(-(pa * s_oof + pb)))
    threshold = pick_threshold(p_oof, y, FPR_DEFAULT, lowest=0.05)
    strong = max(pick_threshold(p_oof, y, FPR_STRONG, lowest=0.05), threshold)
    first_rule = {"max_oof_fpr": 0.01, "threshold": pick_threshold(p_oof, y, 0.01, lowest=0.05)}
    vocab, ng_coef, ng_icpt = fit_ngram(hashed, y, w=w)
    emb_m = fit_emb(emb, y, w=w)
    # the head's final inputs: the stacked scores are out of fold for fitting, full-model at run time
    head = fit_head(x, y, a.c, w)
    a.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        a.out / "current_head.npz",
        names=np.array(cols),
        mean=head[0],
        scale=head[1],
        coef=head[2],
        intercept=np.array([head[3]]),
        platt=np.array([pa, pb]),
        ng_coef=ng_coef.astype(np.float16),
        ng_intercept=np.array([ng_icpt]),
        emb_mean=emb_m[0].astype(np.float32),
        emb_scale=emb_m[1].astype(np.float32),
        emb_coef=emb_m[2].astype(np.float32),
        emb_intercept=np.array([emb_m[3]]),
        **hashfeat.save_vocab("ng", vocab),
    )
    shipped = CurrentHead.load(a.out / "current_head.npz")

    p_dev = score_with(shipped, sets.dev)
    p_fp = score_with(shipped, sets.fp)
    metrics = {
        "setting": a.setting,
        "inputs": list(cols),
        "train_oof": summary(p_oof, tr, threshold) | {"bbc_lifted": lifted(p_oof, tr), "iu_lifted": lifted(p_oof, tr, "iu")},
        "bbc_negatives": {"n": a.bbc, "iu": a.iu, "weight": a.bbc_weight,
                          "n_added": int(sum(it.extra.get("role") == "older-negative" for it in tr))},
        "dev": summary(p_dev, sets.dev, threshold),
        "false_positive_file": {
            "n": len(sets.fp),
            "human_fpr_at_threshold": round(float((p_fp >= threshold).mean()), 4),
            "by_source": {src: {"n": int(sum(it.source == src for it in sets.fp)),
                                "flagged": int(sum(p >= threshold for p, it in zip(p_fp, sets.fp, strict=True) if it.source == src))}
                          for src in sorted({it.source for it in sets.fp})},
            "flagged_ids": [it.id for p, it in zip(p_fp, sets.fp, strict=True) if p >= threshold],
        },
        "threshold": threshold,
        "strong_threshold": strong,
        # the head's false-positive rate on every human text it never trained on: the dev split's and the false-positive file's
        "human_fpr_unseen": round(float(np.mean(np.concatenate([p_dev[[it.label == 0 for it in sets.dev]], p_fp]) >= threshold)), 4),
        "n_human_unseen": int(sum(it.label == 0 for it in sets.dev) + len(sets.fp)),
        "threshold_rule": f"lowest probability (0.01 steps) flagging at most {FPR_DEFAULT:.0%} of the training part's human texts out of fold",
        "first_rule": first_rule
        | {
            "dev_human_fpr": round(float((p_dev[[it.label == 0 for it in sets.dev]] >= first_rule["threshold"]).mean()), 4),
            "dev_tpr": round(float((p_dev[[it.label == 1 for it in sets.dev]] >= first_rule["threshold"]).mean()), 4),
            "fp_file_fpr": round(float((p_fp >= first_rule["threshold"]).mean()), 4),
        },
        "low": LOW,
        "C": {"head": a.c, "ngram": NG_C, "embedding": EMB_C},
        "seed": SEED,
        "n_train": len(tr),
        "n_dev": len(sets.dev),
        "dev_human_probabilities": sorted(round(float(p), 4) for p, it in zip(p_dev, sets.dev, strict=True) if it.label == 0),
        "fp_probabilities": sorted(round(float(p), 4) for p in p_fp),
        "seconds": round(time.time() - t0, 1),
    }
    (a.out / "current_head.json").write_text(json.dumps(metrics, indent=1) + "\n")
    with (a.dev_out / "current-head-dev-scores.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "label", "voice", "genre", "probability"])
        out.writerows([it.id, it.label, it.voice, it.genre, round(float(p), 4)] for it, p in zip(sets.dev, p_dev, strict=True))
    print(json.dumps({k: v for k, v in metrics.items() if not k.endswith("probabilities")}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
