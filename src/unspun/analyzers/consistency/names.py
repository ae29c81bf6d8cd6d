"""People within one article: a name spelled two ways, an age given two values.

Names come from the sourcing analyzer's named mentions (:mod:`unspun.analyzers.sourcing.coref`).
Two spellings are one person misspelt only when the evidence says so, because relatives share a
surname and many first names differ by one letter ("Mark" and "Mary Kelly" are two people):

* the same first name with surnames one edit apart (two for surnames of eight letters or more),
  ``Jane Hollis`` and ``Jane Hollins``;
* the same surname with first names that differ by one added letter, the shorter of four letters
  or more, and not a feminine form (``Philip``/``Phillip``; never ``Paul``/``Paula``);
* a lone capitalised word one edit from an earlier full name's surname (``Hollins`` after
  ``Jane Hollis``) that no full name in the article has and that no other name part follows
  ("Osama al-Nujeifi" after "Barack Obama" is another person).

Letter case alone ("Kim Jong-Un", "Kim Jong-un"), a plural, a demonym or a nisba ("Syria" and
"Syrian", "Jabbour" and "Jabbouri") are not spellings of one name. On the 1,683 FNC-1 article
bodies (``../shared/data/fnc-1``, a development check, nothing trained on it) a first run made 22
name findings, 19 right and 3 wrong (two people: "Obama"/"Osama al-Nujeifi", "Abu Mohammed"/"Mohammad
al-Jihad"; a mention across a line break); the rules on name parts and line breaks removed the 3 and
kept the 19 (2026-12-02, judged by reading both spellings in context).

Ages are read from appositions that state a person's age now: ``Jane Hollis, 45,``,
``Hollis (45)`` and ``45-year-old Jane Hollis``; a surname is the earlier full name's person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unspun.analyzers.sourcing import coref
from unspun.document import Document, Span
from unspun.findings import Severity

#: endings that make a first name the feminine form of another (Paul/Paula, Louis/Louise, Daniel/Daniela),
#: or a place name's demonym (Libya/Libyan, Pakistan/Pakistani)
_FEMININE = ("a", "e", "ne", "na", "ette", "elle", "n", "i")


@dataclass(frozen=True)
class Issue:
    label: str
    severity: Severity
    score: float
    spans: tuple[Span, ...]
    explanation: str


#: what follows a first name, not a surname: another name part ("al-Nujeifi", "bin Laden", "Smith")
_NAME_GOES_ON = re.compile(r"\s+(?:(?:al|el|bin|ibn|abu|de|van|von|da|di)\b|[A-Z])")


def edits(a: str, b: str) -> int:
    """Levenshtein distance between ``a`` and ``b``."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _first_name_variant(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    if len(long_) - len(short) != 1 or len(short) < 4 or edits(short, long_) != 1:
        return False
    return not any(long_ == short + e or long_ == short[:-1] + e for e in _FEMININE)


def _surname_variant(a: str, b: str) -> bool:
    if a[0] != b[0] or min(len(a), len(b)) < 5 or a.lower() == b.lower():  # case alone is a style, not a spelling
        return False
    if a.startswith(b) or b.startswith(a):  # a plural, a demonym, a nisba: Democrats, Syrian, Jabbouri
        return False
    return edits(a, b) <= (2 if min(len(a), len(b)) >= 8 else 1)


