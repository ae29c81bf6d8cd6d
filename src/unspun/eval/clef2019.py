"""`unspun eval clef2019 FILE.csv`: check-worthiness ranking of debate lines, as CLEF-2019 CheckThat! task 1.

FILE.csv has columns ``debate,line_number,speaker,text,label`` (1 = the line was
fact-checked). Each debate's lines are ranked by the model's debate score; the
result is the task's official measure, mean average precision over debates (the
average precision of a debate is the mean, over its checked lines, of the precision
at each one's rank, as the task's scorer ``telsayed/clef2019-factchecking-task1``
computes it; a debate with no checked line scores 0), and precision at 5, 10 and 20
averaged over debates. Only the text is read: the model judges a sentence, not who said it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from unspun.eval import emit, read_labelled_csv

KS = (5, 10, 20)
_EXPECTED = (
    "a UTF-8 CSV file with columns debate,line_number,speaker,text,label "
    "(label 1 = the line was fact-checked, 0 = not), with at least one line of label 1"
)


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="check-worthiness ranking on CLEF-2019 CheckThat! task 1 debates")
    p.add_argument("file", metavar="FILE.csv", help="CSV with columns debate,line_number,speaker,text,label")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(eval_func=run)


def read(path: Path) -> list[dict[str, str]]:
    from unspun import errors

    rows = read_labelled_csv(path, "text", _EXPECTED, need=("1",))
    for i, r in enumerate(rows, start=2):
        if not r.get("debate", "").strip():
            raise errors.eval_data(str(path), f"no debate on line {i}", _EXPECTED)
    return rows


def average_precision(labels_in_rank_order: Sequence[int]) -> float:
    hits, precisions = 0, []
    for i, lab in enumerate(labels_in_rank_order, start=1):
        if lab == 1:
            hits += 1
            precisions.append(hits / i)
    return sum(precisions) / hits if hits else 0.0


def score_debates(rows: Sequence[tuple[str, int, float]]) -> dict[str, Any]:
    """MAP and P@k over debates from ``(debate, label, score)`` rows (higher score = rank first)."""
    by: dict[str, list[tuple[float, int, int]]] = {}
    for n, (deb, lab, s) in enumerate(rows):
        by.setdefault(deb, []).append((-s, n, lab))  # ties keep file order
    aps: list[float] = []
    pk: dict[int, list[float]] = {k: [] for k in KS}
    for deb in sorted(by):
        ranked = [lab for _, _, lab in sorted(by[deb])]
        aps.append(average_precision(ranked))
        for k in KS:
            pk[k].append(sum(ranked[:k]) / k)
    return {
        "debates": len(by),
        "lines": len(rows),
        "map": round(sum(aps) / len(aps), 4),
        "p_at": {str(k): round(sum(v) / len(v), 4) for k, v in pk.items()},
    }


def evaluate(rows: list[dict[str, str]]) -> dict[str, Any]:
    from unspun.analyzers.checkworthy_claims import model

    scores = model.load().scores([r["text"] for r in rows], debate=True)
    return score_debates([(r["debate"], int(r["label"]), float(s)) for r, s in zip(rows, scores, strict=True)])


def run(a: argparse.Namespace) -> int:
    r = evaluate(read(Path(a.file)))
    lines = [
        f"clef2019 on {a.file}: {r['lines']} lines in {r['debates']} debates",
        f"  MAP {r['map']:.4f}  " + "  ".join(f"P@{k} {v:.4f}" for k, v in r["p_at"].items()),
    ]
    return emit(r, a.json, lines)
