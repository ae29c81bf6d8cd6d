"""`unspun eval pages DIR GOLD`: extraction and finding quality on saved real web pages.

DIR holds saved pages in one of two layouts: ``readability/<name>/source.html``
(with an optional ``expected.html``, the article body a reader should get) and
``trafilatura/<name>.html``. DIR may be the folder above both, or one of them.
GOLD holds one judgment file per page, ``GOLD/<subdir>/<name>.json``::

    {"page": "readability/bbc-1/source.html", "kind": "news" | "not_news",
     "headline": "...", "body_first_words": "...", "body_last_words": "...",
     "findings": [{"analyzer", "label", "quote", "severity_seen",
                   "verdict": "right" | "wrong" | "debatable", "reason"}],
     "problems": [{"what", "analyzer"?, "label"?, "quote"?}],
     "extraction_notes": "..."}

Every page is checked with the full profile (``unspun.check(path)``). A finding
matches a judgment when analyzer, label and the normalised text of its first span
(whitespace collapsed, quotes straightened, case-folded; "" for a finding with no
span) are equal. Precision = right / (right + wrong), counted by the finding's
current severity; "debatable" is counted apart. A listed problem is covered when a
finding of the same analyzer (and label, if given) has a span overlapping the
problem's quote. ``--dump DIR`` writes, per page, the judgment file with every
not yet judged finding added with ``"verdict": null``, to help judging.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

from unspun import errors
from unspun.eval.quote_match import bounds_ok, key, locate, norm, token_f1

VERDICTS = ("right", "wrong", "debatable")
KINDS = ("news", "not_news")
SUBDIRS = ("readability", "trafilatura")
#: precision tiers: name -> the severities counted in it
TIERS: dict[str, tuple[str, ...]] = {
    "all": ("info", "low", "medium", "high"),
    "low_and_above": ("low", "medium", "high"),
    "medium_and_high": ("medium", "high"),
    "high": ("high",),
}
_EXPECTED = (
    "a folder of judgment files GOLD/<readability|trafilatura>/<page>.json, each a JSON object with "
    "page, kind (news|not_news), headline, body_first_words, body_last_words, findings "
    "[{analyzer, label, quote, verdict (right|wrong|debatable)}] and problems [{what, analyzer?, label?, quote?}]"
)


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="real web pages: headline and body extraction, finding precision and recall")
    p.add_argument("dir", metavar="DIR", help="saved pages: readability/<name>/source.html, trafilatura/<name>.html")
    p.add_argument("gold", metavar="GOLD", help="judgment files GOLD/<subdir>/<name>.json")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--page", action="append", default=None, metavar="SUBDIR/NAME",
                   help="evaluate only this page (repeatable), e.g. readability/bbc-1")
    p.add_argument("--dump", metavar="OUT", default=None,
                   help="write OUT/<subdir>/<name>.json: the judgments with unjudged findings added, verdict null")
    p.set_defaults(eval_func=run)


# --- data ---------------------------------------------------------------------------------------

def discover(folder: str) -> list[tuple[str, Path, Path | None]]:
    """(page key "<subdir>/<name>", html path, expected.html or None) for every saved page, sorted."""
    d = Path(folder)
    if not d.is_dir():
        raise errors.eval_data(folder, "not a folder", "a folder of saved pages (readability/<name>/source.html, "
                               "trafilatura/<name>.html) or the folder above them")
    roots = [(d / s, s) for s in SUBDIRS if (d / s).is_dir()] or [(d, d.name)]
    out: list[tuple[str, Path, Path | None]] = []
    for root, sub in roots:
        for src in sorted(root.glob("*/source.html")):
            exp = src.parent / "expected.html"
            out.append((f"{sub}/{src.parent.name}", src, exp if exp.is_file() else None))
        for src in sorted(root.glob("*.html")):
            out.append((f"{sub}/{src.stem}", src, None))
    if not out:
        raise errors.eval_data(folder, "no saved pages in it", "readability/<name>/source.html or trafilatura/<name>.html")
    return out


def _need(cond: bool, path: Path, detail: str) -> None:
    if not cond:
        raise errors.eval_data(str(path), detail, _EXPECTED)


def load_gold(folder: str) -> dict[str, dict[str, Any]]:
    """Judgment files by page key ("<subdir>/<name>"); every problem is an E130 error."""
    d = Path(folder)
    if not d.is_dir():
        raise errors.eval_data(folder, "not a folder", _EXPECTED)
    gold: dict[str, dict[str, Any]] = {}
    for path in sorted(d.glob("*/*.json")):
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise errors.eval_data(str(path), f"invalid JSON ({exc.msg}, line {exc.lineno})", _EXPECTED) from None
        except UnicodeDecodeError:
            raise errors.eval_data(str(path), "not UTF-8", _EXPECTED) from None
        _need(isinstance(obj, dict), path, "not a JSON object")
        _need(obj.get("kind") in KINDS, path, f"kind {obj.get('kind')!r}")
        for k in ("headline", "body_first_words", "body_last_words"):
            _need(isinstance(obj.get(k, ""), str), path, f"{k} is not a string")
        _need(isinstance(obj.get("findings"), list), path, "no findings list")
        _need(isinstance(obj.get("problems", []), list), path, "problems is not a list")
        for i, f in enumerate(obj["findings"]):
            _need(isinstance(f, dict) and all(isinstance(f.get(k), str) for k in ("analyzer", "label", "quote")),
                  path, f"finding {i} lacks analyzer, label or quote")
            _need(f.get("verdict") in (*VERDICTS, None), path, f"finding {i} has verdict {f.get('verdict')!r}")
        for i, p in enumerate(obj.get("problems", [])):
            _need(isinstance(p, dict) and isinstance(p.get("what"), str), path, f"problem {i} lacks what")
        gold[f"{path.parent.name}/{path.stem}"] = obj
    return gold


def expected_text(path: Path) -> str:
    import lxml.html

    root = lxml.html.fromstring(path.read_text(encoding="utf-8", errors="replace"))
    return " ".join(root.text_content().split())


# --- one page -----------------------------------------------------------------------------------

def record(page: str, report: Any, expected: str | None = None) -> dict[str, Any]:
    """What the eval needs from one report: headline, body and each finding's first-span quote."""
    doc = report.document
    text = doc.text
    fs = []
    for f in report.findings:
        spans = [(s.start, s.end) for s in f.spans]
        fs.append({"analyzer": f.analyzer, "label": f.label, "severity": f.severity,
                   "quote": text[spans[0][0]: spans[0][1]] if spans else "", "spans": spans,
                   "explanation": f.explanation})
    return {"page": page, "text": text, "headline": doc.headline_text, "body": doc.body_text,
            "findings": fs, "expected": expected}


