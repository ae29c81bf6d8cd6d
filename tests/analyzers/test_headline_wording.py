import pytest

from unspun.analyzers.headline_wording import HeadlineWording
from unspun.document import Document


def marks(headline: str) -> dict[str, str]:
    doc = Document.from_parts(headline, "Body text for the article goes here.")
    return {doc.span_text(f.spans[0]): f.label for f in HeadlineWording()(doc)}


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("The West is on the Verge of a COLLAPSE!", {"on the Verge of": "sensational", "COLLAPSE": "all_caps", "!": "exclamation"}),
        ("You Won't Believe What Happened Next", {"You Won't Believe": "teaser", "What Happened Next": "teaser"}),
        ("This Is Why Your Rent Keeps Rising", {"This Is Why": "teaser"}),
        ("You Won’t Believe This", {"You Won’t Believe": "teaser"}),  # curly apostrophe
        ("The 10 best beaches in Europe", {"best": "superlative"}),
        ("Senator SLAMS rival in fiery debate", {"SLAMS": "all_caps"}),
        ("NATO and the FBI open joint inquiry", {}),  # acronyms are names, not shouting
        ("West Coast protest draws interest from investors", {}),  # -est words that are not superlatives
        ("Council approves 4 percent fare rise from July", {}),
        ("Really?!", {"?!": "exclamation"}),
    ],
)
def test_headline_wording_marks(headline: str, expected: dict[str, str]) -> None:
    assert marks(headline) == expected


def test_headline_wording_whole_headline_in_caps_is_one_mark() -> None:
    got = marks("MAYOR RESIGNS AFTER BUDGET VOTE")
    assert got == {"MAYOR RESIGNS AFTER BUDGET VOTE": "all_caps"}


def test_headline_wording_word_with_two_signals_is_one_finding() -> None:
    doc = Document.from_parts("Markets face COLLAPSE", "Body.")
    (f,) = HeadlineWording()(doc)
    assert f.data["signals"] == ["all_caps", "sensational"]
    assert "capital letters" in f.explanation and "sensational" in f.explanation


@pytest.mark.parametrize("n", [3, 4, 6])
def test_headline_wording_min_caps_letters_param(n: int) -> None:
    doc = Document.from_parts("Prices SOAR in city", "Body.")
    found = [doc.span_text(f.spans[0]) for f in HeadlineWording(min_caps_letters=n)(doc)]
    assert ("SOAR" in found) == (n <= 4)


@pytest.mark.parametrize(
    ("headline", "body", "expected"),
    [
        # the body writes the word in capitals too: a name or an acronym
        ("JSON parsing: simdjson vs. JSON for Modern C++", "Parsing JSON quickly matters. JSON is everywhere.", {}),
        # the body spells it with stops
        ("Getting LEAN with Digital Ad UX", "The L.E.A.N. programme asks for lighter ads.", {}),
        # the label of live coverage
        ("Level 3 LIVE news from Cork as county adapts", "Restrictions begin at midnight.", {}),
        # capitals the body does not repeat still shout
        ("Pearl Oscar Dress -- STOLEN", "The dress was taken from her hotel room.", {"STOLEN": "all_caps"}),
        ("Senator SLAMS rival", "The senator criticised her rival in a debate.", {"SLAMS": "all_caps"}),
    ],
)
def test_headline_wording_capitals_the_body_uses_are_names(headline: str, body: str, expected: dict[str, str]) -> None:
    doc = Document.from_parts(headline, body)
    assert {doc.span_text(f.spans[0]): f.label for f in HeadlineWording()(doc)} == expected


@pytest.mark.parametrize(
    ("headline", "body", "expected"),
    [
        # a sensational word alone is low; with shouting beside it, medium
        ("Storms wreak havoc on the coast", "The storm hit on Monday.", {"havoc": "low"}),
        ("Storms wreak havoc on the coast!", "The storm hit on Monday.", {"havoc": "medium", "!": "medium"}),
        # the word names the article's subject: not flagged
        ("Chaos in the weather models", "Chaos theory says chaos grows. The chaos of weather limits forecasts.", {}),
    ],
)
def test_sensational_severity_follows_the_evidence(headline: str, body: str, expected: dict[str, str]) -> None:
    doc = Document.from_parts(headline, body)
    got = {doc.span_text(f.spans[0]): f.severity for f in HeadlineWording()(doc) if f.label in ("sensational", "exclamation")}
    assert got == expected
