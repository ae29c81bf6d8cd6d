"""Recycled content in an archive: near copies and reworded copies, clustered, earliest appearance first.

- ``unspun batch`` stores each article's signatures (:func:`signatures`, one per scheme of
  :mod:`unspun.archive.near_dupes`) with its LSH bands, in the transaction that writes its report.
- :func:`dedupe` (``unspun archive dedupe --db A``, or ``unspun batch ... --dedupe``) takes the articles
  whose signatures are newer than its last run, finds their candidates by band, confirms each pair
  (:func:`compare`), joins confirmed pairs into clusters, and writes the clusters and a
  ``recycled_content`` finding into the current report of every member, in one transaction.
- :func:`lookup` (``unspun check ARTICLE --db A``) finds an article's copies in the archive without
  adding it.

A pair is confirmed when the exact Jaccard of its 5-word shingles reaches ``copy_jaccard`` (or one
text's shingles are nearly all in the other: ``containment``), a **near copy** (**verbatim** when the
bodies' words are the same); or, for pairs that share fewer shingles but enough content words
(``paraphrase_terms``) or some shingles (``paraphrase_jaccard``), when the mean best-match cosine of
their sentences both ways (MiniLM) reaches ``paraphrase_similarity``: a **paraphrase**. The thresholds
and where they come from are in docs/archive.md ("Recycled content").
"""

from __future__ import annotations

import json
import logging
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from unspun.archive import near_dupes as nd
from unspun.archive.schema import now
from unspun.document import Document, Span
from unspun.findings import SEVERITY_RANK, AnalyzerRun, Finding, ModelInfo, Severity, quote

if TYPE_CHECKING:
    import sqlite3

    from unspun.archive.store import Archive
    from unspun.report import Report

log = logging.getLogger(__name__)

#: The analyzer name and label of the finding.
FINDING = "recycled_content"
#: ``meta`` keys: the last signature row :func:`dedupe` has seen, and the schemes' parameters.
WATERMARK = "recycled.signatures_seen"
SCHEMES_KEY = "recycled.schemes"
#: ``embeddings.kind`` of an article's body-sentence vectors (n x 384, float16, in sentence order).
SENTENCE_VECTORS = "article_sentences"
#: Sentences embedded per article at most (the rest of a very long article is not compared).
MAX_SENTENCES = 200
#: Matches listed in one finding's ``data`` at most; spans in one finding at most.
MAX_MATCHES = 20
MAX_SPANS = 40


@dataclass(frozen=True, kw_only=True)
class Params:
    """When two articles are the same text; tuned as a set on the eval collection's tune half
    (docs/archive.md, "How the thresholds were chosen"): change them together, never one alone."""

    copy_jaccard: float = 0.5  #: exact 5-word-shingle Jaccard of a near copy
    containment: float = 0.8  #: or this share of the shorter text's shingles in the longer ...
    min_shingles: int = 20  #: ... when the shorter has at least this many
    paraphrase_terms: float = 0.3  #: content-word Jaccard from which a pair is compared by embeddings
    paraphrase_jaccard: float = 0.25  #: or shingle Jaccard from which it is
    paraphrase_similarity: float = 0.9  #: mean best-match sentence cosine of a paraphrase
    sentence_match: float = 0.8  #: cosine from which two sentences count as a shared passage
    estimate_margin: float = 0.1  #: how far below ``paraphrase_terms`` a MinHash estimate may be (see worth_comparing)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- signatures ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Signature:
    scheme: nd.Scheme
    values: np.ndarray
    n_features: int

    @property
    def bands(self) -> list[bytes]:
        return nd.bands(self.values, self.scheme)


def signatures(body: str) -> list[Signature]:
    """An article body's signatures, one per scheme (:data:`near_dupes.SCHEMES`)."""
    tokens = nd.tokenize(body)
    out = []
    for scheme in nd.SCHEMES:
        feats = nd.features(tokens, scheme)
        out.append(Signature(scheme, nd.signature(feats, scheme), len(feats)))
    return out


