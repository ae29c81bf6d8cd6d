"""Who did what, read from a dependency parse of the claim and of the body's sentences.

:func:`check_roles` is the who-did-what check: the person or organisation doing
the headline's action (subject of its main verb, or the agent of a passive) must
be the one doing it in the body. It fires only when a body sentence about the
same event gives the action to another name and no sentence gives it to the
headline's subject (a pronoun doer near the headline's name counts as the name).
Names are compared by :mod:`.names`; the claim is parsed in the case :mod:`.case` gives it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from unspun.analyzers.headline_support.context import Context, Mismatch
from unspun.analyzers.headline_support.names import TITLES, same_name
from unspun.analyzers.headline_support.words import STOP, key
from unspun.document import Span
from unspun.findings import quote

#: verbs too general to tell whose action it is ("is", "has", "says", "gets")
LIGHT_VERBS = frozenset(
    """be is are was were been being am have has had having do does did get gets got make makes made take
    takes took go goes went come comes came see sees saw say says said tell tells told give gives gave put
    puts set sets keep keeps let lets want wants need needs use uses seem seems look looks become becomes
    became show shows showed move moves moved try tries tried""".split()
)
#: verbs whose two sides do the same thing: "X met Y" is "Y met X"
SYMMETRIC = frozenset("""meet meets met marry marries married play plays played face faces faced debate debates debated
    tie ties tied draw draws drew clash clashes clashed fight fights fought battle battles battled trade trades traded
    swap swaps swapped merge merges merged partner partners partnered date dates dated divorce divorces divorced
    talk talks talked negotiate negotiates negotiated compete competes competed join joins joined hug hugs hugged
    kiss kisses kissed resemble resembles resembled match matches matched equal equals equalled equaled""".split())
PRONOUNS = frozenset("he she they it we i you who which that this these those one".split())
#: irregular past forms -> present stem, so "won" matches "wins" without a lemmatizer
IRREGULAR = {
    "won": "win", "lost": "lose", "led": "lead", "fled": "flee", "quit": "quit", "hit": "hit", "cut": "cut",
    "beat": "beat", "left": "leave", "sold": "sell", "bought": "buy", "caught": "catch", "fought": "fight",
    "struck": "strike", "stole": "steal", "shot": "shoot", "met": "meet", "held": "hold", "found": "find",
    "chose": "choose", "drove": "drive", "rose": "rise", "fell": "fall", "threw": "throw", "wrote": "write",
    "spoke": "speak", "broke": "break", "brought": "bring", "sent": "send", "spent": "spend", "built": "build",
    "paid": "pay", "ran": "run", "began": "begin", "sank": "sink", "swore": "swear", "withdrew": "withdraw",
    "overtook": "overtake", "stood": "stand", "sued": "sue", "fired": "fire", "hired": "hire", "kept": "keep",
    "bit": "bite", "hid": "hide", "slew": "slay", "forgave": "forgive", "froze": "freeze", "shut": "shut",
}


# -- verbs -----------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def verb_forms(w: str) -> frozenset[str]:
    """Stems a verb form may have: "resigns" -> {"resigns", "resign"}, "sued" -> {"sued", "sue", "su"...}."""
    w = w.lower().replace("’", "'")
    out = {w}
    if w in IRREGULAR:
        out.add(IRREGULAR[w])
    for suf, rep in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e")):
        if w.endswith(suf) and len(w) - len(suf) >= 2:
            stem = w[: -len(suf)] + rep
            out.add(stem)
            if len(stem) > 3 and stem[-1] == stem[-2] and suf in ("ed", "ing"):  # "stopped" -> "stop"
                out.add(stem[:-1])
    return frozenset(x for x in out if len(x) >= 3)


def same_verb(a: str, b: str) -> bool:
    return bool(verb_forms(a) & verb_forms(b))


# -- parse reading ---------------------------------------------------------------------------------


def _is_verb(t: Any) -> bool:
    return str(t.tag_).startswith("VB") or t.tag_ == "MD"


def _name_span(t: Any) -> list[Any]:
    """The name a token heads: its compound and flat children before it, and the token ("Senator Jones")."""
    toks = [c for c in t.lefts if c.dep_ in ("compound", "flat", "nmod") and c.text[:1].isupper()] + [t]
    toks += [c for c in t.rights if c.dep_ in ("flat", "compound") and c.text[:1].isupper()]
    if t.text[:1].isupper():  # "Department of Homeland Security"
        for c in t.rights:
            if c.dep_ == "prep" and c.text.lower() in ("of", "for"):
                objs = [g for g in c.children if g.dep_ == "pobj" and g.text[:1].isupper() and g.tag_ in ("NNP", "NNPS")]
                if objs:
                    toks += [c, *_name_span(objs[0])]
    return sorted(toks, key=lambda x: x.i)


def _is_name(toks: Sequence[Any]) -> bool:
    words = [t for t in toks if t.text.lower() not in TITLES and t.text.lower() not in STOP]
    return bool(words) and all(t.text[:1].isupper() for t in words) and any(t.tag_ in ("NNP", "NNPS") or t.ent_type_ for t in words)


def predicate(doc: Any) -> tuple[Any, list[Any]] | None:
    """The claim's main verb and the name doing it (subject, or agent of a passive), if the doer is a name."""
    from unspun.text import lexicons

    speech = set(lexicons.load("speech_verbs"))
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return None
    v = roots[0]
    if v.text.lower() in speech or v.text.lower() in LIGHT_VERBS:
        inner = [c for c in v.children if c.dep_ in ("ccomp", "xcomp") and _is_verb(c)]
        if inner:
            v = inner[0]
    if v.tag_ not in ("VBZ", "VBD", "VBP", "VB", "VBN") or v.text.lower() in LIGHT_VERBS:
        return None  # no verb, or a gerund ("Canadian fighting ISIS posts ...": no clear doer)
    doer = _doer(v)
    if doer is None or not _is_name(doer):
        return None
    return v, doer


