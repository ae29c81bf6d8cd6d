"""Claims of archived articles (issue 18): written with their report, then looked up against the archive.

- :func:`rows` turns a report's ``checkworthy_claims`` findings into ``claims`` rows (rank, span, text,
  score, structure) with the claim's MiniLM vector, which the analyzer has already computed (the
  document keeps it: :meth:`unspun.document.Document.vectors`). A batch worker makes them; the batch
  process writes them with the report, in its one transaction (:meth:`Archive.add_result`), so a killed
  run never leaves a report without its claims, nor claims without their report.
- :func:`lookup` (``unspun archive claims``, or ``unspun batch --claims``) searches each claim of the
  articles' current reports against the archive's fact-checks and reference passages, as ``unspun check
  --db`` does (:mod:`unspun.archive.claim_report`: the same searches, thresholds and judging), and writes
  ``claim_matches`` and ``claim_passages``, one transaction per :data:`CHUNK` claims. A claim is looked up
  again when the archive has gained fact-checks or passages since (the highest ids it saw are kept), so a
  second run with nothing new does nothing; ``rebuild`` looks everything up again.

Claims of an archive made before this (reports with ``checkworthy_claims`` findings but no ``claims`` rows)
are read from the stored reports by the first :func:`lookup`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from unspun.archive.schema import now

if TYPE_CHECKING:
    import sqlite3

    from unspun.archive.store import Archive
    from unspun.report import Report

#: ``embeddings.kind`` of a claim's MiniLM vector (float32, the query vector of the fact-check search)
VECTORS = "claim"
#: claims a transaction when looking up
CHUNK = 50
_ANALYZER = "checkworthy_claims"


def rows(report: Report) -> tuple[tuple[Any, ...], ...]:
    """``(rank, start, end, text, score, structure JSON, vector bytes)`` of each check-worthy claim."""
    from unspun.archive.claims import QUERY_TOKENS

    fs = [f for f in report.findings_of(_ANALYZER) if f.spans]
    doc = report.document
    vecs = doc.vectors([f.spans[0] for f in fs], max_tokens=QUERY_TOKENS)  # the analyzer's, not computed again
    return tuple(
        (int(f.data.get("rank", i + 1)), f.spans[0].start, f.spans[0].end, doc.span_text(f.spans[0]),
         round(float(f.score), 4), json.dumps(f.data.get("structure"), ensure_ascii=False),
         v.astype("<f4").tobytes())
        for i, (f, v) in enumerate(zip(fs, vecs, strict=True))
    )


def rows_from_dict(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The same rows from a stored report (``Report.to_dict()``), without vectors (None)."""
    text = report["document"]["text"]
    out = []
    for i, f in enumerate(f for f in report["findings"] if f["analyzer"] == _ANALYZER and f["spans"]):
        s = f["spans"][0]
        out.append((int(f["data"].get("rank", i + 1)), s["start"], s["end"], text[s["start"]:s["end"]],
                    round(float(f["score"]), 4), json.dumps(f["data"].get("structure"), ensure_ascii=False), None))
    return out


def write(conn: sqlite3.Connection, report_id: int, article_id: int, claims: Any) -> None:
    """Insert a report's claims and their vectors (inside the caller's transaction)."""
    from unspun.archive.copies import embedding_model_name

    model = None
    for rank, start, end, text, score, structure, vec in claims:
        cid = int(conn.execute('INSERT INTO claims(report_id, article_id, ordinal, start, "end", text, score, structure) '
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                               (report_id, article_id, rank, start, end, text, score, structure)).fetchone()[0])
        if vec is not None:
            model = model or embedding_model_name()
            conn.execute("INSERT INTO embeddings(kind, ref_id, model, dim, dtype, vector) VALUES (?, ?, ?, 384, "
                         "'float32', ?)", (VECTORS, cid, model, vec))


