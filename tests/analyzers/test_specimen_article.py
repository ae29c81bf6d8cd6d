"""The clickbait, emotive-intensity and persuasion analyzers on the specimen article: they run, and their spans are in bounds."""

from __future__ import annotations

import pytest

from unspun.analyzers.clickbait.analyzer import Clickbait
from unspun.analyzers.emotive_intensity import EmotiveIntensity
from unspun.analyzers.persuasion.analyzer import Persuasion
from unspun.document import Document


@pytest.mark.parametrize("cls", [Clickbait, Persuasion, EmotiveIntensity])
def test_specimen_runs_with_spans_in_bounds(specimen_text: str, cls: type) -> None:
    head, _, body = specimen_text.partition("\n")
    doc = Document.from_parts(head, body)
    a = cls()
    found = a(doc)
    for f in found:
        for s in f.spans:
            assert 0 <= s.start < s.end <= len(doc.text)
    assert isinstance(a.analyse(doc).summary, dict)
