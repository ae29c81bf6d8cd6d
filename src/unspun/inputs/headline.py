"""The article's own headline, chosen among the page's ``<h1>``, og:title, twitter:title, JSON-LD and ``<title>``.

The visible ``<h1>`` is what a reader sees, so it wins when it agrees with one of the
page's titles (most words shared); titles carry site names, section labels, bylines and
dates ("Berlin confronts ... | DW | 19.01.2020"), which are cut at their separators.
When no heading agrees, the one heading inside the article or main part is taken, else
the first title that is left once cleaned.
"""

from __future__ import annotations

import re

from unspun.inputs.page import Page
from unspun.inputs.textmap import key

#: separators between a headline and a site name or section: " | ", " - ", " – ", " — ", " :: ", " · ", " / "
SEPARATOR = re.compile(r"\s*\|\s*|\s+(?:-|–|—|::|·|»|«|/|\u2022)\s+")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE = re.compile(
    rf"^(?:\w+,?\s+)?(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{4}})(?:\s+\d{{1,2}}:\d{{2}}.*)?$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def words(s: str) -> list[str]:
    return _WORD.findall(s.casefold())


def agreement(a: str, b: str) -> float:
    """Share of the shorter text's words found in the other (0 when either has fewer than two words)."""
    wa, wb = set(words(a)), set(words(b))
    if min(len(wa), len(wb)) < 2:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def is_site_name(segment: str, page: Page) -> bool:
    """``segment`` names the site: its name, its domain, or its initials ("NYT" for nytimes.com)."""
    k = key(segment)
    if not k:
        return False
    for name in page.site_names:
        n = key(name)
        if n and (k == n or (len(k) >= 2 and k in n) or (len(n) >= 4 and n in k and len(k) - len(n) <= 8)):
            return True
    label = key(page.host.split(".")[0]) if page.host else ""
    initials = "".join(w[0] for w in words(segment) if w != "the")
    return bool(label) and len(initials) >= 2 and label.startswith(initials)


#: section names that titles carry ("Opinion | ...", "... | Education | The Guardian")
SECTIONS = frozenset("""
    news opinion comment analysis politics business money markets economy world uk us europe asia africa
    americas australia sport sports football tech technology science health education environment climate culture
    arts books film music tv entertainment lifestyle travel food style fashion local localnews national
    international live video videos photos features feature editorial editorials letters blog blogs
""".split())


def is_section(segment: str, page: Page) -> bool:
    """``segment`` is a section label: the page's own article:section, or a common section name."""
    k = key(segment)
    section = key(page.meta_value("article:section"))
    return bool(k) and len(segment.split()) <= 3 and (k == section or k in SECTIONS)


def _junk(segment: str, page: Page, authors: set[str]) -> bool:
    s = segment.strip()
    return not s or is_site_name(s, page) or bool(DATE.match(s)) or key(s) in authors


def clean_title(title: str, page: Page, author: str | None = None) -> str:
    """``title`` without the site names, section labels, dates and author names tacked on at either end."""
    title = " ".join(title.split())
    authors = {key(a) for a in re.split(r",|\band\b", author or "") if key(a)}
    seps = list(SEPARATOR.finditer(title))
    if not seps:
        return title
    cuts = [0, *[m.start() for m in seps], len(title)]
    starts = [0, *[m.end() for m in seps]]
    # (start, end, whether a bar-like separator sets it apart: only then is a section name a label)
    parts = [(starts[i], cuts[i + 1], _bar(seps[i - 1] if i else None) or _bar(seps[i] if i < len(seps) else None))
             for i in range(len(starts))]

    def junk(part: tuple[int, int, bool]) -> bool:
        seg = title[part[0]:part[1]]
        return _junk(seg, page, authors) or (part[2] and is_section(seg, page))

    while len(parts) > 1 and junk(parts[-1]):
        parts.pop()
    while len(parts) > 1 and junk(parts[0]):
        parts.pop(0)
    return title[parts[0][0]:parts[-1][1]].strip()


def _bar(sep: re.Match[str] | None) -> bool:
    return sep is not None and sep.group(0).strip() in ("|", "::", "»", "«", "·")


def titles(page: Page, author: str | None = None) -> list[str]:
    """The page's own titles, cleaned, most trusted first: og:title, twitter:title, JSON-LD headline, <title>."""
    raw = [page.meta_value("og:title"), page.meta_value("twitter:title"), page.ld_text("headline"), page.title]
    out = [clean_title(t, page, author) for t in raw if t]
    return [t for t in dict.fromkeys(out) if t and not is_site_name(t, page)]


def _part_matching(heading: str, candidates: list[str], page: Page) -> str:
    """The run of ``heading``'s separated parts that equals a title ("Local News | Brothel ..." -> "Brothel ...")."""
    seps = list(SEPARATOR.finditer(heading))
    if not seps:
        return heading
    bounds = [0, *[m.start() for m in seps], len(heading)]
    starts = [0, *[m.end() for m in seps]]
    wanted = {key(c) for c in candidates}
    for i in range(len(starts)):
        for j in range(len(starts), i, -1):
            piece = heading[starts[i]:bounds[j]]
            if key(piece) in wanted and piece != heading:
                return piece.strip()
    return clean_title(heading, page)


def choose(page: Page, author: str | None = None, fallback: str = "") -> str:
    """The headline a reader of the page sees (see the module docstring); ``fallback`` when the page has none."""
    cands = titles(page, author)
    raw = [t for t in (page.meta_value("og:title"), page.meta_value("twitter:title"), page.ld_text("headline"),
                       page.title) if t]
    heads = [h for h in page.headings if len(words(h.text)) >= 2 and not is_site_name(h.text, page)]
    best, best_score = None, 0.0
    for h in heads:
        score = max((agreement(h.text, c) for c in cands + raw), default=0.0) + (0.01 if h.in_main else 0.0)
        if score > best_score:
            best, best_score = h, score
    if best is not None and best_score >= 0.8:
        return _part_matching(best.text, cands, page)
    in_main = [h for h in heads if h.in_main and len(words(h.text)) >= 3]
    if len(in_main) == 1:
        return clean_title(in_main[0].text, page, author)
    if cands:
        return cands[0]
    return clean_title(fallback, page, author) if fallback else ""