def write_signatures(conn: sqlite3.Connection, article_id: int, sigs: list[Signature]) -> None:
    """Replace an article's signatures and bands (inside the caller's transaction).

    The signature rows are deleted and inserted again even when unchanged, with rowids above any
    :func:`dedupe` has seen: that tells it the article (or its report) is new since its last run.
    """
    t = now()
    conn.execute("DELETE FROM signatures WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM signature_bands WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM embeddings WHERE kind = ? AND ref_id = ?", (SENTENCE_VECTORS, article_id))
    # Rowids above both the table's and dedupe's watermark: SQLite would give a deleted top rowid again.
    top = int(conn.execute("SELECT max(coalesce((SELECT max(rowid) FROM signatures), 0), coalesce((SELECT CAST(value "
                           "AS INTEGER) FROM meta WHERE key = ?), 0))", (WATERMARK,)).fetchone()[0])
    for i, s in enumerate(sigs, start=1):
        conn.execute("INSERT INTO signatures(rowid, article_id, scheme, num_perm, seed, n_shingles, minhash, created) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (top + i, article_id, s.scheme.name, s.scheme.num_perm, s.scheme.seed, s.n_features,
                      nd.to_blob(s.values), t))
        conn.executemany("INSERT OR IGNORE INTO signature_bands(scheme, band, hash, article_id) VALUES (?, ?, ?, ?)",
                         [(s.scheme.name, i, h, article_id) for i, h in enumerate(s.bands)])


def scheme_description() -> str:
    return json.dumps({s.name: {"kind": s.kind, "num_perm": s.num_perm, "seed": s.seed, "bands": s.bands,
                                "rows": s.rows, "minhash": f"datasketch {nd.MINHASH_SCHEME}",
                                "shingle_words": nd.SHINGLE_WORDS if s.kind == "shingles" else None}
                       for s in nd.SCHEMES}, sort_keys=True)


# -- an article's material for comparing ----------------------------------------------------------------

@dataclass
class Material:
    """What comparing needs of one article: its canonical text, tokens, shingle and term sets, and (only when
    embeddings are needed) its body sentences."""

    article_id: int | None
    text: str
    body: Span
    tokens: nd.Tokens
    shingles: np.ndarray
    terms: np.ndarray
    body_words: tuple[str, ...]
    vectors: np.ndarray | None = None
    _sentences: tuple[Span, ...] | None = None

    @classmethod
    def of(cls, doc: Document, article_id: int | None = None) -> Material:
        tokens = nd.tokenize(doc.body_text, offset=doc.body.start)
        return cls(article_id, doc.text, doc.body, tokens, nd.features(tokens, nd.SHINGLES),
                   nd.features(tokens, nd.TERMS), tokens.words, None, doc.sentences[:MAX_SENTENCES])

    @classmethod
    def of_row(cls, article_id: int, headline: str, body: str) -> Material:
        """From an archive row, whose headline and body are canonical already: the text is built as
        ``Document.from_parts`` builds it, without segmenting it (sentences come when needed)."""
        headline, body = headline or "", body or ""
        text = f"{headline}\n\n{body}" if body else headline
        start = len(headline) + 2 if body else len(text)
        tokens = nd.tokenize(body, offset=start)
        return cls(article_id, text, Span(start, len(text)), tokens, nd.features(tokens, nd.SHINGLES),
                   nd.features(tokens, nd.TERMS), tokens.words)

    @property
    def sentences(self) -> tuple[Span, ...]:
        if self._sentences is None:
            from unspun.text import segment

            spans = [Span(s, e) for ps, pe in segment.paragraphs(self.text, self.body.start, self.body.end)
                     for s, e in segment.sentences(self.text, ps, pe)]
            self._sentences = tuple(spans[:MAX_SENTENCES])
        return self._sentences

    def sentence_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.sentences]


@lru_cache(maxsize=1)
def _embedding_model() -> ModelInfo:
    from unspun.runtime import embed

    return embed.model_info()


def embedding_model_name() -> str:
    m = _embedding_model()
    return f"{m.name} {m.version}"


