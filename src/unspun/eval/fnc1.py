"""`unspun eval fnc1 --stances FILE --bodies FILE [--json]`: the stance model on FNC-1 data.

Reads the FNC-1 CSV format (stances: ``Headline, Body ID, Stance``; bodies:
``Body ID, articleBody``) and prints the official FNC score (relative, as the
FNC-1 ``scorer.py`` weighs it), macro-F1 over the four classes, per-class F1
and the confusion matrix (rows gold, columns predicted, in ``LABELS`` order).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from unspun import errors

LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
_RELATED = frozenset(LABELS[:3])
_STANCE_COLS = ("Headline", "Body ID", "Stance")
_BODY_COLS = ("Body ID", "articleBody")


def _read_csv(path: str, columns: Sequence[str], what: str) -> list[dict[str, str]]:
    p = Path(path)
    if not p.is_file():
        raise errors.eval_data(path, "no such file", f"an FNC-1 {what} CSV file")
    csv.field_size_limit(sys.maxsize)
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise errors.eval_data(
                    path,
                    f"columns {reader.fieldnames!r}, missing {missing!r}",
                    f"an FNC-1 {what} CSV with the columns {', '.join(columns)}",
                )
            return list(reader)
    except UnicodeDecodeError as exc:
        raise errors.eval_data(path, f"not UTF-8 ({exc.reason})", f"an FNC-1 {what} CSV in UTF-8") from exc
    except csv.Error as exc:
        raise errors.eval_data(path, f"not valid CSV ({exc})", f"an FNC-1 {what} CSV") from exc


def read_bodies(path: str) -> dict[str, str]:
    return {r["Body ID"].strip(): r["articleBody"] for r in _read_csv(path, _BODY_COLS, "bodies")}


def read_stances(path: str, bodies: dict[str, str] | None = None, labelled: bool = True) -> list[dict[str, str]]:
    cols = _STANCE_COLS if labelled else _STANCE_COLS[:2]
    rows = _read_csv(path, cols, "stances")
    for n, r in enumerate(rows, start=2):
        r["Body ID"] = r["Body ID"].strip()
        if labelled:
            r["Stance"] = r["Stance"].strip().lower()
            if r["Stance"] not in LABELS:
                raise errors.eval_data(path, f"line {n} has the stance {r['Stance']!r}", f"stances in {', '.join(LABELS)}")
        if bodies is not None and r["Body ID"] not in bodies:
            raise errors.eval_data(path, f"line {n} names Body ID {r['Body ID']!r}, absent from the bodies file", "every Body ID to be in the bodies file")
    if not rows:
        raise errors.eval_data(path, "no rows", "at least one (Headline, Body ID, Stance) row")
    return rows


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Relative FNC-1 score: raw / best possible, as in the official scorer."""
    raw = best = 0.0
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            raw += 0.25
            if g != "unrelated":
                raw += 0.5
        if g in _RELATED and p in _RELATED:
            raw += 0.25
        best += 0.25 if g == "unrelated" else 1.0
    return raw / best if best else 0.0


def confusion(gold: Sequence[str], pred: Sequence[str]) -> list[list[int]]:
    idx = {lab: i for i, lab in enumerate(LABELS)}
    m = [[0] * len(LABELS) for _ in LABELS]
    for g, p in zip(gold, pred, strict=True):
        m[idx[g]][idx[p]] += 1
    return m


def per_class_f1(cm: list[list[int]]) -> dict[str, dict[str, float]]:
    out = {}
    for i, lab in enumerate(LABELS):
        tp = cm[i][i]
        fp = sum(cm[r][i] for r in range(len(LABELS))) - tp
        fn = sum(cm[i]) - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[lab] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": sum(cm[i])}
    return out


def metrics(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    cm = confusion(gold, pred)
    pc = per_class_f1(cm)
    return {
        "fnc_score": round(fnc_score(gold, pred), 4),
        "macro_f1": round(sum(v["f1"] for v in pc.values()) / len(LABELS), 4),
        "per_class": pc,
        "confusion": {"labels": list(LABELS), "matrix": cm},
        "pairs": len(gold),
    }


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="stance (agree/disagree/discuss/unrelated) on FNC-1 CSV files")
    p.add_argument("--stances", required=True, help="CSV with Headline, Body ID, Stance")
    p.add_argument("--bodies", required=True, help="CSV with Body ID, articleBody")
    p.add_argument("--model", default=None, help="a stance .npz to score instead of the shipped model")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--analyzer",
        type=int,
        default=0,
        metavar="N",
        help="instead, run the headline_support analyzer on up to N pairs per gold stance and tabulate its headline verdicts",
    )
    p.set_defaults(eval_func=run)


