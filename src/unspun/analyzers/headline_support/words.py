"""Words of a claim and of the body as the checks compare them: the checks' stop list, a crude stem, acronyms.

The checks read words with :data:`unspun.text.tokens.WORD_OR_SIGN`.
"""

from __future__ import annotations

from functools import lru_cache

from unspun.text.tokens import STOP_WORDS

#: the base list, and prepositions headlines use for longer ones ("amid", "via", "per"): a claim's key
#: words and the body's names leave them out
STOP = STOP_WORDS | {"amid", "via", "per"}


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """A crude stem for matching inflections: 'resigns', 'resigned', 'resignation' -> 'resign'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    return w[:6]


def acronym(w: str) -> bool:
    """An upper-case name (NATO, ECB), not an upper-case word shouted for emphasis (CHAOS)."""
    from unspun.text import lexicons

    low = w.lower()
    return low in lexicons.load("acronyms") or len(w) <= 3 or not any(c in "aeiou" for c in low)
