"""The persuasion models: a token tagger for propaganda spans and a technique classifier.

Two linear models over hashed features (:mod:`unspun.analyzers.persuasion.features`),
trained by ``training/train_persuasion.py`` (``python -m training.train_persuasion``);
data, split and figures in ``models/persuasion/CARD.md``. The analyzer
(:mod:`unspun.analyzers.persuasion.analyzer`) turns the spans into findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from unspun import models
from unspun.analyzers.persuasion.features import STOP, TECHNIQUES, Prepared, prepare, span_features
from unspun.analyzers.persuasion.logits import TokenScorer
from unspun.text import hashfeat

MODEL = "persuasion"
WEIGHTS = "weights.npz"


@dataclass(frozen=True)
class PersuasionModel:
    si_vocab: hashfeat.Vocab
    si_coef: np.ndarray
    si_intercept: float
    threshold: float
    max_gap: int
    tc_vocab: hashfeat.Vocab
    tc_coef: np.ndarray  # (n_techniques, n_features)
    tc_intercept: np.ndarray
    #: hysteresis: a span is kept only if one of its tokens reaches this probability
    #: (``threshold`` only extends it); tuned with the threshold by cross-validation
    seed: float = 0.0

    @classmethod
    def from_file(cls, file: str | Path) -> PersuasionModel:
        with np.load(file) as z:
            return cls(
                hashfeat.load_vocab(z, "si"),
                z["si_coef"].astype(np.float32),
                float(z["si_intercept"][0]),
                float(z["si_threshold"][0]),
                int(z["si_max_gap"][0]),
                hashfeat.load_vocab(z, "tc"),
                z["tc_coef"].astype(np.float32),
                z["tc_intercept"].astype(np.float32),
                float(z["si_seed"][0]) if "si_seed" in z.files else 0.0,
            )

    @cached_property
    def scorer(self) -> TokenScorer:
        """The span model's token logits from remembered weights (one per process, with the model)."""
        return TokenScorer(self.si_vocab, self.si_coef, self.si_intercept)

    def token_probs(self, p: Prepared) -> np.ndarray:
        """The span model's probability for each token (the logistic of the weights of its
        :func:`~unspun.analyzers.persuasion.features.token_features`, summed by :mod:`.logits`)."""
        z = self.scorer.logits(p)
        out: np.ndarray = 1.0 / (1.0 + np.exp(-z))
        return out

    def spans(
        self, p: Prepared, probs: np.ndarray, threshold: float | None = None, seed: float | None = None
    ) -> list[tuple[int, int, float]]:
        """Join tokens at or above the threshold into spans ``(start, end, mean probability)``.

        Hysteresis decoding: runs of tokens at or above ``threshold`` (bridging gaps of
        up to ``max_gap``) become spans only when one of their tokens reaches ``seed``;
        a low extension threshold finds whole phrases, a higher seed keeps scattered
        weak tokens out (CV F1 on the training articles 0.3735 against 0.357 with one
        threshold, see CARD.md).
        """
        t = self.threshold if threshold is None else threshold
        sd = max(t, self.seed if seed is None else seed)
        out: list[tuple[int, int, float]] = []
        for a, b in p.sents:
            i = a
            while i < b:
                if probs[i] < t:
                    i += 1
                    continue
                j = i + 1
                while j < b:
                    if probs[j] >= t:
                        j += 1
                        continue
                    # bridge a gap of up to max_gap tokens before another hit
                    k = j
                    while k < b and k - j < self.max_gap and probs[k] < t:
                        k += 1
                    if k < b and k - j <= self.max_gap and probs[k] >= t:
                        j = k
                        continue
                    break
                s_i, e_i = i, j
                while s_i < e_i and not p.raw[s_i][0].isalnum():
                    s_i += 1
                while e_i > s_i and not p.raw[e_i - 1][0].isalnum():
                    e_i -= 1
                if e_i > s_i and probs[s_i:e_i].max() >= sd and any(w not in STOP for w in p.words[s_i:e_i]):
                    out.append((p.toks[s_i][0], p.toks[e_i - 1][1], float(probs[s_i:e_i].mean())))
                i = j
        return out

    def technique_probs(self, p: Prepared, s: int, e: int) -> np.ndarray:
        cols = self.tc_vocab.columns(span_features(p, s, e))
        cols = cols[cols >= 0]
        z = self.tc_intercept + self.tc_coef[:, cols].sum(axis=1)
        z = z - z.max()
        ez = np.exp(z)
        return np.asarray(ez / ez.sum())

    def analyse(self, text: str) -> list[tuple[int, int, float, str, float]]:
        """Spans ``(start, end, span probability, technique, technique probability)`` in ``text``."""
        p = prepare(text)
        out = []
        for s, e, sp in self.spans(p, self.token_probs(p)):
            tp = self.technique_probs(p, s, e)
            k = int(tp.argmax())
            out.append((s, e, sp, TECHNIQUES[k], float(tp[k])))
        return out


@cache
def load() -> PersuasionModel:
    """The shipped models, loaded once per process."""
    return PersuasionModel.from_file(models.path(MODEL, WEIGHTS))
