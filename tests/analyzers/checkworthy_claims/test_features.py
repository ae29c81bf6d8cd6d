"""The check-worthiness cues and features, and the CLEF-2019 ranking measures."""

from __future__ import annotations

import pytest

from unspun.analyzers.checkworthy_claims.analyzer import reasons
from unspun.analyzers.checkworthy_claims.features import authors_own_account, cue_spans, featurize, not_prose
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


@pytest.mark.parametrize(("sentence", "skip"), [
    # table rows and pieces of a reference list are no claims
    ("| Red Hat | 8417 | 38.0% |", True),
    ("| (Unknown) | 5126 | 23.2% |", True),
    ("37 (1): 339–351. doi:10.1118/1.3267037.", True),
    ("188–203. doi:10.1007/978-3-319-68474-1_13.", True),
    ("Retrieved 2018-04-16.", True),
    ("Retrieved April 16, 2018.", True),
    # prose stays, also with a pipe, a DOI, a colon after a bracket or "Retrieved" as a word
    ("The vote was 52 | 48 in favour.", False),
    ("The study (doi:10.1000/182) found that 40 percent of the patients recovered within a year.", False),
    ("In 2019 (3): the council spent more.", False),
    ("Retrieved files were deleted in 2018.", False),
])
def test_not_prose(sentence: str, skip: bool) -> None:
    assert not_prose(sentence) is skip


@pytest.mark.parametrize(("sentence", "own"), [
    ("Last year I took a pay cut to move to a new job.", True),
    ("I've been using email since the early 1990s.", True),
    ("Using a browser test, I performed a five-minute test last week.", True),
    ("It was when I had three windows open at once.", True),
    ("Yesterday I met the mayor, and on Monday I went home.", True),
    # a speaker's "I" inside a quotation is a claim; no "I" at all; "I" inside a word or a name
    ("\u201cI voted for the bill in 2019,\u201d the senator said.", False),
    ("'I cut taxes by 20 percent,' Ruiz said on Monday.", False),
    ("The council cut taxes by 20 percent in 2019.", False),
    ("World War I ended in 1918, and Henry VIII had six wives.", False),
    ("The iPhone and Wi-Fi were in the I-95 report.", False),
])
def test_authors_own_account(sentence: str, own: bool) -> None:
    from unspun.text.quotes import quote_spans

    assert authors_own_account(sentence, 0, quote_spans(sentence)) is own

