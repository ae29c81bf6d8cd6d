"""Figures in text: a value, its unit and where it is written ("40 percent", "$1.2bn", "seven out of 28")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from unspun.analyzers.headline_support.words import STOP, key

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


def about_equal(a: float, b: float) -> bool:
    """Equal up to rounding: 40 vs 39.6, 1.2 million vs 1,185,000."""
    if a == b:
        return True
    hi = max(abs(a), abs(b))
    return hi > 0 and abs(a - b) / hi <= 0.05


_BARE_NUM = re.compile(r"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{})\b".format("|".join(_NUMWORDS)), re.IGNORECASE)


def gives_value(text: str, value: float) -> bool:
    """Whether ``text`` writes the number ``value`` anywhere (digits or a number word, any unit)."""
    for m in _BARE_NUM.finditer(text):
        raw = m.group(0).lower()
        v = float(_NUMWORDS[raw]) if raw in _NUMWORDS else float(raw.replace(",", ""))
        if v == value or any(about_equal(v * sc, value) for sc in (1.0, 1e3, 1e6, 1e9)):
            return True
    return False
