"""Paragraph and sentence segmentation by character offset.

Rule-based on purpose: deterministic, fast (no model load), and it returns
offsets into the original text rather than copies. Abbreviations that end in a
full stop ("Mr.", "U.S.", "Jan.") do not end a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from unspun.text.tokens import WORD

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm gov sen rep rev hon pres
    u.s u.k u.n e.u u.s.a a.m p.m e.g i.e etc vs v no nos inc ltd co corp dept est approx fig
    jan feb mar apr jun jul aug sep sept oct nov dec ft",
    """.replace(",", " ").split()
)

# A sentence ends at . ! ? (or a run of them, or an ellipsis) optionally followed by
# closing quotes or brackets, then whitespace and an opening quote/bracket/capital/digit.
_BOUNDARY = re.compile(
    r"""(?P<end>[.!?…]+[\"'”’)\]]*)(?P<ws>\s+)(?=[\"'“‘(\[]?[A-Z0-9])"""
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
#: dotted initials ("H.W", "J.K") and what comes before them: the start of the paragraph, or a capitalised
#: name and a space ("George H.W. Bush"), not a comma ("Washington, D.C. The ..."); "D.C." is never initials
_INITIALS = re.compile(r"(?:^|[A-Z][a-z]+ )(?:[A-Z]\.){2,}$")
#: characters before a full stop searched for the word it ends (longer than any abbreviation)
_WORD_WINDOW = 64
_PARA_SPLIT = re.compile(r"\n[ \t]*\n\s*")


def normalise_body(body: str) -> str:
    """Normalise line endings and trim; keep paragraph breaks."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [ln.rstrip() for ln in body.split("\n")]
    out = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", out)


def paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield paragraph spans within ``text[start:end]``.

    Blank lines separate paragraphs; a body with no blank lines but several
    lines (one sentence or paragraph a line) is split on single newlines.
    """
    chunk = text[start:end]
    if not chunk.strip():
        return
    splitter = _PARA_SPLIT if _PARA_SPLIT.search(chunk) else re.compile(r"\n\s*")
    pos = 0
    for m in splitter.finditer(chunk):
        yield from _trimmed(text, start + pos, start + m.start())
        pos = m.end()
    yield from _trimmed(text, start + pos, end)


def _trimmed(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        yield (s, e)


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield sentence spans within one paragraph ``text[start:end]``."""
    chunk = text[start:end]
    pos = 0
    for m in _BOUNDARY.finditer(chunk):
        end_mark = m.group("end")
        if end_mark.startswith(".") and len(end_mark) == 1:
            # the word just before the mark: a window, not the paragraph so far (linear, not quadratic)
            w = _WORD_BEFORE.search(chunk, max(0, m.start() - _WORD_WINDOW), m.start())
            if w:
                word = w.group(1).lower().rstrip(".")
                # "U.S." style initialisms and known abbreviations do not end a sentence;
                # a single capital letter ("John F. Kennedy") does not either.
                if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
                # initials before a surname ("George H.W. Bush", "J.K. Rowling") do not either
                if word != "d.c" and _INITIALS.search(chunk, max(0, m.start() - _WORD_WINDOW), m.start() + 1):
                    continue
        yield from _trimmed(text, start + pos, start + m.end("end"))
        pos = m.end()
    yield from _trimmed(text, start + pos, end)




def words(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield word spans (letters, digits, inner apostrophes and hyphens)."""
    for m in WORD.finditer(text, start, len(text) if end is None else end):
        yield (m.start(), m.end())


_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*\s*$")


def heading_lines(text: str, start: int = 0, max_words: int = 14) -> list[tuple[int, int]]:
    """Lines from ``start`` on that are headings, labels, bylines or link lines, not prose.

    A line of at most ``max_words`` words that does not end with a sentence mark
    ("DISAPPOINTING NIGHT FOR ‘IRISHMAN’", "[Read more: ...]", "The backlash").
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if s >= start and line.strip() and not _SENTENCE_END.search(line) and len(line.split()) <= max_words:
            out.append((s, e))
    return out
