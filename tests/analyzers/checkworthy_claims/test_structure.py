"""Structured claims: who, what, when, where and quantities of hand-written sentences."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import unspun
from unspun.analyzers.checkworthy_claims.structure import brief, number_value, structures
from unspun.document import Document, MetaField

BODY = (
    "Levi Pay, 45, leads the housing board in Leeds. Pay said on Tuesday that the council will spend "
    "$5.2 million on 300 new homes in Leeds.\n\n"
    "Maria Lopez runs the Eastside clinic. She said the clinic treated 1,200 patients last year.\n\n"
    "Unemployment fell to 4.5% in March, the statistics agency said."
)


def _doc(published: str | None, headline: str = "Pay to spend £40m on homes") -> Document:
    d = unspun.load(headline=headline, body=BODY)
    return dataclasses.replace(d, metadata=dataclasses.replace(
        d.metadata, published=MetaField(published, "user") if published else MetaField()))


@pytest.fixture(scope="module")
def claims() -> list[dict[str, Any]]:
    d = _doc("2015-04-16")
    return structures(d, [d.headline, *d.sentences])


def _find(items: list[dict[str, Any]], text: str) -> dict[str, Any]:
    return next(i for i in items if i["text"] == text)


CASES = [
    # (sentence index: 0 = headline, then the body's sentences; field; text; expected subset)
    (2, "who", "Pay", {"resolved": {"text": "Levi Pay"}}),
    (2, "when", "Tuesday", {"kind": "date", "value": "2015-04-14", "relative": True}),
    (2, "where", "Leeds", {}),
    (2, "quantities", "$5.2 million", {"kind": "money", "unit": "USD", "value": 5.2e6}),
    (2, "quantities", "300", {"kind": "count", "unit": "homes", "value": 300.0}),
    (1, "quantities", "45", {"kind": "age", "unit": "years", "value": 45.0}),
    (1, "who", "Levi Pay", {"type": "person"}),
    (4, "who", "She", {"type": "pronoun", "resolved": {"text": "Maria Lopez"}}),
    (4, "quantities", "1,200", {"kind": "count", "unit": "patients", "value": 1200.0}),
    (4, "when", "last year", {"kind": "range", "value": "2014-01-01/2014-12-31"}),
    (5, "quantities", "4.5%", {"kind": "percent", "unit": "percent", "value": 4.5}),
    (5, "when", "March", {"kind": "range", "value": "2015-03-01/2015-03-31"}),
    (0, "who", "Pay", {"resolved": {"text": "Levi Pay"}}),
    (0, "quantities", "£40m", {"kind": "money", "unit": "GBP", "value": 4e7}),
]


@pytest.mark.parametrize(("index", "field", "text", "expected"), CASES)
def test_structure_parts(claims: list[dict[str, Any]], index: int, field: str, text: str, expected: dict[str, Any]) -> None:
    item = _find(claims[index][field], text)
    for k, v in expected.items():
        if isinstance(v, dict):
            assert {kk: item[k][kk] for kk in v} == v
        else:
            assert item[k] == v


@pytest.mark.parametrize(("index", "verb", "reported_by"), [(2, "spend", "Pay"), (4, "treated", "She"), (1, "leads", None)])
def test_structure_predicate(claims: list[dict[str, Any]], index: int, verb: str, reported_by: str | None) -> None:
    what = claims[index]["what"]
    assert what["verb"] == verb
    assert (what.get("reported_by") or {}).get("text") == reported_by


def test_structure_spans_are_the_text(claims: list[dict[str, Any]]) -> None:
    d = _doc("2015-04-16")
    for st in claims:
        for field in ("who", "when", "where", "quantities"):
            for item in st[field]:
                assert d.text[item["start"] : item["end"]] == item["text"]
        assert brief(st)


def test_structure_without_publication_date_is_unresolved() -> None:
    d = _doc(None)
    (st,) = structures(d, [d.sentences[1]])
    when = _find(st["when"], "Tuesday")
    assert (when["kind"], when["value"]) == ("unresolved", None)


@pytest.mark.parametrize(("text", "value"), [
    ("$5.2 million", 5.2e6), ("1,200", 1200.0), ("£40bn", 4e10), ("twelve", 12.0), ("twenty-five", 25.0),
    ("two hundred", 200.0), ("six percent", 6.0), ("around four", 4.0), ("3.4-billion-yuan", 3.4e9),
    ("dozens", None), ("two-thirds", None), ("half", None),
])
def test_structure_number_value(text: str, value: float | None) -> None:
    assert number_value(text) == value


def test_structure_attached_to_checkworthy_findings() -> None:
    r = unspun.check(headline="Pay to spend £40m on homes", body=BODY, only=["checkworthy_claims"])
    fs = r.findings_of("checkworthy_claims")
    assert fs and all("structure" in f.data and f.data["structure_line"] for f in fs)
    run = next(a for a in r.analyzers if a.name == "checkworthy_claims")
    assert run.summary["headline_structure"]["quantities"][0]["text"] == "£40m"


def test_structure_shown_in_terminal_and_html() -> None:
    from unspun.render import html, terminal

    r = unspun.check(headline="Pay to spend £40m on homes", body=BODY, only=["checkworthy_claims"])
    assert "claim: " in terminal.render(r, colour=False)
    assert "claim: " in html.render(r)
