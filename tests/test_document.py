"""The document carries its quotations once: read by the one quote reader, shared by every analyzer."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES
from unspun import inputs
from unspun.document import Document
from unspun.text.quotes import quote_spans

SAMPLES = [
    ("plain", 'Mayor says "we will rebuild"', 'The mayor said: "We will rebuild the pier." Others disagreed.'),
    ("block quote", "Council vote", '"This paragraph opens a quotation\n\nand the next one closes it," she said.'),
    ("single marks", "'Shocking' result", "The players' union called it 'a scandal' on Monday."),
    ("no body", '"Quoted" headline only', ""),
    ("headline only quote", 'Minister: "No comment"', "The minister declined to comment further."),
]


def _examples() -> list[Document]:
    return [inputs.read(p) for p in sorted(EXAMPLES.iterdir()) if p.suffix in {".txt", ".json"}]


@pytest.mark.parametrize(("name", "headline", "body"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_quotations_are_the_readers_spans_of_the_text(name: str, headline: str, body: str) -> None:
    doc = Document.from_parts(headline, body)
    assert [(q.start, q.end) for q in doc.quotations] == quote_spans(doc.text)
    assert doc.quotations is doc.quotations  # read once


def test_body_quotations_are_the_bodys_own_on_every_example() -> None:
    docs = _examples()
    assert docs
    for doc in docs:
        # analyzers that read the body alone (first-person rate, sourcing) rely on this equality
        assert doc.body_quotations() == quote_spans(doc.body_text), doc.headline_text
