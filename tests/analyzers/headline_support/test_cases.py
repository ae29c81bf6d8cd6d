"""Hand-made headline/body cases: every verdict right, with the reason named."""

from __future__ import annotations

import pytest

from unspun.analyzers.headline_support.analyzer import HeadlineSupport, overall
from unspun.document import Document

WIRE = (
    "The central bank raised its benchmark interest rate by a quarter point to 5.25 percent on Wednesday, "
    "its tenth increase in a row, as it tries to bring inflation down.\n\n"
    "Officials said the increase in interest rates was needed because prices were still rising faster than wages. "
    "The bank's governor told reporters that further rate rises were possible if inflation stayed high.\n\n"
    "Markets had widely expected the move, and share prices changed little after the announcement."
)
HEDGE = (
    "A new study of 2,000 adults found that people who drank coffee every day may have a lower risk of liver cancer.\n\n"
    "The researchers said the study was observational and cannot show cause and effect. "
    "Coffee drinkers differed from others in diet and exercise, they noted, and more research is needed."
)
NUMBER = (
    "Unemployment rose 4 percent in March compared with the same month last year, the statistics office said on Friday.\n\n"
    "The office said the rise in unemployment was concentrated in construction and retail."
)
PERSON = (
    "Senator Jones resigned from the finance committee on Tuesday after a vote on the budget.\n\n"
    "Senator Smith, who chairs the finance committee, thanked Jones for her years of service and said the "
    "committee would meet again next week."
)
ABSENT = (
    "The city council approved plans for a new football stadium on Monday night by seven votes to two.\n\n"
    "The stadium will seat 30,000 people and is due to open in three years. Council members said the project "
    "would bring jobs to the area, while opponents worried about traffic on match days."
)
DATES = (
    "The national election will be held on April 3, the electoral commission announced on Thursday.\n\n"
    "Parties have until the end of the month to register their candidates for the election."
)
NEGATION = (
    "The health minister resigned on Monday after weeks of criticism over hospital waiting times, a spokesman said.\n\n"
    "The prime minister accepted the resignation and will name a successor this week."
)
CROWD = (
    "About 200 residents fled their homes as floods hit the town of Riverton on Sunday.\n\n"
    "Rescue teams helped several families to safety and the river is expected to fall by Tuesday."
)

FED = (
    "The Federal Reserve will raise interest rates in June, its chair said on Tuesday, after inflation stayed above target.\n\n"
    "Some economists said the move could slow hiring later in the year."
)
STORM = (
    "A storm killed 12 people in coastal towns on Sunday, officials said, and thousands of homes lost power.\n\n"
    "Officials said the toll could rise as rescue teams reached villages cut off by flooding."
)
SCIENCE = (
    "Regular exercise lowered blood pressure in a trial of 500 adults, researchers reported on Monday.\n\n"
    "Participants who walked for 30 minutes a day saw their blood pressure fall by 5 points on average."
)

ABSENT_PERSON = (
    "Party chair Kamala Harris resigned on Tuesday after the party lost the regional vote.\n\n"
    "The party's board will meet next week to choose who will lead it into the national campaign."
)

CASES = [
    ("wrong person, never named", "Biden resigns as party chair after regional vote", ABSENT_PERSON, 0, "contradicted", "entities", ["Biden", "Harris", "never mentions"]),
    ("asserting wire story", "Fed will raise interest rates in June, chair says", FED, 0, "supported", None, []),
    ("death toll story", "Storm kills 12 people in coastal towns", STORM, 0, "supported", None, []),
    ("plain science story", "Exercise lowers blood pressure in trial of 500 adults", SCIENCE, 0, "supported", None, []),
    # name, headline, body, claim index, verdict, check that must be named, words the explanation must contain
    ("wire story", "Central bank raises interest rates to 5.25 percent", WIRE, 0, "supported", None, ["5.25 percent"]),
    ("dropped hedge", "Coffee prevents liver cancer, study proves", HEDGE, 0, "overstated", "certainty", ["prevents", "observational"]),
    ("number off by ten", "Unemployment rises 40 percent in March", NUMBER, 0, "contradicted", "numbers", ["40 percent", "4 percent"]),
    ("wrong person", "Senator Smith resigns from finance committee", PERSON, 0, "contradicted", "entities", ["Smith", "Jones"]),
    ("absent claim", "Council approves new stadium: Mayor vows to cut property taxes", ABSENT, 1, "unsupported", None, ["Mayor vows to cut property taxes"]),
    ("absent claim, first part backed", "Council approves new stadium: Mayor vows to cut property taxes", ABSENT, 0, "supported", None, []),
    ("wrong date", "National election set for March 3", DATES, 0, "contradicted", "dates", ["March", "April"]),
    ("negation", "Health minister did not resign, spokesman says", NEGATION, 0, "contradicted", "negation", ["not"]),
    ("quantifier", "Thousands flee as floods hit Riverton", CROWD, 0, "overstated", "quantifiers", ["Thousands", "200"]),
]


@pytest.fixture(scope="module")
def analyzer() -> HeadlineSupport:
    return HeadlineSupport()


@pytest.mark.parametrize(("name", "headline", "body", "claim", "verdict", "check", "words"), CASES, ids=[c[0] for c in CASES])
def test_case_verdicts(analyzer: HeadlineSupport, name: str, headline: str, body: str, claim: int, verdict: str, check: str | None, words: list[str]) -> None:
    doc = Document.from_parts(headline, body)
    findings = analyzer(doc)
    f = findings[claim]
    assert f.label == verdict, f.explanation
    if check:
        assert f"{check} check" in f.explanation
    for w in words:
        assert w in f.explanation, f.explanation
    for s in f.spans:
        if len(s) <= 60:
            assert doc.span_text(s) in f.explanation
    for e in f.evidence:
        assert doc.body.contains(e)


def test_specimen(analyzer: HeadlineSupport, specimen_text: str) -> None:
    head, _, body = specimen_text.strip().partition("\n")
    doc = Document.from_parts(head, body)
    findings = analyzer(doc)
    texts = [doc.span_text(f.spans[0]) for f in findings]
    assert texts == ["Putin and China’s Defense Minister Hold Key Meeting in Moscow", "The West is on the Verge of a COLLAPSE!"]
    first, second = findings
    assert first.label == "supported" and first.evidence
    assert "Putin" in doc.span_text(first.evidence[0])
    # Missing words are no check with words on both sides: unsupported is at most medium (issue 15).
    assert second.label == "unsupported" and second.severity == "medium"
    assert "never mentions" in second.explanation
    summary = analyzer.analyse(doc).summary
    assert summary["verdict"] == "partly_supported"
    assert [c["verdict"] for c in summary["claims"]] == ["supported", "unsupported"]


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        (["supported"], "supported"),
        (["supported", "supported"], "supported"),
        (["supported", "unsupported"], "partly_supported"),
        (["supported", "overstated"], "partly_supported"),
        (["supported", "contradicted"], "contradicted"),
        (["overstated", "unsupported"], "overstated"),
        (["unsupported", "unsupported"], "unsupported"),
        (["overstated"], "overstated"),
    ],
)
def test_overall(verdicts: list[str], expected: str) -> None:
    assert overall(verdicts) == expected
