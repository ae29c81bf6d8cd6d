"""Where a claim happens: names the parser typed as someone that are places, and words that are no place."""

from __future__ import annotations

import re
from typing import Any

from unspun.analyzers.sourcing import coref

#: prepositions of place, and the last words of a place's name after them (an ORG there is somewhere, not someone)
_WHERE_PREPS = frozenset("in at near inside outside across around throughout within from into".split())
_PLACE_HEADS = coref.PLACE_WORDS | frozenset(
    "quarter district neighborhood neighbourhood park plaza market village borough suburb estate".split())


#: plural nouns of places that "such as" names examples of ("in some states, such as Amazonas and Rondônia")
_PLACES = frozenset("states countries cities towns regions provinces counties districts islands villages "
                    "territories nations capitals suburbs neighborhoods neighbourhoods areas".split())


def misread_place(ent: Any) -> bool:
    """A place the parser typed ORG or PERSON: a name ending in a place word after a preposition of place ("in
    Wedding's so-called African Quarter", "near Harbor Park"), the name a place word is "of" ("the coast of
    Kaupokonui", "the city of Leeds"; not "the mayor of Leeds"), a name joined by "and" or "or" to a place the
    parser did type ("between San Leandro and Castro Valley"), or an example of places ("states, such as
    Amazonas")."""
    root = ent.root
    if ent.label_ not in ("ORG", "PERSON"):
        return False
    words = [w.lower().strip(".,’'") for w in ent.text.split()]
    if any(w in coref.ORG_WORDS for w in words) or _known_org(ent.text):
        return False  # "Paris and Acme Corp", "Berlin and Netflix"
    if root.dep_ == "conj" and _place_token(root.head):
        return True
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.lower_ == "as" and prep.i > 0 and prep.nbor(-1).lower_ == "such" and prep.head.lower_ in _PLACES:
        return True
    if ent.label_ == "ORG" and prep.lower_ in _WHERE_PREPS and root.lower_ in _PLACE_HEADS:
        return True
    return prep.lower_ == "of" and prep.head.lower_ in _PLACE_HEADS and prep.head.tag_ in ("NN", "NNS")


def _place_token(tok: Any) -> bool:
    """Whether a token is part of a place: typed so by the parser, or in a name :func:`misread_place` reads as one."""
    if tok.ent_type_ in ("GPE", "LOC"):
        return True
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and ent.root.i == tok.i and ent.root.dep_ != "conj" and misread_place(ent)


#: an academic degree after a name ("Michael Shadlen, Ph.D."), which the parser may type as a place
_DEGREE = re.compile(r"(?:Ph\.?\s?D|M\.D|M\.?B\.?A|D\.Phil|Ed\.D|Sc\.D|J\.D)\.?", re.I)


def degree(name: str) -> bool:
    """Whether ``name`` is an academic degree, not a place ("Ph.D.", "PhD", "M.D."; not "MD", Maryland)."""
    return _DEGREE.fullmatch(name.strip()) is not None


def _known_org(name: str) -> bool:
    """:func:`.who.known_org`, imported when called (``who`` imports this module)."""
    from unspun.analyzers.checkworthy_claims.who import known_org

    return known_org(name)
