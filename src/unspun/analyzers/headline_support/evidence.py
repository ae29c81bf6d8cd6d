"""What a claim's verdict rests on beyond the checks, read from its :class:`~.context.Context`.

Word coverage, whether the claim asserts anything, whether the body restates or disputes it,
and whether a check's body sentence is about the same event (the rules are in
``docs/headline-support.md``).
"""

from __future__ import annotations

import math
import re

from unspun.analyzers.headline_support import stance
from unspun.analyzers.headline_support.context import Context, Mismatch
from unspun.analyzers.headline_support.words import STOP, key

#: MiniLM cosine at which the closest sentence restates the claim (the negation check's threshold)
RESTATE_SIMILARITY = 0.65


def word_coverage(ctx: Context, vocab: stance.Vocab) -> tuple[float, list[str]]:
    """Share of the claim's content words (idf-weighted) whose stem the body uses, and the missing words."""
    total = got = 0.0
    missing = []
    for w, _, _ in ctx.claim_words:
        lw = w.lower()
        if lw in STOP or len(w) < 3 or not w[0].isalnum():
            continue
        wt = vocab.weight(lw)
        total += wt
        if key(w) in ctx.body_keys:
            got += wt
        else:
            missing.append(w)
    return (got / total if total else 0.0), missing  # no key word: nothing the body could back


#: an explainer's headline: a question without its question mark ("Why Neon Is the Ultimate Symbol ...")
_EXPLAINER = re.compile(r"(?:why|how|what|where|when|who|which)\b", re.IGNORECASE)


def asserts(ctx: Context) -> bool:
    """Whether the claim states something a body could dispute, rather than naming a topic or asking.

    "Manhole fires and burst pipes", "Tax dollars" and "Hating millennials" name a topic;
    "Are there any un-angry Trump supporters?" asks; "Why neon is the symbol of the century" and
    "How we designed ATF" announce an explanation. Neither asserts anything the stance
    model's "disagree" could be about. A claim asserts when the parse of the recased claim has
    a finite verb, or a headline's participle, gerund or "to" verb after a noun ("Mass grave
    linked to students", "ISIS getting Ebola", "United States to lift sanctions"). A claim of
    six content words or more is taken to assert even without one (the parse of a headline
    can miss its verb: "Small meteorite strikes in Managua").
    """
    text = ctx.claim_text.strip(" '\"‘’“”")
    if text.endswith("?") or _EXPLAINER.match(text):
        return False
    doc = ctx.claim_doc()
    seen_noun = False
    for t in doc:
        if t.tag_ in ("VBZ", "VBD", "VBP", "MD"):
            return True
        if seen_noun and t.tag_ in ("VBN", "VBG", "VB"):
            return True
        if t.tag_.startswith("NN") or t.tag_ == "PRP":
            seen_noun = True
    return len(ctx.claim_keys) >= 6


#: words with which a body disputes or doubts a claim: the FNC-1 baseline's refuting words, denials and
#: doubt ("casting doubt", "questioning the authenticity", "skeptical"). Written for unspun from the
#: FNC-1 "disagree" bodies of the training split.
_DISPUTE = re.compile(
    r"\b(?:fake|fraud(?:ulent)?|hoax(?:es)?|false(?:ly)?|den(?:y|ies|ied|ial)|refut(?:e|es|ed)|debunk(?:s|ed)?|"
    r"untrue|myth|bogus|baseless|unfounded|misleading|retract(?:s|ed|ion)?|pranks?|satir(?:e|ical)|not true|no evidence|"
    r"dismiss(?:es|ed)|rejects?|rejected|doubts?|doubtful|question(?:s|ed|ing)? (?:the|whether|its|his|her)|"
    r"skeptic(?:al|s)?|sceptic(?:al|s)?|disput(?:e|es|ed)|unconfirmed|unverified|rumou?rs?|speculation|"
    r"misreport(?:ed)?|inaccurate|incorrect|wrong|fabricat(?:ed|ion)|made up|mistaken|erroneous|not the|"
    r"dropped out|pulled out|backed out|withdr[ae]w\w*|turned down|called off|ruled out|no longer)\b",
    re.IGNORECASE,
)


def disputing(ctx: Context, ranked: list[int]) -> tuple[int, str] | None:
    """A disputing word in a body sentence about the claim: (sentence, word), or None.

    About the claim: the closest sentences, those sharing two of its words, and the sentence
    after the closest ("A post says X. Scientists said the claim was a hoax.").
    """
    after = [ranked[0] + 1] if ranked and ranked[0] + 1 < len(ctx.sent_texts) else []
    near = list(dict.fromkeys([*ranked[:3], *after, *ctx.related(min_shared=2)[:5]]))
    for i in near:
        m = _DISPUTE.search(ctx.sent_texts[i])
        if m:
            return i, m.group(0)
    return None


def disputes_anything(ctx: Context) -> bool:
    """Whether the body uses a disputing word anywhere (once per document)."""
    if "disputes" not in ctx.shared:
        ctx.shared["disputes"] = any(_DISPUTE.search(s) for s in ctx.sent_texts)
    return bool(ctx.shared["disputes"])


def same_event(ctx: Context, m: Mismatch) -> bool:
    """Whether the check's body sentence is about what the claim is about.

    It must share at least half of the claim's key words, not counting the words the check
    found different: "Unemployment rose 4 percent in March" is about "Unemployment rises 40
    percent in March"; "A jihad group explained it back in 2012" is not about "Ramadan jihad
    2018 death toll so far is 218", whatever the years.
    """
    if not m.evidence:
        return False
    index = {sp: i for i, sp in enumerate(ctx.doc.sentences)}
    i = index.get(m.evidence[0])
    if i is None:
        return False
    differ = {
        key(w)
        for w, s, e in ctx.claim_words
        if any(h.start <= ctx.claim.start + s and ctx.claim.start + e <= h.end for h in m.head)
    }
    keys = ctx.claim_keys - differ
    if not keys:
        return True
    return len(keys & ctx.sent_keys[i]) >= max(1, math.ceil(0.5 * len(keys)))


def restates(ctx: Context, best: int | None, similarity: float) -> bool:
    """Whether the closest sentence restates the claim: cosine >= 0.65 and at least half its key words."""
    if best is None or similarity < RESTATE_SIMILARITY:
        return False
    need = max(1, math.ceil(0.5 * len(ctx.claim_keys)))
    return len(ctx.claim_keys & ctx.sent_keys[best]) >= need
