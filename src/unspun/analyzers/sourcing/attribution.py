"""Who says so: attributions (source, cue, kind) and title-only actors.

Rules over the spaCy parse (:mod:`unspun.runtime.nlp`) and the project's lexicons in
``unspun/lexicons``. Only body sentences that carry a cue (a speech or claim
verb, "according to", a quotation mark, an impersonal or reaction phrase) are
parsed, which keeps an 800-word article inside the speed budget.

Kinds, in the order they are decided (docs/sourcing.md has the full rules):
``person`` (a named or office-identified individual), ``organisation``,
``document`` (reports, data, filings), ``anonymous`` (specific but unnamed
people: "sources", "a senior official") and ``vague`` (undefined collectives:
"experts", "many", "it is widely believed").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from unspun.analyzers.sourcing import coref
from unspun.analyzers.sourcing.quotes import QuoteIndex, quotations
from unspun.document import Document, Span
from unspun.text import lexicons

KINDS = ("person", "organisation", "document", "anonymous", "vague")

#: noun cues of a reaction a text can attribute to a group ("attention from observers")
_REACTION_NOUNS = frozenset(
    "attention criticism praise concern concerns condemnation scrutiny warning warnings questions doubts".split()
)
#: claim verbs that attribute with "as" ("described the talks as ...") or "of" ("warned of ...")
_AS_VERBS = frozenset("describe describes described regard regards regarded consider considers considered".split())
_OF_VERBS = frozenset("warn warns warned accuse accuses accused".split())
#: claim verbs whose infinitive complement is the claim ("promised to cut", "urged people to ...")
_XCOMP_VERBS = frozenset(
    "promise promises promised pledge pledged vow vows vowed urge urges urged advise advises advised".split()
)
_CALL_VERBS = frozenset("call calls called".split())
#: words the NER often folds into a PERSON entity that are titles, not names
_HONORIFICS = frozenset(
    "mr mrs ms miss dr prof professor sir dame lord lady councillor councilman councilwoman alderman senator sen rep "
    "representative judge justice detective inspector sergeant sgt officer constable captain capt coach president "
    "minister governor mayor general gen colonel col chancellor ambassador".split()
)
_COURTESY = frozenset("mr mrs ms miss dr prof sir dame lord lady".split())
_TITLED = re.compile(
    r"\b(?:" + "|".join(sorted(w.capitalize() for w in _HONORIFICS)) + r")\.?\s+(?:[A-Z][\w’'\-]+\s+)?([A-Z][\w’'\-]+)\b"
)
_SPOKES = frozenset("spokesman spokeswoman spokesperson spokespeople representative".split())
_QUANTIFIERS = frozenset("many some most several few numerous countless".split())
_BACK_REF = frozenset("people person source sources".split())  # "the people said" refers back
_RELATIVE = frozenset("who that which whom whose what".split())
_FIRST_PERSON = frozenset("i we you me us".split())
_ORG_ENTS = frozenset(("ORG", "GPE", "NORP", "FAC"))
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_IMPERSONAL = re.compile(
    r"(?<![\w’'])(?:it\s+(?:is|was|has\s+been|had\s+been)\s+(?:widely\s+|generally\s+|often\s+)?"
    r"(?:reported|believed|known|said|claimed|understood|rumou?red|thought)|reportedly"
    # "is rumored to be planning", "are said to have": a passive report with no one reporting
    r"|(?:is|are|was|were)\s+(?:widely\s+|reportedly\s+)?(?:rumou?red|believed|reported|thought|understood|alleged)"
    r"\s+to\s+(?:be|have)"
    r")(?![\w’'])",
    re.IGNORECASE,
)
#: the tabloid formula for an unnamed source: "we're told", "I am told", "we have learned"
_TOLD = re.compile(
    r"(?<![\w’'])(?:we|i)\s*(?:['’]re|['’]m|['’]ve\s+been|are|am|have\s+been|were|was)\s+told(?![\w’'])"
    r"|(?<![\w’'])(?:we|i)\s+(?:have|['’]ve)\s+learned(?![\w’'])",
    re.IGNORECASE,
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


# -- lexicons -------------------------------------------------------------------


@cache
def _set(name: str) -> frozenset[str]:
    return frozenset(lexicons.load(name))


@cache
def _cue_filter() -> re.Pattern[str]:
    """A cheap test that a sentence may hold an attribution, so only those are parsed.

    Every construction :func:`_sentence` reads starts at one of these words, so a
    sentence without one is never parsed; a quotation mark alone is not a cue
    (its speaker is found through the cue, and the quote spans by regex).
    Dropping the bare quote left the attributions of the first 250 FNC-1 bodies
    and of all 297 PTC articles unchanged and parses 14% fewer sentences.
    """
    words = sorted(_set("speech_verbs") | _set("claim_verbs") | _REACTION_NOUNS, key=len, reverse=True)
    return re.compile(
        r"according\s+to|(?<![\w’'])(?:" + "|".join(map(re.escape, words)) + r")(?![\w’'])"
        + "|" + _IMPERSONAL.pattern + "|" + _TOLD.pattern,
        re.IGNORECASE,
    )


# -- extraction -------------------------------------------------------------------


@dataclass
class _State:
    """What the document and earlier sentences established, for references back."""

    attrs: list[Attribution] = field(default_factory=list)
    person_names: set[str] = field(default_factory=set)
    mentions: coref.Mentions = field(default_factory=lambda: coref.Mentions([]))
    heads: list[tuple[str, Attribution]] = field(default_factory=list)  # head word of each source so far
    attached: dict[str, list[tuple[int, coref.Mention]]] = field(default_factory=dict)  # see _attached_name
    org_names: frozenset[str] = frozenset()  # names the text writes as a body's ("Con Edison officials")
    sentence_before: Span | None = None  # the sentence before the one being read, in its paragraph
    text: str = ""
    at: int = 0  # where the phrase being classified starts


def quote_spans(doc: Document) -> list[Span]:
    """Quotations in the body in every common style (:mod:`unspun.analyzers.sourcing.quotes`)."""
    return quotations(doc)


def candidate_sentences(doc: Document) -> list[Span]:
    pat = _cue_filter()
    return [s for s in doc.sentences if pat.search(doc.text, s.start, s.end) and not _heading(doc.text[s.start : s.end])]


_SMALL_WORDS = frozenset("a an the and or but of to in on at for by with from as is are was vs".split())


def _heading(s: str) -> bool:
    """A section heading or teaser line ("Users Urged to Remain Cautious"): title case, no full stop.

    It labels what follows; its words are not a report of anything said.
    """
    s = s.strip()
    words = [w for w in re.findall(r"[A-Za-z][\w’'\-]*", s) if w.lower() not in _SMALL_WORDS]
    if len(words) < 3 or s.endswith((".", "!", "\"", "”", "’", "'", ":")):
        return False
    return bool(sum(w[0].isupper() for w in words) >= 0.8 * len(words))


def extract(doc: Document, quotes: QuoteIndex | None = None) -> list[Attribution]:
    """Every attribution in the body, in text order.

    Two passes: the parser (without NER) finds cue and source phrase in each
    candidate sentence; then NER runs only on a few tokens around the source
    phrases that hold a proper noun, which is where it decides the kind. That
    split keeps an 800-word article inside the speed budget (docs/sourcing.md).
    """
    from unspun.runtime import nlp

    if quotes is None:
        quotes = QuoteIndex(quote_spans(doc))
    cands = [_skip_dateline(doc, s) for s in candidate_sentences(doc)]
    parsed = nlp.parse_many([doc.text[s.start : s.end] for s in cands], disable=PARSE_DISABLE)
    found = [(sent, sdoc, c) for sent, sdoc in zip(cands, parsed, strict=True) for c in _sentence(doc.text, sent, sdoc, quotes)]
    ents = _entities([(sdoc, c) for _, sdoc, c in found])
    mentions = coref.Mentions(coref.named_mentions(doc), doc.text)
    state = _State(person_names=_titled_surnames(doc.text), mentions=mentions, text=doc.text,
                   org_names=frozenset(m.text for m in mentions if m.type == "organisation"))
    out: list[Attribution] = []
    for (sent, _sdoc, c), e in zip(found, ents, strict=True):
        toks, src, cue, kind = c.toks, c.src, c.cue, c.kind
        role = name = None
        ref: Span | None = None
        if kind is None:
            state.at = src.start
            state.sentence_before = _previous_sentence(doc, sent)
            kind, role, name, ref = _classify(toks, e, state)
            if kind is None or (c.unnamed_only and (kind not in ("vague", "anonymous") or ref is not None)):
                continue
        q, qtype = _nearest_quote(doc.text, sent, quotes.overlapping(sent), cue)
        a = Attribution(src, cue, kind, sent, role, name, q, qtype, ref, _head(toks).lower_ if toks else "", c.outer)
        state.attrs.append(a)
        if a.head:
            state.heads.append((a.head, a))
        if a.kind == "person" and a.name:
            state.person_names.add(a.name.split()[-1].lower())
        out.append(a)
    return out


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

class _Cand(NamedTuple):
    """A candidate attribution in one sentence, before its kind is decided."""

    toks: list[Any]  # the source phrase's tokens ([] for an impersonal phrase)
    src: Span
    cue: Span
    kind: str | None = None  # fixed by the construction, else decided by _classify
    unnamed_only: bool = False  # a reaction ("criticism from X") counts only from an unnamed group
    cue_i: int = -1  # the cue verb's token index in the sentence parse
    outer: Span | None = None  # the source of the attribution whose reported words hold this one


class _Ents:
    """Entity labels for the tokens of one sentence parse (from a windowed NER run)."""

    def __init__(self, labels: dict[int, str] | None = None, persons: list[tuple[int, int]] | None = None) -> None:
        self.labels = labels or {}
        self.persons = persons or []

    def label(self, t: Any) -> str:
        return self.labels.get(t.i, "")


def _entities(items: list[tuple[Any, _Cand]]) -> list[_Ents]:
    """Run the NER on a window around each source phrase that has a proper noun."""
    from unspun.runtime import nlp

    todo: list[tuple[int, int, Any]] = []
    out = [_Ents() for _ in items]
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
        out[k] = _Ents(labels, persons)
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


def _inside(pos: int, spans: Iterable[Span]) -> bool:
    return any(q.start < pos < q.end - 1 for q in spans)


_NO_ENTS = _Ents()


def _sentence(text: str, sent: Span, sdoc: Any, quotes: QuoteIndex) -> list[_Cand]:
    """Candidate (source tokens, source span, cue span, fixed kind or None) in one sentence."""
    base = sent.start
    in_sent = quotes.overlapping(sent)
    found: list[_Cand] = []
    nostate = _State()

    def add(src_tokens: list[Any], src: Span, cue: Span, kind: str | None = None, *,
            unnamed_only: bool = False, cue_i: int = -1) -> None:
        if any(c.src.overlaps(src) or c.cue.overlaps(cue) for c in found):
            return
        found.append(_Cand(src_tokens, src, cue, kind, unnamed_only, cue_i))

    for tok in sdoc:
        pos = base + tok.idx
        if _inside(pos, in_sent):
            continue  # attributions inside a quotation are the speaker's words, not the article's sourcing
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].lower_ == "to":
            to = sdoc[tok.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is None:
                obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is not None:
                toks = _np_tokens(obj)
                add(toks, _char_span(toks, base), Span(pos, base + to.idx + len(to)))
            continue
        if low in _REACTION_NOUNS and tok.tag_.startswith("NN"):
            # "attention from X", or "drew attention from X" with the prepositional phrase on the verb
            sib = list(tok.head.children) if tok.dep_ in ("dobj", "nsubjpass") else []
            prep = next((c for c in [*tok.children, *sib] if c.dep_ == "prep" and c.lower_ in ("from", "among")), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if obj is not None and prep is not None:
                toks = _np_tokens(obj)
                if _classify(toks, _NO_ENTS, nostate)[0] in ("vague", "anonymous"):
                    add(toks, _char_span(toks, base), Span(pos, base + prep.idx + len(prep)), unnamed_only=True)
            continue
        speech = low in _set("speech_verbs")
        claim = low in _set("claim_verbs")
        if not (speech or claim):
            continue
        if not tok.tag_.startswith("VB"):
            # the tagger reads a clause-final "..., official data show." as a noun
            # compound; the words before the cue are then its subject
            lefts = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "det", "nmod")]
            if lefts and tok.i == len(sdoc) - 1 - int(sdoc[-1].is_punct):
                toks = [sdoc[i] for i in range(lefts[0].i, tok.i)]
                kind = _classify(toks, _NO_ENTS, nostate)[0]
                if kind in ("document", "vague", "anonymous"):
                    add(toks, _char_span(toks, base), Span(pos, pos + len(tok)), kind)
            continue
        if not _reports(tok, low):
            continue
        subj = _subject(tok)
        if subj is None or subj.lower_ in _RELATIVE or subj.lower_ in _FIRST_PERSON:
            continue
        toks = _np_tokens(subj)
        src = _char_span(toks, base)
        if any(q.overlaps(src) for q in in_sent):
            continue  # words inside a quotation are the speaker's, never the article's source
        if claim and not speech and not _licensed(tok, low, toks, in_sent):
            continue
        add(toks, src, Span(pos, pos + len(tok)), cue_i=tok.i)

    for m in _IMPERSONAL.finditer(text, sent.start, sent.end):
        if not _inside(m.start(), in_sent):
            sp = Span(m.start(), m.end())
            add([], sp, sp, "vague")
    for m in _TOLD.finditer(text, sent.start, sent.end):
        if not _inside(m.start(), in_sent):
            sp = Span(m.start(), m.end())
            add([], sp, sp, "anonymous")
    # "Hicks said many people had told her ...": the inner source is the outer one's account
    by_cue = {c.cue_i: c for c in found if c.cue_i >= 0}
    for k, c in enumerate(found):
        node = sdoc[c.cue_i] if c.cue_i >= 0 else None
        reported = False  # on the way up, the path entered a reported clause
        while node is not None and node.head.i != node.i:
            reported = reported or node.dep_ in ("ccomp", "parataxis")
            node = node.head
            if node.i in by_cue:
                if reported:
                    found[k] = c._replace(outer=by_cue[node.i].src)
                break
    found.sort(key=lambda c: c.src.start)
    return found


#: auxiliaries that make a cue verb hypothetical or habitual ("will tell you", "can deny", "might question")
_MODALS = frozenset("can could may might must should shall will would 'll 'd wo ca".split())
#: subordinators that make the cue a condition or a question, not a report ("if officials respond")
_CONDITIONAL = frozenset("if unless whether".split())
#: verbs whose passive usually has another sense: a task "claimed by" a worker, a patient "admitted"
_PASSIVE_OTHER_SENSE = frozenset("claim claims claimed admit admits admitted".split())


def _reports(verb: Any, low: str) -> bool:
    """The cue verb reports something said or found, here and now (not a possibility, a condition)."""
    kids = list(verb.children)
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in kids):
        return False
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL for c in kids):
        return False
    if verb.dep_ == "xcomp" or (verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids)):
        return False  # "is expected to announce", "wants to say": not said yet
    if low in _PASSIVE_OTHER_SENSE and any(c.dep_ == "nsubjpass" for c in kids):
        subj = next(c for c in kids if c.dep_ == "nsubjpass")
        return subj.lower_ == "it" or any(c.dep_ == "ccomp" for c in kids)
    return True


def _subject(verb: Any) -> Any:
    """The grammatical speaker of a cue verb; the agent of a passive; None if impersonal."""
    # several subjects come from a mis-parsed phrase ("co - founder ... John Mackey said"): the largest heads it
    subjs = [c for c in verb.children if c.dep_ in _SUBJ]
    after = [c for c in subjs if c.i > verb.i]
    if verb.dep_ == "parataxis" and after:
        subj = after[0]  # "The combination, say economists, marks ...": the parenthetical's speaker follows it
    else:
        subj = max(subjs, key=lambda c: len(list(c.subtree))) if subjs else None
    agent_only = next((c for c in verb.children if c.dep_ == "agent"), None)
    if subj is None and agent_only is not None:  # "as reported by the BBC"
        return next((c for c in agent_only.children if c.dep_ == "pobj"), None)
    if subj is not None and subj.dep_ == "nsubjpass":
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        return pobj  # "he was told" names the hearer, not the speaker
    if subj is None and verb.dep_ == "advcl" and verb.tag_ == "VBG":
        # "..., saying that ..." speaks for the subject of the main verb
        subj = next((c for c in verb.head.children if c.dep_ in ("nsubj",)), None)
    return subj


def _licensed(verb: Any, low: str, src: list[Any], quotes: list[Span]) -> bool:
    """A claim verb attributes only with a reported clause, a quote, or a source-like subject."""
    deps = {c.dep_ for c in verb.children}
    if "agent" in deps:  # "as reported by X", "was confirmed by X": the agent is the source
        return True
    if deps & {"ccomp", "parataxis"}:
        return True
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.lower_ == "that" and nxt.tag_ == "IN" and nxt.head == verb:
        return True  # "It found that among children ..., eating peanuts cut ...": a mis-parsed reported clause
    if low in _AS_VERBS and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return True
    if low in _OF_VERBS and any(c.dep_ == "prep" and c.lower_ == "of" for c in verb.children):
        return True
    if low in _OF_VERBS and any(g.dep_ == "prep" and g.lower_ == "of"
                                for c in verb.children if c.dep_ == "dobj" for g in c.children):
        return True  # "accuse the Islamists of being slow": "of" hangs on the object
    if low in _XCOMP_VERBS and "xcomp" in deps:
        return True
    if low not in _XCOMP_VERBS and any(
        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in verb.children
    ):
        return False  # "agreed to take part", "expects to finish": an act, not a claim
    if low in _CALL_VERBS:  # "called it a gift" names; "called her every day" does not
        return bool(deps & {"oprd", "xcomp"}) or any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children)
    if quotes:
        return True
    if verb.dep_ in ("relcl", "acl"):
        return False  # "the satisfaction people find": the verb describes a noun, it reports nothing
    # a subject that is itself a source word ("experts", "officials", "the data")
    hl = _head(src).lower_
    lex = _set("vague_sources") | _set("anonymous_sources") | _set("document_sources")
    return hl in lex or _phrase_in(" ".join(t.lower_ for t in src), lex)


def _np_tokens(head: Any) -> list[Any]:
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


def _text(toks: list[Any]) -> str:
    """The tokens as written (spaCy keeps each token's trailing space)."""
    return "".join(t.text_with_ws for t in toks).strip()


def _char_span(toks: list[Any], base: int) -> Span:
    return Span(base + toks[0].idx, base + toks[-1].idx + len(toks[-1]))


_Kind = tuple["str | None", "str | None", "str | None", "Span | None"]
_DEFINITE = frozenset("the this that these those".split())


#: nouns of quantity whose "of" phrase names the source: "a number of analysts", "a large body of studies"
_QUANTITY_NOUNS = frozenset(
    "number body majority minority handful host lot lots range series dozens hundreds thousands millions scores "
    "plenty couple few".split()
)


def _head(toks: list[Any]) -> Any:
    """The head of a source phrase: the syntactic head, through a quantity noun ("a number of
    analysts" is analysts) and to the end of a hyphenated word ("vice-chancellors")."""
    heads = [t for t in toks if t.head not in toks or t.head == t]  # the syntactic head
    # several: a mis-parsed flat phrase; the one in a subject or object role, else the last (English heads last)
    roles = [t for t in heads if t.dep_ in (*_SUBJ, "pobj", "ROOT")]
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


def _stem(w: str) -> str:
    return w[:-1] if w.endswith("s") and len(w) > 3 else w


def _classify(toks: list[Any], ents: _Ents, state: _State) -> _Kind:
    """(kind, role, name, antecedent) of a source phrase; kind None when it is not a source.

    The antecedent is set when the phrase points back to an earlier source or named
    mention (a pronoun, a definite description, a surname): see :mod:`coref`.
    """
    text = " ".join(t.text for t in toks)
    low = text.lower()
    head = _head(toks)
    hl = head.lower_
    if len(toks) == 1 and head.tag_ in ("PRP", "PRP$"):
        return _resolve_pronoun(hl, state)
    if _temporal(toks, head, ents):
        return None, None, None, None  # "by the 1970s", "by that date", "Today": a time, not a speaker
    group = _named_group(toks, head, ents)
    if group is not None:
        return group
    back = _refers_back(toks, head, state)
    if back is not None:
        return back
    name_toks = _person_name(toks, ents, state)
    anon = _set("anonymous_sources")
    institutions = _set("institutions")
    if not name_toks and (hl in anon or _phrase_in(low, anon)):
        return "anonymous", None, None, None
    if hl in _BACK_REF and any(t.lower_ == "the" for t in toks):
        return "anonymous", None, None, None  # "the people said" refers back to unnamed sources
    if not name_toks and head.tag_ in ("NNP", "NNPS") and any(t.tag_ in ("NNP", "NNPS") for t in toks if t is not head):
        return "organisation", None, _text([t for t in toks if t.tag_ != "DT"]), None  # "Coresight Research"
    docs = _set("document_sources")
    if hl in docs:
        if hl in ("studies", "reports", "research") and not any(
            (c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ in ("poss", "prep") for c in head.children
        ):
            return "vague", None, None, None  # "Studies show" cites no study
        return "document", None, None, None
    if name_toks:
        first = name_toks[0].i
        role_toks = [t for t in toks if t.i < first and not t.is_punct]
        while role_toks and role_toks[0].tag_ in ("DT", "PRP$"):
            role_toks = role_toks[1:]
        if all(t.lower_.rstrip(".") in _COURTESY for t in role_toks):
            role_toks = []  # "Dr." is a courtesy title; the apposition says what the person does
        role = _role_before_appos(toks, first) or _text(role_toks) or _appos_role(head)
        name = _text(name_toks)
        ref = None
        if " " not in name:  # a surname after the full name: "Pay" is "Levi Pay"
            m = state.mentions.person_by_part(name, state.at)
            if m is not None:
                name, ref = m.text, m.span
        return "person", role, name, ref
    if hl in _SPOKES:
        return "organisation", hl, None, None  # an unnamed spokesperson speaks for the body
    if hl in _set("vague_sources") and any(t.tag_ in ("NNP", "NNPS") for t in toks if t is not head):
        return "anonymous", None, None, None  # "Goldman Sachs analyst": an unnamed person at a named body
    quantified = head.tag_ in ("NNS", "NNPS") and any(t.lower_ in _QUANTIFIERS for t in toks) and (
        hl in coref.people_nouns() or hl in docs or hl in _MEDIA or head.tag_ == "NNPS")  # not "many retellings"
    if hl in _set("vague_sources") or quantified or (
        hl in _QUANTIFIERS and len(toks) <= 2
    ) or (head.tag_ == "NNPS" and ents.label(head) == "NORP"):  # "Tunisians": a nation, no one in it
        return "vague", None, None, None
    if hl in _titles() and head.tag_ not in ("NNP", "NNPS"):
        return "person", _text(toks), None, None  # identified by office ("the minister"), not by name
    if ents.label(head) in _ORG_ENTS or hl in institutions or head.tag_ in ("NNP", "NNPS"):
        return "organisation", None, _text([t for t in toks if t.tag_ != "DT"] or toks), None
    if head.tag_ in ("NNS", "NN"):
        return "anonymous", None, None, None  # an unnamed person or group ("a nurse", "local guides")
    return None, None, None, None


#: head nouns of a time, which a mis-parse can make the subject or agent of a cue ("by that date")
_TIME_NOUNS = frozenset(
    "today yesterday tomorrow tonight now date dates day days week weeks weekend month months year years decade "
    "decades century centuries time times moment era period season morning afternoon evening night hour hours "
    "minute minutes spring summer autumn winter monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december".split()
)


def _temporal(toks: list[Any], head: Any, ents: _Ents) -> bool:
    return head.lower_ in _TIME_NOUNS or ents.label(head) in ("DATE", "TIME") or bool(
        re.fullmatch(r"(?:\d{2})?\d0[’']?s", head.lower_)
    )


def _named_group(toks: list[Any], head: Any, ents: _Ents) -> _Kind | None:
    """People at a named body ("Con Edison officials", "ESET researchers"): the body speaks.

    A plural head that names people, with the body's name in front of it. A country or
    nationality in front ("U.S. officials", "Israeli officials") names no body: those stay
    anonymous.
    """
    if head.tag_ != "NNS" or head.lower_ not in coref.people_nouns():
        return None
    mods = [t for t in toks if t.i < head.i and t.tag_ in ("NNP", "NNPS") and t.dep_ in ("compound", "poss", "nmod")]
    if not mods or any(ents.label(t) in ("GPE", "NORP") for t in mods):
        return None
    if any(t.lower_ in _QUANTIFIERS for t in toks):
        return None
    lo = mods[0].i
    body = [t for t in toks if lo <= t.i < head.i and not (t.tag_ == "POS" or t.is_punct)]
    if any(t.tag_ not in ("NNP", "NNPS", "NN") for t in body):
        return None
    return "organisation", head.lower_, _text(body), None


def _refers_back(toks: list[Any], head: Any, state: _State) -> _Kind | None:
    """A definite description or a bare plural that points back to an earlier source.

    ``the people`` after ``people familiar with the matter``; ``the officials`` after
    ``Con Edison officials``; ``the researchers`` after the named team or paper;
    ``researchers`` after ``ESET researchers``.
    """
    if any(t.tag_ in ("NNP", "NNPS") for t in toks) or head.tag_ not in ("NN", "NNS"):
        return None
    body_word = next((t for t in toks if t.i < head.i and t.dep_ == "compound" and t.lower_ in _BODY_NOUNS), None)
    if body_word is not None and head.lower_ in coref.people_nouns():
        # "agency officials", "company officials": people of the body of that kind named earlier
        m = state.mentions.nearest(state.at, ("organisation",))
        if m is not None:
            return "organisation", head.lower_, m.text, m.span
    first = toks[0]
    definite = first.lower_ in _DEFINITE or first.lower_ in ("its", "their", "his", "her")
    bare_plural = len(toks) == 1 and head.tag_ == "NNS"
    if not (definite or bare_plural) or len(toks) > 3:
        return None
    hl = head.lower_
    same = next((a for h, a in reversed(state.heads) if _stem(h) == _stem(hl)), None)
    if same is not None:
        return same.kind, same.role, same.name, same.source
    if definite and (hl in _set("institutions") or hl in _BODY_NOUNS or _stem(hl) in _BODY_NOUNS):
        # "the company", "the utility", "the companies": the body named before; a name the text does not
        # type (many company names look like a person's) is taken when no organisation is nearer
        cands: list[tuple[int, _Kind]] = []
        m = state.mentions.nearest(state.at, ("organisation",))
        if m is not None:
            cands.append((m.span.start, ("organisation", None, m.text, m.span)))
        n = state.mentions.nearest(state.at, ("name", "person"))
        if n is not None and not n.honorific and n.text.split()[-1].lower() not in state.person_names:
            cands.append((n.span.start, ("organisation", None, None, n.span)))
        org = next((a for a in reversed(state.attrs) if a.kind == "organisation" and a.refers_to is None), None)
        if org is not None:
            cands.append((org.source.start, ("organisation", None, org.name, org.source)))
        return max(cands, key=lambda c: c[0])[1] if cands else None
    if hl not in coref.people_nouns() or hl in _QUANTIFIERS:
        return None
    if definite:
        m = state.mentions.nearest(state.at, ("person", "organisation"))
        prev = state.attrs[-1] if state.attrs else None
        if prev is not None and prev.kind in ("person", "organisation", "document") and (
            m is None or prev.source.start > m.span.start
        ):
            return "person", _text(toks), prev.name if prev.kind == "person" else None, prev.source
        if m is not None:
            span = state.mentions.with_partner(m) if head.tag_ == "NNS" or hl in _GROUP_NOUNS else m.span
            name = m.text if m.type == "person" and span == m.span else None
            return "person", _text(toks), name, span
        return None
    g = _attached_name(state, hl)
    if g is None and hl in _STAFF_NOUNS:
        # "NOAA released its Winter Outlook. Researchers predicted ...": the body named just before
        before = state.sentence_before
        body = state.mentions.nearest(state.at, ("organisation",))
        if body is not None and before is not None and body.span.start >= before.start:
            g = body
    if g is not None:
        return "organisation", hl, g.text, g.span
    return None


#: people who work for a body, so that a bare "researchers" right after the body is its people
_STAFF_NOUNS = frozenset("researchers scientists engineers developers".split())
#: nouns for a group of people, which point back to all of them ("the pair" is "Ana Reyes and Tom Field")
_GROUP_NOUNS = frozenset("pair couple duo trio family team group".split())
#: nouns for outlets and channels that can carry a claim ("several websites", "many outlets")
_MEDIA = frozenset("websites sites outlets blogs newspapers papers channels accounts posts media forums".split())
#: nouns for a kind of body, whose people speak for it ("agency officials", "the utility", "the companies");
#: "government" and "administration" are left out: "government officials" is the classic unnamed source
_BODY_NOUNS = frozenset(
    "agency company companies firm firms utility department ministry council university hospital school club "
    "union institution institutions organisation organization charity regulator bank network platform site "
    "website startup publisher broadcaster newspaper studio developer developers".split()
)


def _attached_name(state: _State, head: str) -> coref.Mention | None:
    """The latest earlier mention of ``head`` tied to a name: "ESET researchers", "NOAA's
    researchers", "researchers at NOAA"."""
    if head not in state.attached:
        text = state.text
        found: list[tuple[int, coref.Mention]] = []
        for m in re.finditer(r"(?<![\w’'])" + re.escape(head) + r"(?![\w’'])", text, re.IGNORECASE):
            before = re.search(r"(?:['’]s)?\s$", text[max(0, m.start() - 3) : m.start()])
            after = re.match(r"\s+(?:at|from|of|with|for|in)\s+(?:the\s+)?", text[m.end() : m.end() + 12])
            men = state.mentions.ending_at(m.start() - len(before.group(0))) if before else None
            if men is None and after is not None:
                men = state.mentions.starting_at(m.end() + after.end())
            if men is not None and men.type in ("organisation", "name", "person"):
                found.append((m.start(), men))
        state.attached[head] = found
    return next((men for pos, men in reversed(state.attached[head]) if pos < state.at), None)


def _person_name(toks: list[Any], ents: _Ents, state: _State) -> list[Any]:
    """The tokens of a person's name in a source phrase, or [] when it names no person.

    A PERSON entity counts; so does a run of two or more proper nouns with no
    organisation entity and no institution word (the small NER misses names
    after a title, "Prosecutor Amara Diallo"), and a lone surname seen before.
    """
    name = _person_name_tokens(toks, ents, state)
    if not name:
        return name
    head = _head(toks)
    if head.tag_ in ("NN", "NNS") and all(t.i < head.i and t.head.i >= t.i for t in name):
        return []  # "The Albert Quay spot", "an Obama administration official": a name that modifies a thing
    words = _text(name).split()
    if len(words) > 1 and words[-1].lower() in coref.PLACE_WORDS:
        return []  # "Albert Quay", "Harbour Street": a place
    if any(t.tag_ == "POS" or t.lower_ in ("'s", "’s") or t.text.endswith(("'s", "’s")) for t in name) or any(
            t.lower_ in ("'s", "’s") and name[0].i < t.i < name[-1].i for t in toks):
        return []  # "Clon Casey's Bar", "Sheffield's Residence Life": a possessor names a business or a body
    if _text(name) in state.org_names or any(t.lower_ in coref.ORG_WORDS for t in name):
        return []  # "Con Edison", written elsewhere as "Con Edison officials": an organisation
    inside = {t.i for t in toks}
    for t in name:  # "The Briar in Douglas", "a spokesman for Dana Moss": a name inside a modifier
        a = t.head
        while a.i in inside and a.i != head.i and a.head.i != a.i:
            if a.dep_ == "prep":
                return []
            a = a.head
    return name


def _person_name_tokens(toks: list[Any], ents: _Ents, state: _State) -> list[Any]:
    lo, hi = toks[0].i, toks[-1].i + 1
    inside = [(s, e) for s, e in ents.persons if s >= lo and e <= hi]
    appos = [(s, e) for s, e in inside if any(toks[0].doc[i].dep_ == "appos" for i in range(s, e))]
    if inside:  # "Keller's colleague, Dr. Aiko Tanaka": the name in apposition is the speaker
        s, e = (appos or inside)[-1]
        name = [t for t in toks if s <= t.i < e]
        while len(name) > 1 and name[0].lower_.rstrip(".") in _HONORIFICS:
            name = name[1:]  # "Councillor Ana Silva": the title is the role, not the name
        return name
    institutions = _set("institutions")
    run: list[Any] = []
    best: list[Any] = []
    for t in toks:
        ok = (t.tag_ in ("NNP", "NNPS") and ents.label(t) not in _ORG_ENTS and t.lower_ not in institutions
              and t.lower_ not in _title_words() and t.lower_ not in _set("vague_sources"))
        run = [*run, t] if ok else []
        if len(run) > len(best):
            best = run
    if len(best) >= 2 and not any(ents.label(t) in _ORG_ENTS for t in toks if t.head in best or t in best):
        return best
    word = _text(toks)
    if " " not in word and word[:1].isupper() and state.mentions.person_by_part(word, state.at):
        return toks  # a surname or first name of a person named earlier in the text ("Pay", "Waller-Bridge")
    propn = [t for t in toks if t.tag_ in ("NNP", "NNPS")]
    if len(propn) == 1 and propn[0] == toks[-1]:
        t = propn[0]
        if t.lower_ in state.person_names or (not ents.label(t) and t.lower_ not in institutions and len(toks) == 1):
            return [t]  # a lone surname: known from an earlier attribution, or unlabelled by the NER
    return []


def _role_before_appos(toks: list[Any], first: int) -> str | None:
    """ "Kaye's lawyer, Stephen Marr": the title before the comma is the role."""
    before = [t for t in toks if t.i < first]
    if before and before[-1].is_punct:
        while before and (before[-1].is_punct or before[-1].is_space):
            before = before[:-1]
        while before and before[0].tag_ == "DT":
            before = before[1:]
        return _text(before) or None
    return None


@cache
def _title_words() -> frozenset[str]:
    """Every word of every title ("chief", "executive", "secretary"): never part of a name."""
    return frozenset(w for e in lexicons.load("titles") for w in e.split())


@cache
def _titles() -> frozenset[str]:
    return frozenset(e for e in lexicons.load("titles") if " " not in e)


def _phrase_in(low: str, entries: Iterable[str]) -> bool:
    padded = f" {low} "
    return any(f" {e} " in padded for e in entries if " " in e)


def _appos_role(head: Any) -> str | None:
    ap = next((c for c in head.children if c.dep_ == "appos"), None)
    if ap is None:
        return None
    if ap.tag_ == "CD":
        return None  # "John Park, 45," gives an age, not a role
    relcl = {t.i for c in ap.children if c.dep_ == "relcl" for t in c.subtree}
    toks = [t for t in ap.subtree if t.i not in relcl]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    return _text(toks) or None


def _resolve_pronoun(p: str, state: _State) -> _Kind:
    """A pronoun takes the kind of the nearest compatible earlier source or named mention."""
    want = coref.pronoun_type(p)
    if want is None:
        return None, None, None, None

    def fits(a: Attribution) -> bool:
        if want == "person":
            return a.kind in ("person", "anonymous") or (a.kind == "organisation" and a.role in _SPOKES)
        if want == "organisation":
            return a.kind in ("organisation", "document")
        return True

    a = next((a for a in reversed(state.attrs) if fits(a)), None)
    types = {"person": ("person",), "organisation": ("organisation",), "any": ("person", "organisation")}[want]
    m = state.mentions.nearest(state.at, types)
    if m is not None and (a is None or m.span.start > a.source.start):
        return coref.mention_kind(m), None, m.text, m.span
    if a is not None:
        return a.kind, a.role, a.name, a.source
    return ("vague" if want == "any" else want), None, None, None


def _nearest_quote(text: str, sent: Span, quotes: list[Span], cue: Span) -> tuple[Span | None, str | None]:
    if not quotes:
        return None, None
    q = min(quotes, key=lambda q: min(abs(q.start - cue.end), abs(cue.start - q.end)))
    before = text[max(sent.start, q.start - 3) : q.start].rstrip()
    direct = q.start <= sent.start or before.endswith((":", ",")) or before == ""
    return q, ("direct" if direct else "partial")


# -- people referred to only by title ---------------------------------------------

_NAME_AFTER = re.compile(r"(?:-elect|-designate)?\s+(?:[A-Z][\w’'.\-]+)(?:\s+[A-Z][\w’'.\-]+)*")
_NAME_APPOS = re.compile(r",\s+[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+)+")
_NAME_BEFORE = re.compile(
    r"[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+)+(?:,\s*|\s+(?:was|is|has\s+been|had\s+been|became|becomes)\s+"
    r"(?:named\s+|appointed\s+|made\s+|elected\s+)?(?:as\s+)?)(?:the\s+|a\s+|an\s+|its\s+|their\s+)?$"
)
#: offices with one holder per country, which a reader identifies from the unqualified title
#: ("the Prime Minister", "the Queen"); qualified ("China's President") they can still be unnamed
_UNIQUE_OFFICES = frozenset(("prime minister", "president", "king", "queen", "pope", "chancellor", "taoiseach"))


@cache
def _title_pattern() -> re.Pattern[str]:
    titles = sorted(lexicons.load("titles"), key=len, reverse=True)
    alt = "|".join(r"\s+".join(map(re.escape, t.split())) for t in titles)
    # qualifiers are case-sensitive (a possessive or nationality is capitalised); titles are not
    qual = r"(?:(?P<poss>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?['’]s)\s+|(?P<adj>[A-Z][a-z]+(?:an|ese|ish|ian|i|ch))\s+|(?P<det>[Tt]he)\s+)?"
    return re.compile(r"(?<![\w’'])" + qual + r"(?P<title>(?i:" + alt + r"))(?![\w’'])")


@dataclass(frozen=True)
class TitleMention:
    span: Span
    key: tuple[str, str]  # (qualifier, title)
    named: bool


def title_mentions(doc: Document) -> list[TitleMention]:
    text = doc.text
    out = []
    for m in _title_pattern().finditer(text):
        title = " ".join(m.group("title").lower().split())
        qual_text = m.group("poss") or m.group("adj") or ""
        if not m.group("title")[0].isupper() and not (m.group("det") or m.group("poss")):
            continue  # a lower-case common word ("the general public" is not a title)
        # the possessor's last word is the key ("Later China's" and "China's" are one office)
        qual = re.sub(r"['’]s$", "", qual_text).lower().split()[-1] if qual_text else ""
        in_head = m.start() < doc.headline.end
        named = False
        if not in_head:  # title case in a headline makes every word look like a name
            after = text[m.end() : m.end() + 60]
            before = text[max(0, m.start() - 60) : m.start()]
            named = bool(_NAME_AFTER.match(after) or _NAME_APPOS.match(after) or _NAME_BEFORE.search(before))
            if named and _NAME_AFTER.match(after) and not _NAME_APPOS.match(after):
                nxt = _NAME_AFTER.match(after).group(0).split()[0]  # type: ignore[union-attr]
                named = nxt.lower() not in _STOP_CAPS
        out.append(TitleMention(Span(m.start(), m.end()), (qual, title), named))
    return out


#: capitalised words after a title that are not a name
_STOP_CAPS = frozenset("and or of for in on at to the a an but said says".split())


def title_only_actors(doc: Document, min_mentions: int = 2) -> list[list[TitleMention]]:
    """Groups of mentions of an office that the article never puts a name to."""
    ms = title_mentions(doc)
    named = {m.key for m in ms if m.named}
    named_titles_unqualified = {t for (q, t) in named if not q}
    groups: dict[tuple[str, str], list[TitleMention]] = {}
    for m in ms:
        groups.setdefault(m.key, []).append(m)
    out = []
    for key, g in groups.items():
        qual, title = key
        if key in named or title in named_titles_unqualified:
            continue
        if not qual and any(t == title for (_, t) in named):
            continue  # "the president" after "President Putin" is the named one
        if title in _SPOKES and not qual:
            continue
        if title in _UNIQUE_OFFICES and not qual:
            continue  # "the Prime Minister", "the Queen": the country's one holder, whom readers know
        if len(g) >= min_mentions:
            out.append(g)
    return sorted(out, key=lambda g: g[0].span.start)
