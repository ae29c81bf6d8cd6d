"""Units of the explicit checks: numbers, stems, dates."""

from __future__ import annotations

import pytest

from unspun.analyzers.headline_support import checks as sc


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
    assert [(q.value, q.unit) for q in sc.quantities(text)] == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("resigns", "resigned", True), ("resignation", "resign", True), ("meeting", "meetings", True), ("cancer", "coffee", False), ("China’s", "China", True)],
)
def test_key(a: str, b: str, same: bool) -> None:
    assert (sc.key(a) == sc.key(b)) is same


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Vote set for March 3", [("month", "march")]), ("On Friday, in 2021", [("day", "friday"), ("year", "2021")]), ("May Be Wrong", [])],
)
def test_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(k, v) for k, v, _ in sc._dates(text)] == expected
