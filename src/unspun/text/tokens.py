"""Words: the one word pattern and the one stop list every analyzer starts from.

:data:`WORD` is how the rules read a word, with its character offsets: a letter or digit, then
letters, digits, apostrophes and hyphens ("don't", "COVID-19", "Macron’s"). Sentences' words
(:mod:`unspun.text.segment`), headline claims and the headline checks use it.

The variants below differ in behaviour on purpose and are declared here so there is one place to
read them; those marked *trained* produced the features a shipped model was fitted on, so they must
not change without retraining (the tests in ``tests/text/test_tokens.py`` pin them).

:data:`STOP_WORDS` is the base stop list: English function words plus the reporting verb "say"
and the fillers "also", "just", "us". Each user declares its own list as ``STOP_WORDS | {...} - {...}``
beside the code that reads it, with the reason; several are baked into trained features or stored
signatures, and the tests pin each one to the literal set it replaced.

Other tokenizers serve other jobs and stay with them: :data:`unspun.text.hashfeat.TOKEN` (words and
punctuation for hashed n-grams), ``unspun.text.lang`` (Unicode letters, for the language gate) and
``unspun.archive.near_dupes`` (Unicode words for shingles).
"""

from __future__ import annotations

import re

#: A word, with its offsets: a letter or digit, then letters, digits, apostrophes and hyphens.
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
#: :data:`WORD`, or a currency or percent sign standing alone: the headline checks read figures
#: ("$ 5", "40 %") from these words.
WORD_OR_SIGN = re.compile(WORD.pattern + r"|[$%]")
#: Letters or digits joined by inner ASCII apostrophes or hyphens only ("well-known", "it's", not "it’s"):
#: machine_text's style features and its current-model head (*trained*).
JOINED_WORD = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*")
#: Letters with at most one clitic ("don't", "it’s"), no digits: emotive intensity's lexicon lookups
#: (the reference quantiles were built with it: *trained*).
LETTER_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
#: :data:`LETTER_WORD` for lower-cased text, digits allowed: the stance features (*trained*).
LOWER_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
#: Runs of letters: persuasion counts a span's words with it ("don't" is two, as its thresholds assume).
LETTERS = re.compile(r"[A-Za-z]+")
#: A word that starts with a letter (any word character after): sourcing reads a heading's
#: capitalised words with it.
LETTER_LED_WORD = re.compile(r"[A-Za-z][\w’'\-]*")

#: English function words, the reporting verb "say" and the fillers "also", "just", "us".
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between both
    but by can could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself me more most my myself no nor not of off on once only
    or other our ours ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves
    said says say also just us""".split()
)
