"""Hashed sparse features for the project's linear models.

Why our own: the training scripts and the analyzers must compute exactly the
same features, scikit-learn's vectorisers cost a slow import at check time and
their vocabularies would ship as large pickles. Here a feature is a string,
hashed with CRC-32 (stable across processes, unlike ``hash``) into ``2**DIM_BITS``
slots; a model ships the sorted slots it saw in training with their IDF and
weights (``.npz``), and looks features up with :func:`numpy.searchsorted`.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

DIM_BITS = 22
_MASK = (1 << DIM_BITS) - 1

#: words (with inner apostrophes) and single punctuation marks, by offset
TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")

#: The feature groups of a hashed linear head, each with its own vocabulary and weights: word
#: n-grams ("w"), character n-grams ("c") and named cues ("f") (clickbait, checkworthy_claims).
GROUPS = ("w", "c", "f")


class Feat(NamedTuple):
    """One feature of a group, with the ``[start, end)`` of the text it was read from (0, 0: the whole text)."""

    group: str
    name: str
    start: int
    end: int


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token spans ``(start, end)`` in ``text[start:end]``, as offsets into ``text``."""
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in TOKEN.finditer(text, start, end)]


def slot(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & _MASK


#: feature string -> slot, for features seen before (most are: the same words and contexts
#: recur across articles). Half the cost of hashing an article's ~18,000 persuasion features
#: (3.3 -> 1.6 ms, 2026-11-29). Bounded: cleared when full.
_SLOT_CACHE: dict[str, int] = {}
SLOT_CACHE_SIZE = 1 << 19


def slots(features: Iterable[str]) -> list[int]:
    cache = _SLOT_CACHE
    if len(cache) > SLOT_CACHE_SIZE:
        cache.clear()
    out = []
    for f in features:
        s = cache.get(f)
        if s is None:
            s = cache[f] = zlib.crc32(f.encode("utf-8")) & _MASK
        out.append(s)
    return out


def new_slots(features: Sequence[str]) -> np.ndarray:
    """The slots of features met once (no cache: a caller that remembers what it looked up, such as
    :class:`unspun.analyzers.persuasion.logits.TokenScorer`, would only fill it)."""
    return np.fromiter(map(slot, features), dtype=np.int64, count=len(features))


@dataclass(frozen=True)
class Vocab:
    """The slots a model saw in training, sorted, with their IDF (1.0 where unused)."""

    slots: np.ndarray  # int64, sorted, unique
    idf: np.ndarray  # float32, same length
    #: feature string -> column (or -1), for :meth:`columns`; bounded like the slot cache
    _columns: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def columns(self, features: Sequence[str]) -> np.ndarray:
        """``lookup(slots(features))``, remembering each feature's column: most of an article's
        features were seen in earlier articles, and a dictionary look-up costs less than hashing
        and a binary search (measured on persuasion's ~18,000 token features an 800-word article, 7 -> 2 ms,
        before its span model summed remembered weights instead: :mod:`unspun.analyzers.persuasion.logits`)."""
        cache = self._columns
        if len(cache) > SLOT_CACHE_SIZE:
            cache.clear()
        new = set(features).difference(cache)
        if new:
            fresh = sorted(new)
            cache.update(zip(fresh, self.lookup(slots(fresh)).tolist(), strict=True))
        got = list(map(cache.__getitem__, features))
        return np.fromiter(got, dtype=np.int64, count=len(got))

    def lookup(self, hashed: Sequence[int] | np.ndarray) -> np.ndarray:
        """Column of each slot, or -1 where training never saw it."""
        h = np.asarray(hashed, dtype=np.int64)
        if not len(self.slots) or not len(h):
            return np.full(len(h), -1, dtype=np.int64)
        pos = np.searchsorted(self.slots, h)
        pos = np.minimum(pos, len(self.slots) - 1)
        return np.where(self.slots[pos] == h, pos, -1)


def fit_vocab(docs: Sequence[Sequence[int]], min_df: int = 1, use_idf: bool = True) -> Vocab:
    """Slots with document frequency >= ``min_df`` and their smoothed IDF (as scikit-learn's)."""
    df: dict[int, int] = {}
    for d in docs:
        for s in set(d):
            df[s] = df.get(s, 0) + 1
    kept = sorted(s for s, c in df.items() if c >= min_df)
    n = len(docs)
    if use_idf:
        idf = np.array([math.log((1 + n) / (1 + df[s])) + 1.0 for s in kept], dtype=np.float32)
    else:
        idf = np.ones(len(kept), dtype=np.float32)
    return Vocab(np.array(kept, dtype=np.int64), idf)


def tfidf_row(vocab: Vocab, hashed: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Columns and L2-normalised sublinear-TF x IDF values of one document's features."""
    cols = vocab.lookup(hashed)
    cols = cols[cols >= 0]
    if not len(cols):
        return cols, np.zeros(0, dtype=np.float32)
    uniq, counts = np.unique(cols, return_counts=True)
    vals = (1.0 + np.log(counts)) * vocab.idf[uniq]
    norm = float(np.sqrt((vals * vals).sum()))
    return uniq, (vals / norm).astype(np.float32) if norm else vals.astype(np.float32)


def save_vocab(prefix: str, vocab: Vocab) -> dict[str, Any]:
    """Arrays to store in an ``.npz`` under ``<prefix>_slots`` and ``<prefix>_idf``."""
    return {f"{prefix}_slots": vocab.slots.astype(np.int32), f"{prefix}_idf": vocab.idf.astype(np.float16)}


def load_vocab(arrays: Any, prefix: str) -> Vocab:
    return Vocab(arrays[f"{prefix}_slots"].astype(np.int64), arrays[f"{prefix}_idf"].astype(np.float32))
