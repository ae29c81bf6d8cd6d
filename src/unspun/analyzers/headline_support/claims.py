"""Split a headline into its claims, each a span into ``Document.text``.

Headlines pack several claims with punctuation: "A meets B in Moscow: The West
is on the verge of collapse!" Claims are cut at ":", "|", ";", a spaced dash,
after "!" or "?", and before a contrasting clause (", but", ", while"). "and"
is not a cut: "Putin and China's minister meet" is one claim. A piece with
fewer than two content words ("BREAKING:", "Study:", "Watch") is a label, not
a claim, and is dropped unless nothing else is left.

Page titles also carry pieces that are not claims at all: the site's name
("| Caktus Group", "- Stack Overflow Blog"), a byline ("| Eleanor Ainge Roy"),
a date ("| 19.01.2020") or a section or series label ("Leader spotlight:",
"Allergies Health Center"). :func:`headline_pieces` drops those too and says
why, so the analyzer can name them in its summary instead of judging them.
Site names and bylines are recognised from the page's own metadata (site name,
author, address) where it has them, else from their shape (a domain name, a
"By ..." line, a brand word such as "News" or "Blog" in a short piece at either
end of a page title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from unspun.document import Document, Span
from unspun.text.tokens import WORD

# Cut points: the match is removed from both claims. Terminal !/? stay with the
# claim before them (they are part of how it is asserted).
_CUT = re.compile(
    r"""\s*[:|;]\s+             # colon, pipe, semicolon followed by space
      | \s+[-–—]+\s+            # spaced dash or en/em dash
      | (?<=[!?])\s+            # after ! or ?
      | ,?\s+(?=(?:but|while|yet|whereas)\s)  # before a contrasting clause
    """,
    re.VERBOSE,
)
_LEADING = re.compile(r"(?:but|while|yet|whereas)\s+", re.IGNORECASE)
_LABEL_WORDS = frozenset(
    "a an the breaking watch video exclusive update live report study opinion analysis photos photo new".split()
)
#: quotation marks a claim may open or close with; an apostrophe inside a word ("Nyong'o", "it's") is not one
_QUOTE_CHARS = "\"'“”‘’«»"

# -- what is not a claim ---------------------------------------------------------------------------

#: the last word of a short piece that names a section, a series or the kind of page, not a claim
#: ("Leader spotlight", "Allergies Health Center", "Week in review"); written for unspun from the
#: page titles of news sites and blogs
SECTION_WORDS = frozenset(
    """spotlight center centre hub blog blogs newsroom magazine podcast podcasts newsletter digest briefing
    roundup round-up edition column columns editorial editorials letters explainer liveblog updates insider
    section archive archives homepage q&a""".split()
)
#: words of a site's name ("BBC News", "Daily Mail Online", "The Planetary Press"); a short piece at
#: either end of a page title made of capitalised words and one of these is the site, not a claim
BRAND_WORDS = frozenset(
    """news times post journal herald tribune guardian telegraph mail online magazine blog media press gazette
    chronicle express observer wire network daily weekly today tv radio broadcasting standard mirror
    independent sun star record bulletin dispatch examiner inquirer courier register globe newspaper""".split()
)
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|co|uk|io|info|news|ie|de|fr|au|ca|in|us|tv)$", re.IGNORECASE)
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
#: the words a date or time line is made of ("19.01.2020", "Updated: Jan 3, 2020 10:32 GMT", "Monday 3 June")
_DATE_TOKEN = re.compile(
    r"\d{1,4}(?:[./-]\d{1,2}){1,2}(?:[./-]\d{2,4})?|\d{1,2}:\d{2}|\d{1,4}(?:st|nd|rd|th)?|"
    + _MONTH + "|" + _WEEKDAY
    + r"|updated|published|posted|last|modified|am|pm|a\.m\.|p\.m\.|gmt|bst|utc|cet|cest|et|pt|est|edt|pst|pdt|on|at|of|the|[,.:|/()–—-]",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^[Bb]y\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$")


@dataclass(frozen=True)
class Hints:
    """What the page says about itself: its site's name, its authors and its address."""

    sites: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    host: str = ""

    @classmethod
    def of(cls, doc: Document) -> Hints:
        md = doc.metadata
        sites = tuple(s for s in [md.site.value] if s)
        authors = tuple(a.strip() for a in re.split(r"[;,]| and ", md.author.value or "") if len(a.strip()) > 2)
        host = ""
        if md.url.value:
            try:
                host = (urlsplit(md.url.value).hostname or "").lower()
            except ValueError:
                host = ""
        return cls(sites, authors, host)


