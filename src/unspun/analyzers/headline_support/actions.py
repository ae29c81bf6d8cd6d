"""Who did what to whom: the actions a claim or a body sentence states, for :mod:`.who_did_what`.

The clause is the one :func:`unspun.analyzers.checkworthy_claims.structure.predicate` picks (the main verb,
or the clause a reporting verb reports: "X said the council rejected it"), with the verbs joined to it by
"and"; a subordinate clause ("Jones, who sued Smith, ...") is never read. Each :class:`Action` has:

* its doer and the thing done to (``patient``), passive voice undone ("the bill was rejected by the
  council": the council rejects the bill; a headline's "Jones found guilty" is "was found");
* its words: the verb, the verb it governs ("voted to reject"), its particle, a "for" / "against" and its
  complement ("found guilty"), each with its offsets;
* whether it is negated, read by :func:`.negation.negations` ("did not approve"), or governed by a verb
  that means no ("refused to approve", "failed to win");
* its modal ("will", "may"), who reports it (from the structure's ``reported_by``), and whether it stands
  inside quotation marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from unspun.analyzers.checkworthy_claims.structure import predicate
from unspun.analyzers.headline_support.names import TITLES, same_name
from unspun.analyzers.headline_support.negation import DENY_VERBS, negations
from unspun.analyzers.headline_support.opposites import forms, in_table
from unspun.analyzers.headline_support.words import STOP, key
from unspun.text.quotes import quote_spans

PRONOUNS = frozenset("he she they it we i you who which that this these those one them him her us".split())
_MODALS = {"will": "will", "would": "will", "'ll": "will", "’ll": "will", "shall": "will", "can": "can",
           "could": "can", "may": "may", "might": "may", "must": "must", "should": "should"}
#: verbs of the table that take no object: "Ruiz lost" is never "Ruiz was lost"
INTRANSITIVE = frozenset("win lose rise fall drop decline climb grow shrink die survive gain".split())


@dataclass(frozen=True)
class Party:
    """A doer or the thing done to: its words (no articles), head word, offsets in the parsed text."""

    words: tuple[str, ...]
    head: str
    start: int
    end: int
    name: bool
    pronoun: bool
    #: for a pronoun or a surname: the earlier full name the structure resolved it to
    resolved: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Action:
    verb: str
    #: (word, start, end): the verb, a governed verb, particle, "for" / "against", complement
    words: tuple[tuple[str, int, int], ...]
    doer: Party | None
    patient: Party | None
    negated: bool
    modal: str
    reporter: Party | None
    quoted: bool
    #: the start and end of the verb group in the parsed text, for quoting
    start: int
    end: int
    #: a headline's past form with a subject and nothing done to: "Jones acquitted of fraud" may be
    #: "Jones was acquitted" (headlinese) or "Jones acquitted someone"
    ambiguous: bool = False

    def passive_reading(self) -> Action:
        """The headlinese reading of an ambiguous action: its subject is the one done to."""
        return replace(self, doer=None, patient=self.doer, ambiguous=False)


def _is_verb(t: Any) -> bool:
    return str(t.tag_).startswith("VB") or t.tag_ == "MD"


def _party(t: Any, resolved: dict[int, tuple[str, ...]]) -> Party | None:
    if t is None:
        return None
    # not a possessive: "Nelson's agent" is not Nelson
    left = [c for c in t.lefts if c.dep_ in ("compound", "amod", "nmod", "flat", "nummod")]
    right = [c for c in t.rights if c.dep_ in ("flat", "compound")]
    if t.text[:1].isupper():  # "Department of Homeland Security"
        for c in t.rights:
            objs = [g for g in c.children if g.dep_ == "pobj" and g.text[:1].isupper()]
            if c.dep_ == "prep" and c.text.lower() == "of" and objs:
                right += [c, *objs]
    toks = sorted([*left, t, *right], key=lambda x: x.i)
    words = tuple(x.text for x in toks if x.tag_ not in ("DT", "POS", "PRP$") and x.text.lower() not in ("'s", "’s"))
    if not words:
        return None
    name = any(x.tag_ in ("NNP", "NNPS") for x in toks)
    pron = t.text.lower() in PRONOUNS and len(toks) == 1
    return Party(words, t.text, toks[0].idx, toks[-1].idx + len(toks[-1].text), name, pron, resolved.get(t.idx, ()))


def _complement(c: Any) -> bool:
    """An adjective read as the verb's complement (the parser makes "guilty" the object of "found guilty")."""
    return c.dep_ in ("oprd", "acomp", "xcomp", "dobj") and c.tag_.startswith("JJ")


