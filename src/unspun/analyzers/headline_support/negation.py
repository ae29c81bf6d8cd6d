"""The negation check: the headline negates what the body states, or the other way round.

Read from the dependency parse: which words a negation denies ("did not resign" denies
"resign"); set phrases that assert ("no other", "not only") are not negations.
"""

from __future__ import annotations

import math
import re
from typing import Any

from unspun.analyzers.headline_support.context import Context, Mismatch
from unspun.analyzers.headline_support.words import STOP, key
from unspun.document import Span
from unspun.findings import quote
from unspun.text.quotes import quote_spans
from unspun.text.tokens import WORD_OR_SIGN

_NEG = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|denie[sd]|deny|refuse[sd]?|reject(?:s|ed)?|fail(?:s|ed)?\s+to|\w+n[’']t)\b", re.IGNORECASE)


#: negation words in set phrases that do not deny what follows: "No other browser gives you so much"
#: says it is the most flexible; "not only", "no doubt", "nothing but" assert
_NOT_A_DENIAL = re.compile(
    r"\b(?:no|none|nothing|nobody|not|never)\s+(?:other|others|else|one\s+else|only|just|doubt|less|fewer|more\s+than|"
    r"but|matter|least|before|wonder|surprise|exception|stranger|slouch)\b|\bwithout\s+(?:doubt|question|a\s+doubt)\b|"
    r"\bnone\s+other\b|\bnot\s+(?:least|to\s+mention)\b|\b(?:or|whether)\s+not\b|\bno\s+(?:one|company|country|team|player)\s+(?:else|has\s+ever)\b",
    re.IGNORECASE,
)
_NEG_WORDS = frozenset("not n't never no none nobody nothing neither nor without cannot".split())
DENY_VERBS = re.compile(r"^(?:denie[sd]|deny|denying|refuse[sd]?|refusing|reject(?:s|ed|ing)?|fail(?:s|ed|ing)?)$", re.IGNORECASE)


def negations(doc: Any) -> list[tuple[Any, set[str]]]:
    """(negation token, keys of the words it denies) in a parsed sentence.

    The denied words are the negation's head and that head's object or complement:
    "did not resign" denies "resign"; "not compromising on the display" denies
    "compromising", not "display"; "no evidence of fraud" denies "evidence" and "fraud".
    Set phrases that assert ("no other", "not only", "no doubt") are not negations.
    """
    out: list[tuple[Any, set[str]]] = []
    idioms = [(m.start(), m.end()) for m in _NOT_A_DENIAL.finditer(doc.text)]
    for t in doc:
        low = t.text.lower().replace("’", "'")
        deny = bool(DENY_VERBS.match(low))
        if not (low in _NEG_WORDS or t.dep_ == "neg" or deny):
            continue
        if any(s <= t.idx < e for s, e in idioms):
            continue
        if deny:
            scope = [c for c in t.children if c.dep_ in ("dobj", "xcomp", "ccomp", "attr")]
        elif low == "without":
            scope = [c for c in t.children if c.dep_ in ("pobj", "pcomp")]
        else:
            scope = [t.head] if t.head is not t else []
        more = []
        for h in scope:
            for c in h.children:
                if c.dep_ in ("dobj", "attr", "acomp", "xcomp", "oprd", "pobj", "nsubjpass"):
                    more.append(c)
                elif c.dep_ == "prep" and c.text.lower() == "of":
                    more += [g for g in c.children if g.dep_ == "pobj"]
        keys = {key(x.text) for x in scope + more if x.text.lower() not in STOP and x is not t}
        out.append((t, keys))
    return out


def _denies(doc: Any, keys: set[str]) -> Any:
    """The first negation token of ``doc`` that denies a word with one of ``keys``, or None."""
    for t, denied in negations(doc):
        if denied & keys:
            return t
    return None


def negation_sentences(ctx: Context, best: int | None, similarity: float) -> list[int]:
    """The sentences the negation check reads: the closest, if it restates the claim (cosine
    >= 0.65, half the claim's words), then the others that share half its words; else none."""
    if best is None or len(ctx.claim_keys) < 2 or similarity < 0.65 or is_question(ctx.claim_text):
        return []
    need = max(2, math.ceil(0.5 * len(ctx.claim_keys)))
    if len(ctx.claim_keys & ctx.sent_keys[best]) < need:
        return []  # the sentence is not about the same thing
    close = [i for i in ctx.related(min_shared=2) if i != best and len(ctx.claim_keys & ctx.sent_keys[i]) >= need]
    return [best, *close]


def check_negation(ctx: Context, best: int | None, similarity: float = 0.0) -> list[Mismatch]:
    """The headline negates what the body states, or the other way round.

    Only when the closest sentence restates the claim (MiniLM cosine >= 0.65 and at least
    half the claim's words), only when the negation denies one of the words the two share
    (read from the dependency parse: "not compromising on the display" denies "compromising"),
    and only if no other sentence about it takes the headline's side: debunking stories
    repeat the rumour they debunk. Only between plain statements: a question asserts nothing,
    a sentence that reports, hedges or doubts ("reports claim", "may", "rumours that") does
    not state what it mentions, a word in quotation marks in the headline is not the
    headline's own, and a headline whose verb already means "no" ("bails on", "quits",
    "rules out") agrees with a body that says "not".
    """
    sentences = negation_sentences(ctx, best, similarity)
    if best is None or not sentences:
        return []
    shared = ctx.claim_keys & ctx.sent_keys[best]
    related = [i for i in ctx.related(min_shared=2) if i != best]
    close = sentences[1:]
    parsed = ctx.parse_sentences(sentences)
    refute = _REFUTE.search(ctx.claim_text)
    head_tok = _denies(ctx.claim_doc(), shared)
    body_tok = _denies(parsed[best], shared)
    head_neg = head_tok is not None or refute is not None
    if head_neg == (body_tok is not None):
        return []
    if head_neg:
        plain = ctx.sent_texts[best]
        if _NEG.search(plain) or _REFUTE.search(plain) or REPORTED.search(plain):
            return []  # the closest sentence does not state it as a fact
        if any(_NEG.search(ctx.sent_texts[i]) or _REFUTE.search(ctx.sent_texts[i]) for i in related):
            return []
        word = head_tok.text if head_tok is not None else refute.group(0) if refute else ""
        at = head_tok.idx if head_tok is not None else refute.start() if refute else 0
        reason = f"the headline says {quote(word)} but the body's closest sentence states it without a negation"
        verb = _first_shared(ctx, best, shared)
        head_spans: tuple[Span, ...] = (ctx.hspan(at, at + len(word)),)
        body_spans: tuple[Span, ...] = (verb,) if verb else ()
    else:
        if _NEGATIVE_VERB.search(ctx.claim_text) or REPORTED.search(ctx.claim_text):
            return []  # "Bale bails on Jobs film" agrees with "Bale will not play Jobs"
        if HEARSAY.search(ctx.sent_texts[best]):
            return []  # "Critics claimed that Cole rejected the plan": the body relays or hedges the denial
        if any(a <= body_tok.idx < b for a, b in quote_spans(ctx.sent_texts[best])):
            return []  # '"Cole rejected the plan," a rival said': someone else's words
        denied = {k for _, keys in negations(parsed[best]) for k in keys & shared}
        if denied and all(_quoted_in(ctx.claim_text, k) for k in denied):
            return []  # the headline puts the word in quotation marks: not its own claim
        if any(_denies(parsed[i], ctx.claim_keys & ctx.sent_keys[i]) is None for i in close):
            return []
        reason = f"the body's closest sentence negates it with {quote(body_tok.text)}"
        body_spans = (ctx.bspan(best, body_tok.idx, body_tok.idx + len(body_tok.text)),)
        head_spans = tuple(ctx.hspan(s, e) for w, s, e in ctx.claim_words if key(w) in shared and w.lower() not in STOP)[:3]
    return [Mismatch("negation", "contradicted", reason, (ctx.sentence(best),), head=head_spans, body=body_spans)]


#: words with which a sentence reports, hedges or conditions what it mentions instead of stating it
REPORTED = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|reports?|reported(?:ly)?|rumou?r(?:s|ed)?|alleg(?:e|es|ed|edly)|purported(?:ly)?|"
    r"according to|speculat\w*|may|might|could|if|whether|unconfirmed)\b",
    re.IGNORECASE,
)
#: words with which a body sentence relays, doubts or conditions what it mentions: not the body's own statement
#: (an attribution such as "officials said" is not among them: news states facts that way)
HEARSAY = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|rumou?r(?:s|ed)?|alleg(?:e|es|ed|edly)|purported(?:ly)?|speculat\w*|unconfirmed|"
    r"may|might|could|if|whether|supposedly|falsely)\b",
    re.IGNORECASE,
)
#: headline verbs that already say "no": a body's "not" agrees with them
_NEGATIVE_VERB = re.compile(
    r"\b(?:bail(?:s|ed)?|quit(?:s|ting)?|drop(?:s|ped)? out|withdraw(?:s|n)?|withdrew|pull(?:s|ed)? out|"
    r"cancel(?:s|led|ed)?|scrap(?:s|ped)?|abandon(?:s|ed)?|halt(?:s|ed)?|refuse[sd]?|reject(?:s|ed)?|"
    r"rule[sd]? out|block(?:s|ed)?|ban(?:s|ned)?|fail(?:s|ed)?|stop(?:s|ped)?|end(?:s|ed)?|exit(?:s|ed)?|"
    r"step(?:s|ped)? down|back(?:s|ed)? out|den(?:y|ies|ied)|lacks?|misses|missing|without)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    return text.rstrip(" '\"’”)").endswith("?")


def _quoted_in(text: str, k: str) -> bool:
    """Whether a word with key ``k`` stands inside quotation marks in ``text`` ('Captured' By ISIS)."""
    for m in re.finditer(r"[\"“‘']([^\"”’']{1,60})[\"”’']", text):
        if any(key(w) == k for w in WORD_OR_SIGN.findall(m.group(1))):
            return True
    return False


def _first_shared(ctx: Context, i: int, keys: set[str]) -> Span | None:
    """The first word of body sentence ``i`` with one of ``keys``, as a document span."""
    for m in WORD_OR_SIGN.finditer(ctx.sent_texts[i]):
        if key(m.group(0)) in keys and m.group(0).lower() not in STOP:
            return ctx.bspan(i, m.start(), m.end())
    return None


_REFUTE = re.compile(r"\b(?:false|hoax|fake|myth|untrue|debunk(?:ed|s)?|bogus|baseless|rumou?rs?)\b", re.IGNORECASE)
