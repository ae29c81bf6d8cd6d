"""The one word pattern and the one stop list (unspun.text.tokens), and every declared variant.

Each stop list below was a literal in its module before the shared list; several are baked into
trained features (stance, persuasion) or stored signatures (the archive's term sets). The variants
declared as ``STOP_WORDS | {...} - {...}`` must equal those literals exactly.
"""

from __future__ import annotations

import re

import pytest

from unspun.analyzers.headline_support import stance, words
from unspun.analyzers.persuasion import features
from unspun.archive import near_dupes
from unspun.text import tokens

#: headline_support checks (checks.py, now words.py) before the shared list
OLD_CHECKS_STOP = frozenset("""
a about above after again against all also am amid an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of
off on once only or other our ours ourselves out over own per said same say says she should so some such than
that the their theirs them themselves then there these they this those through to too under until up us very via
was we were what when where which while who whom why will with would you your yours yourself yourselves
""".split())
#: headline_support stance features (stance.py), baked into the FNC-1 stance model
OLD_STANCE_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further get got had has have having he her
here hers herself him himself his how i if in into is it its itself just like me more most my myself new no nor
not of off on once one only or other our ours ourselves out over own s said same say says she should so some
such t than that the their theirs them themselves then there these they this those through to too two under
until up us very was we were what when where which while who whom why will with would you your yours yourself
yourselves
""".split())
#: persuasion features (features.py), baked into the span model
OLD_PERSUASION_STOP = frozenset("""
a about after all also an and any are as at be been before being but by can could did do does done for from had
has have having he her here him his how i if in into is it its just may me might more most must my no not of on
or our over said say says shall she should so some such than that the their them then there these they this
those to us very was we were what when where which who whom whose why will with would you your
""".split())
#: archive near_dupes term sets, baked into stored signatures
OLD_NEAR_DUPES_STOP = frozenset("""
a about above according after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like may
me might more most mr mrs ms must mustn't my myself new no nor not of off on once one only or other ought our
ours ourselves out over own said same say says shan't she she'd she'll she's should shouldn't so some such than
that that's the their theirs them themselves then there there's these they they'd they'll they're they've this
those through to told too two under until up us very was wasn't we we'd we'll we're we've were weren't what
what's when when's where where's which while who who's whom why why's will with won't would wouldn't you you'd
you'll you're you've your yours yourself yourselves
""".split())


@pytest.mark.parametrize(
    ("name", "declared", "literal"),
    [
        ("headline_support checks", words.STOP, OLD_CHECKS_STOP),
        ("headline_support stance (trained)", stance.STOP, OLD_STANCE_STOP),
        ("persuasion (trained)", features.STOP, OLD_PERSUASION_STOP),
        ("archive term sets (stored)", near_dupes.STOP_WORDS, OLD_NEAR_DUPES_STOP),
    ],
)
def test_declared_stop_list_equals_the_literal_it_replaced(name: str, declared: frozenset[str], literal: frozenset[str]) -> None:
    assert declared == literal, f"{name}: added {sorted(declared - literal)}, lost {sorted(literal - declared)}"


def test_base_stop_list_is_in_every_variant_but_persuasions() -> None:
    for variant in (words.STOP, stance.STOP, near_dupes.STOP_WORDS):
        assert tokens.STOP_WORDS <= variant


SAMPLE = "Macron’s COVID-19 plan: don't cut $5bn (40 %) — it's well-known_ed 2nd"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (tokens.WORD, ["Macron’s", "COVID-19", "plan", "don't", "cut", "5bn", "40", "it's", "well-known", "ed", "2nd"]),
        (tokens.WORD_OR_SIGN, ["Macron’s", "COVID-19", "plan", "don't", "cut", "$", "5bn", "40", "%", "it's", "well-known", "ed", "2nd"]),
        (tokens.JOINED_WORD, ["Macron", "s", "COVID-19", "plan", "don't", "cut", "5bn", "40", "it's", "well-known", "ed", "2nd"]),
        (tokens.LETTER_WORD, ["Macron’s", "COVID", "plan", "don't", "cut", "bn", "it's", "well", "known", "ed", "nd"]),
        (tokens.LOWER_WORD, ["acron’s", "19", "plan", "don't", "cut", "5bn", "40", "it's", "well", "known", "ed", "2nd"]),
        (tokens.LETTERS, ["Macron", "s", "COVID", "plan", "don", "t", "cut", "bn", "it", "s", "well", "known", "ed", "nd"]),
        (tokens.LETTER_LED_WORD, ["Macron’s", "COVID-19", "plan", "don't", "cut", "bn", "it's", "well-known_ed", "nd"]),
    ],
    ids=lambda v: v.pattern if isinstance(v, re.Pattern) else "",
)
def test_word_patterns_read_the_sample(pattern: re.Pattern[str], expected: list[str]) -> None:
    assert pattern.findall(SAMPLE) == expected
