"""One claim and the body, tokenised once for all checks (:class:`Context`), and what a check returns (:class:`Mismatch`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from unspun.analyzers.headline_support import case
from unspun.analyzers.headline_support.quantities import Quantity, quantities
from unspun.analyzers.headline_support.words import STOP, key
from unspun.document import Document, Span
from unspun.findings import quote
from unspun.text.tokens import WORD_OR_SIGN


@dataclass(frozen=True)
class Mismatch:
    check: str  # numbers, entities, dates, negation, certainty, quantifiers
    verdict: str  # contradicted, overstated, absent
    reason: str  # a clause that quotes the words, e.g. 'the headline says "40 percent" but the body says "4 percent"'
    evidence: tuple[Span, ...] = ()  # the body sentences that show it
    strength: float = 1.0
    #: the headline's words and the body's words the check compared (spans into ``Document.text``)
    head: tuple[Span, ...] = ()
    body: tuple[Span, ...] = ()
    #: False for evidence too loose to stand alone for HIGH (a different year: a headline's year often
    #: dates the story while the body's dates the background)
    firm: bool = True
    #: why the evidence is too loose for HIGH, in words the explanation gives ("the body does not say who")
    loose: str = ""

    @property
    def both_sides(self) -> bool:
        """Whether the check quotes words on both sides: the headline's and the body's."""
        return bool(self.head) and bool(self.body)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"check": self.check, "verdict": self.verdict, "reason": self.reason}
        if self.head:
            d["headline_words"] = [s.to_dict() for s in self.head]
        if self.body:
            d["body_words"] = [s.to_dict() for s in self.body]
        return d


@dataclass
class Context:
    """One claim and the body, tokenised once for all checks."""

    doc: Document
    claim: Span
    claim_text: str = ""
    claim_words: list[tuple[str, int, int]] = field(default_factory=list)  # (word, start, end) in claim_text
    sent_texts: list[str] = field(default_factory=list)
    sent_keys: list[set[str]] = field(default_factory=list)
    body_keys: set[str] = field(default_factory=set)
    claim_keys: set[str] = field(default_factory=set)
    #: body-level results shared by the claims of one document (computed once)
    shared: dict[str, Any] = field(default_factory=dict)

    #: the claim rewritten in sentence case with the body's spelling (same offsets; see roles.recase)
    recased: str = ""
    #: offsets of recased words whose case the body did not settle (see roles.recase)
    unknown_case: list[tuple[int, int]] = field(default_factory=list)
    parsed_claim: Any = None
    #: results other modules compute once per claim (the who-did-what candidates)
    memo: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Document, claim: Span, shared: dict[str, Any] | None = None) -> Context:
        """Context for one claim; pass the same ``shared`` dict for every claim of a document."""
        shared = {} if shared is None else shared
        ctx = cls(doc, claim, shared=shared)
        ctx.claim_text = doc.span_text(claim)
        ctx.claim_words = [(m.group(0), m.start(), m.end()) for m in WORD_OR_SIGN.finditer(ctx.claim_text)]
        if "sent_texts" not in shared:
            shared["sent_texts"] = doc.sentence_texts()
            shared["sent_words"] = [WORD_OR_SIGN.findall(s) for s in shared["sent_texts"]]
            shared["sent_keys"] = [{key(w) for w in ws} for ws in shared["sent_words"]]
            shared["body_keys"] = set().union(*shared["sent_keys"]) if shared["sent_keys"] else set()
            shared["parses"] = {}
        ctx.sent_texts = shared["sent_texts"]
        ctx.sent_keys = shared["sent_keys"]
        ctx.body_keys = shared["body_keys"]
        ctx.claim_keys = {key(w) for w, _, _ in ctx.claim_words if w.lower() not in STOP and len(w) > 2}
        if "lower_keys" not in shared:
            shared["lower_keys"] = {key(w) for ws in shared["sent_words"] for w in ws if w[:1].islower()}
        ctx.recased, ctx.unknown_case = case.recase(ctx.claim_text, ctx.claim_words, names_in_body(ctx), shared["lower_keys"])
        return ctx

    def sent_words(self, i: int) -> list[str]:
        words: list[str] = self.shared["sent_words"][i]
        return words

    def hspan(self, start: int, end: int) -> Span:
        """A span of the claim's text (offsets into the claim) as a span of the document."""
        return Span(self.claim.start + start, self.claim.start + end)

    def bspan(self, i: int, start: int, end: int) -> Span:
        """A span of body sentence ``i`` (offsets into the sentence) as a span of the document."""
        base = self.doc.sentences[i].start
        return Span(base + start, base + end)

    def claim_doc(self) -> Any:
        """The spaCy parse of the recased claim (parsed once per claim)."""
        if self.parsed_claim is None:
            from unspun.runtime import nlp

            doc = nlp.parse(self.recased)
            if self.unknown_case:
                # Words the body never uses were lower-cased; those the parser still reads as
                # names get their capital back, and the claim is parsed again.
                named = case.restore_names(self.recased, self.unknown_case, doc)
                if named != self.recased:
                    self.recased = named
                    doc = nlp.parse(named)
            self.parsed_claim = doc
        return self.parsed_claim

    def parse_sentences(self, indices: Sequence[int]) -> dict[int, Any]:
        """spaCy parses of body sentences, each parsed at most once per document (tags and
        dependencies; no entities: the checks read names from the tags)."""
        from unspun.runtime import nlp

        parses: dict[int, Any] = self.shared["parses"]
        todo = [i for i in dict.fromkeys(indices) if i not in parses]
        if todo:
            for i, d in zip(todo, nlp.parse_many([self.sent_texts[i] for i in todo], disable=BODY_PARSE_DISABLE,
                                                   memo=nlp.memo(self.doc)), strict=True):
                parses[i] = d
        return {i: parses[i] for i in indices}


    def structure(self, i: int | None = None) -> dict[str, Any]:
        """Who, what, when, where and quantities (:mod:`unspun.analyzers.checkworthy_claims.structure`) of the
        claim (``i`` None; read from its parse in the body's case) or of body sentence ``i``, once each."""
        from unspun.analyzers.checkworthy_claims import structure

        memo: dict[int | None, dict[str, Any]] = self.memo.setdefault("structure", {}) if i is None else self.shared.setdefault("structures", {})
        if i not in memo:
            if "setting" not in self.shared:
                self.shared["setting"] = structure.setting(self.doc)
            span, parsed = (self.claim, self.claim_doc()) if i is None else (self.sentence(i), self.parse_sentences([i])[i])
            memo[i] = structure.structures(self.doc, [span], [parsed], self.shared["setting"])[0]
        return memo[i]

    def related(self, min_shared: int = 1) -> list[int]:
        """Body sentences sharing at least ``min_shared`` content words with the claim, best first."""
        scored = [(len(self.claim_keys & k), i) for i, k in enumerate(self.sent_keys)]
        return [i for n, i in sorted(scored, key=lambda t: (-t[0], t[1])) if n >= min_shared]

    def sentence(self, i: int) -> Span:
        return self.doc.sentences[i]

    def body_quantities(self) -> list[tuple[int, Quantity]]:
        if "quantities" not in self.shared:
            self.shared["quantities"] = [(i, q) for i, s in enumerate(self.sent_texts) for q in quantities(s)]
        out: list[tuple[int, Quantity]] = self.shared["quantities"]
        return out


#: pipes the body sentences are parsed without: the attribute ruler (coarse POS only) and the
#: entity recogniser (names are read from the tags); half the parse time (measured 2026-12-02)
BODY_PARSE_DISABLE = ("attribute_ruler", "ner")


# -- people, organisations, places -----------------------------------------------------------


def _capitalised(w: str) -> bool:
    return w[:1].isupper()


def names_in_body(ctx: Context) -> dict[str, str]:
    """Keys of words the body writes capitalised mid-sentence (its names), to their surface form."""
    if "names" in ctx.shared:
        cached: dict[str, str] = ctx.shared["names"]
        return cached
    names: dict[str, str] = ctx.shared.setdefault("names", {})
    for ws in ctx.shared["sent_words"]:
        for j, w in enumerate(ws):
            if j > 0 and _capitalised(w) and w.lower() not in STOP and len(w) > 1:
                names.setdefault(key(w), w)
    return names


def join_quoted(ws: Sequence[str]) -> str:
    q = [quote(w) for w in dict.fromkeys(ws)]
    return q[0] if len(q) == 1 else ", ".join(q[:-1]) + " or " + q[-1]
