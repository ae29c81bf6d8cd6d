"""emotive_intensity: how emotive and sensational the body's wording is, against ordinary news prose.

The emotive load of a text is its emotion-bearing weight per word: the absolute
VADER valence of each word (Hutto and Gilbert 2014, the lexicon shipped in
vaderSentiment), plus fixed weights for sensational vocabulary (the project's
``lexicons/sensational.txt``), exclamation marks and shouted capitals. The body's
load is placed in a reference distribution built from human-written news texts
(``training/build_emotive_reference.py``; 201 quantiles shipped in
``models/emotive_reference/quantiles.json``, not the texts) and reported as a
percentile, with the most emotive sentences as spans.

It measures the writer's wording, not the subject or other people's words (since
reference 2.0):

- only VADER words that work as wording count: adjectives, adverbs and interjections
  ("horrific", "shamefully", "wow"), listed in ``models/emotive_reference/words.txt``
  (``training/build_emotive_words.py``); nouns and verbs that name what happened
  ("killed", "won", "poverty", "award") and the descriptive words of
  ``lexicons/emotive_subject.txt`` ("dead", "guilty") do not, so a plain account of a
  murder trial or an awards night is not emotive for its topic;
- words inside quotations and the reported part of reported speech ("analysts said
  ...", ``unspun.text.quotes``) are someone else's;
- capitalised words inside a sentence are names and titles (a spell called "Fury", the
  film "Joker", "Best Picture");
- headings, bylines and link lines (short lines with no sentence mark,
  ``segment.heading_lines``) are layout, not prose.

Those words count as words but carry no load, in the article and in the reference alike.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np

from unspun import models
from unspun.analyzers import Analyzer, NotApplicable
from unspun.document import Document, Span
from unspun.findings import Analysis, Finding, ModelInfo, quote
from unspun.text import lexicons, segment
from unspun.text.quotes import quote_spans, reported_spans
from unspun.text.tokens import LETTER_WORD

MODEL = "emotive_reference"
FILE = "quantiles.json"
WORDS = "words.txt"

#: Weights on the VADER valence scale (which runs to 4): a sensational word counts
#: like a strongly valenced one; "!" and a shouted word like a mild one. Set by
#: judgement, once, before the reference was built; the percentile is relative,
#: so the same weights apply to the reference and to the article.
W_SENSATIONAL = 2.5
W_EXCLAIM = 1.5
W_CAPS = 1.0
#: entries of the headline lexicon ``sensational.txt`` that are ordinary words in a body's prose
#: ("at the end of the year", "a huge crowd", "the report revealed"): not counted here
_ORDINARY_IN_PROSE = frozenset(
    """dying|total|huge|massive|revealed|reveals|secret|secrets|warning|breaking|alert|urgent|
    exposed|exposes|collapse|collapses|collapsing|destroy|destroys|destroyed|crush|crushes|crushed|blast|blasts|blasted|
    disaster|panic|scandal|unprecedented|shock|shocked|stunned|rage|raging|chaos|chaotic""".replace("\n", "").replace(" ", "").split("|")
    + ["end of", "the end of", "death of"]
)
#: a wire dateline opening a line: "LOS ANGELES (Reuters) -", "WASHINGTON (AP) —"
_DATELINE = re.compile(r"(?m)^[A-Z][A-Z .,'’-]{2,40}(?:\([A-Za-z .]+\))?\s*[-—–]")
_CAPS = re.compile(r"(?<![\w’'])[A-Z]{4,}(?![\w’'])")


def _valence() -> dict[str, float]:
    from unspun.analyzers.persuasion.features import valence

    return valence()


def _sentence_initial(text: str, i: int) -> bool:
    """Whether the word at ``i`` opens a sentence, a line or a quotation (so its capital says nothing)."""
    j = i - 1
    while j >= 0 and text[j] in " \t\"'“‘([\u00a0":
        j -= 1
    return j < 0 or text[j] in ".!?…:;\n—–-•*"


@lru_cache(maxsize=1)
def wording() -> frozenset[str]:
    """The VADER words that count as wording (shipped with the reference, see the module docstring)."""
    raw = models.path(MODEL, WORDS).read_text(encoding="utf-8")
    return frozenset(w for w in (ln.strip() for ln in raw.splitlines()) if w and not w.startswith("#"))


def _events(text: str, words: frozenset[str] | None = None,
            quotes: Iterable[tuple[int, int]] | None = None) -> tuple[list[int], list[float], list[int]]:
    """Positions and weights of emotive events, and the start of every word, in one pass.

    Words that are not wording (``words``, default :func:`wording`), subject-matter words
    (``lexicons/emotive_subject.txt``), words inside quotations (``quotes``, the text's quotations
    when the caller has them, else read here), reported speech or headings
    and capitalised words inside a sentence (names and titles) count as words with no load.
    """
    val = _valence()
    subject = _subject()
    words = wording() if words is None else words
    from unspun.analyzers.persuasion.features import sentence_spans

    other = np.zeros(len(text) + 1, dtype=bool)
    quoted_spans = quote_spans(text) if quotes is None else list(quotes)
    for s, e in quoted_spans + reported_spans(text, sentence_spans(text)) + segment.heading_lines(text):
        other[s:e] = True

    def quoted(i: int) -> bool:
        return bool(other[i])

    pos: list[int] = []
    wts: list[float] = []
    word_starts: list[int] = []
    for m in LETTER_WORD.finditer(text):
        word_starts.append(m.start())
        w = m.group(0)
        low = w.lower()
        v = val.get(low) if len(w) > 1 else None
        if not v or low not in words or low in subject or quoted(m.start()):
            continue
        if w[0].isupper() and not w.isupper() and not _sentence_initial(text, m.start()):
            continue  # a name or a title
        pos.append(m.start())
        wts.append(abs(v))
    for m in sensational_in_prose(text):
        if not quoted(m.start()) and not (m.group(0)[0].isupper() and not _sentence_initial(text, m.start())):
            pos.append(m.start())
            wts.append(W_SENSATIONAL)
    i = text.find("!")
    while i >= 0:
        if not quoted(i):
            pos.append(i)
            wts.append(W_EXCLAIM)
        i = text.find("!", i + 1)
    acr = set(lexicons.load("acronyms"))
    caps = [m for m in _CAPS.finditer(text)]
    seen: dict[str, int] = {}
    for m in caps:
        seen[m.group(0)] = seen.get(m.group(0), 0) + 1
    datelines = [(m.start(), m.end()) for m in _DATELINE.finditer(text)]
    for m in caps:
        w = m.group(0)
        # an acronym or a name: listed, or written in capitals more than once (JSON); or a dateline
        if w.lower() in acr or seen[w] > 1 or quoted(m.start()) or any(a <= m.start() < b for a, b in datelines):
            continue
        pos.append(m.start())
        wts.append(W_CAPS)
    return pos, wts, word_starts


def sensational_in_prose(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """Matches of ``lexicons/sensational.txt`` in ``text[start:end]``, less the entries ordinary in prose."""
    pat = lexicons.pattern("sensational")
    found = pat.finditer(text, start, len(text) if end is None else end)
    return [m for m in found if " ".join(m.group(0).lower().split()) not in _ORDINARY_IN_PROSE]


@lru_cache(maxsize=1)
def _subject() -> frozenset[str]:
    return frozenset(lexicons.load("emotive_subject"))


def load(text: str, words: frozenset[str] | None = None) -> tuple[float, int]:
    """Emotive weight and word count of ``text`` (``words``: the wording list, default the shipped one)."""
    _, wts, starts = _events(text, words)
    return float(sum(wts)), len(starts)


def load_by_span(text: str, spans: list[tuple[int, int]]) -> list[tuple[float, int]]:
    """Emotive weight and word count of each ``text[s:e]``, scanning the text once."""
    pos, wts, starts = _events(text)
    return _sum_by_span(pos, wts, starts, spans)


def density(text: str, words: frozenset[str] | None = None) -> float:
    """Emotive weight per 100 words."""
    w, n = load(text, words)
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
    description = "emotive and sensational wording of the body as a percentile of ordinary news prose, with the strongest sentences"
    requires = ("body",)

    def __init__(self, *, min_words: int = 50, min_percentile: float = 95.0, medium_percentile: float = 99.0,
                 top_sentences: int = 3) -> None:
        self.min_words = min_words
        # Reported from the 95th percentile (one plain news text in 20), medium from the 99th:
        # real pages include features, reviews and columns, emotive by genre, that the short
        # reference news texts do not (judged real pages, tests/gold/pages; reference 2.0 card).
        self.min_percentile = min_percentile
        self.medium_percentile = medium_percentile
        self.top_sentences = top_sentences

    def models(self) -> tuple[ModelInfo, ...]:
        return (models.info(MODEL, FILE), models.info(MODEL, WORDS))

    def _measure(self, doc: Document) -> tuple[float, float, list[tuple[float, Span]], list[int]]:
        pos, wts, starts = _events(doc.text, quotes=[(q.start, q.end) for q in doc.quotations])
        spans = [(doc.body.start, doc.body.end)] + [(x.start, x.end) for x in doc.sentences]
        (w, n), *sent_loads = _sum_by_span(pos, wts, starts, spans)
        if n < self.min_words:
            raise NotApplicable(f"the body has {n} words; a percentile needs at least {self.min_words}")
        dens = 100.0 * w / n
        per_sentence = []
        for (sw, sn), sent in zip(sent_loads, doc.sentences, strict=True):
            if sw > 0:
                # per word, but a short sentence counts as 8 words so one charged word does not top the list
                per_sentence.append((sw / max(sn, 8), sent))
        per_sentence.sort(key=lambda x: (-x[0], x[1].start))
        return dens, percentile(dens), per_sentence, sorted(pos)

    def analyse(self, doc: Document) -> Analysis:
        from unspun.analyzers.news_prose import require_news_prose

        require_news_prose(doc, "the percentile compares with news prose")
        dens, pct, ranked, events = self._measure(doc)
        summary = {"percentile": round(pct, 1), "per_100_words": round(dens, 2)}
        if pct < self.min_percentile or not ranked:
            return Analysis((), summary, self.models())
        top = sorted((s for _, s in ranked[: self.top_sentences]), key=lambda s: s.start)
        quoted = "; ".join(quote(doc.text[s.start : s.end]) for s in top)
        words = _words_at(doc.text, events, top)
        finding = Finding(
            analyzer=self.name,
            label="emotive_intensity",
            severity="medium" if pct >= self.medium_percentile else "low",
            score=round(pct / 100.0, 4),
            spans=tuple(top),
            explanation=(
                f"The body's own wording is more emotive than {pct:.0f}% of reference news texts "
                f"({dens:.1f} emotive points per 100 words, quotations and names left out); its strongest sentences: "
                f"{quoted}" + (f", with {', '.join(quote(w) for w in words[:6])}." if words else ".")
            ),
            data={"percentile": round(pct, 1), "per_100_words": round(dens, 2), "words": words,
                  "reference": reference()[1]["source"]},
        )
        return Analysis((finding,), summary, self.models())


def _sum_by_span(pos: list[int], wts: list[float], starts: list[int],
                 spans: list[tuple[int, int]]) -> list[tuple[float, int]]:
    order = sorted(range(len(pos)), key=pos.__getitem__)
    ps = [pos[i] for i in order]
    cum = [0.0]
    for i in order:
        cum.append(cum[-1] + wts[i])
    out = []
    for s, e in spans:
        a, b = bisect.bisect_left(ps, s), bisect.bisect_left(ps, e)
        out.append((cum[b] - cum[a], bisect.bisect_left(starts, e) - bisect.bisect_left(starts, s)))
    return out


def _words_at(text: str, events: list[int], spans: list[Span]) -> list[str]:
    """The emotive words and marks at ``events`` inside ``spans``, in order, once each."""
    out: list[str] = []
    for sp in spans:
        for i in events[bisect.bisect_left(events, sp.start): bisect.bisect_left(events, sp.end)]:
            m = LETTER_WORD.match(text, i)
            w = m.group(0) if m else text[i]
            if w not in out:
                out.append(w)
    return out
