"""The clickbait model: an n-gram logistic regression stacked with a network on the headline embedding.

Trained by ``training/train_clickbait.py`` (``python -m training.train_clickbait``);
data, split and figures in ``models/clickbait/CARD.md``. The analyzer
(:mod:`unspun.analyzers.clickbait.analyzer`) turns its scores into findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from unspun import models
from unspun.analyzers.clickbait.features import featurize
from unspun.text import hashfeat
from unspun.text.hashfeat import GROUPS

MODEL = "clickbait"
WEIGHTS = "weights.npz"


#: word pieces of the headline the embedding scorer reads (``embed.embed``'s default, as in training)
EMBED_TOKENS = 128

@dataclass(frozen=True)
class EmbeddingNet:
    """One hidden ReLU layer over a sentence embedding; returns a logit."""

    w1: np.ndarray  # (dim, hidden)
    b1: np.ndarray
    w2: np.ndarray  # (hidden,)
    b2: float

    def logits(self, emb: np.ndarray) -> np.ndarray:
        h = np.maximum(emb.astype(np.float32) @ self.w1 + self.b1, 0.0)
        return np.asarray(h @ self.w2 + self.b2, dtype=np.float64)


@dataclass(frozen=True)
class ClickbaitModel:
    vocabs: dict[str, hashfeat.Vocab]
    coefs: dict[str, np.ndarray]
    intercept: float
    platt: tuple[float, float]
    #: the embedding scorer and the stacker (weight of the n-gram score, weight of
    #: the embedding logit, bias); absent in n-gram-only models
    net: EmbeddingNet | None = None
    stack: tuple[float, float, float] | None = None

    @classmethod
    def from_file(cls, file: str | Path) -> ClickbaitModel:
        with np.load(file) as z:
            # the groups the weights were trained with (a subset of GROUPS)
            groups = [g for g in GROUPS if f"{g}_coef" in z.files]
            vocabs = {g: hashfeat.load_vocab(z, g) for g in groups}
            coefs = {g: z[f"{g}_coef"].astype(np.float32) for g in groups}
            net = stack = None
            if "net_w1" in z.files:
                net = EmbeddingNet(
                    z["net_w1"].astype(np.float32),
                    z["net_b1"].astype(np.float32),
                    z["net_w2"].astype(np.float32),
                    float(z["net_b2"][0]),
                )
                st = z["stack"]
                stack = (float(st[0]), float(st[1]), float(st[2]))
            platt = (float(z["platt"][0]), float(z["platt"][1]))
            return cls(vocabs, coefs, float(z["intercept"][0]), platt, net, stack)

    def combine(self, ngram_score: float, emb: np.ndarray | None) -> float:
        """The calibrated probability from the n-gram decision value and the embedding."""
        if self.net is not None and self.stack is not None and emb is not None:
            z = self.stack[0] * ngram_score + self.stack[1] * float(self.net.logits(emb[None, :])[0]) + self.stack[2]
        else:
            z = self.platt[0] * ngram_score + self.platt[1]
        return 1.0 / (1.0 + float(np.exp(-z)))

    def explain(self, headline: str, emb: np.ndarray | None = None) -> tuple[float, np.ndarray]:
        """Calibrated probability and the contribution of each character of ``headline``.

        ``emb`` is the headline's sentence embedding when the caller has it (batch
        scoring); otherwise it is computed here when the model uses one.
        """
        feats = featurize(headline)
        per_char = np.zeros(len(headline) + 1, dtype=np.float64)
        score = self.intercept
        for g in self.vocabs:
            fs = [f for f in feats if f.group == g]
            hashed = hashfeat.slots(g + ":" + f.name for f in fs)
            cols = self.vocabs[g].lookup(hashed)
            uniq, vals = hashfeat.tfidf_row(self.vocabs[g], hashed)
            if not len(uniq):
                continue
            contrib = vals * self.coefs[g][uniq]
            score += float(contrib.sum())
            # Spread each feature's contribution over its occurrences and their characters.
            by_col = dict(zip(uniq.tolist(), contrib.tolist(), strict=True))
            counts = dict(zip(*np.unique(cols[cols >= 0], return_counts=True), strict=True))
            for f, c in zip(fs, cols.tolist(), strict=True):
                if c < 0:
                    continue
                share = by_col[c] / counts[c]
                if f.end > f.start:
                    per_char[f.start : f.end] += share / (f.end - f.start)
        if self.net is not None and emb is None:
            from unspun.runtime import embed

            emb = embed.embed([headline], max_tokens=EMBED_TOKENS)[0]
        return self.combine(score, emb), per_char[: len(headline)]

    def probability(self, headline: str) -> float:
        return self.explain(headline)[0]

    def probabilities(self, headlines: list[str]) -> list[float]:
        """Score many headlines, embedding them in one batch."""
        embs: list[np.ndarray | None] = [None] * len(headlines)
        if self.net is not None and headlines:
            from unspun.runtime import embed

            embs = list(embed.embed(headlines, max_tokens=EMBED_TOKENS))
        return [self.explain(h, e)[0] for h, e in zip(headlines, embs, strict=True)]


@cache
def load() -> ClickbaitModel:
    """The shipped model, loaded once per process."""
    return ClickbaitModel.from_file(models.path(MODEL, WEIGHTS))
