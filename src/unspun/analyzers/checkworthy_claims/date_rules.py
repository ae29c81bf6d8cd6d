"""The rules behind :mod:`.dates`: one regular expression and one resolver per kind of time expression.

Each resolver takes the match, the publication date (None when unknown) and the tense of the clause
around the expression, and returns what the expression denotes (see :data:`Resolved`), or None when
the match is not a time expression after all ("Black Friday", "NBC's Today show").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

Kind = Literal["date", "range", "vague", "unresolved"]
Tense = Literal["past", "future", "unknown"]
Direction = Literal["past", "future"]


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
            "half a": 0.5, "half an": 0.5}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
#: capitalised words before a weekday that make it a named day, not a date ("Black Friday")
_NAMED_DAYS = frozenset("black good super cyber ash easter holy maundy giving fat palm blue small".split())

#: newspapers named "X on Sunday"
_ON_DAY_TITLES = frozenset("Mail Independent Scotland Wales Sport".split())

MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
         r"|Sep(?:t(?:ember)?)?\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:\d{1,2}|half\s+an?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_FEW = r"(?:a\s+few|few|several|a\s+couple\s+of|a\s+couple|some)"
_UNIT = r"(?:day|week|month|year)s?"
_ORD = r"(?:st|nd|rd|th)?"

# -- calendar arithmetic -----------------------------------------------------------------------

def _month_range(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _week(d: date) -> tuple[date, date]:
    mon = d - timedelta(days=d.weekday())
    return mon, mon + timedelta(days=6)


def _season(y: int, name: str) -> tuple[date, date]:
    a, b = _SEASONS[name]
    if a > b:  # winter of year y: December y to February y+1
        return date(y, 12, 1), _month_range(y + 1, b)[1]
    return date(y, a, 1), _month_range(y, b)[1]


def _pick(candidates: list[tuple[date, date]], pub: date, tense: Tense) -> tuple[date, date]:
    """Of dated candidates (in order), the latest starting on or before ``pub`` (past), the earliest
    ending on or after it (future), else the one nearest to it."""
    if tense == "past":
        past = [c for c in candidates if c[0] <= pub]
        if past:
            return past[-1]
    if tense == "future":
        fut = [c for c in candidates if c[1] >= pub]
        if fut:
            return fut[0]
    return min(candidates, key=lambda c: 0 if c[0] <= pub <= c[1] else min(abs((c[0] - pub).days), abs((c[1] - pub).days)))


def _iso(a: date, b: date | None = None) -> str:
    return a.isoformat() if b is None or a == b else f"{a.isoformat()}/{b.isoformat()}"


def month_number(word: str) -> int:
    w = word.lower().rstrip(".")
    return next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith(w[:3]))


def _number(word: str) -> float:
    w = " ".join(word.lower().split())
    return int(w) if w.isdigit() else _NUMBERS[w]


# -- the rules ---------------------------------------------------------------------------------

Resolved = tuple[Kind, str | None, bool, Direction | None, bool]  # kind, value, relative, direction, approximate
Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date | None, Tense], Resolved | None]]


def _rel(value: tuple[date, date] | date | None, pub: date | None, approx: bool = False) -> Resolved:
    if pub is None or value is None:
        return ("unresolved", None, True, None, False)
    if isinstance(value, date):
        return ("date", _iso(value), True, None, approx)
    return ("range" if value[0] != value[1] else "date", _iso(*value), True, None, approx)


def _full_date(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    g = m.groupdict()
    day, year = int(g["d1"] or g["d2"]), g["y1"] or g["y2"]
    mon = month_number(g["m1"] or g["m2"])
    if not 1 <= day <= calendar.monthrange(int(year) if year else 2000, mon)[1]:
        return None
    if year:
        return ("date", date(int(year), mon, day).isoformat(), False, None, False)
    if pub is None:
        return _rel(None, None)
    cands = [(d, d) for y in (pub.year - 1, pub.year, pub.year + 1)
             if (d := date(y, mon, min(day, calendar.monthrange(y, mon)[1])))]
    return _rel(_pick(cands, pub, t)[0], pub)


def _iso_date(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    try:
        return ("date", date.fromisoformat(m.group(0)).isoformat(), False, None, False)
    except ValueError:
        return None


def _month_year(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    return ("range", _iso(*_month_range(int(m.group("y")), month_number(m.group("m")))), False, None, False)


def _month_alone(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    mon, which = month_number(m.group("m")), " ".join((m.group("which") or "").lower().split())
    if pub is None:
        return _rel(None, None)
    cands = [_month_range(y, mon) for y in (pub.year - 1, pub.year, pub.year + 1)]
    if which == "last":  # AP style: "in October" is this year's, "last October" the year before's
        return _rel(cands[0], pub)
    if which == "this past":
        return _rel([c for c in cands if c[0] < date(pub.year, pub.month, 1)][-1], pub)
    if which == "next":
        return _rel([c for c in cands if c[0] > pub][0], pub)
    if which == "this":
        return _rel(cands[1], pub)
    return _rel(_pick(cands, pub, t), pub)


def _year(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    y = int(m.group("y"))
    return ("range", _iso(date(y, 1, 1), date(y, 12, 31)), False, None, False) if 1800 <= y <= 2100 else None


#: the part of a decade or century "early", "mid" and "late" name: (first, last) tenths
_PARTS = {"early": (0, 3), "mid": (4, 6), "middle": (4, 6), "late": (7, 9)}
_ORDINAL_WORDS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=1)} | {"twenty-first": 21}


def _era(first_year: int, span: int, part: str | None) -> Resolved:
    """A decade (``span`` 10) or century (100) from ``first_year``, or its early, mid or late part."""
    lo, hi = first_year, first_year + span - 1
    if part:
        a, b = _PARTS[part.lower()]
        lo, hi = first_year + a * span // 10, first_year + (b + 1) * span // 10 - 1
    return ("range", _iso(date(lo, 1, 1), date(hi, 12, 31)), False, None, bool(part))


def _decade(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    """"the 1880s", "the early 1960s"; "the 1800s" is the century (but "the 2000s" the decade); "the '90s",
    a two-digit decade, is the latest one over before the publication year (unresolved without it)."""
    y = m.group("y") or m.group("y2")
    if len(y) == 4:
        year = int(y)
        return _era(year, 100 if year % 100 == 0 and year < 2000 else 10, m.group("part"))
    if pub is None:
        return _rel(None, None)
    start = pub.year // 100 * 100 + int(y)
    return _era(start - 100 if start + 9 >= pub.year else start, 10, m.group("part"))


def _century(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    """"the 20th century", "the early nineteenth century": the 1900s, as most writers mean it (years
    1900-1999, not the astronomers' 1901-2000)."""
    n = m.group("n").lower()
    k = int(n[:-2]) if n[:1].isdigit() else _ORDINAL_WORDS[n]
    return _era((k - 1) * 100, 100, m.group("part")) if 1 <= k <= 21 else None


def _weekday(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    before = m.string[max(0, m.start() - 16) : m.start()].split()
    if before and before[-1].lower() in _NAMED_DAYS and before[-1][:1].isupper():
        return None
    if len(before) >= 2 and before[-1] == "on" and before[-2] in _ON_DAY_TITLES and not m.group("which"):
        return None  # a newspaper's name: "the Mail on Sunday"
    if pub is None:
        return _rel(None, None)
    wd, which = WEEKDAYS.index(m.group("wd").lower()), (m.group("which") or "").lower()
    back = (pub.weekday() - wd) % 7  # days back to the nearest such day on or before pub
    ahead = (wd - pub.weekday()) % 7
    if which in ("last", "past"):
        return _rel(pub - timedelta(days=back or 7), pub)
    if which == "next":
        return _rel(pub + timedelta(days=ahead or 7), pub)
    if which == "this" and t != "future" and back == 0:
        return _rel(pub, pub)
    return _rel(pub + timedelta(days=ahead) if t == "future" else pub - timedelta(days=back), pub)


_DAY_WORDS = {"day before yesterday": -2, "yesterday": -1, "last night": -1, "today": 0, "tonight": 0,
              "this morning": 0, "this afternoon": 0, "this evening": 0, "earlier today": 0,
              "later today": 0, "tomorrow": 1, "day after tomorrow": 2}


def _day_word(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    k = " ".join(m.group("w").lower().split())
    w = m.group("w")
    if w[:1].isupper() and k in ("today", "tomorrow", "yesterday") and re.search(r"[\w,’'][ \t]+$", m.string[:m.start("w")]):
        return None  # capitalised mid-sentence: a title ("NBC's Today show", "The World of Tomorrow")
    return _rel(pub + timedelta(days=_DAY_WORDS[k]) if pub else None, pub)


def _period(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    which, unit = " ".join(m.group("which").lower().split()), m.group("unit").lower()
    if pub is None:
        return _rel(None, None)
    step = {"last": -1, "previous": -1, "this": 0, "this past": -1, "next": 1, "coming": 1,
            "earlier this": 0, "later this": 0}[which]
    if unit == "weekend":
        mon = pub - timedelta(days=pub.weekday())
        sat = mon + timedelta(days=5)  # this week's Saturday
        if step < 0:
            sat -= timedelta(days=7)
        elif step > 0 and pub.weekday() >= 5:
            sat += timedelta(days=7)
        return _rel((sat, sat + timedelta(days=1)), pub)
    if unit in _SEASONS:
        cands = [_season(y, unit) for y in (pub.year - 2, pub.year - 1, pub.year, pub.year + 1)]
        if step < 0:
            return _rel([c for c in cands if c[1] < pub][-1], pub)
        if step > 0:
            return _rel([c for c in cands if c[0] > pub][0], pub)
        return _rel(_pick(cands, pub, t), pub)
    if unit == "week":
        a, b = _week(pub + timedelta(weeks=step))
    elif unit == "month":
        a, b = _month_range(*_add_months(pub.year, pub.month, step))
    else:
        a, b = date(pub.year + step, 1, 1), date(pub.year + step, 12, 31)
    if which == "earlier this":
        b = max(a, pub - timedelta(days=1))
    elif which == "later this":
        a = min(b, pub + timedelta(days=1))
    return _rel((a, b), pub)


def _past_n(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    n, unit = round(_number(m.group("n") or m.group("n2") or "one")), m.group("unit").lower().rstrip("s")
    if pub is None:
        return _rel(None, None)
    days = {"day": 1, "week": 7}.get(unit)
    if days is not None:
        return _rel((pub - timedelta(days=n * days), pub), pub)
    if unit == "month":
        y, mo = _add_months(pub.year, pub.month, -n)
        return _rel((date(y, mo, min(pub.day, calendar.monthrange(y, mo)[1])), pub), pub)
    y = pub.year - n
    return _rel((date(y, pub.month, min(pub.day, calendar.monthrange(y, pub.month)[1])), pub), pub)


def _ago(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    n, unit = _number(m.group("n")), m.group("unit").lower().rstrip("s")
    sign = -1 if m.group("dir").lower() == "ago" else 1
    if pub is None:
        return _rel(None, None)
    if unit in ("day", "week"):
        days = round(sign * n * (7 if unit == "week" else 1))
        return _rel(pub + timedelta(days=days), pub, approx=unit == "week")
    months = n * {"month": 1, "year": 12, "decade": 120, "century": 1200, "centurie": 1200}[unit]
    if unit == "month" or months % 12:  # "18 months ago", "half a year ago": a month
        return _rel(_month_range(*_add_months(pub.year, pub.month, round(sign * months))), pub, approx=unit != "month")
    y = pub.year + sign * round(months / 12)
    return _rel((date(y, 1, 1), date(y, 12, 31)), pub, approx=unit != "year")


def _vague(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    w = m.group(0).lower()
    ahead = any(k in w for k in ("coming", "near future", "from now", "next few"))
    if not ahead and any(k in w for k in ("soon", "shortly")):  # "will soon", but "soon found": soon after
        ahead = t == "future"
    return ("vague", None, True, "future" if ahead else "past", False)


_P = re.compile
RULES: list[Rule] = [
    (_P(r"\b\d{4}-\d{2}-\d{2}\b"), _iso_date),
    (_P(rf"\b(?:{WEEKDAY},?\s+)?(?:(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}}){_ORD}(?:,?\s+(?P<y1>\d{{4}}))?"
        rf"|(?:the\s+)?(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m2>{MONTH})(?:,?\s+(?P<y2>\d{{4}}))?)(?![\d:])"), _full_date),
    (_P(rf"\b(?P<m>{MONTH}),?\s+(?:of\s+)?(?P<y>\d{{4}})\b"), _month_year),
    # each of the next two opens on a cheap look-ahead at the first character a match can have, so the
    # alternation of look-behinds is tried there only (the same matches; a third of the resolver's time before)
    (_P(rf"(?=[JFMASONDLlNnTt])(?:(?<=\b[Ii]n\s)|(?<=\b[Ss]ince\s)|(?<=\b[Bb]y\s)|(?<=\b[Uu]ntil\s)|(?<=\b[Ff]rom\s)|(?<=\b[Dd]uring\s)"
        rf"|(?<=\b[Bb]efore\s)|(?<=\b[Aa]fter\s)|(?<=\b[Ee]arly\s)|(?<=\b[Ll]ate\s)|(?<=\b[Mm]id-)|(?<=\b[Oo]f\s)"
        rf"|(?<=\b[Tt]ill\s)|(?<=\b[Tt]hrough\s)|(?<=\b[Tt]hroughout\s)|(?<=\b[Ee]nd\sof\s)|\b(?P<which>[Ll]ast|[Nn]ext|[Tt]his\s+past|[Tt]his)\s+)"
        rf"(?P<m>{MONTH})\b(?!\s+\d)"), _month_alone),
    # a month as the subject of a sentence ("November marked the start of the season"); not the months that are
    # also names or words ("May", "March", "June", "April", "August")
    (_P(r"(?:^|(?<=[.!?\n]\s)|(?<=[.!?][”\"]\s)|(?<=\n))(?P<which>)(?P<m>January|February|September|October|November|December)"
        r"(?=\s+(?:was|is|has|had|marked|saw|brought|began|ended|became|will|proved|set|opened|closed)\b)", re.M), _month_alone),
    (_P(r"(?=[12])(?:(?<=\b[Ii]n\s)|(?<=\b[Ss]ince\s)|(?<=\b[Uu]ntil\s)|(?<=\b[Dd]uring\s)|(?<=\b[Bb]efore\s)|(?<=\b[Bb]y\s)|(?<=\b[Ff]rom\s)"
        r"|(?<=\b[Aa]fter\s)|(?<=\b[Ee]arly\s)|(?<=\b[Ll]ate\s)|(?<=\b[Mm]id-)|(?<=\b[Tt]hrough\s))(?P<y>1[89]\d\d|20\d\d)\b(?!s|-)"), _year),
    (_P(rf"\b(?:(?P<which>last|next|this|past)\s+)?(?P<wd>{WEEKDAY})(?!s\b|\s+(?:\d|{MONTH}))\b", re.I), _weekday),
    (_P(r"\b(?:the\s+)?(?P<w>day\s+before\s+yesterday|day\s+after\s+tomorrow|yesterday|last\s+night|(?:earlier\s+|later\s+)?today"
        r"|tonight|this\s+(?:morning|afternoon|evening)|tomorrow)\b", re.I), _day_word),
    (_P(r"(?<!\bthe\s)\b(?P<which>earlier\s+this|later\s+this|this\s+past|last|previous|this|next|coming)\s+"
        r"(?P<unit>week|month|year|weekend|spring|summer|autumn|fall|winter)\b", re.I), _period),
    (_P(r"\b(?:over|at)\s+the\s+(?P<which>)(?P<unit>weekend)\b", re.I), lambda m, p, t: _period_weekend(m, p, t)),
    (_P(rf"\b(?:(?:in|over|during|for|within)\s+the\s+(?:past|last)\s+(?P<n>{_NUM}\s+)?"
        rf"|the\s+(?:past|last)\s+(?=\d|two|three|four|five|six|seven|eight|nine|ten|twelve)(?P<n2>{_NUM})\s+)(?P<unit>{_UNIT})\b", re.I), _past_n),
    (_P(rf"\b(?P<n>{_NUM})\s+(?P<unit>{_UNIT}|decades?|century|centuries)\s+(?P<dir>ago|from\s+now)\b", re.I), _ago),
    # eras: after "the" ("in the 1880s", not "1980s music"); a hyphen after makes an adjective ("a 1960s-era car",
    # "a 19th-century house"), a capital a name ("20th Century Fox"); "her 40s" (an age) has no "the"
    (_P(r"\b[Tt]he\s+(?:(?P<part>[Ee]arly|[Mm]id|[Mm]iddle|[Ll]ate)[\s-]+)?(?:(?P<y>1[0-9]\d0|20\d0)s|['\u2019](?P<y2>\d0)s)\b(?!-)"),
     _decade),
    (_P(r"\b[Tt]he\s+(?:(?P<part>[Ee]arly|[Mm]id|[Mm]iddle|[Ll]ate)[\s-]+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|"
        + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True)) + r")\s+century\b(?!-)"), _century),
    (_P(rf"\b(?:recently|lately|soon|shortly(?!\s+(?:after|before))|in\s+the\s+near\s+future"
        rf"|in\s+(?:recent|the\s+coming|the\s+next\s+few|the\s+past\s+few|the\s+last\s+few)\s+{_UNIT}"
        rf"|over\s+the\s+(?:past|last|next|coming)\s+few\s+{_UNIT}|{_FEW}\s+{_UNIT}\s+(?:ago|from\s+now)"
        rf"|the\s+other\s+day)\b(?!\s+as\b)", re.I), _vague),
]


def _period_weekend(m: re.Match[str], pub: date | None, t: Tense) -> Resolved | None:
    """"over the weekend": the weekend just gone (future clause: the coming one)."""
    if pub is None:
        return _rel(None, None)
    if t == "future":
        sat = pub + timedelta(days=(5 - pub.weekday()) % 7)
    else:
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7)
    return _rel((sat, sat + timedelta(days=1)), pub)

#: Every match of every rule above holds one of these (a digit, a month's first three letters, a weekday's
#: "day", a unit, a vague word), case aside: a stretch of text without any holds no time expression, and
#: :func:`unspun.analyzers.checkworthy_claims.dates.find` skips it without trying the rules. A new rule
#: must keep this true (``tests/test_dates.py`` runs both ways over real text).
TRIGGERS = re.compile(
    r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|night|morning|noon|evening|tomorrow|week|month"
    r"|year|spring|summer|autumn|fall|winter|decade|centur|recent|lately|soon|shortly|future",
    re.IGNORECASE,
)
