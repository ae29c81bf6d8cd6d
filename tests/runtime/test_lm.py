"""SmolLM2 in numpy: the numerics on tiny inputs, and known behaviour of the real model."""

from __future__ import annotations

import random

import numpy as np
import pytest

from unspun.runtime import lm

NEWS = (
    "The city council voted on Tuesday to raise bus fares by four percent from July, saying the increase "
    "would help cover higher fuel costs. The transit director said the authority had delayed the decision "
    "for two years but could no longer absorb the rising price of diesel."
)


def test_lm_rope_keeps_pair_norms_and_position_zero() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 3, 8)).astype(np.float32)
    cos, sin = lm._rope(5, 8, 10000.0)
    y = lm._apply_rope(x, cos, sin)
    pairs = lambda a: np.hypot(a[..., 0::2], a[..., 1::2])  # noqa: E731
    assert np.allclose(pairs(x), pairs(y), atol=1e-5)
    assert np.allclose(x[0], y[0])  # position 0 is not rotated


def test_lm_stats_from_logits_match_a_direct_computation() -> None:
    rng = np.random.default_rng(1)
    logits = (rng.standard_normal((7, 50)) * 3).astype(np.float32)
    targets = rng.integers(0, 50, 7)
    s = lm.stats_from_logits(logits, targets, chunk=3)
    logp = logits - np.log(np.exp(logits.astype(np.float64)).sum(-1, keepdims=True))
    p = np.exp(logp)
    mu = (p * logp).sum(-1)
    rows = np.arange(7)
    assert np.allclose(s["logp"], logp[rows, targets], atol=1e-5)
    assert np.allclose(s["mu"], mu, atol=1e-5)
    assert np.allclose(s["var"], (p * (logp - mu[:, None]) ** 2).sum(-1), atol=1e-4)
    assert np.allclose(s["top_logp"], logp.max(-1), atol=1e-5)
    assert s["rank"].tolist() == [int((logp[i] > logp[i, targets[i]]).sum()) for i in rows]
    above = logp > logp[rows, targets][:, None]
    assert np.allclose(s["mass_above"], (p * above).sum(-1), atol=1e-5)
    assert (s["mass_above"][s["rank"] == 0] == 0).all()


@pytest.fixture(scope="module")
def model() -> lm.LM:
    return lm.load()


@pytest.mark.parametrize("text", [NEWS, "Prices rose 3.1% in 2024 — “a record”, officials said.", "naïve café: ünïcödé 😀"])
def test_lm_tokenizer_round_trips_and_offsets_point_at_the_text(model: lm.LM, text: str) -> None:
    ids, offs = model.encode(text)
    assert model.tokenizer.decode(ids) == text
    # a character split over several byte-level tokens gives each of them its span
    covered = np.zeros(len(text), dtype=bool)
    for s, e in offs:
        assert 0 <= s <= e <= len(text)
        covered[s:e] = True
    assert all(covered[i] or text[i] == " " for i in range(len(text)))
    assert [s for s, _ in offs] == sorted(s for s, _ in offs)


def test_lm_digits_are_single_tokens(model: lm.LM) -> None:
    ids, _ = model.encode(" 2024")
    assert [model.tokenizer.decode([i]) for i in ids] == [" ", "2", "0", "2", "4"] or len(ids) == 4


def test_lm_perplexity_news_is_plausible_and_shuffled_words_are_not(model: lm.LM) -> None:
    ppl = lm.perplexity(NEWS, lm=model)
    words = NEWS.split()
    random.Random(1).shuffle(words)
    shuffled = lm.perplexity(" ".join(words), lm=model)
    assert 5 < ppl < 120
    assert shuffled > 20 * ppl


def test_lm_stats_are_causal_so_a_token_cap_is_exact(model: lm.LM) -> None:
    full = lm.token_stats(NEWS, lm=model)
    short = lm.token_stats(NEWS, max_tokens=20, lm=model)
    assert len(short) == 20
    assert np.allclose(full.logp[:20], short.logp, atol=1e-4)
    assert np.allclose(full.var[:20], short.var, atol=1e-3)


def test_lm_empty_text_has_no_tokens(model: lm.LM) -> None:
    assert len(lm.token_stats("", lm=model)) == 0
    with pytest.raises(ValueError, match="empty"):
        lm.perplexity("", lm=model)
