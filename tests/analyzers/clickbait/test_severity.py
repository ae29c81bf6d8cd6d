"""Clickbait severity follows the evidence: the model's score alone is info, a device makes it low,
a withholding device and a sure score make it medium (issue 15)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from unspun.analyzers.clickbait.analyzer import severity_for
from unspun.analyzers.clickbait.features import cue_spans
from unspun.document import Document, Extraction, Notice

BODY = ("The engineers built the task framework to run jobs asynchronously. The framework queues each task, "
        "retries failures and reports progress. Rust is popular because it is memory safe.")


@pytest.mark.parametrize(
    ("headline", "prob", "expected"),
    [
        ("You won't believe what these doctors found", 0.97, "medium"),  # forward reference + reader address
        ("10 things that will change your mind", 0.95, "medium"),  # list count
        ("10 things that will change your mind", 0.80, "low"),  # a device, but not a sure score
        ("Stars who aged badly!", 0.95, "low"),  # an exclamation is sensational, not withholding
        ("Is this the end of the office?", 0.95, "medium"),  # "this" withholds
        ("Can the council fix the roads?", 0.95, "low"),  # a question alone
        ("Facebook is tracking me even though I'm not on Facebook", 0.9, "info"),  # no device: first person
        ("JSON parsing: simdjson vs. JSON for Modern C++", 0.7, "info"),
        ("How the engineers designed the task framework", 0.95, "info"),  # an explainer the body covers
        ("Why Rust is so popular", 0.95, "info"),
        ("Why the mayor really quit", 0.95, "low"),  # an explainer whose subject the body does not cover
    ],
)
def test_severity_follows_the_evidence(headline: str, prob: float, expected: str) -> None:
    doc = Document.from_parts(headline, BODY)
    assert severity_for(doc, prob, cue_spans(headline), 0.9)[0] == expected


def test_a_page_that_is_not_news_is_info() -> None:
    doc = Document.from_parts("10 things that will change your mind", BODY)
    doc = replace(doc, extraction=Extraction((Notice("not_news_article", "a product page"),)))
    severity, note = severity_for(doc, 0.99, cue_spans(doc.headline_text), 0.9)
    assert severity == "info" and "news article" in note


@pytest.mark.parametrize(
    ("headline", "shown"),
    [
        ("Facebook is tracking me even though I'm not on Facebook", False),  # the score alone: no device
        ("How the engineers designed the task framework", False),  # an explainer the body covers
        ("You won't believe what these doctors found", True),  # devices
        ("Why the mayor really quit", True),  # a question the body does not answer
    ],
)
def test_a_score_nothing_in_the_headline_backs_is_no_finding(headline: str, shown: bool) -> None:
    from unspun.analyzers.clickbait.analyzer import Clickbait

    an = Clickbait(threshold=0.0)  # every headline reaches the threshold: the rule alone decides
    a = an.analyse(Document.from_parts(headline, BODY))
    assert bool(a.findings) is shown
    assert "probability" in a.summary and (("not_shown" in a.summary) is not shown)
