"""near_dupes: tokens, shingles, MinHash signatures and bands, exact Jaccard, shared passages (pure functions)."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.archive import near_dupes as nd

PARAGRAPHS = [
    "The harbour authority said on Tuesday that the northern pier would close for repairs for six weeks, "
    "after divers found cracks in three of the supports that hold up its deck.",
    "Fishing crews who moor at the pier will be moved to the southern basin, where twelve new berths were "
    "finished last spring, the authority's engineer told the council meeting.",
    "Councillors asked why the cracks had not been found at the inspection in March, and the engineer said "
    "the damage had spread quickly after the storms of late autumn.",
]


@pytest.mark.parametrize(("text", "words"), [
    ("The U.S. said 1,000 people", ["the", "u.s", "said", "1000", "people"]),
    ("It’s 10.5% – don't", ["it's", "10.5", "don't"]),
    ("ＦＵＬＬ width", ["full", "width"]),
    ("well-known  self_made", ["well-known", "self", "made"]),
    ("", []),
])
def test_near_dupes_tokenize_normalises(text: str, words: list[str]) -> None:
    assert list(nd.tokenize(text).words) == words


@pytest.mark.parametrize("offset", [0, 17])
def test_near_dupes_tokenize_offsets_point_at_the_words(offset: int) -> None:
    text = "Mr. Smith paid $1,000, he said – twice!"
    t = nd.tokenize(text, offset=offset)
    for w, s, e in zip(t.words, t.starts, t.ends, strict=True):
        assert text[s - offset : e - offset].lower().replace(",", "") == w


def test_near_dupes_shingle_hashes_are_stable() -> None:
    """Signatures are stored: their hashes must not change between processes or releases."""
    h = nd.shingle_hashes(nd.tokenize("one two three four five six"))
    assert h.dtype == np.uint32 and len(h) == 2
    assert h.tolist() == nd.shingle_hashes(nd.tokenize("One  two three four five six")).tolist()
    assert h.tolist() == [3397211397, 2254766205]


@pytest.mark.parametrize(("n", "expected"), [(0, 0), (3, 1), (5, 1), (9, 5)])
def test_near_dupes_shingle_count(n: int, expected: int) -> None:
    assert len(nd.shingle_hashes(nd.tokenize(" ".join(f"w{i}" for i in range(n))))) == expected


def test_near_dupes_terms_leave_out_stop_words() -> None:
    t = nd.tokenize("The pier will close, the authority said")
    assert len(nd.term_hashes(t)) == 3  # pier, close, authority


@pytest.mark.parametrize("target", [0.1, 0.3, 0.5, 0.8, 1.0])
def test_near_dupes_estimate_is_within_four_standard_errors(target: float) -> None:
    rng = np.random.default_rng(7)
    universe = rng.choice(2**32 - 1, size=4000, replace=False).astype(np.uint32)
    a = np.unique(universe[:1000])
    k = int(round(2000 * target / (1 + target)))  # |a & b| = k, |a| = |b| = 1000
    b = np.unique(np.concatenate([universe[:k], universe[1000 : 2000 - k]]))
    exact = nd.jaccard(a, b)
    est = nd.estimated_jaccard(nd.signature(a, nd.SHINGLES), nd.signature(b, nd.SHINGLES))
    se = max(np.sqrt(exact * (1 - exact) / nd.NUM_PERM), 1e-9)
    assert abs(est - exact) <= 4 * se + 1e-9, (exact, est)


def test_near_dupes_signature_blob_round_trips() -> None:
    sig = nd.signature(nd.features(nd.tokenize(" ".join(PARAGRAPHS)), nd.SHINGLES), nd.SHINGLES)
    assert sig.dtype == np.uint32 and len(sig) == nd.NUM_PERM
    assert np.array_equal(nd.from_blob(nd.to_blob(sig)), sig)
    assert len(nd.to_blob(sig)) == 4 * nd.NUM_PERM


def test_near_dupes_empty_text_has_an_empty_signature() -> None:
    sig = nd.signature(nd.features(nd.tokenize(""), nd.SHINGLES), nd.SHINGLES)
    assert int(sig.min()) == 2**32 - 1


@pytest.mark.parametrize(("scheme", "threshold"), [(nd.SHINGLES, 0.4), (nd.TERMS, 0.3)])
def test_near_dupes_bands_are_datasketch_optimum(scheme: nd.Scheme, threshold: float) -> None:
    """The band layout is what datasketch's MinHashLSH chooses for the documented threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=scheme.num_perm)
    assert (lsh.b, lsh.r) == (scheme.bands, scheme.rows)
    assert len(nd.bands(np.arange(scheme.num_perm, dtype=np.uint32), scheme)) == scheme.bands


