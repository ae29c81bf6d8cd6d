"""How much: the numbers of a claim sentence with their kind, unit and value.

:func:`find` reads spaCy's MONEY, PERCENT, QUANTITY and CARDINAL entities and a few patterns the
small model misses, each as a span of ``Document.text``:

* ``money``: a currency sign or word ("$390 billion", "1.2-billion-yuan"); "pounds" without a
  pound sign in the text, or "pounds of" a thing, is a weight (``measure``), not sterling;
* ``percent``: "15 percent", "99.9%", "six percent";
* ``measure``: a number with a unit ("530 hectares", "44 million metric tons", "5GiB");
* ``age``: "45-year-old", "Levi Pay, 45,", "50,000 years old";
* ``count``: a number with the noun it counts ("four nods": unit "nods").

``value`` is the number the digits or the number words give ("four" is 4.0, "twenty-five" 25.0).
Left out: numbers inside names and versions ("Rocket Pass 4", "GCC 8.3", "the 1.8 release",
"17-beta", "4K"), multipliers and fractions in words ("three times", "two-thirds"), a lone "one"
(mostly an article: "one drug"), citation markers ("[2]"), dates and durations (``when``).
"""

from __future__ import annotations

import re
from typing import Any

from unspun.text.numbers import words_value

_CURRENCY = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "dollar": "USD", "dollars": "USD",
             "pound": "GBP", "pounds": "GBP", "euro": "EUR", "euros": "EUR", "yen": "JPY", "yuan": "CNY",
             "rupees": "INR", "a$": "AUD", "c$": "CAD"}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12, "tn": 1e12}
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:[\s-]*(thousand|million|billion|trillion)\b|\s*(bn|mn|tn|[kmb])\b)?", re.I)
_SCALE_WORDS = r"(?:thousand|million|billion|trillion)"
_MONEY = re.compile(r"(?:US\$|A\$|C\$|[$£€¥])\s?\d[\d,]*(?:\.\d+)?(?:[\s-]?(?:thousand|million|billion|trillion|bn|mn|m|k)\b)?"
                    rf"|\b\d[\d,]*(?:\.\d+)?(?:[\s-]{_SCALE_WORDS})?[\s-](?:dollars|pounds|euros|yen|yuan|rupees)\b", re.I)
_PERCENT = re.compile(r"\b\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b|per\s+cent\b)", re.I)
#: "45-year-old" (also "45 year-old", "24-year-olds"), "Levi Pay, 45," (not ", 1,300 universities": no digit
#: after the comma), and the first age of a range ("15-24-year-olds", "18- to 24-year-olds": 15 and 24)
_AGE = re.compile(r"\b(\d{1,3})[\s-]year-olds?\b|,\s(\d{1,3}),(?!\d)|\b(\d[\d,]*)\s+years?\s+old\b"
                  r"|\b(\d{1,3})(?:[-–]|\s+to\s+|-\s*to\s+)(?=\d{1,3}[\s-]year-olds?\b)", re.I)
#: units of measure, lower case (a count whose noun is one of them is a measure: "some 530 hectares")
UNITS = frozenset("""hectare hectares acre acres mile miles kilometre kilometres kilometer kilometers km kms metre
    metres meter meters m cm mm foot feet ft inch inches yard yards ton tons tonne tonnes kilogram kilograms kg kgs
    gram grams g lb lbs ounce ounces oz litre litres liter liters gallon gallons barrel barrels degree degrees
    celsius fahrenheit watt watts kw mw gw kwh mwh gwh twh volt volts mph kph knots calorie calories gib mib kib tib
    gb mb kb tb gigabyte gigabytes megabyte megabytes terabyte terabytes fps hz khz mhz ghz bps kbps mbps gbps
    bit bits square cubic""".split())
#: a unit joined to its number by a hyphen ("32-bit signed integers", "a 10-mile walk")
_HYPHEN_UNIT = re.compile(r"\b(\d[\d,]*(?:\.\d+)?)-(bit|byte|mile|kilometre|kilometer|km|metre|meter|foot|inch|acre|"
                          r"hectare|ton|tonne|pound|gallon|litre|liter|degree|watt|volt|megapixel)\b", re.I)
#: a rate's base after its number ("119 per 100,000"): the base is no quantity of its own
_PER = re.compile(r"\s+per\s+(\d[\d,]*)(?![\d.])")
#: a number written against its unit ("5GiB", "50 MiB", "44 million metric tons", "3.5GHz")
_MEASURE = re.compile(rf"\b\d[\d,]*(?:\.\d+)?(?:\s?{_SCALE_WORDS})?\s?(?:metric\s+|short\s+|long\s+)?"
                      r"(?:[GMKT]iB|[GMKT]B|tons|tonnes|[GMk]?Hz|FPS|fps|kWh|MWh|GWh|TWh|[GMk]W|mph)\b")
#: what a number after a name or before these nouns is: a version, an edition, a model
_VERSION_NOUNS = frozenset("version versions release releases update updates edition editions beta alpha build "
                           "patch model series generation gen season episode chapter level tier pass".split())
