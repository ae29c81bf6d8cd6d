"""Reference passages: the archive's articles (the user's trusted sources) as sentences to search for a claim.

:func:`index` splits articles into their body sentences (``passages`` of kind ``sentence``, searched by
the FTS5 ``passages_fts``) with a static vector each (:mod:`unspun.archive.passage_vectors`, ``embeddings``
of kind ``passage``), one transaction per :data:`CHUNK` articles; ``passage_index`` says which article was
indexed at which content, so a second run passes over what is unchanged.

:func:`search` finds a claim's passages: the :data:`SHORTLIST` best by BM25 over the claim's less common
content words (:func:`content_query`),
ordered by the cosine of the static vectors plus the relative BM25 score (:func:`_rank`); the
:data:`PER_CLAIM` best (at most one per article) are then judged by :mod:`unspun.archive.claim_report`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from unspun.archive.passage_vectors import KIND, MODEL, StaticEncoder
from unspun.archive.schema import now
from unspun.archive.store import fts_query

if TYPE_CHECKING:
    import sqlite3

    from unspun.archive.store import Archive

#: articles a transaction when indexing
CHUNK = 200
#: BM25 candidates re-ordered by vector cosine; passages judged per claim
SHORTLIST = 100
PER_CLAIM = 3
#: share of the passages above which a word is left out of a claim's query; words kept at most
COMMON = 0.01
MAX_TERMS = 12
#: sentences shorter than this many characters are not passages (datelines, "Read more.")
MIN_CHARS = 25


def _sentences(headline: str, body: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of an archived article's body sentences, into ``headline + "\\n\\n" + body``."""
    from unspun.text import segment

    text = f"{headline}\n\n{body}" if body else headline
    start = len(headline) + 2 if body else len(text)
    return [(s, e, text[s:e]) for ps, pe in segment.paragraphs(text, start, len(text))
            for s, e in segment.sentences(text, ps, pe) if e - s >= MIN_CHARS]


def index(archive: Archive, *, sites: list[str] | None = None, rebuild: bool = False,
          progress: Any = None) -> dict[str, Any]:
    """Index the passages of the articles not indexed at their current content (all with ``rebuild``)."""
    from unspun.archive import factchecks

    t0 = time.perf_counter()
    conn = archive.conn
    where = "" if rebuild else (" AND NOT EXISTS (SELECT 1 FROM passage_index p WHERE p.article_id = a.id AND "
                                "p.content_hash = a.content_hash AND p.model = ?)")
    args: list[Any] = [] if rebuild else [MODEL]
    if sites:
        where += f" AND a.site IN ({','.join('?' * len(sites))})"
        args += sites
    todo = [int(r[0]) for r in conn.execute(f"SELECT a.id FROM articles a WHERE 1 = 1{where} ORDER BY a.id", args)]
    enc = StaticEncoder(conn)
    n_passages = 0
    for i in range(0, len(todo), CHUNK):
        n_passages += _index_chunk(archive, enc, todo[i : i + CHUNK])
        if progress is not None:
            progress(min(i + CHUNK, len(todo)), len(todo))
    if todo:  # merge the FTS5 index into one segment: each query term seeks one b-tree (docs/claims.md, Speed)
        conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
    vectors = factchecks.embed_missing(archive)
    seconds = time.perf_counter() - t0
    return {"articles": len(todo), "passages": n_passages, "word_pieces_embedded": enc.computed,
            "fact_checks_embedded": vectors, "seconds": round(seconds, 3),
            "passages_per_second": round(n_passages / seconds, 1) if seconds > 0 and n_passages else None,
            "total_passages": int(conn.execute("SELECT count(*) FROM passages WHERE kind = 'sentence'").fetchone()[0])}


def _index_chunk(archive: Archive, enc: StaticEncoder, ids: list[int]) -> int:
    conn = archive.conn
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT id, content_hash, headline, body FROM articles WHERE id IN ({marks})", ids).fetchall()
    per = [(int(r[0]), str(r[1]), _sentences(r[2] or "", r[3] or "")) for r in rows]
    flat = [p for _, _, ps in per for p in ps]
    with archive._transaction():
        vecs = enc.encode([p[2] for p in flat])  # new word pieces' vectors go in this transaction too
        conn.execute(f"DELETE FROM embeddings WHERE kind = ? AND ref_id IN (SELECT id FROM passages WHERE kind = "
                     f"'sentence' AND article_id IN ({marks}))", (KIND, *ids))
        conn.execute(f"DELETE FROM passages WHERE kind = 'sentence' AND article_id IN ({marks})", ids)
        k = 0
        t = now()
        for aid, digest, ps in per:
            for ordinal, (s, e, text) in enumerate(ps):
                pid = int(conn.execute('INSERT INTO passages(article_id, kind, ordinal, start, "end", text) '
                                       "VALUES (?, 'sentence', ?, ?, ?, ?) RETURNING id",
                                       (aid, ordinal, s, e, text)).fetchone()[0])
                conn.execute("INSERT INTO embeddings(kind, ref_id, model, dim, dtype, vector) VALUES (?, ?, ?, 384, "
                             "'float16', ?)", (KIND, pid, MODEL, vecs[k].astype("<f2").tobytes()))
                k += 1
            conn.execute("INSERT INTO passage_index(article_id, content_hash, passages, model, indexed) VALUES "
                         "(?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET content_hash = excluded.content_hash, "
                         "passages = excluded.passages, model = excluded.model, indexed = excluded.indexed",
                         (aid, digest, len(ps), MODEL, t))
    return len(flat)


