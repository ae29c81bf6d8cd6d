"""`unspun eval structure GOLD --data DIR`: who, what, where and how much of check-worthy claims.

GOLD is a JSON Lines file (or a folder of them) of judged claim sentences in saved pages; the
sentences stay in DIR (``../shared/data/real-news-pages``), the gold file only points at them::

    {"page": "readability/wapo-1/source.html", "offset": 7170, "phrase": "The last major attack on a",
     "expected": {"who": ["al-Qaeda"], "what": {"lemma": "be", "negated": false}, "reported_by": null,
                  "where": ["Tunisia", "Djerba"],
                  "quantities": [{"text": "more than 20 people", "kind": "count", "value": 20.0}]}}

``offset`` is where the sentence starts in the page's text as :func:`unspun.load` reads it
(``phrase`` is its first words; the nearest occurrence is taken if extraction has moved it); the
sentence scored is the page's sentence that starts there. The structure is read as the
checkworthy_claims analyzer reads it (:func:`unspun.analyzers.checkworthy_claims.structure.structures`).

Scores: ``who`` and ``where`` are precision, recall and F1 over names (a predicted name is its
resolved full name where the structure gives one; compared after :func:`norm_name`);
``quantities`` the same over (kind, value) pairs; ``what`` is the accuracy of the predicate's verb
lemma and of its negation; ``reported_by`` the accuracy of the reporter (null when the main verb
does not report; an unnamed reporter is judged by its head noun, "officials", and a prediction
matches it when its last word is that noun).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path
from typing import Any

from unspun import errors
from unspun.eval import emit, page_gold

KINDS = ("money", "percent", "measure", "age", "count")
SET_FIELDS = ("who", "where", "quantities")
_EXPECTED = ("JSON Lines, one object a line with page, offset, phrase and expected {who: [names], "
             "what: {lemma, negated: true|false}, reported_by: name or null, where: [names], "
             f"quantities: [{{text, kind: {'|'.join(KINDS)}, value: number or null}}]}}")
_NEGATION = re.compile(r"\b(?:not|never)\b|n[’']t\b", re.I)


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="who, what, where and quantities of check-worthy claims in saved pages")
    p.add_argument("gold", metavar="GOLD", help="a .jsonl file of judged claim sentences, or a folder of them")
    p.add_argument("--data", metavar="DIR", required=True,
                   help="the saved pages the gold points into (../shared/data/real-news-pages)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(eval_func=run)


def _valid(exp: Any) -> bool:
    def names(v: Any) -> bool:
        return isinstance(v, list) and all(isinstance(n, str) and n.strip() for n in v)

    what = exp["what"]
    return (isinstance(exp, dict) and names(exp["who"]) and names(exp["where"])
            and isinstance(what, dict) and isinstance(what["lemma"], str) and isinstance(what["negated"], bool)
            and (exp["reported_by"] is None or isinstance(exp["reported_by"], str))
            and isinstance(exp["quantities"], list)
            and all(isinstance(q, dict) and q["kind"] in KINDS and isinstance(q["text"], str)
                    and (q["value"] is None or isinstance(q["value"], (int, float))) for q in exp["quantities"]))


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Every judged item of a gold file or folder; a malformed line is an E130 error naming it."""
    return page_gold.read(path, lambda item: _valid(item["expected"]), _EXPECTED,
                          "a field has the wrong type or an unknown quantity kind")


def norm_name(name: str) -> str:
    """A name compared case-, form-, title- and company-suffix-blind: "The U.S.'s" -> "us", "President Bill
    Clinton" -> "bill clinton", "Microsoft Corp." -> "microsoft"."""
    from unspun.analyzers.sourcing.coref import HONORIFICS

    s = name.strip().strip("\"'“”‘’()[],;:").lower()
    s = re.sub(r"[’']s?$", "", s).replace(".", "")
    words = re.sub(r"^the\s+", "", s).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    while len(words) > 1 and words[-1].strip(",") in _COMPANY_SUFFIXES:
        words = words[:-1]  # "Microsoft Corp." is "Microsoft"
    return " ".join(words)


_COMPANY_SUFFIXES = frozenset("corp corporation inc incorporated ltd limited co plc llc ag sa gmbh".split())


def _quantity_key(q: dict[str, Any]) -> tuple[str, Any]:
    v = q.get("value")
    return (q["kind"], round(float(v), 6) if v is not None else norm_name(q.get("text", "")))


def same_reporter(expected: str | None, got: str | None) -> bool:
    """Whether a predicted reporter is the judged one (an unnamed one, "officials", by its head noun)."""
    if expected is None or got is None:
        return expected is None and got is None
    e, g = norm_name(expected), norm_name(got)
    return e == g or (expected == expected.lower() and " " not in e and g.split()[-1:] == [e])


def predicted(st: dict[str, Any], lemma: str | None) -> dict[str, Any]:
    """The comparable reading of an analyzer structure; ``lemma`` is the predicate verb's lemma."""
    resolved = {w["start"]: w.get("resolved", {}).get("text") or w["text"] for w in st["who"]}
    what = st.get("what")
    rep = what.get("reported_by") if what else None
    return {
        "who": list(dict.fromkeys(resolved.values())),
        "what": {"lemma": lemma, "negated": bool(what and _NEGATION.search(what["text"]))} if what else None,
        "reported_by": (resolved.get(rep["start"]) or rep["text"]) if rep else None,
        "where": list(dict.fromkeys(w["text"] for w in st["where"])),
        "quantities": [{"text": q["text"], "kind": q["kind"], "value": q["value"]} for q in st["quantities"]],
    }


