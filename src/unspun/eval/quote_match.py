"""Matching a judged quote to a finding on a real page: normalised text (quotes, dashes, spaces),
the quote located in the document's text, and token F1 for the body's bounds.
"""

from __future__ import annotations

import re
from collections import Counter

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
})


def norm(s: str) -> str:
    """Whitespace collapsed, quotes straightened, case-folded."""
    return " ".join(s.translate(_QUOTES).split()).casefold()


def _norm_map(s: str) -> tuple[str, list[int]]:
    """``norm(s)`` and, for each of its characters, the index in ``s`` it came from."""
    out: list[str] = []
    idx: list[int] = []
    space = True  # drop leading whitespace
    for i, ch in enumerate(s.translate(_QUOTES)):
        if ch.isspace():
            if not space:
                out.append(" ")
                idx.append(i)
            space = True
            continue
        space = False
        for c in ch.casefold():
            out.append(c)
            idx.append(i)
    if out and out[-1] == " ":
        out.pop()
        idx.pop()
    return "".join(out), idx


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Half-open offsets in ``text`` of the first occurrence of ``quote``, compared normalised."""
    q = norm(quote)
    if not q:
        return None
    nt, idx = _norm_map(text)
    k = nt.find(q)
    if k < 0:
        return None
    return idx[k], idx[k + len(q) - 1] + 1


def key(analyzer: str, label: str, quote: str) -> tuple[str, str, str]:
    return analyzer, label, norm(quote or "")


def tokens(s: str) -> list[str]:
    return re.findall(r"\w+", norm(s))


def token_f1(pred: str, gold: str) -> float:
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    common = sum((p & g).values())
    if not common:
        return 0.0
    prec, rec = common / sum(p.values()), common / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def bounds_ok(body: str, first: str, last: str) -> bool:
    """The body starts with ``first`` and ends with ``last``, word by word (punctuation ignored)."""
    b, f, la = tokens(body), tokens(first), tokens(last)
    return bool(f) and bool(la) and b[: len(f)] == f and b[len(b) - len(la):] == la