def test_near_dupes_same_signature_same_bands_one_change_one_band() -> None:
    sig = nd.signature(nd.features(nd.tokenize(" ".join(PARAGRAPHS)), nd.SHINGLES), nd.SHINGLES)
    other = sig.copy()
    other[0] ^= 1
    a, b = nd.bands(sig, nd.SHINGLES), nd.bands(other, nd.SHINGLES)
    assert a == nd.bands(sig.copy(), nd.SHINGLES)
    assert sum(x != y for x, y in zip(a, b, strict=True)) == 1


@pytest.mark.parametrize(("a", "b", "j"), [
    ([1, 2, 3], [1, 2, 3], 1.0),
    ([1, 2, 3], [4, 5], 0.0),
    ([1, 2, 3, 4], [3, 4, 5, 6], 2 / 6),
    ([], [], 0.0),
])
def test_near_dupes_exact_jaccard(a: list[int], b: list[int], j: float) -> None:
    assert nd.jaccard(np.array(a, dtype=np.uint32), np.array(b, dtype=np.uint32)) == pytest.approx(j)


def _check_passages(a_text: str, b_text: str, passages: list[nd.Passage]) -> None:
    for p in passages:
        assert 0 <= p.a_start < p.a_end <= len(a_text)
        assert 0 <= p.b_start < p.b_end <= len(b_text)
        assert nd.tokenize(a_text[p.a_start : p.a_end]).words == nd.tokenize(b_text[p.b_start : p.b_end]).words


@pytest.mark.parametrize(("name", "b_paragraphs", "n_passages"), [
    ("verbatim", PARAGRAPHS, 1),
    ("reordered", [PARAGRAPHS[2], PARAGRAPHS[0], PARAGRAPHS[1]], 2),  # 0 and 1 stay together: one passage
    ("inserted", [PARAGRAPHS[0], "An unrelated paragraph about the weather on the coast this week, with rain.",
                  PARAGRAPHS[1], PARAGRAPHS[2]], 2),
    ("nothing", ["Completely different words about a football match and its goals in the rain."], 0),
])
def test_near_dupes_shared_passages_are_spans_on_both_sides(name: str, b_paragraphs: list[str], n_passages: int) -> None:
    a_text, b_text = "\n\n".join(PARAGRAPHS), "\n\n".join(b_paragraphs)
    passages = nd.shared_passages(nd.tokenize(a_text), nd.tokenize(b_text))
    assert len(passages) == n_passages, name
    _check_passages(a_text, b_text, passages)
    if n_passages:  # every word of the shared paragraphs is covered
        covered = sum(p.words for p in passages)
        shared = sum(len(nd.tokenize(p).words) for p in PARAGRAPHS if p in b_paragraphs)
        assert covered == shared


def test_near_dupes_sentence_matches_is_symmetric_mean_of_best_cosines() -> None:
    a = np.eye(3, dtype=np.float32)
    b = np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float32)
    score, best, cos = nd.sentence_matches(a, b)
    assert score == pytest.approx(((1 + 1 + 0) / 3 + 1.0) / 2)
    assert best.tolist()[:2] == [0, 1] and cos.tolist()[:2] == [1.0, 1.0]
    assert nd.sentence_matches(a[:0], b)[0] == 0.0
