"""People referred to only by their office ("the minister", "China's ambassador") whom the article never names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from unspun.analyzers.sourcing.speakers import SPOKES
from unspun.document import Document, Span
from unspun.text import lexicons

_NAME_AFTER = re.compile(r"(?:-elect|-designate)?\s+(?:[A-Z][\w’'.\-]+)(?:\s+[A-Z][\w’'.\-]+)*")
_NAME_APPOS = re.compile(r",\s+[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+)+")
_NAME_BEFORE = re.compile(
    r"[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+)+(?:,\s*|\s+(?:was|is|has\s+been|had\s+been|became|becomes)\s+"
    r"(?:named\s+|appointed\s+|made\s+|elected\s+)?(?:as\s+)?)(?:the\s+|a\s+|an\s+|its\s+|their\s+)?$"
)
#: offices with one holder per country, which a reader identifies from the unqualified title
#: ("the Prime Minister", "the Queen"); qualified ("China's President") they can still be unnamed
_UNIQUE_OFFICES = frozenset(("prime minister", "president", "king", "queen", "pope", "chancellor", "taoiseach"))


@cache
def _title_pattern() -> re.Pattern[str]:
    titles = sorted(lexicons.load("titles"), key=len, reverse=True)
    alt = "|".join(r"\s+".join(map(re.escape, t.split())) for t in titles)
    # qualifiers are case-sensitive (a possessive or nationality is capitalised); titles are not
    qual = r"(?:(?P<poss>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?['’]s)\s+|(?P<adj>[A-Z][a-z]+(?:an|ese|ish|ian|i|ch))\s+|(?P<det>[Tt]he)\s+)?"
    return re.compile(r"(?<![\w’'])" + qual + r"(?P<title>(?i:" + alt + r"))(?![\w’'])")


@dataclass(frozen=True)
class TitleMention:
    span: Span
    key: tuple[str, str]  # (qualifier, title)
    named: bool


def title_mentions(doc: Document) -> list[TitleMention]:
    text = doc.text
    out = []
    for m in _title_pattern().finditer(text):
        title = " ".join(m.group("title").lower().split())
        qual_text = m.group("poss") or m.group("adj") or ""
        if not m.group("title")[0].isupper() and not (m.group("det") or m.group("poss")):
            continue  # a lower-case common word ("the general public" is not a title)
        # the possessor's last word is the key ("Later China's" and "China's" are one office)
        qual = re.sub(r"['’]s$", "", qual_text).lower().split()[-1] if qual_text else ""
        in_head = m.start() < doc.headline.end
        named = False
        if not in_head:  # title case in a headline makes every word look like a name
            after = text[m.end() : m.end() + 60]
            before = text[max(0, m.start() - 60) : m.start()]
            named = bool(_NAME_AFTER.match(after) or _NAME_APPOS.match(after) or _NAME_BEFORE.search(before))
            if named and _NAME_AFTER.match(after) and not _NAME_APPOS.match(after):
                nxt = _NAME_AFTER.match(after).group(0).split()[0]  # type: ignore[union-attr]
                named = nxt.lower() not in _STOP_CAPS
        out.append(TitleMention(Span(m.start(), m.end()), (qual, title), named))
    return out


#: capitalised words after a title that are not a name
_STOP_CAPS = frozenset("and or of for in on at to the a an but said says".split())


def title_only_actors(doc: Document, min_mentions: int = 2) -> list[list[TitleMention]]:
    """Groups of mentions of an office that the article never puts a name to."""
    ms = title_mentions(doc)
    named = {m.key for m in ms if m.named}
    named_titles_unqualified = {t for (q, t) in named if not q}
    quals: dict[str, set[str]] = {}
    for m in ms:
        if m.key[0]:
            quals.setdefault(m.key[1], set()).add(m.key[0])
    groups: dict[tuple[str, str], list[TitleMention]] = {}
    for m in ms:
        key = m.key
        if not key[0] and key[1] in _UNIQUE_OFFICES and len(quals.get(key[1], ())) == 1:
            # "Canada's Prime Minister ... the Prime Minister": the one qualifier given says whose office it is
            key = (next(iter(quals[key[1]])), key[1])
        groups.setdefault(key, []).append(m)
    out = []
    for key, g in groups.items():
        qual, title = key
        if key in named or title in named_titles_unqualified:
            continue
        if not qual and any(t == title for (_, t) in named):
            continue  # "the president" after "President Putin" is the named one
        if title in SPOKES and not qual:
            continue
        if title in _UNIQUE_OFFICES and not qual:
            continue  # "the Prime Minister", "the Queen", never qualified: the country's one holder, whom readers know
        if len(g) >= min_mentions:
            out.append(g)
    return sorted(out, key=lambda g: g[0].span.start)
