"""`unspun eval sourcing DIR`: attribution extraction against a hand-annotated gold set.

DIR holds one ``.txt`` article per file and ``annotations.json``
(format ``unspun.sourcing-gold/1``, see docs/sourcing.md). Matching rule: a
predicted attribution matches a gold one when their source spans overlap
(one-to-one, in text order). Precision = matched / predicted, recall =
matched / gold, kind accuracy = matched with the same kind / matched.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from unspun import errors

FORMAT = "unspun.sourcing-gold/1"


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="attribution extraction: precision, recall, kind accuracy on a gold set")
    p.add_argument("dir", metavar="DIR", help="folder of .txt articles with annotations.json")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--errors", action="store_true", help="list every missed and spurious attribution")
    p.set_defaults(eval_func=run)


def load_gold(folder: str) -> dict[str, list[dict[str, Any]]]:
    d = Path(folder)
    ann = d / "annotations.json"
    if not d.is_dir():
        raise errors.eval_data(folder, "not a folder", "a folder of .txt articles with annotations.json")
    if not ann.is_file():
        raise errors.eval_data(str(ann), "missing", "annotations.json next to the .txt articles")
    try:
        obj = json.loads(ann.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise errors.eval_data(str(ann), f"invalid JSON ({exc.msg}, line {exc.lineno})", f"a JSON object of format {FORMAT}") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT or not isinstance(obj.get("articles"), dict):
        raise errors.eval_data(str(ann), "not the expected format", f'{{"format": "{FORMAT}", "articles": {{file: [...]}}}}')
    arts: dict[str, list[dict[str, Any]]] = obj["articles"]
    for fn, rows in arts.items():
        if not (d / fn).is_file():
            raise errors.eval_data(str(d / fn), "annotated but missing", "every annotated article present in DIR")
        for r in rows:
            if not all(k in r for k in ("start", "end", "kind")):
                raise errors.eval_data(str(ann), f"{fn}: an entry lacks start, end or kind", "entries {start, end, source, cue, kind}")
    return arts


def match(pred: list[tuple[int, int, str]], gold: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index) whose source spans overlap, greedy in text order."""
    used: set[int] = set()
    pairs = []
    for i, (ps, pe, _) in enumerate(pred):
        best = None
        for j, (gs, ge, _) in enumerate(gold):
            if j in used or not (ps < ge and gs < pe):
                continue
            ov = min(pe, ge) - max(ps, gs)
            if best is None or ov > best[0]:
                best = (ov, j)
        if best is not None:
            used.add(best[1])
            pairs.append((i, best[1]))
    return pairs


def evaluate(folder: str) -> dict[str, Any]:
    from unspun import inputs
    from unspun.analyzers.sourcing import attribution

    arts = load_gold(folder)
    n_pred = n_gold = n_match = n_kind = 0
    per_kind: dict[str, dict[str, int]] = {k: {"gold": 0, "found": 0, "kind_correct": 0} for k in attribution.KINDS}
    errs: list[dict[str, Any]] = []
    for fn in sorted(arts):
        doc = inputs.load(str(Path(folder) / fn))
        gold_rows = arts[fn]
        for r in gold_rows:
            src = r.get("source")
            if src is not None and doc.text[r["start"] : r["end"]] != src:
                raise errors.eval_data(fn, f"offsets {r['start']}-{r['end']} do not hold {src!r}", "offsets into the loaded document text")
        gold = [(r["start"], r["end"], r["kind"]) for r in gold_rows]
        pred = [(a.source.start, a.source.end, a.kind) for a in attribution.extract(doc)]
        pairs = match(pred, gold)
        n_pred += len(pred)
        n_gold += len(gold)
        n_match += len(pairs)
        for g in gold:
            per_kind.setdefault(g[2], {"gold": 0, "found": 0, "kind_correct": 0})["gold"] += 1
        for i, j in pairs:
            per_kind[gold[j][2]]["found"] += 1
            if pred[i][2] == gold[j][2]:
                n_kind += 1
                per_kind[gold[j][2]]["kind_correct"] += 1
            else:
                errs.append({"article": fn, "type": "wrong_kind", "text": doc.text[gold[j][0] : gold[j][1]],
                             "gold": gold[j][2], "predicted": pred[i][2]})
        mi = {i for i, _ in pairs}
        mj = {j for _, j in pairs}
        errs += [{"article": fn, "type": "spurious", "text": doc.text[s:e], "predicted": k}
                 for i, (s, e, k) in enumerate(pred) if i not in mi]
        errs += [{"article": fn, "type": "missed", "text": doc.text[s:e], "gold": k}
                 for j, (s, e, k) in enumerate(gold) if j not in mj]
    return {
        "task": "sourcing",
        "data": str(folder),
        "articles": len(arts),
        "gold": n_gold,
        "predicted": n_pred,
        "matched": n_match,
        "precision": round(n_match / n_pred, 4) if n_pred else 0.0,
        "recall": round(n_match / n_gold, 4) if n_gold else 0.0,
        "kind_accuracy": round(n_kind / n_match, 4) if n_match else 0.0,
        "per_kind": per_kind,
        "matching": "a predicted attribution matches a gold one when their source spans overlap (one-to-one)",
        "errors": errs,
    }


def run(a: argparse.Namespace) -> int:
    from unspun.eval import emit

    r = evaluate(a.dir)
    if not a.errors:
        errs = r.pop("errors")
        r["n_errors"] = len(errs)
    lines = [
        f"sourcing on {r['data']}: {r['articles']} articles, {r['gold']} gold attributions, {r['predicted']} predicted",
        f"  precision      {r['precision']:.3f}",
        f"  recall         {r['recall']:.3f}",
        f"  kind accuracy  {r['kind_accuracy']:.3f}",
        "  per kind (gold / found / kind correct):",
    ]
    lines += [f"    {k:<13} {v['gold']:>3} / {v['found']:>3} / {v['kind_correct']:>3}" for k, v in r["per_kind"].items()]
    lines.append(f"  matching: {r['matching']}")
    for e in r.get("errors", []):
        lines.append(f"  {e['type']:<10} {e['article']}: {e['text']!r} gold={e.get('gold')} predicted={e.get('predicted')}")
    return emit(r, a.json, lines)
