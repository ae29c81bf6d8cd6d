"""Which sentences may attribute, and the constructions that do (pure rules over the spaCy parse).

A cue is a speech or claim verb, "according to", a reaction noun ("criticism from ..."), an
impersonal report ("it is believed") or the tabloid "we're told". :func:`sentence_candidates`
finds each cue's source phrase in one parsed sentence; :mod:`.speakers` decides its kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from unspun.analyzers.sourcing.phrases import (
    SUBJ_DEPS,
    Entities,
    char_span,
    lexicon_set,
    np_tokens,
    phrase_head,
    phrase_in,
)
from unspun.analyzers.sourcing.quotes import QuoteIndex
from unspun.analyzers.sourcing.speakers import State, classify
from unspun.document import Document, Span
from unspun.text import lexicons
from unspun.text.tokens import LETTER_LED_WORD

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
_RELATIVE = frozenset("who that which whom whose what".split())
_FIRST_PERSON = frozenset("i we you me us".split())
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


@cache
def _cue_filter() -> re.Pattern[str]:
    """A cheap test that a sentence may hold an attribution, so only those are parsed.

    Every construction :func:`sentence_candidates` reads starts at one of these words, so a
    sentence without one is never parsed; a quotation mark alone is not a cue
    (its speaker is found through the cue, and the quote spans by regex).
    Dropping the bare quote left the attributions of the first 250 FNC-1 bodies
    and of all 297 PTC articles unchanged and parses 14% fewer sentences.
    """
    words = sorted(lexicon_set("speech_verbs") | lexicon_set("claim_verbs") | _REACTION_NOUNS, key=lambda w: (-len(w), w))
    return re.compile(
        r"according\s+to|(?<![\w’'])(?:" + lexicons.alternation(words) + r")(?![\w’'])"
        + "|" + _IMPERSONAL.pattern + "|" + _TOLD.pattern,
        re.IGNORECASE,
    )


def candidate_sentences(doc: Document) -> list[Span]:
    text = doc.text
    return [s for s in doc.sentences if _has_cue(text, s) and not _heading(text[s.start : s.end])]


def _has_cue(text: str, sent: Span) -> bool:
    """Whether a cue of :func:`_cue_filter` stands in the sentence as a word, not as part of a name.

    A capitalised cue word right after another capitalised word is the end of a name ("Islamic State",
    "the United States", "the Washington Post"), which no construction reads as a report (FNC-1's first
    40 800-word bodies: 39 sentences parsed for "State" or "States" alone, none with an attribution).
    After a pronoun ("She Tweeted that"), a full stop or a colon, or in capitals throughout, it counts.
    """
    for m in _cue_filter().finditer(text, sent.start, sent.end):
        w = m.group(0)
        if not w[0].isupper() or w.isupper():
            return True
        prev = _NAME_BEFORE.search(text, sent.start, m.start())
        if prev is None or prev.group(1) in _PRONOUNS:
            return True
    return False


#: a capitalised word, then only spaces, at the end of the text searched
_NAME_BEFORE = re.compile(r"(?<![\w.’'-])([A-Z][\w’'-]*)[ \t]+$")
_PRONOUNS = frozenset("I He She It They We You".split())


_SMALL_WORDS = frozenset("a an the and or but of to in on at for by with from as is are was vs".split())


def _heading(s: str) -> bool:
    """A section heading or teaser line ("Users Urged to Remain Cautious"): title case, no full stop.

    It labels what follows; its words are not a report of anything said.
    """
    s = s.strip()
    words = [w for w in LETTER_LED_WORD.findall(s) if w.lower() not in _SMALL_WORDS]
    if len(words) < 3 or s.endswith((".", "!", "\"", "”", "’", "'", ":")):
        return False
    return bool(sum(w[0].isupper() for w in words) >= 0.8 * len(words))


class Candidate(NamedTuple):
    """A candidate attribution in one sentence, before its kind is decided."""

    toks: list[Any]  # the source phrase's tokens ([] for an impersonal phrase)
    src: Span
    cue: Span
    kind: str | None = None  # fixed by the construction, else decided by classify
    unnamed_only: bool = False  # a reaction ("criticism from X") counts only from an unnamed group
    cue_i: int = -1  # the cue verb's token index in the sentence parse
    outer: Span | None = None  # the source of the attribution whose reported words hold this one


def _inside(pos: int, spans: Iterable[Span]) -> bool:
    return any(q.start < pos < q.end - 1 for q in spans)


_NO_ENTS = Entities()


def sentence_candidates(text: str, sent: Span, sdoc: Any, quotes: QuoteIndex) -> list[Candidate]:
    """Candidate (source tokens, source span, cue span, fixed kind or None) in one sentence."""
    base = sent.start
    in_sent = quotes.overlapping(sent)
    found: list[Candidate] = []
    nostate = State()

    def add(src_tokens: list[Any], src: Span, cue: Span, kind: str | None = None, *,
            unnamed_only: bool = False, cue_i: int = -1) -> None:
        if any(c.src.overlaps(src) or c.cue.overlaps(cue) for c in found):
            return
        found.append(Candidate(src_tokens, src, cue, kind, unnamed_only, cue_i))

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
                toks = np_tokens(obj)
                add(toks, char_span(toks, base), Span(pos, base + to.idx + len(to)))
            continue
        if low in _REACTION_NOUNS and tok.tag_.startswith("NN"):
            # "attention from X", or "drew attention from X" with the prepositional phrase on the verb
            sib = list(tok.head.children) if tok.dep_ in ("dobj", "nsubjpass") else []
            prep = next((c for c in [*tok.children, *sib] if c.dep_ == "prep" and c.lower_ in ("from", "among")), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if obj is not None and prep is not None:
                toks = np_tokens(obj)
                if classify(toks, _NO_ENTS, nostate)[0] in ("vague", "anonymous"):
                    add(toks, char_span(toks, base), Span(pos, base + prep.idx + len(prep)), unnamed_only=True)
            continue
        speech = low in lexicon_set("speech_verbs")
        claim = low in lexicon_set("claim_verbs")
        if not (speech or claim):
            continue
        if not tok.tag_.startswith("VB"):
            # the tagger reads a clause-final "..., official data show." as a noun
            # compound; the words before the cue are then its subject
            lefts = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "det", "nmod")]
            if lefts and tok.i == len(sdoc) - 1 - int(sdoc[-1].is_punct):
                toks = [sdoc[i] for i in range(lefts[0].i, tok.i)]
                kind = classify(toks, _NO_ENTS, nostate)[0]
                if kind in ("document", "vague", "anonymous"):
                    add(toks, char_span(toks, base), Span(pos, pos + len(tok)), kind)
            continue
        if not _reports(tok, low):
            continue
        subj = _subject(tok)
        if subj is None or subj.lower_ in _RELATIVE or subj.lower_ in _FIRST_PERSON:
            continue
        toks = np_tokens(subj)
        src = char_span(toks, base)
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
    subjs = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
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
    hl = phrase_head(src).lower_
    lex = lexicon_set("vague_sources") | lexicon_set("anonymous_sources") | lexicon_set("document_sources")
    return hl in lex or phrase_in(" ".join(t.lower_ for t in src), lex)
