"""The persuasion analyzer: spans in bounds, techniques named, not applicable on short bodies."""

from __future__ import annotations

import pytest

from unspun.analyzers import NotApplicable
from unspun.analyzers.persuasion.analyzer import PLAIN, Persuasion
from unspun.analyzers.persuasion.features import TECHNIQUES, prepare, span_features
from unspun.analyzers.persuasion.model import load
from unspun.document import Document

LOADED = (
    "The corrupt, treasonous regime and its radical thugs want to destroy our great nation. "
    "These lunatics will stop at nothing. Wake up, patriots! They are traitors, plain and simple, "
    "and every decent American knows it. The so-called experts are lying to you again, as they always do. "
    "The invasion at our borders is a disaster that threatens our children and our way of life."
)
PLAIN_NEWS = (
    "The city council met on Tuesday to discuss the budget for next year. Members reviewed spending "
    "on roads, schools and parks, and agreed to publish the draft for comment. A final vote is expected "
    "in March, the council's clerk said. The draft includes a two percent rise in funding for libraries."
)


def test_loaded_text_gets_technique_spans() -> None:
    doc = Document.from_parts("Enough is enough", LOADED)
    fs = Persuasion()(doc)
    assert fs, "a text full of loaded labels should yield spans"
    labels = {v[0] for v in PLAIN.values()}
    for f in fs:
        assert f.label in labels
        assert f.data["technique"] in TECHNIQUES
        (s,) = f.spans
        assert 0 <= s.start < s.end <= len(doc.text)
        if len(s) <= 60:
            assert doc.text[s.start : s.end] in f.explanation


def test_plain_news_gets_fewer_spans_than_loaded_text() -> None:
    a = Persuasion()
    loaded = a(Document.from_parts("Enough is enough", LOADED))
    plain = a(Document.from_parts("Council discusses budget", PLAIN_NEWS))
    assert len(plain) < len(loaded)


@pytest.mark.parametrize("body", ["Too short to judge.", "One two three four five six."])
def test_short_body_is_not_applicable(body: str) -> None:
    with pytest.raises(NotApplicable, match="words"):
        Persuasion()(Document.from_parts("Headline here", body))


@pytest.mark.parametrize(
    ("text", "span", "technique"),
    [
        ("Trade talks\n\nWe must stop the traitors. The traitors are everywhere. Traitors!\n", "traitors", "Repetition"),
    ],
)
def test_repeated_phrase_is_seen_as_repetition_feature(text: str, span: str, technique: str) -> None:
    p = prepare(text)
    s = text.rindex(span)
    feats = span_features(p, s, s + len(span))
    assert "rep=2" in feats or "rep=3" in feats
    probs = load().technique_probs(p, s, s + len(span))
    assert probs.shape == (len(TECHNIQUES),)
    assert abs(float(probs.sum()) - 1.0) < 1e-5


def test_deterministic() -> None:
    doc = Document.from_parts("Enough is enough", LOADED)
    assert Persuasion()(doc) == Persuasion()(doc)