class Vectors:
    """Sentence vectors of articles: from the archive's ``embeddings`` when stored, else computed (and kept
    to be stored by the caller, :meth:`pending`)."""

    #: sentences remembered within one run (copies share most of their sentences): about 60 MB at most
    MEMO = 40_000

    def __init__(self, conn: sqlite3.Connection | None, embedder: Callable[[list[str]], np.ndarray] | None = None) -> None:
        self.conn = conn
        self._embed = embedder
        self._new: dict[int, np.ndarray] = {}
        self._seen: dict[str, np.ndarray] = {}
        self.computed = 0  # articles embedded here
        self.sentences = 0  # sentences embedded here

    def embed(self, texts: list[str]) -> np.ndarray:
        if self._embed is None:
            from unspun.runtime.embed import embed

            self._embed = embed
        return self._embed(texts)

    def of(self, m: Material) -> np.ndarray:
        if m.vectors is not None:
            return m.vectors
        vec = None
        if m.article_id is not None and self.conn is not None:
            row = self.conn.execute("SELECT dim, vector FROM embeddings WHERE kind = ? AND ref_id = ? AND model = ?",
                                    (SENTENCE_VECTORS, m.article_id, embedding_model_name())).fetchone()
            if row is not None:
                v = np.frombuffer(row[1], dtype="<f2").astype(np.float32).reshape(-1, int(row[0]))
                if len(v) == len(m.sentences):
                    vec = v
        if vec is None:
            texts = m.sentence_texts()
            todo = list(dict.fromkeys(t for t in texts if t not in self._seen))
            if todo:
                for t, v in zip(todo, self.embed(todo), strict=True):
                    if len(self._seen) >= self.MEMO:
                        self._seen.pop(next(iter(self._seen)))
                    self._seen[t] = v
            vec = (np.stack([self._seen[t] for t in texts]) if texts and all(t in self._seen for t in texts)
                   else self.embed(texts) if texts else np.zeros((0, 384), dtype=np.float32))
            self.computed += 1
            self.sentences += len(todo)
            if m.article_id is not None:
                self._new[m.article_id] = vec
        m.vectors = vec
        return vec

    def pending(self) -> dict[int, np.ndarray]:
        out, self._new = self._new, {}
        return out


def store_vectors(conn: sqlite3.Connection, vectors: dict[int, np.ndarray]) -> None:
    name = embedding_model_name()
    conn.executemany(
        "INSERT INTO embeddings(kind, ref_id, model, dim, dtype, vector) VALUES (?, ?, ?, ?, 'float16', ?) "
        "ON CONFLICT(kind, ref_id, model) DO UPDATE SET dim = excluded.dim, dtype = excluded.dtype, "
        "vector = excluded.vector",
        [(SENTENCE_VECTORS, aid, name, int(v.shape[1]) if v.ndim == 2 and len(v) else 384, v.astype("<f2").tobytes())
         for aid, v in vectors.items()])


# -- comparing two articles -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Pair:
    """How two articles relate: ``relation`` (verbatim, near_copy, paraphrase), the measures, and the
    shared passages (spans into ``a``'s and ``b``'s canonical texts)."""

    relation: str
    jaccard: float
    containment: float
    term_jaccard: float
    similarity: float | None
    passages: tuple[nd.Passage, ...]

    def flipped(self) -> Pair:
        return Pair(self.relation, self.jaccard, self.containment, self.term_jaccard, self.similarity,
                    tuple(nd.Passage(p.b_start, p.b_end, p.a_start, p.a_end, p.words) for p in self.passages))

    @property
    def score(self) -> float:
        return self.similarity if self.relation == "paraphrase" and self.similarity is not None else self.jaccard


def compare(a: Material, b: Material, params: Params, vectors: Vectors | None) -> Pair | None:
    """The pair's relation, or None when they are not copies (see the module's docstring); with no
    ``vectors``, near copies only (no paraphrase is looked for)."""
    j = nd.jaccard(a.shingles, b.shingles)
    small, large = (a.shingles, b.shingles) if len(a.shingles) <= len(b.shingles) else (b.shingles, a.shingles)
    c = nd.containment(small, large) if len(small) >= params.min_shingles else 0.0
    tj = nd.jaccard(a.terms, b.terms)
    if j >= params.copy_jaccard or c >= params.containment:
        relation = "verbatim" if a.body_words == b.body_words else "near_copy"
        passages = nd.shared_passages(a.tokens, b.tokens)
        return Pair(relation, j, c, tj, None, tuple(passages))
    if vectors is None or (tj < params.paraphrase_terms and j < params.paraphrase_jaccard):
        return None
    va, vb = vectors.of(a), vectors.of(b)
    sim, best, cos = nd.sentence_matches(va, vb)
    if sim < params.paraphrase_similarity:
        return None
    passages = [nd.Passage(a.sentences[i].start, a.sentences[i].end, b.sentences[int(best[i])].start,
                           b.sentences[int(best[i])].end, len(a.text[a.sentences[i].start:a.sentences[i].end].split()))
                for i in range(len(va)) if cos[i] >= params.sentence_match]
    return Pair("paraphrase", j, c, tj, round(sim, 4), tuple(passages))


