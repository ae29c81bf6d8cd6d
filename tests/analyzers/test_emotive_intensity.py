"""emotive_intensity: load per word, percentile against the shipped reference, spans of the strongest sentences."""

from __future__ import annotations

import pytest

from unspun.analyzers import NotApplicable
from unspun.analyzers.emotive_intensity import EmotiveIntensity, density, percentile
from unspun.document import Document

CALM = (
    "The committee published its annual report on Monday. It lists the number of applications received, "
    "the average processing time and the staff employed at the end of the year. Figures for the previous "
    "year are included for comparison. The report will be discussed at the next meeting in April, "
    "according to the agenda published on the council website."
)
CHARGED = (
    "This is a horrifying, shocking disaster! Terrified families are screaming in panic as the catastrophe "
    "destroys everything they love. It is a brutal, evil, disgusting betrayal and a tragic nightmare. "
    "Outraged residents are furious, heartbroken and devastated. The chaos is TERRIFYING and the carnage "
    "is horrific! Nobody is safe from this deadly, monstrous threat."
)


@pytest.mark.parametrize(("low", "high"), [(CALM, CHARGED), ("A meeting was held.", "A shocking, horrific disaster!")])
def test_density_orders_calm_below_charged(low: str, high: str) -> None:
    assert density(low) < density(high)


@pytest.mark.parametrize(("a", "b"), [(0.0, 5.0), (5.0, 12.0), (12.0, 40.0)])
def test_percentile_is_monotone_and_bounded(a: float, b: float) -> None:
    assert 0.0 <= percentile(a) <= percentile(b) <= 100.0


def test_charged_body_is_flagged_with_sentence_spans() -> None:
    doc = Document.from_parts("Disaster", CHARGED)
    (f,) = EmotiveIntensity()(doc)
    assert f.data["percentile"] >= 97
    assert "more emotive than" in f.explanation
    for s in f.spans:
        assert s in doc.sentences
        if len(s) <= 60:
            assert doc.text[s.start : s.end] in f.explanation


def test_calm_body_has_no_finding_and_a_low_percentile() -> None:
    doc = Document.from_parts("Annual report", CALM)
    a = EmotiveIntensity()
    assert a(doc) == []
    assert a.analyse(doc).summary["percentile"] < 50


def test_short_body_is_not_applicable() -> None:
    with pytest.raises(NotApplicable, match="words"):
        EmotiveIntensity()(Document.from_parts("Short", "Only a few words here."))


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("The committee's horrific, shameful report was a disgraceful betrayal.", True),  # the writer's own words
        ('The chairman called the report "a horrific, shameful, disgraceful betrayal".', False),  # quoted
        ("The chairman called the report ‘a horrific, shameful, disgraceful betrayal’.", False),  # UK quotes
        ("The chairman said the report was a horrific, shameful and disgraceful betrayal.", False),  # reported speech
        ("The film Horrific Betrayal won the Best Picture award at the Disgraceful Awards.", False),  # names and titles
        ("Two men were killed and three injured in the attack, and the suspect was arrested.", False),  # subject matter
        ("She won the award for best actress at the ceremony on Sunday.", False),  # "best" is ordinary in reporting
        ("Her astonishing, brilliant performance stole the ceremony.", True),  # judgement words
    ],
)
def test_only_the_writers_own_wording_counts(sentence: str, counts: bool) -> None:
    assert (density(sentence) > 0) == counts


def test_finding_quotes_its_sentences_and_names_the_words() -> None:
    doc = Document.from_parts("Disaster", CHARGED)
    (f,) = EmotiveIntensity()(doc)
    for s in f.spans:
        text = " ".join(doc.text[s.start : s.end].split())
        assert text[:60] in f.explanation
    assert f.data["words"]
    assert all(w in doc.text for w in f.data["words"])
    assert f.severity in ("low", "medium")


def test_first_person_writing_is_not_applicable() -> None:
    diary = "I woke up early and I grabbed my sword. My horse was gone, so I walked to town and I loved it! " * 6
    with pytest.raises(NotApplicable, match="first-person"):
        EmotiveIntensity()(Document.from_parts("My day", diary))