def compare(exp: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """Per field: matched, missed and extra items (who, where, quantities) and right or wrong (what, reported_by)."""
    out: dict[str, Any] = {}
    for f in SET_FIELDS:
        e: Counter[Any]
        g: Counter[Any]
        if f == "quantities":
            e, g = Counter(map(_quantity_key, exp[f])), Counter(map(_quantity_key, got[f]))
        else:  # a name counts once however often it is named
            e, g = Counter({norm_name(n) for n in exp[f]}), Counter({norm_name(n) for n in got[f]})
        tp = sum((e & g).values())
        out[f] = {"tp": tp, "fn": sum(e.values()) - tp, "fp": sum(g.values()) - tp,
                  "missed": sorted(map(str, (e - g).elements())), "extra": sorted(map(str, (g - e).elements()))}
    w = got["what"]
    out["lemma"] = bool(w) and w["lemma"] == exp["what"]["lemma"]
    out["negated"] = bool(w) and w["negated"] == exp["what"]["negated"]
    out["reported_by"] = same_reporter(exp["reported_by"], got["reported_by"])
    return out


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision, recall and F1 (who, where, quantities) and accuracy (lemma, negated, reported_by) over compared items."""
    out: dict[str, Any] = {"n": len(rows)}
    for f in SET_FIELDS:
        tp, fp, fn = (sum(r[f][k] for r in rows) for k in ("tp", "fp", "fn"))
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        out[f] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4),
                  "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
    for f in ("lemma", "negated", "reported_by"):
        right = sum(bool(r[f]) for r in rows)
        out[f] = {"right": right, "accuracy": round(right / len(rows), 4) if rows else 0.0}
    return out


def _lemma(sentence: str, what: dict[str, Any] | None, base: int) -> str | None:
    """The lemma of the structure's predicate verb, read from a lemmatizing parse of its sentence."""
    if not what:
        return None
    from unspun.runtime import nlp

    doc = nlp.load(exclude=())(sentence.replace("’", "'"))  # the lemmatizer knows "'re", not "’re"
    lo, hi = what["start"] - base, what["end"] - base
    tok = next((t for t in doc if lo <= t.idx < hi and t.text == what["verb"].replace("’", "'")), None)
    return str(tok.lemma_).lower() if tok is not None else what["verb"].lower()


def evaluate(items: list[dict[str, Any]], data: Path) -> dict[str, Any]:
    import unspun
    from unspun.analyzers.checkworthy_claims.structure import structures

    docs: dict[str, Any] = {}
    rows, missing = [], []
    for it in items:
        if it["page"] not in docs:
            page = data / it["page"]
            if not page.is_file():
                raise errors.eval_data(str(page), "the page the gold points at is not there",
                                       "--data DIR holding readability/<name>/source.html and trafilatura/<name>.html")
            docs[it["page"]] = unspun.load(str(page))
        doc = docs[it["page"]]
        at = page_gold.locate(doc.text, it["offset"], it["phrase"])
        span = next((s for s in doc.sentences if at is not None and s.start <= at < s.end), None)
        if span is None:
            missing.append(it["where"])
            continue
        st = structures(doc, [span])[0]
        got = predicted(st, _lemma(doc.text[span.start : span.end], st["what"], span.start))
        rows.append({"line": it["where"], "file": it["file"], "expected": it["expected"], "got": got,
                     **compare(it["expected"], got), "note": it.get("note", "")})
    files = sorted({r["file"] for r in rows})
    return {
        **score(rows),
        "pages": len(docs),
        "by_file": {f: score([r for r in rows if r["file"] == f]) for f in files},
        "not_found": missing,
        "items": rows,
    }


def _lines(name: str, r: dict[str, Any]) -> list[str]:
    out = [f"{name}: {r['n']} claims"]
    for f in SET_FIELDS:
        s = r[f]
        out.append(f"  {f}: precision {s['precision']:.3f} recall {s['recall']:.3f} F1 {s['f1']:.3f} "
                   f"({s['tp']} right, {s['fp']} extra, {s['fn']} missed)")
    for f in ("lemma", "negated", "reported_by"):
        out.append(f"  {f}: accuracy {r[f]['accuracy']:.3f} ({r[f]['right']}/{r['n']})")
    return out


def run(a: argparse.Namespace) -> int:
    data = Path(a.data)
    if not data.is_dir():
        raise errors.eval_data(str(data), "not a folder", "--data DIR: the saved pages (../shared/data/real-news-pages)")
    r = evaluate(read_gold(Path(a.gold)), data)
    lines = _lines(f"structure on {a.gold} ({r['pages']} pages)", r)
    if len(r["by_file"]) > 1:
        for f, s in r["by_file"].items():
            lines += _lines(f, s)
    if r["not_found"]:
        lines.append(f"  sentence no longer found in the page: {', '.join(r['not_found'])}")
    return emit(r, a.json, lines)
