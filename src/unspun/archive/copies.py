"""Two articles compared: each one's material (shingles, terms, sentences and their MiniLM vectors)
and the confirmed pair (near copy, verbatim or paraphrase), with the thresholds that decide it (:class:`Params`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from unspun.archive import near_dupes as nd
from unspun.document import Document, Span
from unspun.findings import ModelInfo

if TYPE_CHECKING:
    import sqlite3


#: ``embeddings.kind`` of an article's body-sentence vectors (n x 384, float16, in sentence order).
SENTENCE_VECTORS = "article_sentences"
#: Sentences embedded per article at most (the rest of a very long article is not compared).
MAX_SENTENCES = 200


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
def embedding_model() -> ModelInfo:
    from unspun.runtime import embed

    return embed.model_info()


def embedding_model_name() -> str:
    m = embedding_model()
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
