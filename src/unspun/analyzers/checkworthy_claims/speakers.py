"""Who a quoted claim is from: the speaker the sourcing analyzer attributes its quotation to.

A claim that is a whole quotation without a reporting verb of its own ("“So the perceived enmity didn’t hurt
...”" after "“...,” said Robert M. Danin") is the words of the quotation's speaker: the one attributed to that
quotation, or, when nobody is, to the quotation just before it (a quotation continued from the sentence
before, :data:`CONTINUED` characters at most between them). The attributions are the sourcing analyzer's
(:func:`unspun.analyzers.sourcing.attribution.attributions`), worked out once per document.
"""

from __future__ import annotations

from typing import Any

from unspun.document import Document, Span

#: characters between the end of an attributed quotation and the start of one continuing it
CONTINUED = 300


def quoted_speaker(doc: Document, span: Span) -> dict[str, Any] | None:
    """The speaker of the quotation that holds the sentence ``span`` (its start, and its end but for closing
    punctuation), as a span of the text: the name where the attribution gives one (a pronoun or a surname
    resolved to it), else the source phrase; None when the sentence is not quoted or nobody is attributed."""
    q = next((q for q in doc.quotations if q.start <= span.start < q.end and q.end >= span.end - 2), None)
    return None if q is None else speaker_of(doc, q)


def speaker_at(doc: Document, pos: int) -> dict[str, Any] | None:
    """The speaker (as :func:`quoted_speaker`) of the quotation that holds the character at ``pos``, if any."""
    q = next((q for q in doc.quotations if q.start <= pos < q.end), None)
    return None if q is None else speaker_of(doc, q)


def speaker_of(doc: Document, q: Span) -> dict[str, Any] | None:
    """The speaker of the quotation ``q`` (see :func:`quoted_speaker`)."""
    from unspun.analyzers.sourcing.attribution import attributions

    attrs = [(a, a.quote) for a in attributions(doc) if a.quote is not None]
    cands = [a for a, aq in attrs if aq.start < q.end and q.start < aq.end]
    if not cands:  # continued: the attributions of the nearest quotation before it
        before = [(a, aq) for a, aq in attrs if aq.end <= q.start and q.start - aq.end <= CONTINUED]
        last = max((aq.end for _, aq in before), default=None)
        cands = [a for a, aq in before if aq.end == last]
    if not cands:
        return None
    # a named speaker before a vague or misread one ("Faleiros wrote in the blog post": Faleiros, not "the blog")
    a = min(cands, key=lambda a: (a.kind not in ("person", "organisation"), a.source.start))
    text = doc.text
    if a.refers_to is not None:
        at = a.refers_to
    elif a.name and a.name in text[a.source.start : a.source.end]:
        k = text.index(a.name, a.source.start, a.source.end)
        at = Span(k, k + len(a.name))
    else:
        at = a.source
    return {"start": at.start, "end": at.end, "text": text[at.start : at.end], "from_quotation": True}
