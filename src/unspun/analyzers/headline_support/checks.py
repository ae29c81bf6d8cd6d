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

from unspun.analyzers.headline_support import case, names, roles, who_did_what
from unspun.analyzers.headline_support.context import Context, Mismatch, join_quoted, names_in_body
from unspun.analyzers.headline_support.names import body_name_runs, claim_names
from unspun.analyzers.headline_support.negation import check_negation, negation_sentences
from unspun.analyzers.headline_support.quantities import about_equal, gives_value, quantities
from unspun.analyzers.headline_support.words import key
from unspun.document import Span
from unspun.findings import quote


def prepare(ctxs: Sequence[Context], bests: Sequence[int | None], similarities: Sequence[float]) -> None:
    """Parse, in two batches, the claims and every body sentence the checks will read.

    spaCy costs a few milliseconds per call on top of the text: one call for the claims and
    one for the sentences of all claims keep the checks' parsing to that (house style 18).
    """
    from unspun.runtime import nlp

    todo = [c for c in ctxs if c.parsed_claim is None]
    if todo:
        docs = nlp.parse_many([c.recased for c in todo])
        again = []
        for c, d in zip(todo, docs, strict=True):
            named = case.restore_names(c.recased, c.unknown_case, d) if c.unknown_case else c.recased
            if named != c.recased:
                c.recased = named
                again.append(c)
            else:
                c.parsed_claim = d
        if again:
            for c, d in zip(again, nlp.parse_many([c.recased for c in again]), strict=True):
                c.parsed_claim = d
    need: list[int] = []
    for c, best, sim in zip(ctxs, bests, similarities, strict=True):
        need += negation_sentences(c, best, sim)
        need += who_did_what.sentences(c, best)
        found = roles.candidates(c)
        if found is not None:
            need += [i for _, i in found[2]]
    if ctxs and need:
        ctxs[0].parse_sentences(need)


def check_numbers(ctx: Context) -> list[Mismatch]:
    out: list[Mismatch] = []
    body_q = ctx.body_quantities()
    order = {i: r for r, i in enumerate(ctx.related())}
    for q in quantities(ctx.claim_text):
        if not q.unit:
            continue
        same_unit = [(i, b) for i, b in body_q if b.unit == q.unit]
        if any(about_equal(q.value, b.value) for _, b in same_unit):
            continue
        # Only a figure in a sentence about the same thing can contradict the headline's.
        same_unit = [(i, b) for i, b in same_unit if i in order]
        if not same_unit:
            continue
        # The body's figure for the same thing: in the most related sentence, closest in size.
        # A sentence that also gives the headline's figure (in any unit: "seven out of 28 girls")
        # backs it, whatever other figures it gives.
        if any(gives_value(ctx.sent_texts[i], q.value) for i, _ in same_unit):
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


def check_entities(ctx: Context) -> list[Mismatch]:
    """Names in the claim the body never mentions (in any case or variant), and who did what."""

    out: list[Mismatch] = []
    body_names = names_in_body(ctx)
    runs = body_name_runs(ctx)
    absent = [(ws, s, e) for ws, s, e in claim_names(ctx) if not names.mentioned(ws, body_names, ctx.body_keys, runs)]
    if absent:
        out.append(
            Mismatch(
                "entities",
                "absent",
                "the body never mentions " + join_quoted([" ".join(ws) for ws, _, _ in absent]),
                (),
                0.5,
                head=tuple(ctx.hspan(s, e) for _, s, e in absent),
            )
        )
    out += roles.check_roles(ctx)
    return out


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
            f"the headline asserts {quote(a.group(0))} but the body hedges with {join_quoted(words).replace(' or ', ' and ')}",
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
    compared = who_did_what.check(ctx, best, similarity)
    negation = check_negation(ctx, best, similarity)
    if "agree_by_opposite" in ctx.memo:
        # "Jones acquitted" and "Jones was found not guilty": the negation denies the opposite word, so they agree
        agree = ctx.sentence(ctx.memo["agree_by_opposite"])
        negation = [m for m in negation if agree not in m.evidence]
    return [
        *check_numbers(ctx),
        *check_entities(ctx),
        *compared,
        *check_dates(ctx),
        *negation,
        *check_certainty(ctx),
        *check_quantifiers(ctx),
    ]
