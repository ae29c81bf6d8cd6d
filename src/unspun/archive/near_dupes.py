"""Near-duplicate text: word shingles, MinHash signatures and LSH bands, exact Jaccard, shared passages.

Pure functions over text; :mod:`unspun.archive.recycled` applies them to an archive.

- A text's **tokens** are its words (letters and digits, with inner apostrophes, hyphens, dots and commas:
  "U.S", "don't", "1,000"), lower-cased and NFKC-normalised, with the thousands separators of numbers
  dropped ("1,000" and "1000" are one token), each with its character offsets.
- Its **shingles** are the hashes of its runs of :data:`SHINGLE_WORDS` tokens (32-bit, stable across
  processes and platforms); its **terms** the hashes of its tokens that are not stop words.
- A **signature** is datasketch's MinHash (``affine32`` scheme, :data:`NUM_PERM` permutations, fixed
  seed) of one of those sets; two signatures agree in a fraction of places that estimates the Jaccard
  similarity of the sets (standard error ``sqrt(J(1-J)/NUM_PERM)``: 0.044 at J = 0.5).
- Its **bands** (LSH) are digests of ``b`` slices of ``r`` values: two signatures that agree on a whole
  slice share that band's digest, so an index seek on the digests finds the candidates
  (probability ``1 - (1 - J^r)^b``) without reading every signature. Candidates are then confirmed by
  the estimated, then the exact Jaccard (house style 11: LSH is approximate, and says so).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from unspun.text.tokens import STOP_WORDS as BASE_STOP_WORDS

#: Words per shingle. 5 is the usual choice for news-length documents (Broder's resemblance used
#: 4-10 words); on the eval collection 5 separates copies (exact Jaccard 0.5-1.0) from articles
#: about the same story (under 0.1) while a reworded sentence still leaves a third of its shingles.
SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 20261
#: datasketch's permutation scheme (2.0): 32-bit values, stored little-endian as uint32.
MINHASH_SCHEME = "affine32"


@dataclass(frozen=True)
class Scheme:
    """How a signature is made and banded; ``name`` is what the archive's ``scheme`` column holds."""

    name: str
    kind: str  # "shingles" or "terms"
    bands: int
    rows: int
    num_perm: int = NUM_PERM
    seed: int = SEED

    @property
    def threshold(self) -> float:
        """The Jaccard at which a pair becomes a candidate with probability about one half: (1/b)^(1/r)."""
        return float((1.0 / self.bands) ** (1.0 / self.rows))

    def candidate_probability(self, jaccard: float) -> float:
        return float(1.0 - (1.0 - jaccard**self.rows) ** self.bands)


#: Near copies: 5-word shingles, banded as ``datasketch.MinHashLSH(threshold=0.4, num_perm=128)`` chooses
#: (b=32, r=4; equal weights on false positives and negatives): a pair at J = 0.5 is a candidate with
#: probability 0.87, at 0.6 with 0.99; the confirming bar (0.5, exact) sits above the LSH threshold
#: so that the LSH, not the bar, is where the few misses come from.
SHINGLES = Scheme(name="mh-w5", kind="shingles", bands=32, rows=4)
#: Reworded copies: content-word sets, banded as ``MinHashLSH(threshold=0.3, num_perm=128)`` chooses
#: (b=37, r=3). A spun copy keeps its names, numbers and most nouns (term Jaccard 0.65-0.88 for the
#: eval's reworded copies) while two articles on one story share 0.02-0.34 of their terms (FNC-1
#: bodies under one headline, 5th-95th percentile): a pair at J = 0.65 is a candidate with probability
#: 0.9999, at 0.4 with 0.91, at 0.13 (the median same-story pair) with 0.08.
TERMS = Scheme(name="mh-terms", kind="terms", bands=37, rows=3)
SCHEMES: tuple[Scheme, ...] = (SHINGLES, TERMS)

_TOKEN = re.compile(r"[^\W_]+(?:['’.,\-][^\W_]+)*")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")

