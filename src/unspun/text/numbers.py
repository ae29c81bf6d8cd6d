"""Numbers written in words: one table of number words and their values, and the reading of a spelled-out number.

``consistency`` reads counts of people ("three people were killed") with :data:`ONES`; the claim structure
reads quantities ("six percent", "two hundred homes") with :func:`words_value`.
"""

from __future__ import annotations

import re

#: "zero" .. "nineteen" -> their values
ONES = {w: float(i) for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                          "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
#: "twenty" .. "ninety" -> their values
TENS = {w: float(10 * i) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
#: scale words -> their factor
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def words_value(text: str) -> float | None:
    """The number spelled out in ``text`` ("four" -> 4.0, "twenty-five" -> 25.0, "two hundred" -> 200.0,
    "six percent" -> 6.0), or None when it holds other words ("dozens", "two-thirds", "half")."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w not in ("and", "a", "percent", "per", "cent", "%")]
    if not words:
        return None
    total, part = 0.0, None
    for w in words:
        if w in ONES or w in TENS:
            v = ONES.get(w, TENS.get(w, 0.0))
            part = (part or 0.0) + v
        elif w in SCALES and part is not None:
            if w == "hundred":
                part *= 100
            else:
                total += part * SCALES[w]
                part = 0.0
        else:
            return None
    return total + (part or 0.0)
