"""MiniLM sentence embeddings in numpy: known properties of sentence-transformers' output."""

from __future__ import annotations

import numpy as np
import pytest

from unspun import embed


def test_known_pair_matches_sentence_transformers() -> None:
    # sentence-transformers' documented cosine for this pair with all-MiniLM-L6-v2 is 0.7553.
    v = embed.embed(["A man is eating food.", "A man is eating a piece of bread."])
    assert float(v[0] @ v[1]) == pytest.approx(0.7553, abs=0.005)


@pytest.mark.parametrize(
    ("a", "paraphrase", "unrelated"),
    [
        ("The president resigned on Monday.", "On Monday the president stepped down.", "Heavy rain flooded the village."),
        ("Coffee may lower the risk of liver cancer.", "Drinking coffee could reduce liver cancer risk.", "The team won the cup final."),
        ("Unemployment rose in March.", "In March joblessness went up.", "A new bridge opened in the city."),
    ],
)
def test_paraphrase_closer_than_unrelated(a: str, paraphrase: str, unrelated: str) -> None:
    v = embed.embed([a, paraphrase, unrelated])
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.3


@pytest.mark.parametrize("texts", [["one"], ["short", "a much longer sentence " * 20, ""], []])
def test_shapes_and_unit_norm(texts: list[str]) -> None:
    v = embed.embed(texts)
    assert v.shape == (len(texts), embed.DIM) and v.dtype == np.float32
    if texts:
        assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)


def test_batching_does_not_change_vectors() -> None:
    texts = ["Short one.", "A somewhat longer sentence about the central bank and interest rates.", "Mid length text here."]
    together = embed.embed(texts, batch_tokens=4096)
    alone = np.stack([embed.embed([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-4)