# -- candidates by band ---------------------------------------------------------------------------------

def band_candidates(conn: sqlite3.Connection, sigs: Iterable[Signature], exclude: int | None = None) -> set[int]:
    """Articles sharing at least one LSH band with any of ``sigs`` (one index seek per band)."""
    out: set[int] = set()
    for s in sigs:
        bands = s.bands
        marks = ",".join("(?, ?)" for _ in bands)
        args: list[Any] = []
        for i, h in enumerate(bands):
            args += [i, h]
        # CROSS JOIN keeps the bands as the outer loop: one primary-key seek each (a row-value IN would
        # only use the scheme prefix of the key, a scan of the scheme's rows).
        rows = conn.execute(f"WITH q(band, hash) AS (VALUES {marks}) SELECT b.article_id FROM q CROSS JOIN "
                            "signature_bands b WHERE b.scheme = ? AND b.band = q.band AND b.hash = q.hash",
                            [*args, s.scheme.name]).fetchall()
        out.update(int(r[0]) for r in rows)
    out.discard(exclude if exclude is not None else -1)
    return out


def stored_signatures(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[str, np.ndarray]]:
    out: dict[int, dict[str, np.ndarray]] = {}
    ids = list(ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for aid, scheme, blob in conn.execute(
                f"SELECT article_id, scheme, minhash FROM signatures WHERE article_id IN ({marks})", chunk):
            out.setdefault(int(aid), {})[scheme] = nd.from_blob(blob)
    return out


def worth_comparing(mine: dict[str, np.ndarray], theirs: dict[str, np.ndarray], params: Params) -> bool:
    """The MinHash estimates leave the pair a chance to be confirmed.

    The estimate's standard error at 128 permutations is 0.027 at J = 0.1 and 0.041 at J = 0.3, so the
    bars sit 2 to 2.5 standard errors below the exact ones: half of ``paraphrase_jaccard`` for the
    shingles, ``paraphrase_terms - estimate_margin`` for the terms.
    """
    a, b = mine.get(nd.SHINGLES.name), theirs.get(nd.SHINGLES.name)
    if a is not None and b is not None and nd.estimated_jaccard(a, b) >= params.paraphrase_jaccard / 2:
        return True
    ta, tb = mine.get(nd.TERMS.name), theirs.get(nd.TERMS.name)
    return ta is not None and tb is not None and nd.estimated_jaccard(ta, tb) >= params.paraphrase_terms - params.estimate_margin


# -- the dates that decide the earliest ------------------------------------------------------------------

def _when(value: str | None) -> datetime | None:
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
        seen = _when(self.first_seen) or datetime.max.replace(tzinfo=UTC)
        return (_when(self.published_at) or seen, seen, self.id)

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


class Materials:
    """Articles' material, read from the archive when first needed (a bounded cache)."""

    def __init__(self, conn: sqlite3.Connection, size: int = 4096) -> None:
        self.conn = conn
        self.size = size
        self._cache: dict[int, Material] = {}

    def get(self, article_id: int) -> Material | None:
        m = self._cache.get(article_id)
        if m is None:
            row = self.conn.execute("SELECT headline, body FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return None
            m = Material.of_row(article_id, row[0], row[1])
            if len(self._cache) >= self.size:
                self._cache.pop(next(iter(self._cache)))
            self._cache[article_id] = m
        return m


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


# -- check --db: lookup ------------------------------------------------------------------------------------

@dataclass
class Lookup:
    matches: list[tuple[Row, Pair]]
    candidates: int
    articles: int
    seconds: float
    embedded: bool


def lookup(archive: Archive, doc: Document, params: Params | None = None,
           vectors: Vectors | None = None, *, paraphrases: bool = True) -> Lookup:
    """The archive's articles that ``doc`` copies or that copy it (best first); the archive is not changed.
    ``paraphrases=False`` looks for near copies only (no sentence is embedded)."""
    t0 = time.perf_counter()
    params = params or Params()
    conn = archive.conn
    vectors = vectors or Vectors(conn)
    me = Material.of(doc)
    sigs = [Signature(sc, nd.signature(feats, sc), len(feats)) for sc, feats in ((nd.SHINGLES, me.shingles),
                                                                                 (nd.TERMS, me.terms))]
    ids = band_candidates(conn, sigs)
    mine = {s.scheme.name: s.values for s in sigs}
    stored = stored_signatures(conn, ids)
    keep = [i for i in sorted(ids) if worth_comparing(mine, stored.get(i, {}), params)]
    mats = Materials(conn)
    found: list[tuple[int, Pair]] = []
    for aid in keep:
        other = mats.get(aid)
        if other is None:
            continue
        p = compare(me, other, params, vectors if paraphrases else None)
        if p is not None:
            found.append((aid, p))
    info = rows(conn, [a for a, _ in found])
    matches = [(info[a], p) for a, p in found if a in info]
    matches.sort(key=lambda m: (-m[1].score, m[0].order()))
    seconds = time.perf_counter() - t0
    n = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    return Lookup(matches, len(ids), n, seconds, vectors.computed > 0)


def attach(report: Report, found: Lookup, params: Params | None = None, archive: str = "") -> Report:
    """The report with the lookup's ``recycled_content`` finding (when any) and analyzer entry added."""
    import dataclasses

    params = params or Params()
    doc = report.document
    run_params = {"archive": archive, **params.to_dict()}
    models = (_embedding_model(),) if found.embedded else ()
    if not found.matches:
        run = AnalyzerRun(FINDING, "ok", f"no copy among the archive's {found.articles:,} article(s)", run_params, models,
                          {"matches": 0, "candidates": found.candidates, "lookup_ms": round(found.seconds * 1000, 1)})
        return dataclasses.replace(report, analyzers=(*report.analyzers, run))
    ordered = sorted(found.matches, key=lambda m: m[0].order())
    earliest = ordered[0][0]
    mine = _when(doc.metadata.published.value)
    first = mine is not None and mine < earliest.order()[0]
    cluster = {"size": len(found.matches) + 1}
    if first:
        f = make_finding(role="earliest", matches=found.matches, earliest=None, cluster=cluster, text_length=len(doc.text))
    else:
        best_of_earliest = next(m for m in found.matches if m[0].id == earliest.id)
        rest = [m for m in found.matches if m[0].id != earliest.id]
        f = make_finding(role="copy", matches=[best_of_earliest, *rest], earliest=earliest, cluster=cluster,
                         text_length=len(doc.text))
    run = AnalyzerRun(FINDING, "ok", f"{len(found.matches)} copy or copies in the archive", run_params, models,
                      {"matches": len(found.matches), "candidates": found.candidates,
                       "lookup_ms": round(found.seconds * 1000, 1)})
    return dataclasses.replace(report, findings=(*report.findings, f), analyzers=(*report.analyzers, run))


# -- dedupe ----------------------------------------------------------------------------------------------

@dataclass
class Summary:
    articles: int = 0  # articles with signatures in the archive
    new: int = 0  # articles looked at this run (new or changed since the last)
    backfilled: int = 0  # articles that had no signature (written by an older unspun) and got one
    candidates: int = 0  # candidate pairs from the bands
    compared: int = 0  # pairs compared exactly (after the MinHash estimates)
    confirmed: dict[str, int] = field(default_factory=dict)  # pairs by relation
    embedded: int = 0  # articles whose sentences were embedded this run
    clusters: int = 0  # clusters written this run
    members: int = 0
    removed: int = 0  # clusters dissolved or replaced
    reports: int = 0  # reports given (or relieved of) a recycled_content finding
    total_clusters: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of this process (all its threads: BLAS included)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["seconds"] = round(self.seconds, 3)
        d["cpu_seconds"] = round(self.cpu_seconds, 3)
        d["articles_per_second"] = round(self.new / self.seconds, 1) if self.seconds > 0 else None
        return d

    def text(self) -> str:
        conf = ", ".join(f"{v} {k}" for k, v in sorted(self.confirmed.items())) or "none"
        return (f"looked at {self.new:,} new or changed article(s) of {self.articles:,}"
                + (f" ({self.backfilled:,} given signatures)" if self.backfilled else "")
                + f"; {self.candidates:,} candidate pair(s), {self.compared:,} compared, confirmed: {conf}\n"
                f"wrote {self.clusters:,} cluster(s) with {self.members:,} member(s) (replacing {self.removed:,}); "
                f"{self.reports:,} report(s) updated; {self.total_clusters:,} cluster(s) in the archive; "
                f"{self.seconds:.1f} s\n")


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        p = self.parent.setdefault(x, x)
        while p != self.parent[p]:
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        self.parent[x] = p
        return p

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return [sorted(v) for v in out.values()]


def backfill(archive: Archive) -> int:
    """Give signatures to the articles that have none (archived by an unspun before signatures)."""
    conn = archive.conn
    todo = [int(r[0]) for r in conn.execute(
        "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.article_id = a.id "
        "AND s.scheme = ?) ORDER BY a.id", (nd.SHINGLES.name,))]
    for i in range(0, len(todo), 500):
        chunk = todo[i : i + 500]
        bodies = conn.execute(f"SELECT id, body FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        computed = [(int(aid), signatures(body or "")) for aid, body in bodies]
        with archive._transaction():
            for aid, sigs in computed:
                write_signatures(conn, aid, sigs)
    return len(todo)


def dedupe(archive: Archive, *, rebuild: bool = False, params: Params | None = None,
           vectors: Vectors | None = None, progress: bool = False) -> Summary:
    """Cluster the archive's copies, incrementally (see the module docstring); ``rebuild`` starts over."""
    t0, c0 = time.perf_counter(), time.process_time()
    params = params or Params()
    conn = archive.conn
    s = Summary()
    s.backfilled = backfill(archive)
    meta = archive.meta()
    if meta.get(SCHEMES_KEY) not in (None, scheme_description()):
        rebuild = True  # signatures of other parameters: every pair is looked at again
    seen = 0 if rebuild else int(meta.get(WATERMARK, "0"))
    top = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM signatures").fetchone()[0])
    new = {int(r[0]) for r in conn.execute("SELECT DISTINCT article_id FROM signatures WHERE rowid > ?", (seen,))}
    s.articles = int(conn.execute("SELECT count(*) FROM signatures WHERE scheme = ?", (nd.SHINGLES.name,)).fetchone()[0])
    member_of: dict[int, int] = {int(a): int(c) for a, c in conn.execute("SELECT article_id, cluster_id FROM cluster_members")}
    clusters: dict[int, list[int]] = {}
    for a, c in member_of.items():
        clusters.setdefault(c, []).append(a)
    # A cluster with a new or changed member is looked at again whole (the change may split it).
    touched = set() if rebuild else {member_of[a] for a in new if a in member_of}
    if rebuild:
        touched = set(clusters)
    for c in touched:
        new.update(clusters[c])
    s.new = len(new)
    vectors = vectors or Vectors(conn)
    mats = Materials(conn)
    union = _Union()
    for c, members in clusters.items():
        if c in touched:
            continue
        for m in members:
            union.union(members[0], m)
    edges: dict[tuple[int, int], Pair] = {}
    sig_cache: dict[int, dict[str, np.ndarray]] = {}
    order = sorted(new)
    bar = _bar(len(order), progress)
    for aid in order:
        mine = sig_cache.get(aid) or stored_signatures(conn, [aid]).get(aid, {})
        sig_cache[aid] = mine
        sigs = [Signature(sc, mine[sc.name], 0) for sc in nd.SCHEMES if sc.name in mine]
        cands = band_candidates(conn, sigs, exclude=aid)
        cands = {c for c in cands if not (c in new and c < aid)}  # each pair of new articles once
        s.candidates += len(cands)
        missing = [c for c in cands if c not in sig_cache]
        sig_cache.update(stored_signatures(conn, missing))
        for c in sorted(cands):
            if not worth_comparing(mine, sig_cache.get(c, {}), params):
                continue
            ma, mb = mats.get(aid), mats.get(c)
            if ma is None or mb is None:
                continue
            s.compared += 1
            p = compare(ma, mb, params, vectors)
            if p is None:
                continue
            edges[(aid, c)] = p
            s.confirmed[p.relation] = s.confirmed.get(p.relation, 0) + 1
            union.union(aid, c)
        if len(sig_cache) > 50_000:
            sig_cache.clear()
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    groups = [g for g in union.groups() if len(g) > 1 and any(x in new for x in g)]
    # Old clusters that the new groups replace: those touched, and those merged into a new group.
    replaced = set(touched) | {member_of[x] for g in groups for x in g if x in member_of}
    for key, p in _old_edges(conn, replaced - touched).items():  # merged, unchanged clusters keep their pairs
        edges.setdefault(key, p)
    with archive._transaction():
        affected: set[int] = set()
        for c in replaced:
            affected.update(clusters.get(c, []))
            conn.execute("DELETE FROM clusters WHERE id = ?", (c,))
        s.removed = len(replaced)
        written: dict[int, tuple[int, dict[str, Any]]] = {}
        for g in sorted(groups):
            cid, info = _write_cluster(conn, g, edges, mats, vectors, params)
            s.clusters += 1
            s.members += len(g)
            for x in g:
                written[x] = (cid, info)
            affected.update(g)
        store_vectors(conn, vectors.pending())
        s.embedded = vectors.computed
        s.reports = _update_reports(conn, affected, written, params)
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (WATERMARK, str(top)))
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (SCHEMES_KEY, scheme_description()))
    s.total_clusters = int(conn.execute("SELECT count(*) FROM clusters").fetchone()[0])
    s.seconds = time.perf_counter() - t0
    s.cpu_seconds = time.process_time() - c0
    return s


def _old_edges(conn: sqlite3.Connection, cluster_ids: set[int]) -> dict[tuple[int, int], Pair]:
    """The confirmed pairs stored with the members of these clusters (member, the article it was measured with)."""
    out: dict[tuple[int, int], Pair] = {}
    for cid in cluster_ids:
        for aid, rel, j, sim, spans in conn.execute(
                "SELECT article_id, relation, jaccard, similarity, spans FROM cluster_members WHERE cluster_id = ? "
                "AND relation != 'earliest'", (cid,)):
            d = json.loads(spans or "{}")
            other = d.get("with")
            if other is None:
                continue
            passages = tuple(nd.Passage(q["start"], q["end"], q["other_start"], q["other_end"], q.get("words", 0))
                             for q in d.get("passages", []))
            out[(int(aid), int(other))] = Pair(rel, float(j or 0.0), 0.0, 0.0, sim, passages)
    return out


def _bar(total: int, show: bool) -> Any:
    if not show:
        return None
    import sys

    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True, desc="unspun dedupe")


