"""The machine-text combiner's estimators: n-gram and embedding regressions, the additive model, the trees.

Each ``fit_*`` fits one model on the training rows it is given; each ``oof_*`` returns
grouped out-of-fold scores (folds from :func:`training.machine_text_data.group_folds`) for
stacking and calibration. :func:`export_trees` turns the fitted trees into the flat arrays
that :func:`unspun.analyzers.machine_text.model.tree_parts` walks. The settings below were
chosen by grouped cross-validation on the training part (:mod:`training.train_machine_text`,
``--grid``; figures in ``models/machine_text/CARD.md``).
"""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from training.common import tfidf_matrix
from unspun.analyzers.machine_text.features import linear_score
from unspun.text import hashfeat

#: Regularisation, knots and the IU weight share were chosen together by grouped 5-fold
#: CV on the training part (``--grid``; the figures are in CARD.md and metrics.json):
#: n-gram C=3 had the best out-of-fold AUC on both sets; for the combiner the rule was
#: "the best mean of the XSum and IU AUCs among settings with XSum AUC >= 0.90".
#: The two sets want different decision rules: weighted by rows (IU 7.8%) one additive
#: model serves XSum (0.914) and fails IU (0.877); weighted half-half the reverse
#: (0.893 / 0.952).
NG_C = 3.0
#: L2 inverse strength of the embedding regressions (standardised inputs): 0.1 and 0.01
#: gave the blend XSum 0.918 / 0.917, IU 0.961 / 0.964 in grouped CV (CARD.md)
EMB_C = 0.1
NG_MIN_DF = 2
COMB_C = 1.0
#: knots (training quantiles) of each feature's piecewise-linear function
KNOTS = 5
#: Gradient-boosted trees blended with the additive model (grouped CV on the training
#: part, CARD.md): 300 rounds of 15-leaf trees, learning rate 0.05, at least 20 texts a
#: leaf (a deeper, slower-learning setting gave XSum 0.906 / IU 0.958 alone, no better
#: blended). No early stopping (fewer than 10,000 rows), so the fit is deterministic.
GBT = {"max_iter": 300, "learning_rate": 0.05, "max_leaf_nodes": 15, "min_samples_leaf": 20, "random_state": 0}
#: weight of the additive model in the blend (the trees get 1 - BLEND), each model's
#: score divided by its out-of-fold standard deviation first; 0.3 / 0.5 / 0.7 gave
#: XSum 0.913 / 0.913 / 0.910, IU 0.957 / 0.958 / 0.958
BLEND = 0.5
#: the exported trees' arrays, in the order ``tree_parts`` takes them
TREE_ARRAYS = ("gbt_feature", "gbt_threshold", "gbt_left", "gbt_right", "gbt_leaf", "gbt_value", "gbt_roots")


def fit_ngram(hashed: list[list[int]], y: np.ndarray, w: np.ndarray, c: float = NG_C) -> tuple[hashfeat.Vocab, np.ndarray, float]:
    vocab = hashfeat.fit_vocab(hashed, min_df=NG_MIN_DF)
    m = LogisticRegression(C=c, max_iter=3000).fit(tfidf_matrix(hashed, vocab), y, sample_weight=w)
    return vocab, m.coef_[0], float(m.intercept_[0])


def oof_ngram(
    hashed: list[list[int]], y: np.ndarray, w: np.ndarray, folds: list[list[int]], c: float = NG_C, fit_on: np.ndarray | None = None
) -> np.ndarray:
    """Out-of-fold n-gram scores; ``fit_on`` (boolean per text) limits the rows each fold's model is fitted on."""
    out = np.zeros(len(hashed))
    for te in folds:
        held = set(te)
        tr = [i for i in range(len(hashed)) if i not in held and (fit_on is None or fit_on[i])]
        if len({int(v) for v in y[tr]}) < 2:
            continue  # only in tiny samples (--limit): no model, score 0
        vocab, coef, icpt = fit_ngram([hashed[i] for i in tr], y[tr], w[tr], c)
        out[te] = tfidf_matrix([hashed[i] for i in te], vocab) @ coef + icpt
    return out


def fit_emb(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float = EMB_C) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """A logistic regression on standardised embedding summaries: mean, scale, coefficients, intercept."""
    mean = x.mean(0)
    scale = x.std(0) + 1e-6
    m = LogisticRegression(C=c, max_iter=3000).fit((x - mean) / scale, y, sample_weight=w)
    return mean, scale, m.coef_[0], float(m.intercept_[0])


def oof_emb(x: np.ndarray, y: np.ndarray, w: np.ndarray, folds: list[list[int]], fit_on: np.ndarray | None = None) -> np.ndarray:
    """Out-of-fold embedding scores; ``fit_on`` limits each fold model's training rows as in ``oof_ngram``."""
    out = np.zeros(len(y))
    for te in folds:
        held = set(te)
        tr = [i for i in range(len(y)) if i not in held and (fit_on is None or fit_on[i])]
        if len({int(v) for v in y[tr]}) < 2:
            continue
        out[te] = linear_score(x[te], *fit_emb(x[tr], y[tr], w[tr]))
    return out