_GREEK = re.compile(r"\d+-(?:alpha|beta|gamma|delta|kappa|omega)\b", re.I)


def number_value(text: str) -> float | None:
    """The number ``text`` gives, digits with their scale word ("$5.2 million" -> 5200000.0,
    "1.2-billion-yuan" -> 1.2e9) or number words ("four" -> 4.0)."""
    m = _NUMBER.search(text)
    if not m:
        words = re.sub(r"^(?:about|around|some|nearly|almost|over|more\s+than|less\s+than|fewer\s+than|at\s+least|"
                       r"up\s+to|approximately|roughly|just|only|a\s+leading|the)\s+", "", text.strip(), flags=re.I)
        return words_value(words)
    read = _digits(m)
    return None if read is None else read[0] * read[1]


def _digits(m: re.Match[str]) -> tuple[float, float] | None:
    """(the digits' value, its scale word's factor, 1.0 without one) of a :data:`_NUMBER` match."""
    try:
        v = float(m.group(1).replace(",", ""))
    except ValueError:
        return None
    return v, _SCALE.get((m.group(2) or m.group(3) or "").lower(), 1.0)


#: what joins the two numbers of one quantity "X to Y" ("43 to 66", "$350 to $600", "5-10%", "between 5 and 10")
_TO = re.compile(r"\s*(?:to|-|–|—|and)\s*(?:US\$|[$£€¥])?\s*", re.I)


def two_values(text: str) -> tuple[float, float] | None:
    """Both numbers of a quantity written as two ("43 to 66", "approximately $350 to $600", "2 to 3 million",
    whose scale word serves both): a range, or where a change went from and to; None for one number or three,
    or a descending pair joined by a dash (a score)."""
    nums = list(_NUMBER.finditer(text))
    if len(nums) != 2 or not _TO.fullmatch(text, nums[0].end(), nums[1].start()):
        return None
    first, second = _digits(nums[0]), _digits(nums[1])
    if first is None or second is None:
        return None
    a, b = first[0] * (first[1] if first[1] != 1.0 else second[1]), second[0] * second[1]
    if b <= a and "-" in text[nums[0].end() : nums[1].start()]:
        return None  # "won 3-1": a score, not a range (a range written with a dash ascends)
    return a, b


def _span(start: int, end: int, text: str) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _weight(text: str, end: int) -> bool:
    """Whether "pounds" ending at ``end`` weighs: "pounds of fish", or a text that writes no £ sign."""
    return bool(re.match(r"\s+of\s+(?!sterling)[a-z]", text[end : end + 30])) or "£" not in text


def _unit(ent: Any, label: str) -> str | None:
    """The unit of a quantity entity: a currency, "percent", a measure word, or the counted noun."""
    words = [t.text.lower() for t in ent]
    if label == "MONEY":
        for w in words:
            if w in _CURRENCY:
                return _CURRENCY[w]
            for sym in ("us$", "a$", "c$", "$", "£", "€", "¥"):
                if w.startswith(sym):
                    return _CURRENCY[sym]
        return "money"
    if label == "PERCENT":
        return "percent"
    if label == "QUANTITY":
        last = [t for t in ent if t.text.lower() in UNITS]
        if last:
            return str(last[-1].text).lower()
    head = ent.root.head if ent.root.dep_ in ("nummod", "quantmod", "compound") else None
    if head is not None and head.tag_.startswith("NN") and head.i >= ent.end:
        return str(head.text).lower()
    return None


def _in_name(ent: Any, text: str, a: int, b: int) -> bool:
    """Whether a CARDINAL is part of a name or a version rather than a quantity."""
    root = ent.root
    head = root.head
    if "[" in ent.text or (a > 0 and text[a - 1] == "["):
        return True  # a citation marker "[2]"
    if "," in ent.text:
        return False  # thousands are counted, versions are not written so
    if root.dep_ in ("nummod", "appos", "compound", "npadvmod") and head.tag_ in ("NNP", "NNPS") and head.i < root.i:
        return True  # "Rocket Pass 4", "Windows 10"
    if head.text.lower() in _VERSION_NOUNS and head.i != root.i:
        return True  # "the 1.8 release", "version 2"
    if root.i > 0 and root.nbor(-1).text.lower() in _VERSION_NOUNS:
        return True
    t = ent.text
    written_on = b < len(text) and text[b].isupper()  # "4K", "5G", "3D"
    return bool(re.search(r"\d\.\d+\.\d", t) or re.fullmatch(r"\d{1,2}[A-Z]", t) or written_on or _GREEK.match(text, a))


def _skip_words(ent: Any, sent: Any) -> bool:
    """A number word that is not a quantity: a lone "one", a fraction, a multiplier ("three times")."""
    t = ent.text.lower()
    if re.search(r"\d", t):
        return False
    if re.fullmatch(r"(?:the\s+)?one", t) or re.search(r"(?:half|halves|third|thirds|quarters?|fifths?)$", t):
        return True
    return ent.end < len(sent) and sent[ent.end].text.lower() in ("times", "fold")


