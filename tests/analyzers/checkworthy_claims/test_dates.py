"""Time expressions resolved against the publication date: a table of hand-written sentences."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from unspun.analyzers.checkworthy_claims.dates import find, parse_pub, tense
from unspun.errors import UnspunError
from unspun.eval import dates as eval_dates

THU = date(2015, 4, 16)  # a Thursday
SAT = date(2020, 9, 26)
JAN = date(2020, 1, 20)  # a Monday

CASES = [
    # (publication date, sentence, phrase, kind, value)
    (THU, "The council voted on Tuesday to close the pool.", "Tuesday", "date", "2015-04-14"),
    (THU, "The council will vote on Tuesday.", "Tuesday", "date", "2015-04-21"),
    (THU, "The mayor said on Thursday that the pool would close.", "Thursday", "date", "2015-04-16"),
    (THU, "The mayor said Tuesday that the pool will close next month.", "Tuesday", "date", "2015-04-14"),
    (THU, "Last Thursday the board met.", "Last Thursday", "date", "2015-04-09"),
    (THU, "They meet again next Monday.", "next Monday", "date", "2015-04-20"),
    (THU, "The fire started yesterday.", "yesterday", "date", "2015-04-15"),
    (THU, "Police made an arrest last night.", "last night", "date", "2015-04-15"),
    (THU, "The results come out tomorrow.", "tomorrow", "date", "2015-04-17"),
    (THU, "Last week the shop shut.", "Last week", "range", "2015-04-06/2015-04-12"),
    (THU, "Talks resume next week.", "next week", "range", "2015-04-20/2015-04-26"),
    (THU, "Sales fell last month.", "last month", "range", "2015-03-01/2015-03-31"),
    (THU, "Sales rose last year.", "last year", "range", "2014-01-01/2014-12-31"),
    (THU, "The rule was changed earlier this month.", "earlier this month", "range", "2015-04-01/2015-04-15"),
    (THU, "He died three days ago.", "three days ago", "date", "2015-04-13"),
    (THU, "The plant closed two years ago.", "two years ago", "range", "2013-01-01/2013-12-31"),
    (THU, "The law passed 18 months ago.", "18 months ago", "range", "2013-10-01/2013-10-31"),
    (THU, "Prices have doubled over the past two weeks.", "over the past two weeks", "range", "2015-04-02/2015-04-16"),
    (THU, "In March, the firm cut 40 jobs.", "March", "range", "2015-03-01/2015-03-31"),
    (THU, "The firm closed 40 shops in May.", "May", "range", "2014-05-01/2014-05-31"),
    (THU, "The firm will close 40 shops in May.", "May", "range", "2015-05-01/2015-05-31"),
    (date(2023, 11, 8), "She backed the plan last October.", "last October", "range", "2022-10-01/2022-10-31"),
    (THU, "The vote is scheduled for March 20.", "March 20", "date", "2016-03-20"),
    (THU, "He was arrested on March 20.", "March 20", "date", "2015-03-20"),
    (THU, "It opened on 4 March 2012.", "4 March 2012", "date", "2012-03-04"),
    (THU, "It opened in June 2012.", "June 2012", "range", "2012-06-01/2012-06-30"),
    (THU, "It opened in 2012.", "2012", "range", "2012-01-01/2012-12-31"),
    (THU, "Fans gathered over the weekend.", "over the weekend", "range", "2015-04-11/2015-04-12"),
    (THU, "Fans will gather this weekend.", "this weekend", "range", "2015-04-18/2015-04-19"),
    (THU, "The river flooded last summer.", "last summer", "range", "2014-06-01/2014-08-31"),
    (THU, "She recently left the company.", "recently", "vague", None),
    (THU, "The company will soon announce a buyer.", "soon", "vague", None),
    (THU, "Prices are expected to rise in the coming weeks.", "in the coming weeks", "vague", None),
    (THU, "A few days ago the mill burned.", "A few days ago", "vague", None),
    (SAT, "He told NBC's Today show that he would stay.", "Today", "none", None),
    (SAT, "A Mail on Sunday poll found support.", "Sunday", "none", None),
    (SAT, "Black Friday sales were weak.", "Friday", "none", None),
    (JAN, "A little over half a century ago, chaos spilled out of an experiment.", "half a century ago", "range", "1970-01-01/1970-12-31"),
    (THU, "The race starts at 10 a.m. PDT on August 28 and ends on December 4, organisers will say.", "December 4", "date", "2015-12-04"),
    (THU, "Cases could reach 2,300 a day by November, officials warned.", "November", "range", "2015-11-01/2015-11-30"),
    # decades and centuries (after "the"): the era a sentence sets an event in
    (THU, "He first went to East Africa in the 1880s.", "the 1880s", "range", "1880-01-01/1889-12-31"),
    (THU, "The scheme began in the early 1960s.", "the early 1960s", "range", "1960-01-01/1963-12-31"),
    (THU, "Prices peaked in the mid-2000s.", "the mid-2000s", "range", "2004-01-01/2006-12-31"),
    (THU, "The mill was built in the late 1800s.", "the late 1800s", "range", "1870-01-01/1899-12-31"),
    (THU, "The 2000s were a boom for the port.", "The 2000s", "range", "2000-01-01/2009-12-31"),
    (THU, "Sales fell through the 2000s.", "the 2000s", "range", "2000-01-01/2009-12-31"),
    (THU, "The band was famous in the '90s.", "the '90s", "range", "1990-01-01/1999-12-31"),
    (date(2026, 3, 1), "Jazz clubs boomed in the ’20s.", "the ’20s", "range", "1920-01-01/1929-12-31"),
    (THU, "It was the first genocide of the 20th century.", "the 20th century", "range", "1900-01-01/1999-12-31"),
    (THU, "The town grew in the early nineteenth century.", "the early nineteenth century", "range", "1800-01-01/1839-12-31"),
    (THU, "She is a woman in her 40s.", "40s", "none", None),
    (THU, "Temperatures were in the 90s all week.", "90s", "none", None),
    (THU, "He drove a 1960s-era car.", "1960s", "none", None),
    (THU, "They restored a 19th-century house.", "19th", "none", None),
    (THU, "The 21st Century Fox deal closed.", "21st", "none", None),
    # a month as a sentence's subject; never "May" (a name, a verb)
    (date(2019, 1, 3), "November marked the start of the stranding season.", "November", "range", "2018-11-01/2018-11-30"),
    (date(2019, 1, 3), "Rain fell. October will see a vote.", "October", "range", "2019-10-01/2019-10-31"),
    (date(2019, 1, 3), "May said the deal was done.", "May", "none", None),
]


@pytest.mark.parametrize(("pub", "sentence", "phrase", "kind", "value"), CASES)
def test_dates_resolve_table(pub: date, sentence: str, phrase: str, kind: str, value: str | None) -> None:
    at = sentence.index(phrase)
    hits = [e for e in find(sentence, pub) if e.start < at + len(phrase) and at < e.end]
    if kind == "none":
        assert hits == []
        return
    assert hits, f"nothing found for {phrase!r}"
    e = hits[0]
    assert sentence[e.start : e.end] == e.text
    assert (e.kind, e.value) == (kind, value)


@pytest.mark.parametrize("sentence", ["The council voted on Tuesday.", "Sales fell last month.", "She recently left."])
def test_dates_without_publication_date_are_unresolved(sentence: str) -> None:
    (e,) = find(sentence, None)
    assert e.kind in ("unresolved", "vague") and e.value is None and e.relative


def test_dates_explicit_date_resolves_without_publication_date() -> None:
    (e,) = find("It opened on March 4, 2012.", None)
    assert (e.kind, e.value, e.relative) == ("date", "2012-03-04", False)


@pytest.mark.parametrize(("value", "expected"), [
    ("2015-04-16", date(2015, 4, 16)), ("2015-04-16T09:30:00Z", date(2015, 4, 16)),
    ("4 March 2024", date(2024, 3, 4)), ("March 4, 2024", date(2024, 3, 4)), (None, None), ("soon", None),
])
def test_dates_parse_publication_date(value: str | None, expected: date | None) -> None:
    assert parse_pub(value) == expected


@pytest.mark.parametrize(("clause", "expected"), [
    ("the council will vote", "future"), ("the council voted", "past"), ("cases could reach", "future"),
    ("the vote is scheduled for", "future"), ("on Tuesday", "unknown"),
])
def test_dates_tense(clause: str, expected: str) -> None:
    assert tense(clause) == expected


def test_eval_dates_bad_line_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "g.jsonl"
    f.write_text(json.dumps({"page": "p", "offset": 1, "phrase": "x", "published": "2015-13-01",
                             "expected": {"kind": "date", "value": "2015-01-01"}}) + "\n")
    with pytest.raises(UnspunError, match="E130"):
        eval_dates.read_gold(f)


def test_eval_dates_on_real_pages(shared_data: Path) -> None:
    gold = Path(__file__).parents[2] / "gold" / "dates"
    r = eval_dates.evaluate(eval_dates.read_gold(gold), shared_data / "real-news-pages")
    assert r["n"] >= 100 and not r["not_found"]
    assert r["accuracy"] >= 0.95  # floor: 0.9688 measured 2026-12-02 (155/160)


@pytest.mark.parametrize("sentence", sorted({c[1] for c in CASES}
                                            | {"The 1990s.", "In the early '80s.", "The 20th century.", "Two decades ago."}))
def test_every_rule_match_holds_a_trigger(sentence: str) -> None:
    """find() skips text without a trigger; that is only right while every rule's match holds one."""
    from unspun.analyzers.checkworthy_claims.date_rules import RULES, TRIGGERS

    for rx, _ in RULES:
        for m in rx.finditer(sentence):
            assert TRIGGERS.search(m.group(0)), (rx.pattern[:60], m.group(0))


@pytest.mark.parametrize("sentence", ["The council met and agreed.", "Officials said nothing new.", ""])
def test_text_without_a_trigger_has_no_time_expression(sentence: str) -> None:
    assert find(sentence, THU) == []
