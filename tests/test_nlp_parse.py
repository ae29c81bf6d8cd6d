"""The shared parse helper: one parse per text, reused."""

from __future__ import annotations

import pytest

from unspun import nlp


@pytest.mark.parametrize("text", ["Smith said the vote was close.", "Rain is expected on Monday."])
def test_parse_is_cached_per_text(text: str) -> None:
    a = nlp.parse(text)
    assert nlp.parse(text) is a
    assert a.text == text and len(a) > 0


def test_parse_many_keeps_order_and_disable_key() -> None:
    texts = ["One sentence here.", "Another one there.", "One sentence here."]
    docs = nlp.parse_many(texts, disable=("ner",))
    assert [d.text for d in docs] == texts
    assert docs[0] is docs[2]
    assert nlp.parse("One sentence here.") is not docs[0]  # different pipes, different entry
