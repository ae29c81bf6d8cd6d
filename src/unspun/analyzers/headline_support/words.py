"""Words of a claim and of the body as the checks compare them: the word pattern, the stop list and a crude stem."""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*|[$%]")

STOP = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of off on
    once only or other our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves said says say also us amid via per""".split()
)


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
