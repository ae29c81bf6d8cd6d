"""``unspun check ARTICLE --db ARCHIVE``: each check-worthy claim's earlier fact-checks and reference passages.

The claims are the ``checkworthy_claims`` findings of the report. For each:

- **earlier fact-checks** (``fact_checks`` in the report): the archive's fact-checks are searched with
  :class:`unspun.archive.claims.ClaimIndex` (the code ``unspun eval claim-retrieval`` measures), and
  the best :data:`K` with a re-ranking score of at least :data:`MATCH_THRESHOLD` and a MiniLM cosine
  (claim to the fact-check's claim or title) of at least :data:`COSINE_FLOOR` are listed with their
  rating, publisher, date, link and score. The re-ranking score is relative to the shortlist (the only
  fact-check of a small archive always leads), hence the absolute floor. Both come from the CheckThat!
  2020 *training* tweets (``training/claim_match_threshold.py``, their out-of-fold query vectors): the floor
  is the 5th percentile of the right hits' cosine, the threshold the F1-best score above it (training:
  precision 0.687, recall 0.869 of "matches"; development tweets, scored once: 0.668 and 0.808). About one
  claim in three that nobody has checked still gets a "match" (often a fact-check of a near-identical claim),
  so the report shows both texts to compare. Tweets are not news sentences: on articles the figures may
  differ. The claim's vector for this search is its query vector (MiniLM with the ``claim_query`` adapter,
  :func:`unspun.archive.claims.query_vectors`); the passages are searched with its stock vector.
- **reference passages** (``reference_passages``): the archive's indexed articles are searched
  (:func:`unspun.archive.references.search`) and each of the best :data:`references.PER_CLAIM` passages
  (with the sentences around it) is read by the ``headline_support`` analyzer as if the claim were a
  headline and the passage its body: a contradiction it rates high (a named check quoting words on both
  sides, in a sentence about the same thing) -> ``contradicts``; a claim it finds backed by a passage that
  nearly restates it (MiniLM similarity of at least :data:`SUPPORT_SIMILARITY`) or that the NLI model reads
  as entailing it -> ``supports``; else ``related`` (a looser contradiction is named in its reading).
  Passages about the same topic say different things more often than not (a toll "doubled" and a toll
  "raised by ten percent" are close in MiniLM), so "supports" asks for a near restatement. These two
  thresholds are set by reasoning, not tuned: there are no judged claim-passage pairs here. Spans on both sides: into this article,
  and into the reference article's text (``headline + "\\n\\n" + body``, the archive's canonical text).
"""

from __future__ import annotations

import dataclasses
import math
import re
import time
from typing import TYPE_CHECKING, Any

from unspun.archive import references
from unspun.document import Document, Span
from unspun.findings import AnalyzerRun, Finding, ModelInfo, quote

if TYPE_CHECKING:
    import numpy as np

    from unspun.archive.claims import ClaimIndex
    from unspun.archive.passage_vectors import StaticEncoder
    from unspun.archive.store import Archive
    from unspun.report import Report

#: re-ranking score and MiniLM cosine from which a fact-check matches a claim (training queries; module docstring)
MATCH_THRESHOLD = 12.247
COSINE_FLOOR = 0.437
#: fact-checks listed per claim at most
K = 3
#: MiniLM cosine from which a claim and a passage are related at all (below: not listed), and from which a
#: passage the checks find nothing against nearly restates the claim (module docstring)
RELATED_SIMILARITY = 0.4
SUPPORT_SIMILARITY = 0.85
_FALSE = re.compile(r"\b(false|fake|pants on fire|incorrect|wrong|misleading|fabricated|hoax|scam|no evidence|"
                    r"unproven|baseless)\b", re.IGNORECASE)


def claim_spans(report: Report) -> list[Span]:
    return [f.spans[0] for f in report.findings_of("checkworthy_claims") if f.spans]


def rated_false(m: dict[str, Any]) -> bool:
    """Whether a fact-check's rating reads as false: its words, or its value at the worst end of its scale."""
    r = m["rating"]
    if r["label"] and _FALSE.search(r["label"]):
        return True
    v, best = r["value"], r["best"]
    worst = r["worst"] if r["worst"] is not None else 1.0  # schema.org's default worstRating
    return v is not None and best is not None and worst < best and v <= worst


