"""Who a reference points back to: a small rule-based coreference over the body.

Two things are read from the whole body without a parse (a regex pass, cheap on long inputs):

* **named mentions**: runs of capitalised words (``Levi Pay``, ``Prof David Green``,
  ``Con Edison``, ``the Department of Environmental Protection``), each typed ``person``,
  ``organisation`` or ``place`` from its words (an honorific, an organisation word, a place
  word), or ``name`` when nothing in it says which;
* the attributions found so far (:mod:`attribution` adds them in text order).

A reference is resolved to the nearest compatible earlier antecedent, never by gender:

* ``he``/``she`` (and ``him``/``her``): a person or anonymous attribution, or a person mention;
* ``it``: an organisation or document attribution, or an organisation mention;
* ``they``: any attribution, or an organisation mention;
* a definite description (``the researchers``, ``the pair``, ``the company``, ``the officials``,
  ``its creators``): an earlier attribution with the same head noun, else for words naming
  people an earlier named person or organisation, for words naming bodies an organisation;
* a lone surname or first name: an earlier person mention that has it (``Pay`` is ``Levi Pay``).

A resolved reference is not a new source: its kind is its antecedent's, and the analyzer does not
report it again (the antecedent carries any finding).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from unspun.analyzers.sourcing.phrases import single_word_titles
from unspun.document import Document, Span
from unspun.text import lexicons

#: titles and honorifics that make the capitalised words after them a person's name
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister brother "
    "president vice-president senator sen rep representative congressman congresswoman councillor "
    "councilman councilwoman alderman mayor governor gov minister secretary chancellor ambassador judge "
    "justice detective inspector sergeant sgt officer constable captain capt lieutenant lt colonel col "
    "general gen admiral commander coach prince princess duke duchess king queen emperor pope archbishop "
    "bishop rabbi imam sheikh cardinal chief superintendent commissioner".split()
)
#: words that make a capitalised run an organisation (besides the institutions lexicon)
ORG_WORDS = frozenset(
    "inc inc. corp corp. corporation ltd ltd. llc plc co co. company companies group holdings university "
    "college institute institution academy association society foundation trust agency department ministry "
    "office council commission committee board bureau service services news times post journal herald "
    "telegraph guardian gazette tribune magazine press media network broadcasting radio television tv "
    "party bank fund court police army navy force forces administration government parliament congress "
    "senate assembly union federation league club team laboratory laboratories labs lab research center "
    "centre hospital clinic school schools museum library studio studios games records airlines "
    "airways motors technologies technology systems software energy pharmaceuticals partners capital "
    "consulting international organisation organization authority authorities regulator commission "
    "inn bar pub hotel restaurant cafe café bistro brewery shop store stores market supermarket "
    "facebook google amazon microsoft apple twitter reuters bbc cnn nasa".split()
)
#: nouns that, written after a name, show the name is a body's ("Con Edison officials", "Orbis staff")
_BODY_AFTER = re.compile(
    r"\s+(?:officials|executives|spokes(?:man|woman|person|people)|employees|staff|workers|shareholders|"
    r"customers|engineers|researchers|analysts|lawyers|board|management|headquarters|said\s+in\s+a\s+statement)\b"
)
#: last words that make a capitalised run a place ("Albert Quay", "Harbour Street")
PLACE_WORDS = frozenset(
    "street st road rd avenue ave boulevard lane drive quay square bridge river lake sea ocean bay beach island "
    "islands mountains valley county city province region coast harbour harbor airport station forest desert canal "
    "gulf peninsula".split()
)
#: first words that make a capitalised run a place ("North Carolina", "San Diego", "New Zealand")
PLACE_FIRST = frozenset("north south east west northern southern eastern western central new san los las santa "
                        "fort port mount lake upper lower great united saudi hong".split())
#: first words of a capitalised run that are not part of a name (sentence openers, days, months)
_NOT_NAME = frozenset(
    "the a an in on at by for from with of to and but or if when while after before since as this that these "
    "those it its he she they we i you his her their our my your there here then so yet also today yesterday "
    "tomorrow monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december what who how why where which mr. mrs. dr. prof. "
    "according however meanwhile instead still already once now later earlier".split()
)
_CONNECTORS = frozenset("of for de da van von der del la le bin al du dos di".split())
#: a capitalised word; a full stop belongs to it only after an initial or a short title ("J.", "U.S.", "Dr.")
_CAP = r"(?:[A-Z]\.(?:[A-Z]\.)*|(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Sen|Rep|Gov|Capt|Lt|Col|Sgt|Rev)\.|[A-Z][\w’'\-]*)"
_RUN = re.compile(_CAP + r"(?:\s(?:(?:of|for|de|da|van|von|der|del|la|le|bin|al|du|dos|di)\s(?:the\s)?)?" + _CAP + r")*")
_PRONOUNS = {
    "he": "person", "she": "person", "him": "person", "her": "person",
    "it": "organisation", "its": "organisation", "they": "any", "them": "any", "their": "any",
}


@dataclass(frozen=True)
class Mention:
    """A run of capitalised words in the body, typed from its words."""

    span: Span
    text: str  # as written, an honorific or title in front left out ("Levi Pay", "Con Edison")
    type: str  # "person", "organisation", "place" or "name"
    honorific: bool = False  # a title or honorific came in front ("Prof David Green"): surely a person


@cache
def _set(name: str) -> frozenset[str]:
    return frozenset(lexicons.load(name))


@cache
def people_nouns() -> frozenset[str]:
    """Common nouns that name people (``researchers``, ``the pair``, ``a nurse``): see person_nouns.txt."""
    titles = single_word_titles()
    return (frozenset(lexicons.load("person_nouns")) | _set("anonymous_sources") | _set("vague_sources") | titles
            | {t + "s" for t in titles})


def _word(t: str) -> str:
    return t.lower().strip(".,’'")


def named_mentions(doc: Document) -> list[Mention]:
    """Every run of capitalised words in the body, in text order, typed.

    A single capitalised word at the start of a sentence is not a mention (every sentence
    starts with one); mid-sentence it is, typed ``name`` unless its word says more. Worked out
    once per document (:attr:`Document.shared`); each call gets its own list.
    """
    found = doc.shared.get(__name__ + ".named_mentions")
    if found is None:
        found = doc.shared[__name__ + ".named_mentions"] = tuple(_named_mentions(doc))
    return list(found)


def _named_mentions(doc: Document) -> list[Mention]:
    text = doc.text
    starts = {s.start for s in doc.sentences}
    body = doc.body_text
    lower_words = set(re.findall(r"(?<![\w’'])[a-z][a-z’'\-]*", body))
    out: list[Mention] = []
    for m in _RUN.finditer(text, doc.body.start, doc.body.end):
        toks = [(t.start(), t.group(0)) for t in re.finditer(r"\S+", m.group(0))]
        toks = [(m.start() + a, w) for a, w in toks]
        # leading connectors and openers are not part of a name; a sentence's capitalised first word
        # is a common word when the text also writes it in lower case ("Many Tunisians")
        while toks and (_word(toks[0][1]) in _NOT_NAME or _word(toks[0][1]) in _CONNECTORS
                        or (toks[0][0] in starts and _word(toks[0][1]) in lower_words)):
            toks = toks[1:]
        while toks and _word(toks[-1][1]) in _CONNECTORS | {"the"}:
            toks = toks[:-1]
        if not toks:
            continue
        words = [_word(w) for _, w in toks]
        honorific = words[0].rstrip(".") in HONORIFICS and len(toks) > 1
        name_toks = toks[1:] if honorific else toks
        while honorific and len(name_toks) > 1 and _word(name_toks[0][1]).rstrip(".") in HONORIFICS:
            name_toks = name_toks[1:]  # "Prime Minister Boris Johnson", "Vice President X"
        if re.search(r"['’]s$", name_toks[-1][1]):  # "Diana's": the name without the possessive
            name_toks = [*name_toks[:-1], (name_toks[-1][0], name_toks[-1][1][:-2])]
        start = name_toks[0][0]
        end = name_toks[-1][0] + len(name_toks[-1][1].rstrip(".,’'")) if not re.search(
            r"[A-Z]\.$", name_toks[-1][1]) else name_toks[-1][0] + len(name_toks[-1][1])
        if len(toks) == 1 and toks[0][0] in starts:
            continue
        nwords = [_word(w) for _, w in name_toks]
        inst = _set("institutions")
        if any(w in ORG_WORDS or w in inst for w in nwords) or (
            len(name_toks) == 1 and re.fullmatch(r"[A-Z]{2,}s?|[A-Z](?:\.[A-Z])+\.?", name_toks[0][1])
        ):
            typ = "organisation"
        elif len(nwords) > 1 and (nwords[-1] in PLACE_WORDS or nwords[0] in PLACE_FIRST):
            typ = "place"
        elif any(re.search(r"['’]s$", w) for _, w in name_toks[:-1]):
            typ = "name"  # "Sheffield’s Residence Life": a possessor and a thing, not a person's name
        elif honorific or (len(name_toks) >= 2 and all(_name_shaped(w) for _, w in name_toks)
                           and not any(w in single_word_titles() for w in nwords) and nwords[0] not in lower_words):
            # a first name is not also an ordinary word of the text ("Marriage Story" is a film)
            typ = "person"
        else:
            typ = "name"
        if typ in ("person", "name") and _BODY_AFTER.match(text, end):
            typ = "organisation"
        if end > start:
            out.append(Mention(Span(start, end), text[start:end], typ, honorific))
    # a name written once as a body's ("Con Edison officials") is a body everywhere in the text
    bodies = {m.text for m in out if m.type == "organisation"}
    return [Mention(m.span, m.text, "organisation", m.honorific) if m.type != "organisation" and m.text in bodies
            else m for m in out]


def _name_shaped(w: str) -> bool:
    """A capitalised word that can be part of a person's name (not an acronym, not a title)."""
    w = w.rstrip(".,’'")
    return bool(re.fullmatch(r"[A-Z][a-z’'\-]+(?:[A-Z][a-z’'\-]+)?|[A-Z]\.?", w)) or w.lower() in _CONNECTORS


