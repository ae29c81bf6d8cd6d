"""Train the machine-text combiner shipped in ``unspun/models/machine_text``.

Data (read-only, never copied into the repository):
- ../shared/data/machine-text-xsum-fastdetectgpt/train.csv: 2,376 human XSum (BBC)
  texts and 2,376 continuations by 8 generators; grouped by ``article_group``;
- ../shared/data/human-ai-news-iu/train.csv: 80 human news articles and 320 GPT-3.5
  texts written from their titles or rephrasing them; grouped by ``title``.

Split: within each data set, the sorted unique groups are shuffled with
random.Random(2025) and the first 20% form the dev split (written to --dev-out for
``unspun eval machine-text``); the rest is the training part. Nothing is tuned on
the dev split: every choice below is made by grouped 5-fold cross-validation on the
training part (folds by group, the same seed), which also gives the out-of-fold
scores for stacking and calibration.

Features (``unspun.analyzers.machine_text.features``): language-model statistics of SmolLM2 from the
cache that ``python -m training.lm_cache`` fills (first ``lm.MAX_TOKENS`` tokens), style
features, and the out-of-fold scores (stacking) of two hashed n-gram logistic
regressions and of two logistic regressions on sentence-embedding summaries
(``embedding_vectors``: mean and spread of the MiniLM vectors of the first 40
sentences): in each pair one is trained on all training texts, one on the IU texts
only (their chat-model news style is drowned out in the joint model; a data-set
indicator is used for weighting, for choosing those models' training rows and for
reporting, never as a feature). Combiner: the two data sets weighted as
``IU_SHARE`` says; the average of two models on the same features, each scaled by
its out-of-fold spread (``BLEND``):

- additive: one piecewise-linear function per feature (knots at training
  quantiles), fitted as a logistic regression on hat-function bases, so each
  feature's contribution to a score can be read off and shared out over sentences;
- gradient-boosted trees (``GBT``), which catch interactions between the signals;
  shipped as plain arrays and evaluated in numpy by the analyzer. Fitted with
  length-balanced IU weights (``length_balanced``): in the IU set length alone
  separates the classes (ROC AUC 0.88: rephrasings are short, human articles long),
  and trees with the plain weights learnt it (through length-dependent features such
  as the whole-text sampling discrepancy), losing on length-matched pairs.

Calibration: Platt scaling on the grouped out-of-fold blended scores. Default threshold: the lowest probability (0.01 steps)
at which at most 2% of the training part's human texts are flagged out of fold;
"strong": at most 0.5%.

    python -m training.train_machine_text                 # writes the model
    python -m training.train_machine_text --cached-only --limit 300 --out /tmp/mt   # quick check

The data and split are in :mod:`training.machine_text_data`, the estimators and their
settings in :mod:`training.machine_text_fit`; this module measures and writes the model.

Deterministic: fixed seeds, lbfgs solvers, no parallel fitting.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from training import lm_cache
from training.common import DATA, MODELS, SEED, pick_threshold, platt, tpr_at_fpr, write_json, write_meta
from training.machine_text_data import (
    FEATURES,
    FOLDS,
    IU_SHARE,
    LENGTH_BINS,
    Row,
    dense_features,
    get_stats,
    group_folds,
    length_balanced,
    load_rows,
    split,
    weights,
)
from training.machine_text_fit import (
    BLEND,
    COMB_C,
    EMB_C,
    GBT,
    KNOTS,
    NG_C,
    NG_MIN_DF,
    TREE_ARRAYS,
    export_trees,
    fit_combiner,
    fit_emb,
    fit_gbt,
    fit_ngram,
    oof_combiner,
    oof_emb,
    oof_gbt,
    oof_ngram,
)
from unspun.analyzers.machine_text.features import EMB_SENTENCES, SKIP_TOKENS, canonical, embedding_vectors, ngrams
from unspun.analyzers.machine_text.model import MachineTextModel, tree_parts
from unspun.runtime import lm
from unspun.text import hashfeat

#: the model's name and version in meta.json (and so in every report)
NAME, VERSION = "unspun-machine-text", "1.2.0"
#: default threshold: out-of-fold human false-positive rate at most this
FPR_DEFAULT = 0.02
FPR_STRONG = 0.005


# -- metrics --------------------------------------------------------------------------------


def report(p: np.ndarray, rows: list[Row], threshold: float) -> dict[str, Any]:
    y = np.array([r.label for r in rows])
    gens = np.array([r.generator for r in rows])
    ds = np.array([r.dataset for r in rows])
    out: dict[str, Any] = {"n": len(rows)}
    for name in ("xsum", "iu"):
        m = ds == name
        if m.sum() and len(set(y[m])) == 2:
            per = {}
            for g in sorted(set(gens[m & (y == 1)])):
                sel = m & ((y == 0) | (gens == g))
                per[g] = round(float(roc_auc_score(y[sel], p[sel])), 4)
            out[name] = {
                "n": int(m.sum()),
                "roc_auc": round(float(roc_auc_score(y[m], p[m])), 4),
                "per_generator": per,
                "tpr_at_fpr": {"0.01": round(tpr_at_fpr(p[m], y[m], 0.01), 4), "0.05": round(tpr_at_fpr(p[m], y[m], 0.05), 4)},
                "human_fpr_at_threshold": round(float((p[m & (y == 0)] >= threshold).mean()), 4),
            }
    if len(set(y)) == 2:
        out["all"] = {
            "roc_auc": round(float(roc_auc_score(y, p)), 4),
            "human_fpr_at_threshold": round(float((p[y == 0] >= threshold).mean()), 4),
            "tpr_at_threshold": round(float((p[y == 1] >= threshold).mean()), 4),
            "tpr_at_fpr": {"0.01": round(tpr_at_fpr(p, y, 0.01), 4), "0.05": round(tpr_at_fpr(p, y, 0.05), 4)},
        }
    return out


# -- main -------------------------------------------------------------------------------------------


def write_dev(rows: list[Row], dv: list[int], out: Path) -> None:
    """The dev split as CSVs for ``unspun eval machine-text``: both sets, XSum only, IU only."""
    out.mkdir(parents=True, exist_ok=True)
    for name, sel in (("machine-text-dev", dv), ("machine-text-dev-xsum", [i for i in dv if rows[i].dataset == "xsum"]),
                      ("machine-text-dev-iu", [i for i in dv if rows[i].dataset == "iu"])):
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            wr = csv.writer(fh)
            wr.writerow(["text", "label", "generator"])
            wr.writerows([rows[i].text, rows[i].label, rows[i].generator] for i in sel)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--cache", type=Path, default=lm_cache.CACHE)
    ap.add_argument("--out", type=Path, default=MODELS / "machine_text")
    ap.add_argument("--dev-out", type=Path, default=Path("/tmp/unspun-dev"))
    ap.add_argument("--cached-only", action="store_true", help="use only texts whose LM statistics are cached")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N texts in training.lm_cache's fixed order (quick check)")
    ap.add_argument("--grid", action="store_true", help="also print the grouped-CV AUC of the regularisation grid")
    ap.add_argument("--dev-only", action="store_true", help="only write the dev CSVs (for unspun eval machine-text); train nothing")
    a = ap.parse_args(argv)

    t0 = time.time()
    rows = load_rows(a.data)
    if a.limit:
        # the same permutation lm_cache.all_texts applies to the same list of texts
        order = list(range(len(rows)))
        random.Random(SEED).shuffle(order)
        rows = [rows[i] for i in sorted(order[: a.limit])]
    if a.dev_only:
        write_dev(rows, split(rows)[1], a.dev_out)
        return 0
    rows, stats = get_stats(rows, a.cache, a.cached_only)
    if len({r.label for r in rows}) < 2 or len(rows) < 2 * FOLDS:
        print(f"only {len(rows)} texts with LM statistics: too few to train; run python -m training.lm_cache first", file=sys.stderr)
        return 2
    n_all = len(load_rows(a.data))
    tr, dv = split(rows)
    print(f"{len(rows)} of {n_all} texts with LM statistics; {len(tr)} train, {len(dv)} dev", flush=True)

    write_dev(rows, dv, a.dev_out)

    canon = [canonical(r.text)[0] for r in rows]
    hashed = [hashfeat.slots(ngrams(c)) for c in canon]
    dense = dense_features(rows, stats)
    emb = embedding_vectors(canon)
    print(f"features ready, {time.time() - t0:.0f} s", flush=True)
    y = np.array([r.label for r in rows])
    trr = [rows[i] for i in tr]
    ytr = y[tr]
    wtr = weights(rows, tr)
    folds = group_folds(rows, tr)
    htr = [hashed[i] for i in tr]
    is_iu = np.array([r.dataset == "iu" for r in trr])
    ds_tr = np.array([r.dataset for r in trr])

    def both(s: np.ndarray) -> list[float]:
        return [round(float(roc_auc_score(ytr[ds_tr == d], s[ds_tr == d])), 4) if len(set(ytr[ds_tr == d])) == 2 else float("nan") for d in ("xsum", "iu")]

    grid: dict[str, Any] = {}
    if a.grid:
        for c in (1.0, 3.0, 10.0, 30.0):
            aucs = grid[f"ngram C={c}"] = both(oof_ngram(htr, ytr, wtr, folds, c))
            print(f"ngram C={c}: XSum {aucs[0]:.4f} IU {aucs[1]:.4f}", flush=True)
    ng_oof = oof_ngram(htr, ytr, wtr, folds)
    # the IU-only n-gram model: fitted on the IU texts of the other folds, scores every text
    ng_iu_oof = oof_ngram(htr, ytr, wtr, folds, fit_on=is_iu)
    emb_tr = emb[tr]
    emb_oof = oof_emb(emb_tr, ytr, wtr, folds)
    emb_iu_oof = oof_emb(emb_tr, ytr, wtr, folds, fit_on=is_iu)
    xtr = np.column_stack([dense[tr], ng_oof, ng_iu_oof, emb_oof, emb_iu_oof])
    if a.grid:
        for share in (0.1, 0.2, 0.35, 0.5):
            w = weights(rows, tr, share)
            ng_s = oof_ngram(htr, ytr, w, folds)
            for c in (0.1, 0.3, 1.0):
                for k in (2, 5):
                    s = oof_combiner(np.column_stack([dense[tr], ng_s, ng_iu_oof, emb_oof, emb_iu_oof]), ytr, w, folds, c, k)
                    aucs = grid[f"iu_share={share} C={c} knots={k}"] = both(s)
                    print(f"iu_share={share} C={c} knots={k}: XSum {aucs[0]:.4f} IU {aucs[1]:.4f}", flush=True)
    comb_oof = oof_combiner(xtr, ytr, wtr, folds)
    wtr_len = length_balanced(rows, tr, wtr)
    gbt_oof = oof_gbt(xtr, ytr, wtr_len, folds)
    # each model's score in units of its out-of-fold spread, then averaged
    blend = np.array([BLEND / comb_oof.std(), (1.0 - BLEND) / gbt_oof.std()])
    blend_oof = blend[0] * comb_oof + blend[1] * gbt_oof
    cv = {"additive": both(comb_oof), "trees": both(gbt_oof), "blend": both(blend_oof)}
    print(f"grouped CV (XSum, IU): {cv}", flush=True)
    pa, pb = platt(blend_oof, ytr)
    p_oof = 1.0 / (1.0 + np.exp(-(pa * blend_oof + pb)))
    threshold = pick_threshold(p_oof, ytr, FPR_DEFAULT)
    strong = pick_threshold(p_oof, ytr, FPR_STRONG)

    vocab, ng_coef, ng_icpt = fit_ngram(htr, ytr, wtr)
    iu_rows = np.flatnonzero(is_iu)
    if len({int(v) for v in ytr[iu_rows]}) < 2:
        iu_rows = np.arange(len(tr))  # only in tiny samples (--limit)
    vocab_iu, ngiu_coef, ngiu_icpt = fit_ngram([htr[i] for i in iu_rows], ytr[iu_rows], wtr[iu_rows])
    emb_m = fit_emb(emb_tr, ytr, wtr)
    embiu_m = fit_emb(emb_tr[iu_rows], ytr[iu_rows], wtr[iu_rows])
    knots, values, icpt = fit_combiner(xtr, ytr, wtr)
    gbt = fit_gbt(xtr, ytr, wtr_len)
    trees = export_trees(gbt)
    width = max(len(k) for k in knots)

    def pad(arrs: list[np.ndarray]) -> np.ndarray:
        """The rows padded with NaN to the longest (the model reads each row up to its length)."""
        return np.array([np.pad(v, (0, width - len(v)), constant_values=np.nan) for v in arrs])

    a.out.mkdir(parents=True, exist_ok=True)
    # allow_pickle spelled out (its default) so the ** mappings are checked against ArrayLike only
    np.savez_compressed(
        a.out / "combiner.npz",
        allow_pickle=True,
        names=np.array(FEATURES),
        n_knots=np.array([len(k) for k in knots]),
        knots=pad(knots),
        values=pad(values),
        ref=xtr.mean(0),
        intercept=np.array([icpt]),
        platt=np.array([pa, pb]),
        ng_coef=ng_coef.astype(np.float16),
        ng_intercept=np.array([ng_icpt]),
        ngiu_coef=ngiu_coef.astype(np.float16),
        ngiu_intercept=np.array([ngiu_icpt]),
        **{f"{p}_{k}": v for p, m in (("emb", emb_m), ("embiu", embiu_m)) for k, v in zip(("mean", "scale", "coef"), m[:3], strict=True)},
        emb_intercept=np.array([emb_m[3]]),
        embiu_intercept=np.array([embiu_m[3]]),
        blend=blend,
        gbt_ref=np.mean([tree_parts(row, *(trees[k] for k in TREE_ARRAYS))[1] for row in xtr], axis=0),
        max_tokens=np.array([lm.MAX_TOKENS]),
        **hashfeat.save_vocab("ng", vocab),
        **hashfeat.save_vocab("ngiu", vocab_iu),
        **trees,
    )
    write_meta(
        a.out,
        name=NAME,
        version=VERSION,
        data=[a.data / lm_cache.XSUM, a.data / lm_cache.IU],
        split={"by": "article group within each data set", "dev_frac": 0.2, "dev_texts": len(dv), "limit": a.limit},
        seed=SEED,
        threshold=threshold,
        strong_threshold=strong,
        max_tokens=lm.MAX_TOKENS,
        language_model=lm.NAME,
    )

    # Score the dev split with the shipped arrays, through the analyzer's own code.
    shipped = MachineTextModel.from_file(a.out / "combiner.npz")
    # the exported trees reproduce scikit-learn's scores
    gap = max(abs(shipped.tree_score(xtr[i]) - float(gbt.decision_function(xtr[i : i + 1])[0])) for i in range(min(len(tr), 200)))
    assert gap < 1e-6, f"exported trees differ from the fitted ones by {gap}"
    p_dev = np.array([shipped.probability_of(canon[i], stats[i], emb[i]) for i in dv])
    dev_rows = [rows[i] for i in dv]
    metrics: dict[str, Any] = {
        "dev": report(p_dev, dev_rows, threshold),
        "train_oof": report(p_oof, trr, threshold),
        "cv_auc_by_model": cv,
        "threshold": threshold,
        "strong_threshold": strong,
        "threshold_rule": f"lowest probability (0.01 steps) flagging at most {FPR_DEFAULT:.1%} of the training part's human texts out of fold",
        "n_train": len(tr),
        "n_dev": len(dv),
        "n_available": n_all,
        "seed": SEED,
        "folds": FOLDS,
        "embedding": {"C": EMB_C, "sentences": EMB_SENTENCES, "dims": int(emb.shape[1])},
        "ngram": {"C": NG_C, "min_df": NG_MIN_DF, "features": int(len(vocab.slots)), "iu_only_features": int(len(vocab_iu.slots))},
        "combiner": {"C": COMB_C, "knots": KNOTS, "iu_share": IU_SHARE, "skip_tokens": SKIP_TOKENS},
        "trees": {k: v for k, v in GBT.items()} | {"nodes": int(len(trees["gbt_value"])), "iu_weights": f"length-balanced, {LENGTH_BINS} word-count bins"},
        "blend": {"additive_share": BLEND, "weights": [round(float(v), 6) for v in blend]},
        "grid": grid,
        "dev_human_probabilities": sorted(round(float(p), 4) for p, r in zip(p_dev, dev_rows, strict=True) if r.label == 0),
        "seconds": round(time.time() - t0, 1),
    }
    write_json(a.out / "metrics.json", metrics)
    show = {k: v for k, v in metrics.items() if k not in ("dev_human_probabilities",)}
    print(json.dumps(show, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