def check_page(page: str, html: Path, expected: Path | None) -> dict[str, Any]:
    import unspun

    return record(page, unspun.check(str(html)), expected_text(expected) if expected else None)


# --- metrics ------------------------------------------------------------------------------------

def _counts() -> dict[str, Any]:
    return {"right": 0, "wrong": 0, "debatable": 0, "precision": None}


def _close(c: dict[str, Any]) -> dict[str, Any]:
    n = c["right"] + c["wrong"]
    c["precision"] = round(c["right"] / n, 4) if n else None
    return c


def covered(problem: dict[str, Any], rec: dict[str, Any]) -> bool:
    """A finding of the problem's analyzer (and label, if given) has a span overlapping its quote."""
    cands = [f for f in rec["findings"]
             if (not problem.get("analyzer") or f["analyzer"] == problem["analyzer"])
             and (not problem.get("label") or f["label"] == problem["label"])]
    q = problem.get("quote") or ""
    if not q:
        return bool(cands)
    at = locate(rec["text"], q)
    if at is None:
        return False
    s, e = at
    return any(a < e and s < b for f in cands for a, b in f["spans"])


def summarise(records: list[dict[str, Any]], gold: dict[str, dict[str, Any]]) -> dict[str, Any]:
    precision = {t: _counts() for t in TIERS}
    by_analyzer: dict[str, dict[str, Any]] = {}
    unjudged: list[dict[str, str]] = []
    n_problems = n_covered = 0
    missed: list[dict[str, str]] = []
    heads: list[bool] = []
    bounds: list[bool] = []
    f1s: list[float] = []
    per_page: list[dict[str, Any]] = []
    mh_news: list[int] = []
    stale = 0
    for rec in records:
        g = gold.get(rec["page"])
        row: dict[str, Any] = {"page": rec["page"], "judged": g is not None, "findings": len(rec["findings"])}
        if rec.get("expected") is not None:
            row["body_token_f1"] = round(token_f1(rec["body"], rec["expected"]), 4)
            f1s.append(row["body_token_f1"])
        if g is None:
            unjudged += [{"page": rec["page"], "analyzer": f["analyzer"], "label": f["label"], "quote": f["quote"]}
                         for f in rec["findings"]]
            row["unjudged"] = len(rec["findings"])
            per_page.append(row)
            continue
        if g.get("headline"):
            row["headline_exact"] = norm(rec["headline"]) == norm(g["headline"])
            heads.append(row["headline_exact"])
        if g.get("body_first_words") and g.get("body_last_words"):
            row["body_bounds"] = bounds_ok(rec["body"], g["body_first_words"], g["body_last_words"])
            bounds.append(row["body_bounds"])
        judged = {key(j["analyzer"], j["label"], j["quote"]): j["verdict"]
                  for j in g["findings"] if j.get("verdict") is not None}
        seen: set[tuple[str, str, str]] = set()
        n_un = 0
        row["shown"] = shown = []
        for f in rec["findings"]:
            k = key(f["analyzer"], f["label"], f["quote"])
            v = judged.get(k)
            shown.append({"analyzer": f["analyzer"], "label": f["label"], "severity": f["severity"],
                          "verdict": v, "quote": f["quote"][:120]})
            if v is None:
                n_un += 1
                unjudged.append({"page": rec["page"], "analyzer": f["analyzer"], "label": f["label"],
                                 "quote": f["quote"]})
                continue
            seen.add(k)
            for tier, sevs in TIERS.items():
                if f["severity"] in sevs:
                    precision[tier][v] += 1
            by_analyzer.setdefault(f["analyzer"], _counts())[v] += 1
        stale += sum(1 for k in judged if k not in seen)
        row["unjudged"] = n_un
        for p in g.get("problems", []):
            n_problems += 1
            if covered(p, rec):
                n_covered += 1
            else:
                missed.append({"page": rec["page"], "what": p["what"]})
        if g["kind"] == "news":
            mh_news.append(sum(1 for f in rec["findings"] if f["severity"] in ("medium", "high")))
        per_page.append(row)

    def share(xs: list[bool]) -> float | None:
        return round(sum(xs) / len(xs), 4) if xs else None

    return {
        "task": "pages",
        "pages": len(records),
        "judged_pages": sum(1 for r in records if r["page"] in gold),
        "headline_exact": share(heads),
        "body_token_f1": round(statistics.fmean(f1s), 4) if f1s else None,
        "body_bounds": share(bounds),
        "precision": {t: _close(c) for t, c in precision.items()},
        "by_analyzer": {a: _close(c) for a, c in sorted(by_analyzer.items())},
        "recall": {"problems": n_problems, "covered": n_covered,
                   "recall": round(n_covered / n_problems, 4) if n_problems else None, "missed": missed},
        "unjudged": len(unjudged),
        "unjudged_examples": unjudged[:20],
        "stale_judgments": stale,
        "findings_per_page": statistics.median(mh_news) if mh_news else None,
        "matching": "a finding matches a judgment when analyzer, label and the normalised text of its first span "
                    "are equal; precision = right / (right + wrong) by the finding's current severity",
        "per_page": per_page,
    }


