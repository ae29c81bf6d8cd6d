"""Split a headline into its claims, each a span into ``Document.text``.

Headlines pack several claims with punctuation: "A meets B in Moscow: The West
is on the verge of collapse!" Claims are cut at ":", "|", ";", a spaced dash,
after "!" or "?", and before a contrasting clause (", but", ", while"). "and"
is not a cut: "Putin and China's minister meet" is one claim. A piece with
fewer than two content words ("BREAKING:", "Study:", "Watch") is a label, not
a claim, and is dropped unless nothing else is left.
"""

from __future__ import annotations

import re

from unspun.document import Document, Span

# Cut points: the match is removed from both claims. Terminal !/? stay with the
# claim before them (they are part of how it is asserted).
_CUT = re.compile(
    r"""\s*[:|;]\s+             # colon, pipe, semicolon followed by space
      | \s+[-–—]+\s+            # spaced dash or en/em dash
      | (?<=[!?])\s+            # after ! or ?
      | ,?\s+(?=(?:but|while|yet|whereas)\s)  # before a contrasting clause
    """,
    re.VERBOSE,
)
_LEADING = re.compile(r"(?:but|while|yet|whereas)\s+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_LABEL_WORDS = frozenset(
    "a an the breaking watch video exclusive update live report study opinion analysis photos photo new".split()
)


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _LABEL_WORDS and len(w) > 1]


def split(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Claim spans within ``text[start:end]`` (offsets into ``text``)."""
    end = len(text) if end is None else end
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in _CUT.finditer(text, start, end):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    spans = []
    for s, e in pieces:
        while s < e and (text[s].isspace() or text[s] in "\"'“‘-–—,"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",-–—"):
            e -= 1
        lead = _LEADING.match(text, s, e)
        if lead:  # "but experts urge caution" -> "experts urge caution"
            s = lead.end()
        if e > s:
            spans.append(Span(s, e))
    claims = [sp for sp in spans if len(_content_words(text[sp.start : sp.end])) >= 2]
    if claims:
        return claims
    return [Span(start, end)] if text[start:end].strip() else []


def headline_claims(doc: Document) -> list[Span]:
    """The claims of a document's headline."""
    return split(doc.text, doc.headline.start, doc.headline.end)