def _pair(edges: dict[tuple[int, int], Pair], a: int, b: int) -> Pair | None:
    p = edges.get((a, b))
    if p is not None:
        return p
    q = edges.get((b, a))
    return q.flipped() if q is not None else None


def _write_cluster(conn: sqlite3.Connection, members: list[int], edges: dict[tuple[int, int], Pair],
                   mats: Materials, vectors: Vectors, params: Params) -> tuple[int, dict[str, Any]]:
    """Insert one cluster and its members; each member measured against the earliest (directly when the
    pair is confirmed, else through its strongest confirmed neighbour: ``via``)."""
    info = rows(conn, members)
    ordered = sorted(members, key=lambda x: info[x].order())
    first = ordered[0]
    relations: dict[int, tuple[Pair, int | None]] = {}
    for x in ordered[1:]:
        p = _pair(edges, x, first)
        if p is None:
            a, b = mats.get(x), mats.get(first)
            p = compare(a, b, params, vectors) if a is not None and b is not None else None
        if p is not None:
            relations[x] = (p, None)
            continue
        linked = [(y, q) for y in members if y != x and (q := _pair(edges, x, y)) is not None]
        if not linked:  # cannot happen (every member joined through a pair); measured against the earliest
            linked = [(first, Pair("near_copy", 0.0, 0.0, 0.0, None, ()))]
        best = max(linked, key=lambda yq: yq[1].score)
        relations[x] = (best[1], best[0])
    kinds = {p.relation for p, _ in relations.values()}
    method = "embedding" if kinds == {"paraphrase"} else ("minhash+embedding" if "paraphrase" in kinds else "minhash")
    cid = int(conn.execute("INSERT INTO clusters(method, earliest_article_id, size, created) VALUES (?, ?, ?, ?) "
                           "RETURNING id", (method, first, len(members), now())).fetchone()[0])
    conn.execute("INSERT INTO cluster_members(cluster_id, article_id, relation, jaccard, similarity, spans) "
                 "VALUES (?, ?, 'earliest', NULL, NULL, NULL)", (cid, first))
    for x in ordered[1:]:
        p, via = relations[x]
        spans = {"with": via if via is not None else first, "passages": [q.to_dict() for q in p.passages]}
        conn.execute("INSERT INTO cluster_members(cluster_id, article_id, relation, jaccard, similarity, spans) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (cid, x, p.relation, round(p.jaccard, 4), p.similarity,
                                                   json.dumps(spans, separators=(",", ":"))))
    return cid, {"cluster_id": cid, "size": len(members), "method": method, "earliest_id": first,
                 "order": ordered, "relations": relations, "rows": info}