def spellings(doc: Document, mentions: list[coref.Mention]) -> list[Issue]:
    """Pairs of person names that look like one person's name spelled two ways."""
    people: dict[str, coref.Mention] = {}
    for m in mentions:
        if m.type == "person" and 2 <= len(m.text.split()) <= 3 and m.text.isascii() and "\n" not in m.text:
            people.setdefault(m.text, m)  # the first mention of each spelling
    names = list(people)
    out: list[Issue] = []
    seen: set[frozenset[str]] = set()
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            wa, wb = a.split(), b.split()
            if len(wa) != len(wb):
                continue
            if a.lower() == b.lower():
                continue  # "Kim Jong-Un" and "Kim Jong-un": letter case, not spelling
            same_first = wa[:-1] == wb[:-1]
            same_last = wa[-1] == wb[-1]
            if (same_first and _surname_variant(wa[-1], wb[-1])) or (
                same_last and len(wa) == 2 and _first_name_variant(wa[0], wb[0])
            ):
                seen.add(frozenset((a, b)))
                out.append(_issue(people[a], people[b]))
    # a lone surname one edit from an earlier person's surname, that no full name has
    surnames = {p.split()[-1] for p in names}
    parts = {w for p in names for w in p.split()}
    text = doc.text
    head_words = set(re.findall(r"\w+", text[: doc.body.start]))  # w as a whole word before the body
    for m in mentions:
        w = m.text
        if " " in w or w in parts or not re.fullmatch(r"[A-Z][a-z]{4,}", w):
            continue
        if w in head_words or text.count(w) > 2:
            continue
        if _NAME_GOES_ON.match(text, m.span.end):  # a first name: "Osama al-Nujeifi", "Mohammad al-Jihad"
            continue
        for s in sorted(surnames):
            if _surname_variant(w, s) and w != s:
                full = next(people[p] for p in names if p.split()[-1] == s)
                if full.span.start < m.span.start and frozenset((full.text, w)) not in seen:
                    seen.add(frozenset((full.text, w)))
                    out.append(_issue(full, m))
                break
    return out


def _issue(a: coref.Mention, b: coref.Mention) -> Issue:
    return Issue(
        "name_spelling", "low", 0.6, (a.span, b.span),
        f"One name may be spelled two ways: \"{a.text}\" and later \"{b.text}\". Check which spelling is right.",
    )


_NAME = r"((?:[A-Z][\w’'\-]+\s){0,3}[A-Z][\w’'\-]+)"
_AGES = (
    re.compile(_NAME + r",\s(\d{1,3}),"),  # Jane Hollis, 45,
    re.compile(_NAME + r"\s\((\d{1,3})\)"),  # Jane Hollis (45)
    re.compile(r"\b(\d{1,3})-year-old\s+" + _NAME),  # 45-year-old Jane Hollis
)
#: words in front of a name that are not part of it
_NOT_NAME = frozenset("The A An And But In On At By For Of To When After Before While Mr Mrs Ms Dr Prof".split())


def _person_key(words: list[str], at: int, mentions: coref.Mentions, people: list[str]) -> str | None:
    """Whose age it is: a full name (its last two words), or a lone surname's earlier full name when
    only one person in the article has that surname; None when the words name no one for sure."""
    while words and (words[0] in _NOT_NAME or words[0].lower() in coref.HONORIFICS):
        words = words[1:]
    if len(words) >= 2:
        return " ".join(words[-2:])
    if len(words) == 1:
        owners = {p for p in people if p.split()[-1] == words[0]}
        full = mentions.person_by_part(words[0], at)
        if full is not None and len(owners) == 1 and full.text in owners:
            return " ".join(full.text.split()[-2:])
    return None


def ages(doc: Document, mentions: coref.Mentions) -> list[Issue]:
    """People given two different ages in appositions ("Jane Hollis, 45," then "Hollis, 47,")."""
    text = doc.text
    people = [m.text for m in mentions if m.type == "person" and " " in m.text]
    stated: dict[str, list[tuple[int, Span]]] = {}
    for k, rx in enumerate(_AGES):
        for m in rx.finditer(text, doc.body.start, doc.body.end):
            ng, ag = (2, 1) if k == 2 else (1, 2)
            age = int(m.group(ag))
            who = _person_key(m.group(ng).split(), m.start(ng), mentions, people)
            if who is not None and 0 < age < 120:
                stated.setdefault(who, []).append((age, Span(m.start(ag), m.end(ag))))
    out = []
    for who, xs in stated.items():
        xs.sort(key=lambda x: x[1].start)
        first = xs[0]
        other = next((x for x in xs[1:] if x[0] != first[0]), None)
        if other is None:
            continue
        gap = abs(other[0] - first[0])
        out.append(Issue(
            "age_mismatch", "medium" if gap >= 2 else "low", 0.8 if gap >= 2 else 0.5, (first[1], other[1]),
            f"{who}'s age is given as \"{first[0]}\" and later as \"{other[0]}\": both cannot be right.",
        ))
    return out
