"""Features of a headline for the clickbait model, each tied to the characters it comes from.

Shared by ``training/train_clickbait.py`` and the ``clickbait`` analyzer so that
both compute exactly the same thing. Three groups, each L2-normalised on its own
(as stacking three TF-IDF matrices would be):

- ``w``: lower-cased word 1-3-grams;
- ``c``: lower-cased character 2-5-grams inside each word padded with spaces
  (like scikit-learn's ``char_wb``);
- ``f``: named cues a reader can check: second person, a listicle number, a
  teaser phrase, a forward reference ("this", "these"), a question, first person,
  an exclamation, a superlative.

Every feature carries the character span it was read from, so a linear model's
contributions can be mapped back to words.

Why nothing depends on letter case: every clickbait source in the training data
writes Title Case and most news sources sentence case, so a case-sensitive model
learns "Title Case = clickbait" and flags plain news headlines written in Title
Case (version 1.0 did: 13.9% of FNC-1 headlines). The n-grams are lower-cased,
and the cues match any casing (except "I" and "US", where case tells the pronoun
from the country); the training script also adds a re-cased copy of each
headline so the few case-bearing patterns left (e.g. "US" vs "us") do not
separate the classes either. ``recase`` is that augmentation.
"""

from __future__ import annotations

import re

from unspun.text import lexicons
from unspun.text.hashfeat import TOKEN, Feat

#: Named cues: name -> (regex, plain-language reason). The regexes are written for
#: unspun from the textbook clickbait devices (Chakraborty et al. 2016, section 3).
_NUMBER_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|twenty|thirty|fifty|hundred"
CUES: dict[str, tuple[re.Pattern[str], str]] = {
    "second_person": (
        re.compile(r"(?<![\w’'])(?:you|your|yours|yourself|you['’](?:re|ll|ve|d)|ya)(?![\w’'])", re.I),
        "addresses the reader directly",
    ),
    "listicle_number": (
        re.compile(rf"^(?:the\s+)?(?:\d+|{_NUMBER_WORDS})(?=\s+[A-Za-z])", re.I),
        "opens with a list count, the listicle format",
    ),
    "forward_reference": (
        # not a time phrase ("this year", "this week"): that points at a date, not a secret
        re.compile(
            r"(?<![\w’'])(?:this|these|here['’]s|here is|here are)(?![\w’'])"
            r"(?!\s+(?:year|week|month|morning|afternoon|evening|weekend|season|summer|winter|spring|autumn|time)s?\b)",
            re.I,
        ),
        "points ahead to something the headline does not name",
    ),
    "question": (
        re.compile(r"\?\s*$"),
        "asks the reader a question instead of stating news",
    ),
    "first_person": (
        # "I" only as a capital, "us" in any case but "US" (the country)
        re.compile(r"(?<![\w’'])(?:I(?:['’](?:m|ve|ll|d))?|(?i:me|my|we|we['’](?:re|ve|ll)|our)|(?!US)(?i:us))(?![\w’'])"),
        "speaks in the first person",
    ),
    "exclamation": (re.compile(r"!+"), "uses an exclamation mark"),
}
_LEXICON_CUES = {
    "teaser": ("teasers", "is a teaser phrase that withholds the news to make the reader click"),
    "superlative": ("superlatives", "is a superlative or absolute claim"),
}
CUE_REASONS: dict[str, str] = {k: v[1] for k, v in CUES.items()} | {k: v[1] for k, v in _LEXICON_CUES.items()}


def cue_spans(headline: str) -> list[tuple[str, int, int]]:
    """The named cues found in ``headline`` as ``(cue, start, end)``."""
    out: list[tuple[str, int, int]] = []
    for name, (rx, _) in CUES.items():
        if name == "question":
            lead = len(headline) - len(headline.lstrip())
            q = re.match(r"\w+", headline[lead:])
            if q and q.group(0).lower() in _QWORDS:
                out.append((name, lead, lead + q.end()))
            elif (m := rx.search(headline)) is not None:
                out.append((name, m.start(), m.start() + 1))
            continue
        for m in rx.finditer(headline):
            out.append((name, m.start(), m.end()))
    for name, (lex, _) in _LEXICON_CUES.items():
        for m in lexicons.pattern(lex).finditer(headline):
            out.append((name, m.start(), m.end()))
    return out


# Words that open a question headline. Auxiliaries ("is", "do") count only with a "?".
_QWORDS = frozenset("which what who how why".split())


def featurize(headline: str) -> list[Feat]:
    """All features of one headline with their character spans."""
    toks = [(m.start(), m.end()) for m in TOKEN.finditer(headline)]
    # lower-cased; str.lower keeps the length of ASCII text, and the spans come from
    # the original anyway
    words = [headline[s:e].lower() for s, e in toks]
    feats: list[Feat] = []
    padded = ["<s>", *words, "</s>"]
    spans = [(0, 0), *toks, (len(headline), len(headline))]
    for n in (1, 2, 3):
        for i in range(len(padded) - n + 1):
            s, e = spans[i][0], spans[i + n - 1][1]
            if n == 1 and i in (0, len(padded) - 1):
                continue
            feats.append(Feat("w", "l" + str(n) + ":" + " ".join(padded[i : i + n]), s, e))
    for (s, _), w in zip(toks, words, strict=True):
        p = f" {w} "
        for n in (2, 3, 4, 5):
            for i in range(len(p) - n + 1):
                # span of the real characters this n-gram covers (padding excluded)
                cs = s + max(i - 1, 0)
                ce = s + min(i + n - 1, len(w))
                feats.append(Feat("c", p[i : i + n], cs, max(ce, cs)))
    for name, s, e in cue_spans(headline):
        feats.append(Feat("f", "cue:" + name, s, e))
    feats.append(Feat("f", f"len:{min(len(words), 20) // 4}", 0, 0))
    # Acronyms ("US", "NASA", "FBI") keep their capitals in any casing but lower case
    # and are common in news, rare in clickbait; counted, not spelt.
    acr = sum(1 for w in (headline[s_:e_] for s_, e_ in toks) if 2 <= len(w) <= 5 and w.isupper() and w.isalpha())
    if acr and not headline.isupper():
        feats.append(Feat("f", f"acronyms:{min(acr, 2)}", 0, 0))
    return feats


def recase(headline: str, style: int) -> str:
    """``headline`` re-cased: 0 sentence case, 1 Title Case, 2 lower case, 3 as written.

    Training augmentation (see the module docstring). Sentence case lower-cases every
    word after the first except acronyms and "I" (names go lower too: without a
    tagger we cannot tell them, and the n-grams are lower-cased anyway).
    """
    if style == 1:
        return re.sub(r"[A-Za-z][\w'’]*", lambda m: m.group(0)[0].upper() + m.group(0)[1:], headline)
    if style == 2:
        return headline.lower()
    if style == 0:
        def low(m: re.Match[str]) -> str:
            w = m.group(0)
            keep = m.start() == 0 or w == "I" or (len(w) > 1 and w.isupper()) or w.startswith(("I'", "I’"))
            return w if keep else w.lower()
        return re.sub(r"[A-Za-z][\w'’]*", low, headline)
    return headline