class Mentions:
    """The named mentions of a body with lookups by position (bisect over per-type lists), so
    resolving each reference costs the same in a 500,000-character body as in a short one."""

    def __init__(self, mentions: list[Mention], text: str = "") -> None:
        self.all = mentions
        self._text = text
        self._by_type: dict[str, tuple[list[int], list[Mention]]] = {}
        for m in mentions:  # in text order
            ends, ms = self._by_type.setdefault(m.type, ([], []))
            ends.append(m.span.end)
            ms.append(m)
        self._by_start = {m.span.start: m for m in mentions}
        self._by_end = {m.span.end: m for m in mentions}
        self._by_part: dict[str, tuple[list[int], list[Mention]]] = {}
        for m in mentions:
            if m.type == "person" and len(m.text.split()) > 1:
                for part in {p.lower() for p in m.text.split()}:
                    starts, ms = self._by_part.setdefault(part, ([], []))
                    starts.append(m.span.start)
                    ms.append(m)

    def __iter__(self) -> Iterator[Mention]:
        return iter(self.all)

    def with_partner(self, m: Mention) -> Span:
        """``m``'s span, widened to a mention joined to it by "and" ("Ana Reyes and Tom Field")."""
        for sep in (" and ", " & "):
            if self._text[m.span.start - len(sep) : m.span.start] == sep:
                other = self._by_end.get(m.span.start - len(sep))
                if other is not None:
                    return Span(other.span.start, m.span.end)
            if self._text[m.span.end : m.span.end + len(sep)] == sep:
                other = self._by_start.get(m.span.end + len(sep))
                if other is not None:
                    return Span(m.span.start, other.span.end)
        return m.span

    def starting_at(self, pos: int) -> Mention | None:
        return self._by_start.get(pos)

    def ending_at(self, pos: int) -> Mention | None:
        return self._by_end.get(pos)

    def nearest(self, before: int, types: tuple[str, ...]) -> Mention | None:
        """The latest mention of one of ``types`` that ends at or before ``before``."""
        best = None
        for t in types:
            ends, ms = self._by_type.get(t, ([], []))
            k = bisect_right(ends, before) - 1
            if k >= 0 and (best is None or ms[k].span.start > best.span.start):
                best = ms[k]
        return best

    def person_by_part(self, word: str, before: int) -> Mention | None:
        """The latest person mention before ``before`` whose name has ``word`` as a part (surname, first name)."""
        starts, ms = self._by_part.get(word.lower(), ([], []))
        k = bisect_left(starts, before) - 1
        return ms[k] if k >= 0 else None