def _squash(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


def _unthe(s: str) -> str:
    return s[3:] if s.startswith("the") and len(s) > 5 else s


def _host_name(host: str) -> str:
    """"www.caktusgroup.com" -> "caktusgroup"; "stackoverflow.blog" -> "stackoverflow"; "kulu-media.com" -> "kulumedia"."""
    parts = [p for p in host.split(".") if p and p != "www"]
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in ("co", "com", "org", "net", "ac", "gov"):
        parts = parts[:-2]
    elif len(parts) >= 2:
        parts = parts[:-1]
    return _squash(parts[-1]) if parts else ""


def is_date(text: str) -> bool:
    """The piece is only a date or time ("19.01.2020", "Jan 3, 2020", "Updated 10:32 GMT")."""
    rest = _DATE_TOKEN.sub(" ", text)
    return not rest.strip() and bool(re.search(r"\d|" + _MONTH, text, re.IGNORECASE))


#: "<name of an issue> for|of|: <date>": the title of a newsletter's, digest's or briefing's issue
_DATED_LABEL = re.compile(r"^(?P<label>.+?)\s*(?:\s(?:for|of)\s|[:,|–—]\s*|\s-\s)\s*(?P<date>.+)$", re.IGNORECASE)


def _edition_title(text: str) -> bool:
    """The piece names an issue of a publication and its date ("LWN.net Weekly Edition for March 26, 2015",
    "Morning Briefing: June 3", "The Daily Digest, 12 May 2020"): a title, no claim to check.

    The name must read as one: at most five capitalised words ending in a word for an issue or a section.
    """
    m = _DATED_LABEL.match(text)
    if not m or not is_date(m["date"]):
        return False
    label = m["label"].split()  # "LWN.net" one word
    return (1 <= len(label) <= 5 and label[-1].lower() in SECTION_WORDS
            and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in ("of", "the", "and") for w in label))


def not_a_claim(text: str, hints: Hints, at_edge: bool, whole: bool = False) -> str | None:
    """Why a headline piece is not a claim ("site name", "byline", "date", "section label", "edition title"), or None.

    ``at_edge``: the piece is the first or the last of a headline cut into several; site names,
    bylines and section labels sit there. ``whole``: the piece is the entire headline.
    """
    t = " ".join(text.split()).strip(_QUOTE_CHARS + " ")
    if not t:
        return None
    if is_date(t):
        return "date"
    words = WORD.findall(t)
    if _edition_title(t):
        return "edition title"
    sq = _unthe(_squash(t))
    if len(words) <= 6:
        for site in hints.sites:
            ss = _unthe(_squash(site))
            if ss and (sq == ss or (len(sq) >= 2 and ss.startswith(sq) and at_edge) or (at_edge and len(ss) >= 4 and ss in sq and len(words) <= 4)):
                return "site name"
        hn = _host_name(hints.host)
        if hn and at_edge and len(sq) >= 2 and (sq == hn or hn.startswith(sq) or (sq.startswith(hn) and len(words) <= 4)):
            return "site name"
        if at_edge and 1 <= len(words) <= 4 and words[-1].lower() in SECTION_WORDS:
            return "section label"  # before the author: a page whose author is "Letters"
        for author in hints.authors:
            au = _squash(author)
            if au and (sq == au or sq == "by" + au):
                return "byline"
    if _DOMAIN.match(t) and (at_edge or whole):
        return "site name"
    if _BYLINE.match(t) and (at_edge or whole):
        return "byline"
    if (at_edge or whole) and 1 <= len(words) <= 4:
        low = [w.lower() for w in words]
        if low[-1] in SECTION_WORDS and (at_edge or low[-1] in ("center", "centre", "hub", "section", "homepage", "archive", "archives")):
            return "section label"
        capitalised = all(w[:1].isupper() or w[:1].isdigit() or w.lower() in ("of", "the", "and", "&") for w in words)
        if at_edge and not whole and capitalised and any(w in BRAND_WORDS for w in low):
            return "site name"
    return None