def dump(records: list[dict[str, Any]], gold: dict[str, dict[str, Any]], out: str) -> int:
    """Write OUT/<subdir>/<name>.json: the page's judgments plus each unjudged finding with verdict null."""
    n = 0
    for rec in records:
        g = gold.get(rec["page"])
        if g is None:
            words = rec["body"].split()
            g = {"page": rec["page"], "kind": "news", "headline": rec["headline"],
                 "body_first_words": " ".join(words[:8]), "body_last_words": " ".join(words[-8:]),
                 "findings": [], "problems": [], "extraction_notes": ""}
        g = json.loads(json.dumps(g))
        have = {key(j["analyzer"], j["label"], j["quote"]) for j in g["findings"]}
        for f in rec["findings"]:
            k = key(f["analyzer"], f["label"], f["quote"])
            if k in have:
                continue
            have.add(k)
            n += 1
            g["findings"].append({"analyzer": f["analyzer"], "label": f["label"], "quote": f["quote"],
                                  "severity_seen": f["severity"], "verdict": None, "reason": ""})
        path = Path(out) / f"{rec['page']}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(g, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return n


def evaluate(folder: str, gold_dir: str, pages: list[str] | None = None, dump_to: str | None = None) -> dict[str, Any]:
    gold = load_gold(gold_dir)
    found = discover(folder)
    if pages:
        want = {p.removesuffix(".html").removesuffix("/source") for p in pages}
        found = [x for x in found if x[0] in want]
        if not found:
            raise errors.eval_data(folder, f"none of the pages {sorted(want)}", "pages named <subdir>/<name>")
    records = [check_page(*x) for x in found]
    result = summarise(records, gold)
    result["data"] = str(folder)
    result["gold"] = str(gold_dir)
    if dump_to:
        result["dumped_unjudged"] = dump(records, gold, dump_to)
    return result


def run(a: argparse.Namespace) -> int:
    from unspun.eval import emit

    r = evaluate(a.dir, a.gold, a.page, a.dump)

    def fmt(c: dict[str, Any]) -> str:
        p = "n/a" if c["precision"] is None else f"{c['precision']:.3f}"
        return f"{p}  ({c['right']} right, {c['wrong']} wrong, {c['debatable']} debatable)"

    def num(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    rec = r["recall"]
    lines = [
        f"pages on {r['data']}: {r['pages']} pages, {r['judged_pages']} judged in {r['gold']}",
        f"  headline exact      {num(r['headline_exact'])}",
        f"  body token F1       {num(r['body_token_f1'])}",
        f"  body bounds         {num(r['body_bounds'])}",
        "  precision by severity:",
        *[f"    {t:<16} {fmt(c)}" for t, c in r["precision"].items()],
        "  precision by analyzer:",
        *[f"    {a:<18} {fmt(c)}" for a, c in r["by_analyzer"].items()],
        f"  recall of problems  {num(rec['recall'])}  ({rec['covered']} of {rec['problems']})",
        f"  medium+high findings per news page (median)  {r['findings_per_page']}",
        f"  unjudged findings   {r['unjudged']};  judgments no finding matched  {r['stale_judgments']}",
        *[f"    {u['page']}: {u['analyzer']}/{u['label']} {u['quote'][:60]!r}" for u in r["unjudged_examples"]],
        f"  matching: {r['matching']}",
    ]
    if "dumped_unjudged" in r:
        lines.append(f"  wrote {r['dumped_unjudged']} unjudged finding(s) to {a.dump}")
    return emit(r, a.json, lines)