def fact_check_matches(archive: Archive, texts: list[str], vecs: np.ndarray | None = None,
                       index: ClaimIndex | None = None) -> list[list[dict[str, Any]]]:
    """For each claim text, its matching fact-checks, best first (as :data:`K` dicts); ``vecs``: the claims'
    query vectors (:func:`unspun.archive.claims.query_vectors`, not the stock MiniLM ones) when the caller has
    them, ``index``: the archive's, loaded."""
    from unspun.archive.claims import ClaimIndex, query_vectors

    index = index or ClaimIndex.from_archive(archive.conn)
    if vecs is None:
        vecs = query_vectors(texts, index.reranker)
    out = []
    cols = ("id", "claim_reviewed", "title", "rating_label", "rating_value", "best_rating", "worst_rating", "url",
            "publisher", "publisher_url", "date_published", "claimant", "claim_date", "appearance_url")
    for text, v in zip(texts, vecs, strict=True):
        hits = [h for h in index.search(text, k=K, q_emb=v) if h.score >= MATCH_THRESHOLD and h.cosine >= COSINE_FLOOR]
        found = []
        for h in hits:
            row = dict(zip(cols, archive.conn.execute(f"SELECT {', '.join(cols)} FROM fact_checks WHERE id = ?",
                                                     (int(h.id),)).fetchone(), strict=True))
            found.append({
                "fact_check_id": row["id"], "claim_reviewed": row["claim_reviewed"], "title": row["title"],
                "rating": {"label": row["rating_label"], "value": row["rating_value"], "best": row["best_rating"],
                           "worst": row["worst_rating"]},
                "publisher": row["publisher"], "publisher_url": row["publisher_url"], "date": row["date_published"],
                "url": row["url"], "claimant": row["claimant"], "claim_date": row["claim_date"],
                "appearance_url": row["appearance_url"], "score": round(h.score, 4), "cosine": round(h.cosine, 4),
            })
        out.append(found)
    return out


def _rating_words(m: dict[str, Any]) -> str:
    r = m["rating"]
    if r["label"]:
        return f"rated it {quote(r['label'], 40)}"
    if r["value"] is not None:
        return f"rated it {r['value']:g}" + (f" on a scale to {r['best']:g}" if r["best"] is not None else "")
    return "gave no rating in the record"


def _fact_check_finding(span: Span, text: str, ms: list[dict[str, Any]]) -> Finding:
    best = ms[0]
    who = best["publisher"] or "a fact-checker"
    when = f" on {best['date']}" if best["date"] else ""
    link = f" ({best['url']})" if best["url"] else ""
    more = f" {len(ms) - 1} more fact-check(s) match too." if len(ms) > 1 else ""
    return Finding(
        analyzer="fact_checks", label="checked_before", severity="low" if rated_false(best) else "info",
        score=round(1.0 / (1.0 + math.exp(-best["score"])), 4), spans=(span,),
        explanation=(f"Checked before: {who}{when} reviewed the claim {quote(best['claim_reviewed'])} and "
                     f"{_rating_words(best)}{link}. Compare it with {quote(text)}: matching is approximate "
                     f"(score {best['score']:.2f}, similarity {best['cosine']:.2f}; a match from {MATCH_THRESHOLD} and "
                     f"{COSINE_FLOOR}).{more}"),
        data={"matches": ms},
    )


def _window(conn: Any, p: references.Passage, text: str) -> tuple[int, int]:
    row = conn.execute('SELECT min(start), max("end") FROM passages WHERE article_id = ? AND kind = \'sentence\' AND '
                       'ordinal BETWEEN (SELECT ordinal FROM passages WHERE id = ?) - 1 AND (SELECT ordinal FROM '
                       'passages WHERE id = ?) + 1', (p.article_id, p.id, p.id)).fetchone()
    return (int(row[0]), int(row[1])) if row and row[0] is not None else (p.start, p.end)


