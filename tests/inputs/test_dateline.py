"""Datelines and stated publication dates found in the text, never guessed."""

from __future__ import annotations

import pytest

from unspun import inputs


@pytest.mark.parametrize(
    ("body", "value", "agency"),
    [
        ("WASHINGTON (Reuters) - The Senate voted.", "WASHINGTON (Reuters)", "Reuters"),
        ("MOSCOW, April 16 — Putin met.", "MOSCOW, April 16", None),
        ("SAN JOSE, Calif. — The firm said.", "SAN JOSE, Calif.", None),
        ("NEW YORK, March 3, 2024 (AP) -- Stocks fell.", "NEW YORK, March 3, 2024 (AP)", "AP"),
        ("The council said - nothing more.", None, None),
        ("I — for one — disagree.", None, None),
        ("Shares fell on Monday.", None, None),
    ],
)
def test_find_dateline(body: str, value: str | None, agency: str | None) -> None:
    got = inputs.find_dateline(body)
    assert (got or {}).get("value") == value
    assert (got or {}).get("agency") == agency


@pytest.mark.parametrize(
    ("body", "date"),
    [
        ("Intro line\nPublished: 4 March 2024\nText.", "4 March 2024"),
        ("Updated March 4, 2024, 10:00 GMT\nText.", "March 4, 2024"),
        ("Posted on 2024-03-04\nText.", "2024-03-04"),
        ("It was published in March 2024 by the board.", None),
        ("No date here.", None),
    ],
)
def test_find_stated_date(body: str, date: str | None) -> None:
    assert inputs.find_stated_date(body) == date


def test_from_text_sets_published_from_text() -> None:
    doc = inputs.from_text("Headline\nPublished: 4 March 2024\nThe body says things.")
    assert doc.metadata.published.to_dict() == {"value": "4 March 2024", "source": "text"}
