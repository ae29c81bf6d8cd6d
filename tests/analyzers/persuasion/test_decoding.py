"""Hysteresis decoding of token probabilities into spans (PersuasionModel.spans)."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.analyzers.persuasion.features import prepare
from unspun.analyzers.persuasion.model import PersuasionModel
from unspun.text import hashfeat

TEXT = "Officials said the corrupt regime lied again about the budget today."
_EMPTY = hashfeat.Vocab(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


def _model(threshold: float, seed: float, gap: int = 0) -> PersuasionModel:
    return PersuasionModel(_EMPTY, np.zeros(0), 0.0, threshold, gap, _EMPTY, np.zeros((1, 0)), np.zeros(1), seed)


def _probs(high: dict[str, float]) -> np.ndarray:
    p = prepare(TEXT)
    return np.array([high.get(w, 0.05) for w in p.words])


@pytest.mark.parametrize(
    ("high", "threshold", "seed", "expected"),
    [
        # one strong token carries its weaker neighbours into the span
        ({"corrupt": 0.6, "regime": 0.25, "lied": 0.25}, 0.2, 0.4, ["corrupt regime lied"]),
        # a run of weak tokens with no seed is dropped
        ({"corrupt": 0.3, "regime": 0.25, "lied": 0.25}, 0.2, 0.4, []),
        # seed at the threshold: plain single-threshold decoding
        ({"corrupt": 0.3, "regime": 0.25, "lied": 0.25}, 0.2, 0.2, ["corrupt regime lied"]),
        # two runs, only the seeded one stays
        ({"corrupt": 0.6, "budget": 0.3}, 0.2, 0.4, ["corrupt"]),
    ],
)
def test_hysteresis(high: dict[str, float], threshold: float, seed: float, expected: list[str]) -> None:
    p = prepare(TEXT)
    got = [TEXT[s:e] for s, e, _ in _model(threshold, seed).spans(p, _probs(high))]
    assert got == expected


def test_shipped_model_seed_is_not_below_threshold() -> None:
    from unspun.analyzers.persuasion.model import load

    m = load()
    assert m.seed >= m.threshold > 0.0
