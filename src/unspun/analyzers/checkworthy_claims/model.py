"""The check-worthiness model: an n-gram and cue logistic regression stacked with a network on the sentence embedding.

Trained by ``training/train_checkworthy.py`` (``python -m training.train_checkworthy``)
on ClaimBuster and CLEF-2019 CheckThat! task 1; data, split and figures in
``models/checkworthy/CARD.md``. Two scorers over one sentence:

- a logistic regression over hashed word 1-2-grams, character 3-5-grams and the named
  cues of :mod:`.features`;
- a one-hidden-layer network over the sentence's all-MiniLM-L6-v2 embedding.

Both were trained on the two data sets together with one extra input that says which
set a sentence came from (ClaimBuster's "check-worthy factual sentence" or CLEF's
"a fact-checker checked it", whose base rates differ tenfold). News prose is scored
as ClaimBuster (the generic notion, input 0); :meth:`CheckworthyModel.scores` with
``debate=True`` scores as CLEF for the ranking benchmark. Two logistic stackers fitted
on out-of-fold scores turn the pair into a calibrated probability (ClaimBuster) and a
debate ranking score (CLEF).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from unspun import models
from unspun.analyzers.checkworthy_claims.features import featurize
from unspun.text import hashfeat
from unspun.text.hashfeat import GROUPS

MODEL = "checkworthy"
WEIGHTS = "weights.npz"
#: word pieces of a sentence the embedding reads (as in training)
EMBED_TOKENS = 96


@dataclass(frozen=True)
class EmbeddingNet:
    """One hidden ReLU layer over a sentence embedding plus the data-set input; returns a logit."""

    w1: np.ndarray  # (dim + 1, hidden)
    b1: np.ndarray
    w2: np.ndarray  # (hidden,)
    b2: float

    def logits(self, emb: np.ndarray, debate: bool = False) -> np.ndarray:
        x = np.hstack([emb.astype(np.float32), np.full((len(emb), 1), float(debate), dtype=np.float32)])
        h = np.maximum(x @ self.w1 + self.b1, 0.0)
        return np.asarray(h @ self.w2 + self.b2, dtype=np.float64)


@dataclass(frozen=True)
class CheckworthyModel:
    vocabs: dict[str, hashfeat.Vocab]
    coefs: dict[str, np.ndarray]
    src_coef: float  # weight of the data-set input (1 = CLEF debate)
    intercept: float
    net: EmbeddingNet
    #: (weight of the n-gram score, weight of the embedding logit, bias)
    stack_news: tuple[float, float, float]
    stack_debate: tuple[float, float, float]
    #: the probability at or above which a sentence counts as check-worthy (max F1 on
    #: out-of-fold ClaimBuster training scores)
    threshold: float

    @classmethod
    def from_file(cls, file: str | Path) -> CheckworthyModel:
        with np.load(file) as z:
            vocabs = {g: hashfeat.load_vocab(z, g) for g in GROUPS}
            coefs = {g: z[f"{g}_coef"].astype(np.float32) for g in GROUPS}
            net = EmbeddingNet(
                z["net_w1"].astype(np.float32), z["net_b1"].astype(np.float32),
                z["net_w2"].astype(np.float32), float(z["net_b2"][0]),
            )
            sn, sd = z["stack_news"], z["stack_debate"]
            return cls(
                vocabs, coefs, float(z["src_coef"][0]), float(z["intercept"][0]), net,
                (float(sn[0]), float(sn[1]), float(sn[2])), (float(sd[0]), float(sd[1]), float(sd[2])),
                float(z["threshold"][0]),
            )

    def ngram_score(self, text: str, debate: bool = False) -> float:
        """The logistic regression's decision value for one sentence."""
        feats = featurize(text)
        score = self.intercept + (self.src_coef if debate else 0.0)
        for g in GROUPS:
            cols, vals = hashfeat.tfidf_row(self.vocabs[g], hashfeat.slots(g + ":" + f.name for f in feats if f.group == g))
            if len(cols):
                score += float(vals @ self.coefs[g][cols])
        return score

    def scores(self, texts: list[str], emb: np.ndarray | None = None, *, debate: bool = False) -> np.ndarray:
        """Stacked scores of many sentences: probabilities (news) or ranking logits (``debate``).

        ``emb`` is the sentences' embeddings when the caller has them; else they are computed.
        """
        if not texts:
            return np.zeros(0)
        if emb is None:
            from unspun.runtime import embed

            emb = embed.embed(texts, max_tokens=EMBED_TOKENS)
        ng = np.array([self.ngram_score(t, debate) for t in texts])
        nl = self.net.logits(emb, debate)
        a, b, c = self.stack_debate if debate else self.stack_news
        z = a * ng + b * nl + c
        return z if debate else 1.0 / (1.0 + np.exp(-z))

    def probabilities(self, texts: list[str], emb: np.ndarray | None = None) -> list[float]:
        """Calibrated probability that each sentence is a check-worthy factual claim."""
        return [float(p) for p in self.scores(texts, emb)]


@cache
def load() -> CheckworthyModel:
    """The shipped model, loaded once per process."""
    return CheckworthyModel.from_file(models.path(MODEL, WEIGHTS))
