"""Cheap passage vectors: the mean of MiniLM's static word-piece vectors (the Model2Vec idea, without training).

Indexing a reference collection must keep up with it (issue 18: at least 200 passages a second on two
cores); running MiniLM over every sentence does about 70 a second on this project's loaded 2-core VM
(``benchmarks/bench_claims.py``). So a passage's vector is built from parts computed once: each word piece's
MiniLM sentence vector *alone* (``[CLS] piece [SEP]``), kept in the archive's ``token_vectors``; a passage
is the normalised mean of the vectors of its content pieces (stop words and punctuation left out). This
is how Model2Vec distils a static model from a sentence encoder (Tulkens & van Dongen, 2024), minus its PCA
and frequency weighting.

Known error: word order and context are lost ("A bit B" = "B bit A"). Alone they rank poorly: on the
CheckThat! 2020 dev tweets against the 10,375 fact-checks, MAP@5 0.246 (MiniLM 0.782, BM25 0.786); as half of
the order of BM25's top 100 they add a little (0.795; ``references.BM25_WEIGHT``), which is all the reference
search asks of them. What a passage says
about a claim is then judged with the full MiniLM and the headline-support checks.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from unspun.archive.store import STOP_WORDS

#: ``passage_index.model``, ``token_vectors.model`` and ``embeddings.model`` of these vectors
MODEL = "all-MiniLM-L6-v2 static/1"
#: ``embeddings.kind`` of a passage's vector (float16)
KIND = "passage"
#: word pieces of a passage read (the rest of a very long passage is not)
MAX_PIECES = 128
_STOP = STOP_WORDS


@lru_cache(maxsize=1)
def _stop_ids() -> frozenset[int]:
    from unspun.runtime import embed

    vocab = embed.load().tokenizer.get_vocab()
    return frozenset(vocab[w] for w in _STOP if w in vocab)


@lru_cache(maxsize=1)
def _skip_ids() -> frozenset[int]:
    """Word-piece ids that carry no content: stop words, punctuation, special tokens."""
    from unspun.runtime import embed

    vocab = embed.load().tokenizer.get_vocab()
    return frozenset(i for tok, i in vocab.items()
                     if tok in _STOP or tok.startswith("[") or not re.search(r"[0-9a-z]", tok))


class StaticEncoder:
    """Passage vectors from static word-piece vectors, cached in memory and (``store=True``) in the archive.

    ``compute=False`` (a claim's lookup): a word piece whose vector the archive does not hold is left out
    rather than run through MiniLM (tens of milliseconds); it occurs in no indexed passage, so it cannot
    match one word for word, though it could have pulled towards passages with related words."""

    def __init__(self, conn: sqlite3.Connection | None, *, store: bool = True, compute: bool = True) -> None:
        self.conn = conn
        self.store = store
        self.compute = compute
        self.table = np.zeros((0, 384), dtype=np.float32)
        self.known = np.zeros(0, dtype=bool)
        self.computed = 0  # word pieces embedded by MiniLM here
        self._loaded = False
        self._common_vec: np.ndarray | None = None

    def _ensure(self, size: int) -> None:
        if len(self.known) < size:
            grow = size - len(self.known)
            self.table = np.vstack([self.table, np.zeros((grow, 384), np.float32)])
            self.known = np.concatenate([self.known, np.zeros(grow, dtype=bool)])

    def _load(self) -> None:
        from unspun.runtime import embed

        self._ensure(embed.load().tokenizer.get_vocab_size())
        if self.conn is not None:
            for tid, blob in self.conn.execute("SELECT token_id, vector FROM token_vectors WHERE model = ?", (MODEL,)):
                if 0 <= int(tid) < len(self.known):
                    self.table[int(tid)] = np.frombuffer(blob, dtype="<f4")
                    self.known[int(tid)] = True
        self._loaded = True

    def _fill(self, ids: np.ndarray) -> None:
        """Compute the vectors of the word pieces in ``ids`` not known yet (and store them)."""
        from unspun.runtime import embed

        todo = np.unique(ids[~self.known[ids]])
        if not len(todo):
            return
        m = embed.load()
        cls_id, sep_id = m.tokenizer.token_to_id("[CLS]"), m.tokenizer.token_to_id("[SEP]")
        out = np.zeros((len(todo), embed.DIM), dtype=np.float32)
        embed._compute(m, [[cls_id, int(t), sep_id] for t in todo], out, 4096)
        self.table[todo] = out
        self.known[todo] = True
        self.computed += len(todo)
        if self.store and self.conn is not None:
            self.conn.executemany("INSERT OR IGNORE INTO token_vectors(model, token_id, vector) VALUES (?, ?, ?)",
                                  [(MODEL, int(t), v.astype("<f4").tobytes()) for t, v in zip(todo, out, strict=True)])

    def _common(self) -> np.ndarray:
        """The direction every static vector shares (the mean of the stop words' vectors), taken off each
        passage's mean: without it any two passages measure a cosine of about 0.6."""
        if self._common_vec is None:
            ids = np.array(sorted(_stop_ids()), dtype=np.int64)
            self._fill(ids)
            self._common_vec = self.table[ids].mean(axis=0)
        return self._common_vec

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors ``(n, 384)``; a text without a content word gets zeros."""
        from unspun.runtime import embed

        if not self._loaded:
            self._load()
        out = np.zeros((len(texts), embed.DIM), dtype=np.float32)
        if not texts:
            return out
        skip = _skip_ids()
        encs = embed.load().tokenizer.encode_batch(list(texts), add_special_tokens=False)
        seqs = [[i for i in e.ids[:MAX_PIECES] if i not in skip] for e in encs]
        if not self.compute:
            self._common()
            seqs = [[i for i in q if self.known[i]] for q in seqs]
        lens = np.array([len(s) for s in seqs])
        flat = np.fromiter((i for s in seqs for i in s), dtype=np.int64, count=int(lens.sum()))
        if not len(flat):
            return out
        self._fill(flat)
        from scipy.sparse import csr_matrix  # scipy comes with datasketch, a dependency

        indptr = np.concatenate([[0], np.cumsum(lens)])
        counts = csr_matrix((np.ones(len(flat), np.float32), flat, indptr), shape=(len(texts), len(self.table)))
        out = np.asarray(counts @ self.table, dtype=np.float32) / np.maximum(lens, 1)[:, None]
        out[lens > 0] -= self._common()
        norm = np.linalg.norm(out, axis=1, keepdims=True)
        unit: np.ndarray = out / np.maximum(norm, 1e-12)
        return unit
