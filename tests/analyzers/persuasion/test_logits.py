"""The span model's token logits from remembered weights equal those of its feature strings."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.analyzers.persuasion.features import prepare, token_features
from unspun.analyzers.persuasion.logits import TokenScorer
from unspun.analyzers.persuasion.model import PersuasionModel, load


def _from_strings(m: PersuasionModel, text: str) -> np.ndarray:
    """What training reads: intercept + the weights of each token's feature strings."""
    out = []
    for feats in token_features(prepare(text)):
        cols = m.si_vocab.columns(feats)
        out.append(m.si_intercept + float(np.where(cols >= 0, m.si_coef[np.maximum(cols, 0)], 0.0).astype(np.float64).sum()))
    return np.array(out)


TEXTS = [
    "",
    "Traitors!",
    "The corrupt, lying elites want to destroy our great nation. They will never stop!",
    "Is this \"the worst disaster in history\"? Critics say it is a hoax.\n\nOfficials said on Tuesday the plan was sound.",
    "Flood warnings\n\nThe river rose 2 metres overnight, the agency said. Residents were evacuated; no one was hurt.",
    "Repeat, repeat, repeat: the radical left, the radical left, the radical left.",
    "“Quoted words,” he said. ‘Single quotes’ too — and a dash.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_remembered_weights_equal_the_feature_strings(text: str) -> None:
    m = load()
    want = _from_strings(m, text)
    fresh = TokenScorer(m.si_vocab, m.si_coef, m.si_intercept).logits(prepare(text))
    again = m.scorer.logits(prepare(text))  # a scorer that has met other texts first
    assert fresh.shape == want.shape == again.shape
    np.testing.assert_allclose(fresh, want, atol=1e-9)
    np.testing.assert_allclose(again, want, atol=1e-9)


def test_memory_is_cleared_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    from unspun.analyzers.persuasion import logits

    m = load()
    monkeypatch.setattr(logits, "MEMORY", 10)
    s = TokenScorer(m.si_vocab, m.si_coef, m.si_intercept)
    for text in TEXTS[2:]:
        np.testing.assert_allclose(s.logits(prepare(text)), _from_strings(m, text), atol=1e-9)
    last = prepare(TEXTS[-1])
    assert len(s._own) == len(set(zip(last.words, last.raw, strict=True)))  # cleared before the last text
