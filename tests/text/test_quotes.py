"""Quotations and reported speech by offset (``unspun.text.quotes``): styles, apostrophes, what stays the article's."""

from __future__ import annotations

import pytest

from unspun.text import segment
from unspun.text.quotes import quote_spans, reported_spans


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in quote_spans(text)]


def reported(text: str) -> list[str]:
    return [text[s:e].strip(" ,.") for s, e in reported_spans(text, list(segment.sentences(text, 0, len(text))))]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # double quotes, straight and curly
        ('He called it "a disaster" and left.', ['"a disaster"']),
        ("“This is a travesty,” she said. “We will fight.”", ["“This is a travesty,”", "“We will fight.”"]),
        ("Der Minister sprach von „Verrat“ im Parlament.", ["„Verrat“"]),
        ("Le ministre a parlé de « trahison » hier.", ["« trahison »"]),
        # single quotes, UK style, straight and curly
        ("Obama admits US gun laws are his 'biggest frustration'", ["'biggest frustration'"]),
        ("'This is madness,' said Mr Smith. He added: 'We won't stop.'", ["'This is madness,'", "'We won't stop.'"]),
        ("The chief called the plan ‘reckless’ on Monday.", ["‘reckless’"]),
        # apostrophes are not quotation marks
        ("It's the 'best' thing since the '90s, don't you think?", ["'best'"]),
        ("The players' union said it was 'deeply disappointed' by the move.", ["'deeply disappointed'"]),
        ("Rock ’n’ roll and fish ’n’ chips at the Smiths’ house.", []),
        ("She wasn’t there and they’d gone.", []),
        # nested: only the outermost
        ('"He told me \'never again\' and walked out," she said.', ['"He told me \'never again\' and walked out,"']),
        # block quotes: a paragraph opened by a quote and closed only in the last paragraph
        ('"The first paragraph of a long quotation\n\n"and the second, closed here."',
         ['"The first paragraph of a long quotation', '"and the second, closed here."']),
        ("> A quoted line in a post\nThe writer's reply.", ["> A quoted line in a post"]),
        # measurements are not quotations
        ('He is 6\'2" tall and ordered a 12" pizza.', []),
    ],
)
def test_quote_spans_find_every_style(text: str, want: list[str]) -> None:
    assert quoted(text) == want


def test_quote_spans_are_sorted_half_open_offsets() -> None:
    text = "“One,” he said, and 'two' and \"three\"."
    spans = quote_spans(text)
    assert spans == sorted(spans)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("She said the plan was a disaster.", ["the plan was a disaster"]),
        ("The plan was a disaster, the minister said on Monday.", ["The plan was a disaster"]),
        ("The plan is doomed, said the shadow chancellor.", ["The plan is doomed"]),
        ("On Monday, the minister said the plan would fail.", ["the plan would fail"]),
        ("According to police, the man was stabbed to death.", ["the man was stabbed to death"]),
        ("The man was a thug, according to police.", ["The man was a thug"]),
        ("The disgraced senator said nothing.", ["nothing"]),  # the speaker phrase stays the article's
        ("The council met on Tuesday to discuss the budget.", []),
        ("The United States claims are disputed.", []),  # "States", "claims": not verbs here
    ],
)
def test_reported_spans_take_the_speakers_part(text: str, want: list[str]) -> None:
    assert reported(text) == want