#: Function words and the commonest reporting words, left out of the term sets (they say nothing
#: about which story an article tells). Written for this purpose; lower-case.
STOP_WORDS = (
    BASE_STOP_WORDS
    # the contracted forms of the base list's words (the tokenizer keeps "don't" whole)
    | set("""aren't can't couldn't didn't doesn't don't hadn't hasn't haven't he'd he'll he's here's how's i'd i'll
    i'm i've isn't it's let's mustn't shan't she'd she'll she's shouldn't that's there's they'd they'll they're
    they've wasn't we'd we'll we're we've weren't what's when's where's who's why's won't wouldn't you'd you'll
    you're you've""".split())
    # the commonest reporting words, modals and fillers of news copy: they say nothing about which story it is
    | {"according", "told", "cannot", "ought", "may", "might", "must", "mr", "mrs", "ms", "one", "two", "new", "like"}
)


@dataclass(frozen=True)
class Tokens:
    """The normalised words of a text and their ``[start, end)`` offsets into it."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)


def tokenize(text: str, offset: int = 0) -> Tokens:
    """The tokens of ``text``, with offsets shifted by ``offset`` (the body's start in a canonical text)."""
    nfkc = unicodedata.is_normalized("NFKC", text)
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _TOKEN.finditer(text):
        w = m.group()
        if not nfkc:
            w = unicodedata.normalize("NFKC", w)
        w = w.lower()
        if "’" in w:
            w = w.replace("’", "'")
        if "," in w and w[0].isdigit():
            w = _THOUSANDS.sub("", w)
        words.append(w)
        s, e = m.span()
        starts.append(s + offset)
        ends.append(e + offset)
    return Tokens(tuple(words), tuple(starts), tuple(ends))


def _word_hashes(words: tuple[str, ...]) -> np.ndarray:
    return np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))


