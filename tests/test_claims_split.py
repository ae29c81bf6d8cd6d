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
]


@pytest.mark.parametrize(("name", "headline", "expected"), CASES, ids=[c[0] for c in CASES])
def test_split(name: str, headline: str, expected: list[str]) -> None:
    doc = Document.from_parts(headline, "Body text here.")
    spans = claims.headline_claims(doc)
    assert [doc.span_text(s) for s in spans] == expected
    assert all(doc.headline.contains(s) for s in spans)
