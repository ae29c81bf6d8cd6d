"""Who: the people and organisations a claim sentence names, each as its fullest form in the article.

* :func:`actor` keeps an organisation entity only when it can act: a product, software, a law or a
  publication typed ORG by spaCy's small model ("ARKit", "Investment Company Act", "GNU GCC",
  "Proceedings of ...") is left out, and so is a group word (NORP: "American", "Chinese scientists")
  that is not itself the subject ("Democrats voted");
* :func:`short_form` gives the earlier full name a short form stands for: a surname or first name
  with or without a title ("Dr. Shadlen" is "Michael Shadlen", "Tsai" is "Tsai Ing-wen" after
  "Taiwanese President Tsai Ing-wen"), an acronym whose letters are an earlier name's initials
  ("EAG" is "Environmental Awareness Group"), a company's short name ("Amazon" is "Amazon.com Inc");
* :func:`antecedent` resolves a subject pronoun: "he"/"she" to the latest person who is the subject
  of a clause before it (this sentence first, then up to three sentences back, a subject pronoun of
  those sentences passed over), "it"/"they" to an organisation in that place, never to a thing
  ("it was merged": the sentence before has no organisation as its subject). A "he"/"she" with no
  subject person falls back to the nearest earlier person named (:mod:`unspun.analyzers.sourcing.coref`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache, lru_cache
from typing import Any

from unspun.analyzers.checkworthy_claims import places, speakers
from unspun.analyzers.sourcing import coref
from unspun.document import Document, Span
from unspun.text import lexicons

#: words in a name that make it a law, a work or a publication, not an organisation
_WORK_WORDS = frozenset("act acts bill amendment treaty agreement accord directive constitution code "
                        "proceedings annals".split())
#: nouns that, written after a name, make it a product or a work ("ATF service", "Skylight product")
_THING_AFTER = ("service|app|apps|application|software|product|products|platform|framework|library|engine|language|"
                "tool|toolkit|kit|sdk|api|plugin|browser|processor|chip|console|game|games|device|feature|update|version|"
                "article|articles|page|pages|code|server|protocol|format|compiler|module|package|setting|packet")
#: verbs whose object is a thing used, not an actor ("using ARKit", "powders containing DNP")
_USE_VERBS = frozenset("use uses used using contain contains contained containing install installs installed "
                       "installing run runs running download downloaded downloading play plays played playing".split())
#: nouns for members of a body ("NFL fans", "al-Qaeda militants", "Con Edison officials")
_MEMBERS = frozenset("members supporters militants fighters officials fans executives staff spokesman spokeswoman "
                     "spokesperson players troops soldiers forces leaders workers employees lawyers researchers "
                     "scientists engineers customers users voters checker checkers writer writers editor editors".split())
_BRANDS = frozenset("facebook google amazon microsoft apple twitter reuters bbc cnn nasa netflix spotify youtube "
                    "instagram tiktok uber".split())
_TIMEZONES = frozenset("UTC GMT PDT PST EDT EST CDT CST MDT MST BST CET CEST IST JST AEST".split())
_PRONOUN_TYPES = {"he": "person", "she": "person", "it": "organisation", "they": "organisation"}
_COPULAS = frozenset("is was be been being are were 's ’s become becomes became seem seems seemed appear appears "
                     "appeared remain remains remained".split())
_NAME_WORD = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ’'\-]+(?:[A-Z][a-zà-ÿ’'\-]+)?|[A-Z]\.")


@cache
def _org_lexicon() -> frozenset[str]:
    return frozenset(lexicons.load("institutions")) | frozenset(lexicons.load("acronyms"))


@lru_cache(maxsize=4096)
def _search(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


def strong_org(doc: Document, name: str) -> bool:
    """Whether ``name`` is an organisation by its words ("Press Council", "Facebook", "NFL"), or is
    written somewhere as a body with people ("Con Edison officials")."""
    words = [w.lower().strip(".,’'") for w in name.split()]
    if any(w in coref.ORG_WORDS for w in words) or name.lower() in _org_lexicon():
        return True
    return bool(_search(rf"\b{re.escape(name)}\s+(?:officials|executives|spokes(?:man|woman|person)|employees|"
                          r"staff|shareholders|board|headquarters)\b", doc.text))


def work_or_product(doc: Document, name: str) -> bool:
    """Whether ``name`` is a law, work or publication (by its words, or after "journal"), or a product (before
    "service", "app", ...: "ATF service"), not an organisation ("Facebook page" stays a company's)."""
    words = [w.lower().strip(".,’'") for w in name.split()]
    if not capitalised(name) or any(w in _WORK_WORDS for w in words) or words[:2] == ["journal", "of"] \
            or _search(rf"\bjournal\s+{re.escape(name)}\b", doc.text):  # "in the journal Current Biology"
        return True
    return not strong_org(doc, name) and bool(_search(rf"(?i)\b{re.escape(name)}\s+(?:{_THING_AFTER})\b", doc.text))


def capitalised(name: str) -> bool:
    """Whether a name is written as one ("al-Qaeda", "Tim Graham"; not "un-angry")."""
    first = re.sub(r"^(?:the|The)\s+", "", name).split()[:1]
    return bool(first) and bool(re.search(r"(?:^|-)[A-ZÀ-Þ]", first[0]))


def named_org(doc: Document, m: coref.Mention) -> bool:
    """Whether a capitalised run the parser missed names an organisation: a name of several words
    with an organisation word ("Food Standards Agency"), or a known brand or acronym ("Twitter", "NFL")."""
    if m.type != "organisation" or work_or_product(doc, m.text):
        return False
    return (" " in m.text and strong_org(doc, m.text)) or m.text.lower() in _BRANDS | frozenset(lexicons.load("acronyms"))


def known_org(name: str) -> bool:
    """Whether a name is a known company or body by itself ("Netflix", "NATO"), whatever the parser typed it."""
    return name.lower() in _BRANDS | frozenset(lexicons.load("acronyms")) - {"us", "uk", "usa", "eu", "un"}


#: last words of an event's name: "at the Producers Guild Awards" is an occasion, not someone who acts
_EVENT_WORDS = frozenset("awards award festival ceremony games olympics championship championships cup "
                         "conference summit gala expo fair".split())


def quoted_title(ent: Any) -> bool:
    """An entity the sentence writes inside quotation marks (“Joker,”): a title of a work, not an actor."""
    text = ent.doc.text
    before = text[: ent.start_char].rstrip()
    after = text[ent.end_char :].lstrip(",.!? ")
    return bool(before.endswith(("“", '"', "‘")) and after.startswith(("”", '"', "’")))


def actor(doc: Document, ent: Any) -> bool:
    """Whether a PERSON, ORG or NORP entity of a parsed sentence names someone who can act (see the module)."""
    name = re.sub(r"^(?:the|The)\s+", "", ent.text)
    root = ent.root
    if quoted_title(ent):
        return False
    if ent.label_ == "ORG" and root.lower_ in _EVENT_WORDS and root.dep_ not in ("nsubj", "nsubjpass"):
        return False  # "the big winner at the Producers Guild Awards"; "the Festival said" still acts
    if ent.label_ == "PERSON":  # not a person: a name in front of another ("Java HTTP endpoints")
        return not (root.dep_ == "compound" and root.head.tag_.startswith("NNP") and root.head.i >= ent.end)
    if name.upper() in _TIMEZONES:
        return False
    if ent.label_ == "NORP":
        return root.dep_ in ("nsubj", "nsubjpass") and root.tag_ in ("NNPS", "NNS")
    if work_or_product(doc, name):
        return False
    if ent.end < len(root.doc) and root.doc[ent.end].like_num and root.doc[ent.end].head.i == root.i:
        return False  # a version or a number in a name: "GCC 8.3", "Rocket Pass 4"
    head = root.head
    if places.misread_place(ent):
        return False
    if strong_org(doc, name):
        return True
    if root.dep_ == "compound" and head.i > root.i and head.text.lower() not in _MEMBERS | coref.people_nouns():
        return False  # "GNU GCC", "Java HTTP endpoints"
    return not (root.dep_ in ("dobj", "pobj") and head.text.lower() in _USE_VERBS)


def _title_word(word: str) -> bool:
    """An honorific or office in front of a name, also one not yet or about to be held ("President-elect")."""
    return re.sub(r"-(?:elect|designate)$", "", word.lower().rstrip(".")) in coref.HONORIFICS


def _strip_titles(words: list[str]) -> list[str]:
    """A name without the titles in front ("Taiwanese President Tsai Ing-wen" -> "Tsai Ing-wen")."""
    last = max((i for i, w in enumerate(words) if _title_word(w)), default=-1)
    return words[last + 1 :] if last + 1 < len(words) else words


_OFFICE_LINKS = frozenset({"of", "for", "the"})


@cache
def _office_titles() -> frozenset[str]:
    """Words of a title that an office follows ("Attorney for ...", "Secretary of ...")."""
    from unspun.analyzers.sourcing.phrases import single_word_titles

    return coref.HONORIFICS | single_word_titles() | {"attorney", "prosecutor", "solicitor", "speaker", "head"}


@lru_cache(maxsize=4)
def _full_names(mentions: coref.Mentions) -> tuple[list[int], list[tuple[str, Span, frozenset[str], bool]]]:
    """Every person-shaped name of two or more words, titles left out, by position: (name, span, the words
    a short form may be (lower case), whether it is surely a person's). A name typed person, or with a
    title in front, is found by any of its words; an untyped one ("Marjorie Velázquez") by its last only."""
    starts, out = [], []
    for m in mentions:
        words = m.text.split()
        stripped = _strip_titles(words)
        titled = False
        if m.type in ("person", "name") and set(stripped) & _OFFICE_LINKS:
            # a title with its office ("U.S. Attorney for the District of Massachusetts Joshua Levy", "Secretary
            # of State Antony Blinken"): the name is the last two words after the office's last link word
            first = next(i for i, w in enumerate(stripped) if w in _OFFICE_LINKS)
            if m.honorific or any(w.lower().rstrip(".") in _office_titles() for w in stripped[:first]):
                k = max(i for i, w in enumerate(stripped) if w in _OFFICE_LINKS)
                stripped, titled = (stripped[k + 1 :][-2:], True) if len(stripped) - k - 1 >= 2 else ([], False)
        if m.type not in ("person", "name") or len(stripped) < 2 or "’s" in m.text or "'s" in m.text:
            continue
        if not all(_NAME_WORD.fullmatch(w) or w.lower() in ("de", "van", "von", "bin", "al") for w in stripped):
            continue
        sure = m.type == "person" or len(stripped) < len(words) or titled
        text = " ".join(stripped)
        a = m.span.end - len(text) if m.text.endswith(text) else m.span.start
        starts.append(m.span.start)
        parts = stripped if sure else stripped[-1:]
        out.append((text, Span(a, a + len(text)), frozenset(w.lower() for w in parts), sure))
    return starts, out


def _before(doc: Document, at: int) -> int:
    """Where to look back from: a name in the headline (before the body) is looked up in the whole body."""
    return doc.body.end if doc.headline.start <= at < doc.headline.end else at


def short_form(doc: Document, mentions: coref.Mentions, words: str, at: int) -> tuple[str, Span, str, bool] | None:
    """(full name, its span, "person" or "organisation", whether surely so) that the short form ``words``
    at ``at`` stands for, or None when it is already full or nothing earlier fits (see the module)."""
    at = _before(doc, at)
    parts = _strip_titles(re.sub(r"[’']s$", "", words.strip()).split())
    if len(parts) == 1:
        w = parts[0]
        if re.fullmatch(r"[A-Z]{2,6}s?", w):
            return _acronym(mentions, w.rstrip("s") if w.endswith("s") and len(w) > 2 else w, at)
        m = mentions.person_by_part(w, at)
        full = " ".join(_strip_titles(m.text.split())) if m is not None else w
        if m is not None and m.text != w and m.text.endswith(full) and (full == w or _personal(doc, full)):
            # the full name, titles left out; a surname only ever written after a title ("President-elect
            # Trump") is a person's, and is its own fullest form
            return full, Span(m.span.end - len(full), m.span.end), "person", True
        starts, names = _full_names(mentions)
        for text, span, lower, sure in reversed(names[: bisect_right(starts, at)]):
            if w.lower() in lower and span.end <= at and _personal(doc, text):
                return text, span, "person", sure
    return None


def _personal(doc: Document, name: str) -> bool:
    """Whether a name found for a short form can be a person's: no "for"/"of" in it ("Alternative for
    Germany"), and a first word the text does not also write before other names, as an adjective
    ("Turkish Wikipedia" beside "Turkish Constitutional Court")."""
    words = name.split()
    if len(words) < 2 or any(w in ("for", "of", "the", "and") for w in words):
        return False
    return _next_words(words[0], doc.text) <= {re.sub(r"[^\w’'\-].*", "", words[1])}  # "H.W." is read "H"


@lru_cache(maxsize=4096)
def _next_words(word: str, text: str) -> frozenset[str]:
    """The capitalised words ``text`` writes after ``word`` (a long text's hash is kept by its string)."""
    return frozenset(re.sub(r"[’']s$", "", m[1]) for m in re.finditer(rf"\b{re.escape(word)}\s+([A-Z][\w’'\-]*)", text))


def _acronym(mentions: coref.Mentions, acro: str, at: int) -> tuple[str, Span, str, bool] | None:
    best = None
    for m in mentions:
        if m.span.end > at:
            break
        caps = [w for w in m.text.split() if w.lower() not in ("of", "the", "for", "and", "&", "de", "la")]
        if len(caps) == len(acro) and all(w[:1] == c for w, c in zip(caps, acro, strict=True)):
            best = (m.text, m.span, "organisation", True)
    return best


def fullest_org(doc: Document, name: str) -> tuple[str, Span] | None:
    """A company's fuller name written in the body ("Amazon" -> "Amazon.com Inc"), or None."""
    m = re.search(rf"\b{re.escape(name)}(?:\.com)?,?\s(?:Inc|Corp|Corporation|Ltd|LLC|plc|Co)\b\.?",
                  doc.text[doc.body.start : doc.body.end])
    if m is None:
        return None
    a, b = doc.body.start + m.start(), doc.body.start + m.end()
    text = doc.text[a:b].rstrip(".").replace(",", "")
    return (text, Span(a, a + len(text))) if text != name else None


@lru_cache(maxsize=256)
def _parse(sentence: str) -> Any:
    from unspun.runtime import nlp

    return nlp.parse(sentence)


def name_of(tok: Any) -> tuple[int, int]:
    """Token range (inclusive) of a proper-noun subject with its proper-noun compounds, titles left out."""
    parts = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "compound" and c.tag_.startswith("NNP"):
                parts.append(c)
                stack.append(c)
    parts.sort(key=lambda p: p.i)
    last = max((k for k, p in enumerate(parts) if p.text.lower().rstrip(".") in coref.HONORIFICS), default=-1)
    if last + 1 < len(parts):  # "Dr. Shadlen" is Shadlen; "Prime Minister" stays
        parts = parts[last + 1 :]
    return parts[0].i, parts[-1].i


def _candidate(doc: Document, mentions: coref.Mentions, parsed: Any, tok: Any, base: int, want: str,
               here: bool = False) -> tuple[str, Span] | str | None:
    """What a subject ``tok`` offers a pronoun that wants a ``want``: (name, span), "skip" (a pronoun, a
    relative word or a description in an earlier sentence: look further back), or None (the wrong kind,
    or ``here``, in the pronoun's own sentence, a description "it"/"they" may stand for: stop)."""
    if tok.tag_ in ("PRP", "WP", "WDT", "EX") or tok.text.lower() in ("who", "that", "which"):
        return "skip"
    if not tok.tag_.startswith("NNP"):
        return None if here and want == "organisation" else "skip"
    lo, hi = name_of(tok)
    a, b = base + parsed[lo].idx, base + parsed[hi].idx + len(parsed[hi].text)
    name = doc.text[a:b]
    label = next((e.label_ for e in parsed.ents if e.start <= tok.i < e.end), None)
    m = mentions.starting_at(a)
    found = short_form(doc, mentions, name, a)
    if want == "person":
        if found is not None and found[2] == "person":
            return found[0], found[1]
        ok = label == "PERSON" or (m is not None and m.type == "person") or (label is None and m is not None and m.type == "name"
                                                                              and " " in name)
        return (name, Span(a, b)) if ok else "skip"
    if label in ("PERSON", "GPE", "LOC", "NORP") or work_or_product(doc, name) or found is not None:
        return None
    if label == "ORG" or strong_org(doc, name) or (m is not None and m.type == "organisation" and " " in name):
        return fullest_org(doc, name) or (name, Span(a, b))
    return None


def _subjects(sent: Any, before: int | None = None) -> list[Any]:
    """Subject tokens of a parse, the main clause's first; with ``before``, those ahead of that token, nearest first."""
    subs = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass")]
    if before is not None:
        return sorted((t for t in subs if t.i < before), key=lambda t: -t.i)
    return sorted(subs, key=lambda t: (t.head.dep_ != "ROOT", t.i))


#: verbs whose "it" is someone who speaks ("it said"), not a thing
_SAYS = frozenset("say said says tell told announce announced add added state stated note noted confirm confirmed explain explained warn warned".split())


def antecedent(doc: Document, mentions: coref.Mentions, span: Span, parsed: Any, pron: Any) -> tuple[str, Span] | None:
    """The name a subject pronoun ``pron`` of the sentence ``span`` (parse ``parsed``) stands for (see the module)."""
    want = _PRONOUN_TYPES.get(pron.text.lower())
    if want is None or (want == "organisation" and pron.head.text.lower() in _COPULAS):
        return None  # "it is clear", "it became clear": no one
    speaks = want == "organisation" and pron.head.lower_ in _SAYS
    # a "he"/"she" in a quotation is not its speaker, who says "I" ("“... he ran afoul of Bush,” said Danin")
    said = speakers.speaker_at(doc, span.start + pron.idx) if want == "person" and doc.quotations else None
    speaker = said["text"].split()[-1:] if said else []

    for t in _subjects(parsed, pron.i):
        owner = next((c for c in t.children if c.dep_ == "poss" and c.tag_.startswith("NNP")), None)
        if speaks and owner is not None and not t.tag_.startswith("NNP"):
            t = owner  # "Microsoft’s goal ... encompasses ..., it said": a goal says nothing; its owner does
        c = _candidate(doc, mentions, parsed, t, span.start, want, here=True)
        if c is None:
            return None
        if c != "skip" and c[0].split()[-1:] != speaker:  # [] (no speaker) is no name's last word
            return c  # type: ignore[return-value]
    sents = doc.sentences
    k = bisect_right([s.start for s in sents], span.start) - 1
    if 0 <= k < len(sents) and sents[k].start == span.start:
        for j in range(k - 1, max(-1, k - 4), -1):
            prev = _parse(doc.text[sents[j].start : sents[j].end])
            for t in _subjects(prev)[:1]:
                c = _candidate(doc, mentions, prev, t, sents[j].start, want)
                if c is None:
                    return None
                if c != "skip" and c[0].split()[-1:] != speaker:  # [] (no speaker) is no name's last word
                    return c  # type: ignore[return-value]
    if want == "person":
        return _nearest_person(doc, mentions, _before(doc, span.start + pron.idx), not_named=speaker)
    return None


def _nearest_person(doc: Document, mentions: coref.Mentions, before: int, tries: int = 3,
                    not_named: list[str] | None = None) -> tuple[str, Span] | None:
    """The latest person-shaped mention before ``before`` that the parser does not type otherwise.

    The mentions' "person" is a shape (two or more capitalised name-like words); "the German Reich",
    "Alternative for Germany" have it too. A "he" resolved to them was wrong (dw.com, 2026-12-03), so a
    candidate the NER calls a nation, place, group or organisation in its sentence is passed over (up to
    ``tries`` of them), as is one whose last word is ``not_named`` (a quotation's speaker). A later single name
    ("said Della") that is part of an earlier person's name ("Tahir Della") stands for that person and comes first."""
    for _ in range(tries):
        m = mentions.nearest(before, ("person",))
        pos = before
        for _ in range(12):  # the single names since then, latest first
            short = mentions.nearest(pos, ("name",))
            if short is None or (m is not None and short.span.start < m.span.start):
                break
            full = mentions.person_by_part(short.text, short.span.start) if " " not in short.text else None
            if full is not None and _not_a_person(doc, full.span) is False and full.text.split()[-1:] != not_named:
                return full.text, full.span
            pos = short.span.start
        if m is None:
            return None
        if not _not_a_person(doc, m.span) and m.text.split()[-1:] != not_named:
            return m.text, m.span
        before = m.span.start
    return None


_NOT_PERSON = frozenset({"NORP", "GPE", "LOC", "ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})


def _not_a_person(doc: Document, span: Span) -> bool | None:
    """Whether the NER types the words at ``span`` (in their sentence) as something other than a person;
    None when no sentence holds them."""
    sents = doc.sentences
    k = bisect_right([s.start for s in sents], span.start) - 1
    if not 0 <= k < len(sents) or sents[k].end < span.end:
        return None
    sent = sents[k]
    parsed = _parse(doc.text[sent.start : sent.end])
    a, b = span.start - sent.start, span.end - sent.start
    return bool({e.label_ for e in parsed.ents if e.start_char < b and a < e.end_char} & _NOT_PERSON)