# -- splitting ----------------------------------------------------------------------------------------


def _unbalanced_quotes(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim a quotation mark the cut left without its partner: "'Neutral' Snopes ..." keeps both
    of its marks; "Are there any?'" loses the closing one whose opening mark sat before the cut."""

    def marks() -> list[int]:
        out = []
        for i in range(s, e):
            if text[i] in _QUOTE_CHARS:
                inside = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
                plural_possessive = text[i] in "'’" and i > s and text[i - 1] in "sS" and (i + 1 >= e or not text[i + 1].isalnum())
                if not inside and not plural_possessive:
                    out.append(i)
        return out

    for _ in range(2):
        m = marks()
        if len(m) % 2 == 0:
            break
        if m and m[0] == s:
            s += 1
        elif m and m[-1] == e - 1:
            e -= 1
        else:
            break
    return s, e


def _quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of double-quoted passages ("...", “...”): a title or a quotation, never cut inside."""
    out = []
    for m in re.finditer(r"\"[^\"]{1,200}\"|“[^”]{1,200}”", text[start:end]):
        out.append((start + m.start(), start + m.end()))
    return out


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    pos = start
    quoted = _quoted(text, start, end)
    for m in _CUT.finditer(text, start, end):
        if any(qs < m.start() and m.end() < qe for qs, qe in quoted):
            continue  # "Batman v Superman: Dawn of Justice" is one title
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    out = []
    for s, e in pieces:
        while s < e and (text[s].isspace() or text[s] in "-–—,|"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",-–—|"):
            e -= 1
        lead = _LEADING.match(text, s, e)
        if lead:  # "but experts urge caution" -> "experts urge caution"
            s = lead.end()
        s, e = _unbalanced_quotes(text, s, e)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _content_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in _LABEL_WORDS and len(w) > 1]


def pieces(text: str, start: int = 0, end: int | None = None, hints: Hints | None = None) -> tuple[list[Span], list[tuple[Span, str]]]:
    """The claims within ``text[start:end]`` and the pieces dropped as not claims, with the reason.

    Reasons: "site name", "byline", "date", "section label" (see :func:`not_a_claim`) and "label"
    (fewer than two content words: "BREAKING", "Watch"). Labels are kept when nothing else is left;
    the other kinds never are.
    """
    end = len(text) if end is None else end
    hints = hints or Hints()
    found = _pieces(text, start, end)
    claims: list[Span] = []
    dropped: list[tuple[Span, str]] = []
    labels: list[Span] = []
    found = [(s, e) for s, e in found if WORD.search(text, s, e)]  # punctuation alone is nothing to check
    for n, (s, e) in enumerate(found):
        piece = text[s:e]
        why = not_a_claim(piece, hints, at_edge=len(found) > 1 and n in (0, len(found) - 1), whole=len(found) == 1)
        if why:
            dropped.append((Span(s, e), why))
        elif len(_content_words(piece)) >= 2:
            claims.append(Span(s, e))
        else:
            labels.append(Span(s, e))
    if not claims and labels and not dropped:
        return [Span(start, end)], []  # only labels: the headline as a whole is the claim ("Wow")
    dropped += [(sp, "label") for sp in labels]
    dropped.sort(key=lambda t: t[0].start)
    return claims, dropped


def split(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Claim spans within ``text[start:end]`` (offsets into ``text``), with no page metadata to go by."""
    end = len(text) if end is None else end
    claims, dropped = pieces(text, start, end)
    if claims or dropped or not WORD.search(text, start, end):
        return claims
    return [Span(start, end)]


def headline_pieces(doc: Document) -> tuple[list[Span], list[tuple[Span, str]]]:
    """The claims of a document's headline, and the pieces that are not claims with the reason."""
    return pieces(doc.text, doc.headline.start, doc.headline.end, Hints.of(doc))


def headline_claims(doc: Document) -> list[Span]:
    """The claims of a document's headline."""
    return headline_pieces(doc)[0]
