"""The shared parse helper: one parse per text, reused."""

from __future__ import annotations

import pytest

from unspun.runtime import nlp


@pytest.mark.parametrize("text", ["Smith said the vote was close.", "Rain is expected on Monday."])
def test_parse_gives_a_fresh_doc_each_call(text: str) -> None:
    a = nlp.parse(text)
    assert a.text == text and len(a) > 0
    assert nlp.parse(text) is not a  # nothing kept between calls (house style 18)


def test_parse_many_keeps_order_and_parses_repeats_once() -> None:
    texts = ["One sentence here.", "Another one there.", "One sentence here."]
    docs = nlp.parse_many(texts, disable=("ner",))
    assert [d.text for d in docs] == texts
    assert docs[0] is docs[2]
    assert not docs[0].ents


def test_parse_many_is_safe_from_several_threads() -> None:
    """The web server parses in several threads at once."""
    from concurrent.futures import ThreadPoolExecutor

    def texts(k: int, i: int) -> list[str]:
        return [f"Officer {k} said case {i - 1} was closed.", f"Officer {k} said case {i} was closed."]

    def work(k: int) -> list[str]:
        return [d.text for i in range(20) for d in nlp.parse_many(texts(k, i))]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, range(4)))
    for k, got in enumerate(results):
        assert got == [t for i in range(20) for t in texts(k, i)]


def test_spacy_pipeline_multiplies_with_numpy_blas() -> None:
    """Issue 7: spaCy's matrix products go through numpy's BLAS (3x faster here than thinc's BLIS)."""
    from unspun.runtime import nlp

    nodes = [n for _, pipe in nlp.load().pipeline if hasattr(pipe, "model") for n in pipe.model.walk()]
    assert nodes and all(getattr(n.ops, "use_blis", None) is False for n in nodes)


@pytest.mark.parametrize(
    ("first", "second", "reused"),
    [
        (("attribute_ruler", "ner"), ("ner", "attribute_ruler"), True),  # the same pipes, in any order
        (("attribute_ruler", "ner"), ("attribute_ruler",), False),  # with entities: another parse
    ],
)
def test_a_documents_memo_shares_parses_between_analyzers(first: tuple[str, ...], second: tuple[str, ...],
                                                           reused: bool) -> None:
    from unspun.document import Document

    doc = Document.from_parts("Council news", "Ana Reyes said the pipes were old.")
    text = doc.sentence_texts()[0]
    a = nlp.parse_many([text], disable=first, memo=nlp.memo(doc))[0]
    b = nlp.parse_many([text], disable=second, memo=nlp.memo(doc))[0]
    assert (a is b) is reused
    other = Document.from_parts("Council news", "Ana Reyes said the pipes were old.")
    assert nlp.parse_many([text], disable=first, memo=nlp.memo(other))[0] is not a  # per document
