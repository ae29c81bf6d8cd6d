"""Headline claim splitting: spans into the document text."""

from __future__ import annotations

import pytest

from unspun.analyzers.headline_support import claims
from unspun.document import Document

CASES = [
    ("colon", "Putin and China’s Defense Minister Hold Key Meeting in Moscow: The West is on the Verge of a COLLAPSE!",
     ["Putin and China’s Defense Minister Hold Key Meeting in Moscow", "The West is on the Verge of a COLLAPSE!"]),
    ("and is not a cut", "Smith and Jones sign trade deal", ["Smith and Jones sign trade deal"]),
    ("label dropped", "BREAKING: Smith resigns as finance chair", ["Smith resigns as finance chair"]),
    ("pipe and dash", "Markets tumble | Oil hits $100 — analysts warn of recession", ["Markets tumble", "Oil hits $100", "analysts warn of recession"]),
    ("question then answer", "Is this the end? Scientists say no", ["Is this the end?", "Scientists say no"]),
    ("contrast", "Coffee prevents cancer, but experts urge caution", ["Coffee prevents cancer", "experts urge caution"]),
    ("semicolon", "Floods hit north; thousands evacuated", ["Floods hit north", "thousands evacuated"]),
    ("hyphen inside a word", "Well-known author wins prize", ["Well-known author wins prize"]),
    ("single word", "Wow", ["Wow"]),
    ("no cut inside double quotes", 'Batmobile stolen from "Batman v Superman: Dawn of Justice" set', ['Batmobile stolen from "Batman v Superman: Dawn of Justice" set']),
    ("scare quotes kept whole", "'Neutral' fact-checker David Emery: 'Are there any un-angry voters?'",
     ["'Neutral' fact-checker David Emery", "'Are there any un-angry voters?'"]),
    ("quote left open by the cut", "Obama: 'gun laws are my biggest frustration", ["gun laws are my biggest frustration"]),
]


@pytest.mark.parametrize(("name", "headline", "expected"), CASES, ids=[c[0] for c in CASES])
def test_split(name: str, headline: str, expected: list[str]) -> None:
    doc = Document.from_parts(headline, "Body text here.")
    spans = claims.headline_claims(doc)
    assert [doc.span_text(s) for s in spans] == expected
    assert all(doc.headline.contains(s) for s in spans)


NOT_CLAIMS = [
    # piece, the page's hints, at an end of the title, the whole headline, expected kind
    ("19.01.2020", claims.Hints(), True, False, "date"),
    ("Updated: Jan 3, 2020 10:32 GMT", claims.Hints(), True, False, "date"),
    ("Caktus Group", claims.Hints(sites=("Caktus Group",)), True, False, "site name"),
    ("Stack Overflow Blog", claims.Hints(host="stackoverflow.blog"), True, False, "site name"),
    ("The Planetary Press", claims.Hints(host="www.theplanetarypress.com"), True, False, "site name"),
    ("Daily Mail Online", claims.Hints(), True, False, "site name"),
    ("Salon.com", claims.Hints(), True, False, "site name"),
    ("Eleanor Ainge Roy", claims.Hints(authors=("Eleanor Ainge Roy",)), True, False, "byline"),
    ("By Jane Doe", claims.Hints(), True, False, "byline"),
    ("Leader spotlight", claims.Hints(), True, False, "section label"),
    ("Allergies Health Center", claims.Hints(), False, True, "section label"),
    ("LWN.net Weekly Edition for March 26, 2015", claims.Hints(), False, True, "edition title"),
    ("Morning Briefing: June 3", claims.Hints(), False, True, "edition title"),
    ("The Daily Digest, 12 May 2020", claims.Hints(), False, True, "edition title"),
    # claims
    ("Council delays budget edition for March 2020", claims.Hints(), False, True, None),  # a verb: not a title
    ("Weekly Edition sold out on March 26", claims.Hints(), False, True, None),  # after the name, a claim
    ("Markets slump for March 26, 2015", claims.Hints(), False, True, None),  # no issue word
    ("Erin Spiceland", claims.Hints(), True, False, None),
    ("Tax dollars", claims.Hints(), False, False, None),
    ("Senate passes budget", claims.Hints(sites=("Senate News",)), True, False, None),
    ("Mail on Sunday backs campaign", claims.Hints(), True, False, None),
    ("Fake News", claims.Hints(), False, True, None),
]


@pytest.mark.parametrize(("piece", "hints", "at_edge", "whole", "kind"), NOT_CLAIMS, ids=[c[0] for c in NOT_CLAIMS])
def test_not_a_claim(piece: str, hints: claims.Hints, at_edge: bool, whole: bool, kind: str | None) -> None:
    assert claims.not_a_claim(piece, hints, at_edge=at_edge, whole=whole) == kind
