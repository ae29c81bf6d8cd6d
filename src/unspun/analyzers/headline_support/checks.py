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

    @classmethod
    def build(cls, doc: Document, claim: Span, shared: dict[str, Any] | None = None) -> Context:
        """Context for one claim; pass the same ``shared`` dict for every claim of a document."""
        from unspun.analyzers.headline_support import roles

        shared = {} if shared is None else shared
        ctx = cls(doc, claim, shared=shared)
        ctx.claim_text = doc.span_text(claim)
        ctx.claim_words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(ctx.claim_text)]
        if "sent_texts" not in shared:
            shared["sent_texts"] = doc.sentence_texts()
            shared["sent_words"] = [_WORD.findall(s) for s in shared["sent_texts"]]
            shared["sent_keys"] = [{key(w) for w in ws} for ws in shared["sent_words"]]
            shared["body_keys"] = set().union(*shared["sent_keys"]) if shared["sent_keys"] else set()
            shared["parses"] = {}
        ctx.sent_texts = shared["sent_texts"]
        ctx.sent_keys = shared["sent_keys"]
        ctx.body_keys = shared["body_keys"]
        ctx.claim_keys = {key(w) for w, _, _ in ctx.claim_words if w.lower() not in STOP and len(w) > 2}
        if "lower_keys" not in shared:
            shared["lower_keys"] = {key(w) for ws in shared["sent_words"] for w in ws if w[:1].islower()}
        ctx.recased, ctx.unknown_case = roles.recase(ctx.claim_text, ctx.claim_words, _body_names(ctx), shared["lower_keys"])
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
            from unspun.analyzers.headline_support import roles
            from unspun.runtime import nlp

            doc = nlp.parse(self.recased)
            if self.unknown_case:
                # Words the body never uses were lower-cased; those the parser still reads as
                # names get their capital back, and the claim is parsed again.
                named = roles.restore_names(self.recased, self.unknown_case, doc)
                if named != self.recased:
                    self.recased = named
                    doc = nlp.parse(named)
            self.parsed_claim = doc
        return self.parsed_claim

    def parse_sentences(self, indices: Sequence[int]) -> dict[int, Any]:
        """spaCy parses of body sentences, each parsed at most once per document."""
        from unspun.runtime import nlp

        parses: dict[int, Any] = self.shared["parses"]
        todo = [i for i in dict.fromkeys(indices) if i not in parses]
        if todo:
            for i, d in zip(todo, nlp.parse_many([self.sent_texts[i] for i in todo]), strict=True):
                parses[i] = d
        return {i: parses[i] for i in indices}

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
        start = m.start()
        while start < end and text[start].isspace():
            start += 1
        out.append(Quantity(value, unit, text[start:end].strip(), start, start + len(text[start:end].strip())))
    return out


def _close(a: float, b: float) -> bool:
    """Equal up to rounding: 40 vs 39.6, 1.2 million vs 1,185,000."""
    if a == b:
        return True
    hi = max(abs(a), abs(b))
    return hi > 0 and abs(a - b) / hi <= 0.05


_BARE_NUM = re.compile(r"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{})\b".format("|".join(_NUMWORDS)), re.IGNORECASE)


def _gives_value(text: str, value: float) -> bool:
    """Whether ``text`` writes the number ``value`` anywhere (digits or a number word, any unit)."""
    for m in _BARE_NUM.finditer(text):
        raw = m.group(0).lower()
        v = float(_NUMWORDS[raw]) if raw in _NUMWORDS else float(raw.replace(",", ""))
        if v == value or any(_close(v * sc, value) for sc in (1.0, 1e3, 1e6, 1e9)):
            return True
    return False


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
        # A sentence that also gives the headline's figure (in any unit: "seven out of 28 girls")
        # backs it, whatever other figures it gives.
        if any(_gives_value(ctx.sent_texts[i], q.value) for i, _ in same_unit):
            continue
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
                head=(ctx.hspan(q.start, q.end),),
                body=(ctx.bspan(i, b.start, b.end),),
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
    return [(k, v, t) for k, v, t, _ in _dates_at(text)]