def fit_knots(x: np.ndarray, k: int = KNOTS) -> list[np.ndarray]:
    """Per feature, the distinct training quantiles at 0, 1/(k-1), ..., 1."""
    qs = np.linspace(0.0, 1.0, k)
    out = []
    for j in range(x.shape[1]):
        kn = np.unique(np.quantile(x[:, j], qs))
        out.append(kn if len(kn) > 1 else np.array([kn[0], kn[0] + 1.0]))
    return out


def basis(x: np.ndarray, knots: list[np.ndarray]) -> np.ndarray:
    """Hat functions at the knots (piecewise-linear B-splines, constant beyond the outer knots)."""
    cols = []
    for j, kn in enumerate(knots):
        eye = np.eye(len(kn))
        cols += [np.interp(x[:, j], kn, eye[c]) for c in range(len(kn))]
    return np.column_stack(cols)


def fit_combiner(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float = COMB_C, k: int = KNOTS) -> tuple[list[np.ndarray], list[np.ndarray], float]:
    """The additive combiner: knots and values of each feature's function, and the intercept."""
    knots = fit_knots(x, k)
    m = LogisticRegression(C=c, max_iter=10000).fit(basis(x, knots), y, sample_weight=w)
    values, off = [], 0
    for kn in knots:
        values.append(m.coef_[0, off : off + len(kn)].copy())
        off += len(kn)
    return knots, values, float(m.intercept_[0])


def combiner_logit(x: np.ndarray, knots: list[np.ndarray], values: list[np.ndarray], intercept: float) -> np.ndarray:
    out = np.full(len(x), intercept)
    for j, (kn, v) in enumerate(zip(knots, values, strict=True)):
        out += np.interp(x[:, j], kn, v)
    return out


def oof_combiner(x: np.ndarray, y: np.ndarray, w: np.ndarray, folds: list[list[int]], c: float = COMB_C, k: int = KNOTS) -> np.ndarray:
    out = np.zeros(len(y))
    for te in folds:
        held = set(te)
        tr = [i for i in range(len(y)) if i not in held]
        out[te] = combiner_logit(x[te], *fit_combiner(x[tr], y[tr], w[tr], c, k))
    return out


def fit_gbt(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(**GBT).fit(x, y, sample_weight=w)


def oof_gbt(x: np.ndarray, y: np.ndarray, w: np.ndarray, folds: list[list[int]]) -> np.ndarray:
    out = np.zeros(len(y))
    for te in folds:
        held = set(te)
        tr = [i for i in range(len(y)) if i not in held]
        out[te] = fit_gbt(x[tr], y[tr], w[tr]).decision_function(x[te])
    return out


def node_means(nodes: np.ndarray) -> np.ndarray:
    """Each node's expected score: a leaf's value; a split node's, the count-weighted mean of its children's."""
    mean = nodes["value"].astype(np.float64).copy()
    count = nodes["count"].astype(np.float64)
    for k in range(len(nodes) - 1, -1, -1):  # children come after their parent
        if not nodes[k]["is_leaf"]:
            lo, hi = int(nodes[k]["left"]), int(nodes[k]["right"])
            if not (lo > k and hi > k):
                raise ValueError("unexpected node order")
            mean[k] = (count[lo] * mean[lo] + count[hi] * mean[hi]) / max(count[lo] + count[hi], 1.0)
    return mean


def export_trees(m: HistGradientBoostingClassifier) -> dict[str, np.ndarray]:
    """The fitted trees as flat arrays (``gbt_*``) that ``unspun.analyzers.machine_text.model.tree_parts`` walks.

    Node k of the concatenated trees: a leaf (``gbt_leaf``) scores ``gbt_value``;
    otherwise go to ``gbt_left`` when feature ``gbt_feature`` is <= ``gbt_threshold``
    (NaN never occurs: every feature is finite), else to ``gbt_right``. A split
    node's ``gbt_value`` is the training-count-weighted mean of its leaves' values
    (scikit-learn stores unshrunk values there), for the per-feature attribution.
    """
    feat: list[int] = []
    thr: list[float] = []
    left: list[int] = []
    right: list[int] = []
    leaf: list[bool] = []
    value: list[float] = []
    roots: list[int] = []
    for (pred,) in m._predictors:
        nodes = pred.nodes
        base = len(feat)
        roots.append(base)
        mean = node_means(nodes)
        for k, nd in enumerate(nodes):
            if nd["is_categorical"]:
                raise ValueError("categorical splits are not exported")
            feat.append(int(nd["feature_idx"]))
            thr.append(float(nd["num_threshold"]))
            left.append(base + int(nd["left"]))
            right.append(base + int(nd["right"]))
            leaf.append(bool(nd["is_leaf"]))
            value.append(float(mean[k]))
    return {
        "gbt_feature": np.array(feat, dtype=np.int16),
        "gbt_threshold": np.array(thr, dtype=np.float64),
        "gbt_left": np.array(left, dtype=np.int32),
        "gbt_right": np.array(right, dtype=np.int32),
        "gbt_leaf": np.array(leaf, dtype=bool),
        "gbt_value": np.array(value, dtype=np.float64),
        "gbt_roots": np.array(roots, dtype=np.int32),
        "gbt_baseline": np.array([float(np.ravel(m._baseline_prediction)[0])]),
    }