def mention_kind(m: Mention) -> str:
    return "organisation" if m.type == "organisation" else "person"


def pronoun_type(word: str) -> str | None:
    """What a pronoun can point back to: "person", "organisation", "any", or None (not a pronoun)."""
    return _PRONOUNS.get(word.lower())


_NAME = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}"


def named_later(doc: Document, head: str, after: int) -> str | None:
    """The name an unnamed person ("The mother of a woman ...") is given later in the article, or None:
    "her mother, Fiona", "his lawyer Jane Doe", "Fiona Parry, the girl's mother". ``head`` is the
    unnamed phrase's head noun (a word for a person), ``after`` where the phrase ends."""
    if not head or head not in people_nouns():
        return None
    before, after_name = _named_later_patterns(head)
    rest = doc.text[after:]
    m = before.search(rest) or after_name.search(rest)
    return m[1] if m and not _CALENDAR.match(m[1]) else None


@lru_cache(maxsize=512)
def _named_later_patterns(head: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"her mother, Fiona" and "Fiona Parry, the girl's mother" for one head noun (compiled once: re's own
    cache is shared with every pattern the analyzers build from names, which push these out)."""
    h = re.escape(head)
    owner = r"(?:his|her|their|its|the|[A-Z][a-z]+['’]s)\s+(?:[a-z]+(?:['’]s)?\s+)?"
    return re.compile(rf"\b{owner}{h},?\s+({_NAME})\b"), re.compile(rf"\b({_NAME}),\s+{owner}{h}\b")


_CALENDAR = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|(?:january|february|march|april|may|june|july|"
                       r"august|september|october|november|december)\b", re.IGNORECASE)


#: the kinds of work a review or an explainer discusses with its author as its one source
_WORK = re.compile(r"\b(book|memoir|novel|biography|essay collection|documentary|exhibition|album)\b", re.IGNORECASE)


def work_of(doc: Document, source: str) -> str | None:
    """The kind of work ("book") the one source is introduced as the author of, where the article first names
    them ("In the 2012 book L'être et le Néon, ... the philosopher Luis de Miranda") and which the article
    comes back to, or None."""
    name = source.split()[-1] if source.split() else ""
    if not name[:1].isupper() or len(name) < 3:
        return None
    first = doc.body_text.find(name)
    if first < 0:
        return None
    pos = doc.body.start + first
    k = max(0, bisect_left(doc.sentences, Span(pos + 1, pos + 1)) - 1)  # the sentence holding it
    around = " ".join(doc.span_text(s) for s in doc.sentences[max(0, k - 1): k + 1])
    m = _WORK.search(around)
    if not m or len(re.findall(rf"\b{m[1]}\b", doc.body_text, re.IGNORECASE)) < 2:
        return None  # a work named once ("the author of a book on fraud, said") is not what the article is about
    return m[1].lower()
