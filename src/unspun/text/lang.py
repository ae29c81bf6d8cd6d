"""A language gate from function-word frequencies.

Deterministic and instant (no model load). News prose in English has a large
share of English function words; text in another language has its own. The gate
only decides "English or not"; it names the likely language in the reason.
Constants: calibrated on the English article texts in ../shared/data (all pass)
and on short German, French, Spanish, Italian, Portuguese and Dutch news
paragraphs written for the tests; re-check them together, not one at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "English": frozenset(
        "the of and to in a is that for on with as was at by it from be are has have an this "
        "not but or which were said will his her their its they he she we who after been had "
        "more than about into over also would could can".split()
    ),
    "German": frozenset(
        "der die das und ist nicht ein eine zu den mit von im dem des auf für sich auch es "
        "wird bei nach aus wie noch sie er wir hat sind wurde über einen".split()
    ),
    "French": frozenset(
        "le la les des et est une un du dans pour qui que sur au pas par ce il elle sont avec "
        "aux ont été cette mais ou nous vous leur plus".split()
    ),
    "Spanish": frozenset(
        "el la los las de y que en un una es por con para del al se lo como más pero sus le "
        "ha fue este esta son entre también".split()
    ),
    "Italian": frozenset(
        "il lo la i gli le di e che è un una per con non del della dei nel alla sono si ha "
        "anche come più ma sua suo questo".split()
    ),
    "Portuguese": frozenset(
        "o a os as de e que em um uma é do da dos das no na para com não por se ao mais "
        "foi como seu sua são também".split()
    ),
    "Dutch": frozenset(
        "de het een en van is dat in op te zijn niet met voor die er aan ook als bij door "
        "maar om dan nog wordt werd".split()
    ),
}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")
_SCRIPTS = {
    "Cyrillic": re.compile(r"[\u0400-\u04FF]"),
    "Greek": re.compile(r"[\u0370-\u03FF]"),
    "Arabic": re.compile(r"[\u0600-\u06FF]"),
    "Hebrew": re.compile(r"[\u0590-\u05FF]"),
    "Chinese or Japanese": re.compile(r"[\u3040-\u30FF\u4E00-\u9FFF]"),
    "Korean": re.compile(r"[\uAC00-\uD7AF]"),
    "Devanagari": re.compile(r"[\u0900-\u097F]"),
}
#: below this many words the function-word share is too noisy to reject a text
MIN_WORDS = 8
#: English function-word share below which a text is not taken as English
MIN_ENGLISH_SHARE = 0.12


@dataclass(frozen=True)
class LanguageGuess:
    is_english: bool
    language: str
    english_share: float
    reason: str


def detect(text: str) -> LanguageGuess:
    letters = [c for c in text if c.isalpha()]
    if letters:
        latin = sum(1 for c in letters if _LATIN.match(c))
        if latin / len(letters) < 0.5:
            script = max(_SCRIPTS, key=lambda k: len(_SCRIPTS[k].findall(text)))
            return LanguageGuess(
                False,
                script,
                0.0,
                f"the text is mostly in {script} script ({latin / len(letters):.0%} Latin letters), "
                "and unspun's text analyzers are built for English",
            )
    words = [w.lower() for w in _TOKEN.findall(text)]
    if len(words) < MIN_WORDS:
        return LanguageGuess(True, "English", 1.0, f"too short to judge the language ({len(words)} words); taken as English")
    shares = {lang: sum(1 for w in words if w in fw) / len(words) for lang, fw in _FUNCTION_WORDS.items()}
    en = shares["English"]
    best = max(shares, key=lambda k: shares[k])
    if en >= MIN_ENGLISH_SHARE and (best == "English" or en >= 0.8 * shares[best]):
        return LanguageGuess(True, "English", en, f"{en:.0%} of words are common English function words")
    return LanguageGuess(
        False,
        best,
        en,
        f"the text looks like {best} ({shares[best]:.0%} {best} function words, {en:.0%} English), "
        "and unspun's text analyzers are built for English",
    )
