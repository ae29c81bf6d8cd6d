"""`unspun eval dates GOLD --data DIR`: relative dates resolved against the publication date.

GOLD is a JSON Lines file (or a folder of them) of judged time expressions in saved pages; the
sentences themselves stay in DIR (``../shared/data/real-news-pages``), the gold file only points
at them::

    {"page": "readability/wapo-1/source.html", "offset": 1242, "phrase": "Wednesday",
     "published": "2015-03-18", "expected": {"kind": "date", "value": "2015-03-18"}, "note": "..."}

``offset`` is where ``phrase`` starts in the page's text as :func:`unspun.load` reads it (the
nearest occurrence of ``phrase`` is taken if extraction has since moved it); ``published`` is the
publication date the judgment assumed. ``expected.kind`` is ``date`` or ``range`` (with ``value``,
an ISO date or interval), ``vague`` (no date to give), ``none`` (the phrase is not a time
expression: "NBC's Today show") or ``generic`` (a recurring time, "every March"). A prediction is
right when its kind is the expected one and, for a date or range, its value is equal.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from unspun import errors
from unspun.eval import emit, page_gold

KINDS = ("date", "range", "vague", "none", "generic")
_EXPECTED = ("JSON Lines, one object a line with page, offset, phrase, published (YYYY-MM-DD) and "
             "expected {kind: date|range|vague|none|generic, value (for date and range)}")


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="relative dates in saved pages, resolved against the publication date")
    p.add_argument("gold", metavar="GOLD", help="a .jsonl file of judged time expressions, or a folder of them")
    p.add_argument("--data", metavar="DIR", required=True,
                   help="the saved pages the gold points into (../shared/data/real-news-pages)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(eval_func=run)


def _valid(item: dict[str, Any]) -> bool:
    exp = item["expected"]
    date.fromisoformat(item["published"])
    return bool(exp["kind"] in KINDS and (exp["kind"] not in ("date", "range") or isinstance(exp["value"], str)))


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Every judged item of a gold file or folder; a malformed line is an E130 error naming it."""
    return page_gold.read(path, _valid, _EXPECTED, "a field has the wrong type or an unknown kind")


def predict(text: str, sentences: list[tuple[int, int]], at: int, length: int, published: date) -> dict[str, Any]:
    """The resolver's reading of the time expression at ``[at, at + length)``, in its sentence."""
    from unspun.analyzers.checkworthy_claims import dates

    lo, hi = next(((a, b) for a, b in sentences if a <= at < b), (0, len(text)))
    for e in dates.find(text, published, lo, hi):
        if e.start < at + length and at < e.end:
            return {"kind": e.kind, "value": e.value, "text": e.text}
    return {"kind": "none", "value": None, "text": ""}


def evaluate(items: list[dict[str, Any]], data: Path) -> dict[str, Any]:
    import unspun

    docs: dict[str, Any] = {}
    rows, missing = [], []
    for it in items:
        page = data / it["page"]
        if it["page"] not in docs:
            if not page.is_file():
                raise errors.eval_data(str(page), "the page the gold points at is not there",
                                       "--data DIR holding readability/<name>/source.html and trafilatura/<name>.html")
            docs[it["page"]] = unspun.load(str(page))
        doc = docs[it["page"]]
        at = page_gold.locate(doc.text, it["offset"], it["phrase"])
        if at is None:
            missing.append(it["where"])
            continue
        sents = [(s.start, s.end) for s in doc.sentences]
        got = predict(doc.text, sents, at, len(it["phrase"]), date.fromisoformat(it["published"]))
        exp = it["expected"]
        right = got["kind"] == exp["kind"] and (exp["kind"] not in ("date", "range") or got["value"] == exp["value"])
        rows.append({"where": it["where"], "phrase": it["phrase"], "expected": exp, "got": got, "right": right,
                     "note": it.get("note", "")})
    n = len(rows)
    by_kind: dict[str, dict[str, int]] = {}
    for r in rows:
        k = by_kind.setdefault(r["expected"]["kind"], {"n": 0, "right": 0})
        k["n"] += 1
        k["right"] += int(r["right"])
    return {
        "n": n,
        "right": sum(r["right"] for r in rows),
        "accuracy": round(sum(r["right"] for r in rows) / n, 4) if n else 0.0,
        "by_kind": by_kind,
        "pages": len(docs),
        "not_found": missing,
        "errors": [{k: r[k] for k in ("where", "phrase", "expected", "got", "note")} for r in rows if not r["right"]],
        "predicted_kinds": dict(Counter(r["got"]["kind"] for r in rows)),
    }


def run(a: argparse.Namespace) -> int:
    data = Path(a.data)
    if not data.is_dir():
        raise errors.eval_data(str(data), "not a folder", "--data DIR: the saved pages (../shared/data/real-news-pages)")
    r = evaluate(read_gold(Path(a.gold)), data)
    lines = [f"dates on {a.gold}: {r['right']}/{r['n']} right, accuracy {r['accuracy']:.4f} ({r['pages']} pages)"]
    lines += [f"  {k}: {v['right']}/{v['n']}" for k, v in sorted(r["by_kind"].items())]
    if r["not_found"]:
        lines.append(f"  phrase no longer found in the page: {', '.join(r['not_found'])}")
    for e in r["errors"]:
        exp = e["expected"]
        lines.append(f"  wrong {e['where']}: {e['phrase']!r} expected {exp['kind']} {exp.get('value') or ''}, "
                     f"got {e['got']['kind']} {e['got']['value'] or ''}" + (f" ({e['note']})" if e["note"] else ""))
    return emit(r, a.json, lines)
