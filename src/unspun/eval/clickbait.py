"""`unspun eval clickbait FILE.csv`: the clickbait model on labelled headlines.

FILE.csv has columns ``headline,label`` (1 clickbait, 0 not). Reports accuracy,
F1 (clickbait as the positive class), ROC AUC and the false-positive rate, the
share of non-clickbait headlines the model flags (probability >= 0.5).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from unspun.eval import emit, read_labelled_csv


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="clickbait model on a headline,label CSV")
    p.add_argument("file", metavar="FILE.csv", help="CSV with columns headline,label (1 = clickbait)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(eval_func=run)


_EXPECTED = "a UTF-8 CSV file with columns headline,label (label 1 = clickbait, 0 = not), with rows of both labels"


def read(path: Path) -> tuple[list[str], list[int]]:
    rows = read_labelled_csv(path, "headline", _EXPECTED)
    return [r["headline"] for r in rows], [int(r["label"]) for r in rows]


def roc_auc(scores: list[float], labels: list[int]) -> float:
    """Area under the ROC curve by the rank statistic (ties count one half)."""
    import numpy as np
    from scipy.stats import rankdata

    r = rankdata(np.asarray(scores))
    y = np.asarray(labels)
    n1 = int(y.sum())
    n0 = len(y) - n1
    return float((r[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def evaluate(heads: list[str], labels: list[int], threshold: float = 0.5) -> dict[str, Any]:
    from unspun.analyzers.clickbait import model

    m = model.load()
    probs = m.probabilities(heads)
    pred = [int(p >= threshold) for p in probs]
    tp = sum(p == 1 and y == 1 for p, y in zip(pred, labels, strict=True))
    fp = sum(p == 1 and y == 0 for p, y in zip(pred, labels, strict=True))
    fn = sum(p == 0 and y == 1 for p, y in zip(pred, labels, strict=True))
    neg = labels.count(0)
    acc = sum(p == y for p, y in zip(pred, labels, strict=True)) / len(labels)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {
        "n": len(labels),
        "accuracy": round(acc, 4),
        "f1": round(f1, 4),
        "roc_auc": round(roc_auc(probs, labels), 4),
        "fpr": round(fp / neg, 4),
        "threshold": threshold,
    }


def run(a: argparse.Namespace) -> int:
    r = evaluate(*read(Path(a.file)))
    lines = [
        f"clickbait on {a.file}: {r['n']} headlines",
        f"  accuracy {r['accuracy']:.4f}  F1 {r['f1']:.4f}  ROC AUC {r['roc_auc']:.4f}",
        f"  false-positive rate on non-clickbait {r['fpr']:.4f}",
    ]
    return emit(r, a.json, lines)
