"""emotive_intensity: how emotive and sensational the body is, against ordinary news prose.

The emotive load of a text is its emotion-bearing weight per word: the absolute
VADER valence of each word (Hutto and Gilbert 2014, the lexicon shipped in
vaderSentiment), plus fixed weights for sensational vocabulary (the project's
``lexicons/sensational.txt``), exclamation marks and shouted capitals. The body's
load is placed in a reference distribution built from human-written news texts
(``training/build_emotive_reference.py``; 201 quantiles shipped in
``models/emotive_reference/quantiles.json``, not the texts) and reported as a
percentile, with the most emotive sentences as spans.
"""

from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from typing import Any

import numpy as np

from unspun import models
from unspun.analyzers import Analyzer, NotApplicable
from unspun.document import Document, Span
from unspun.findings import Analysis, Finding, ModelInfo, quote
from unspun.text import lexicons

MODEL = "emotive_reference"
FILE = "quantiles.json"

#: Weights on the VADER valence scale (which runs to 4): a sensational word counts
#: like a strongly valenced one; "!" and a shouted word like a mild one. Set by
#: judgement, once, before the reference was built; the percentile is relative,
#: so the same weights apply to the reference and to the article.
W_SENSATIONAL = 2.5
W_EXCLAIM = 1.5
W_CAPS = 1.0
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_CAPS = re.compile(r"(?<![\w’'])[A-Z]{4,}(?![\w’'])")


def _valence() -> dict[str, float]:
    from unspun.analyzers.persuasion.features import valence

    return valence()


def _events(text: str) -> tuple[list[int], list[float], list[int]]:
    """Positions and weights of emotive events, and the start of every word, in one pass."""
    val = _valence()
    pos: list[int] = []
    wts: list[float] = []
    word_starts: list[int] = []
    for m in _WORD.finditer(text):
        word_starts.append(m.start())
        v = val.get(m.group(0).lower())
        if v:
            pos.append(m.start())
            wts.append(abs(v))
    for m in lexicons.pattern("sensational").finditer(text):
        pos.append(m.start())
        wts.append(W_SENSATIONAL)
    i = text.find("!")
    while i >= 0:
        pos.append(i)
        wts.append(W_EXCLAIM)
        i = text.find("!", i + 1)
    acr = set(lexicons.load("acronyms"))
    for m in _CAPS.finditer(text):
        if m.group(0).lower() not in acr:
            pos.append(m.start())
            wts.append(W_CAPS)
    return pos, wts, word_starts


def load(text: str) -> tuple[float, int]:
    """Emotive weight and word count of ``text``."""
    _, wts, words = _events(text)
    return float(sum(wts)), len(words)


def load_by_span(text: str, spans: list[tuple[int, int]]) -> list[tuple[float, int]]:
    """Emotive weight and word count of each ``text[s:e]``, scanning the text once."""
    pos, wts, words = _events(text)
    order = sorted(range(len(pos)), key=pos.__getitem__)
    ps = [pos[i] for i in order]
    cum = [0.0]
    for i in order:
        cum.append(cum[-1] + wts[i])
    out = []
    for s, e in spans:
        a, b = bisect.bisect_left(ps, s), bisect.bisect_left(ps, e)
        out.append((cum[b] - cum[a], bisect.bisect_left(words, e) - bisect.bisect_left(words, s)))
    return out


def density(text: str) -> float:
    """Emotive weight per 100 words."""
    w, n = load(text)
    return 100.0 * w / n if n else 0.0


@lru_cache(maxsize=1)
def reference() -> tuple[np.ndarray, dict[str, Any]]:
    data = json.loads(models.path(MODEL, FILE).read_text(encoding="utf-8"))
    return np.asarray(data["quantiles"], dtype=np.float64), data


def percentile(value: float) -> float:
    """Share (0-100) of reference texts with a lower emotive load than ``value``."""
    q, _ = reference()
    levels = np.linspace(0.0, 100.0, len(q))
    return float(np.interp(value, q, levels, left=0.0, right=100.0))


class EmotiveIntensity(Analyzer):
    name = "emotive_intensity"
    description = "emotive and sensational load of the body as a percentile of ordinary news prose, with the strongest sentences"
    requires = ("body",)

    def __init__(self, *, min_words: int = 50, min_percentile: float = 90.0, top_sentences: int = 3) -> None:
        self.min_words = min_words
        self.min_percentile = min_percentile
        self.top_sentences = top_sentences

    def models(self) -> tuple[ModelInfo, ...]:
        return (models.info(MODEL, FILE),)

    def _measure(self, doc: Document) -> tuple[float, float, list[tuple[float, Span]]]:
        spans = [(doc.body.start, doc.body.end)] + [(x.start, x.end) for x in doc.sentences]
        (w, n), *sent_loads = load_by_span(doc.text, spans)
        if n < self.min_words:
            raise NotApplicable(f"the body has {n} words; a percentile needs at least {self.min_words}")
        dens = 100.0 * w / n
        per_sentence = []
        for (sw, sn), sent in zip(sent_loads, doc.sentences, strict=True):
            if sw > 0:
                # per word, but a short sentence counts as 8 words so one charged word does not top the list
                per_sentence.append((sw / max(sn, 8), sent))
        per_sentence.sort(key=lambda x: (-x[0], x[1].start))
        return dens, percentile(dens), per_sentence

    def analyse(self, doc: Document) -> Analysis:
        dens, pct, ranked = self._measure(doc)
        summary = {"percentile": round(pct, 1), "per_100_words": round(dens, 2)}
        if pct < self.min_percentile or not ranked:
            return Analysis((), summary, self.models())
        top = sorted((s for _, s in ranked[: self.top_sentences]), key=lambda s: s.start)
        quoted = "; ".join(quote(doc.text[s.start : s.end]) for s in top)
        finding = Finding(
            analyzer=self.name,
            label="emotive_intensity",
            severity="medium" if pct >= 97 else "low",
            score=round(pct / 100.0, 4),
            spans=tuple(top),
            explanation=(
                f"The body is more emotive than {pct:.0f}% of reference news texts "
                f"({dens:.1f} emotive points per 100 words); its strongest sentences: {quoted}."
            ),
            data={"percentile": round(pct, 1), "per_100_words": round(dens, 2), "reference": reference()[1]["source"]},
        )
        return Analysis((finding,), summary, self.models())
