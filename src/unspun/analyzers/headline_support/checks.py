"""Explicit, explainable headline-vs-body mismatch checks.

Each check compares one headline claim with the body and returns
:class:`Mismatch` records: which check fired, the verdict it implies
(``contradicted``, ``overstated`` or ``unsupported``), a plain reason that
quotes the words involved, and the body sentences that show it. They sit
beside the learned stance model in ``headline_support`` and are what a reader
can verify by eye.

The checks are rules, not fitted: word lists are the project's own, written
from style guides and health-news reviewing criteria (HealthNewsReview.org's
"causal language" criterion for the certainty list).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from unspun.document import Document, Span
from unspun.findings import quote

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*|[$%]")

STOP = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of off on
    once only or other our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves said says say also us amid via per""".split()
)


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """A crude stem for matching inflections: 'resigns', 'resigned', 'resignation' -> 'resign'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    return w[:6]


@dataclass(frozen=True)
class Mismatch:
    check: str  # numbers, entities, dates, negation, certainty, quantifiers
    verdict: str  # contradicted, overstated, unsupported
    reason: str  # a clause that quotes the words, e.g. 'the headline says "40 percent" but the body says "4 percent"'
    evidence: tuple[Span, ...] = ()
    strength: float = 1.0


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

    @classmethod
    def build(cls, doc: Document, claim: Span, shared: dict[str, Any] | None = None) -> Context:
        """Context for one claim; pass the same ``shared`` dict for every claim of a document."""
        shared = {} if shared is None else shared
        ctx = cls(doc, claim, shared=shared)
        ctx.claim_text = doc.span_text(claim)
        ctx.claim_words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(ctx.claim_text)]
        if "sent_texts" not in shared:
            shared["sent_texts"] = doc.sentence_texts()
            shared["sent_keys"] = [{key(w) for w in _WORD.findall(s)} for s in shared["sent_texts"]]
            shared["body_keys"] = set().union(*shared["sent_keys"]) if shared["sent_keys"] else set()
        ctx.sent_texts = shared["sent_texts"]
        ctx.sent_keys = shared["sent_keys"]
        ctx.body_keys = shared["body_keys"]
        ctx.claim_keys = {key(w) for w, _, _ in ctx.claim_words if w.lower() not in STOP and len(w) > 2}
        return ctx

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


# -- numbers ---------------------------------------------------------------------------

_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9, "k": 1e3}
_NUMWORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "dozen": 12,
}
_NUM = re.compile(
    r"(?P<cur>[$£€])?\s?(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{}))(?![\d,])"
    r"(?:\s?(?P<scale>hundred|thousand|million|billion|trillion|bn|m|k)\b)?"
    r"(?:\s?(?P<unit>%|percent\b|per\s?cent\b|percentage points?\b|[A-Za-z]+))?".format("|".join(sorted(_NUMWORDS, key=len, reverse=True))),
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    text: str
    start: int
    end: int


def quantities(text: str) -> list[Quantity]:
    out = []
    for m in _NUM.finditer(text):
        raw = m.group("num").lower()
        if raw in _NUMWORDS:
            if m.start("num") > 0 and text[m.start("num") - 1].isalpha():
                continue
            value = float(_NUMWORDS[raw])
        else:
            value = float(raw.replace(",", ""))
        if _YEAR.match(raw) and (not m.group("unit") or m.group("unit").lower() in STOP):
            continue  # a year is a date, handled by the date check
        if m.group("scale"):
            value *= _SCALE[m.group("scale").lower()]
        unit = (m.group("unit") or "").lower()
        end = m.end()
        if unit in ("%", "percent") or unit.startswith("per") and "cent" in unit:
            unit = "%"
        elif unit.startswith("percentage point"):
            unit = "pp"
        elif m.group("cur"):
            unit = m.group("cur")
            if m.group("unit") and m.group("unit").lower() not in STOP:
                end = m.end()
            else:
                end = m.end("scale") if m.group("scale") else m.end("num")
        elif unit in STOP or not unit:
            unit = ""
            end = m.end("scale") if m.group("scale") else m.end("num")
        else:
            unit = key(unit)
        if raw in _NUMWORDS and not unit:
            continue  # "one" alone is rarely a figure
        out.append(Quantity(value, unit, text[m.start() : end].strip(), m.start(), end))
    return out


def _close(a: float, b: float) -> bool:
    """Equal up to rounding: 40 vs 39.6, 1.2 million vs 1,185,000."""
    if a == b:
        return True
    hi = max(abs(a), abs(b))
    return hi > 0 and abs(a - b) / hi <= 0.05


def check_numbers(ctx: Context) -> list[Mismatch]:
    out: list[Mismatch] = []
    body_q = ctx.body_quantities()
    order = {i: r for r, i in enumerate(ctx.related())}
    for q in quantities(ctx.claim_text):
        if not q.unit:
            continue
        same_unit = [(i, b) for i, b in body_q if b.unit == q.unit]
        if any(_close(q.value, b.value) for _, b in same_unit):
            continue
        # Only a figure in a sentence about the same thing can contradict the headline's.
        same_unit = [(i, b) for i, b in same_unit if i in order]
        if not same_unit:
            continue
        # The body's figure for the same thing: in the most related sentence, closest in size.
        i, b = min(same_unit, key=lambda t: (order.get(t[0], 10**6), abs(math.log10(max(t[1].value, 1e-9) / max(q.value, 1e-9)))))
        ratio = q.value / b.value if b.value else math.inf
        verdict = "overstated" if ratio > 1 and q.unit not in ("%", "pp") else "contradicted"
        tenfold = " (about ten times as much)" if 8 <= ratio <= 12 else (" (about a tenth)" if 1 / 12 <= ratio <= 1 / 8 else "")
        out.append(
            Mismatch(
                "numbers",
                verdict,
                f"the headline says {quote(q.text)} but the body says {quote(b.text)}{tenfold}",
                (ctx.sentence(i),),
            )
        )
    return out


# -- dates -------------------------------------------------------------------------------

_MONTHS = "january february march april may june july august september october november december".split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_DATE_WORD = re.compile(
    r"\b(?:(?P<month>{})|(?P<day>{})|(?P<year>1[89]\d\d|20\d\d)|(?P<rel>yesterday|today|tomorrow|tonight|last night))\b".format("|".join(m.capitalize() for m in _MONTHS) + "|" + "|".join(m[:3].capitalize() + r"\." for m in _MONTHS if len(m) > 3),
       "|".join(d.capitalize() for d in _DAYS)),
)


def _dates(text: str) -> list[tuple[str, str, str]]:
    """(kind, normalised value, text) for month, weekday and year mentions."""
    out = []
    for m in _DATE_WORD.finditer(text):
        kind = m.lastgroup or ""
        if kind == "rel":
            continue  # relative words depend on the publication date, which a headline may not share
        val = m.group(0).lower().rstrip(".")
        if kind == "month":
            val = next(x for x in _MONTHS if x.startswith(val[:3]))
            if val == "may" and not re.match(r"\s*\d", text[m.end() :]):
                continue  # "May" the modal verb at the start of a title-case word
        out.append((kind, val, m.group(0)))
    return out


def check_dates(ctx: Context) -> list[Mismatch]:
    out: list[Mismatch] = []
    body = [(i, d) for i, s in enumerate(ctx.sent_texts) for d in _dates(s)]
    related = ctx.related(min_shared=1)
    for kind, val, txt in _dates(ctx.claim_text):
        same_kind = [(i, d) for i, d in body if d[0] == kind]
        if any(d[1] == val for _, d in same_kind):
            continue
        # The body's date for the same event: in the most related sentence that gives one.
        same_kind = sorted(((i, d) for i, d in same_kind if i in related), key=lambda t: related.index(t[0]))
        if not same_kind:
            continue
        i, d = same_kind[0]
        out.append(Mismatch("dates", "contradicted", f"the headline says {quote(txt)} but the body says {quote(d[2])}", (ctx.sentence(i),)))
    return out


# -- people, organisations, places -----------------------------------------------------------


def _capitalised(w: str) -> bool:
    return w[:1].isupper()


def _title_case(words: Sequence[str]) -> bool:
    content = [w for w in words if w.lower() not in STOP and w[:1].isalpha()]
    return bool(content) and sum(_capitalised(w) for w in content) / len(content) >= 0.6


def _body_names(ctx: Context) -> dict[str, str]:
    """Keys of words the body writes capitalised mid-sentence (its names), to their surface form."""
    if "names" in ctx.shared:
        cached: dict[str, str] = ctx.shared["names"]
        return cached
    names: dict[str, str] = ctx.shared.setdefault("names", {})
    for s in ctx.sent_texts:
        ws = _WORD.findall(s)
        for j, w in enumerate(ws):
            if j > 0 and _capitalised(w) and w.lower() not in STOP and len(w) > 1:
                names.setdefault(key(w), w)
    return names


def _sentence_names(text: str, body_names: dict[str, str]) -> list[str]:
    ws = _WORD.findall(text)
    return [w for j, w in enumerate(ws) if _capitalised(w) and w.lower() not in STOP and (j > 0 or key(w) in body_names)]


def check_entities(ctx: Context) -> list[Mismatch]:
    out: list[Mismatch] = []
    words = [w for w, _, _ in ctx.claim_words]
    title = _title_case(words)
    body_names = _body_names(ctx)
    absent: list[str] = []
    present: list[int] = []
    for j, w in enumerate(words):
        if not _capitalised(w) or w.lower() in STOP or len(w) < 2 or w[0].isdigit():
            continue
        k = key(w)
        if k in body_names:
            present.append(j)
        elif k not in ctx.body_keys:
            acronym = w.isupper() and _acronym(w)
            if acronym or (not title and j > 0):
                absent.append(w)
    if absent:
        out.append(
            Mismatch("entities", "absent", "the body never mentions " + _join_quoted(absent), (), 0.5)
        )
    # A named subject whose action the body gives to someone else: "Smith resigns" in the
    # headline, "Jones resigned" in the body, and the body never has Smith doing it.
    runs: list[tuple[int, int]] = []  # [start, end) word indices of capitalised name runs
    j = 0
    while j < len(words):
        if _capitalised(words[j]) and words[j].lower() not in STOP and not words[j][0].isdigit():
            end = j
            while end < len(words) and _capitalised(words[end]) and words[end].lower() not in STOP:
                end += 1
            runs.append((j, end))
            j = end
        else:
            j += 1
    for _rs, re_ in runs:
        if re_ >= len(words) or title:
            continue  # in Title Case the verb is capitalised too: no reliable subject-verb reading
        pred = words[re_]
        if not _verb_like(pred):
            continue
        name = words[re_ - 1]  # the surname, or the single name
        pk, nk = key(pred), key(name)
        doers: list[tuple[int, str, str]] = []  # (sentence, other name, the body's verb form)
        own = False
        for i, ks in enumerate(ctx.sent_keys):
            if pk not in ks:
                continue
            ws = _WORD.findall(ctx.sent_texts[i])
            for t, w in enumerate(ws):
                if key(w) != pk:
                    continue
                before = [x for x in ws[max(0, t - 3) : t] if _capitalised(x) and x.lower() not in STOP]
                if any(key(x) == nk for x in before):
                    own = True
                others = [x for x in before if key(x) != nk and (key(x) in body_names or x is not ws[0])]
                if others and nk not in ks:
                    doers.append((i, others[-1], w))
        if own or not doers:
            continue
        i, other, form = doers[0]
        absent_note = "" if nk in ctx.body_keys else f"; the body never mentions {quote(name)}"
        out.append(
            Mismatch(
                "entities",
                "contradicted",
                f"the headline says {quote(name)} {quote(pred)}, but the body says {quote(other)} {quote(form)}{absent_note}",
                (ctx.sentence(i),),
            )
        )
        break
    return out


def _verb_like(w: str) -> bool:
    """A headline verb in present or past tense: 'resigns', 'resigned', 'quits' (not 'is', not a noun plural we can tell)."""
    lw = w.lower()
    return lw not in STOP and not _capitalised(w) and len(lw) > 3 and (lw.endswith("s") and not lw.endswith("ss") or lw.endswith("ed"))


def _acronym(w: str) -> bool:
    """An upper-case name (NATO, ECB), not an upper-case word shouted for emphasis (CHAOS)."""
    from unspun.text import lexicons

    low = w.lower()
    return low in lexicons.load("acronyms") or len(w) <= 3 or not any(c in "aeiou" for c in low)


def _join_quoted(ws: Sequence[str]) -> str:
    q = [quote(w) for w in dict.fromkeys(ws)]
    return q[0] if len(q) == 1 else ", ".join(q[:-1]) + " or " + q[-1]


# -- negation -----------------------------------------------------------------------------------

_NEG = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|denie[sd]|deny|refuse[sd]?|reject(?:s|ed)?|fail(?:s|ed)?\s+to|\w+n[’']t)\b", re.IGNORECASE)


def _negated_near(text: str, keys: set[str], window: int = 4) -> tuple[bool, str]:
    """Whether a negation word stands within ``window`` words before a word with one of ``keys``."""
    ws = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
    for j, (w, _) in enumerate(ws):
        if key(w) in keys and w.lower() not in STOP:
            for w2, _ in ws[max(0, j - window) : j]:
                if _NEG.fullmatch(w2):
                    return True, w2
    m = _NEG.search(text)
    return False, m.group(0) if m else ""


def check_negation(ctx: Context, best: int | None, similarity: float = 0.0) -> list[Mismatch]:
    """The headline negates what the body states, or the other way round.

    Only when the closest sentence restates the claim (MiniLM cosine >= 0.65 and at least
    half the claim's words), and only if no other sentence about it takes the headline's side:
    debunking stories repeat the rumour they debunk.
    """
    if best is None or len(ctx.claim_keys) < 2 or similarity < 0.65:
        return []
    need = max(2, math.ceil(0.5 * len(ctx.claim_keys)))
    shared = ctx.claim_keys & ctx.sent_keys[best]
    if len(shared) < need:
        return []  # the sentence is not about the same thing
    head_neg = _NEG.search(ctx.claim_text) or _REFUTE.search(ctx.claim_text)
    body_neg, word = _negated_near(ctx.sent_texts[best], shared)
    if bool(head_neg) == body_neg:
        return []
    related = [i for i in ctx.related(min_shared=2) if i != best]
    if head_neg:
        if any(_NEG.search(ctx.sent_texts[i]) or _REFUTE.search(ctx.sent_texts[i]) for i in related):
            return []
        reason = f"the headline says {quote(head_neg.group(0))} but the body's closest sentence states it without a negation"
    else:
        close = [i for i in related if len(ctx.claim_keys & ctx.sent_keys[i]) >= need]
        if any(not _negated_near(ctx.sent_texts[i], ctx.claim_keys & ctx.sent_keys[i])[0] for i in close):
            return []
        reason = f"the body's closest sentence negates it with {quote(word)}"
    return [Mismatch("negation", "contradicted", reason, (ctx.sentence(best),))]


_REFUTE = re.compile(r"\b(?:false|hoax|fake|myth|untrue|debunk(?:ed|s)?|bogus|baseless|rumou?rs?)\b", re.IGNORECASE)


# -- certainty ------------------------------------------------------------------------------------

#: words with which a headline asserts cause, proof or a certain future
ASSERTING = re.compile(
    r"\b(?:prove[sn]?|proved|proof|confirm(?:s|ed)?|prevent(?:s|ed)?|cure[sd]?|cause[sd]?|will|definitely|certainly|"
    r"guarantee[sd]?|stops?|reverse[sd]?|eliminate[sd]?|kills?|boosts?|slashes|triggers?|leads? to|is to blame)\b",
    re.IGNORECASE,
)
#: hedges a careful body uses; the first group is methodological and counts anywhere in the body
STRONG_HEDGES = re.compile(
    r"\b(?:observational|cannot (?:show|prove|establish)|can[’']?t (?:show|prove)|(?:does|did|do) not (?:prove|show)|"
    r"correlation|associated with|association|linked (?:to|with)|in mice|in rats|preliminary|not peer[- ]reviewed|"
    r"small study|unconfirmed|too early to say)\b",
    re.IGNORECASE,
)
WEAK_HEDGES = re.compile(
    r"\b(?:may|might|could|possibly|possible|potentially|suggests?|suggested|appears? to|likely|unlikely|"
    r"reportedly|allegedly|considering|plans? to|expected to|would)\b",
    re.IGNORECASE,
)
_HEAD_HEDGE = re.compile(STRONG_HEDGES.pattern + "|" + WEAK_HEDGES.pattern, re.IGNORECASE)


def check_certainty(ctx: Context) -> list[Mismatch]:
    a = ASSERTING.search(ctx.claim_text)
    if not a or _HEAD_HEDGE.search(ctx.claim_text):
        return []
    hedges: list[tuple[int, str]] = []
    close = ctx.related(min_shared=2)
    akey = key(a.group(0).split()[0])
    if any(akey in ctx.sent_keys[i] and not _HEAD_HEDGE.search(ctx.sent_texts[i]) for i in close):
        return []  # the body asserts it too, in a sentence about the same thing
    for i, s in enumerate(ctx.sent_texts):
        for m in STRONG_HEDGES.finditer(s):
            hedges.append((i, m.group(0)))
    for i in close:
        for m in WEAK_HEDGES.finditer(ctx.sent_texts[i]):
            hedges.append((i, m.group(0)))
    if not hedges:
        return []
    words = list(dict.fromkeys(h for _, h in hedges))[:3]
    sents = tuple(ctx.sentence(i) for i in dict.fromkeys(i for i, _ in hedges))[:2]
    return [Mismatch("certainty", "overstated", f"the headline asserts {quote(a.group(0))} but the body hedges with {_join_quoted(words).replace(' or ', ' and ')}", sents)]


# -- quantifiers ----------------------------------------------------------------------------------

UNIVERSAL = re.compile(r"\b(?:all|every|everyone|everybody|entire|whole|nobody|no one|always)\b", re.IGNORECASE)
LARGE = {"mass": 100.0, "hundreds": 100.0, "thousands": 1e3, "tens of thousands": 1e4, "millions": 1e6, "countless": 1e3, "huge numbers": 100.0}
_LARGE = re.compile(r"\b(?:{})\b".format("|".join(sorted(LARGE, key=len, reverse=True))), re.IGNORECASE)
LIMITING = re.compile(
    r"\b(?:some|several|a few|few|a handful|handful|dozens?|a number of|many|most|part of|partly|partial|one in|minority|"
    r"majority)\b",
    re.IGNORECASE,
)


def check_quantifiers(ctx: Context) -> list[Mismatch]:
    out: list[Mismatch] = []
    related = ctx.related(min_shared=1)[:5]
    u = UNIVERSAL.search(ctx.claim_text)
    if u:
        rel_text = [(i, ctx.sent_texts[i]) for i in related]
        if not any(UNIVERSAL.search(s) for _, s in rel_text):
            lim = [(i, m.group(0)) for i, s in rel_text for m in [LIMITING.search(s)] if m]
            if lim:
                out.append(Mismatch("quantifiers", "overstated", f"the headline says {quote(u.group(0))} but the body says {quote(lim[0][1])}", (ctx.sentence(lim[0][0]),)))
    big = _LARGE.search(ctx.claim_text)
    if big:
        need = LARGE[big.group(0).lower()]
        rel = set(related)
        rel_q = [(i, q) for i, q in ctx.body_quantities() if i in rel and q.unit not in ("%", "pp", "$", "£", "€")]
        said_big = any(_LARGE.search(ctx.sent_texts[i]) for i in related)
        small = [(i, q.text) for i, q in rel_q if q.value < need]
        lim = [(i, m.group(0)) for i in related for m in [LIMITING.search(ctx.sent_texts[i])] if m]
        if not said_big and not any(q.value >= need for _, q in rel_q) and (small or lim):
            i, txt = (small or lim)[0]
            out.append(Mismatch("quantifiers", "overstated", f"the headline says {quote(big.group(0))} but the body says {quote(txt)}", (ctx.sentence(i),)))
    return out


def run_all(ctx: Context, best: int | None, similarity: float = 0.0) -> list[Mismatch]:
    """All checks for one claim; ``best`` is the body sentence most similar to it (or None), at ``similarity``."""
    return [
        *check_numbers(ctx),
        *check_entities(ctx),
        *check_dates(ctx),
        *check_negation(ctx, best, similarity),
        *check_certainty(ctx),
        *check_quantifiers(ctx),
    ]
