"""The lexicons' regexes: grouped by first letter, they find what the plain alternation finds."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from unspun.text import lexicons

SHIPPED = sorted(p.name[:-4] for p in resources.files("unspun.text.lexicons").iterdir() if p.name.endswith(".txt"))

TEXT = (
    "Officials said the catastrophe was 'unprecedented', critics claimed; it's a DISASTER, sources told us. "
    "According to insiders, the slammed plan's backers SLAMMED critics who weren't told. Experts warn: "
    "a shocking, jaw-dropping, once-in-a-generation crisis! The ministry's spokesperson declined to comment. "
    "Moreover, it is worth noting that the tapestry of factors delves deeper. Sen. Smith, the U.N. and NATO "
    "reportedly said so. ‘We’re told’ he’d resign, an anonymous source alleged."
)


def _plain(name: str) -> re.Pattern[str]:
    entries = sorted(set(lexicons.load(name)), key=len, reverse=True)
    return re.compile(r"(?<![\w’'])(?:" + "|".join(map(lexicons._piece, entries)) + r")(?![\w’'])", re.IGNORECASE)


@pytest.mark.parametrize("name", SHIPPED)
def test_grouped_pattern_finds_what_the_plain_one_finds(name: str) -> None:
    words = " ".join(e.replace("*", "ed") for e in lexicons.load(name)[:200])  # every entry written out once
    for text in (TEXT, words, words.upper(), words.replace("'", "’")):
        assert [m.span() for m in lexicons.pattern(name).finditer(text)] == [m.span() for m in _plain(name).finditer(text)]


@pytest.mark.parametrize(
    ("entries", "text", "found"),
    [
        (["attacked", "attack", "alarm"], "They attacked; an attack, an alarm.", ["attacked", "attack", "alarm"]),
        (["slam*", "sla"], "He slammed it. Sla!", ["slammed", "Sla"]),  # the wildcard, and longest first
        (["new york", "new"], "In New  York, new rules.", ["New  York", "new"]),
        (["it's"], "It’s late; it's late.", ["It’s", "it's"]),
    ],
)
def test_alternation_keeps_the_order_within_a_letter(entries: list[str], text: str, found: list[str]) -> None:
    pat = re.compile(r"(?<![\w’'])(?:" + lexicons.alternation(entries, lexicons._piece) + r")(?![\w’'])", re.I)
    assert [m.group(0) for m in pat.finditer(text)] == found


def test_an_entry_not_led_by_a_letter_keeps_the_plain_form() -> None:
    assert lexicons.alternation(["#tag", "tag"]) == "\\#tag|tag"
    assert lexicons.alternation(["alpha", "beta"]) == "a(?:lpha)|b(?:eta)"
