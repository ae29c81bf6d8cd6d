"""Units of the explicit checks: numbers, stems, dates."""

from __future__ import annotations

import pytest

from unspun.analyzers.headline_support import case, checks, context, names, negation, quantities, roles, words
from unspun.runtime import nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rose 40 percent", [(40.0, "%")]),
        ("rose 4.5% in May", [(4.5, "%")]),
        ("a rise of 12 per cent", [(12.0, "%")]),
        ("$2.4 billion for schools", [(2.4e9, "$")]),
        ("1,200 people fled", [(1200.0, "people")]),
        ("ten people died", [(10.0, "people")]),
        ("in 2023 the firm", []),  # a year is a date
        ("3 million jobs", [(3e6, "job")]),
    ],
)
def test_quantities(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(q.value, q.unit) for q in quantities.quantities(text)] == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("resigns", "resigned", True), ("resignation", "resign", True), ("meeting", "meetings", True), ("cancer", "coffee", False), ("China’s", "China", True)],
)
def test_key(a: str, b: str, same: bool) -> None:
    assert (words.key(a) == words.key(b)) is same


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Vote set for March 3", [("month", "march")]), ("On Friday, in 2021", [("day", "friday"), ("year", "2021")]), ("May Be Wrong", [])],
)
def test_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(k, v) for k, v, _ in checks._dates(text)] == expected


# -- names, case and roles (headline_support.names, .case, .roles) ----------------------------------------



@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("PSVR", "PlayStation VR", True),
        ("DHS", "Department of Homeland Security", True),
        ("Fed", "Federal Reserve", True),
        ("Oliver", "Jamie Oliver", True),
        ("Senator Smith", "Smith", True),
        ("SMITH", "Smith", True),
        ("Senator Smith", "Senator Jones", False),  # a shared title is not a shared name
        ("LIVE", "Cork", False),
        ("Apple", "Samsung", False),
    ],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert names.same_name(a.split(), b.split()) is same


@pytest.mark.parametrize(
    ("headline", "style"),
    [
        ("Smith resigns from finance committee", "sentence"),
        ("Smith Resigns From Finance Committee", "title"),
        ("SMITH RESIGNS FROM FINANCE COMMITTEE", "caps"),
        ("Arsenal beat Chelsea 2-1", "sentence"),  # a lower-case verb: not Title Case, however many names
        ("Talks Stall Amid Protests in Paris", "title"),
        ("Level 3 LIVE news from Cork", "sentence"),
    ],
)
def test_case_style(headline: str, style: str) -> None:
    assert case.case_style(headline.split()) == style


@pytest.mark.parametrize(
    ("headline", "body", "recased"),
    [
        ("Senator Smith Resigns From Finance Committee", "Senator Jones resigned from the finance committee. Senator Smith thanked her.",
         "Senator Smith resigns from finance committee"),
        ("SMITH RESIGNS FROM FINANCE COMMITTEE", "Senator Jones resigned from the finance committee. Senator Smith thanked her.",
         "Smith resigns from finance committee"),
        ("Markets on the verge of COLLAPSE!", "Shares fell 2 percent on Monday.", "Markets on the verge of collapse!"),
        ("NATO Warns Of Russian Threat", "The alliance said NATO would respond to any Russian threat.", "NATO warns of Russian threat"),
    ],
)
def test_recase_keeps_offsets(headline: str, body: str, recased: str) -> None:
    from unspun.document import Document

    doc = Document.from_parts(headline, body)
    ctx = context.Context.build(doc, doc.headline, {})
    ctx.claim_doc()  # names the parser reads get their capital back
    assert ctx.recased == recased
    assert len(ctx.recased) == len(ctx.claim_text)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("resigns", "resigned", True), ("sues", "sued", True), ("wins", "won", True), ("stops", "stopped", True), ("beat", "beat", True),
     ("resigns", "reigns", False)],
)
def test_same_verb(a: str, b: str, same: bool) -> None:
    assert roles.same_verb(a, b) is same


@pytest.mark.parametrize(
    ("sentence", "denied"),
    [
        ("The minister did not resign on Monday.", {"resign"}),
        ("So not compromising on the display is the right call.", {"compro"}),
        ("No other browser gives you so much choice.", set()),  # a superlative, not a denial
        ("There is no evidence of fraud.", {"eviden", "fraud"}),
        ("The group denied agreeing to a ceasefire.", {"agree"}),
    ],
)
def test_negation_scope(sentence: str, denied: set[str]) -> None:
    got: set[str] = set()
    for _, keys in negation.negations(nlp.parse(sentence)):
        got |= keys
    assert denied <= got and (denied or not got), got
