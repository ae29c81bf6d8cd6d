"""Signatures of an article's body (one MinHash per scheme of :mod:`unspun.archive.near_dupes`) and the
candidates they find by LSH band, stored with each article in the transaction that writes its report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from unspun.archive import near_dupes as nd
from unspun.archive.copies import SENTENCE_VECTORS, Params
from unspun.archive.schema import now

if TYPE_CHECKING:
    import sqlite3


#: ``meta`` keys: the last signature row :func:`dedupe` has seen, and the schemes' parameters.
WATERMARK = "recycled.signatures_seen"
SCHEMES_KEY = "recycled.schemes"


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
