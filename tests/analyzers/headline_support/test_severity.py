"""Severity that matches the evidence (issue 15): each class of real-page mistake as a table of short texts.

HIGH only from a named check that quotes the headline's words and the body's; the stance model alone is at
most medium and says so; no "supported" below the analyzer's own thresholds; names compared in any case
and in their variants; site names, bylines, dates and section labels are not claims; who did what.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pytest

from unspun.analyzers import NotApplicable
from unspun.analyzers.headline_support import stance
from unspun.analyzers.headline_support.analyzer import HeadlineSupport
from unspun.document import Document, Metadata, MetaField
from unspun.findings import Finding


class FixedStance:
    """A stance model that reads every claim the same way, to test the verdict rules on their own."""

    def __init__(self, **p: float) -> None:
        self.vocab = stance.load().vocab
        self.p = np.array([p.get(lab, 0.0) for lab in stance.LABELS], dtype=np.float32)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return np.tile(self.p, (len(np.atleast_2d(x)), 1))


def judge(headline: str, body: str, model: FixedStance | None = None, metadata: Metadata | None = None) -> tuple[Document, list[Finding], dict[str, Any]]:
    an = HeadlineSupport()
    an.stance_model = cast(Any, model)
    doc = Document.from_parts(headline, body, metadata=metadata)
    result = an.analyse(doc)
    return doc, list(result.findings), result.summary


def assert_both_sides(doc: Document, f: Finding) -> None:
    """A HIGH finding names its check and quotes the headline's words and the body's."""
    assert f.severity == "high"
    backing = [c for c in f.data["checks"] if c["verdict"] == f.label and c.get("headline_words") and c.get("body_words")]
    assert backing, f.data["checks"]
    for c in backing:
        assert f"{c['check']} check" in f.explanation
        for s in c["headline_words"]:
            assert doc.headline.start <= s["start"] < s["end"] <= doc.headline.end
        for s in c["body_words"]:
            assert doc.body.start <= s["start"] < s["end"] <= doc.body.end


# -- 1. the stance model alone ---------------------------------------------------------------------------

AMAZON = (
    "Fires are burning across the Amazon rainforest this month. Fire season in the Amazon is just beginning, "
    "and the smoke is already so bad that it can be seen from space, satellite images show.\n\n"
    "Scientists said the fires were set to clear land for cattle."
)
AMAZON_DEBUNKED = (
    "A post shared thousands of times says the Amazon is on fire and the smoke can be seen from space. "
    "Scientists said the claim was a hoax: the photo is from 2015.\n\n"
    "Satellite images this week show no large fires in the region."
)
AMAZON_DOUBTED_ELSEWHERE = (
    "Farmers in Brazil cleared more forest this year than last, officials said.\n\n"
    "Some researchers doubt the official figures, which are compiled from satellite data."
)
DISAGREE = FixedStance(disagree=0.9, agree=0.05, discuss=0.05)

STANCE_ONLY = [
    # name, headline, body, verdict, severities allowed, words the explanation must contain
    ("body restates it, disputes nothing", "The Amazon is on fire and the smoke can be seen from space", AMAZON, "supported", {"info"}, ["restates it", "no specific check confirms that"]),
    ("a disputing word about it", "The Amazon is on fire and the smoke can be seen from space", AMAZON_DEBUNKED, "contradicted", {"medium"}, ["stance model", "hoax", "no specific check confirms it"]),
    ("doubt elsewhere, nothing restates it", "Amazon farmers clear record forest area", AMAZON_DOUBTED_ELSEWHERE, "contradicted", {"low", "medium"}, ["stance model", "no specific check confirms it"]),
    ("a topic, not a claim", "Manhole fires and burst pipes", "Manhole fires and burst pipes are common in winter, when salt seeps into the cables under the streets.", "supported", {"info"}, []),
    ("a question asserts nothing", "Are there any un-angry voters left?", "A writer asked on Twitter whether there are any un-angry voters left after the election.", "supported", {"info"}, []),
]


@pytest.mark.parametrize(("name", "headline", "body", "verdict", "severities", "words"), STANCE_ONLY, ids=[c[0] for c in STANCE_ONLY])
def test_stance_model_alone_is_never_high(name: str, headline: str, body: str, verdict: str, severities: set[str], words: list[str]) -> None:
    _, (f,), _ = judge(headline, body, DISAGREE)
    assert f.label == verdict, f.explanation
    assert f.severity in severities, f.explanation
    for w in words:
        assert w in f.explanation, f.explanation


# -- 2. never "supported" below the analyzer's thresholds ----------------------------------------------------

THRESHOLDS = [
    # name, headline, body, stance model, severity: the model agreeing makes it low confidence, not supported
    ("model agrees, nothing else does", "Markets on the verge of COLLAPSE!", "Shares fell 2 percent on Monday.", FixedStance(agree=0.8, unrelated=0.2), "low"),
    ("model reads it as related", "Markets on the verge of COLLAPSE!", "Shares fell 2 percent on Monday.", FixedStance(discuss=0.9, unrelated=0.1), "medium"),
    ("the shipped model", "Markets on the verge of COLLAPSE!", "Shares fell 2 percent on Monday.", None, None),
    ("title case", "Markets On The Verge Of Collapse", "Shares fell 2 percent on Monday.", None, None),
]


@pytest.mark.parametrize(("name", "headline", "body", "model", "severity"), THRESHOLDS, ids=[c[0] for c in THRESHOLDS])
def test_no_support_below_thresholds(name: str, headline: str, body: str, model: FixedStance | None, severity: str | None) -> None:
    _, (f,), _ = judge(headline, body, model)
    assert f.data["coverage"] < 0.5 and f.data["similarity"] < 0.5
    assert f.label == "unsupported", f.explanation
    assert f.severity in ("low", "medium")
    if severity:
        assert f.severity == severity, f.explanation
    if f.severity == "low":
        assert "low confidence" in f.explanation


# -- 3. names in any case, and their variants ---------------------------------------------------------------

PERSON = (
    "Senator Jones resigned from the finance committee on Tuesday after a vote on the budget.\n\n"
    "Senator Smith, who chairs the finance committee, thanked Jones for her years of service."
)
CASES = [
    ("sentence case", "Senator Smith resigns from finance committee"),
    ("title case", "Senator Smith Resigns From Finance Committee"),
    ("all caps", "SENATOR SMITH RESIGNS FROM FINANCE COMMITTEE"),
]


@pytest.mark.parametrize(("name", "headline"), CASES, ids=[c[0] for c in CASES])
def test_roles_in_every_case(name: str, headline: str) -> None:
    doc, (f,), _ = judge(headline, PERSON)
    assert f.label == "contradicted", f.explanation
    assert "entities check" in f.explanation and "Smith" in f.explanation and "Jones" in f.explanation
    assert_both_sides(doc, f)


VARIANTS = [
    # name, headline, body: the body names the headline's name another way; nothing is missing or contradicted
    ("acronym of a camel-case name", "These are the 8 coolest PlayStation VR games", "I have put together this list of the eight PSVR games worth buying. Each of the PSVR games runs on the PS4."),
    ("acronym of an organisation", "DHS warns of new phishing campaign", "The Department of Homeland Security warned on Monday of a new phishing campaign aimed at election offices."),
    ("clipped name", "Fed will raise interest rates in June", "The Federal Reserve will raise interest rates in June, its chair said on Tuesday."),
    ("surname for the full name", "Oliver joins campaign against toxic food", "Chef Jamie Oliver has joined the campaign against toxic food, writing an open letter to ministers."),
    ("title case, same name", "Google Buys Fitbit For $2.1 Billion", "Alphabet's Google said on Friday it would buy Fitbit for $2.1 billion, betting on wearables."),
    ("all caps, same name", "GOOGLE BUYS FITBIT FOR $2.1 BILLION", "Alphabet's Google said on Friday it would buy Fitbit for $2.1 billion, betting on wearables."),
    ("a shouted word is not a name", "Level 3 LIVE news from Cork as county adapts to restrictions", "Every day we'll send you the latest news from Cork as the county adapts to Level 3 restrictions. Cork news, live."),
]


@pytest.mark.parametrize(("name", "headline", "body"), VARIANTS, ids=[c[0] for c in VARIANTS])
def test_name_variants_are_the_same_name(name: str, headline: str, body: str) -> None:
    _, (f,), _ = judge(headline, body)
    assert f.label != "contradicted", f.explanation
    assert "never mentions" not in f.explanation
    assert not [c for c in f.data["checks"] if c["check"] == "entities"], f.data["checks"]


ABSENT = [
    # the headline's name, in three cases, that the body never gives
    ("sentence case", "Harris wins party vote"),
    ("title case", "Harris Wins Party Vote"),
    ("all caps", "HARRIS WINS PARTY VOTE"),
]


@pytest.mark.parametrize(("name", "headline"), ABSENT, ids=[c[0] for c in ABSENT])
def test_absent_name_in_every_case(name: str, headline: str) -> None:
    _, (f,), _ = judge(headline, "The party's board met on Tuesday and chose a new leader by a show of hands. The vote was close.")
    absent = [c for c in f.data["checks"] if c["check"] == "entities" and c["verdict"] == "absent"]
    assert absent and "Harris" in absent[0]["reason"].title(), f.data["checks"]


# -- 4. who did what ------------------------------------------------------------------------------------

ROLES = [
    # name, headline, body, contradicted?, words the explanation must contain
    ("another name resigned, the headline's commented", "Jones resigns after budget row",
     "Smith resigned on Tuesday after a row over the budget, officials said. Jones said the resignation was a loss for the party.",
     True, ["Jones", "Smith", "resigned", '"Jones" "said"']),
    ("the roles reversed", "Apple sues Samsung over smartphone patents",
     "Samsung sued Apple over smartphone patents on Friday, the company said in a statement.", True, ["Apple", "Samsung"]),
    ("the headline's name never in the body", "Tesla recalls 50,000 cars over braking fault",
     "Ford recalled 50,000 cars on Wednesday over a braking fault, the company said.", True, ["Tesla", "Ford"]),
    ("the same doer", "Jones resigns after budget row", "Jones resigned on Tuesday after a row over the budget, officials said.", False, []),
    ("a pronoun for the headline's doer", "Smith resigns as finance chair",
     "Smith, the finance chair, announced on Tuesday that he would step down. He resigned after a row with Jones over the budget.", False, []),
    ("headlinese passive", "Actor Judd Nelson found dead in Los Angeles",
     "Police found actor Judd Nelson dead in his Los Angeles home on Monday, officials said.", False, []),
    ("a dateline is not a doer", "Rebels agree to ceasefire with the army",
     "MAIDUGURI, Nigeria — The rebels agreed to a ceasefire with the army on Friday, officials said.", False, []),
    ("a common-noun doer is not checked", "Mayor arrests police chief over bribery claims",
     "Police arrested the city's mayor on Monday over claims he took bribes from a developer.", False, []),
]


@pytest.mark.parametrize(("name", "headline", "body", "contradicted", "words"), ROLES, ids=[c[0] for c in ROLES])
def test_who_did_what(name: str, headline: str, body: str, contradicted: bool, words: list[str]) -> None:
    doc, (f,), _ = judge(headline, body)
    roles = [c for c in f.data["checks"] if c["check"] == "entities" and c["verdict"] == "contradicted"]
    assert bool(roles) is contradicted, (f.explanation, f.data["checks"])
    if contradicted:
        assert f.label == "contradicted"
        assert_both_sides(doc, f)
        for w in words:
            assert w in f.explanation, f.explanation


# -- 5. negation ----------------------------------------------------------------------------------------

NEGATION = [
    # name, headline, body, contradicted by the negation check?
    ("a real denial", "Company did not break the law, court rules",
     "A court ruled on Monday that the company broke competition law by favouring its own shopping service.", True),
    ("'no other' is a superlative", "The most flexible browser on the web",
     "No other browser on the web gives you so much choice and flexibility as this flexible browser.", False),
    ("the negation denies another word", "Apple's headset is the display moment for headsets",
     "Apple's goal for the headset is clearly the display, so not compromising on the display moment for headsets is the right call.", False),
    ("the body reports a claim", "Aid worker not captured in Kobani",
     "Online reports claim the aid worker was captured by militants in Kobani.", False),
    ("a verb that already says no", "Actor bails on biopic of tech founder",
     "The actor will not play the tech founder in the biopic after all, his agent said.", False),
    ("the headline quotes the word", "Woman 'captured' by militants says she is safe",
     "The woman posted that she was safe and was not captured by militants, as had been widely said.", False),
    ("a question", "Is the audio of the shooting a hoax?", "Experts said the audio of the shooting was recorded by a neighbour.", False),
]


@pytest.mark.parametrize(("name", "headline", "body", "contradicted"), NEGATION, ids=[c[0] for c in NEGATION])
def test_negation_reads_what_is_denied(name: str, headline: str, body: str, contradicted: bool) -> None:
    doc, (f,), _ = judge(headline, body)
    neg = [c for c in f.data["checks"] if c["check"] == "negation"]
    assert bool(neg) is contradicted, (f.explanation, f.data["checks"])
    if contradicted:
        assert_both_sides(doc, f)


# -- 6. what is not a claim -------------------------------------------------------------------------------

STORY = "Acme Corp reported record profits for the third quarter on Thursday, driven by strong sales in Asia."


def meta(site: str | None = None, author: str | None = None, url: str | None = None) -> Metadata:
    def f(v: str | None) -> MetaField:
        return MetaField(v, "page_metadata") if v else MetaField()

    return Metadata(url=f(url), site=f(site), author=f(author))


NOT_CLAIMS = [
    # name, headline, metadata, the dropped piece, its kind
    ("site name from the metadata", "Acme Corp reports record profits | Caktus Group", meta(site="Caktus Group"), "Caktus Group", "site name"),
    ("site name from the address", "Acme Corp reports record profits - Kulu Media", meta(url="https://kulu-media.com/acme"), "Kulu Media", "site name"),
    ("site name with a brand word", "Acme Corp reports record profits | Business Wire", None, "Business Wire", "site name"),
    ("a domain name", "Acme Corp reports record profits | Salon.com", None, "Salon.com", "site name"),
    ("byline from the metadata", "Acme Corp reports record profits | Eleanor Ainge Roy", meta(author="Eleanor Ainge Roy"), "Eleanor Ainge Roy", "byline"),
    ("a By line", "Acme Corp reports record profits | By Jane Doe", None, "By Jane Doe", "byline"),
    ("a numeric date", "Acme Corp reports record profits | DW | 19.01.2020", None, "19.01.2020", "date"),
    ("a written date and time", "Acme Corp reports record profits - Updated 3 March 2021, 10:32 GMT", None, "Updated 3 March 2021, 10:32 GMT", "date"),
    ("a series label", "Leader spotlight: Acme Corp reports record profits", None, "Leader spotlight", "section label"),
]


@pytest.mark.parametrize(("name", "headline", "metadata", "piece", "kind"), NOT_CLAIMS, ids=[c[0] for c in NOT_CLAIMS])
def test_not_claims_are_dropped_and_named(name: str, headline: str, metadata: Metadata | None, piece: str, kind: str) -> None:
    doc, findings, summary = judge(headline, STORY, metadata=metadata)
    assert [doc.span_text(f.spans[0]) for f in findings] == ["Acme Corp reports record profits"]
    assert {"text": piece, "kind": kind} in [{"text": c["text"], "kind": c["kind"]} for c in summary["not_claims"]]


def test_headline_that_is_only_a_section_label_is_not_applicable() -> None:
    with pytest.raises(NotApplicable, match="section label"):
        judge("Allergies Health Center", "Peanut allergies have been on the rise in the past decade, researchers say.")


def test_claims_between_pipes_are_kept() -> None:
    """Only the ends of a page title carry site names and bylines: letters' titles in the middle are claims."""
    _, findings, _ = judge("Letters: Coddling criminals | Undermining road | Tax dollars", "The DA is coddling criminals. Quarry trucks are undermining the road. Agencies waste tax dollars.")
    assert len(findings) == 3


