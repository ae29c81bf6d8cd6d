"""MiniLM sentence embeddings in numpy: known properties of sentence-transformers' output."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.runtime import embed


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
    alone = []
    for t in texts:
        alone.append(embed.embed([t])[0])
    assert np.allclose(together, np.stack(alone), atol=1e-4)


@pytest.mark.parametrize(
    ("texts", "computed"),
    [
        (["Same.", "Same."], 1),  # repeated within a call: embedded once
        (["A text cut at eight pieces, which is well past that limit.", "A text cut at eight pieces, and then something else."], 1),
        (["One.", "Two."], 2),
    ],
)
def test_embed_computes_each_sequence_once_per_call(monkeypatch: pytest.MonkeyPatch, texts: list[str], computed: int) -> None:
    seen: list[int] = []
    real = embed._compute
    monkeypatch.setattr(embed, "_compute", lambda m, seqs, out, bt: (seen.append(len(seqs)), real(m, seqs, out, bt)))
    v = embed.embed(texts, max_tokens=8)
    assert sum(seen) == computed
    assert v.shape == (len(texts), embed.DIM)


def test_embed_keeps_nothing_between_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """No module-level result cache: a second call computes again (house style 18)."""
    seen: list[int] = []
    real = embed._compute
    monkeypatch.setattr(embed, "_compute", lambda m, seqs, out, bt: (seen.append(len(seqs)), real(m, seqs, out, bt)))
    embed.embed(["The headline."])
    embed.embed(["The headline."])
    assert seen == [1, 1]


def _reference(texts: list[str], max_tokens: int) -> np.ndarray:
    """A plain BERT forward, one text at a time, straight from the checkpoint's tensors (no fusing, packing or batching)."""
    import math

    m = embed.load()
    w = m.weights
    heads, eps = m.heads, m.eps

    def ln(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
        mu = x.mean(-1, keepdims=True)
        out: np.ndarray = (x - mu) / np.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + eps) * g + b
        return out

    def dense(x: np.ndarray, name: str) -> np.ndarray:
        out: np.ndarray = x @ w[name + ".weight"].T + w[name + ".bias"]
        return out

    vecs = []
    for text in texts:
        ids = m.tokenizer.encode(text).ids
        if len(ids) > max_tokens:
            ids = ids[: max_tokens - 1] + ids[-1:]
        t = len(ids)
        x = ln(w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t]
               + w["embeddings.token_type_embeddings.weight"][0], w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        for i in range(len(m.layers)):
            p = f"encoder.layer.{i}."
            q, k, v = (dense(x, p + f"attention.self.{n}").reshape(t, heads, -1).transpose(1, 0, 2) for n in ("query", "key", "value"))
            a = q @ k.transpose(0, 2, 1) / math.sqrt(q.shape[-1])
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            ctx = (a @ v).transpose(1, 0, 2).reshape(t, -1)
            x = ln(dense(ctx, p + "attention.output.dense") + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = dense(x, p + "intermediate.dense")
            h = 0.5 * h * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (h + 0.044715 * h**3)))
            x = ln(dense(h, p + "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = x.mean(0)
        vecs.append(pooled / np.linalg.norm(pooled))
    return np.stack(vecs)


@pytest.mark.parametrize(
    ("texts", "batch_tokens"),
    [
        (["Council approves budget rise as costs climb"], 4096),  # one text: no attention grid
        (["Short one.", "A somewhat longer sentence about the central bank and interest rates, said officials on Monday.",
          "Mid length text here.", "x", "The mayor said the plan would cover rising costs for schools and roads."], 4096),
        (["word " * 80, "Rates rose.", "The bank raised rates by a quarter point on Tuesday."], 60),  # cut at 64, several batches
    ],
)
def test_packed_forward_matches_plain_bert(texts: list[str], batch_tokens: int) -> None:
    """The packed, fused forward (issue 7) gives the vectors of a plain per-text BERT forward."""
    got = embed.embed(texts, max_tokens=64, batch_tokens=batch_tokens)
    want = _reference(texts, 64)
    assert np.allclose(got, want, atol=2e-5)
    assert np.all(np.sum(got * want, axis=1) > 0.99999)
