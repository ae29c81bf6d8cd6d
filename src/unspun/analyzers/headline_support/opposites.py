"""Words that state opposite outcomes of one action: a small declared table, the project's own.

"voted for" / "voted against", "rose" / "fell", "won" / "lost", "approved" / "rejected", "found guilty" /
"acquitted". A pair is read on the words of one action (:mod:`.actions`: its verb, the verbs it governs, its
particle, a "for" / "against" and its complement), so "fell" in another clause of the sentence does not count.
Words that are opposites only with the roles swapped ("X beat Y" / "Y lost to X") are compared by
:mod:`.who_did_what` only when the doers are the same. Pairs that a story often tells one after the other
("bought" then "sold", "started" then "ended") are left out: a body can say both without contradicting itself.
"""

from __future__ import annotations

from unspun.analyzers.headline_support.roles import verb_forms

#: pairs of base forms whose meanings exclude each other for the same doer and the same thing
PAIRS: tuple[tuple[str, str], ...] = (
    ("for", "against"), ("support", "oppose"), ("back", "oppose"), ("favor", "oppose"), ("favour", "oppose"),
    ("rise", "fall"), ("rise", "drop"), ("rise", "decline"), ("climb", "fall"), ("climb", "drop"),
    ("increase", "decrease"), ("increase", "fall"), ("increase", "drop"), ("increase", "cut"), ("increase", "reduce"),
    ("raise", "cut"), ("raise", "lower"), ("raise", "reduce"), ("hike", "cut"), ("boost", "cut"),
    ("grow", "shrink"), ("expand", "shrink"), ("gain", "lose"), ("up", "down"), ("higher", "lower"),
    ("win", "lose"), ("approve", "reject"), ("accept", "reject"), ("accept", "decline"), ("endorse", "reject"),
    ("pass", "reject"), ("sign", "veto"), ("ban", "allow"), ("ban", "permit"), ("ban", "legalise"), ("ban", "legalize"),
    ("ban", "approve"), ("impose", "lift"), ("guilty", "acquit"), ("guilty", "innocent"), ("convict", "acquit"),
    ("confirm", "deny"), ("admit", "deny"), ("open", "close"), ("hire", "fire"), ("join", "leave"), ("join", "quit"),
    ("survive", "die"), ("legal", "illegal"),
)
#: past forms of the table's verbs that :func:`.roles.verb_forms` (its ``IRREGULAR`` and suffixes) does not know
_MORE_FORMS = {"shrank": "shrink", "shrunk": "shrink", "grew": "grow", "grown": "grow", "risen": "rise", "fallen": "fall"}
_OPPOSITE: dict[str, set[str]] = {}
for _a, _b in PAIRS:
    _OPPOSITE.setdefault(_a, set()).add(_b)
    _OPPOSITE.setdefault(_b, set()).add(_a)


def forms(word: str) -> frozenset[str]:
    """The base forms a word may have ("rose" -> "rise", "acquitted" -> "acquit")."""
    w = word.lower()
    out = set(verb_forms(w)) | {w}
    if w in _MORE_FORMS:
        out.add(_MORE_FORMS[w])
    return frozenset(out)


def opposite(a: str, b: str) -> bool:
    """Whether words ``a`` and ``b`` are opposites in the table ("rose", "fell" -> True)."""
    fa, fb = forms(a), forms(b)
    return any(_OPPOSITE.get(x, set()) & fb for x in fa)


def in_table(word: str) -> bool:
    """Whether the table has an opposite for ``word``."""
    return any(x in _OPPOSITE for x in forms(word))
