"""One count given two values: "12 people were killed" in one sentence, "14 people were killed" in another.

Only the counts news most often states and most often gets wrong are read: people killed, injured,
arrested, missing, rescued or evacuated, as a number with its verb ("12 people were killed",
"killing 12 people"). Two statements disagree only when both are exact and neither tells of a
change or a part: a hedge ("at least", "more than", "about") or a word of change or of a subset
("rose", "now", "initially", "another", "including", "of them") in either sentence, or places
named in one and not the other, and the pair is not reported (a toll that rises through a story
is not a contradiction).
"""

from __future__ import annotations

import re

from unspun.analyzers.consistency.names import Issue
from unspun.document import Document, Span
from unspun.text.numbers import ONES, TENS

#: "one" .. "twenty" -> their values (the shared table of number words)
_NUM_WORDS = {w: int(v) for w, v in (ONES | {"twenty": TENS["twenty"]}).items() if v >= 1}
_NUM = r"(?P<n>\d[\d,]*|" + "|".join(_NUM_WORDS) + r")"
_NOUN = (r"(?P<noun>people|persons|civilians|children|soldiers|troops|officers|police\s+officers|students|workers|"
         r"passengers|residents|protesters|migrants|patients|miners|climbers|fans|tourists|villagers)")
_VERBS = {"killed": "killed", "killing": "killed", "dead": "killed", "died": "killed", "injured": "injured",
          "injuring": "injured", "wounded": "injured", "wounding": "injured", "hurt": "injured",
          "arrested": "arrested", "arresting": "arrested", "detained": "arrested", "missing": "missing",
          "rescued": "rescued", "evacuated": "evacuated"}
_V = r"(?P<v>" + "|".join(_VERBS) + r")"
PATTERNS = (
    re.compile(rf"\b{_NUM}\s+(?:{_NOUN}\s+)?(?:were|have\s+been|had\s+been|are|was)\s+(?:reported\s+|confirmed\s+)?{_V}\b", re.I),
    re.compile(rf"\b{_V}\s+{_NUM}\s+{_NOUN}\b", re.I),
)
#: a hedge, a change over time or a subset: the two figures need not disagree
_NOT_EXACT = re.compile(
    r"\b(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to|roughly|approximately|as\s+many\s+as|"
    r"fewer\s+than|less\s+than|dozens|rose|risen|rising|climbed|increased|updated|revised|initially|originally|first|"
    r"earlier|now|later|another|other|more|additional|further|including|included|among|of\s+them|of\s+whom|total|"
    r"in\s+all|so\s+far|bringing|each|every|per|a\s+year|annually|since|until|before|after|last|previous|this\s+year)\b",
    re.I,
)
_PLACE = re.compile(r"\b(?:in|at|near|from)\s+((?:[A-Z][\w’'\-]+\s?)+)")


def _value(n: str) -> int:
    w = n.lower().replace(",", "")
    return int(w) if w.isdigit() else _NUM_WORDS[w]


def _places(sentence: str) -> frozenset[str]:
    return frozenset(m.group(1).strip() for m in _PLACE.finditer(sentence))


def counts(doc: Document) -> list[Issue]:
    """Exact counts of the same kind (verb and noun) that disagree between two body sentences."""
    text = doc.text
    stated: dict[tuple[str, str], list[tuple[int, Span, Span]]] = {}
    for s in doc.sentences:
        sentence = text[s.start : s.end]
        if _NOT_EXACT.search(sentence) or "?" in sentence:
            continue
        for rx in PATTERNS:
            for m in rx.finditer(sentence):
                noun = (m.group("noun") or "people").lower()
                key = (_VERBS[m.group("v").lower()], "people" if noun == "persons" else noun)
                stated.setdefault(key, []).append(
                    (_value(m.group("n")), Span(s.start + m.start("n"), s.start + m.end("n")), s))
    out = []
    for (verb, noun), xs in stated.items():
        first = xs[0]
        for other in xs[1:]:
            if other[0] == first[0] or other[2] == first[2]:
                continue
            if _places(text[first[2].start : first[2].end]) != _places(text[other[2].start : other[2].end]):
                continue
            a, b = text[first[1].start : first[1].end], text[other[1].start : other[1].end]
            out.append(Issue(
                "count_mismatch", "low", 0.55, (first[1], other[1]),
                f"The number of {noun} {verb} is given as \"{a}\" and later as \"{b}\", with nothing saying the "
                f"figure changed or counts a different group.",
            ))
            break
    return out
