"""The machine-text model: a calibrated blend of an additive model and gradient-boosted trees.

Its inputs are the signals of :mod:`unspun.analyzers.machine_text.features` (language-model
statistics, style, two n-gram scores, two sentence-embedding scores); it is trained by
``training/train_machine_text.py`` (``python -m training.train_machine_text``), with
data, split and figures in ``models/machine_text/CARD.md``. The trees ship as plain
arrays and are walked here in numpy (:func:`tree_parts`). The analyzer
(:mod:`unspun.analyzers.machine_text.analyzer`) turns a :class:`Scored` text into a finding.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from unspun import models
from unspun.analyzers import NotApplicable
from unspun.analyzers.machine_text import current
from unspun.analyzers.machine_text.features import (
    LM_STATS,
    SKIP_TOKENS,
    canonical,
    embedding_vectors,
    linear_score,
    lm_features,
    ngrams,
    scorable,
    sentences,
    style_features,
    token_terms,
    transition_spans,
    vocabulary_spans,
)
from unspun.text import hashfeat

MODEL = "machine_text"
WEIGHTS = "combiner.npz"
#: the stacked n-gram scores' names among the combiner's features
NGRAM = "ng_score"
NGRAM_IU = "ng_iu_score"
EMB = "emb_score"
EMB_IU = "emb_iu_score"


def _linear(z: Any, prefix: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """A stored logistic regression on standardised inputs: mean, scale, coefficients, intercept."""
    return (
        z[f"{prefix}_mean"].astype(np.float64),
        z[f"{prefix}_scale"].astype(np.float64),
        z[f"{prefix}_coef"].astype(np.float64),
        float(z[f"{prefix}_intercept"][0]),
    )


def tree_parts(
    x: np.ndarray, feature: np.ndarray, threshold: np.ndarray, left: np.ndarray, right: np.ndarray, leaf: np.ndarray, value: np.ndarray, roots: np.ndarray
) -> tuple[float, np.ndarray]:
    """A tree ensemble's score of ``x`` as (sum of the roots' values, each feature's part).

    ``value`` is every node's expected score (a leaf's own value; a split node's, the
    training-count-weighted mean of its leaves), so the score (plus the ensemble's
    baseline) is the roots' sum plus, along each tree's path, the change from every
    node to the child taken, credited to the node's split feature (Saabas 2014).
    Node k goes left when ``x[feature[k]] <= threshold[k]``.
    """
    parts = np.zeros(len(x), dtype=np.float64)
    base = 0.0
    for k in roots.tolist():
        base += float(value[k])
        while not leaf[k]:
            j = int(feature[k])
            c = int(left[k]) if x[j] <= threshold[k] else int(right[k])
            parts[j] += float(value[c] - value[k])
            k = c
    return base, parts


@dataclass(frozen=True)
class Scored:
    """One text scored: probability, features, and where the score came from."""

    probability: float
    logit: float
    features: dict[str, float]
    contributions: dict[str, float]  # feature -> its terms in the logit (additive and trees), relative to a typical training text
    canon: str
    src: np.ndarray  # canonical char -> index in the scored text
    token_offsets: np.ndarray  # (T, 2) into canon
    token_terms: dict[str, np.ndarray]
    n_tokens: int
    truncated: bool
    current: float | None = None  # the current-model head's probability (issue 16), None without the head


@dataclass(frozen=True)
class MachineTextModel:
    """logit = blend[0] * (intercept + sum of one piecewise-linear function per feature) + blend[1] * trees.

    Feature j's function passes through ``(knots[j][k], values[j][k])`` and is
    constant beyond the outer knots (the knots are training quantiles, so a value
    outside what training saw is not extrapolated). The gradient-boosted trees
    (``gbt_*`` arrays, see ``training/train_machine_text.py``'s ``export_trees``)
    score ``gbt_baseline`` plus :func:`tree_parts`. A feature's *contribution* is
    ``blend[0]`` times its function's value minus its value at ``ref`` (the training
    mean), plus ``blend[1]`` times its part of the trees' score minus that part's
    training mean (``gbt_ref``): what the feature added to the logit compared with
    a typical training text. The contributions add up to the logit minus
    :meth:`reference_logit`.
    """

    names: tuple[str, ...]
    knots: tuple[np.ndarray, ...]
    values: tuple[np.ndarray, ...]
    ref: np.ndarray
    intercept: float
    platt: tuple[float, float]
    ng_vocab: hashfeat.Vocab
    ng_coef: np.ndarray
    ng_intercept: float
    ngiu_vocab: hashfeat.Vocab
    ngiu_coef: np.ndarray
    ngiu_intercept: float
    emb: tuple[np.ndarray, np.ndarray, np.ndarray, float]  # mean, scale, coefficients, intercept
    embiu: tuple[np.ndarray, np.ndarray, np.ndarray, float]
    blend: tuple[float, float]
    gbt_feature: np.ndarray
    gbt_threshold: np.ndarray
    gbt_left: np.ndarray
    gbt_right: np.ndarray
    gbt_leaf: np.ndarray
    gbt_value: np.ndarray
    gbt_roots: np.ndarray
    gbt_baseline: float
    gbt_ref: np.ndarray
    max_tokens: int

    @classmethod
    def from_file(cls, file: str | Path) -> MachineTextModel:
        with np.load(file) as z:
            counts = z["n_knots"].astype(np.int64)
            knots = z["knots"].astype(np.float64)
            values = z["values"].astype(np.float64)
            return cls(
                names=tuple(str(n) for n in z["names"]),
                knots=tuple(knots[j, : counts[j]] for j in range(len(counts))),
                values=tuple(values[j, : counts[j]] for j in range(len(counts))),
                ref=z["ref"].astype(np.float64),
                intercept=float(z["intercept"][0]),
                platt=(float(z["platt"][0]), float(z["platt"][1])),
                ng_vocab=hashfeat.load_vocab(z, "ng"),
                ng_coef=z["ng_coef"].astype(np.float64),
                ng_intercept=float(z["ng_intercept"][0]),
                ngiu_vocab=hashfeat.load_vocab(z, "ngiu"),
                ngiu_coef=z["ngiu_coef"].astype(np.float64),
                ngiu_intercept=float(z["ngiu_intercept"][0]),
                emb=_linear(z, "emb"),
                embiu=_linear(z, "embiu"),
                blend=(float(z["blend"][0]), float(z["blend"][1])),
                gbt_feature=z["gbt_feature"].astype(np.int64),
                gbt_threshold=z["gbt_threshold"].astype(np.float64),
                gbt_left=z["gbt_left"].astype(np.int64),
                gbt_right=z["gbt_right"].astype(np.int64),
                gbt_leaf=z["gbt_leaf"].astype(bool),
                gbt_value=z["gbt_value"].astype(np.float64),
                gbt_roots=z["gbt_roots"].astype(np.int64),
                gbt_baseline=float(z["gbt_baseline"][0]),
                gbt_ref=z["gbt_ref"].astype(np.float64),
                max_tokens=int(z["max_tokens"][0]),
            )

    def ngram_scores(self, canon: str) -> tuple[float, float]:
        """The scores of the n-gram model trained on all texts and of the one trained on the IU texts."""
        hashed = hashfeat.slots(ngrams(canon))
        cols, vals = hashfeat.tfidf_row(self.ng_vocab, hashed)
        cols_iu, vals_iu = hashfeat.tfidf_row(self.ngiu_vocab, hashed)
        return (
            float(self.ng_intercept + (vals * self.ng_coef[cols]).sum()),
            float(self.ngiu_intercept + (vals_iu * self.ngiu_coef[cols_iu]).sum()),
        )

    def embedding_scores(self, vec: np.ndarray) -> tuple[float, float]:
        """The scores of the embedding regressions (all texts, IU texts) for one ``embedding_vectors`` row."""
        return float(linear_score(vec, *self.emb)), float(linear_score(vec, *self.embiu))

    def features(self, canon: str, stats: dict[str, np.ndarray], emb: np.ndarray | None = None) -> dict[str, float]:
        """Every input of the combiner; ``emb`` is the text's ``embedding_vectors`` row when already computed."""
        sents = sentences(canon)
        f = lm_features(stats, self.max_tokens)
        f |= style_features(canon, sents)
        f[NGRAM], f[NGRAM_IU] = self.ngram_scores(canon)
        f[EMB], f[EMB_IU] = self.embedding_scores(embedding_vectors([canon], [sents])[0] if emb is None else emb)
        return f

    def vector(self, feats: dict[str, float]) -> np.ndarray:
        return np.array([feats[n] for n in self.names], dtype=np.float64)

    def shape(self, j: int, x: float) -> float:
        return float(np.interp(x, self.knots[j], self.values[j]))

    def logit_terms(self, x: np.ndarray) -> np.ndarray:
        """Each feature's term in the logit (additive part), relative to its value at the training mean."""
        return self.blend[0] * np.array([self.shape(j, float(x[j])) - self.shape(j, float(self.ref[j])) for j in range(len(x))])

    def tree_parts(self, x: np.ndarray) -> tuple[float, np.ndarray]:
        """The trees' constant (baseline plus the roots' values) and each feature's part of their score."""
        base, parts = tree_parts(x, self.gbt_feature, self.gbt_threshold, self.gbt_left, self.gbt_right, self.gbt_leaf, self.gbt_value, self.gbt_roots)
        return self.gbt_baseline + base, parts

    def tree_score(self, x: np.ndarray) -> float:
        """The gradient-boosted trees' raw score (scikit-learn's ``decision_function``)."""
        base, parts = self.tree_parts(x)
        return float(base + parts.sum())

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Each feature's terms in the logit (additive and trees) relative to a typical training text."""
        out: np.ndarray = self.logit_terms(x) + self.blend[1] * (self.tree_parts(x)[1] - self.gbt_ref)
        return out

    def reference_logit(self) -> float:
        """The logit minus the sum of the contributions (the same for every text)."""
        return self.blend[0] * self.additive_logit(self.ref) + self.blend[1] * (self.tree_parts(self.ref)[0] + float(self.gbt_ref.sum()))

    def additive_logit(self, x: np.ndarray) -> float:
        return self.intercept + sum(self.shape(j, float(x[j])) for j in range(len(x)))

    def logit(self, x: np.ndarray) -> float:
        return self.blend[0] * self.additive_logit(x) + self.blend[1] * self.tree_score(x)

    def calibrate(self, logit: float) -> float:
        a, b = self.platt
        return 1.0 / (1.0 + float(np.exp(-(a * logit + b))))

    def probability_of(self, canon: str, stats: dict[str, np.ndarray], emb: np.ndarray | None = None) -> float:
        return self.calibrate(self.logit(self.vector(self.features(canon, stats, emb))))

    def score(self, text: str) -> Scored:
        """Score a text: canonical form, language-model pass, features, probability."""
        from unspun.runtime import lm

        canon, src = canonical(text)
        st = lm.token_stats(canon, max_tokens=self.max_tokens)
        if not scorable(len(st)):
            raise NotApplicable(f"the body has {len(st)} tokens; the language-model signals need more than {SKIP_TOKENS + 1}")
        stats = {k: getattr(st, k) for k in LM_STATS}
        sents = sentences(canon)
        # = embedding_vectors([canon], [sents])[0], keeping each sentence's vector for the head
        emb, known = current.embedding_summary(current.sentence_texts(canon, sents))
        feats = self.features(canon, stats, emb)
        x = self.vector(feats)
        logit = self.logit(x)
        n_all = len(lm.load().encode(canon)[0]) if len(st) >= self.max_tokens else len(st)
        return Scored(
            probability=self.calibrate(logit),
            logit=logit,
            features=feats,
            contributions=dict(zip(self.names, self.contributions(x).tolist(), strict=True)),
            canon=canon,
            src=src,
            token_offsets=st.offsets,
            token_terms=token_terms(stats),
            n_tokens=len(st),
            truncated=n_all > len(st),
            current=current.probability(text, canon, sents, feats, emb, known),
        )

    def sentence_contributions(self, s: Scored, spans: list[tuple[int, int]]) -> np.ndarray:
        """Each span's share of the logit, ``spans`` being ``[start, end)`` ranges of the canonical text.

        A feature that is a sum over tokens contributes to each sentence in
        proportion to the sentence's part of the feature's deviation from the
        training mean (its tokens' terms, minus their share of the mean); the
        rate of LLM-favoured words and of opening transitions likewise, by the
        sentences the words are in. Features of the whole text (spread,
        quantiles, sentence-length variation, the n-gram and embedding scores) are not shared
        out. A feature's contribution includes its part of the trees' score, so
        that part is shared out the same way.
        """
        out = np.zeros(len(spans), dtype=np.float64)
        if not spans:
            return out
        starts = [a for a, _ in spans]

        def which(pos: int) -> int:
            i = bisect.bisect_right(starts, pos) - 1
            return i if 0 <= i and pos < spans[i][1] else -1

        idx = {n: i for i, n in enumerate(self.names)}
        x = self.vector(s.features)
        contrib = self.contributions(x)

        def share(j: int, deviation: float) -> float:
            """Feature j's contribution times this part's share of the feature's deviation from ref."""
            d = float(x[j] - self.ref[j])
            return float(contrib[j]) * deviation / d if abs(d) > 1e-12 else 0.0

        offs = s.token_offsets[SKIP_TOKENS:]
        # a byte-level token's span starts at the space before its word: place it by the word
        tok_sent = np.array([which(int(a) + (s.canon[int(a) : int(a) + 1] == " ")) for a, _ in offs], dtype=np.int64)
        ok = tok_sent >= 0
        for name, arr in s.token_terms.items():
            if name not in idx:
                continue
            j = idx[name]
            dev = np.zeros(len(spans))
            np.add.at(dev, tok_sent[ok], (arr - self.ref[j] / len(arr))[ok])
            out += [share(j, float(v)) for v in dev]
        n_words = max(len(s.canon.split()), 1)
        span_words = [len(s.canon[a:b].split()) / n_words for a, b in spans]
        hits: list[tuple[str, float, list[tuple[int, int]]]] = [
            ("st_llm_vocab", 100.0 / n_words, vocabulary_spans(s.canon)),
            ("st_llm_transition", 1.0 / max(len(spans), 1), transition_spans(s.canon, spans)),
        ]
        for name, unit, where in hits:
            if name not in idx:
                continue
            j = idx[name]
            dev = np.array([-self.ref[j] * w for w in span_words])
            for a, _ in where:
                i = which(a)
                if i >= 0:
                    dev[i] += unit
            out += [share(j, float(v)) for v in dev]
        return out


@cache
def load() -> MachineTextModel:
    """The shipped model, loaded once per process."""
    return MachineTextModel.from_file(models.path(MODEL, WEIGHTS))
