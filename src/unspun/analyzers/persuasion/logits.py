"""The span model's token logits, summed from remembered weights instead of feature strings.

:func:`unspun.analyzers.persuasion.features.token_features` writes ~25 feature strings a token (~20,000 an
800-word article) that the model then hashes and looks up; training reads them so. Every one of them is a
template filled from the token's own word, a neighbour's word, a pair of adjacent words, or one of a few
dozen fixed strings. :class:`TokenScorer` remembers the weight each template gives a word the first time
it meets it (word pairs, mostly new, are looked up for each text), and sums those: the same features with
the same weights, added in another order. Training keeps the strings;
``tests/analyzers/persuasion/test_logits.py`` checks the two agree.
"""

from __future__ import annotations

import numpy as np

from unspun.analyzers.persuasion.features import (
    LEXICONS,
    OFFSETS,
    REPEAT_BINS,
    SENTENCE_BINS,
    STOP,
    STRONG_BINS,
    Prepared,
    _bin,
    _vbucket,
    _word_feats,
    valence,
    word_clusters,
)
from unspun.text import hashfeat

#: remembered words before the memory is cleared (a few hundred articles' worth of new words)
MEMORY = 1 << 18


class TokenScorer:
    """Token logits of the span model (``intercept`` + the weights of each token's features)."""

    def __init__(self, vocab: hashfeat.Vocab, coef: np.ndarray, intercept: float) -> None:
        self.vocab, self.coef, self.intercept = vocab, coef, float(intercept)
        self._own: dict[tuple[str, str], float] = {}  # (word, raw) -> its own features, with its cluster
        self._near: dict[str, tuple[float, ...]] = {}  # word as a neighbour at each offset; its cluster before, after
        fixed = ([f"w{d}=<edge>" for d in OFFSETS] + ["q", "s!", "s?", "first", "last", "title"]
                 + [f"{p}={t}" for p in ("lxc", "lx", "slx") for t in LEXICONS]
                 + [f"sl={k}" for k in range(len(SENTENCE_BINS) + 1)] + [f"sv={k}" for k in range(len(STRONG_BINS) + 1)]
                 + [f"rep={k}" for k in range(len(REPEAT_BINS) + 1)])
        self._fixed: dict[str, float] = dict(zip(fixed, self._weights(fixed).tolist(), strict=True))

    def _weights(self, feats: list[str]) -> np.ndarray:
        cols = self.vocab.lookup(hashfeat.new_slots(feats))
        return np.where(cols >= 0, self.coef[np.maximum(cols, 0)], 0.0).astype(np.float64)

    def _sums(self, groups: list[list[str]]) -> list[float]:
        """The summed weight of each group of features (one look-up for all)."""
        flat = [f for g in groups for f in g]
        w = self._weights(flat)
        lens = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
        owner = np.repeat(np.arange(len(groups)), lens)  # an empty group sums to 0
        return list(np.bincount(owner, weights=w, minlength=len(groups)).tolist())

    def _learn(self, p: Prepared) -> None:
        if len(self._own) + len(self._near) > MEMORY:
            self._own.clear()
            self._near.clear()
        clusters, val = word_clusters(), valence()
        own = [k for k in dict.fromkeys(zip(p.words, p.raw, strict=True)) if k not in self._own]
        if own:
            groups = [["b", *_word_feats(w, r), *(["c=" + clusters[w]] if clusters.get(w) else [])] for w, r in own]
            self._own.update(zip(own, self._sums(groups), strict=True))
        near = [w for w in dict.fromkeys(p.words) if w not in self._near]
        if near:
            groups = []
            for w in near:
                vb, cl = _vbucket(val.get(w)), clusters.get(w, "")
                groups += [[f"w{d}={w}", f"v{d}={vb}"] for d in OFFSETS]
                groups += [["c-1=" + cl] if cl else [], ["c+1=" + cl] if cl else []]
            sums = self._sums(groups) if groups else []
            width = len(OFFSETS) + 2
            self._near.update((w, tuple(sums[i * width : (i + 1) * width])) for i, w in enumerate(near))

    def logits(self, p: Prepared) -> np.ndarray:
        """One logit a token, as ``intercept + sum(weights of token_features(p)[i])``."""
        n = len(p.toks)
        out = np.zeros(n)
        if not n:
            return out
        self._learn(p)
        fx, own, near = self._fixed, self._own, self._near
        words, lex = p.words, p.lex
        bounds = [p.sents[k] if k < len(p.sents) else (0, n) for k in p.sent_of]  # each token's sentence
        # word pairs: most of an article's are new to the model's memory (bigrams have a long tail), so
        # they are looked up for each article, not remembered
        bigrams, owner = [], []
        for i, (a, b) in enumerate(bounds):
            if i - 1 >= a:
                bigrams.append(f"bg-={words[i - 1]}|{words[i]}")
                owner.append(i)
            if i + 1 < b:
                bigrams.append(f"bg+={words[i]}|{words[i + 1]}")
                owner.append(i)
        pair = np.bincount(np.array(owner, dtype=np.int64), weights=self._weights(bigrams), minlength=n).tolist()
        val = valence()
        sent_const = [self._sentence(p, k, val) for k in range(len(p.sents))]
        edge = [fx[f"w{d}=<edge>"] for d in OFFSETS]
        for i, (a, b) in enumerate(bounds):
            w = words[i]
            k = p.sent_of[i]
            z = sent_const[k] if k < len(p.sents) else self._sentence_outside(n, k)
            z += self.intercept + own[(w, p.raw[i])]
            for di, d in enumerate(OFFSETS):
                j = i + d
                if a <= j < b:
                    z += near[words[j]][di]
                    for t in lex[j]:
                        z += fx["lxc=" + t]
                else:
                    z += edge[di]
            z += pair[i]
            if i - 1 >= a:
                z += near[words[i - 1]][4]
            if i + 1 < b:
                z += near[words[i + 1]][5]
            for t in lex[i]:
                z += fx["lx=" + t]
            if p.quoted[i]:
                z += fx["q"]
            if i == a:
                z += fx["first"]
            if i == b - 1:
                z += fx["last"]
            if w not in STOP and len(w) > 3 and w.isalpha():
                z += fx["rep=" + _bin(p.counts[w], REPEAT_BINS)]
            out[i] = z
        return out

    def _sentence(self, p: Prepared, k: int, val: dict[str, float]) -> float:
        """The features every token of sentence ``k`` shares (marks, length, first sentence, valence, lexicons)."""
        fx = self._fixed
        a, b = p.sents[k]
        raw = p.raw[a:b]
        z = fx["s!"] if "!" in raw else 0.0
        z += fx["s?"] if "?" in raw else 0.0
        z += fx["sl=" + _bin(b - a, SENTENCE_BINS)]
        z += fx["title"] if k == 0 else 0.0
        strong = sum(_vbucket(val.get(w)) in ("n2", "p2") for w in p.words[a:b])
        z += fx["sv=" + _bin(strong, STRONG_BINS)]
        for t in (set().union(*p.lex[a:b]) if b > a else ()):
            z += fx["slx=" + t]
        return z

    def _sentence_outside(self, n: int, k: int) -> float:
        """A token outside every sentence: its 'sentence' is the whole text (as token_features has it)."""
        return self._fixed["sl=" + _bin(n, SENTENCE_BINS)] + self._fixed["sv=0"] + (self._fixed["title"] if k == 0 else 0.0)
