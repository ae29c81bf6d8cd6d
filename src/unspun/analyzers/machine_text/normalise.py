"""The canonical form every machine-text signal is computed on (issue 16).

Typography differs by source, not by writer: one site prints curly quotes and
em dashes, a scraper turns them into straight quotes and ``--``, a data set loses
its line breaks. A model allowed to see any of that learns the sources of its
training data, not how the text was written. So before any of the current-model head's
features is computed (at training time, for both classes of the sets that
``training/build_current_model_set.py`` writes, and in the analyzer alike) the text is
put in one form:

- quotation marks and apostrophes straight (``"`` and ``'``; guillemets and primes too);
- every dash that separates words (em dash, horizontal bar, an en dash between
  words, a run of two or more hyphens) becomes a spaced hyphen `` - ``; an en dash
  or figure dash between digits (a range, ``2019–20``) and the minus sign become
  a plain hyphen; so do the Unicode hyphens;
- the ellipsis character becomes three full stops;
- zero-width characters and soft hyphens are dropped;
- every run of whitespace, line breaks and non-breaking spaces included, becomes
  one space, and the text is stripped.

The 1.2 model keeps the form it was trained on (``features.canonical``: quotes and
whitespace only); changing its input would move its calibrated XSum/IU figures.

Punctuation *usage* (how often a writer uses a dash, a colon, a quotation) is
left alone: that is the writer's. The form is a fixed point: canonicalising a
canonical text changes nothing (tested), so a data file written in it is read
back unchanged.

:func:`canonical` also returns, for each canonical character, the index of the
character of the input it came from, so that findings point at the original text.
"""

from __future__ import annotations

import re

import numpy as np

_QUOTE = {c: '"' for c in "“”„‟″«»"} | {c: "'" for c in "‘’‚‛′`"}
#: dashes that separate words or clauses
_CLAUSE_DASH = "—―⸺⸻"
_HYPHENS = "‐‑‒−"  # hyphen, non-breaking hyphen, figure dash, minus sign
_EN_DASH = "–"
_DROP = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

#: A news agency's tag in a dateline, "WASHINGTON (Reuters) - " or "(AP)": a mark of the
#: wire a text came through, not of how it was written. Stripped from *training data*
#: only (both classes alike; :func:`strip_agency_tags`), never by the analyzer.
AGENCY_TAG = re.compile(r"\s*\((?:AP|Reuters|AFP|UPI|dpa|DPA|Xinhua|Bloomberg|CNN|PA|IANS|PTI|Anadolu)\)")


def _replacement(text: str, i: int) -> str:
    ch = text[i]
    if ch in _QUOTE:
        return _QUOTE[ch]
    if ch in _CLAUSE_DASH:
        return " - "
    if ch == _EN_DASH:
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        return "-" if before.isdigit() and after.isdigit() else " - "
    if ch in _HYPHENS:
        return "-"
    if ch == "-":
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if after == "-":
            return " - " if before != "-" else ""  # a run of hyphens: one spaced hyphen
        if before == "-":
            return ""
        return "-"
    if ch == "…":
        return "..."
    if ch in _DROP:
        return ""
    if ch.isspace():
        return " "
    return ch


def canonical(text: str) -> tuple[str, np.ndarray]:
    """The canonical text and, for each of its characters, the index it came from in ``text``."""
    out: list[str] = []
    src: list[int] = []
    pending = False
    for i in range(len(text)):
        for c in _replacement(text, i):
            if c == " ":
                pending = bool(out)
                continue
            if pending:
                out.append(" ")
                src.append(i)
                pending = False
            out.append(c)
            src.append(i)
    return "".join(out), np.asarray(src, dtype=np.int64)


def normalise(text: str) -> str:
    """The canonical text alone."""
    return canonical(text)[0]


def strip_agency_tags(text: str) -> str:
    """``text`` without news-agency dateline tags such as "(AP)" or "(Reuters)" (training data only)."""
    return AGENCY_TAG.sub("", text)
