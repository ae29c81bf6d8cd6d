"""Time expressions in news prose, resolved against the publication date.

:func:`find` returns every time expression of a text as a :class:`TimeExpr`: its span, and
what it denotes. The conventions are those of English news writing (AP style):

* a bare weekday is the nearest such day on or before the publication date in a past-tense
  clause, on or after it in a future one ("will", "is scheduled to", "would"); ``last Tuesday``
  is strictly before, ``next Tuesday`` strictly after;
* ``yesterday``/``last night`` are the day before publication, ``today``/``tonight`` the day itself;
* ``last week``/``this week``/``next week`` are Monday-to-Sunday weeks (ISO 8601), ``last month``
  and ``last year`` calendar months and years; ``the past week`` is the seven days up to publication;
* a month without a year ("in March", "March 4") is the latest one on or before publication in a
  past-tense clause, the earliest one on or after it in a future one, else the nearest;
* ``N days ago`` is a date, ``N weeks ago`` an approximate date, ``N months ago`` a month,
  ``N years ago`` a year;
* ``recently``, ``soon``, ``in recent weeks``, ``in the coming months``, ``a few days ago`` are
  ``vague``: no date is given, only the direction;
* seasons are the northern hemisphere's meteorological ones (summer = June to August).

With no publication date, every relative expression is ``unresolved`` (an explicit date such as
"March 4, 2015" still resolves). A date is an ISO string ("2015-04-14"), a range an ISO interval
("2015-04-06/2015-04-12"). Known error: measured on a gold set of relative dates from real pages
(``unspun eval dates``); a weekday in a present-tense clause about a coming event is read as past.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from unspun.analyzers.checkworthy_claims.date_rules import RULES, TRIGGERS, Direction, Kind, Rule, Tense, month_number

__all__ = ["TimeExpr", "find", "parse_pub", "tense", "tense_at", "Kind", "Tense"]

#: future-tense cues in a clause: the event has not happened at publication
_FUTURE = re.compile(r"\b(?:will|won[’']t|shall|going\s+to|(?:is|are)\s+(?:due|set|scheduled|expected|slated|poised|"
                     r"planning|going)|(?:is|are)\s+to\s+\w+|plans?\s+to|would|upcoming|next|(?:could|may|might)\s+(?!have\b)\w+)\b"
                     r"|['’]ll\b", re.I)
#: past-tense cues: a verb in the past tense
_PAST = re.compile(r"\b(?:was|were|had|did|said|told|made|went|came|took|got|gave|found|saw|began|held|met|left|won|lost|"
                   r"led|fell|rose|brought|thought|became|sent|spent|paid|kept|ran|stood|fled|struck|\w{3,}ed)\b", re.I)
#: where a clause ends, for finding the tense that governs a time expression
_CLAUSE_END = re.compile(r"[;:()\u2014\u2013\n]|\s[-\u2014\u2013]\s|,\s|\s(?:that|and|but|or|while|which|who|because|although)\s")
_SENT_END = re.compile(r"[.!?][\"”’']?\s+(?=[A-Z\"“‘])|\n")
#: the future cues that govern a whole sentence (a modal, "could see", governs only its clause)
_FUTURE_STRONG = re.compile(r"\b(?:will|won[’']t|shall|going\s+to|(?:is|are)\s+(?:due|set|scheduled|slated)\s+to)\b|['’]ll\b", re.I)


@dataclass(frozen=True)
class TimeExpr:
    """A time expression: ``text[start:end]`` and what it denotes."""

    start: int
    end: int
    text: str
    kind: Kind
    value: str | None  # ISO date, ISO interval "a/b", or None (vague, unresolved)
    relative: bool  # needs the publication date ("on Tuesday"), or not ("March 4, 2015")
    direction: Direction | None = None
    approximate: bool = False

    @property
    def first(self) -> date | None:
        return date.fromisoformat(self.value.split("/")[0]) if self.value else None

    @property
    def last(self) -> date | None:
        return date.fromisoformat(self.value.split("/")[-1]) if self.value else None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
                             "value": self.value, "relative": self.relative}
        if self.direction:
            d["direction"] = self.direction
        if self.approximate:
            d["approximate"] = True
        return d


def tense(clause: str, sentence: str | None = None) -> Tense:
    """``future`` when the clause has a future cue ("will", "is scheduled to", "would", "could see"),
    ``past`` when it has a past-tense verb; a clause with neither takes its sentence's tense."""
    if _FUTURE.search(clause):
        return "future"
    if _PAST.search(clause):
        return "past"
    if sentence and _FUTURE_STRONG.search(sentence):
        return "future"
    return "past" if sentence and _PAST.search(sentence) else "unknown"


def parse_pub(value: str | None) -> date | None:
    """The publication date from a metadata value: ISO ("2015-04-16", "2015-04-16T09:00Z") or written
    ("4 March 2024", "March 4, 2024"); None when there is none or it cannot be read."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        w = RULES[1][0].search(value)  # the month-and-day rule
        if w and (w.group("y1") or w.group("y2")):
            mon = month_number(w.group("m1") or w.group("m2"))
            return date(int(w.group("y1") or w.group("y2")), mon, int(w.group("d1") or w.group("d2")))
    except ValueError:
        return None
    return None


def _sentence(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The bounds of the sentence around ``[start, end)`` within ``[lo, hi)`` (a full stop counts
    only before a space and a capital or quotation mark, so "10 a.m. PDT" does not end it)."""
    a = lo
    for m in _SENT_END.finditer(text, lo, start):
        a = m.end()
    n = _SENT_END.search(text, end, hi)
    return a, (n.start() if n else hi)


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[str, str]:
    """The clause around ``[start, end)`` (cut at punctuation and conjunctions) and its sentence."""
    sa, sb = _sentence(text, start, end, lo, hi)
    a = sa
    for m in _CLAUSE_END.finditer(text, sa, start):
        a = m.end()
    n = _CLAUSE_END.search(text, end, sb)
    return text[a : (n.start() if n else sb)], text[sa:sb]


def tense_at(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> Tense:
    """The tense of the clause around ``text[start:end]``, within the sentence inside ``[lo, hi)``."""
    return tense(*_clause(text, start, end, lo, len(text) if hi is None else hi))


def find(text: str, pub: date | None, start: int = 0, end: int | None = None,
         tense_of: Callable[[int, int], Tense] | None = None) -> list[TimeExpr]:
    """Every time expression in ``text[start:end]``, in text order, longest first where two overlap.

    ``tense_of(start, end)`` gives the tense of the clause around an expression; by default
    :func:`tense` of the surrounding clause."""
    end = len(text) if end is None else end
    if not TRIGGERS.search(text, start, end):
        return []  # no rule can match (half the sentences of news; the rules cost ~10 times the test)
    hits: list[tuple[int, int, Rule]] = []
    for rule in RULES:
        hits.extend((h.start(), h.end(), rule) for h in rule[0].finditer(text, start, end))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[TimeExpr] = []
    taken = -1
    for a, b, (rx, fn) in hits:
        if a < taken:
            continue
        m = rx.match(text, a, end)
        if m is None or m.end() != b:
            continue
        t = tense_of(a, b) if tense_of else tense(*_clause(text, a, b, start, end))
        res = fn(m, pub, t)
        if res is None:
            continue
        kind, value, relative, direction, approx = res
        out.append(TimeExpr(a, b, text[a:b], kind, value, relative, direction, approx))
        taken = b
    return out
