"""Features of a sentence for the check-worthiness model, each tied to the characters it comes from.

Shared by ``training/train_checkworthy.py`` and the ``checkworthy_claims`` analyzer so
that both compute exactly the same thing. Three hashed groups, each L2-normalised on its
own (``unspun.text.hashfeat``):

- ``w``: lower-cased word 1-2-grams, with digits folded to ``0`` so that "9 million"
  and "7 million" are one feature;
- ``c``: lower-cased character 3-5-grams inside each word padded with spaces;
- ``f``: named cues a reader can check (:data:`CUES`): a number or quantity, a
  comparison, a causal link, a historical or dated claim, a named actor's action, and
  the marks of talk that is not a claim (a question, first-person opinion, thanks).

The cues were chosen to carry from debate transcripts (the training data) to news
prose: they name what makes a sentence checkable, not who says it. Each cue also
gives the reason in words the analyzer reports (:data:`CUE_REASONS`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from unspun.analyzers.checkworthy_claims.date_rules import WEEKDAYS
from unspun.text.hashfeat import TOKEN, Feat

_NUM_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|trillions|dozen|dozens|"
    r"half|third|quarter|twice|double|doubled|triple|tripled"
)
_MONTHS = r"january|february|march|april|may|june|july|august|september|october|november|december"

#: name -> (pattern, reason in words). Written for unspun from the ClaimBuster and
#: CheckThat! annotation guides' description of a check-worthy factual claim
#: (statistics, comparisons, causes, past events, what an identifiable actor did).
CUES: dict[str, tuple[re.Pattern[str], str]] = {
    "number": (
        re.compile(
            rf"(?:[$£€]\s?)?\d(?:[\d,.]*\d)?(?:\s?(?:%|percent|per cent|million|billion|trillion))?"
            rf"|(?<![\w’'])(?:{_NUM_WORDS})(?![\w’'])(?:\s(?:percent|per cent|million|billion|trillion))?",
            re.I,
        ),
        "states a number or quantity",
    ),
    "comparison": (
        re.compile(
            r"(?<![\w’'])(?:more|less|fewer|higher|lower|larger|smaller|bigger|greater|better|worse|"
            r"most|least|highest|lowest|largest|biggest|fastest|record|increase[sd]?|decrease[sd]?|"
            r"rose|risen|fell|fallen|grew|grown|doubled|tripled|halved|cut|raised|"
            r"than|compared (?:to|with)|up from|down from)(?![\w’'])",
            re.I,
        ),
        "makes a comparison or a change over time",
    ),
    "causal": (
        re.compile(
            r"(?<![\w’'])(?:because(?: of)?|caused?|causes|causing|led to|leads? to|due to|as a result|"
            r"result(?:ed|s)? in|responsible for|thanks to|so that|therefore|blamed?)(?![\w’'])",
            re.I,
        ),
        "makes a causal claim",
    ),
    "historical": (
        re.compile(
            rf"(?<![\w’'])(?:(?:in|since|by|until|from) (?:the )?(?:1[89]\d\d|20\d\d)s?|1[89]\d\d|20\d\d|"
            rf"(?:last|past|previous) (?:year|decade|month|week|century)|years? ago|"
            rf"(?:{_MONTHS})(?: \d{{1,2}})?|for the first time|ever|history|historic)(?![\w’'])",
            re.I,
        ),
        "refers to a dated or historical event",
    ),
    "actor_action": (
        # a capitalised name (not the sentence's first word) followed within a few words by a
        # past-tense or reporting verb: "Senator Smith voted", "the EPA approved"
        re.compile(
            r"(?<=\s)(?:[A-Z][\w’'.-]+|[A-Z]{2,})(?:\s(?:[A-Z][\w’'.-]+|of|the))*\s"
            r"(?:has |have |had |was |were |is |will )?"
            r"(?:\w+ed|said|voted|signed|passed|spent|paid|sold|made|took|gave|won|lost|built|wrote|"
            r"proposed|supports?|opposes?|wants?|plans?|introduced|announced|approved|rejected|"
            r"vetoed|cut|raised|created|funded|ordered)(?![\w’'])"
        ),
        "says what a named actor did",
    ),
    "question": (re.compile(r"\?\s*$"), "is a question"),
    "opinion": (
        re.compile(
            r"(?<![\w’'])(?:I (?:think|believe|feel|hope|want|would|will)|we (?:need|must|should|will)|"
            r"thank you|thanks|let me|I['’]m (?:going|not going))(?![\w’'])",
            re.I,
        ),
        "reads as opinion, intention or talk",
    ),
}

#: the cues that make a sentence checkable, in the order reasons are listed
CHECKABLE = ("number", "comparison", "causal", "historical", "actor_action")
CUE_REASONS: dict[str, str] = {k: v[1] for k, v in CUES.items()}


def cue_spans(text: str) -> list[tuple[str, int, int]]:
    """Every cue match ``(name, start, end)``, in text order."""
    out = [(name, m.start(), m.end()) for name, (rx, _) in CUES.items() for m in rx.finditer(text) if m.end() > m.start()]
    return sorted(out, key=lambda t: (t[1], t[2]))


def _fold(word: str) -> str:
    return re.sub(r"\d", "0", word.lower())


def featurize(text: str) -> list[Feat]:
    """All features of one sentence with the spans they come from."""
    feats: list[Feat] = []
    toks = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
    words = [_fold(text[s:e]) for s, e in toks]
    for i, (s, e) in enumerate(toks):
        feats.append(Feat("w", words[i], s, e))
        if i + 1 < len(toks):
            feats.append(Feat("w", words[i] + " " + words[i + 1], s, toks[i + 1][1]))
        if text[s].isalnum():
            padded = f" {words[i]} "
            for n in (3, 4, 5):
                for j in range(max(1, len(padded) - n + 1)):
                    feats.append(Feat("c", padded[j : j + n], s, e))
    counts: dict[str, int] = {}
    for name, s, e in cue_spans(text):
        counts[name] = counts.get(name, 0) + 1
        feats.append(Feat("f", name, s, e))
    for name, k in counts.items():  # "two numbers" reads differently from one
        if k >= 2:
            feats.append(Feat("f", name + ">=2", 0, 0))
    n = len(toks)
    feats.append(Feat("f", "len:" + ("<6" if n < 6 else "<12" if n < 12 else "<25" if n < 25 else "25+"), 0, 0))
    return feats


#: a line of a table ("| Red Hat | 8417 | 38.0% |"), or a piece of a reference list ("37 (1): 339–351.",
#: "Retrieved 2018-04-16."): text no one states as a claim
_NOT_PROSE = re.compile(
    r"^\s*\|.*\|\s*$|\s\|\s.*\s\|\s|"
    r"^\s*Retrieved\s+(?:on\s+)?(?:\d{4}-\d\d-\d\d|\w+\s+\d{1,2},\s+\d{4}|\d{1,2}\s+\w+\s+\d{4})\.?\s*$|"
    r"^\s*\d+\s*\(\d+\):\s*\d+", re.I)
#: a reference's identifier ("doi:10.1118/1.3267037"), which in a short piece marks a reference list's entry
_REFERENCE_ID = re.compile(r"\bdoi:\s?10\.\S+|\bdoi\.org/\S+|\barXiv:\d\S*|\bISBN[\s:-]*[\d-]+", re.I)


def not_prose(sentence: str) -> bool:
    """Whether a "sentence" is a table row or a piece of a reference list (a few words around a DOI or an
    ISBN), which no one checks as a claim; a sentence of prose that cites a DOI stays."""
    if _NOT_PROSE.search(sentence):
        return True
    ref = _REFERENCE_ID.search(sentence)
    return ref is not None and len(re.findall(r"[^\W\d_]{2,}", _REFERENCE_ID.sub(" ", sentence))) < 6


#: the author speaking of themself: "I", "I've", "I'm" (the word alone, as a subject is written; not "I-95")
_AUTHOR_I = re.compile(r"(?<![\w'’-])I(?:['’](?:ve|m|d|ll))?(?![\w'’-])")
#: a capitalised word before "I" that leaves it a pronoun ("on Monday I went"); after any other one mid-sentence
#: "I" is a numeral or part of a name ("World War I", "Elizabeth I")
_BEFORE_PRONOUN = frozenset(_MONTHS.split("|")) | frozenset(WEEKDAYS)


def authors_own_account(sentence: str, start: int, quotations: Sequence[tuple[int, int]]) -> bool:
    """Whether a sentence (at document offset ``start``) tells the author's own experience: an "I" outside
    every quotation ("Last year I took a pay cut", "I use a Skylake processor"). A speaker's "I" inside a
    quotation is a claim like any other; the author's testimony about themself is not what a fact-checker
    checks in an article (on the judged real pages, 11 such sentences listed as claims, none judged right)."""
    for m in _AUTHOR_I.finditer(sentence):
        at = start + m.start()
        before = re.search(r"(\S+)\s+$", sentence[: m.start()])
        if before is not None and before.start() > 0 and before.group(1)[:1].isupper() \
                and before.group(1).lower() not in _BEFORE_PRONOUN:
            continue  # "World War I"
        if not any(a <= at < b for a, b in quotations):
            return True
    return False

