"""Source phrases over the spaCy parse: their tokens, head word and entity labels, and the lexicons they are read with."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from unspun.document import Span
from unspun.text import lexicons

ORG_ENTS = frozenset(("ORG", "GPE", "NORP", "FAC"))
SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")


@cache
def lexicon_set(name: str) -> frozenset[str]:
    return frozenset(lexicons.load(name))


class Entities:
    """Entity labels for the tokens of one sentence parse (from a windowed NER run)."""

    def __init__(self, labels: dict[int, str] | None = None, persons: list[tuple[int, int]] | None = None) -> None:
        self.labels = labels or {}
        self.persons = persons or []

    def label(self, t: Any) -> str:
        return self.labels.get(t.i, "")


def np_tokens(head: Any) -> list[Any]:
    """The noun phrase that names a source: its head, left modifiers and prepositional tail.

    Relative clauses and descriptive appositions are left out ("Dr. Bell, a
    cardiologist at ..." is the source "Dr. Bell"); a name in apposition to a
    title is kept ("Kaye's lawyer, Stephen Marr").
    """
    keep = {head.i}
    for t in head.subtree:
        if t.i < head.i and t.i >= head.left_edge.i:
            keep.add(t.i)
    named_appos = any(c.dep_ == "appos" and c.tag_ in ("NNP", "NNPS") for c in head.rights)
    for c in head.rights:
        if c.dep_ in ("prep", "acl", "compound", "nummod", "amod") or (
            c.dep_ == "appos" and head.tag_ not in ("NNP", "NNPS") and c.tag_ in ("NNP", "NNPS")
        ) or (c.dep_ in ("cc", "conj") and named_appos and head.tag_ not in ("NNP", "NNPS")):
            keep.update(t.i for t in c.subtree)  # "founder and chief executive Dana Moss": titles, then the name
    # a hyphenated word is one word ("vice-chancellors", "ex-minister"), however the parser split it
    while max(keep) + 2 < len(head.doc) and head.doc[max(keep) + 1].text == "-" and not head.doc[max(keep)].whitespace_:
        keep.update((max(keep) + 1, max(keep) + 2))
    # commas that set off a kept appositive are part of the phrase
    for c in head.rights:
        if c.is_punct and any(k > c.i for k in keep):
            keep.add(c.i)
    toks = [head.doc[i] for i in sorted(keep)]
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    # keep one contiguous run around the head
    # the head itself may be punctuation ("Reddit user fryd_": spaCy makes "_" the head): then
    # the run is the one around the nearest kept token
    i = min(range(len(toks)), key=lambda k: abs(toks[k].i - head.i)) if toks else 0
    lo = hi = i
    while lo > 0 and toks[lo - 1].i == toks[lo].i - 1:
        lo -= 1
    while hi + 1 < len(toks) and toks[hi + 1].i == toks[hi].i + 1:
        hi += 1
    return toks[lo : hi + 1] or [head]


def tokens_text(toks: list[Any]) -> str:
    """The tokens as written (spaCy keeps each token's trailing space)."""
    return "".join(t.text_with_ws for t in toks).strip()


def char_span(toks: list[Any], base: int) -> Span:
    return Span(base + toks[0].idx, base + toks[-1].idx + len(toks[-1]))


#: nouns of quantity whose "of" phrase names the source: "a number of analysts", "a large body of studies"
_QUANTITY_NOUNS = frozenset(
    "number body majority minority handful host lot lots range series dozens hundreds thousands millions scores "
    "plenty couple few".split()
)


def phrase_head(toks: list[Any]) -> Any:
    """The head of a source phrase: the syntactic head, through a quantity noun ("a number of
    analysts" is analysts) and to the end of a hyphenated word ("vice-chancellors")."""
    heads = [t for t in toks if t.head not in toks or t.head == t]  # the syntactic head
    # several: a mis-parsed flat phrase; the one in a subject or object role, else the last (English heads last)
    roles = [t for t in heads if t.dep_ in (*SUBJ_DEPS, "pobj", "ROOT")]
    head = (roles or heads or toks)[-1]
    if head.lower_ in _QUANTITY_NOUNS:
        prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is not None and obj in toks:
            head = obj
    doc = head.doc
    while head.i + 2 < len(doc) and not head.whitespace_ and doc[head.i + 1].text == "-" \
            and not doc[head.i + 1].whitespace_ and doc[head.i + 2] in toks:
        head = doc[head.i + 2]
    return head


@cache
def title_words() -> frozenset[str]:
    """Every word of every title ("chief", "executive", "secretary"): never part of a name."""
    return frozenset(w for e in lexicons.load("titles") for w in e.split())


@cache
def single_word_titles() -> frozenset[str]:
    return frozenset(e for e in lexicons.load("titles") if " " not in e)


def phrase_in(low: str, entries: Iterable[str]) -> bool:
    padded = f" {low} "
    return any(f" {e} " in padded for e in entries if " " in e)
