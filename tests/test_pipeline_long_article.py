"""Long articles: analyzers with a long-article limit read the head of the body, cut at a sentence end,
and the report names what they left out (issue 15, deliverable 6)."""

from __future__ import annotations

import json

import pytest

from unspun import inputs
from unspun.analyzers import Analyzer
from unspun.document import Document
from unspun.findings import Analysis, Finding
from unspun.pipeline import Pipeline

BODY = "First sentence here. Second one follows.\n\nA new paragraph starts. It ends here."


@pytest.mark.parametrize(
    ("max_chars", "body_after"),
    [
        (10_000, BODY),  # short enough: the same document
        (len(BODY), BODY),
        (45, "First sentence here. Second one follows."),  # cut at the last sentence end that fits
        (30, "First sentence here."),
        (5, "First"),  # a first sentence longer than the limit is cut inside
    ],
)
def test_head_of_body_is_a_prefix_cut_at_a_sentence_end(max_chars: int, body_after: str) -> None:
    doc = Document.from_parts("A headline", BODY)
    head = doc.head_of_body(max_chars)
    assert head.body_text == body_after
    assert doc.text.startswith(head.text)
    assert head.headline == doc.headline
    for s in (*head.sentences, *head.paragraphs):
        assert head.body.start <= s.start < s.end <= len(head.text)
    if body_after == BODY:
        assert head is doc


class _Counting(Analyzer):
    """Reports the body's last sentence it saw (a real analyzer's contract, a tiny job)."""

    name = "counting"
    description = "test analyzer"
    max_body_chars = 30

    def analyse(self, doc: Document) -> Analysis:
        last = doc.sentences[-1]
        return Analysis((Finding(self.name, "last", "info", 0.5, (last,), "the last sentence seen"),), {"n": len(doc.sentences)})


def test_the_report_names_the_cap_and_spans_stay_valid() -> None:
    doc = inputs.from_text("A headline\n\n" + BODY)
    report = Pipeline([_Counting()]).run(doc)
    run = report.analyzer_run("counting")
    assert run is not None and run.capped and "first 20 of the body's" in run.capped
    assert report.findings[0].spans[0].end <= doc.body.start + 30
    d = json.loads(report.to_json())
    assert d["analyzers"][0]["capped"] == run.capped
    assert d["summary"]["capped"] == {"counting": run.capped}


def test_no_cap_no_mention() -> None:
    report = Pipeline([_Counting()]).run(inputs.from_text("A headline\n\nShort. Body."))
    assert report.analyzer_run("counting").capped is None  # type: ignore[union-attr]
    assert "capped" not in report.to_dict()["summary"]