LOOSE = [
    # name, headline, body: a mismatch a check finds, on evidence too loose for HIGH
    ("another year in a background sentence", "Ramadan jihad 2018 death toll so far is 218",
     "A jihad group explained it back in 2012: the month of Ramadan is a month of holy war and death. The toll this year is 218."),
    ("the same verb, another action", "Graham unleashes firestorm at Democrat senators",
     "After Kavanaugh unleashed his own refutation of the charges and blasted Democrat senators, Graham finally spoke."),
    ("'or not' is no denial", "See if your senator supports the Second Amendment or not",
     "One of the most important areas our senators need to be strong in is the Second Amendment, and we list how each one votes."),
    ("March the noun", "Migrant caravan resumes march to US border", "The caravan of migrants set off again on Sunday towards the US border, organisers said, in early November."),
]


@pytest.mark.parametrize(("name", "headline", "body"), LOOSE, ids=[c[0] for c in LOOSE])
def test_loose_evidence_is_not_high(name: str, headline: str, body: str) -> None:
    _, (f,), _ = judge(headline, body)
    assert f.severity != "high", f.explanation


def test_explainer_headline_is_not_disputed_by_the_model_alone() -> None:
    """'Why X is Y' announces an explanation; the stance model alone does not make it contradicted."""
    _, (f,), _ = judge("Why neon is the ultimate symbol of the 20th century",
                       "The author makes a convincing case for neon as the ultimate symbol of the 20th century and its modern ambitions.", DISAGREE)
    assert f.label == "supported", f.explanation