def run(a: argparse.Namespace) -> int:
    from unspun.analyzers.headline_support import stance
    from unspun.eval import emit

    bodies = read_bodies(a.bodies)
    rows = read_stances(a.stances, bodies)
    if a.model is not None and not Path(a.model).is_file():
        raise errors.eval_data(a.model, "no such file", "a stance model .npz written by python -m training.train_stance")
    model = stance.StanceModel.from_file(a.model) if a.model else stance.load()
    if a.analyzer:
        return run_analyzer(rows, bodies, a.analyzer, a.json, model)
    t0 = time.perf_counter()
    probs = stance.score_pairs(model, [r["Headline"] for r in rows], bodies, [r["Body ID"] for r in rows])
    pred = [LABELS[i] for i in probs.argmax(1)]
    gold = [r["Stance"] for r in rows]
    res = metrics(gold, pred)
    res["seconds"] = round(time.perf_counter() - t0, 1)
    res["bodies"] = len({r["Body ID"] for r in rows})
    lines = [
        f"FNC-1 stance: {res['pairs']} pairs, {res['bodies']} bodies, {res['seconds']} s",
        f"FNC score (relative): {res['fnc_score']:.4f}",
        f"macro-F1:             {res['macro_f1']:.4f}",
        "per class:  " + "  ".join(f"{k} F1 {v['f1']:.3f} (n={v['support']})" for k, v in res["per_class"].items()),
        "confusion (rows gold, columns predicted): " + " ".join(f"{lab[:5]:>7}" for lab in LABELS),
    ]
    for lab, row in zip(LABELS, res["confusion"]["matrix"], strict=True):
        lines.append(f"  {lab:>10} " + " ".join(f"{c:>7}" for c in row))
    return emit(res, a.json, lines)


#: the verdict a careful reader expects from the headline_support analyzer per FNC-1 stance
#: ("discuss" bodies report a claim without backing it, so no single verdict is right).
EXPECTED = {"agree": ("supported",), "disagree": ("contradicted",), "unrelated": ("unsupported",)}


def run_analyzer(rows: list[dict[str, str]], bodies: dict[str, str], per_class: int, as_json: bool, model: Any = None) -> int:
    """Headline verdicts of the analyzer per gold stance, on a fixed sample of pairs."""
    import random

    from unspun.analyzers.headline_support.analyzer import HeadlineSupport
    from unspun.document import Document
    from unspun.eval import emit

    an = HeadlineSupport()
    an.stance_model = model  # None: the shipped model
    by_gold: dict[str, list[dict[str, str]]] = {lab: [] for lab in LABELS}
    for r in rows:
        by_gold[r["Stance"]].append(r)
    rng = random.Random(2025)
    table: dict[str, dict[str, int]] = {}
    t0 = time.perf_counter()
    n = 0
    for lab, rs in by_gold.items():
        sample = rng.sample(rs, min(per_class, len(rs)))
        counts: dict[str, int] = {}
        for r in sample:
            doc = Document.from_parts(r["Headline"], bodies[r["Body ID"]])
            if not doc.has_body or not doc.sentences:
                continue
            v = an.analyse(doc).summary["verdict"]
            counts[v] = counts.get(v, 0) + 1
            n += 1
        table[lab] = counts
    secs = time.perf_counter() - t0
    agree = {lab: round(sum(table[lab].get(v, 0) for v in vs) / max(sum(table[lab].values()), 1), 4) for lab, vs in EXPECTED.items()}
    res = {"verdicts_by_gold": table, "expected_verdict_rate": agree, "articles": n, "ms_per_article": round(1000 * secs / max(n, 1), 1)}
    lines = [f"headline_support on {n} FNC-1 pairs ({res['ms_per_article']} ms per article)"]
    for lab in LABELS:
        lines.append(f"  gold {lab:>9}: " + ", ".join(f"{v} {c}" for v, c in sorted(table[lab].items(), key=lambda kv: -kv[1])))
    lines.append("expected verdict rate: " + ", ".join(f"{k}->{'/'.join(EXPECTED[k])} {v:.1%}" for k, v in agree.items()))
    return emit(res, as_json, lines)
