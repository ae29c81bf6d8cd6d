"""The ``recycled_content`` finding: the archive articles it names (and which is earliest), its
wording and data, and how it is set into a stored report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from unspun.archive import near_dupes as nd
from unspun.archive.copies import Pair
from unspun.document import Span
from unspun.findings import SEVERITY_RANK, Finding, Severity, quote

if TYPE_CHECKING:
    import sqlite3


#: The analyzer name and label of the finding.
FINDING = "recycled_content"
#: Matches listed in one finding's ``data`` at most; spans in one finding at most.
MAX_MATCHES = 20
MAX_SPANS = 40


# -- the dates that decide the earliest ------------------------------------------------------------------

def parse_when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return d if d.tzinfo is not None else d.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    """An archive article, as a match or cluster member shows it."""

    id: int
    ext_id: str | None
    url: str | None
    site: str | None
    headline: str
    published: str | None
    published_at: str | None
    first_seen: str

    def order(self) -> tuple[datetime, datetime, int]:
        """Earliest first: by publication date, else the date the archive first saw it; then first seen; then id."""
        seen = parse_when(self.first_seen) or datetime.max.replace(tzinfo=UTC)
        return (parse_when(self.published_at) or seen, seen, self.id)

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.id, "ext_id": self.ext_id, "url": self.url, "site": self.site,
                "headline": self.headline, "published": self.published_at or self.published,
                "first_seen": self.first_seen}


_ROW_SQL = "SELECT id, ext_id, url, site, headline, published, published_at, first_seen FROM articles"


def rows(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Row]:
    out: dict[int, Row] = {}
    ids = list(ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for r in conn.execute(f"{_ROW_SQL} WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            out[int(r[0])] = Row(int(r[0]), r[1], r[2], r[3], r[4] or "", r[5], r[6], r[7])
    return out


# -- the finding ---------------------------------------------------------------------------------------------

_WHAT = {"verbatim": "a verbatim copy", "near_copy": "a near copy", "paraphrase": "a reworded copy"}


def _measure(p: Pair) -> str:
    if p.relation == "paraphrase":
        return f"sentence-embedding similarity {p.similarity:.2f}, 5-word-shingle Jaccard {p.jaccard:.2f}"
    return f"5-word-shingle Jaccard {p.jaccard:.2f}"


def _describe(r: Row) -> str:
    bits = [b for b in (r.site, f"published {r.published_at[:10]}" if r.published_at else f"first seen {r.first_seen[:10]}",
                        f"archive article {r.id}") if b]
    return f"{quote(r.headline or '(no headline)', 70)} ({', '.join(bits)})"


def _spans(passages: Iterable[nd.Passage]) -> tuple[Span, ...]:
    spans = sorted({(p.a_start, p.a_end) for p in passages}, key=lambda s: (s[1] - s[0]), reverse=True)[:MAX_SPANS]
    return tuple(Span(s, e) for s, e in sorted(spans))


def _match_dict(row: Row, p: Pair) -> dict[str, Any]:
    return {**row.to_dict(), "relation": p.relation, "jaccard": round(p.jaccard, 4),
            "containment": round(p.containment, 4), "term_jaccard": round(p.term_jaccard, 4),
            "similarity": p.similarity, "passages": [q.to_dict() for q in p.passages[:MAX_SPANS]]}


def make_finding(*, role: str, matches: list[tuple[Row, Pair]], earliest: Row | None, cluster: dict[str, Any],
                 text_length: int) -> Finding:
    """The ``recycled_content`` finding of one article.

    ``role`` is ``copy`` (an earlier article has this text: ``matches[0]`` is the one it is measured
    against, the earliest) or ``earliest`` (this article is the earliest; ``matches`` are later ones).
    Spans are the shared passages in this article; ``data`` names the other articles and their spans.
    """
    n = len(matches)
    severity: Severity
    if role == "earliest":
        kinds: dict[str, int] = {}
        for _, p in matches:
            kinds[p.relation] = kinds.get(p.relation, 0) + 1
        what = ", ".join(f"{k} {_WHAT[r].split(' ', 1)[1]}{'s' if k > 1 else ''}" for r, k in sorted(kinds.items()))
        explanation = (f"{n} later article(s) in the archive carry this text ({what}); this is the earliest "
                       f"appearance the archive holds.")
        severity = "info"
        score = max(p.score for _, p in matches)
        spans = _spans(q for _, p in matches for q in p.passages)
    else:
        row, p = matches[0]
        others = f"; {cluster.get('size', n + 1) - 2} more article(s) in the archive share it" if cluster.get("size", 0) > 2 else ""
        explanation = (f"This text is {_WHAT[p.relation]} ({_measure(p)}) of an earlier article, "
                       f"{_describe(row)}{others}.")
        severity = "medium" if p.relation == "paraphrase" else "low"
        score = p.score
        spans = _spans(p.passages)
    spans = tuple(s for s in spans if s.end <= text_length)
    data = {"role": role, **cluster, "earliest": earliest.to_dict() if earliest else None,
            "matches": [_match_dict(r, p) for r, p in matches[:MAX_MATCHES]]}
    return Finding(FINDING, FINDING, severity, round(min(1.0, max(0.0, score)), 4), spans, explanation, data=data)


def set_finding(report: dict[str, Any], finding: dict[str, Any] | None, run: dict[str, Any] | None) -> dict[str, Any]:
    """A report dict with its ``recycled_content`` finding and analyzer entry replaced (or removed), and its
    summary counted again."""
    findings = [f for f in report.get("findings", []) if f.get("analyzer") != FINDING]
    analyzers = [a for a in report.get("analyzers", []) if a.get("name") != FINDING]
    if finding is not None:
        findings.append(finding)
    if run is not None:
        analyzers.append(run)
    counts = {sev: 0 for sev in ("high", "medium", "low", "info")}
    for f in findings:
        counts[f["severity"]] += 1
    top = max((f["severity"] for f in findings), key=lambda sv: SEVERITY_RANK[sv], default=None)
    summary = {k: v for k, v in report.get("summary", {}).items() if k != FINDING}
    summary.update({"findings": len(findings), "by_severity": counts, "max_severity": top,
                    "analyzers_run": sum(1 for a in analyzers if a["status"] == "ok"),
                    "analyzers_not_applicable": sum(1 for a in analyzers if a["status"] == "not_applicable"),
                    "analyzers_failed": sum(1 for a in analyzers if a["status"] == "error")})
    if run is not None and run.get("summary"):
        summary[FINDING] = run["summary"]
    return {**report, "summary": summary, "findings": findings, "analyzers": analyzers}
