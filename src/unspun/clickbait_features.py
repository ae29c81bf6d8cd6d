"""Features of a headline for the clickbait model, each tied to the characters it comes from.

Shared by ``training/train_clickbait.py`` and the ``clickbait`` analyzer so that
both compute exactly the same thing. Three groups, each L2-normalised on its own
(as stacking three TF-IDF matrices would be):

- ``w``: word 1-3-grams as written (case matters: the clickbait sources write
  Title Case, the news sources mostly sentence case) and lower-cased 1-2-grams;
- ``c``: character 2-5-grams inside each word padded with spaces (like
  scikit-learn's ``char_wb``), as written;
- ``f``: named cues a reader can check: second person, a listicle number, a
  teaser phrase, a forward reference ("this", "these"), a question, first person,
  an exclamation, a superlative.

Every feature carries the character span it was read from, so a linear model's
contributions can be mapped back to words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from unspun import lexicons
from unspun.hashfeat import TOKEN

GROUPS = ("w", "c", "f")


class Feat(NamedTuple):
    group: str
    name: str
    start: int
    end: int


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
        re.compile(r"(?<![\w’'])(?:this|these|here['’]s|here is|here are)(?![\w’'])", re.I),
        "points ahead to something the headline does not name",
    ),
    "question": (
        re.compile(r"\?\s*$"),
        "asks the reader a question instead of stating news",
    ),
    "first_person": (
        re.compile(r"(?<![\w’'])(?:I|I['’](?:m|ve|ll|d)|me|my|we|we['’](?:re|ve|ll)|our|us)(?![\w’'])"),
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
    words = [headline[s:e] for s, e in toks]
    feats: list[Feat] = []
    padded = ["<s>", *words, "</s>"]
    spans = [(0, 0), *toks, (len(headline), len(headline))]
    for n in (1, 2, 3):
        for i in range(len(padded) - n + 1):
            s, e = spans[i][0], spans[i + n - 1][1]
            if n == 1 and i in (0, len(padded) - 1):
                continue
            feats.append(Feat("w", "w" + str(n) + ":" + " ".join(padded[i : i + n]), s, e))
            if n < 3:
                feats.append(Feat("w", "l" + str(n) + ":" + " ".join(padded[i : i + n]).lower(), s, e))
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
    return feats
