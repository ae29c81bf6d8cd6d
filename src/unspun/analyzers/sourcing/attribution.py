"""Who says so: attributions (source, cue, kind), in text order.

Rules over the spaCy parse (:mod:`unspun.runtime.nlp`) and the project's lexicons in
``unspun/lexicons``. Only body sentences that carry a cue (a speech or claim
verb, "according to", a quotation mark, an impersonal or reaction phrase) are
parsed, which keeps an 800-word article inside the speed budget.

Kinds, in the order they are decided (docs/sourcing.md has the full rules):
``person`` (a named or office-identified individual), ``organisation``,
``document`` (reports, data, filings), ``anonymous`` (specific but unnamed
people: "sources", "a senior official") and ``vague`` (undefined collectives:
"experts", "many", "it is widely believed").

The work is split by step: :mod:`.cues` finds cue and source phrase in a sentence,
:mod:`.phrases` reads the phrase off the parse, :mod:`.speakers` decides its kind;
:mod:`.offices` finds people referred to only by title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from unspun.analyzers.sourcing import coref
from unspun.analyzers.sourcing.cues import Candidate, candidate_sentences, sentence_candidates
from unspun.analyzers.sourcing.phrases import Entities, phrase_head
from unspun.analyzers.sourcing.quotes import QuoteIndex, quotations
from unspun.analyzers.sourcing.speakers import HONORIFICS, State, classify
from unspun.document import Document, Span

KINDS = ("person", "organisation", "document", "anonymous", "vague")
_TITLED = re.compile(
    r"\b(?:" + "|".join(sorted(w.capitalize() for w in HONORIFICS)) + r")\.?\s+(?:[A-Z][\w’'\-]+\s+)?([A-Z][\w’'\-]+)\b"
)


@dataclass(frozen=True)
class Attribution:
    """One attribution: who (``source``), by what words (``cue``), of which ``kind``."""

    source: Span
    cue: Span
    kind: str
    sentence: Span
    role: str | None = None
    name: str | None = None
    quote: Span | None = None
    quote_type: str | None = None  # "direct" or "partial"
    refers_to: Span | None = None  # the antecedent of a reference back ("he", "the company", a surname)
    head: str = ""  # the source phrase's head word, lower case ("officials", "nurse"); "" for a phrase with none
    reported_by: Span | None = None  # the outer source when this one sits in its reported words

    def to_dict(self, text: str) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.source.to_dict(),
            "source_text": text[self.source.start : self.source.end],
            "cue": self.cue.to_dict(),
            "cue_text": text[self.cue.start : self.cue.end],
            "kind": self.kind,
        }
        if self.role:
            d["role"] = self.role
        if self.name:
            d["name"] = self.name
        if self.quote is not None:
            d["quote"] = self.quote.to_dict()
            d["quote_type"] = self.quote_type
        if self.reported_by is not None:
            d["reported_by"] = self.reported_by.to_dict()
        if self.refers_to is not None:
            d["refers_to"] = self.refers_to.to_dict()
            d["refers_to_text"] = text[self.refers_to.start : self.refers_to.end]
        return d


def extract(doc: Document, quotes: QuoteIndex | None = None) -> list[Attribution]:
    """Every attribution in the body, in text order.

    Two passes: the parser (without NER) finds cue and source phrase in each
    candidate sentence; then NER runs only on a few tokens around the source
    phrases that hold a proper noun, which is where it decides the kind. That
    split keeps an 800-word article inside the speed budget (docs/sourcing.md).
    """
    from unspun.runtime import nlp

    if quotes is None:
        quotes = QuoteIndex(quotations(doc))
    cands = [_skip_dateline(doc, s) for s in candidate_sentences(doc)]
    parsed = nlp.parse_many([doc.text[s.start : s.end] for s in cands], disable=PARSE_DISABLE, memo=nlp.memo(doc))
    found = [(sent, sdoc, c) for sent, sdoc in zip(cands, parsed, strict=True) for c in sentence_candidates(doc.text, sent, sdoc, quotes)]
    ents = _entities([(sdoc, c) for _, sdoc, c in found])
    mentions = coref.Mentions(coref.named_mentions(doc), doc.text)
    state = State(person_names=_titled_surnames(doc.text), mentions=mentions, text=doc.text,
                   org_names=frozenset(m.text for m in mentions if m.type == "organisation"))
    out: list[Attribution] = []
    for (sent, _sdoc, c), e in zip(found, ents, strict=True):
        toks, src, cue, kind = c.toks, c.src, c.cue, c.kind
        role = name = None
        ref: Span | None = None
        if kind is None:
            state.at = src.start
            state.sentence_before = _previous_sentence(doc, sent)
            kind, role, name, ref = classify(toks, e, state)
            if kind is None or (c.unnamed_only and (kind not in ("vague", "anonymous") or ref is not None)):
                continue
        q, qtype = _nearest_quote(doc.text, sent, quotes.overlapping(sent), cue)
        a = Attribution(src, cue, kind, sent, role, name, q, qtype, ref, phrase_head(toks).lower_ if toks else "", c.outer)
        state.attrs.append(a)
        if a.head:
            state.heads.append((a.head, a))
        if a.kind == "person" and a.name:
            state.person_names.add(a.name.split()[-1].lower())
        out.append(a)
    return out


def attributions(doc: Document) -> list[Attribution]:
    """:func:`extract` over the body's quotations, worked out once per document (kept in ``doc.shared``): the
    sourcing analyzer and the claims' structure (who said a quoted claim) read the same list."""
    memo: dict[str, list[Attribution]] = doc.shared.setdefault(__name__ + ".attributions", {})
    if "all" not in memo:
        memo["all"] = extract(doc, QuoteIndex(quotations(doc)))
    return memo["all"]


