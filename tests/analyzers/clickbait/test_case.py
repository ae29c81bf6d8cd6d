"""The clickbait model does not flag plain news for its letter case.

Headlines written for this test (not from any data set): ordinary news, each in
sentence case and in Title Case. None may be flagged; the two casings of one
headline must score alike; and clickbait stays clickbait in sentence case.
"""

from __future__ import annotations

import pytest

from unspun.analyzers.clickbait.features import recase
from unspun.analyzers.clickbait.model import load

NEWS = [
    "Council approves new budget after a long debate over road repairs",
    "Heavy rain floods homes in three northern towns",
    "Government announces plan to cut hospital waiting lists by 2028",
    "Police arrest two men after bank robbery in city centre",
    "Unemployment falls to its lowest level in a decade",
    "Storm knocks out power to 40,000 homes across the region",
    "Prime minister meets European leaders to discuss trade deal",
    "Oil prices rise after producers agree to cut output",
    "Court rules that the factory must pay workers compensation",
    "School strike ends as teachers accept pay offer",
    "Scientists find new species of frog in the rainforest",
    "Train drivers vote to strike over working hours",
    "Fire destroys warehouse on the edge of the industrial estate",
    "Central bank raises interest rates by a quarter point",
    "Hospital opens new cancer treatment unit",
    "Parliament rejects bill to lower the voting age",
    "Wildfire forces evacuation of villages near the coast",
    "Airline cancels hundreds of flights as staff walk out",
    "Government to spend 2 billion pounds on new railway line",
    "Ministers agree to review the rules on housing benefit",
    "Election results delayed after counting error in two districts",
    "Drought leaves farmers facing a poor harvest this year",
    "City council votes to build a new bridge across the river",
    "Car maker recalls 50,000 vehicles over brake fault",
    "Inflation rises to 4 percent as food prices climb",
    "Health officials report rise in flu cases over the winter",
    "Former mayor jailed for fraud after two-year investigation",
    "Trade talks between the two countries resume in Geneva",
    "Earthquake damages buildings in the south of the country",
    "University receives record number of applications",
]

CLICKBAIT = [
    "You won't believe what this dog did at the beach",
    "21 pictures that will make you feel old",
    "Which pizza topping are you based on your star sign",
    "This is the best thing you will see all week",
]


@pytest.mark.parametrize("headline", NEWS)
@pytest.mark.parametrize("style", [0, 1], ids=["sentence_case", "title_case"])
def test_plain_news_is_not_flagged_in_either_case(headline: str, style: int) -> None:
    h = recase(headline, style)
    assert load().probability(h) < 0.5, h


@pytest.mark.parametrize("headline", NEWS[:10] + CLICKBAIT)
def test_sentence_and_title_case_score_alike(headline: str) -> None:
    m = load()
    assert abs(m.probability(recase(headline, 0)) - m.probability(recase(headline, 1))) < 0.05


@pytest.mark.parametrize("headline", CLICKBAIT)
@pytest.mark.parametrize("style", [0, 1, 2], ids=["sentence_case", "title_case", "lower_case"])
def test_clickbait_is_flagged_in_any_case(headline: str, style: int) -> None:
    assert load().probability(recase(headline, style)) >= 0.5


@pytest.mark.parametrize(
    ("headline", "style", "expected"),
    [
        ("This Dog Did Something Amazing In The US", 0, "This dog did something amazing in the US"),
        ("this dog did something amazing", 1, "This Dog Did Something Amazing"),
        ("What I Learnt From NASA", 2, "what i learnt from nasa"),
        ("What I Learnt From NASA", 3, "What I Learnt From NASA"),
    ],
)
def test_recase(headline: str, style: int, expected: str) -> None:
    assert recase(headline, style) == expected
