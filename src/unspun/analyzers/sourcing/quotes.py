"""Quotations in a body, in every common style, as spans of the document text.

Read per paragraph:

* double quotes, straight (``"..."``) and curly (``“...”``), and guillemets (``«...»``);
* single quotes, curly (``‘...’``) and straight (``'...'``, the UK house style), told apart from
  apostrophes: an apostrophe has a letter on both sides (``don't``, ``children's``) or closes a
  plural possessive (``workers' rights``); a quotation opens after a space, a bracket, a dash or
  the paragraph's start and closes before a space or punctuation;
* quotations that run on: a paragraph that opens with a quotation mark and never closes it is a
  quotation to its end (the convention for a quotation of several paragraphs, and for a block
  quote set as its own paragraph).

Single quotes nested inside a double-quoted passage belong to it and are not reported apart.
The words inside a quotation are the speaker's: the sourcing analyzer never takes a source, a
cue or a strong claim from them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from unspun.document import Document, Span

_DOUBLE = re.compile(r"\"[^\"\n]*\"?|“[^”\n]*”?|«[^»\n]*»?")
#: characters after which a single quote can open a quotation
_OPEN_BEFORE = frozenset(" \t\n([{—–-/“\"")
_SINGLE_OPEN = "'‘"
_SINGLE_CLOSE = "'’"


def quotations(doc: Document) -> list[Span]:
    """Every quotation in the body, outermost only, in text order (a quotation may span sentences)."""
    out: list[Span] = []
    for p in doc.paragraphs:
        out += paragraph_quotations(doc.text, p.start, p.end)
    return out


def paragraph_quotations(text: str, start: int, end: int) -> list[Span]:
    """The quotations of one paragraph ``text[start:end]``, outermost only."""
    doubles = [Span(m.start(), m.end()) for m in _DOUBLE.finditer(text, start, end) if m.end() - m.start() > 2]
    singles = [s for s in _singles(text, start, end) if not any(d.overlaps(s) and not s.contains(d) for d in doubles)]
    # a double-quoted passage inside a single-quoted one (UK style nests the other way) is part of it
    doubles = [d for d in doubles if not any(s.contains(d) for s in singles)]
    return sorted(doubles + singles)


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def _singles(text: str, start: int, end: int) -> list[Span]:
    out: list[Span] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in _SINGLE_OPEN and _opens(text, i, start, end):
            close = _close(text, i, end)
            if close is not None:
                if close - i > 2:
                    out.append(Span(i, close))
                i = close
                continue
            if i == start:  # a paragraph that opens a quotation and never closes it runs on
                out.append(Span(i, end))
                break
        i += 1
    return out


def _opens(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if not (before in _OPEN_BEFORE or i == start):
        return False
    if not (_is_letter(after) or after in "…."):
        return False
    # "'90s", "'em", "'til": an elided word, not a quotation
    return not re.match(r"['‘](?:\d0s|em|til|cause|n['’]?)\b", text[i : i + 6])


def _close(text: str, i: int, end: int) -> int | None:
    """The end (exclusive) of the single-quoted passage opened at ``i``, or None."""
    weak: int | None = None
    j = i + 1
    while j < end:
        ch = text[j]
        if ch == "\n":
            break
        if ch in _SINGLE_CLOSE:
            before = text[j - 1]
            after = text[j + 1] if j + 1 < end else " "
            if _is_letter(before) and _is_letter(after):
                j += 1  # don't, children's: an apostrophe
                continue
            if not before.isspace() and not _is_letter(after):
                # "workers' rights": a plural possessive, unless nothing better follows
                if before in "sz" and re.match(r" [a-z]", text[j + 1 : j + 3]):
                    if weak is None:
                        weak = j + 1
                    j += 1
                    continue
                return j + 1
        elif ch in _SINGLE_OPEN and text[j - 1] in _OPEN_BEFORE and j + 1 < end and _is_letter(text[j + 1]):
            if ch == "‘":
                break  # a new quotation opens before this one closed
        j += 1
    return weak


class QuoteIndex:
    """Sorted, non-overlapping quotation spans with lookups by position (bisect, not a scan),
    so a 500,000-character body with thousands of quotations costs no more than a short one."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans)
        self._starts = [s.start for s in self.spans]

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def overlapping(self, span: Span) -> list[Span]:
        """The quotations that overlap ``span``, in text order."""
        k = bisect_right(self._starts, span.start) - 1
        out = []
        for q in self.spans[max(k, 0) :]:
            if q.start >= span.end:
                break
            if q.overlaps(span):
                out.append(q)
        return out

    def contains(self, span: Span) -> bool:
        """A quotation holds all of ``span``."""
        return any(q.contains(span) for q in self.overlapping(span))

    def at(self, pos: int) -> Span | None:
        """The quotation that holds the character at ``pos``, if any."""
        k = bisect_right(self._starts, pos) - 1
        if k >= 0 and self.spans[k].start <= pos < self.spans[k].end:
            return self.spans[k]
        return None