def _word_in_name(ent: Any, sent: Any) -> bool:
    """A capitalised number word, not opening the sentence, inside a name ("Ninety Mile Beach", "the Twenty
    Club"): the parser's entity goes on with a capitalised word that is no number, or a proper noun follows."""
    first = ent[0]
    if re.search(r"\d", ent.text) or not first.text[:1].isupper() or first.i == first.sent.start:
        return False
    rest = [t for t in ent[1:] if t.text[:1].isupper() and words_value(t.text) is None]
    return bool(rest) or (ent.end < len(sent) and sent[ent.end].tag_ in ("NNP", "NNPS"))


def find(text: str, base: int, end: int, parsed: Any, time_spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """The quantities of the sentence ``text[base:end]`` whose spaCy parse is ``parsed``."""
    out: list[dict[str, Any]] = []
    labels = {"MONEY": "money", "PERCENT": "percent", "QUANTITY": "measure", "CARDINAL": "count"}
    for ent in parsed.ents:
        a, b = base + ent.start_char, base + ent.end_char
        while b > a + 1 and text[b - 1] in ".,;:":
            b -= 1  # "300MiB." at a sentence's end
        if ent.label_ not in labels or any(s < b and a < e for s, e in time_spans) or "/" in ent.text:
            continue  # a date, or a date-like "9/11"
        if _word_in_name(ent, parsed):
            continue
        if ent.label_ == "CARDINAL" and (_in_name(ent, text, a, b) or _skip_words(ent, parsed)):
            continue
        if a > 0 and text[a - 1] in "’'" and re.fullmatch(r"\d\d", ent.text):
            continue  # "in ’91": a year
        if re.search(r"\bper\s+$", text[max(base, a - 8) : a]):
            continue  # the base of a rate, read with its number below
        kind, unit = labels[ent.label_], _unit(ent, ent.label_)
        if kind == "measure" and (unit is None or unit not in UNITS):
            kind = "count"  # "around 4.5 million bottles": the model's QUANTITY without a unit
        if kind == "count" and unit in UNITS:
            kind = "measure"  # "some 530 hectares"
        if kind == "money" and unit == "GBP" and "£" not in ent.text and _weight(text, b):
            kind, unit = "measure", "pounds"
        q = {**_span(a, b, text), "kind": kind, "unit": unit, "value": number_value(text[a:b])}
        if q["unit"] is None and (q["value"] is None or not re.search(r"\d", q["text"])):
            continue  # no number to read, or a number word standing for a noun ("the three", "seven are")
        pair = two_values(text[a:b])
        if pair is not None:
            q["value"], q["to"] = pair
        out.append(q)
    for rx, kind in ((_MONEY, "money"), (_PERCENT, "percent"), (_MEASURE, "measure")):
        for m in rx.finditer(text, base, end):
            a, b = m.start(), m.end()
            if any(s < b and a < e for s, e in time_spans) and kind == "measure":
                continue
            w = m.group(0).lower()
            unit = "percent" if kind == "percent" else w.split()[-1] if kind == "measure" else next(
                (c for k, c in _CURRENCY.items() if (w.startswith(k) if not k.isalpha() else k in re.split(r"[\s-]", w))), "money")
            k = kind
            if kind == "money" and re.search(r"pounds?$", w) and _weight(text, b):
                k, unit = "measure", "pounds"
            if kind == "measure":
                unit = re.sub(r"^[\d,.\s]+", "", w).split()[-1]
            out = [q for q in out if not (q["start"] < b and a < q["end"] and q["end"] - q["start"] <= b - a)]
            if not any(q["start"] < b and a < q["end"] for q in out):
                out.append({**_span(a, b, text), "kind": k, "unit": unit, "value": number_value(m.group(0))})
    for m in _HYPHEN_UNIT.finditer(text, base, end):
        out = [q for q in out if not (m.start() <= q["start"] < m.end())]
        out.append({**_span(m.start(), m.end(), text), "kind": "measure", "unit": m.group(2).lower(),
                    "value": number_value(m.group(1))})
    for q in out:
        per = _PER.match(text, q["end"])
        if per is not None and q["kind"] == "count":
            q.update(kind="measure", unit=f"per {per.group(1)}", end=per.end(), text=text[q["start"] : per.end()])
    for m in _AGE.finditer(text, base, end):
        g = next(i for i in (1, 2, 3, 4) if m.group(i))
        a, b = (m.start(), m.end()) if g == 3 else (m.start(g), m.end(g))
        value = float(m.group(g).replace(",", ""))
        inside = [q for q in out if q["start"] <= m.start(g) < q["end"]]
        if inside:
            for q in inside:
                q.update(kind="age", unit="years", value=value)
        else:
            out.append({**_span(a, b, text), "kind": "age", "unit": "years", "value": value})
    return sorted(out, key=lambda q: q["start"])
