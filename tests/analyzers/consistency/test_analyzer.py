"""The consistency analyzer on hand-written articles: what it must find, and what it must leave alone."""

from __future__ import annotations

import dataclasses

import pytest

import unspun
from unspun.analyzers.consistency import Consistency
from unspun.analyzers.consistency.names import edits
from unspun.document import Document, MetaField

# (name, published, body, expected findings as (label, severity, first span's text, evidence text))
FIND = [
    ("surname misspelt", None,
     "Jane Hollis, who runs the shelter, said the roof leaked. \"We need help,\" Hollis said. "
     "The council has not replied to Jane Hollins, she said.",
     [("name_spelling", "low", "Jane Hollis", "Jane Hollins")]),
    ("lone surname misspelt", None,
     "\"It's a good-news bad-news story,\" said Trevor Houser, a partner at the firm. "
     "\"But that's not going to happen on its own,\" Hauser said.",
     [("name_spelling", "low", "Trevor Houser", "Hauser")]),
    ("first name with a letter added", None,
     "Philip Marlowe opened the agency in 1990. Phillip Marlowe said business was slow.",
     [("name_spelling", "low", "Philip Marlowe", "Phillip Marlowe")]),
    ("age two years apart", None,
     "Maria Lopez, 45, runs the clinic. The clinic treats 40 patients a day. Lopez, 47, said she would stay.",
     [("age_mismatch", "medium", "45", "47")]),
    ("age one year apart", None,
     "The 33-year-old Tom Reed won the race. Reed, 34, said he would race again.",
     [("age_mismatch", "low", "33", "34")]),
    ("death toll two values", None,
     "Twelve people were killed when the bridge fell. Rescuers searched the river for hours. "
     "The mayor said 14 people were killed and called for an inquiry.",
     [("count_mismatch", "low", "Twelve", "14")]),
    ("weekday against the written date", None,
     "The vote was held on Tuesday, March 4, 2015, after a long debate.",
     [("weekday_mismatch", "medium", "Tuesday", "March 4, 2015")]),
    ("last week against the written date", "2015-04-16",
     "The plant closed last week, on March 3, the company said.",
     [("relative_date_mismatch", "low", "last week", "March 3")]),
    ("recently, years before", "2019-05-01",
     "The festival, recently held on June 5, 2012, drew 3,000 visitors.",
     [("stale_recent", "low", "recently", "June 5, 2012")]),
    ("future tense about a past date", "2015-05-01",
     "The summit will take place on March 3, 2015, in Geneva.",
     [("tense_vs_date", "low", "will", "March 3, 2015")]),
]

# articles where every pair is consistent, or differs for a stated reason: nothing to report
LEAVE = [
    ("siblings", None, "Mark Kelly flew the mission. His sister Mary Kelly watched from Houston."),
    ("feminine form", None, "Paul Dupont founded the firm. Paula Dupont, his daughter, runs it now."),
    ("plural of a name", None, "Senator Mark Warner, a Virginia Democrat, spoke first. Democrats agreed."),
    ("toll rose", None, "Twelve people were killed in the blast. By evening the toll had risen: 14 people were killed."),
    ("hedged toll", None, "At least 12 people were killed. Police said 14 people were killed in total."),
    ("different places", None, "Five people were killed in Leeds. Three people were killed in York."),
    ("same age twice", None, "Maria Lopez, 45, runs the clinic. Lopez, 45, said she would stay."),
    ("two people, two ages", None, "Ana Ruiz, 30, and Tom Reed, 41, won. Reed, 41, said he was tired."),
    ("weekday matches", None, "The vote was held on Wednesday, March 4, 2015."),
    ("last week matches", "2015-04-16", "The plant closed last week, on April 8, the company said."),
    ("recent and recent year", "2019-05-01", "The festival, recently held on March 5, 2019, drew 3,000 visitors."),
    ("recent finding about an era", "2019-05-01", "Historians recently found that the mill ran in the 1880s."),
    ("future date after publication", "2015-05-01", "The summit will take place on June 3, 2015, in Geneva."),
    ("past date before publication", "2015-05-01", "The summit took place on March 3, 2015, in Geneva."),
    ("no publication date", None, "The plant closed last week, on March 3, the company said."),
]


def _doc(body: str, published: str | None) -> Document:
    d = unspun.load(headline="Council news", body=body)
    return dataclasses.replace(d, metadata=dataclasses.replace(
        d.metadata, published=MetaField(published, "user") if published else MetaField()))


@pytest.mark.parametrize(("name", "published", "body", "expected"), FIND, ids=[c[0] for c in FIND])
def test_consistency_finds(name: str, published: str | None, body: str, expected: list[tuple[str, str, str, str]]) -> None:
    d = _doc(body, published)
    got = [(f.label, f.severity, d.span_text(f.spans[0]), d.span_text(f.evidence[0])) for f in Consistency()(d)]
    assert got == expected
    assert all(f.severity != "high" for f in Consistency()(d))


@pytest.mark.parametrize(("name", "published", "body"), LEAVE, ids=[c[0] for c in LEAVE])
def test_consistency_leaves_alone(name: str, published: str | None, body: str) -> None:
    assert Consistency()(_doc(body, published)) == []


def test_consistency_says_when_date_checks_cannot_run() -> None:
    r = Consistency().analyse(_doc("The plant closed last week.", None))
    assert r.summary["published"] is None and "no publication date" in r.summary["date_checks"]


@pytest.mark.parametrize(("a", "b", "n"), [("Hollis", "Hollins", 1), ("Houser", "Hauser", 1), ("abc", "abc", 0), ("", "ab", 2)])
def test_consistency_edits(a: str, b: str, n: int) -> None:
    assert edits(a, b) == n
