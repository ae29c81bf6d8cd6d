"""Who did what, compared between the headline's claim and its best body evidence.

The claim and the body sentences about it get the structure of
:mod:`unspun.analyzers.checkworthy_claims.structure` (who, what, when; :meth:`.Context.structure`), and their
actions are read by :mod:`.actions`. Two checks compare them, action by action:

* ``opposites``: the same doer (and the same thing, when both name one) with words the declared table of
  :mod:`.opposites` calls opposite: "voted for" / "voted against", "rose" / "fell", "found guilty" / "acquitted".
  A negation on one side turns the pair into agreement ("did not vote for" agrees with "voted against"): the
  negation is read by :mod:`.negation`.
* ``roles``: the same action with the doer and the thing done to swapped ("Apple sues Samsung" / "Samsung sued
  Apple", passive voice undone). Not for verbs whose two sides do the same ("met", "played", "married").

A different doer for the same action is the ``entities`` check of :mod:`.roles`.

Only the body's own statements count: a body sentence that relays a claim ("claimed", "alleged", "rumours"),
hedges ("may", "could", "if"), asks, or puts the action inside quotation marks is not read; one that reports
what someone said ("officials said") is, at most at medium. A finding is HIGH-worthy (``firm``) only when the
sentence is the body's closest to the claim and nearly restates it (MiniLM cosine >= 0.65), names the doer
(not a pronoun) and the same thing, in the same mood, with no earlier time ("in 2019") the claim lacks;
otherwise it is medium and says why. Nothing fires when any sentence about the claim states the headline's
version (stories tell both sides of a change: "raised in March after cutting them in 2019").
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from unspun.analyzers.headline_support import actions
from unspun.analyzers.headline_support.actions import Action, same_party
from unspun.analyzers.headline_support.context import Context, Mismatch
from unspun.analyzers.headline_support.evidence import RESTATE_SIMILARITY
from unspun.analyzers.headline_support.negation import HEARSAY, is_question
from unspun.analyzers.headline_support.opposites import in_table, opposite
from unspun.analyzers.headline_support.roles import SYMMETRIC, same_verb
from unspun.findings import quote

#: a time expression that puts a sentence in the past: a year, "years ago", "last decade"
_EARLIER = re.compile(r"\b(?:1[89]|20)\d\d\b|\byears?\b|\bdecades?\b|\bcentur", re.IGNORECASE)
#: body sentences read per claim
MAX_SENTENCES = 5


def head_actions(ctx: Context) -> list[Action]:
    """The claim's actions (once per claim); none for a question or a claim that relays or hedges."""
    if "actions" not in ctx.memo:
        text = ctx.claim_text
        ctx.memo["actions"] = [] if is_question(text) or HEARSAY.search(text) else actions.read(
            ctx.claim_doc(), ctx.structure(), ctx.claim.start, headline=True)
    out: list[Action] = ctx.memo["actions"]
    return out


def sentences(ctx: Context, best: int | None) -> list[int]:
    """The body sentences compared with the claim: the closest, then those sharing half its words; none when
    the claim has no action a check could read (no word of the table, no doer and thing done to)."""
    if best is None or len(ctx.claim_keys) < 2:
        return []
    acts = head_actions(ctx)
    if not any(any(in_table(w) for w, _, _ in a.words) or (a.doer and a.patient) for a in acts):
        return []
    need = max(2, math.ceil(0.5 * len(ctx.claim_keys)))
    close = [i for i in ctx.related(min_shared=2) if len(ctx.claim_keys & ctx.sent_keys[i]) >= need]
    return list(dict.fromkeys([best, *close]))[:MAX_SENTENCES]


def _verbs(a: Action) -> list[str]:
    return [w for w, _, _ in a.words if w.lower() not in ("for", "against") and not _modifier(a, w)]


def _modifier(a: Action, w: str) -> bool:
    return w != a.verb and w.lower() in ("up", "down", "for", "against", "guilty", "innocent", "higher", "lower", "legal", "illegal")


def _relation(h: Action, b: Action) -> tuple[str, Any, Action] | None:
    """How body action ``b`` stands to claim action ``h``: ("agree", pair or None, h), ("opposite", (head word,
    body word), h), ("swapped", None, h), or None when it is another action or the parties cannot be matched.
    A headline's ambiguous past form is read both ways ("Jones acquitted": by someone, or of someone); the
    returned action is the reading that matched."""
    readings = [h, h.passive_reading()] if h.ambiguous else [h]
    found = [(r[0], r[1], x) for x in readings for r in [_relation1(x, b)] if r is not None]
    return next((f for f in found if f[0] == "agree"), found[0] if found else None)


def _relation1(h: Action, b: Action) -> tuple[str, Any] | None:
    hv, bv = _verbs(h), _verbs(b)
    same_action = any(same_verb(x, y) for x in hv for y in bv)
    pair = next(((x, y) for x in h.words for y in b.words if opposite(x[0], y[0])), None)
    if pair is not None and _modifier(h, pair[0][0]) and _modifier(b, pair[1][0]) and not same_action:
        pair = None  # "voted against" and "spoke for": two actions
    d, _ = same_party(h.doer, b.doer)
    p, _ = same_party(h.patient, b.patient)
    if pair is not None:
        if d is False or p is False or not (d or ((h.doer is None or b.doer is None) and p)):
            return None
        if h.patient is not None and b.patient is not None and not p and h.negated == b.negated:
            return None  # "lift sanctions" and "imposed punitive measures": maybe not the same thing
        if h.negated != b.negated:
            return "agree", pair
        return ("opposite", pair) if not h.negated else None
    if not same_action:
        return None
    if d is not False and p is not False and (d or p) and h.negated == b.negated:
        return "agree", None
    xd, _ = same_party(h.doer, b.patient)
    xp, _ = same_party(h.patient, b.doer)
    if xd and xp and not d and not h.negated and not b.negated and h.verb.lower() not in SYMMETRIC and b.verb.lower() not in SYMMETRIC:
        return "swapped", None
    return None


