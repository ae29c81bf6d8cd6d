"""Whether a page reads as news prose: the gate of the analyzers that compare its wording or its claims with
news reporting (persuasion and emotive intensity do not apply without it; checkworthy_claims lists only sure
claims).

A page is not news prose when the extractor found it is not a news article, or when its body outside
quotations reads as first-person writing (a diary, review or personal post; :data:`FIRST_PERSON_LIMIT`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from unspun.analyzers import NotApplicable
from unspun.document import Document
from unspun.text.quotes import quote_spans
from unspun.text.tokens import LETTERS

#: first-person words (I, me, my ...) per 100 words outside quotations above which a text
#: reads as a diary, review or personal post. Plain news (509 texts: XSum/BBC, IU news,
#: FNC-1 wire bodies) peaks at 5.5 (99th percentile 3.4, median 0; measured 2026-12-02).
FIRST_PERSON_LIMIT = 6.0
_FIRST_PERSON = re.compile(r"(?<![\w’'])(?:I|I['’](?:m|ve|d|ll)|me|my|mine|myself)(?![\w’'])")


def first_person_rate(text: str, quotes: Iterable[tuple[int, int]] | None = None) -> float:
    """First-person words (I, me, my ...) per 100 words of ``text`` outside quotations (``quotes``, the
    text's quotations when the caller has them, else read here)."""
    chars = list(text)
    for s, e in quote_spans(text) if quotes is None else quotes:
        chars[s:e] = " " * (e - s)
    own = "".join(chars)
    n = len(LETTERS.findall(own))
    return 100.0 * len(_FIRST_PERSON.findall(own)) / n if n else 0.0


def not_news_prose(doc: Document) -> str | None:
    """Why a page does not read as news prose (not a news article, or first-person writing: a diary, review or
    post), or None when it does; worked out once per document (kept in ``doc.shared``), however many analyzers ask."""
    memo: dict[str, str | None] = doc.shared.setdefault(__name__, {})
    if "why" not in memo:
        memo["why"] = _why_not(doc)
    return memo["why"]


def _why_not(doc: Document) -> str | None:
    if doc.extraction.has("not_news_article"):
        return "the page does not read as a news article"
    fp = first_person_rate(doc.body_text, doc.body_quotations())
    if fp > FIRST_PERSON_LIMIT:
        return (f"the body reads as first-person writing (a diary, review or post: {fp:.1f} first-person words per "
                "100, above any plain news text in the reference)")
    return None


def require_news_prose(doc: Document, because: str) -> None:
    """Raise :class:`NotApplicable` for a page that is not news or reads as first-person writing
    (:func:`not_news_prose`).

    Shared by the analyzers that compare wording with news reporting (persuasion, emotive_intensity);
    ``because`` ends the message ("loaded wording is judged against news reporting").
    """
    why = not_news_prose(doc)
    if why is not None:
        raise NotApplicable(f"{why}; {because}")