def _dates_at(text: str) -> list[tuple[str, str, str, int]]:
    """(kind, normalised value, text, offset) for month, weekday and year mentions."""
    out = []
    for m in _DATE_WORD.finditer(text):
        kind = m.lastgroup or ""
        if kind == "rel":
            continue  # relative words depend on the publication date, which a headline may not share
        val = m.group(0).lower().rstrip(".")
        if kind == "month":
            val = next(x for x in _MONTHS if x.startswith(val[:3]))
            if val in ("may", "march") and not (
                re.match(r"\s*\d", text[m.end() :]) or re.search(r"(?:\d|\b(?:in|on|since|until|by|from|through|last|next|early|late|mid|of))\s*$", text[: m.start()], re.IGNORECASE)
            ):
                continue  # "May" the verb, "March" the noun ("Caravan Resumes March to Border"): a month only with a day or "in"
        out.append((kind, val, m.group(0), m.start()))
    return out


def check_dates(ctx: Context) -> list[Mismatch]:
    out: list[Mismatch] = []
    body = [(i, d) for i, s in enumerate(ctx.sent_texts) for d in _dates_at(s)]
    related = ctx.related(min_shared=1)
    for kind, val, txt, at in _dates_at(ctx.claim_text):
        same_kind = [(i, d) for i, d in body if d[0] == kind]
        if any(d[1] == val for _, d in same_kind):
            continue
        # The body's date for the same event: in the most related sentence that gives one.
        same_kind = sorted(((i, d) for i, d in same_kind if i in related), key=lambda t: related.index(t[0]))
        if not same_kind:
            continue
        i, d = same_kind[0]
        out.append(
            Mismatch(
                "dates",
                "contradicted",
                f"the headline says {quote(txt)} but the body says {quote(d[2])}",
                (ctx.sentence(i),),
                head=(ctx.hspan(at, at + len(txt)),),
                body=(ctx.bspan(i, d[3], d[3] + len(d[2])),),
                firm=kind != "year",
            )
        )
    return out


# -- people, organisations, places -----------------------------------------------------------


def _capitalised(w: str) -> bool:
    return w[:1].isupper()


def _body_names(ctx: Context) -> dict[str, str]:
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


_NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of|for|and|the|de|von|van|la|le|&)?\s*[A-Z][\w'’.-]*)*")


def _body_name_runs(ctx: Context) -> list[tuple[str, ...]]:
    """Multi-word names the body writes ("Department of Homeland Security", "PlayStation VR"), for acronyms."""
    if "name_runs" not in ctx.shared:
        runs: dict[tuple[str, ...], None] = {}
        for s in ctx.sent_texts:
            for m in _NAME_RUN.finditer(s):
                ws = tuple(w for w in m.group(0).split() if w[:1].isupper())
                while ws and ws[0].lower() in ("the", "a", "an"):
                    ws = ws[1:]
                if len(ws) >= 2:
                    runs[ws] = None
        ctx.shared["name_runs"] = list(runs)
    out: list[tuple[str, ...]] = ctx.shared["name_runs"]
    return out


def claim_names(ctx: Context) -> list[tuple[list[str], int, int]]:
    """Names in the claim (words, start, end in the claim), read from the recased claim and its parse.

    A name is a run of capitalised words in the recased claim (function words and figures
    excluded) that the parser tags as a proper noun or entity, or that does not open the claim.
    """
    doc = ctx.claim_doc()
    out: list[tuple[list[str], int, int]] = []
    run: list[Any] = []

    def flush() -> None:
        if run:
            words = [t for t in run if t.text.lower() not in STOP]
            opener = run[0].i == 0
            if words and (not opener or len(run) > 1 or any(t.tag_ in ("NNP", "NNPS") for t in run)):
                s, e = run[0].idx, run[-1].idx + len(run[-1].text)
                out.append(([ctx.claim_text[t.idx : t.idx + len(t.text)] for t in run], s, e))
            run.clear()

    for t in doc:
        txt = t.text
        if txt[:1].isupper() and txt.lower() not in STOP and not txt[:1].isdigit() and len(txt) > 1 and (t.tag_ in ("NNP", "NNPS") or t.ent_type_ or t.i > 0):
            run.append(t)
        else:
            flush()
    flush()
    return out


def check_entities(ctx: Context) -> list[Mismatch]:
    """Names in the claim the body never mentions (in any case or variant), and who did what."""
    from unspun.analyzers.headline_support import roles

    out: list[Mismatch] = []
    body_names = _body_names(ctx)
    runs = _body_name_runs(ctx)
    absent = [(ws, s, e) for ws, s, e in claim_names(ctx) if not roles.mentioned(ws, body_names, ctx.body_keys, runs)]
    if absent:
        out.append(
            Mismatch(
                "entities",
                "absent",
                "the body never mentions " + _join_quoted([" ".join(ws) for ws, _, _ in absent]),
                (),
                0.5,
                head=tuple(ctx.hspan(s, e) for _, s, e in absent),
            )
        )
    out += roles.check_roles(ctx)
    return out


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


#: negation words in set phrases that do not deny what follows: "No other browser gives you so much"
#: says it is the most flexible; "not only", "no doubt", "nothing but" assert
_NOT_A_DENIAL = re.compile(
    r"\b(?:no|none|nothing|nobody|not|never)\s+(?:other|others|else|one\s+else|only|just|doubt|less|fewer|more\s+than|"
    r"but|matter|least|before|wonder|surprise|exception|stranger|slouch)\b|\bwithout\s+(?:doubt|question|a\s+doubt)\b|"
    r"\bnone\s+other\b|\bnot\s+(?:least|to\s+mention)\b|\b(?:or|whether)\s+not\b|\bno\s+(?:one|company|country|team|player)\s+(?:else|has\s+ever)\b",
    re.IGNORECASE,
)
_NEG_WORDS = frozenset("not n't never no none nobody nothing neither nor without cannot".split())
_DENY_VERBS = re.compile(r"^(?:denie[sd]|deny|denying|refuse[sd]?|refusing|reject(?:s|ed|ing)?|fail(?:s|ed|ing)?)$", re.IGNORECASE)


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
        deny = bool(_DENY_VERBS.match(low))
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
    if best is None or len(ctx.claim_keys) < 2 or similarity < 0.65 or _is_question(ctx.claim_text):
        return []
    need = max(2, math.ceil(0.5 * len(ctx.claim_keys)))
    shared = ctx.claim_keys & ctx.sent_keys[best]
    if len(shared) < need:
        return []  # the sentence is not about the same thing
    related = [i for i in ctx.related(min_shared=2) if i != best]
    close = [i for i in related if len(ctx.claim_keys & ctx.sent_keys[i]) >= need]
    parsed = ctx.parse_sentences([best, *close])
    refute = _REFUTE.search(ctx.claim_text)
    head_tok = _denies(ctx.claim_doc(), shared)
    body_tok = _denies(parsed[best], shared)
    head_neg = head_tok is not None or refute is not None
    if head_neg == (body_tok is not None):
        return []
    if head_neg:
        plain = ctx.sent_texts[best]
        if _NEG.search(plain) or _REFUTE.search(plain) or _REPORTED.search(plain):
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
        if _NEGATIVE_VERB.search(ctx.claim_text) or _REPORTED.search(ctx.claim_text):
            return []  # "Bale bails on Jobs film" agrees with "Bale will not play Jobs"
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
_REPORTED = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|reports?|reported(?:ly)?|rumou?r(?:s|ed)?|alleg(?:e|es|ed|edly)|purported(?:ly)?|"
    r"according to|speculat\w*|may|might|could|if|whether|unconfirmed)\b",
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


def _is_question(text: str) -> bool:
    return text.rstrip(" '\"’”)").endswith("?")


def _quoted_in(text: str, k: str) -> bool:
    """Whether a word with key ``k`` stands inside quotation marks in ``text`` ('Captured' By ISIS)."""
    for m in re.finditer(r"[\"“‘']([^\"”’']{1,60})[\"”’']", text):
        if any(key(w) == k for w in _WORD.findall(m.group(1))):
            return True
    return False


def _first_shared(ctx: Context, i: int, keys: set[str]) -> Span | None:
    """The first word of body sentence ``i`` with one of ``keys``, as a document span."""
    for m in _WORD.finditer(ctx.sent_texts[i]):
        if key(m.group(0)) in keys and m.group(0).lower() not in STOP:
            return ctx.bspan(i, m.start(), m.end())
    return None


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
    a = next((m for m in ASSERTING.finditer(ctx.claim_text) if not re.search(r"\b(?:no|not|without)\s+$", ctx.claim_text[: m.start()], re.IGNORECASE)), None)
    if not a or _HEAD_HEDGE.search(ctx.claim_text):
        return []
    hedges: list[tuple[int, str, int]] = []
    close = ctx.related(min_shared=2)
    akey = key(a.group(0).split()[0])
    if any(akey in ctx.sent_keys[i] and not _HEAD_HEDGE.search(ctx.sent_texts[i]) for i in close):
        return []  # the body asserts it too, in a sentence about the same thing
    for i, s in enumerate(ctx.sent_texts):
        for m in STRONG_HEDGES.finditer(s):
            hedges.append((i, m.group(0), m.start()))
    for i in close:
        for m in WEAK_HEDGES.finditer(ctx.sent_texts[i]):
            hedges.append((i, m.group(0), m.start()))
    if not hedges:
        return []
    words = list(dict.fromkeys(h for _, h, _ in hedges))[:3]
    sents = tuple(ctx.sentence(i) for i in dict.fromkeys(i for i, _, _ in hedges))[:2]
    first: dict[str, Span] = {}
    for i, h, at in hedges:
        first.setdefault(h, ctx.bspan(i, at, at + len(h)))
    return [
        Mismatch(
            "certainty",
            "overstated",
            f"the headline asserts {quote(a.group(0))} but the body hedges with {_join_quoted(words).replace(' or ', ' and ')}",
            sents,
            head=(ctx.hspan(a.start(), a.end()),),
            body=tuple(first[w] for w in words),
        )
    ]


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
            lim = [(i, m) for i, s in rel_text for m in [LIMITING.search(s)] if m]
            if lim:
                i, m = lim[0]
                out.append(
                    Mismatch(
                        "quantifiers",
                        "overstated",
                        f"the headline says {quote(u.group(0))} but the body says {quote(m.group(0))}",
                        (ctx.sentence(i),),
                        head=(ctx.hspan(u.start(), u.end()),),
                        body=(ctx.bspan(i, m.start(), m.end()),),
                    )
                )
    big = _LARGE.search(ctx.claim_text)
    if big:
        need = LARGE[big.group(0).lower()]
        rel = set(related)
        rel_q = [(i, q) for i, q in ctx.body_quantities() if i in rel and q.unit not in ("%", "pp", "$", "£", "€")]
        said_big = any(_LARGE.search(ctx.sent_texts[i]) for i in related)
        small = [(i, q.text, q.start) for i, q in rel_q if q.value < need]
        limits = [(i, m.group(0), m.start()) for i in related for m in [LIMITING.search(ctx.sent_texts[i])] if m]
        if not said_big and not any(q.value >= need for _, q in rel_q) and (small or limits):
            i, txt, at = (small or limits)[0]
            out.append(
                Mismatch(
                    "quantifiers",
                    "overstated",
                    f"the headline says {quote(big.group(0))} but the body says {quote(txt)}",
                    (ctx.sentence(i),),
                    head=(ctx.hspan(big.start(), big.end()),),
                    body=(ctx.bspan(i, at, at + len(txt)),),
                )
            )
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
