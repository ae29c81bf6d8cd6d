"""`unspun eval checkworthy FILE.csv`: the check-worthiness model on labelled sentences.

FILE.csv has columns ``text,label`` (1 = a check-worthy factual claim, as ClaimBuster's
CFS class; 0 = not). Reports precision, recall and F1 of the check-worthy class at the
model's shipped threshold (``models/checkworthy/meta.json``, chosen on training data),
and ROC AUC.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from unspun.eval import emit, read_labelled_csv

_EXPECTED = "a UTF-8 CSV file with columns text,label (label 1 = check-worthy claim, 0 = not), with rows of both labels"


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="check-worthy sentence model on a text,label CSV")
    p.add_argument("file", metavar="FILE.csv", help="CSV with columns text,label (1 = check-worthy)")
    p.add_argument("--threshold", type=float, default=None, help="probability threshold (default: the model's)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(eval_func=run)


def read(path: Path) -> tuple[list[str], list[int]]:
    rows = read_labelled_csv(path, "text", _EXPECTED)
    return [r["text"] for r in rows], [int(r["label"]) for r in rows]


def evaluate(texts: list[str], labels: list[int], threshold: float | None = None) -> dict[str, Any]:
    from unspun.analyzers.checkworthy_claims import model
    from unspun.eval.clickbait import roc_auc

    m = model.load()
    t = m.threshold if threshold is None else threshold
    probs = m.probabilities(texts)
    pred = [int(p >= t) for p in probs]
    tp = sum(p == 1 and y == 1 for p, y in zip(pred, labels, strict=True))
    fp = sum(p == 1 and y == 0 for p, y in zip(pred, labels, strict=True))
    fn = sum(p == 0 and y == 1 for p, y in zip(pred, labels, strict=True))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "n": len(labels),
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(2 * prec * rec / (prec + rec), 4) if tp else 0.0,
        "roc_auc": round(roc_auc(probs, labels), 4),
        "threshold": t,
    }


def run(a: argparse.Namespace) -> int:
    r = evaluate(*read(Path(a.file)), a.threshold)
    lines = [
        f"checkworthy on {a.file}: {r['n']} sentences (threshold {r['threshold']:.2f})",
        f"  precision {r['precision']:.4f}  recall {r['recall']:.4f}  F1 {r['f1']:.4f}  ROC AUC {r['roc_auc']:.4f}",
    ]
    return emit(r, a.json, lines)