def _doer(v: Any, depth: int = 0) -> list[Any] | None:
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children) or (v.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in v.children))
    if passive:
        for c in v.children:
            if c.dep_ == "agent":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    return _name_span(objs[0])
        return None
    for c in v.children:
        if c.dep_ == "nsubj":
            return _name_span(c)
    if v.dep_ == "relcl":  # "Jones, who resigned on Tuesday"
        return _name_span(v.head)
    # "Jones thanked staff and resigned", "Jones wants to resign": the head verb's subject, one level up
    # (not for a gerund: "X denied agreeing" says nothing of who agreed).
    if depth == 0 and v.head is not v and _is_verb(v.head) and (v.dep_ == "conj" and v.tag_ != "VBG" or v.dep_ == "xcomp" and v.tag_ == "VB"):
        return _doer(v.head, 1)
    return None


def _dateline(toks: Sequence[Any]) -> bool:
    """A dateline read as a subject: "MAIDUGURI, Nigeria — The leader of ..." """
    return bool(toks) and toks[0].i <= 2 and all(t.text.isupper() for t in toks if t.text[:1].isalpha())


def doers(doc: Any, verb: str) -> list[tuple[Any, list[Any]]]:
    """(verb token, doer tokens) for each use of ``verb`` in a parsed body sentence."""
    out = []
    for t in doc:
        if _is_verb(t) and same_verb(t.text, verb):
            d = _doer(t)
            if d:
                out.append((t, d))
    return out


def candidates(ctx: Context) -> tuple[Any, list[Any], list[tuple[int, int]]] | None:
    """The claim's verb, its doer, and the body sentences to read: (-overlap, index), best first.

    Sentences that use the verb (any form) and share another word of the claim tell the same
    event (at most 6); sentences with the verb and the headline's doer can say it was the doer
    after all (at most 4 more). None when the claim has no named doer or no such sentence.
    """
    if "roles" in ctx.memo:
        cached: tuple[Any, list[Any], list[tuple[int, int]]] | None = ctx.memo["roles"]
        return cached
    ctx.memo["roles"] = None
    pred = predicate(ctx.claim_doc())
    if pred is None:
        return None
    verb, subj = pred
    subj_words = [t.text for t in subj]
    name_words = [w for w in subj_words if w.lower() not in TITLES]
    vf = verb_forms(verb.text)
    other_keys = {k for k in ctx.claim_keys if k not in {key(w) for w in subj_words} and not (verb_forms(k) & vf) and k != key(verb.text)}
    scored = [(-len(other_keys & ctx.sent_keys[i]), i) for i, forms in enumerate(_sentence_verb_forms(ctx)) if forms & vf]
    scored.sort()
    event = [c for c in scored if c[0] <= -1][:6]
    if not event:
        return None
    own = [c for c in scored if c not in event and _names_in(name_words, ctx.sent_words(c[1]))][:4]
    ctx.memo["roles"] = (verb, subj, event + own)
    return verb, subj, event + own


def _sentence_verb_forms(ctx: Context) -> list[frozenset[str]]:
    """For each body sentence, the stems its words may have as verbs (once per document)."""
    if "verb_forms" not in ctx.shared:
        ctx.shared["verb_forms"] = [
            frozenset().union(*(verb_forms(w) for w in ctx.sent_words(i) if w.lower() not in STOP)) for i in range(len(ctx.sent_texts))
        ]
    out: list[frozenset[str]] = ctx.shared["verb_forms"]
    return out