def _update_reports(conn: sqlite3.Connection, affected: set[int], written: dict[int, tuple[int, dict[str, Any]]],
                    params: Params) -> int:
    """Put the ``recycled_content`` finding in the current report of every member written; take it out of
    the reports of articles no longer in a cluster."""
    from unspun.archive.store import decode_report
    from unspun.archive.worker import REPORT_ENCODING

    n = 0
    for aid in sorted(affected):
        row = conn.execute("SELECT id, encoding, report FROM current_reports WHERE article_id = ?", (aid,)).fetchone()
        if row is None:
            continue  # an article stored without a report (the eval's collection, say)
        report_id, encoding, blob = int(row[0]), row[1], row[2]
        report = decode_report(encoding, blob)
        had = any(f.get("analyzer") == FINDING for f in report.get("findings", []))
        finding = run = None
        if aid in written:
            cid, info = written[aid]
            finding, run = _cluster_finding(aid, info, len(report["document"]["text"]), params)
        if finding is None and not had:
            continue
        report = set_finding(report, finding, run)
        conn.execute("UPDATE reports SET encoding = ?, report = ?, max_severity = ?, n_findings = ? WHERE id = ?",
                     (REPORT_ENCODING, zlib.compress(json.dumps(report, ensure_ascii=False, separators=(",", ":")).encode(), 6),
                      report["summary"]["max_severity"], len(report["findings"]), report_id))
        conn.execute("DELETE FROM findings WHERE report_id = ? AND analyzer = ?", (report_id, FINDING))
        if finding is not None:
            ordinal = len(report["findings"]) - 1
            spans = finding["spans"]
            conn.execute('INSERT INTO findings(report_id, article_id, ordinal, analyzer, label, severity, severity_rank, '
                         'score, start, "end", explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                         (report_id, aid, ordinal, FINDING, finding["label"], finding["severity"],
                          SEVERITY_RANK[finding["severity"]], finding["score"], spans[0]["start"] if spans else None,
                          spans[-1]["end"] if spans else None, finding["explanation"]))
        n += 1
    return n