def summary_text(s: dict[str, Any]) -> str:
    rate = f" ({s['passages_per_second']:,} a second)" if s.get("passages_per_second") else ""
    return (f"indexed {s['passages']:,} passage(s) of {s['articles']:,} article(s) in {s['seconds']:.1f} s{rate}; "
            f"{s['total_passages']:,} in the archive"
            + (f"; vectors for {s['fact_checks_embedded']:,} fact-check(s)" if s.get("fact_checks_embedded") else "")
            + "\n")


@dataclass(frozen=True)
class Passage:
    id: int
    article_id: int
    start: int
    end: int
    text: str
    bm25: float
    cosine: float


def content_query(conn: sqlite3.Connection, text: str, total: int) -> str:
    """An FTS5 query for a claim: any of its content words found in at most :data:`COMMON` of the ``total``
    passages, the :data:`MAX_TERMS` rarest (when all are common: the 3 rarest). A common word ranks little
    and makes FTS5 score a large part of the table: at 100,000 passages the CheckThat! dev tweets' search
    takes 25 ms instead of 46 (median), and the top 20 of the whole query keeps 87% of its passages in the
    shortlist (``benchmarks/bench_claims.py``, docs/claims.md)."""
    words = fts_query(text, content=True).split(" OR ")
    df = sorted((int(conn.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?", (w,)).fetchone()[0]), w)
                for w in words if w)
    cap = max(50, int(COMMON * total))
    keep = [w for n, w in df if 0 < n <= cap][:MAX_TERMS] or [w for n, w in df if n][:3]
    return " OR ".join(keep)


def search(conn: sqlite3.Connection, enc: StaticEncoder, claim: str, *, exclude_articles: set[int] | None = None,
           k: int = PER_CLAIM, total: int | None = None) -> list[Passage]:
    """The ``k`` passages that best match ``claim``, at most one per article and one per wording, best first
    (``total``: the number of passages, when the caller knows it)."""
    if total is None:
        total = int(conn.execute("SELECT count(*) FROM passages").fetchone()[0])
    q = content_query(conn, claim, total)
    if not q:
        return []
    rows = conn.execute(
        'SELECT p.id, p.article_id, p.start, p."end", p.text, f.s FROM (SELECT rowid, -bm25(passages_fts) AS s '
        "FROM passages_fts WHERE passages_fts MATCH ? ORDER BY bm25(passages_fts) LIMIT ?) f "
        "JOIN passages p ON p.id = f.rowid WHERE p.kind = 'sentence' ORDER BY f.s DESC", (q, SHORTLIST)).fetchall()
    rows = [r for r in rows if not exclude_articles or int(r[1]) not in exclude_articles]
    if not rows:
        return []
    ids = [int(r[0]) for r in rows]
    vec = dict(conn.execute(f"SELECT ref_id, vector FROM embeddings WHERE kind = ? AND model = ? AND ref_id IN "
                            f"({','.join('?' * len(ids))})", (KIND, MODEL, *ids)).fetchall())
    q_vec = enc.encode([claim])[0]
    cos = [float(np.frombuffer(vec[i], dtype="<f2").astype(np.float32) @ q_vec) if i in vec else 0.0 for i in ids]
    top = max(float(r[5]) for r in rows) or 1.0
    order = _rank([float(r[5]) / top for r in rows], cos)
    out: list[Passage] = []
    seen: set[int] = set()
    said: set[str] = set()  # a sentence that several articles carry (wire copies) is listed once
    for i in order:
        r = rows[i]
        words = " ".join(str(r[4]).lower().split())
        if int(r[1]) in seen or words in said:
            continue
        seen.add(int(r[1]))
        said.add(words)
        out.append(Passage(int(r[0]), int(r[1]), int(r[2]), int(r[3]), str(r[4]), round(float(r[5]), 4),
                           round(cos[i], 4)))
        if len(out) >= k:
            break
    return out


#: weight of the relative BM25 score beside the static cosine in the shortlist's order: chosen on the
#: CheckThat! 2020 *training* tweets as a stand-in (claim -> the fact-check's claim and title, the only judged
#: retrieval set here): MAP@5 of the BM25 top 100 reordered 0.808 / 0.840 / 0.843 / 0.839 for weights
#: 0.25 / 0.5 / 1 / 2, BM25 order 0.835; the dev tweets, once: 0.795 against BM25's 0.786. The static vectors
#: alone rank poorly (dev MAP@5 0.246; MiniLM 0.782): they only reorder BM25's shortlist.
BM25_WEIGHT = 1.0


def _rank(bm25_rel: list[float], cos: list[float]) -> list[int]:
    """Shortlist order: static cosine plus :data:`BM25_WEIGHT` times the BM25 score relative to the best."""
    return sorted(range(len(cos)), key=lambda i: (-(cos[i] + BM25_WEIGHT * bm25_rel[i]), i))