@dataclass
class LookupSummary:
    claims: int = 0  # claims looked up
    read_from_reports: int = 0  # claims read from reports stored before claims were written
    embedded: int = 0  # claims whose vector had to be computed
    with_fact_checks: int = 0
    with_passages: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: {"supports": 0, "contradicts": 0, "related": 0})
    fact_checks: int = 0
    passages: int = 0
    stored: int = 0  # claims of the current reports
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"claims": self.claims, "read_from_reports": self.read_from_reports, "embedded": self.embedded,
                "with_fact_checks": self.with_fact_checks, "with_passages": self.with_passages,
                "verdicts": self.verdicts, "fact_checks": self.fact_checks, "passages": self.passages,
                "stored": self.stored,
                "seconds": round(self.seconds, 3),
                "ms_per_claim": round(1000 * self.seconds / self.claims, 1) if self.claims else None}

    def text(self) -> str:
        if not self.fact_checks and not self.passages:
            return (f"claims: {self.stored:,} stored, none looked up: the archive holds no fact-checks and no indexed "
                    "passages ('unspun archive import-claimreview FILE --db ARCHIVE' adds fact-checks, 'unspun archive "
                    "index --db ARCHIVE' indexes its articles as reference passages)\n")
        if not self.stored:
            return ("claims: the archive's current reports have no check-worthy claims (they come from 'unspun batch' "
                    "in the full profile: leave out --fast)\n")
        if not self.claims:
            return (f"claims: nothing to look up (every claim of the current reports was looked up against the "
                    f"archive's {self.fact_checks:,} fact-check(s) and {self.passages:,} passage(s))\n")
        v = self.verdicts
        return (f"claims: looked up {self.claims:,} in {self.seconds:.1f} s: {self.with_fact_checks:,} match an earlier "
                f"fact-check (of {self.fact_checks:,}), {self.with_passages:,} have reference passages (of "
                f"{self.passages:,}: {v['supports']} support(s), {v['contradicts']} contradiction(s), {v['related']} "
                f"related)\n")


def _backfill(archive: Archive) -> int:
    """Claims of current reports stored without them (an archive from before schema 5); how many."""
    from unspun.archive.store import decode_report

    conn = archive.conn
    todo = conn.execute(
        "SELECT r.id, r.article_id, r.encoding, r.report FROM current_reports r WHERE EXISTS (SELECT 1 FROM findings f "
        "WHERE f.report_id = r.id AND f.analyzer = ?) AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.report_id = r.id)",
        (_ANALYZER,)).fetchall()
    n = 0
    with archive._transaction():
        for rid, aid, enc, blob in todo:
            claims = rows_from_dict(decode_report(enc, blob))
            write(conn, int(rid), int(aid), claims)
            n += len(claims)
    return n


def lookup(archive: Archive, *, rebuild: bool = False, progress: Any = None) -> LookupSummary:
    """Look up the claims of the current reports that the archive has not seen with its present fact-checks
    and passages (all with ``rebuild``); write their matches (see the module's docstring)."""
    from unspun.archive import claim_report
    from unspun.archive.claims import ClaimIndex
    from unspun.archive.passage_vectors import StaticEncoder

    t0 = time.perf_counter()
    conn = archive.conn
    s = LookupSummary(read_from_reports=_backfill(archive))
    fc_max, p_max = (int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0])
                     for t in ("fact_checks", "passages"))
    s.fact_checks = int(conn.execute("SELECT count(*) FROM fact_checks").fetchone()[0])
    s.passages = int(conn.execute("SELECT count(*) FROM passages WHERE kind = 'sentence'").fetchone()[0])
    s.stored = int(conn.execute("SELECT count(*) FROM claims c JOIN current_reports r ON r.id = c.report_id").fetchone()[0])
    if not s.fact_checks and not s.passages:  # nothing to search: the claims stay as they are
        s.seconds = time.perf_counter() - t0
        return s
    stale = "" if rebuild else " AND (c.looked_up IS NULL OR c.fact_checks_seen < ? OR c.passages_seen < ?)"
    todo = conn.execute(f"SELECT c.id, c.article_id, c.text FROM claims c JOIN current_reports r ON r.id = c.report_id "
                        f"WHERE 1 = 1{stale} ORDER BY c.id", () if rebuild else (fc_max, p_max)).fetchall()
    index = ClaimIndex.from_archive(conn) if s.fact_checks and todo else None
    enc = StaticEncoder(conn, store=False, compute=False)
    for i in range(0, len(todo), CHUNK):
        chunk = todo[i : i + CHUNK]
        ids, texts = [int(r[0]) for r in chunk], [str(r[2]) for r in chunk]
        vecs = _vectors(archive, ids, texts, s)
        fcs = claim_report.fact_check_matches(archive, texts, vecs, index) if index else [[] for _ in ids]
        refs = (claim_report.reference_passages(archive, texts, [{int(r[1])} for r in chunk], enc) if s.passages
                else [[] for _ in ids])
        write_matches(archive, ids, fcs, refs, fc_max, p_max)
        s.claims += len(ids)
        s.with_fact_checks += sum(1 for m in fcs if m)
        s.with_passages += sum(1 for m in refs if m)
        for rs in refs:
            for r in rs:
                s.verdicts[r["verdict"]] += 1
        if progress is not None:
            progress(min(i + CHUNK, len(todo)), len(todo))
    s.seconds = time.perf_counter() - t0
    return s


