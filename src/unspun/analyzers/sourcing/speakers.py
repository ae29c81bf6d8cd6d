"""Who a source phrase is: its kind, role, name and the earlier mention it refers back to.

Kinds, in the order they are decided (docs/sourcing.md has the full rules): ``person``,
``organisation``, ``document``, ``anonymous`` and ``vague``. A pronoun, a definite description
or a surname points back to an earlier source or named mention (:mod:`.coref`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from unspun.analyzers.sourcing import coref
from unspun.analyzers.sourcing.phrases import (
    ORG_ENTS,
    Entities,
    lexicon_set,
    phrase_head,
    phrase_in,
    single_word_titles,
    title_words,
    tokens_text,
)
from unspun.document import Span

if TYPE_CHECKING:  # the record is built from what this module decides
    from unspun.analyzers.sourcing.attribution import Attribution


#: words the NER often folds into a PERSON entity that are titles, not names
HONORIFICS = frozenset(
    "mr mrs ms miss dr prof professor sir dame lord lady councillor councilman councilwoman alderman senator sen rep "
    "representative judge justice detective inspector sergeant sgt officer constable captain capt coach president "
    "minister governor mayor general gen colonel col chancellor ambassador".split()
)
_COURTESY = frozenset("mr mrs ms miss dr prof sir dame lord lady".split())
SPOKES = frozenset("spokesman spokeswoman spokesperson spokespeople representative".split())
_QUANTIFIERS = frozenset("many some most several few numerous countless".split())
_BACK_REF = frozenset("people person source sources".split())  # "the people said" refers back


@dataclass
class State:
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


_Kind = tuple["str | None", "str | None", "str | None", "Span | None"]
_DEFINITE = frozenset("the this that these those".split())


def _stem(w: str) -> str:
    return w[:-1] if w.endswith("s") and len(w) > 3 else w


def classify(toks: list[Any], ents: Entities, state: State) -> _Kind:
    """(kind, role, name, antecedent) of a source phrase; kind None when it is not a source.

    The antecedent is set when the phrase points back to an earlier source or named
    mention (a pronoun, a definite description, a surname): see :mod:`coref`.
    """
    text = " ".join(t.text for t in toks)
    low = text.lower()
    head = phrase_head(toks)
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
    anon = lexicon_set("anonymous_sources")
    institutions = lexicon_set("institutions")
    if not name_toks and (hl in anon or phrase_in(low, anon)):
        return "anonymous", None, None, None
    if hl in _BACK_REF and any(t.lower_ == "the" for t in toks):
        return "anonymous", None, None, None  # "the people said" refers back to unnamed sources
    if not name_toks and head.tag_ in ("NNP", "NNPS") and any(t.tag_ in ("NNP", "NNPS") for t in toks if t is not head):
        return "organisation", None, tokens_text([t for t in toks if t.tag_ != "DT"]), None  # "Coresight Research"
    docs = lexicon_set("document_sources")
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
        role = _role_before_appos(toks, first) or tokens_text(role_toks) or _appos_role(head)
        name = tokens_text(name_toks)
        ref = None
        if " " not in name:  # a surname after the full name: "Pay" is "Levi Pay"
            m = state.mentions.person_by_part(name, state.at)
            if m is not None:
                name, ref = m.text, m.span
        return "person", role, name, ref
    if hl in SPOKES:
        return "organisation", hl, None, None  # an unnamed spokesperson speaks for the body
    if hl in lexicon_set("vague_sources") and any(t.tag_ in ("NNP", "NNPS") for t in toks if t is not head):
        return "anonymous", None, None, None  # "Goldman Sachs analyst": an unnamed person at a named body
    quantified = head.tag_ in ("NNS", "NNPS") and any(t.lower_ in _QUANTIFIERS for t in toks) and (
        hl in coref.people_nouns() or hl in docs or hl in _MEDIA or head.tag_ == "NNPS")  # not "many retellings"
    if hl in lexicon_set("vague_sources") or quantified or (
        hl in _QUANTIFIERS and len(toks) <= 2
    ) or (head.tag_ == "NNPS" and ents.label(head) == "NORP"):  # "Tunisians": a nation, no one in it
        return "vague", None, None, None
    if hl in single_word_titles() and head.tag_ not in ("NNP", "NNPS"):
        return "person", tokens_text(toks), None, None  # identified by office ("the minister"), not by name
    if ents.label(head) in ORG_ENTS or hl in institutions or head.tag_ in ("NNP", "NNPS"):
        return "organisation", None, tokens_text([t for t in toks if t.tag_ != "DT"] or toks), None
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


def _temporal(toks: list[Any], head: Any, ents: Entities) -> bool:
    return head.lower_ in _TIME_NOUNS or ents.label(head) in ("DATE", "TIME") or bool(
        re.fullmatch(r"(?:\d{2})?\d0[’']?s", head.lower_)
    )


def _named_group(toks: list[Any], head: Any, ents: Entities) -> _Kind | None:
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
    return "organisation", head.lower_, tokens_text(body), None


def _refers_back(toks: list[Any], head: Any, state: State) -> _Kind | None:
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
    if definite and (hl in lexicon_set("institutions") or hl in _BODY_NOUNS or _stem(hl) in _BODY_NOUNS):
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
            return "person", tokens_text(toks), prev.name if prev.kind == "person" else None, prev.source
        if m is not None:
            span = state.mentions.with_partner(m) if head.tag_ == "NNS" or hl in _GROUP_NOUNS else m.span
            name = m.text if m.type == "person" and span == m.span else None
            return "person", tokens_text(toks), name, span
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


def _attached_name(state: State, head: str) -> coref.Mention | None:
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


def _person_name(toks: list[Any], ents: Entities, state: State) -> list[Any]:
    """The tokens of a person's name in a source phrase, or [] when it names no person.

    A PERSON entity counts; so does a run of two or more proper nouns with no
    organisation entity and no institution word (the small NER misses names
    after a title, "Prosecutor Amara Diallo"), and a lone surname seen before.
    """
    name = _person_name_tokens(toks, ents, state)
    if not name:
        return name
    head = phrase_head(toks)
    if head.tag_ in ("NN", "NNS") and all(t.i < head.i and t.head.i >= t.i for t in name):
        return []  # "The Albert Quay spot", "an Obama administration official": a name that modifies a thing
    words = tokens_text(name).split()
    if len(words) > 1 and words[-1].lower() in coref.PLACE_WORDS:
        return []  # "Albert Quay", "Harbour Street": a place
    if any(t.tag_ == "POS" or t.lower_ in ("'s", "’s") or t.text.endswith(("'s", "’s")) for t in name) or any(
            t.lower_ in ("'s", "’s") and name[0].i < t.i < name[-1].i for t in toks):
        return []  # "Clon Casey's Bar", "Sheffield's Residence Life": a possessor names a business or a body
    if tokens_text(name) in state.org_names or any(t.lower_ in coref.ORG_WORDS for t in name):
        return []  # "Con Edison", written elsewhere as "Con Edison officials": an organisation
    inside = {t.i for t in toks}
    for t in name:  # "The Briar in Douglas", "a spokesman for Dana Moss": a name inside a modifier
        a = t.head
        while a.i in inside and a.i != head.i and a.head.i != a.i:
            if a.dep_ == "prep":
                return []
            a = a.head
    return name


def _person_name_tokens(toks: list[Any], ents: Entities, state: State) -> list[Any]:
    lo, hi = toks[0].i, toks[-1].i + 1
    inside = [(s, e) for s, e in ents.persons if s >= lo and e <= hi]
    appos = [(s, e) for s, e in inside if any(toks[0].doc[i].dep_ == "appos" for i in range(s, e))]
    if inside:  # "Keller's colleague, Dr. Aiko Tanaka": the name in apposition is the speaker
        s, e = (appos or inside)[-1]
        name = [t for t in toks if s <= t.i < e]
        while len(name) > 1 and name[0].lower_.rstrip(".") in HONORIFICS:
            name = name[1:]  # "Councillor Ana Silva": the title is the role, not the name
        return name
    institutions = lexicon_set("institutions")
    run: list[Any] = []
    best: list[Any] = []
    for t in toks:
        ok = (t.tag_ in ("NNP", "NNPS") and ents.label(t) not in ORG_ENTS and t.lower_ not in institutions
              and t.lower_ not in title_words() and t.lower_ not in lexicon_set("vague_sources"))
        run = [*run, t] if ok else []
        if len(run) > len(best):
            best = run
    if len(best) >= 2 and not any(ents.label(t) in ORG_ENTS for t in toks if t.head in best or t in best):
        return best
    word = tokens_text(toks)
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
        return tokens_text(before) or None
    return None


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
    return tokens_text(toks) or None


def _resolve_pronoun(p: str, state: State) -> _Kind:
    """A pronoun takes the kind of the nearest compatible earlier source or named mention."""
    want = coref.pronoun_type(p)
    if want is None:
        return None, None, None, None

    def fits(a: Attribution) -> bool:
        if want == "person":
            return a.kind in ("person", "anonymous") or (a.kind == "organisation" and a.role in SPOKES)
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
