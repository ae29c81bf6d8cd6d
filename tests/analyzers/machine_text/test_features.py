"""Machine-text features: canonical form, style signals and language-model statistics, on tiny inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from unspun.analyzers.machine_text import features as mf


@pytest.mark.parametrize(
    ("text", "canon"),
    [
        ("One two.\n\nThree  four.", "One two. Three four."),
        ("  “Quoted,” she said’s\u00a0x ", "\"Quoted,\" she said's x"),
        ("a\tb\r\nc", "a b c"),
        ("", ""),
        ("   \n ", ""),
    ],
)
def test_mtext_canonical_form(text: str, canon: str) -> None:
    got, src = mf.canonical(text)
    assert got == canon
    assert len(src) == len(got)
    # every non-space canonical character comes from the same or the straightened original character
    for i, ch in enumerate(got):
        if ch != " ":
            assert text[src[i]].translate(mf._QUOTES) == ch


def test_mtext_canonical_makes_layout_irrelevant() -> None:
    a = "First paragraph here.\n\nSecond paragraph there."
    b = "First paragraph here. Second paragraph there."
    assert mf.canonical(a)[0] == mf.canonical(b)[0]


@pytest.mark.parametrize(
    ("text", "feature", "expected"),
    [
        ("Additionally, the plan works. Furthermore it costs less. The mayor agreed.", "st_llm_transition", 2 / 3),
        ("The mayor agreed. The council voted. Prices rose.", "st_llm_transition", 0.0),
        ("It is a testament to the robust and vibrant community here.", "st_llm_vocab", 100 * 3 / 11),
        ("The mayor said this. The mayor said that. A man left.", "st_template_open", 2 / 3),
        ("Rain fell. Rain fell again today. Sun shone.", "st_sent_len_mean", (2 + 4 + 2) / 3),
        ('He said "yes" and "no".', "st_quote", 100 * 4 / 5),
        ("In 2024 about 12 people came.", "st_digit", 100 * 2 / 6),
    ],
)
def test_mtext_style_feature_values(text: str, feature: str, expected: float) -> None:
    canon = mf.canonical(text)[0]
    assert mf.style_features(canon)[feature] == pytest.approx(expected, abs=1e-6)


def test_mtext_style_features_are_all_present_and_finite() -> None:
    for text in ["", "One.", "word " * 300]:
        f = mf.style_features(mf.canonical(text)[0])
        assert set(f) == set(mf.STYLE_FEATURES)
        assert all(math.isfinite(v) for v in f.values())


@pytest.mark.parametrize(("words", "expected"), [(["a", "b", "c"], 1.0), (["a"] * 10, 0.1), (["a", "b"] * 60, 2 / 50)])
def test_mtext_mattr(words: list[str], expected: float) -> None:
    assert mf._mattr(words) == pytest.approx(expected)


def test_mtext_transition_only_at_sentence_start() -> None:
    canon = "The plan, however, failed. However, it returned."
    spans = mf.transition_spans(canon, mf.sentences(canon))
    assert [canon[a:b] for a, b in spans] == ["However"]


def _stats(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    mu = -rng.uniform(1, 5, n)
    return {
        "logp": mu + rng.normal(0, 1, n),
        "mu": mu,
        "var": rng.uniform(1, 4, n),
        "rank": rng.integers(0, 30, n),
        "top_logp": np.full(n, -0.5),
        "mass_above": rng.uniform(0, 1, n),
    }


def test_mtext_curvature_is_fast_detectgpt_analytic_criterion() -> None:
    st = _stats(100)
    f = mf.lm_features(st)
    k = mf.SKIP_TOKENS
    expected = (st["logp"][k:] - st["mu"][k:]).sum() / math.sqrt(st["var"][k:].sum())
    assert f["lm_curvature"] == pytest.approx(expected)
    assert f["lm_logp_mean"] == pytest.approx(st["logp"][k:].mean())
    assert f["lm_top1"] == pytest.approx((st["rank"][k:] == 0).mean())
    assert f["lm_tail90"] == pytest.approx((st["mass_above"][k:] > 0.9).mean())
    assert set(f) == set(mf.LM_FEATURES)


def test_mtext_token_terms_sum_to_their_features() -> None:
    st = _stats(80, seed=3)
    f = mf.lm_features(st)
    for name, arr in mf.token_terms(st).items():
        assert float(arr.sum()) == pytest.approx(f[name]), name


def test_mtext_lm_features_truncate_exactly() -> None:
    st = _stats(200, seed=5)
    cut = {k: v[:64] for k, v in st.items()}
    assert mf.lm_features(st, max_tokens=64) == mf.lm_features(cut)


def test_mtext_lm_features_need_tokens() -> None:
    with pytest.raises(ValueError, match="no tokens"):
        mf.lm_features({k: np.zeros(1) for k in mf.LM_STATS})


def test_mtext_embedding_vectors_are_mean_and_spread_of_sentence_vectors() -> None:
    from unspun.runtime import embed

    texts = ["The council met on Monday. It approved the budget. Fares rise in July.", "One sentence without a break"]
    v = mf.embedding_vectors([mf.canonical(t)[0] for t in texts])
    assert v.shape == (2, 2 * embed.DIM)
    sent = embed.embed(["The council met on Monday.", "It approved the budget.", "Fares rise in July."])
    assert np.allclose(v[0, : embed.DIM], sent.mean(0), atol=1e-5)
    assert np.allclose(v[0, embed.DIM :], sent.std(0), atol=1e-5)
    # one sentence: its own vector and no spread; batching does not change a text's row
    assert np.allclose(v[1, embed.DIM :], 0.0, atol=1e-6)
    assert np.allclose(mf.embedding_vectors([mf.canonical(texts[1])[0]])[0], v[1], atol=1e-5)
