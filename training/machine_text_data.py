"""The machine-text training data: rows of both sets, the grouped split and folds, weights, features.

Used by :mod:`training.train_machine_text` (see its docstring for the data sets and the
recipe); the per-token language-model statistics come from the cache that
:mod:`training.lm_cache` fills.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from training import lm_cache
from training.common import SEED, read_csv
from unspun.analyzers.machine_text.features import LM_FEATURES, STYLE_FEATURES, canonical, lm_features, style_features
from unspun.analyzers.machine_text.model import EMB, EMB_IU, NGRAM, NGRAM_IU
from unspun.runtime import lm

FOLDS = 5
#: every input of the combiner, in the order of its columns
FEATURES = (*LM_FEATURES, *STYLE_FEATURES, NGRAM, NGRAM_IU, EMB, EMB_IU)
N_DENSE = len(LM_FEATURES) + len(STYLE_FEATURES)
#: share of the total sample weight given to the IU texts
IU_SHARE = 0.35


@dataclass
class Row:
    text: str
    label: int
    generator: str
    group: str
    dataset: str  # "xsum" or "iu"


def load_rows(data: Path) -> list[Row]:
    rows: list[Row] = []
    for r in read_csv(data / lm_cache.XSUM):
        rows.append(Row(r["text"], int(r["label"]), r["generator"], "x:" + r["article_group"], "xsum"))
    for r in read_csv(data / lm_cache.IU):
        # generator: "gpt-3.5 (generated_base)" etc., the prompt style in brackets
        gen = "human" if r["label"] == "0" else r["generator"]
        rows.append(Row(r["text"], int(r["label"]), gen, "i:" + r["title"], "iu"))
    return rows


def split(rows: list[Row], dev_frac: float = 0.2) -> tuple[list[int], list[int]]:
    """Indices of the training part and the dev split, grouped, per data set."""
    dev_groups: set[str] = set()
    for ds in ("xsum", "iu"):
        groups = sorted({r.group for r in rows if r.dataset == ds})
        random.Random(SEED).shuffle(groups)
        dev_groups |= set(groups[: round(dev_frac * len(groups))])
    tr = [i for i, r in enumerate(rows) if r.group not in dev_groups]
    dv = [i for i, r in enumerate(rows) if r.group in dev_groups]
    return tr, dv


def group_folds(rows: list[Row], idx: list[int], folds: int = FOLDS) -> list[list[int]]:
    """Positions (into ``idx``) of each fold; a group is never in two folds."""
    groups = sorted({rows[i].group for i in idx})
    random.Random(SEED).shuffle(groups)
    fold_of = {g: k % folds for k, g in enumerate(groups)}
    out: list[list[int]] = [[] for _ in range(folds)]
    for pos, i in enumerate(idx):
        out[fold_of[rows[i].group]].append(pos)
    return out



def dense_features(rows: list[Row], stats: list[dict[str, np.ndarray]]) -> np.ndarray:
    out = np.zeros((len(rows), N_DENSE), dtype=np.float64)
    for k, (r, st) in enumerate(zip(rows, stats, strict=True)):
        canon = canonical(r.text)[0]
        f = lm_features(st, lm.MAX_TOKENS) | style_features(canon)
        out[k] = [f[n] for n in FEATURES[:N_DENSE]]
    return out



#: word-count bins (quantiles within the IU training texts) for ``length_balanced``
LENGTH_BINS = 5


def length_balanced(rows: list[Row], idx: list[int], w: np.ndarray, bins: int = LENGTH_BINS) -> np.ndarray:
    """``w`` with the IU texts reweighted so that, within each word-count bin, both classes weigh the same.

    The IU texts keep their total weight; every (bin, class) cell that has texts gets
    an equal share of it. XSum texts (where length hardly separates the classes:
    ROC AUC 0.58) keep their weights.
    """
    out = w.copy()
    iu = np.array([k for k, i in enumerate(idx) if rows[i].dataset == "iu"], dtype=np.int64)
    if not len(iu):
        return out
    nw = np.array([len(rows[idx[k]].text.split()) for k in iu], dtype=np.float64)
    lab = np.array([rows[idx[k]].label for k in iu])
    qs = np.quantile(nw, np.linspace(0.0, 1.0, bins + 1))
    b = np.clip(np.searchsorted(qs, nw, side="right") - 1, 0, bins - 1)
    new = np.zeros(len(iu))
    for k in range(bins):
        for c in (0, 1):
            sel = (b == k) & (lab == c)
            if sel.any():
                new[sel] = 1.0 / sel.sum()
    out[iu] = new * (w[iu].sum() / new.sum())
    return out


def weights(rows: list[Row], idx: list[int], iu_share: float = IU_SHARE) -> np.ndarray:
    """Sample weights: the IU texts weigh ``iu_share`` of the total, every text within a data set the same."""
    n = {ds: sum(rows[i].dataset == ds for i in idx) for ds in ("xsum", "iu")}
    share = {"xsum": 1.0 - iu_share, "iu": iu_share} if all(n.values()) else {"xsum": 1.0, "iu": 1.0}
    return np.array([len(idx) * share[rows[i].dataset] / n[rows[i].dataset] for i in idx])



def get_stats(rows: list[Row], cache: Path, cached_only: bool) -> tuple[list[Row], list[dict[str, np.ndarray]]]:
    tag = lm.model_tag()
    kept: list[Row] = []
    stats: list[dict[str, np.ndarray]] = []
    for r in rows:
        st = lm_cache.cached(cache, r.text, tag)
        if st is None:
            if cached_only:
                continue
            st = lm_cache.compute(r.text)
            lm.cache_store(cache, canonical(r.text)[0], tag, st)
        kept.append(r)
        stats.append(st)
    return kept, stats
