"""The check-worthiness cues and features, and the CLEF-2019 ranking measures."""

from __future__ import annotations

import pytest

from unspun.analyzers.checkworthy_claims.analyzer import reasons
from unspun.analyzers.checkworthy_claims.features import cue_spans, featurize
from unspun.eval.clef2019 import average_precision, score_debates


@pytest.mark.parametrize(
    ("sentence", "cue", "text"),
    [
        ("We lost 700,000 jobs last year.", "number", "700,000"),
        ("Unemployment rose to 9 percent.", "number", "9 percent"),
        ("Taxes are higher than in any other state.", "comparison", "higher"),
        ("Prices fell because of the drought.", "causal", "because of"),
        ("In 1975 the plant was closed.", "historical", "In 1975"),
        ("Yesterday Senator Smith voted against the bill.", "actor_action", "Senator Smith voted"),
        ("What will you do about it?", "question", "?"),
        ("I think we can do better.", "opinion", "I think"),
    ],
)
def test_cue_spans_find_named_cues(sentence: str, cue: str, text: str) -> None:
    assert (cue, text) in {(c, sentence[s:e]) for c, s, e in cue_spans(sentence)}


def test_number_cue_stops_before_trailing_punctuation() -> None:
    s = "It was 1999, and 3.5 million people moved."
    assert [s[a:b] for c, a, b in cue_spans(s) if c == "number"] == ["1999", "3.5 million"]


@pytest.mark.parametrize("sentence", ["Good evening and welcome.", "Thank you very much."])
def test_reasons_plain_talk_has_no_checkable_cue(sentence: str) -> None:
    assert reasons(sentence) == []


def test_featurize_is_deterministic_and_spans_in_bounds() -> None:
    s = "The EPA approved 12 new permits in 2019, more than ever."
    a, b = featurize(s), featurize(s)
    assert a == b
    assert {f.group for f in a} == {"w", "c", "f"}
    assert all(0 <= f.start <= f.end <= len(s) for f in a)
    assert any(f.group == "w" and f.name == "00" for f in a)  # digits folded


@pytest.mark.parametrize(
    ("labels", "ap"),
    [([1, 0, 0], 1.0), ([0, 1, 0], 0.5), ([1, 0, 1], (1 + 2 / 3) / 2), ([0, 0, 0], 0.0)],
)
def test_average_precision_as_the_task_scorer(labels: list[int], ap: float) -> None:
    assert average_precision(labels) == pytest.approx(ap)


def test_score_debates_map_and_precision_at_k() -> None:
    rows = [("a", 1, 0.9), ("a", 0, 0.8), ("a", 1, 0.1), ("b", 0, 0.9), ("b", 1, 0.5)]
    r = score_debates(rows)
    assert r["debates"] == 2
    assert r["map"] == pytest.approx(round(((1 + 2 / 3) / 2 + 0.5) / 2, 4))
    assert r["p_at"]["5"] == pytest.approx(round((2 / 5 + 1 / 5) / 2, 4))