def _previous_sentence(doc: Document, sent: Span) -> Span | None:
    """The sentence before ``sent`` in the same paragraph, or None."""
    from bisect import bisect_left

    k = bisect_left(doc.sentences, sent)
    if k == 0 or k > len(doc.sentences):
        return None
    prev = doc.sentences[k - 1]
    gap = doc.text[prev.end : sent.start]
    return prev if "\n" not in gap else None


#: Pipes the sentence parse skips: NER runs separately on source phrases only, and
#: the attribute ruler's coarse POS is not used (``tag_`` is).
PARSE_DISABLE = ("attribute_ruler", "ner")
#: Tokens of context either side of a source phrase for the NER (enough for "said X, the ...").
NER_WINDOW = 3


def _entities(items: list[tuple[Any, Candidate]]) -> list[Entities]:
    """Run the NER on a window around each source phrase that has a proper noun."""
    from unspun.runtime import nlp

    todo: list[tuple[int, int, Any]] = []
    out = [Entities() for _ in items]
    for k, (sdoc, (toks, _, _, kind, *_)) in enumerate(items):
        if kind is None and toks and any(t.tag_ in ("NNP", "NNPS") for t in toks):
            lo = max(0, toks[0].i - NER_WINDOW)
            hi = min(len(sdoc), toks[-1].i + 1 + NER_WINDOW)
            todo.append((k, lo, sdoc[lo:hi].as_doc()))
    if not todo:
        return out
    ner = nlp.load().get_pipe("ner")
    for (k, lo, _), wdoc in zip(todo, ner.pipe([w for _, _, w in todo], batch_size=64), strict=True):
        labels = {lo + t.i: t.ent_type_ for t in wdoc if t.ent_type_}
        persons = [(lo + e.start, lo + e.end) for e in wdoc.ents if e.label_ == "PERSON"]
        out[k] = Entities(labels, persons)
    return out


def _titled_surnames(text: str) -> set[str]:
    """Surnames the text gives an honorific or office to ("President Biden", "Dr Okoye").

    The small NER often labels a lone surname an organisation ("Biden said");
    a title elsewhere in the article settles that it is a person.
    """
    return {m.group(1).lower() for m in _TITLED.finditer(text)}


def _skip_dateline(doc: Document, sent: Span) -> Span:
    """Parse the first sentence without its dateline, which the parser takes for a subject."""
    if sent.start != doc.body.start:
        return sent
    from unspun.inputs import DATELINE

    m = DATELINE.match(doc.text[sent.start : sent.end])
    return Span(sent.start + m.end(), sent.end) if m and sent.start + m.end() < sent.end else sent


def _nearest_quote(text: str, sent: Span, quotes: list[Span], cue: Span) -> tuple[Span | None, str | None]:
    if not quotes:
        return None, None
    q = min(quotes, key=lambda q: min(abs(q.start - cue.end), abs(cue.start - q.end)))
    before = text[max(sent.start, q.start - 3) : q.start].rstrip()
    direct = q.start <= sent.start or before.endswith((":", ",")) or before == ""
    return q, ("direct" if direct else "partial")
