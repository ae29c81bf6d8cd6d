"""Quotations in every common style (sourcing.quotes): one table row per style."""

from __future__ import annotations

import pytest

from unspun.analyzers.sourcing.quotes import QuoteIndex, paragraph_quotations
from unspun.document import Span


def _quotes(text: str) -> list[str]:
    return [text[s.start : s.end] for s in paragraph_quotations(text, 0, len(text))]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("double_straight", '"We will appeal," Moss said.', ['"We will appeal,"']),
        ("double_curly", "“We will appeal,” Moss said.", ["“We will appeal,”"]),
        ("guillemets", "«Nous ferons appel», a dit Moss.", ["«Nous ferons appel»"]),
        ("single_curly", "‘We need to listen,’ Moss said.", ["‘We need to listen,’"]),
        ("single_uk_with_apostrophes", "'If we don't act, the children's future is lost,' Moss said.",
         ["'If we don't act, the children's future is lost,'"]),
        ("single_partial", "The deal would 'trade away our future' in the talks.", ["'trade away our future'"]),
        ("plural_possessive_is_not_a_quote", "The workers' union said 'no' on Monday.", ["'no'"]),
        ("possessive_inside_a_quote", "Critics called it 'the Smiths' worst idea' yesterday.", ["'the Smiths' worst idea'"]),
        ("single_nested_in_double", "\"It was 'awful' and long,\" Moss said.", ["\"It was 'awful' and long,\""]),
        ("double_nested_in_single", "'He called it \"a farce\" twice,' Moss said.", ["'He called it \"a farce\" twice,'"]),
        ("elided_words_are_not_quotes", "Rock 'n' roll in the '90s was 'great' fun.", ["'great'"]),
        ("runs_on_to_paragraph_end", "“The first of two paragraphs of a long statement", ["“The first of two paragraphs of a long statement"]),
        ("single_runs_on", "'A paragraph-long block quote with no closing mark", ["'A paragraph-long block quote with no closing mark"]),
        ("apostrophe_only", "The mayor's plan isn't ready.", []),
    ],
)
def test_quotes_styles(name: str, text: str, expected: list[str]) -> None:
    assert _quotes(text) == expected


def test_quote_index_lookups() -> None:
    idx = QuoteIndex([Span(10, 20), Span(0, 5), Span(30, 40)])
    assert [s.start for s in idx] == [0, 10, 30]
    assert idx.overlapping(Span(4, 12)) == [Span(0, 5), Span(10, 20)]
    assert idx.contains(Span(11, 19)) and not idx.contains(Span(18, 22))
    assert idx.at(35) == Span(30, 40) and idx.at(25) is None
