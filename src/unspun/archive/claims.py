"""Retrieval of earlier fact-checks for a claim: BM25 over FTS5, then a learned re-ranking with MiniLM.

One module serves both ``unspun eval claim-retrieval`` (CheckThat! 2020 task 2) and, later,
``unspun check --db`` (the archive's ``fact_checks`` table has the same two searchable
columns, ``claim_reviewed`` and ``title``, with the same FTS5 tokenizer).

How a claim is looked up (:meth:`ClaimIndex.search`):

1. a shortlist: the :data:`SHORTLIST` best verified claims by SQLite FTS5 ``bm25()`` over the
   claim and the fact-check's title (any content word of the query matches, porter stemming), joined
   with the :data:`DENSE` nearest by MiniLM cosine (so a paraphrase with few shared words
   still gets in);
2. each candidate's features (:func:`features`): its BM25 score relative to the best, its
   BM25 and dense ranks, the cosine of the query to the claim and to the title;
3. a linear combination of those features (:data:`Reranker`, weights fitted on the
   CheckThat! 2020 *training* queries only by ``training/train_claim_retrieval.py``, listwise since
   1.3.0, shipped in ``models/claim_retrieval/weights.json``) orders the shortlist.

The query's vector (1.2.0) is MiniLM's with a low-rank query adapter (``models/claim_retrieval/claim_query.npz``,
``training/finetune_claim_queries.py``, :func:`query_vectors`); the fact-checks keep their stock vectors, so
vectors stored in an archive stay valid. Reference passages are searched with the claim's stock vector.

The score is a ranking score, not a probability that the fact-check matches: a claim no
one has checked still gets a best candidate, so callers must show the evidence (both
texts) and say when the best score is low.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from unspun.archive.store import fts_query
from unspun.findings import ModelInfo

#: BM25 candidates and dense (embedding) candidates joined into the shortlist
SHORTLIST = 50
DENSE = 20
#: word pieces of a query (a tweet) and of a verified claim read by the embedding
QUERY_TOKENS = 96
CLAIM_TOKENS = 96
FEATURES = (
    "bm25_rel", "bm25_log", "bm25_rrank", "dense_rrank", "cos_claim", "cos_title", "cos_max",
    "cos_claim_gap", "cos_title_gap", "cos_max_gap", "bm25_x_cos", "in_both",
)
_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|www\.\S+")
#: a hashtag or handle (#AustralianFires, @realDonaldTrump)
_TAG = re.compile(r"(?<!\w)[#@](\w+)")
#: where a run-together tag's words meet: "Fires" after "Australian", "News" after "CBC", digits and letters
_JOIN = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")


def _tag_words(m: re.Match[str]) -> str:
    tag = m.group(1)
    return f"{tag} {_JOIN.sub(' ', tag)}" if _JOIN.search(tag) else tag


def clean_query(text: str) -> str:
    """The query's words for BM25: links dropped (a tweet's pic.twitter.com and t.co links match nothing),
    and a run-together hashtag or handle followed by its words ("#DefundTheCBC" -> "DefundTheCBC Defund
    The CBC"), which the FTS5 tokenizer would keep as one word no fact-check contains (1.3.0)."""
    return " ".join(_TAG.sub(_tag_words, _URL.sub(" ", text)).split())


@dataclass(frozen=True)
class Reranker:
    """A linear combination of :data:`FEATURES` (higher = rank first), for cosines of a query vector from
    MiniLM with ``adapter`` (:mod:`unspun.runtime.adapters`; None: the stock model) to the fact-checks'
    stock vectors."""

    weights: tuple[float, ...]
    bias: float
    adapter: str | None = None

    def score(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(x @ np.asarray(self.weights) + self.bias)


@cache
def load_reranker() -> Reranker:
    """The shipped re-ranking weights (``models/claim_retrieval/weights.json``)."""
    from unspun import models

    data = json.loads(models.path("claim_retrieval", "weights.json").read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"claim_retrieval weights are for features {data['features']}, this code computes {FEATURES}")
    return Reranker(tuple(float(w) for w in data["weights"]), float(data["bias"]), data.get("query_adapter"))


def model_info() -> ModelInfo:
    """Name, version and sha256 of the shipped re-ranking weights (for a report's ``models``)."""
    from unspun import models

    file = models.path("claim_retrieval", "weights.json")
    data = json.loads(file.read_text(encoding="utf-8"))
    return ModelInfo(str(data["name"]), str(data["version"]), models.sha256_of(str(file)))


def models_used() -> tuple[ModelInfo, ...]:
    """What a fact-check lookup reads: MiniLM, the query adapter (when the re-ranker has one), the re-ranker."""
    from unspun.runtime import adapters, embed

    rr = load_reranker()
    return (embed.model_info(), *((adapters.model_info(rr.adapter),) if rr.adapter else ()), model_info())


def query_vectors(texts: list[str], reranker: Reranker | None = None) -> np.ndarray:
    """The vectors of claims to look up: MiniLM with the re-ranker's query adapter (the shipped one:
    ``claim_query``), compared with the fact-checks' *stock* MiniLM vectors. Not the vectors of
    anything else (reference passages are searched with the stock vector of the claim)."""
    from unspun.runtime import embed

    rr = reranker or load_reranker()
    return embed.embed(texts, max_tokens=QUERY_TOKENS, adapter=rr.adapter)


def query_model_name(reranker: Reranker | None = None) -> str:
    """The ``embeddings.model`` of stored query vectors (:func:`query_vectors`): MiniLM's, with the adapter's."""
    from unspun.archive.copies import embedding_model_name
    from unspun.runtime import adapters

    rr = reranker or load_reranker()
    if rr.adapter is None:
        return embedding_model_name()
    a = adapters.model_info(rr.adapter)
    return f"{embedding_model_name()} + {a.name} {a.version}"


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    bm25: float
    cosine: float


class ClaimIndex:
    """Verified claims searchable by BM25 (an in-memory FTS5 table) and by MiniLM cosine.

    ``claims`` are ``(id, claim, title)``; ``embeddings`` (optional) are the rows'
    all-MiniLM-L6-v2 vectors of claim and title, ``(n, 384)`` each, computed when absent.
    """

    def __init__(
        self,
        claims: Sequence[tuple[str, str, str]],
        *,
        claim_emb: np.ndarray | None = None,
        title_emb: np.ndarray | None = None,
        reranker: Reranker | None = None,
    ) -> None:
        self.ids = [c[0] for c in claims]
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(
            "CREATE VIRTUAL TABLE fact_checks_fts USING fts5(claim_reviewed, title, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        self.conn.executemany(
            "INSERT INTO fact_checks_fts(rowid, claim_reviewed, title) VALUES (?, ?, ?)",
            [(i, c[1], c[2]) for i, c in enumerate(claims)],
        )
        if claim_emb is None or title_emb is None:
            from unspun.runtime import embed

            claim_emb = embed.embed([c[1] for c in claims], max_tokens=CLAIM_TOKENS)
            title_emb = embed.embed([c[2] for c in claims], max_tokens=CLAIM_TOKENS)
        self.claim_emb = np.asarray(claim_emb, dtype=np.float32)
        self.title_emb = np.asarray(title_emb, dtype=np.float32)
        self.reranker = reranker
        #: FTS rowid -> row of the vectors (None: the same number)
        self.row_of: dict[int, int] | None = None
        self._own_conn = True

    @classmethod
    def from_archive(cls, conn: sqlite3.Connection, *, reranker: Reranker | None = None) -> ClaimIndex:
        """The archive's fact-checks: searched in its ``fact_checks_fts`` (the same columns and tokenizer as
        the in-memory index), compared with their stored vectors (those missing are computed, not stored).
        ``ids`` are the ``fact_checks`` row ids, as text."""
        from unspun.archive import factchecks

        self = cls.__new__(cls)
        rows = conn.execute("SELECT id, claim_reviewed, title FROM fact_checks ORDER BY id").fetchall()
        self.ids = [str(r[0]) for r in rows]
        self.row_of = {int(r[0]): i for i, r in enumerate(rows)}
        self.conn = conn
        self._own_conn = False
        self.reranker = reranker
        self.claim_emb, self.title_emb = factchecks.stored_vectors(conn, [(int(r[0]), r[1], r[2]) for r in rows])
        return self

    def bm25(self, query: str, limit: int = SHORTLIST) -> list[tuple[int, float]]:
        """Row (of the vectors) and BM25 score (higher is better) of the best matches of any word of ``query``."""
        q = fts_query(clean_query(query), content=True)
        if not q:
            return []
        rows = self.conn.execute(
            "SELECT rowid, bm25(fact_checks_fts) AS s FROM fact_checks_fts WHERE fact_checks_fts MATCH ? ORDER BY s LIMIT ?",
            (q, limit),
        ).fetchall()
        if self.row_of is None:
            return [(int(r), -float(s)) for r, s in rows]
        return [(self.row_of[int(r)], -float(s)) for r, s in rows if int(r) in self.row_of]

    def candidates(self, query: str, q_emb: np.ndarray, exclude: Collection[int] = ()) -> tuple[list[int], np.ndarray]:
        """The shortlist's rows and their feature matrix (columns :data:`FEATURES`); rows in ``exclude``
        are left out as if the index did not hold them (to score a claim no one has checked)."""
        sparse = self.bm25(query, SHORTLIST + len(exclude))
        sparse = [(r, x) for r, x in sparse if r not in exclude][:SHORTLIST]
        from unspun.runtime import blas

        with blas.single_thread():  # one vector against a few thousand: threads cost more than they give
            cos_c = self.claim_emb @ q_emb
            cos_t = self.title_emb @ q_emb
        best = np.maximum(cos_c, cos_t)
        want = min(len(best), DENSE + len(exclude))
        near = np.argpartition(-best, want - 1)[:want] if 0 < want < len(best) else np.arange(len(best))
        dense = [r for r in sorted(near.tolist(), key=lambda r: (-best[r], r)) if r not in exclude][:DENSE]
        bm = {r: s for r, s in sparse}
        brank = {r: k for k, (r, _) in enumerate(sparse)}
        drank = {r: k for k, r in enumerate(dense)}
        rows = list(dict.fromkeys([r for r, _ in sparse] + dense))
        top = max((s for _, s in sparse), default=0.0) or 1.0
        x = np.array(
            [
                [
                    bm.get(r, 0.0) / top,
                    np.log1p(max(bm.get(r, 0.0), 0.0)),
                    1.0 / (1 + brank[r]) if r in brank else 0.0,
                    1.0 / (1 + drank[r]) if r in drank else 0.0,
                    float(cos_c[r]),
                    float(cos_t[r]),
                    float(max(cos_c[r], cos_t[r])),
                ]
                for r in rows
            ],
            dtype=np.float64,
        ).reshape(len(rows), 7)
        if len(rows):
            # the same cosine read against the best of this shortlist: how far behind the leader
            gaps = x[:, 4:7] - x[:, 4:7].max(axis=0)
            both = np.array([float(r in brank and r in drank) for r in rows])
            x = np.column_stack([x, gaps, x[:, 0] * x[:, 6], both])
        else:
            x = np.zeros((0, len(FEATURES)))
        return rows, x

    def search(self, query: str, k: int = 5, q_emb: np.ndarray | None = None, exclude: Collection[str] = ()) -> list[Hit]:
        """The ``k`` best verified claims for ``query``, best first (none of the ids in ``exclude``).

        ``q_emb``: the query's vector from :func:`query_vectors` (with this index's re-ranker), computed
        when absent; not the stock MiniLM vector when the re-ranker has a query adapter."""
        rr = self.reranker or load_reranker()
        if q_emb is None:
            q_emb = query_vectors([query], rr)[0]
        drop = {i for i, x in enumerate(self.ids) if x in exclude} if exclude else set()
        rows, x = self.candidates(query, q_emb, drop)
        if not rows or not self.ids:
            return []
        s = rr.score(x)
        order = sorted(range(len(rows)), key=lambda i: (-s[i], i))[:k]
        return [Hit(self.ids[rows[i]], float(s[i]), float(x[i, 1]), float(x[i, 6])) for i in order]

    def close(self) -> None:
        if self._own_conn:
            self.conn.close()