def _cluster_finding(aid: int, info: dict[str, Any], text_length: int,
                     params: Params) -> tuple[dict[str, Any], dict[str, Any]]:
    rows_: dict[int, Row] = info["rows"]
    relations: dict[int, tuple[Pair, int | None]] = info["relations"]
    first = info["earliest_id"]
    cluster = {"cluster_id": info["cluster_id"], "size": info["size"], "method": info["method"]}
    if aid == first:
        matches = [(rows_[x], relations[x][0].flipped()) for x in info["order"][1:] if relations[x][1] is None]
        if not matches:  # every later member is linked through another one
            matches = [(rows_[x], relations[x][0].flipped()) for x in info["order"][1:]]
        f = make_finding(role="earliest", matches=matches, earliest=None, cluster=cluster, text_length=text_length)
    else:
        p, via = relations[aid]
        other = rows_[via if via is not None else first]
        rest = [(rows_[x], Pair(relations[x][0].relation, relations[x][0].jaccard, relations[x][0].containment,
                                relations[x][0].term_jaccard, relations[x][0].similarity, ()))
                for x in info["order"] if x not in (aid, other.id)]
        f = make_finding(role="copy", matches=[(other, p), *rest], earliest=rows_[first], cluster=cluster,
                         text_length=text_length)
        if via is not None:
            f.data["via"] = via
    run = AnalyzerRun(FINDING, "ok", f"member of cluster {info['cluster_id']} ({info['size']} articles), by unspun "
                      "archive dedupe", params.to_dict(),
                      (_embedding_model(),) if info["method"] != "minhash" else ()).to_dict()
    return f.to_dict(), run


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


# -- reading clusters ----------------------------------------------------------------------------------------

def clusters(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every cluster with its members (earliest first), for reports and the eval."""
    out: dict[int, dict[str, Any]] = {}
    for cid, method, earliest, size in conn.execute("SELECT id, method, earliest_article_id, size FROM clusters ORDER BY id"):
        out[int(cid)] = {"id": int(cid), "method": method, "earliest": earliest, "size": int(size), "members": []}
    for cid, aid, rel, j, sim in conn.execute(
            "SELECT cluster_id, article_id, relation, jaccard, similarity FROM cluster_members ORDER BY cluster_id, "
            "relation != 'earliest', article_id"):
        out[int(cid)]["members"].append({"article_id": int(aid), "relation": rel, "jaccard": j, "similarity": sim})
    return list(out.values())
