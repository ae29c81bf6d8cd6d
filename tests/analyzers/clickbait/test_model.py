"""The clickbait analyzer, its cues, and `unspun eval clickbait`."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun import errors
from unspun.analyzers.clickbait.analyzer import Clickbait
from unspun.analyzers.clickbait.features import cue_spans, featurize
from unspun.analyzers.clickbait.model import ClickbaitModel, load
from unspun.document import Document
from unspun.eval import clickbait as ev

BODY = "The council met on Tuesday and agreed the budget after a long debate about roads and schools."


@pytest.mark.parametrize(
    ("headline", "cue", "text"),
    [
        ("17 Things You Need To Know About Cats", "listicle_number", "17"),
        ("17 Things You Need To Know About Cats", "second_person", "You"),
        ("Which Disney Villain Are You", "question", "Which"),
        ("This Dog Did Something Amazing", "forward_reference", "This"),
        ("You Won't Believe What Happened Next", "teaser", "You Won't Believe"),
        ("Is the economy slowing?", "question", "?"),
        ("I Tried Yoga For A Month", "first_person", "I"),
    ],
)
def test_cue_spans_find_named_cues(headline: str, cue: str, text: str) -> None:
    found = {(c, headline[s:e]) for c, s, e in cue_spans(headline)}
    assert (cue, text) in found


@pytest.mark.parametrize("headline", ["Parliament passes budget after late-night vote", "Oil prices fall as supply rises"])
def test_cue_spans_plain_headline_has_no_cues(headline: str) -> None:
    assert cue_spans(headline) == []


def test_featurize_spans_point_into_headline() -> None:
    h = "23 Photos That Will Restore Your Faith In Humanity"
    for f in featurize(h):
        assert 0 <= f.start <= f.end <= len(h)


@pytest.mark.parametrize(
    ("headline", "clickbait"),
    [
        ("21 Pictures That Will Make You Feel Old", True),
        ("You Won't Believe What This Dog Did Next", True),
        ("Which Harry Potter Character Are You Based On Your Zodiac Sign", True),
        ("Senate approves defence spending bill after lengthy debate", False),
        ("Earthquake of magnitude 6.1 strikes off the coast of Chile", False),
        ("Central bank holds interest rates steady amid inflation concerns", False),
    ],
)
def test_probability_separates_clickbait_from_news(headline: str, clickbait: bool) -> None:
    p = load().probability(headline)
    assert 0.0 <= p <= 1.0
    assert (p >= 0.5) is clickbait


@pytest.mark.parametrize(
    ("headline", "driver"),
    [
        ("21 Pictures That Will Make You Feel Old", "21"),
        ("Here's Why Your Cat Ignores You", "Here's Why"),
    ],
)
def test_finding_names_the_drivers_with_spans(headline: str, driver: str) -> None:
    doc = Document.from_parts(headline, BODY)
    (f,) = Clickbait()(doc)
    assert f.label == "clickbait"
    quoted = [doc.text[s.start : s.end] for s in f.spans]
    assert driver in quoted
    for q in quoted:
        assert f'"{q}"' in f.explanation
    assert f.data["probability"] == f.score
    assert f.data["drivers"] and all(d["contribution"] > 0 for d in f.data["drivers"])
    assert "dev_fpr_news" in f.data


def test_plain_news_headline_gives_no_finding_but_a_probability() -> None:
    doc = Document.from_parts("Parliament passes budget after late-night vote", BODY)
    a = Clickbait()
    assert a(doc) == []
    assert a.analyse(doc).summary["probability"] < 0.5


def _csv(tmp: Path, rows: list[tuple[str, str]]) -> Path:
    p = tmp / "h.csv"
    p.write_text("headline,label\n" + "".join(f'"{h}",{y}\n' for h, y in rows), encoding="utf-8")
    return p


def test_eval_reports_the_four_metrics(tmp_path: Path) -> None:
    rows = [
        ("21 Pictures That Will Make You Feel Old", "1"),
        ("You Won't Believe What This Dog Did Next", "1"),
        ("Senate approves defence spending bill after lengthy debate", "0"),
        ("Earthquake strikes off the coast of Chile", "0"),
    ]
    r = ev.evaluate(*ev.read(_csv(tmp_path, rows)))
    assert {"accuracy", "f1", "roc_auc", "fpr"} <= set(r)
    assert r["accuracy"] == 1.0 and r["fpr"] == 0.0 and r["roc_auc"] == 1.0


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("title,label\nx,1\n", "columns"),
        ("headline,label\nx,2\ny,0\n", "label '2'"),
        ("headline,label\nx,1\n", "fewer than one row"),
        ("headline,label\n ,1\ny,0\n", "empty headline on line 2"),
        ("headline,label\ncaf\xe9,1\ny,0\n", "not UTF-8"),
    ],
)
def test_eval_bad_csv_is_a_clear_error(tmp_path: Path, content: str, match: str) -> None:
    p = tmp_path / "bad.csv"
    p.write_bytes(content.encode("latin-1"))
    with pytest.raises(errors.UnspunError, match=match) as exc:
        ev.read(p)
    assert exc.value.code == errors.E_EVAL_DATA


def test_eval_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(errors.UnspunError, match="no such file"):
        ev.read(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    "headline",
    [
        "You Won't Believe What This Cat Did Next",
        "Council approves budget for new bridge over the Severn",
        "21 Pictures That Will Make You Feel Old",
        "Central bank holds interest rates at 4.5 percent",
    ],
)
def test_batched_scores_equal_single_scores(headline: str) -> None:
    m = load()
    assert m.net is not None and m.stack is not None  # the shipped model stacks the embedding network
    batch = m.probabilities([headline, "Minister resigns after report on spending"])
    assert batch[0] == pytest.approx(m.probability(headline), abs=1e-5)


def test_embedding_network_moves_the_score() -> None:
    m = load()
    ngram_only = ClickbaitModel(m.vocabs, m.coefs, m.intercept, m.platt)
    h = "Scientists find new species of frog in Peru"
    assert m.probability(h) != pytest.approx(ngram_only.probability(h), abs=1e-4)
