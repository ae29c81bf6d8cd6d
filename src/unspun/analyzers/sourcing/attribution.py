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
from typing import Any

from unspun.document import Document, Span
from unspun.text import lexicons

KINDS = ("person", "organisation", "document", "anonymous", "vague")

_QUOTE = re.compile(r"\"[^\"\n]*\"?|“[^”\n]*”?")
#: noun cues of a reaction a text can attribute to a group ("attention from observers")
_REACTION_NOUNS = frozenset(
    "attention criticism praise concern concerns condemnation scrutiny warning warnings questions doubts".split()
)
#: claim verbs that attribute with "as" ("described the talks as ...") or "of" ("warned of ...")
_AS_VERBS = frozenset("describe describes described".split())
_OF_VERBS = frozenset("warn warns warned".split())
#: claim verbs whose infinitive complement is the claim ("promised to cut", "urged people to ...")
_XCOMP_VERBS = frozenset("promise promises promised pledge pledged vow vows vowed urge urges urged".split())
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
    r"(?:reported|believed|known|said|claimed|understood|rumou?red|thought)|reportedly)(?![\w’'])",
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
        + "|" + _IMPERSONAL.pattern,
        re.IGNORECASE,
    )


# -- extraction -------------------------------------------------------------------


@dataclass
class _State:
    """What earlier sentences established, for pronouns ("he said") and surnames."""

    last: dict[str, Attribution] = field(default_factory=dict)
    last_any: Attribution | None = None
    person_names: set[str] = field(default_factory=set)


def quote_spans(doc: Document) -> list[Span]:
    """Direct quotations in the body, per paragraph (a quote may span sentences)."""
    out = []
    for p in doc.paragraphs:
        for m in _QUOTE.finditer(doc.text, p.start, p.end):
            if m.end() - m.start() > 2:
                out.append(Span(m.start(), m.end()))
    return out


def candidate_sentences(doc: Document) -> list[Span]:
    pat = _cue_filter()
    return [s for s in doc.sentences if pat.search(doc.text, s.start, s.end)]


def extract(doc: Document) -> list[Attribution]:
    """Every attribution in the body, in text order.

    Two passes: the parser (without NER) finds cue and source phrase in each
    candidate sentence; then NER runs only on a few tokens around the source
    phrases that hold a proper noun, which is where it decides the kind. That
    split keeps an 800-word article inside the speed budget (docs/sourcing.md).
    """
    from unspun.runtime import nlp

    quotes = quote_spans(doc)
    cands = [_skip_dateline(doc, s) for s in candidate_sentences(doc)]
    parsed = nlp.parse_many([doc.text[s.start : s.end] for s in cands], disable=PARSE_DISABLE)
    found = [(sent, sdoc, c) for sent, sdoc in zip(cands, parsed, strict=True) for c in _sentence(doc.text, sent, sdoc, quotes)]
    ents = _entities([(sdoc, c) for _, sdoc, c in found])
    state = _State(person_names=_titled_surnames(doc.text))
    out: list[Attribution] = []
    for (sent, _sdoc, c), e in zip(found, ents, strict=True):
        toks, src, cue, kind = c
        role = name = None
        if kind is None:
            kind, role, name = _classify(toks, e, state)
            if kind is None:
                continue
        q, qtype = _nearest_quote(doc.text, sent, [x for x in quotes if x.overlaps(sent)], cue)
        a = Attribution(src, cue, kind, sent, role, name, q, qtype)
        state.last[a.kind] = a
        state.last_any = a
        if a.kind == "person" and a.name:
            state.person_names.add(a.name.split()[-1].lower())
        out.append(a)
    return out


#: Pipes the sentence parse skips: NER runs separately on source phrases only, and
#: the attribute ruler's coarse POS is not used (``tag_`` is).
PARSE_DISABLE = ("attribute_ruler", "ner")
#: Tokens of context either side of a source phrase for the NER (enough for "said X, the ...").
NER_WINDOW = 3

_Cand = tuple[list[Any], Span, Span, "str | None"]


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
    for k, (sdoc, (toks, _, _, kind)) in enumerate(items):
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


