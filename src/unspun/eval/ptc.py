"""`unspun eval ptc DIR`: the persuasion models on a directory in the PTC layout.

DIR holds ``articles/article<ID>.txt``, ``task1-SI.labels`` (``id<TAB>start<TAB>end``)
and ``task2-TC.labels`` (``id<TAB>technique<TAB>start<TAB>end``), as released for
SemEval-2020 Task 11. Scores, as the task's official scorers define them:

- span identification (SI): overlapping spans are merged per article; precision
  sums, over predicted spans s and gold spans t, |s & t| / |s| and divides by the
  number of predicted spans; recall the same with |t| over gold spans; F1 is their
  harmonic mean (partial overlap earns partial credit);
- technique classification (TC): one label per gold row given the gold span
  (a span listed k times gets the model's k most likely techniques); micro-F1.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unspun import errors
from unspun.eval import emit

if TYPE_CHECKING:
    from unspun.analyzers.persuasion.model import PersuasionModel

_EXPECTED = (
    "a directory with articles/article<ID>.txt, task1-SI.labels (id, start, end) and "
    "task2-TC.labels (id, technique, start, end), tab-separated, as in SemEval-2020 Task 11"
)


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="persuasion spans and techniques on a PTC-layout directory")
    p.add_argument("dir", metavar="DIR", help="directory with articles/, task1-SI.labels, task2-TC.labels")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(eval_func=run)


Spans = dict[str, list[tuple[int, int]]]


def read_labels(path: Path, n_cols: int) -> list[list[str]]:
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != n_cols or not parts[-1].isdigit() or not parts[-2].isdigit():
            raise errors.eval_data(str(path), f"line {i} {line[:60]!r} is not {n_cols} tab-separated fields", _EXPECTED)
        rows.append(parts)
    return rows


def read_dir(d: Path) -> tuple[dict[str, str], Spans, list[tuple[str, str, int, int]]]:
    arts = d / "articles"
    si_f, tc_f = d / "task1-SI.labels", d / "task2-TC.labels"
    for p in (arts, si_f, tc_f):
        if not p.exists():
            raise errors.eval_data(str(d), f"no {p.name}", _EXPECTED)
    texts = {f.stem.removeprefix("article"): f.read_text(encoding="utf-8") for f in sorted(arts.glob("article*.txt"))}
    if not texts:
        raise errors.eval_data(str(arts), "no article<ID>.txt files", _EXPECTED)
    si: Spans = defaultdict(list)
    for a, s, e in read_labels(si_f, 3):
        si[a].append((int(s), int(e)))
    tc = [(a, t, int(s), int(e)) for a, t, s, e in read_labels(tc_f, 4)]
    return texts, si, tc


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def si_scores(pred: Spans, gold: Spans, articles: list[str]) -> dict[str, float]:
    """SemEval-2020 Task 11 SI precision, recall and F1 with partial overlap."""
    p_num = r_num = 0.0
    n_pred = n_gold = 0
    for a in articles:
        ps, gs = merge(pred.get(a, [])), merge(gold.get(a, []))
        n_pred += len(ps)
        n_gold += len(gs)
        for s, e in ps:
            for gs_, ge in gs:
                inter = min(e, ge) - max(s, gs_)
                if inter > 0:
                    p_num += inter / (e - s)
                    r_num += inter / (ge - gs_)
    prec = p_num / n_pred if n_pred else 0.0
    rec = r_num / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"si_precision": round(prec, 4), "si_recall": round(rec, 4), "si_f1": round(f1, 4)}


def tc_micro_f1(gold: list[tuple[str, str, int, int]], ranked: dict[tuple[str, int, int], list[str]]) -> float:
    """Micro-F1 with one prediction per gold row (equal to accuracy over rows)."""
    by_span: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for a, t, s, e in gold:
        by_span[(a, s, e)][t] += 1
    correct = 0
    for key, want in by_span.items():
        k = sum(want.values())
        got = Counter(ranked.get(key, [])[:k])
        correct += sum((want & got).values())
    return round(correct / len(gold), 4) if gold else 0.0


def evaluate(d: Path, model: PersuasionModel | None = None) -> dict[str, Any]:
    """SI and TC scores on the PTC-layout folder ``d``, of ``model`` (default: the shipped one)."""
    from unspun.analyzers.persuasion import model as persuasion
    from unspun.analyzers.persuasion.features import TECHNIQUES, prepare

    texts, si_gold, tc_gold = read_dir(d)
    m = model or persuasion.load()
    pred: Spans = {}
    ranked: dict[tuple[str, int, int], list[str]] = {}
    spans_of: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for a, _, s, e in tc_gold:
        spans_of[a].add((s, e))
    for a, text in texts.items():
        p = prepare(text)
        pred[a] = [(s, e) for s, e, _ in m.spans(p, m.token_probs(p))]
        for s, e in spans_of.get(a, ()):
            probs = m.technique_probs(p, s, e)
            ranked[(a, s, e)] = [TECHNIQUES[i] for i in probs.argsort()[::-1]]
    tc_rows = [r for r in tc_gold if r[0] in texts]
    out: dict[str, Any] = {"articles": len(texts), "gold_spans": sum(len(merge(si_gold.get(a, []))) for a in texts)}
    out["predicted_spans"] = sum(len(merge(v)) for v in pred.values())
    out.update(si_scores(pred, si_gold, list(texts)))
    out["tc_rows"] = len(tc_rows)
    out["tc_micro_f1"] = tc_micro_f1(tc_rows, ranked)
    return out


def run(a: argparse.Namespace) -> int:
    d = Path(a.dir)
    if not d.is_dir():
        raise errors.eval_data(str(d), "not a directory", _EXPECTED)
    r = evaluate(d)
    lines = [
        f"persuasion on {d}: {r['articles']} articles, {r['gold_spans']} gold spans, {r['predicted_spans']} predicted",
        f"  span identification: precision {r['si_precision']:.4f}  recall {r['si_recall']:.4f}  F1 {r['si_f1']:.4f}",
        f"  technique classification on {r['tc_rows']} gold spans: micro-F1 {r['tc_micro_f1']:.4f}",
    ]
    return emit(r, a.json, lines)
