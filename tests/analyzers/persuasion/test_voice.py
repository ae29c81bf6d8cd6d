"""The persuasion analyzer reports the article's own voice: quoted and reported words are the speakers',
neutral technical or descriptive phrases are not loaded language, a loaded sentence in the article's
own words still is; never high; not applicable to first-person writing."""

from __future__ import annotations

import pytest

from unspun.analyzers import NotApplicable
from unspun.analyzers.news_prose import first_person_rate
from unspun.analyzers.persuasion.analyzer import Persuasion
from unspun.document import Document

#: a plain news paragraph to give each short case the length the analyzer needs
FRAME = (
    "The council met on Tuesday evening to discuss the budget for next year. Members reviewed spending on roads, "
    "schools and parks, and agreed to publish the draft for comment before a final vote in March."
)

# Loaded wording in the article's own voice, and the same words given as someone else's.
OWN = "The corrupt, treasonous thugs running this disgraceful regime are destroying our great nation."
QUOTED = [
    ('Mr Hall said: "The corrupt, treasonous thugs running this disgraceful regime are destroying our great nation."',
     "double quotes"),
    ("Mr Hall said: 'The corrupt, treasonous thugs running this disgraceful regime are destroying our great nation.'",
     "single quotes, UK style"),
    ("Mr Hall said: “The corrupt, treasonous thugs running this disgraceful regime are destroying our great nation.”",
     "curly quotes"),
    ("“The corrupt, treasonous thugs running this disgraceful regime are destroying our great nation,” Mr Hall said.",
     "quote before the speaker"),
    ("Mr Hall said the corrupt, treasonous thugs running this disgraceful regime were destroying the nation.",
     "reported speech"),
    ("The corrupt, treasonous thugs running this disgraceful regime are destroying our great nation, Mr Hall said.",
     "reported speech, speaker last"),
]
NEUTRAL = [
    "Astronomers measured the mass of supermassive black holes at the centre of two distant galaxies.",
    "The plant is in the Inner Mongolia Autonomous Region, where gross domestic product grew 5 percent last year.",
    "The service retries requests after transient failures and logs every error it cannot recover from.",
    "A 24-year-old man was stabbed to death in the street on Saturday night, police said.",
    "The chief whip wrote to members of parliament on Monday about the vote.",
]


def _findings(sentence: str, headline: str = "Council meets") -> list:
    return Persuasion()(Document.from_parts(headline, f"{FRAME}\n\n{sentence}\n\n{FRAME}"))


def _in(doc_sentence: str, findings: list, text: str) -> list:
    return [f for f in findings if text[f.spans[0].start : f.spans[0].end] in doc_sentence]


def test_loaded_sentence_in_the_articles_own_voice_is_flagged() -> None:
    doc = Document.from_parts("Council meets", f"{FRAME}\n\n{OWN}\n\n{FRAME}")
    found = _in(OWN, Persuasion()(doc), doc.text)
    assert found, "loaded wording in the article's own voice must still be reported"
    for f in found:
        assert f.label in {"loaded_language", "name_calling", "exaggeration_or_minimisation"}
        assert f.data["voice"] == "article"
        assert f.data["charged_words"]


@pytest.mark.parametrize(("sentence", "style"), QUOTED, ids=[s for _, s in QUOTED])
def test_quoted_or_reported_loaded_words_are_not_the_articles(sentence: str, style: str) -> None:
    doc = Document.from_parts("Council meets", f"{FRAME}\n\n{sentence}\n\n{FRAME}")
    a = Persuasion()
    analysis = a.analyse(doc)
    start = doc.text.index(sentence)
    inside = [f for f in analysis.findings if start <= f.spans[0].start < start + len(sentence)]
    assert inside == [], f"{style}: the speaker's words are reported as the article's"
    assert analysis.summary["not_shown"]["in_quotations"] >= 1


@pytest.mark.parametrize("sentence", NEUTRAL)
def test_neutral_technical_or_descriptive_phrase_is_not_flagged(sentence: str) -> None:
    doc = Document.from_parts("Council meets", f"{FRAME}\n\n{sentence}\n\n{FRAME}")
    start = doc.text.index(sentence)
    found = [f for f in Persuasion()(doc) if start <= f.spans[0].start < start + len(sentence)]
    assert found == []


def test_severity_is_never_high() -> None:
    text = " ".join([OWN] * 3 + ["These lunatics and traitors will stop at nothing to wreck everything decent people love!"])
    for f in Persuasion()(Document.from_parts("Enough is enough", text)):
        assert f.severity in ("low", "medium")


@pytest.mark.parametrize(
    ("body", "applies"),
    [
        ("I woke up and I grabbed my sword. My horse was gone, so I walked. I think I like this game; my plan is "
         "to sneak past the guards and I will tell you how it went. " * 3, False),
        (FRAME + " " + FRAME, True),
        # first person inside quotations is the speaker's, not the writer's
        (FRAME + ' "I am proud of my team and I told them so," the coach said. ' + FRAME, True),
    ],
)
def test_first_person_writing_is_not_applicable(body: str, applies: bool) -> None:
    doc = Document.from_parts("A day out", body)
    if applies:
        Persuasion()(doc)
    else:
        with pytest.raises(NotApplicable, match="first-person"):
            Persuasion()(doc)


@pytest.mark.parametrize(("text", "low", "high"), [("I said my piece.", 50, 80), ('He said "I" and "my".', 0, 1)])
def test_first_person_rate_counts_words_outside_quotations(text: str, low: float, high: float) -> None:
    assert low <= first_person_rate(text) <= high


@pytest.mark.parametrize(("min_pattern", "severities"), [(1, {"low", "medium"}), (99, {"info", "medium"})])
def test_a_lone_loaded_phrase_is_info_a_pattern_is_low(min_pattern: int, severities: set[str]) -> None:
    doc = Document.from_parts("Council meets", f"{FRAME}\n\n{OWN}\n\n{FRAME}")
    found = Persuasion(min_pattern=min_pattern)(doc)
    assert found
    assert {f.severity for f in found} <= severities
    if min_pattern == 99:
        assert all("no pattern" in f.explanation for f in found if f.severity == "info")