def judge(claim: str, ref_text: str, window: tuple[int, int]) -> dict[str, Any] | None:
    """What the passage ``ref_text[window]`` says about ``claim``: the headline-support reading, or None
    when the analyzer cannot read it (no claim words)."""
    from unspun.analyzers import NotApplicable
    from unspun.analyzers.headline_support.analyzer import HeadlineSupport

    ws, we = window
    doc = Document.from_parts(claim, ref_text[ws:we])
    try:
        fs = HeadlineSupport().analyse(doc).findings
    except NotApplicable:
        return None
    if not fs:
        return None
    sims = [float(f.data.get("similarity", 0.0)) for f in fs]
    labels = [f.label for f in fs]
    firm = [f for f in fs if f.label == "contradicted" and f.severity == "high"]
    if firm:
        verdict, why = "contradicts", firm[0]
    elif all(x == "supported" for x in labels) and any(
            f.data.get("basis") == "nli model" or float(f.data.get("similarity", 0.0)) >= SUPPORT_SIMILARITY
            for f in fs):
        verdict, why = "supports", fs[0]
    elif max(sims) >= RELATED_SIMILARITY:
        loose = [f for f in fs if f.label == "contradicted"]
        verdict, why = "related", loose[0] if loose else max(fs, key=lambda f: float(f.data.get("similarity", 0.0)))
    else:
        return None
    head = doc.headline_text == claim

    def ref_span(s: Span) -> dict[str, int] | None:
        piece = doc.text[s.start : s.end]
        at = ref_text.find(piece, ws)
        return {"start": at, "end": at + len(piece)} if at >= 0 else None

    return {
        "verdict": verdict, "similarity": round(max(sims), 4), "basis": why.data.get("basis"),
        "reading": why.explanation.replace("headline claim", "claim").replace("The body", "The reference"),
        "claim_spans": [{"start": s.start, "end": s.end} for s in why.spans] if head else [],
        "reference_spans": [x for x in (ref_span(s) for s in why.evidence) if x is not None],
        "checks": sorted({c["check"] for c in why.data.get("checks", [])}),
    }


def own_articles(archive: Archive, doc: Document) -> set[int]:
    """The archive's copies of this article itself (the same content or URL): never its own reference."""
    from unspun.archive.identity import content_hash

    return {int(r[0]) for r in archive.conn.execute(
        "SELECT id FROM articles WHERE content_hash = ? OR (url IS NOT NULL AND url = ?)",
        (content_hash(headline=doc.headline_text, body=doc.body_text), doc.metadata.url.value or ""))}


def reference_passages(archive: Archive, texts: list[str], exclude: list[set[int]],
                       enc: StaticEncoder | None = None) -> list[list[dict[str, Any]]]:
    """For each claim text, the judged reference passages (best first; unrelated ones left out), none from
    the claim's ``exclude`` articles."""
    from unspun.archive.passage_vectors import StaticEncoder

    conn = archive.conn
    enc = enc or StaticEncoder(conn, store=False, compute=False)  # a lookup writes nothing and stays fast
    total = int(conn.execute("SELECT count(*) FROM passages").fetchone()[0])
    out = []
    for text, mine in zip(texts, exclude, strict=True):
        found = []
        for p in references.search(conn, enc, text, exclude_articles=mine, total=total):
            a = conn.execute("SELECT headline, body, url, site, published, published_at FROM articles WHERE id = ?",
                             (p.article_id,)).fetchone()
            ref_text = f"{a[0]}\n\n{a[1]}" if a[1] else a[0]
            j = judge(text, ref_text, _window(conn, p, ref_text))
            if j is None:
                continue
            found.append({**j, "article_id": p.article_id, "passage_id": p.id, "headline": a[0], "url": a[2],
                          "site": a[3], "date": a[4] or a[5], "passage": {"start": p.start, "end": p.end, "text": p.text},
                          "bm25": p.bm25, "static_cosine": p.cosine})
        order = {"contradicts": 0, "supports": 1, "related": 2}
        out.append(sorted(found, key=lambda x: (order[x["verdict"]], -x["similarity"])))
    return out