def _sentence(text: str, sent: Span, sdoc: Any, quotes: list[Span]) -> list[_Cand]:
    """Candidate (source tokens, source span, cue span, fixed kind or None) in one sentence."""
    base = sent.start
    in_sent = [q for q in quotes if q.overlaps(sent)]
    found: list[_Cand] = []
    nostate = _State()

    def add(src_tokens: list[Any], src: Span, cue: Span, kind: str | None = None) -> None:
        if any(c[1].overlaps(src) or c[2].overlaps(cue) for c in found):
            return
        found.append((src_tokens, src, cue, kind))

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
                kind, _, _ = _classify(toks, _NO_ENTS, nostate)
                if kind in ("vague", "anonymous"):
                    add(toks, _char_span(toks, base), Span(pos, base + prep.idx + len(prep)), kind)
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
                kind, _, _ = _classify(toks, _NO_ENTS, nostate)
                if kind in ("document", "vague", "anonymous"):
                    add(toks, _char_span(toks, base), Span(pos, pos + len(tok)), kind)
            continue
        subj = _subject(tok)
        if subj is None or subj.lower_ in _RELATIVE or subj.lower_ in _FIRST_PERSON:
            continue
        toks = _np_tokens(subj)
        if claim and not speech and not _licensed(tok, low, toks, in_sent):
            continue
        add(toks, _char_span(toks, base), Span(pos, pos + len(tok)))

    for m in _IMPERSONAL.finditer(text, sent.start, sent.end):
        if not _inside(m.start(), in_sent):
            sp = Span(m.start(), m.end())
            add([], sp, sp, "vague")
    found.sort(key=lambda c: c[1].start)
    return found


def _subject(verb: Any) -> Any:
    """The grammatical speaker of a cue verb; the agent of a passive; None if impersonal."""
    subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
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
    if low in _AS_VERBS and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return True
    if low in _OF_VERBS and any(c.dep_ == "prep" and c.lower_ == "of" for c in verb.children):
        return True
    if low in _XCOMP_VERBS and "xcomp" in deps:
        return True
    if low in _CALL_VERBS:  # "called it a gift" names; "called her every day" does not
        return bool(deps & {"oprd", "xcomp"}) or any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children)
    if quotes:
        return True
    # a subject that is itself a source word ("experts", "officials", "the data")
    heads = [t for t in src if t.head not in src or t.head == t]
    hl = (heads[-1] if heads else src[-1]).lower_
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
    for c in head.rights:
        if c.dep_ in ("prep", "acl", "compound", "nummod", "amod") or (
            c.dep_ == "appos" and head.tag_ not in ("NNP", "NNPS") and c.tag_ in ("NNP", "NNPS")
        ):
            keep.update(t.i for t in c.subtree)
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


def _classify(toks: list[Any], ents: _Ents, state: _State) -> tuple[str | None, str | None, str | None]:
    """(kind, role, name) of a source phrase; kind None when it is not a source (first person)."""
    text = " ".join(t.text for t in toks)
    low = text.lower()
    heads = [t for t in toks if t.head not in toks or t.head == t]  # the syntactic head
    head = heads[-1] if heads else toks[-1]  # several: a mis-parsed flat phrase, whose head is last in English
    hl = head.lower_
    if len(toks) == 1 and head.tag_ == "PRP":
        return _resolve_pronoun(hl, state)
    name_toks = _person_name(toks, ents, state)
    anon = _set("anonymous_sources")
    institutions = _set("institutions")
    if not name_toks and (hl in anon or _phrase_in(low, anon)):
        return "anonymous", None, None
    if hl in _BACK_REF and any(t.lower_ == "the" for t in toks):
        return "anonymous", None, None  # "the people said" refers back to unnamed sources
    docs = _set("document_sources")
    if hl in docs:
        if hl in ("studies", "reports", "research") and not any(t.dep_ in ("det", "poss", "prep") for t in toks):
            return "vague", None, None  # "Studies show" cites no study
        return "document", None, None
    if name_toks:
        first = name_toks[0].i
        role_toks = [t for t in toks if t.i < first and not t.is_punct]
        while role_toks and role_toks[0].tag_ in ("DT", "PRP$"):
            role_toks = role_toks[1:]
        if all(t.lower_.rstrip(".") in _COURTESY for t in role_toks):
            role_toks = []  # "Dr." is a courtesy title; the apposition says what the person does
        role = _role_before_appos(toks, first) or _text(role_toks) or _appos_role(head)
        return "person", role, _text(name_toks)
    if hl in _SPOKES:
        return "organisation", hl, None  # an unnamed spokesperson speaks for the body
    if hl in _set("vague_sources") and any(t.tag_ in ("NNP", "NNPS") for t in toks if t is not head):
        return "anonymous", None, None  # "Goldman Sachs analysts": unnamed people at a named body
    if hl in _set("vague_sources") or (head.tag_ == "NNS" and any(t.lower_ in _QUANTIFIERS for t in toks)) or (
        hl in _QUANTIFIERS and len(toks) <= 2
    ):
        return "vague", None, None
    if hl in _titles() and head.tag_ not in ("NNP", "NNPS"):
        return "person", text, None  # identified by office ("the minister"), not by name
    if ents.label(head) in _ORG_ENTS or hl in institutions or head.tag_ in ("NNP", "NNPS"):
        return "organisation", None, _text([t for t in toks if t.tag_ != "DT"] or toks)
    if head.tag_ in ("NNS", "NN"):
        return "anonymous", None, None  # an unnamed person or group ("a nurse", "local guides")
    return None, None, None


