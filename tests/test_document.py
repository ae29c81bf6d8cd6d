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


# (name, calls in order as (spans by name, max_tokens), encoder passes, texts the encoder sees in all): a text is
# embedded once per document, the headline rides along with the first call, and a short text cut at two lengths is one
VECTOR_CASES = [
    ("claims then headline", [(["claim", "port"], 64), (["headline"], 128)], 1, 3),
    ("headline first", [(["headline"], 128), (["port"], 64)], 2, 2),
    ("headline is a claim", [(["headline", "port"], 64), (["headline"], 128)], 1, 2),
    ("repeat", [(["port", "port"], 64), (["port"], 64)], 1, 2),
    ("nothing asked", [([], 64), (["headline"], 128)], 1, 1),
]


@pytest.mark.parametrize(("name", "calls", "passes", "encoded"), VECTOR_CASES, ids=[c[0] for c in VECTOR_CASES])
def test_vectors_are_embedded_once_per_document(name: str, calls: list[tuple[list[str], int]], passes: int,
                                                encoded: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from unspun.document import Span
    from unspun.runtime import embed

    seen: list[int] = []
    compute = embed._compute
    monkeypatch.setattr(embed, "_compute", lambda m, seqs, out, bt: (seen.append(len(seqs)), compute(m, seqs, out, bt)))
    doc = Document.from_parts("Harbour fire kills three", "The port was busy. Ships sink in storms.")
    spans = {"headline": doc.headline, "claim": Span(0, 12), "port": doc.sentences[0]}
    got = [doc.vectors([spans[n] for n in names], max_tokens=cut) for names, cut in calls]
    assert (len(seen), sum(seen)) == (passes, encoded)
    monkeypatch.undo()
    for (names, cut), vecs in zip(calls, got, strict=True):
        texts = [doc.span_text(spans[n]) for n in names]
        assert vecs.shape == (len(texts), embed.DIM)
        # each the text's own vector, to within the float-sum order of the pass it came from
        assert np.allclose(vecs, embed.embed(texts, max_tokens=cut), atol=1e-5)
