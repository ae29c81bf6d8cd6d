"""Quotations in a body, as spans of the document text, with lookups by position.

The quotations are read by the project's one reader, :func:`unspun.text.quotes.quote_spans`
(double and single quotes, straight and curly, guillemets, apostrophes told apart, nesting,
a paragraph that opens a quotation and never closes it, block quotes): every analyzer that
separates the article's own voice from the words it quotes reads the same spans.
The words inside a quotation are the speaker's: the sourcing analyzer never takes a source,
a cue or a strong claim from them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from unspun.document import Document, Span
from unspun.text.quotes import quote_spans


def quotations(doc: Document) -> list[Span]:
    """Every quotation in the body (the document's, :attr:`Document.quotations`), outermost only, in text
    order (a quotation may span sentences); a bare pair of marks is none."""
    return [q for q in doc.quotations if q.start >= doc.body.start and q.end - q.start > 2]


def paragraph_quotations(text: str, start: int, end: int) -> list[Span]:
    """The quotations of ``text[start:end]`` (a paragraph), as spans of ``text``."""
    return [Span(start + s, start + e) for s, e in quote_spans(text[start:end]) if e - s > 2]


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
