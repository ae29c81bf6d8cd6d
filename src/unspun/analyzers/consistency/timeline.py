"""Dates within one article that disagree with each other or with the publication date.

Time expressions come from :mod:`unspun.analyzers.checkworthy_claims.dates`. Four checks, each
reported with a span on both sides:

* ``weekday_mismatch``: a date written with its weekday that the calendar contradicts ("Tuesday,
  March 4, 2015" was a Wednesday). ``medium`` when the year is written, ``low`` when it is inferred
  from the publication date;
* ``relative_date_mismatch``: a relative date and a written date given as the same time
  ("last week, on March 3") that do not overlap once the relative one is resolved (one day of slack
  for time zones). ``low``: the publication date it rests on may be the page's error;
* ``stale_recent``: "recently", "in recent weeks" in a sentence whose written date (with a year) is
  two years or more before publication. ``low``;
* ``tense_vs_date``: a clause in the future tense ("will", "is scheduled to") about a written date
  (with its year) more than a week before publication. ``low``: a page's wrong date reads the same.
  (The reverse, the past tense about a later date, is not reported: on real pages it was an article
  updated after its stated date, or a list of references "Retrieved 2018-04-16".)
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from unspun.analyzers.checkworthy_claims import dates
from unspun.analyzers.checkworthy_claims.date_rules import WEEKDAY
from unspun.analyzers.consistency.names import Issue
from unspun.document import Document, Span

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LEAD_WEEKDAY = re.compile(rf"({WEEKDAY}),?\s+", re.I)
_JOIN = re.compile(r"[\s,(\u2014\u2013-]*(?:on\s+|in\s+)?$")
_RECENT = re.compile(r"\b(?:recently|lately|in\s+recent\s+(?:days|weeks|months))\b", re.I)
_SLACK = timedelta(days=1)


def timeline(doc: Document, pub: date | None) -> list[Issue]:
    text = doc.text
    out: list[Issue] = []
    for s in doc.sentences:
        exprs = dates.find(text, pub, s.start, s.end)
        for i, e in enumerate(exprs):
            out.extend(_weekday(text, e, pub))
            if pub is None:
                continue
            nxt = exprs[i + 1] if i + 1 < len(exprs) else None
            if (e.relative and e.first and nxt is not None and nxt.kind == "date" and nxt.first
                    and not re.search(r"\d", e.text) and re.search(r"\d", nxt.text)
                    and _JOIN.fullmatch(text[e.end : nxt.start]) and e.kind in ("date", "range")):
                assert e.last is not None
                if not (e.first - _SLACK <= nxt.first <= e.last + _SLACK):
                    out.append(Issue(
                        "relative_date_mismatch", "low", 0.5, (Span(e.start, e.end), Span(nxt.start, nxt.end)),
                        f"\"{e.text}\" (from the publication date {pub.isoformat()}: {e.value}) and \"{nxt.text}\" "
                        f"are given as the same time but do not match.",
                    ))
            if not e.relative and e.kind == "date" and e.first is not None:
                out.extend(_tense(text, e, s, pub))
        if pub is not None:
            out.extend(_stale(text, s, exprs, pub))
    return out


def _weekday(text: str, e: dates.TimeExpr, pub: date | None) -> list[Issue]:
    m = _LEAD_WEEKDAY.match(e.text)
    if m is None or e.kind != "date" or e.first is None:
        return []
    said = m.group(1).capitalize()
    real = _WEEKDAYS[e.first.weekday()]
    if said == real:
        return []
    written_year = not e.relative
    day = Span(e.start, e.start + len(m.group(1)))
    rest = Span(e.start + m.end(), e.end)
    return [Issue(
        "weekday_mismatch", "medium" if written_year else "low", 0.8 if written_year else 0.5, (day, rest),
        f"\"{said}\" and \"{text[rest.start:rest.end]}\" disagree: {e.first.isoformat()} was a {real}"
        + ("" if written_year else f" (the year taken from the publication date {pub})") + ".",
    )]


def _tense(text: str, e: dates.TimeExpr, s: Span, pub: date) -> list[Issue]:
    assert e.first is not None
    t = dates.tense_at(text, e.start, e.end, s.start, s.end)
    if not (e.first < pub - timedelta(days=7) and t == "future"):
        return []
    cue = _cue(text, s, e)
    if cue is None:
        return []
    return [Issue(
        "tense_vs_date", "low", 0.45, (cue, Span(e.start, e.end)),
        f"\"{text[cue.start:cue.end]}\" speaks of \"{e.text}\" as still to come, but that date is before the "
        f"publication date {pub.isoformat()}.",
    )]


_FUTURE_WORD = re.compile(r"\b(?:will|shall|is\s+(?:due|set|scheduled|slated)\s+to|are\s+(?:due|set|scheduled|slated)\s+to)\b", re.I)


def _cue(text: str, s: Span, e: dates.TimeExpr) -> Span | None:
    """The future word nearest before the date in its sentence ("will", "is scheduled to")."""
    hits = list(_FUTURE_WORD.finditer(text, s.start, e.start))
    return Span(hits[-1].start(), hits[-1].end()) if hits else None


def _stale(text: str, s: Span, exprs: list[dates.TimeExpr], pub: date) -> list[Issue]:
    m = _RECENT.search(text, s.start, s.end)
    if m is None:
        return []
    for e in exprs:
        # a dated event, not an era ("recently" said of "the 1880s" is a historian's finding, not stale news)
        era = e.first is not None and e.last is not None and (e.last - e.first).days > 366
        if not e.relative and not era and e.last is not None and e.last < pub - timedelta(days=730):
            return [Issue(
                "stale_recent", "low", 0.45, (Span(m.start(), m.end()), Span(e.start, e.end)),
                f"\"{m.group(0)}\" is said of \"{e.text}\", more than two years before the publication date "
                f"{pub.isoformat()}.",
            )]
    return []