def _vectors(archive: Archive, ids: list[int], texts: list[str], s: LookupSummary) -> np.ndarray:
    """The claims' stored query vectors (:func:`unspun.archive.claims.query_vectors`, ``embeddings.model``
    naming the adapter); those missing computed in one pass and stored (their own transaction)."""
    from unspun.archive.claims import query_model_name, query_vectors
    from unspun.runtime import embed

    model = query_model_name()
    got = dict(archive.conn.execute(
        f"SELECT ref_id, vector FROM embeddings WHERE kind = ? AND model = ? AND ref_id IN ({','.join('?' * len(ids))})",
        (VECTORS, model, *ids)).fetchall())
    out = np.zeros((len(ids), embed.DIM), dtype=np.float32)
    miss = [k for k, cid in enumerate(ids) if cid not in got]
    for k, cid in enumerate(ids):
        if cid in got:
            out[k] = np.frombuffer(got[cid], dtype="<f4")
    if miss:
        out[miss] = query_vectors([texts[k] for k in miss])
        s.embedded += len(miss)
        with archive._transaction():
            archive.conn.executemany("INSERT OR REPLACE INTO embeddings(kind, ref_id, model, dim, dtype, vector) VALUES "
                                     "(?, ?, ?, 384, 'float32', ?)",
                                     [(VECTORS, ids[k], model, out[k].astype("<f4").tobytes()) for k in miss])
    return out


def write_matches(archive: Archive, ids: list[int], fcs: list[list[dict[str, Any]]], refs: list[list[dict[str, Any]]],
                   fc_max: int, p_max: int) -> None:
    """Replace the chunk's matches and mark it looked up, in one transaction."""
    conn = archive.conn
    marks = ",".join("?" * len(ids))
    with archive._transaction():
        conn.execute(f"DELETE FROM claim_matches WHERE claim_id IN ({marks})", ids)
        conn.execute(f"DELETE FROM claim_passages WHERE claim_id IN ({marks})", ids)
        conn.executemany("INSERT INTO claim_matches(claim_id, fact_check_id, score, method, rank, cosine) "
                         "VALUES (?, ?, ?, 'rerank', ?, ?)",
                         [(cid, m["fact_check_id"], m["score"], k, m["cosine"])
                          for cid, ms in zip(ids, fcs, strict=True) for k, m in enumerate(ms, start=1)])
        detail = ("headline", "url", "site", "date", "basis", "reading", "claim_spans", "reference_spans", "checks")
        conn.executemany('INSERT INTO claim_passages(claim_id, rank, article_id, passage_id, start, "end", text, verdict, '
                         "similarity, bm25, static_cosine, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [(cid, k, r["article_id"], r["passage_id"], r["passage"]["start"], r["passage"]["end"],
                           r["passage"]["text"], r["verdict"], r["similarity"], r["bm25"], r["static_cosine"],
                           json.dumps({x: r.get(x) for x in detail}, ensure_ascii=False))
                          for cid, rs in zip(ids, refs, strict=True) for k, r in enumerate(rs, start=1)])
        conn.execute(f"UPDATE claims SET looked_up = ?, fact_checks_seen = ?, passages_seen = ? WHERE id IN ({marks})",
                     (now(), fc_max, p_max, *ids))