def _reference_finding(doc: Document, span: Span, r: dict[str, Any]) -> Finding:
    src = r["site"] or r["url"] or f"archive article {r['article_id']}"
    when = f" ({r['date']})" if r["date"] else ""
    verb = {"contradicts": "contradicts", "supports": "backs"}[r["verdict"]]
    spans = tuple(Span(span.start + s["start"], span.start + s["end"]) for s in r["claim_spans"]) or (span,)
    return Finding(
        analyzer="reference_passages", label=r["verdict"], severity="low" if r["verdict"] == "contradicts" else "info",
        score=round(min(max(r["similarity"], 0.0), 1.0), 4), spans=spans,
        explanation=(f"A reference article, {src}{when}, {verb} the claim {quote(doc.span_text(span))}: "
                     f"{quote(r['passage']['text'], 160)}. {r['reading']}"),
        data=r,
    )


def attach(report: Report, archive: Archive, *, db: str = "") -> Report:
    """The report with its claims' fact-check matches and reference passages (findings and two analyzer runs)."""
    from unspun.runtime import embed

    doc = report.document
    spans = claim_spans(report)
    texts = [doc.span_text(s) for s in spans]
    n_fc = int(archive.conn.execute("SELECT count(*) FROM fact_checks").fetchone()[0])
    n_p = int(archive.conn.execute("SELECT count(*) FROM passages WHERE kind = 'sentence'").fetchone()[0])
    params = {"archive": db, "match_threshold": MATCH_THRESHOLD, "cosine_floor": COSINE_FLOOR, "per_claim": K}
    findings: list[Finding] = []
    runs: list[AnalyzerRun] = []
    cw = report.analyzer_run("checkworthy_claims")
    no_claims = ("the checkworthy_claims analyzer did not run (it is in the full profile: leave out --fast)"
                 if cw is None or cw.status != "ok"
                 else "the article has no check-worthy claim" if not spans else None)
    for name, total, empty_fix in (("fact_checks", n_fc, "'unspun archive import-claimreview FILE --db ARCHIVE' adds them"),
                                   ("reference_passages", n_p, "'unspun archive index --db ARCHIVE' indexes its articles")):
        if no_claims or not total:
            why = no_claims or f"the archive holds no {'fact-checks' if name == 'fact_checks' else 'indexed passages'}; {empty_fix}"
            runs.append(AnalyzerRun(name, "not_applicable", why, params))
            continue
        t0 = time.perf_counter()
        if name == "fact_checks":
            per = fact_check_matches(archive, texts)  # query vectors: the adapted MiniLM's, not the document's
            fs = [_fact_check_finding(s, t, ms) for s, t, ms in zip(spans, texts, per, strict=True) if ms]
            noun = "earlier fact-check"
        else:
            mine = own_articles(archive, doc)
            per = [[{k: v for k, v in r.items() if k != "passage_id"} for r in rs]  # the archive's row id: stored only
                   for rs in reference_passages(archive, texts, [mine] * len(texts))]
            fs = [_reference_finding(doc, s, r) for s, rs in zip(spans, per, strict=True) for r in rs
                  if r["verdict"] != "related"]
            noun = "reference passage"
        matched = sum(1 for ms in per if ms)
        if name == "fact_checks":
            line = f"{matched} of the {len(spans)} check-worthy claim(s) match an earlier fact-check among the archive's {total:,}."
        else:
            n_v = {v: sum(1 for rs in per for r in rs if r["verdict"] == v) for v in ("supports", "contradicts")}
            line = (f"{matched} of the {len(spans)} check-worthy claim(s) have related passages among the archive's "
                    f"{total:,}: {n_v['supports']} support(s), {n_v['contradicts']} contradiction(s).")
        if not matched:
            line = f"No {noun} in the archive ({total:,}) matches any of the {len(spans)} check-worthy claim(s)."
        summary = {"line": line, "searched": total, "matched_claims": matched,
                   "lookup_ms": round((time.perf_counter() - t0) * 1000, 1),
                   "claims": [{"span": s.to_dict(), "text": t, "matches": ms}
                              for s, t, ms in zip(spans, texts, per, strict=True)]}
        findings += fs
        if name == "fact_checks":
            from unspun.archive.claims import models_used

            used: tuple[ModelInfo, ...] = models_used()
        else:
            from unspun.analyzers.headline_support.analyzer import HeadlineSupport

            used = tuple(dict.fromkeys((embed.model_info(), *HeadlineSupport().models())))
        runs.append(AnalyzerRun(name, "ok", line, params, used, summary))
    return dataclasses.replace(report, findings=(*report.findings, *findings), analyzers=(*report.analyzers, *runs))