def check_roles(ctx: Context) -> list[Mismatch]:
    """Who did what: the headline's doer must be the one doing its action in the body."""
    found = candidates(ctx)
    if found is None:
        return []
    verb, subj, cands = found
    subj_words = [t.text for t in subj]
    name_words = [w for w in subj_words if w.lower() not in TITLES]
    passive_reading = not any(c.dep_ in ("dobj", "dative") for c in verb.children)
    parsed = ctx.parse_sentences([i for _, i in cands])
    own = False
    others: list[tuple[int, Any, list[Any]]] = []
    for overlap, i in cands:
        for t in parsed[i]:
            # "Judd Nelson found dead" is headlinese for "was found": the body's "find Nelson" agrees.
            if passive_reading and t.dep_ in ("dobj", "nsubjpass") and _is_verb(t.head) and same_verb(t.head.text, verb.text):
                if same_name(name_words, [x.text for x in _name_span(t)]):
                    own = True
        for v, d in doers(parsed[i], verb.text):
            if _dateline(d):
                continue
            dw = [t.text for t in d]
            if dw and dw[-1].lower() in PRONOUNS:
                near = " ".join(ctx.sent_texts[max(0, i - 1) : i + 1])
                if any(key(w) in {key(x) for x in re.findall(r"[\w'’-]+", near)} for w in name_words):
                    own = True
                continue
            before = [x.text for x in v.subtree if x.i < v.i]
            mutual = v.text.lower() in SYMMETRIC and same_name(subj_words, _objects(v))  # "Smith met Jones": Jones met Smith
            if same_name(subj_words, dw) or _names_in(name_words, before) or mutual:
                own = True  # the headline's doer does it, or stands in the clause that does ("Virus: New York ramps up")
            elif _is_name(d) and -overlap >= 1 and _same_action(verb, subj, v):
                others.append((i, v, d))
    if own or not others:
        return []
    i, v, d = others[0]
    base = ctx.doc.sentences[i].start
    other = " ".join(t.text for t in d if t.text.lower() not in TITLES) or " ".join(t.text for t in d)
    name = " ".join(name_words) or " ".join(subj_words)
    role = _role_of(ctx, name_words, parsed)
    note = f"; the body has {quote(name)} {quote(role)}" if role else ("" if any(key(w) in ctx.body_keys for w in name_words) else f"; the body never mentions {quote(name)}")
    head_spans = (ctx.hspan(subj[0].idx, subj[-1].idx + len(subj[-1].text)), ctx.hspan(verb.idx, verb.idx + len(verb.text)))
    body_spans = (Span(base + d[0].idx, base + d[-1].idx + len(d[-1].text)), Span(base + v.idx, base + v.idx + len(v.text)))
    return [
        Mismatch(
            "entities",
            "contradicted",
            f"the headline says {quote(name)} {quote(verb.text)}, but the body says {quote(other)} {quote(v.text)}{note}",
            (ctx.sentence(i),),
            head=head_spans,
            body=body_spans,
        )
    ]


def _objects(v: Any) -> list[str]:
    """The words of a verb's direct objects ("unleashes firestorm" -> ["firestorm"])."""
    return [w.text for c in v.children if c.dep_ in ("dobj", "dative") for w in _name_span(c)]


def _same_action(head_verb: Any, head_subj: Sequence[Any], body_verb: Any) -> bool:
    """Whether the body's use of the verb is the headline's action: the same object, the roles
    swapped (the body's object is the headline's doer: "Samsung sued Apple"), or an object on
    neither side. "Graham unleashes firestorm" and "Kavanaugh unleashed his refutation" are two
    actions with one verb."""
    ho, bo = _objects(head_verb), _objects(body_verb)
    if not ho or not bo:
        return True
    hk = {key(w) for w in ho if w.lower() not in STOP}
    bk = {key(w) for w in bo if w.lower() not in STOP}
    return bool(hk & bk) or same_name([t.text for t in head_subj], bo)


def _names_in(name_words: Sequence[str], words: Sequence[str]) -> bool:
    """Whether ``words`` contain the name (all of its words, any case)."""
    have = {key(w) for w in words}
    return bool(name_words) and all(key(w) in have for w in name_words)


def _role_of(ctx: Context, name_words: Sequence[str], parsed: dict[int, Any]) -> str:
    """The verb the headline's doer has in the body ("commented", "thanked"), if a sentence gives it one."""
    keys = {key(w) for w in name_words}
    mentions = [i for i, ks in enumerate(ctx.sent_keys) if keys & ks][:4]
    docs = {**parsed, **ctx.parse_sentences(mentions)}
    for i in sorted(docs):
        for t in docs[i]:
            if t.dep_ == "nsubj" and _is_verb(t.head) and same_name(name_words, [x.text for x in _name_span(t)]):
                return str(t.head.text)
    return ""