def shingle_hashes(tokens: Tokens, k: int = SHINGLE_WORDS) -> np.ndarray:
    """The hash of the shingle that starts at each token (``len - k + 1`` of them; one for a shorter text).

    A polynomial of the words' crc32 values modulo 2^61 - 1, folded to 32 bits: stable across runs and
    machines (Python's ``hash`` is salted per process, so it is never used).
    """
    n = len(tokens)
    if n == 0:
        return np.zeros(0, dtype=np.uint32)
    h = _word_hashes(tokens.words)
    k = min(k, n)
    m = n - k + 1
    prime = np.uint64((1 << 61) - 1)
    acc = np.zeros(m, dtype=np.uint64)
    base = np.uint64(1_000_003)
    for j in range(k):
        acc = (acc * base + h[j : j + m]) % prime
    folded = (acc ^ (acc >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return folded.astype(np.uint32)


def term_hashes(tokens: Tokens) -> np.ndarray:
    """The hashes of the distinct tokens that are not stop words (nor one-letter words)."""
    terms = sorted({w for w in tokens.words if len(w) > 1 and w not in STOP_WORDS})
    return np.fromiter((zlib.crc32(w.encode()) for w in terms), dtype=np.uint32, count=len(terms))


def features(tokens: Tokens, scheme: Scheme) -> np.ndarray:
    """The distinct hashes a scheme signs (sorted uint32)."""
    h = shingle_hashes(tokens) if scheme.kind == "shingles" else term_hashes(tokens)
    return np.unique(h)


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, scheme=MINHASH_SCHEME).permutations


def signature(hashes: np.ndarray, scheme: Scheme) -> np.ndarray:
    """datasketch's MinHash of a set of 32-bit hashes: ``num_perm`` uint32 values (all 2^32-1 when empty)."""
    from datasketch import MinHash

    m = MinHash(num_perm=scheme.num_perm, seed=scheme.seed, hashfunc=int, scheme=MINHASH_SCHEME,
                permutations=_permutations(scheme.num_perm, scheme.seed))
    if len(hashes):
        m.update_batch(hashes.tolist())
    return np.asarray(m.hashvalues, dtype=np.uint32)


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def bands(sig: np.ndarray, scheme: Scheme) -> list[bytes]:
    """The LSH band digests of a signature: 4 bytes of BLAKE2b over each slice of ``rows`` values (a chance
    collision with one of 10 million articles in a band happens in 0.2% of bands: a candidate the estimate drops)."""
    raw = sig.astype("<u4")
    r = scheme.rows
    return [hashlib.blake2b(raw[i * r : (i + 1) * r].tobytes(), digest_size=4).digest() for i in range(scheme.bands)]


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate: the share of places where two signatures agree (datasketch ``MinHash.jaccard``)."""
    return float(np.count_nonzero(a == b)) / len(a)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The exact Jaccard similarity of two sets of hashes (sorted unique arrays)."""
    if len(a) == 0 and len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """The share of ``a``'s hashes that ``b`` has too."""
    if len(a) == 0:
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / len(a)


# -- shared passages --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Passage:
    """A stretch of text both articles have: ``[a_start, a_end)`` in one, ``[b_start, b_end)`` in the other."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.a_start, "end": self.a_end, "other_start": self.b_start, "other_end": self.b_end,
                "words": self.words}


def shared_passages(a: Tokens, b: Tokens, *, k: int = SHINGLE_WORDS, min_words: int = 8) -> list[Passage]:
    """The word runs both texts contain, as spans on both sides, in ``a``'s order.

    Each shingle of ``a`` found in ``b`` anchors a match; matches that continue on the same diagonal (the
    next shingle of ``a`` is the next of ``b``) join into one run, so reordered paragraphs still give one
    passage each. Runs shorter than ``min_words`` words are left out (a shared name or phrase is no
    passage); overlapping runs on ``a``'s side keep the longer.
    """
    ha = shingle_hashes(a, k)
    hb = shingle_hashes(b, k)
    if len(ha) == 0 or len(hb) == 0:
        return []
    kk = min(k, len(a), len(b))
    where: dict[int, list[int]] = {}
    for j, h in enumerate(hb.tolist()):
        where.setdefault(h, []).append(j)
    found: list[list[int]] = []  # [i_start, j_start, n_shingles]
    expected: dict[int, int] = {}  # j a run would reach at this i -> its index in found
    for i, h in enumerate(ha.tolist()):
        nxt: dict[int, int] = {}
        for j in where.get(h, ()):
            idx = expected.get(j)
            if idx is None:
                found.append([i, j, 1])
                idx = len(found) - 1
            else:
                found[idx][2] += 1
            nxt[j + 1] = idx
        expected = nxt
    out: list[Passage] = []
    for i0, j0, n in found:
        words = n + kk - 1
        if words < min_words:
            continue
        ia, ib = i0 + words - 1, j0 + words - 1
        out.append(Passage(a.starts[i0], a.ends[ia], b.starts[j0], b.ends[ib], words))
    out.sort(key=lambda p: (-p.words, p.a_start))
    kept: list[Passage] = []
    for p in out:
        if any(p.a_start < q.a_end and q.a_start < p.a_end for q in kept):
            continue
        kept.append(p)
    kept.sort(key=lambda p: p.a_start)
    return kept


def sentence_matches(a_vecs: np.ndarray, b_vecs: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean best-match cosine both ways of two sets of unit sentence vectors, and each side's best match.

    ``score = (mean_i max_j cos(a_i, b_j) + mean_j max_i cos(a_i, b_j)) / 2``: 1 when every sentence of
    each text has an identical sentence in the other, low when either text has much the other lacks.
    Returns the score, the index of each ``a`` sentence's best ``b`` sentence, and their cosines.
    """
    if len(a_vecs) == 0 or len(b_vecs) == 0:
        return 0.0, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    sims = a_vecs @ b_vecs.T
    best_b = sims.argmax(axis=1)
    best_a_cos = sims.max(axis=1)
    score = (float(best_a_cos.mean()) + float(sims.max(axis=0).mean())) / 2.0
    return score, best_b, best_a_cos