def _loose(ctx: Context, i: int, best: int | None, sim: float, h: Action, b: Action, kind: str) -> str:
    """Why a finding is too loose for HIGH ("" when it is firm)."""
    if b.reporter is not None and not same_party(h.reporter, b.reporter)[0]:
        return f"the body reports it from {quote(b.reporter.text)}"
    if h.modal != b.modal:
        return ("the headline speaks of what will happen and the body of what did" if h.modal == "will"
                else "the body speaks of what will happen and the headline of what did")
    d, d_via = same_party(h.doer, b.doer)
    p, p_via = same_party(h.patient, b.patient)
    if kind == "opposite":
        if d_via or p_via:
            x = b.doer if d_via else b.patient
            read = f", read as {quote(' '.join(x.resolved))}" if x is not None and x.resolved else ""
            return f"the body names {'the doer' if d_via else 'the other side'} only with a pronoun ({quote(x.text) if x else ''}{read})"
        if not d and h.doer is not None:
            return "the body does not say who did it"
    elif any(same_party(x, y)[1] for x, y in ((h.doer, b.patient), (h.patient, b.doer))):
        return "the body names one side only with a pronoun"
    claim_when = {w["text"].lower() for w in ctx.structure()["when"]}
    earlier = [w["text"] for w in ctx.structure(i)["when"] if _EARLIER.search(w["text"]) and w["text"].lower() not in claim_when]
    if earlier:
        return f"the body sentence may be about another time ({quote(earlier[0])})"
    if i != best or sim < RESTATE_SIMILARITY:
        return "the body sentence does not restate the claim closely"
    return ""


def check(ctx: Context, best: int | None, sim: float = 0.0) -> list[Mismatch]:
    """Opposite words or swapped roles between the claim's action and the body's (module docstring)."""
    idx = sentences(ctx, best)
    if not idx:
        return []
    heads = [a for a in head_actions(ctx) if not a.quoted]
    parsed = ctx.parse_sentences(idx)
    found: list[tuple[int, Action, Action, str, Any]] = []
    for i in idx:
        text = ctx.sent_texts[i]
        body = actions.read(parsed[i], ctx.structure(i), ctx.sentence(i).start)
        for h0 in heads:
            for b in body:
                rel = _relation(h0, b)
                if rel is None:
                    continue
                h = rel[2]
                if rel[0] == "agree":
                    if rel[1] is not None:  # "acquitted" and "found not guilty": the negation check must not read a denial
                        ctx.memo["agree_by_opposite"] = i
                    return []  # the body also states the headline's version
                if b.quoted or HEARSAY.search(text) or is_question(text) or (h.reporter and not same_party(h.reporter, b.reporter)[0]):
                    continue
                if h.modal != b.modal and {h.modal, b.modal} != {"will", ""}:
                    continue  # "may approve" against "rejected": a guess, not a statement
                found.append((i, h, b, rel[0], rel[1]))
    if not found:
        return []
    i, h, b, kind, pair = found[0]
    loose = _loose(ctx, i, best, sim, h, b, kind)
    if kind == "opposite":
        m = _opposite(ctx, i, h, b, pair)
    else:
        m = _swapped(ctx, i, h, b)
    return [replace(m, firm=not loose, loose=loose)]


def _clause(text: str, a: Action, extra: tuple[int, int]) -> str:
    """The words of action ``a`` from its first party to its last (at most 90 characters; else the verb group)."""
    parts = [(a.start, a.end), extra, *((p.start, p.end) for p in (a.doer, a.patient) if p is not None)]
    lo, hi = min(s for s, _ in parts), max(e for _, e in parts)
    if hi - lo > 90:
        lo, hi = min(a.start, extra[0]), max(a.end, extra[1])
    return quote(text[lo:hi])


def _opposite(ctx: Context, i: int, h: Action, b: Action, pair: tuple[tuple[str, int, int], tuple[str, int, int]]) -> Mismatch:
    (hw, hs, he), (bw, bs, be) = pair
    reason = (f"the headline says {_clause(ctx.claim_text, h, (hs, he))} but the body says "
              f"{_clause(ctx.sent_texts[i], b, (bs, be))}: {quote(hw)} and {quote(bw)} are opposites")
    return Mismatch("opposites", "contradicted", reason, (ctx.sentence(i),),
                    head=(ctx.hspan(hs, he),), body=(ctx.bspan(i, bs, be),))


def _swapped(ctx: Context, i: int, h: Action, b: Action) -> Mismatch:
    assert h.doer and h.patient and b.doer and b.patient
    reason = (f"the headline has {quote(h.doer.text)} {quote(h.verb)} {quote(h.patient.text)}, but the body has "
              f"{quote(b.doer.text)} {quote(b.verb)} {quote(b.patient.text)}: the roles are swapped")
    head = tuple(sorted((ctx.hspan(x.start, x.end) for x in (h.doer, h.patient)), key=lambda s: s.start))
    body = tuple(sorted((ctx.bspan(i, x.start, x.end) for x in (b.doer, b.patient)), key=lambda s: s.start))
    return Mismatch("roles", "contradicted", reason, (ctx.sentence(i),), head=head, body=body)