def _person_name(toks: list[Any], ents: _Ents, state: _State) -> list[Any]:
    """The tokens of a person's name in a source phrase, or [] when it names no person.

    A PERSON entity counts; so does a run of two or more proper nouns with no
    organisation entity and no institution word (the small NER misses names
    after a title, "Prosecutor Amara Diallo"), and a lone surname seen before.
    """
    lo, hi = toks[0].i, toks[-1].i + 1
    for s, e in ents.persons:
        if s >= lo and e <= hi:
            name = [t for t in toks if s <= t.i < e]
            while len(name) > 1 and name[0].lower_.rstrip(".") in _HONORIFICS:
                name = name[1:]  # "Councillor Ana Silva": the title is the role, not the name
            return name
    institutions = _set("institutions")
    run: list[Any] = []
    best: list[Any] = []
    for t in toks:
        ok = (t.tag_ in ("NNP", "NNPS") and ents.label(t) not in _ORG_ENTS and t.lower_ not in institutions
              and t.lower_ not in _titles() and t.lower_ not in _set("vague_sources"))
        run = [*run, t] if ok else []
        if len(run) > len(best):
            best = run
    if len(best) >= 2 and not any(ents.label(t) in _ORG_ENTS for t in toks if t.head in best or t in best):
        return best
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


def _resolve_pronoun(p: str, state: _State) -> tuple[str | None, str | None, str | None]:
    if p in ("he", "she", "him", "her"):
        cands = [a for k, a in state.last.items() if k in ("person", "anonymous")]
        if cands:
            a = max(cands, key=lambda a: a.source.start)
            return a.kind, a.role, a.name
        return "person", None, None
    if p == "it":
        cands = [a for k, a in state.last.items() if k in ("organisation", "document")]
        if cands:
            a = max(cands, key=lambda a: a.source.start)
            return a.kind, None, a.name
        return "organisation", None, None
    if p == "they":
        if state.last_any is not None:
            return state.last_any.kind, None, state.last_any.name
        return "vague", None, None
    return None, None, None


def _nearest_quote(text: str, sent: Span, quotes: list[Span], cue: Span) -> tuple[Span | None, str | None]:
    if not quotes:
        return None, None
    q = min(quotes, key=lambda q: min(abs(q.start - cue.end), abs(cue.start - q.end)))
    before = text[max(sent.start, q.start - 3) : q.start].rstrip()
    direct = q.start <= sent.start or before.endswith((":", ",")) or before == ""
    return q, ("direct" if direct else "partial")


# -- people referred to only by title ---------------------------------------------

_NAME_AFTER = re.compile(r"\s+(?:[A-Z][\w’'.\-]+)(?:\s+[A-Z][\w’'.\-]+)*")
_NAME_APPOS = re.compile(r",\s+[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+)+")
_NAME_BEFORE = re.compile(r"[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+)+,\s*(?:the\s+|a\s+|an\s+)?$")


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
        if len(g) >= min_mentions:
            out.append(g)
    return sorted(out, key=lambda g: g[0].span.start)