def _headlinese_passive(v: Any) -> bool:
    """A headline's past participle with its subject and a complement: "Jones found guilty", "Star named CEO"."""
    kids = list(v.children)
    return (v.tag_ in ("VBN", "VBD") and not any(c.dep_ in ("aux", "auxpass") for c in kids)
            and any(c.dep_ == "nsubj" for c in kids) and any(_complement(c) for c in kids))


def _object(v: Any) -> Any | None:
    obj = next((c for c in v.children if c.dep_ in ("dobj", "dative") and not _complement(c)), None)
    if obj is None and not in_table(v.text):  # "voted against the bill": the thing voted on (not "won against Smith")
        for c in v.children:
            if c.dep_ == "prep" and c.text.lower() in ("for", "against", "on"):
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    break
    return obj


def _roles(v: Any, inner: Any, inherited: Any | None, resolved: dict[int, tuple[str, ...]], headline: bool) -> tuple[Party | None, Party | None]:
    """(doer, patient) of verb ``v``; ``inner`` is the verb it governs ("refused to approve the budget")."""
    kids = list(v.children)
    subj = next((c for c in kids if c.dep_ == "nsubj"), None)
    subjpass = next((c for c in kids if c.dep_ == "nsubjpass"), None)
    obj = _object(v)
    if obj is None and inner is not v:
        obj = _object(inner)
    agent = next((g for c in kids if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if subjpass is not None or (headline and _headlinese_passive(v)):
        return _party(agent, resolved), _party(subjpass if subjpass is not None else subj, resolved)
    if subj is None and inherited is not None:
        subj = inherited
    return _party(subj, resolved), _party(obj, resolved)


def _chain(v: Any) -> list[Any]:
    """The verb and the verbs it governs: "voted to reject", "refused to approve", "failed to win"."""
    chain = [v]
    while len(chain) < 4:
        inner = next((c for c in chain[-1].children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
        if inner is None:
            break
        chain.append(inner)
    return chain


def _words(chain: list[Any]) -> tuple[list[tuple[str, int, int]], bool, set[int]]:
    """The action's words, whether a governing verb says no ("refused to approve"), and the token
    indices a negation may deny (the verbs and the complement)."""
    out: list[tuple[str, int, int]] = []
    tokens: set[int] = set()
    refused = False
    for t in chain:
        if DENY_VERBS.match(t.text) and t is not chain[-1]:
            refused = True
            continue
        out.append((t.text, t.idx, t.idx + len(t.text)))
        tokens.add(t.i)
        for c in t.children:
            low = c.text.lower()
            if (c.dep_ in ("prt", "acomp", "oprd", "advmod", "attr", "xcomp", "dobj") and not _is_verb(c) and in_table(low)
                    and (c.dep_ != "dobj" or _complement(c))
                    or c.dep_ == "prep" and low in ("for", "against")):
                out.append((c.text, c.idx, c.idx + len(c.text)))
                tokens.add(c.i)
    return out, refused, tokens


def _negated(doc: Any, tokens: set[int]) -> bool:
    """Whether a negation of the sentence denies one of the action's tokens ("did not approve")."""
    for t, _ in negations(doc):
        if t.i in tokens:
            continue  # the action's own verb ("rejected") is not a negation of itself
        if t.head.i in tokens:
            return True
    return False


def read(doc: Any, structure: dict[str, Any], base: int, headline: bool = False) -> list[Action]:
    """The actions of a parsed sentence or claim; ``structure`` is its
    :func:`~unspun.analyzers.checkworthy_claims.structure.structure` (document offsets), ``base`` the
    document offset of the parsed text."""
    pred = predicate(doc)
    if pred is None:
        return []
    verb, reporter_tok = pred
    if not _is_verb(verb):
        return []
    resolved: dict[int, tuple[str, ...]] = {}
    for w in structure.get("who", []):
        if "resolved" in w:
            resolved[w["start"] - base] = tuple(w["resolved"]["text"].split())
    what = structure.get("what") or {}
    reporter = None
    if reporter_tok is not None:
        rs = next((c for c in reporter_tok.children if c.dep_ == "nsubj"), None)
        reporter = _party(rs, resolved) if rs is not None else None
        if reporter is None and what.get("reported_by"):
            rb = what["reported_by"]
            reporter = Party(tuple(rb["text"].split()), rb["text"].split()[-1], rb["start"] - base, rb["end"] - base, False, False)
    quotes = quote_spans(doc.text)
    out = []
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and _is_verb(c))]
    first_subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    for v in verbs:
        chain = _chain(v)
        doer, patient = _roles(v, chain[-1], first_subj if v is not verb else None, resolved, headline)
        if doer is not None and doer.pronoun and not doer.resolved and reporter is not None and not reporter.pronoun:
            doer = replace(doer, resolved=reporter.words)  # "The Pentagon said it had confirmed ...": it is the Pentagon
        words, refused, tokens = _words(chain)
        group = [v, *(c for c in v.children if c.dep_ in ("aux", "auxpass", "neg", "prt"))]
        modal = next((_MODALS[c.text.lower()] for c in v.children if c.tag_ == "MD" and c.text.lower() in _MODALS), "")
        if not modal and headline and any(c.tag_ == "TO" for c in v.children):
            modal = "will"  # headlinese future: "United States to lift sanctions"
        lo, hi = min(t.idx for t in group), max(t.idx + len(t.text) for t in group)
        ambiguous = (headline and v.tag_ in ("VBD", "VBN") and doer is not None and patient is None
                     and not (forms(v.text) & INTRANSITIVE)
                     and not any(c.dep_ in ("aux", "auxpass", "nsubjpass") for c in v.children))
        out.append(Action(v.text, tuple(words), doer, patient, refused or _negated(doc, tokens), modal, reporter,
                          any(a <= v.idx < b for a, b in quotes), lo, hi, ambiguous))
    return out


# -- comparing parties --------------------------------------------------------------------------------


def _modifiers(p: Party) -> set[str]:
    return {key(w) for w in p.words if w.lower() not in STOP and w.lower() not in TITLES and key(w) != key(p.head)}


def same_party(a: Party | None, b: Party | None) -> tuple[bool | None, bool]:
    """Whether two parties are the same: (True, False, or None when it cannot tell; whether only
    through a pronoun or surname the structure resolved)."""
    if a is None or b is None:
        return None, False
    via = False
    aw, bw = a.words, b.words
    if a.pronoun or b.pronoun:
        if (a.pronoun and not a.resolved) or (b.pronoun and not b.resolved):
            return None, False
        aw, bw, via = (a.resolved or aw), (b.resolved or bw), True
    if key(aw[-1]) == key(bw[-1]) and not a.pronoun and not b.pronoun:
        ma, mb = _modifiers(a), _modifiers(b)
        if ma <= mb or mb <= ma:  # "the bill" and "the water bill"; not "the tax bill" and "the water bill"
            return True, False
        return (False if not (a.name or b.name) else same_name(aw, bw)), False
    if (a.name or a.resolved) and (b.name or b.resolved):
        return same_name(aw, bw), via
    return None, False


def names_of(parties: Sequence[Party | None]) -> str:
    return " ".join(p.text for p in parties if p is not None)
