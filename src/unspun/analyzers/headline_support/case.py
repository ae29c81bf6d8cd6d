"""Headline case: a Title Case or ALL CAPS claim rewritten in sentence case with the body's spelling.

Headlines are written in three cases: sentence case ("Smith resigns from finance
committee"), Title Case ("Smith Resigns From Finance Committee") and ALL CAPS. A
parser reads only the first well, and a capital letter tells a name only in the
first. :func:`recase` rewrites a Title Case or ALL CAPS claim in sentence case
with the body's own spelling of each word: a word the body writes capitalised
mid-sentence keeps its capital ("Smith", "NATO"), a word the body writes in lower
case loses it, a function word loses it, a shouted word that is no acronym
("COLLAPSE") loses it. The rewrite keeps every character offset, so spans found in
it are spans of the headline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from unspun.analyzers.headline_support.words import STOP, acronym, key

#: words Title Case styles leave in lower case besides the stop words ("Talks Stall Amid Protests" or "amid")
TITLE_LOWER = frozenset("vs via onto upon near past like amid toward towards across along around behind beyond despite inside outside within".split())


def case_style(words: Sequence[str]) -> str:
    """"caps", "title" or "sentence" for a claim's words.

    Title Case capitalises every content word: one lower-case content word of four letters or more
    ("Arsenal beat Chelsea") makes the claim sentence case, whatever share of it is capitalised.
    """
    letters = [w for w in words if any(c.isalpha() for c in w)]
    if len(letters) >= 2 and all(w.upper() == w for w in letters):
        return "caps"
    content = [w for w in letters if w.lower() not in STOP and w.lower() not in TITLE_LOWER and w[:1].isalpha()]
    if len(content) < 2:
        return "sentence"
    lower = [w for w in content if w[:1].islower() and not any(c.isupper() for c in w[1:])]
    if any(len(w) >= 4 for w in lower):
        return "sentence"
    return "title" if sum(w[:1].isupper() for w in content) / len(content) >= 0.6 else "sentence"


def _shouted(w: str) -> bool:
    return len(w) > 1 and w.isupper() and w.isalpha() and not acronym(w)


def recase(text: str, words: Sequence[tuple[str, int, int]], body_names: dict[str, str], lower_keys: set[str]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` (a claim) in sentence case with the body's spelling of each word; same length, same offsets.

    ``body_names``: keys of the words the body capitalises mid-sentence, to their spelling;
    ``lower_keys``: keys of the words it writes in lower case. Also returns the offsets of the
    words whose case nothing settled: in a Title Case or ALL CAPS claim, words the body never
    uses, or uses only at the start of a sentence. They come back in lower case; :func:`restore_names` gives
    back the capital to those the parser reads as names ("biden resigns" -> "Biden resigns").
    """
    style = case_style([w for w, _, _ in words])
    out = list(text)
    unknown: list[tuple[int, int]] = []
    first = True
    for w, s, e in words:
        k = key(w)
        new = w
        if style == "sentence":
            if _shouted(w) and k not in body_names:
                new = w.lower()
        elif k in body_names:
            form = body_names[k]
            new = w.upper() if form.isupper() and len(form) > 1 else w.capitalize() if w.isupper() else w
        elif w.lower() in STOP or k in lower_keys or _shouted(w):
            new = w.lower()
        elif _is_acronym_like(w) and (style != "caps" or len(w) <= 4):
            new = w
        else:
            new = w.lower()
            if any(c.isalpha() for c in w):
                unknown.append((s, e))
        if first and new[:1].islower() and w[:1].isupper():
            new = new[:1].upper() + new[1:]
        first = False
        if len(new) == len(w):
            out[s:e] = new
    return "".join(out), unknown


#: entity kinds that are names (not dates, numbers or quantities)
NAME_ENTS = frozenset("PERSON ORG GPE NORP LOC FAC PRODUCT EVENT WORK_OF_ART LAW".split())


def restore_names(recased: str, unknown: Sequence[tuple[int, int]], doc: Any) -> str:
    """Capitalise the words of ``unknown`` that the parse of ``recased`` reads as names."""
    out = list(recased)
    for t in doc:
        if (t.idx, t.idx + len(t.text)) in unknown and (t.tag_ in ("NNP", "NNPS") or t.ent_type_ in NAME_ENTS):
            out[t.idx] = out[t.idx].upper()
    return "".join(out)


def _is_acronym_like(w: str) -> bool:
    return w.isupper() and acronym(w)
