"""Reading earlier fact-checks: schema.org ClaimReview records (JSON, JSON-LD, JSON Lines) and CheckThat! TSV.

:func:`read_claimreview` and :func:`read_checkthat` turn a file into :class:`FactCheck` records and
:class:`Problem` s (a record that cannot be used, with its line); :mod:`unspun.archive.factchecks`
writes them into the archive. Fields read (https://schema.org/ClaimReview):

- ``claimReviewed`` (required: the claim's words), ``name`` or ``headline`` (the review's title);
- ``reviewRating``: ``alternateName`` (the verdict in words), ``ratingValue``, ``bestRating``, ``worstRating``;
- ``url`` (the review), ``author`` (``name``, ``url``; a string, an object or a list: the first),
  ``datePublished``, ``inLanguage``;
- ``itemReviewed`` (the claim as made): ``author`` (the claimant: ``name``), ``datePublished``,
  ``appearance`` / ``firstAppearance`` (``url``; one or several).

A file may hold one object, a list of them, JSON-LD (``@graph``, or a ClaimReview nested in another
object, e.g. a ``WebPage``'s ``mainEntity``), or one object per line (JSON Lines). Objects of other
types in JSON-LD (the site's ``Organization``) are not records and are passed over silently.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: the most problems kept (and shown) for one file; the count goes on
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class FactCheck:
    """One earlier fact-check, as the archive's ``fact_checks`` row holds it."""

    claim: str
    line: int
    record: dict[str, Any]
    title: str | None = None
    rating_label: str | None = None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    url: str | None = None
    publisher: str | None = None
    publisher_url: str | None = None
    date_published: str | None = None
    claimant: str | None = None
    claim_date: str | None = None
    appearances: tuple[str, ...] = ()
    language: str | None = None
    ext_id: str | None = None


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass
class Parsed:
    """What a file held: the usable records and the problems, in file order."""

    format: str
    records: list[FactCheck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class BadRecord(ValueError):
    """A record that cannot be imported; its message says why."""


def norm_claim(text: str) -> str:
    """A claim's text for comparing: lower case, words only (the key of a merge)."""
    return " ".join(re.findall(r"\w+", text.lower()))


# -- ClaimReview ----------------------------------------------------------------------------------

def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {str(x).rsplit("/", 1)[-1] for x in items if isinstance(x, str)}


def _reviews(obj: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The ClaimReview objects in a JSON value: itself, its ``@graph``, or nested (not inside another review)."""
    if depth > 8:
        return
    if isinstance(obj, list):
        for x in obj:
            yield from _reviews(x, depth + 1)
    elif isinstance(obj, dict):
        if "ClaimReview" in _types(obj) or ("claimReviewed" in obj and "@type" not in obj):
            yield obj
            return
        for v in obj.values():
            if isinstance(v, dict | list):
                yield from _reviews(v, depth + 1)


def _text(v: Any, where: str) -> str | None:
    if v is None:
        return None
    if isinstance(v, str):
        return " ".join(v.split()) or None
    if isinstance(v, int | float) and not isinstance(v, bool):
        return str(v)
    raise BadRecord(f"{where} should be text, got {type(v).__name__}")


def _number(v: Any, where: str) -> float | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        raise BadRecord(f"{where} should be a number, got true/false")
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v.strip())
        except ValueError:
            return None  # "False" in ratingValue: the verdict is in alternateName; the number is unknown
    raise BadRecord(f"{where} should be a number, got {type(v).__name__}")


def _first(v: Any) -> Any:
    return v[0] if isinstance(v, list) and v else (None if isinstance(v, list) else v)


def _party(v: Any, where: str) -> tuple[str | None, str | None]:
    """(name, url) of an author: an object with ``name``/``url``, a plain name, or a list (its first)."""
    v = _first(v)
    if v is None:
        return None, None
    if isinstance(v, str):
        return _text(v, where), None
    if isinstance(v, dict):
        return _text(v.get("name"), f"{where}.name"), _text(v.get("url"), f"{where}.url")
    raise BadRecord(f"{where} should be an object with a name, got {type(v).__name__}")


def _urls(v: Any, where: str) -> list[str]:
    out: list[str] = []
    for x in v if isinstance(v, list) else [v]:
        if x is None:
            continue
        u = _text(x, where) if not isinstance(x, dict) else _text(x.get("url") or x.get("@id"), f"{where}.url")
        if u:
            out.append(u)
    return out


def from_object(obj: dict[str, Any], line: int) -> FactCheck:
    """A :class:`FactCheck` from one ClaimReview object; :class:`BadRecord` when it cannot be one."""
    raw = obj.get("claimReviewed")
    if raw is not None and not isinstance(raw, str):
        raise BadRecord(f"claimReviewed should be text, got {type(raw).__name__}")
    claim = _text(raw, "claimReviewed")
    if not claim:
        raise BadRecord("no claimReviewed: a ClaimReview needs the claim's words")
    rating = _first(obj.get("reviewRating"))
    if rating is not None and not isinstance(rating, dict):
        raise BadRecord(f"reviewRating should be an object (alternateName, ratingValue), got {type(rating).__name__}")
    rating = rating or {}
    item = _first(obj.get("itemReviewed"))
    if item is not None and not isinstance(item, dict):
        raise BadRecord(f"itemReviewed should be an object, got {type(item).__name__}")
    item = item or {}
    publisher, publisher_url = _party(obj.get("author") or obj.get("publisher"), "author")
    claimant, _ = _party(item.get("author"), "itemReviewed.author")
    fc = FactCheck(
        claim=claim, line=line, record=obj,
        title=_text(obj.get("name") or obj.get("headline"), "name"),
        rating_label=_text(rating.get("alternateName"), "reviewRating.alternateName"),
        rating_value=_number(rating.get("ratingValue"), "reviewRating.ratingValue"),
        best_rating=_number(rating.get("bestRating"), "reviewRating.bestRating"),
        worst_rating=_number(rating.get("worstRating"), "reviewRating.worstRating"),
        url=_text(obj.get("url"), "url"),
        publisher=publisher, publisher_url=publisher_url,
        date_published=_text(obj.get("datePublished"), "datePublished"),
        claimant=claimant,
        claim_date=_text(item.get("datePublished"), "itemReviewed.datePublished"),
        appearances=tuple(dict.fromkeys(_urls(item.get("appearance"), "itemReviewed.appearance")
                                        + _urls(item.get("firstAppearance"), "itemReviewed.firstAppearance"))),
        language=_text(_first(obj.get("inLanguage")), "inLanguage") if not isinstance(_first(obj.get("inLanguage")), dict)
        else _text(_first(obj.get("inLanguage")).get("name"), "inLanguage.name"),
    )
    if not fc.url and not fc.rating_label and fc.rating_value is None:
        raise BadRecord("neither a url nor a reviewRating: there is nothing to show a reader")
    return fc


def _json_values(text: str) -> Iterator[tuple[int, Any]]:
    """The top-level values of a JSON file with their first line: a list's items one by one, else the value.
    A syntax error raises :class:`BadRecord` after the values before it were given."""
    dec = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    if not text.startswith("[", pos):
        try:
            yield text.count("\n", 0, pos) + 1, json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadRecord(f"not valid JSON at line {exc.lineno}: {exc.msg}") from None
        return
    pos += 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            raise BadRecord(f"the list opened on line 1 is not closed (no ']' by line {text.count(chr(10)) + 1})")
        if text[pos] == "]":
            return
        line = text.count("\n", 0, pos) + 1
        try:
            value, pos = dec.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise BadRecord(f"not valid JSON at line {exc.lineno}: {exc.msg}; the rest of the file could not be "
                            "read (the records before it are kept)") from None
        yield line, value


def _from_value(value: Any, line: int, out: Parsed) -> None:
    if not isinstance(value, dict | list):
        out.problems.append(Problem(line, f"expected a ClaimReview object, got {type(value).__name__}"))
        return
    found = list(_reviews(value))
    if not found:
        out.problems.append(Problem(line, "no ClaimReview in this record (no claimReviewed, no @type ClaimReview)"))
    for obj in found:
        try:
            out.records.append(from_object(obj, line))
        except BadRecord as exc:
            out.problems.append(Problem(line, str(exc)))


def _is_json_lines(text: str) -> bool:
    """Several JSON values, one a line: the first non-blank line is a whole JSON value and more follow."""
    lines = [x for x in text.splitlines() if x.strip()]
    if len(lines) < 2:
        return False
    try:
        json.loads(lines[0])
    except json.JSONDecodeError:
        return False
    return True


def parse_claimreview(text: str, name: str = "") -> Parsed:
    """Records and problems of a ClaimReview file's text: JSON Lines when the name says so (.jsonl, .ndjson)
    or when each line is a JSON value; else one JSON value (an object, a list, JSON-LD)."""
    if name.lower().endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")) or _is_json_lines(text):
        out = Parsed("jsonl")
        for i, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as exc:
                out.problems.append(Problem(i, f"not valid JSON: {exc.msg} at column {exc.colno}"))
                continue
            _from_value(value, i, out)
        return out
    out = Parsed("json")
    try:
        for line, v in _json_values(text):
            if isinstance(v, dict) and "@context" in v:
                out.format = "json-ld"
            _from_value(v, line, out)
    except BadRecord as exc:
        m = re.search(r"at line (\d+)", str(exc))
        out.problems.append(Problem(int(m.group(1)) if m else 1, str(exc)))
    return out


def read_claimreview(path: Path) -> Parsed:
    """:func:`parse_claimreview` of a file (UTF-8; gzip when its name ends in .gz)."""
    return parse_claimreview(_read_text(path), path.name)


def _read_text(path: Path) -> str:
    if path.name.endswith(".gz"):
        import gzip

        with gzip.open(path, "rt", encoding="utf-8-sig") as fh:
            return fh.read()
    return path.read_text(encoding="utf-8-sig")


# -- CheckThat! 2020 task 2 -----------------------------------------------------------------------

CHECKTHAT_COLUMNS = ("vclaim_id", "vclaim", "title")


def read_checkthat(path: Path) -> Parsed:
    """The verified claims of a CheckThat! 2020 task 2 TSV: a header row, then ``vclaim_id, vclaim, title``
    (fields may be quoted and hold newlines; a first unnamed index column, as pandas writes it, is passed over)."""
    out = Parsed("checkthat")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader, None)
        if header is None:
            return out
        names = [h.strip().lower() for h in header]
        try:
            cols = [names.index(c) for c in CHECKTHAT_COLUMNS]
        except ValueError:
            if len(names) == 3 and names[1:] == ["vclaim", "title"]:
                cols = [0, 1, 2]  # the shared copy's header leaves the id column unnamed
            else:
                raise BadRecord(f"the header should name the columns {', '.join(CHECKTHAT_COLUMNS)}; it has "
                                f"{', '.join(repr(h) for h in header)}") from None
        line = reader.line_num + 1
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in row):
                continue
            if len(row) <= max(cols):
                out.problems.append(Problem(start, f"{len(row)} column(s); expected {', '.join(CHECKTHAT_COLUMNS)}"))
                continue
            vid, claim, title = (" ".join(row[c].split()) for c in cols)
            if not claim:
                out.problems.append(Problem(start, "an empty vclaim"))
                continue
            rec = {"vclaim_id": vid, "vclaim": claim, "title": title}
            out.records.append(FactCheck(claim=claim, line=start, record=rec, title=title or None, ext_id=vid or None))
    return out
