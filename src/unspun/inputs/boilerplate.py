"""What on a page is not the article, by class: found by its markup and by its words.

Each line trafilatura extracts is found again in the page (:mod:`~unspun.inputs.textmap`)
and left out, with a reason, when

- it lies outside the article's container (the deepest element holding most of the
  article's paragraphs) before the article starts or after it ends: page chrome;
- its element, or one between it and the container, is a caption, figure, aside, header,
  navigation or form, is hidden, or has a class or id that says related, promo,
  newsletter, caption, credit, share, byline, deck (``dek``, ``standfirst``, ``excerpt``) ...;
- it is mostly link text (related links, teasers, "Continue reading");
- its words say what it is (:mod:`~unspun.inputs.cues`): "Advertisement", a newsletter
  sign-up, a comment count, a photo credit; at the start a repeated headline, a section
  label, a date or a byline; at the end reporting credits, a copyright line, an author's
  bio, "This article originally appeared on ...".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from unspun.inputs import cues
from unspun.inputs.page import Page
from unspun.inputs.textmap import Found, TextMap, key, tag

#: elements that never hold the article's running text
_TAGS = frozenset({"figure", "figcaption", "aside", "nav", "footer", "header", "button", "form", "label", "select",
                   "time", "menu", "dialog"})
#: class or id words (whole words, after splitting on - _ and case changes) that mark boilerplate
_TOKENS = frozenset("""
    related promo promos promotion promoted newsletter newsletters signup subscribe subscription caption captions
    credit credits share shares sharing sharetools social comments comment commenting advert advertisement ad ads
    adslot adunit sponsor sponsored outbrain taboola recommended recommendation recommendations recirc trending
    popular mostread breadcrumb breadcrumbs tags tag topics byline bylines author authors bio dek standfirst
    strapline kicker eyebrow timestamp datetime datetimes date dates toolbar gallery slideshow slides video videos
    player embed tweet twitter instagram pullquote nextstory pagination disclaimer nav navigation menu sidebar widget
    teaser teasers cta excerpt subtitle description summary photobox photo photos credits metadata figure figures
    infographic chart factbox
""".split())
_RESPONSIVE = frozenset({"xs", "sm", "md", "lg", "xl", "mobile", "desktop", "tablet", "print"})
#: share of the article's paragraph text its container holds
_CONTAINER_SHARE = 0.75
#: an element holding this share of it is part of the article, whatever its class says
_HEAVY_SHARE = 0.3
_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
#: a line longer than this is running text whatever its wrapper's class says
_MAX_MARKED_WORDS = 80


@dataclass
class Line:
    """One extracted line, where it was found, and why it is left out (None: it is kept)."""

    text: str
    found: Found | None
    links: float
    reason: str | None = None

    @property
    def n_words(self) -> int:
        return len(self.text.split())


#: a class that states what an element has or lacks ("no_caption", "has-video") does not say what it is
_STATE = re.compile(r"(?<![^\s_-])(?:no|has|with|without)[_-]+[A-Za-z]+", re.IGNORECASE)


def _tokens(el: Any) -> set[str]:
    raw = _STATE.sub(" ", f"{el.get('class') or ''} {el.get('id') or ''}")
    return {t.lower() for t in _SPLIT.split(raw) if t}


def marker(el: Any, stop: Any | None, heavy: frozenset[Any] = frozenset()) -> str | None:
    """What marks ``el`` (or an element between it and ``stop``) as boilerplate: a tag or a class word, or None.

    An element in ``heavy`` (one holding a large share of the article's text) is never furniture, whatever
    its class says ("article-body has-video").
    """
    node = el
    while node is not None and node is not stop:
        if node in heavy:
            return None
        t = tag(node)
        if t in _TAGS:
            return t
        hit = _tokens(node) & _TOKENS
        if hit:
            return sorted(hit)[0]
        if hidden_here(node):
            return "hidden"
        node = node.getparent()
    return None


def teaser(el: Any, stop: Any | None, heavy: frozenset[Any] = frozenset()) -> bool:
    """``el`` is the text of a card that teases another story: it sits in one of a run of at least three like
    elements (list items, or blocks of one tag and class) and its card holds a linked headline besides ``el``."""
    node = el
    for _ in range(6):
        parent = node.getparent()
        if node is stop or node in heavy or parent is None or (stop is not None and _inside(stop, node)):
            return False
        if tag(node) in _CARDS and (tag(node) in ("li", "article") or node.get("class")) and _linked_heading(node, el):
            like = [s for s in parent if isinstance(s.tag, str) and _signature(s) == _signature(node)]
            if len(like) >= 3:
                return True
        node = parent
    return False


#: elements a card of teasers is made of
_CARDS = frozenset({"li", "article", "div", "section"})


def _linked_heading(card: Any, el: Any) -> bool:
    """``card`` holds, apart from ``el``, a heading (h2 to h5) that is mostly one link of three words or more."""
    for h in card.iter("h2", "h3", "h4", "h5"):
        if h is el or _inside(el, h):
            continue
        text = key(" ".join(h.itertext()))
        for a in h.iter("a"):
            words = " ".join(a.itertext())
            if len(words.split()) >= 3 and len(key(words)) >= 0.7 * len(text):
                return True
    return False


def hidden_here(el: Any) -> bool:
    """Hidden by its own markup (an attribute, a style, or a class such as visually-hidden, sr-only)."""
    style = (el.get("style") or "").replace(" ", "").lower()
    if el.get("hidden") is not None or el.get("aria-hidden") == "true" or "display:none" in style:
        return True
    t = _tokens(el)
    if t & _RESPONSIVE:  # "hidden-xs": hidden on small screens only
        return False
    return bool("hidden" in t or "offscreen" in t or {"sr", "only"} <= t or {"screen", "reader"} <= t)


def _weights(found: list[Found], text_len: list[int]) -> tuple[Counter[Any], dict[Any, int], int]:
    """How much of the paragraph-like lines' text each element holds, its depth, and the total."""
    weight: Counter[Any] = Counter()
    depth: dict[Any, int] = {}
    total = 0
    for f, n in zip(found, text_len, strict=True):
        total += n
        chain = [f.element, *f.element.iterancestors()]
        for d, a in enumerate(reversed(chain)):
            weight[a] += n
            depth[a] = d
    return weight, depth, total


def container(found: list[Found], text_len: list[int]) -> Any | None:
    """The deepest element holding at least three quarters of the paragraph-like lines' text."""
    weight, depth, total = _weights(found, text_len)
    if not total:
        return None
    best = [a for a, w in weight.items() if w >= _CONTAINER_SHARE * total]
    return max(best, key=lambda a: depth[a]) if best else None


def _signature(el: Any) -> tuple[str, str]:
    return tag(el), " ".join(sorted((el.get("class") or "").split()))


def _widen(box: Any, lines: list[Line]) -> Any:
    """The container, widened to take in the article's paragraphs just before or after it that look like its own
    (same tag and class) and sit at most three levels above it: an article split into parts, one page's worth each."""
    for _ in range(3):
        inside = [_inside(ln.found.element, box) if ln.found else False for ln in lines]
        sigs = Counter(_signature(ln.found.element) for ln, x in zip(lines, inside, strict=True) if x and ln.found)
        if not sigs or True not in inside:
            return box
        main = sigs.most_common(1)[0][0]
        first, last = inside.index(True), len(inside) - 1 - inside[::-1].index(True)
        ups = [box, *box.iterancestors()][:4]
        grown = None
        for i in [*range(first - 1, -1, -1), *range(last + 1, len(lines))]:
            ln = lines[i]
            if ln.found is None or ln.n_words < 8 or _signature(ln.found.element) != main:
                continue
            grown = next((a for a in ups[1:] if _inside(ln.found.element, a)), None)
            if grown is not None:
                break
        if grown is None:
            return box
        box = grown
    return box


def _inside(el: Any, box: Any) -> bool:
    return el is box or any(a is box for a in el.iterancestors())


def classify(texts: list[str], root: Any, page: Page, headline: str) -> list[Line]:
    """Every line with the reason it is left out, or None when it is the article's."""
    tmap = TextMap(root)
    lines: list[Line] = []
    for t in texts:
        f = tmap.find(t)
        lines.append(Line(t, f, tmap.link_share(f) if f else 0.0))
    paras = [ln for ln in lines if ln.found is not None and ln.n_words >= 8 and ln.links < 0.5]
    found, sizes = [ln.found for ln in paras if ln.found], [len(key(ln.text)) for ln in paras]
    box = container(found, sizes)
    weight, _, total = _weights(found, sizes)
    heavy = frozenset(a for a, w in weight.items() if w >= _HEAVY_SHARE * total)
    if box is not None:
        box = _widen(box, lines)
    inside = [ln.found is not None and box is not None and _inside(ln.found.element, box) for ln in lines]
    first = next((i for i, x in enumerate(inside) if x), 0)
    last = max((i for i, x in enumerate(inside) if x), default=len(lines) - 1)
    alts = _alt_texts(root)
    for i, ln in enumerate(lines):
        if box is not None and ln.found is not None and not inside[i] and (i < first or i > last):
            ln.reason = "outside the article"
        elif ln.found is not None and ln.n_words <= _MAX_MARKED_WORDS and (m := marker(ln.found.element, box, heavy)):
            ln.reason = f"marked {m}"
        elif ln.found is not None and ln.n_words <= _MAX_MARKED_WORDS and teaser(ln.found.element, box, heavy):
            ln.reason = "teaser of another story"
        elif ln.links >= 0.7 and ln.n_words <= 30 and not (ln.n_words > 12 and cues.sentence(ln.text)):
            ln.reason = "links"
        elif why := cues.anywhere(ln.text):
            ln.reason = why
        elif ln.n_words <= _MAX_MARKED_WORDS and _is_alt(key(ln.text), alts):
            ln.reason = "caption (an image's text)"
    _link_lists(lines)
    _trim_start(lines, page, headline)
    if box is not None:
        _missed_lede(lines, box, page, headline)
    _trim_end(lines)
    return lines


def _alt_texts(root: Any) -> set[str]:
    """The text of the page's images (alt and title), as keys: a line that repeats one is the image's caption."""
    out = set()
    for img in root.iter("img"):
        for attr in ("alt", "title"):
            k = key(img.get(attr) or "")
            if len(k) >= 20:
                out.add(k)
    return out


def _is_alt(k: str, alts: set[str]) -> bool:
    return len(k) >= 20 and any(k == a or (k in a and len(k) >= 0.8 * len(a)) or (a in k and len(a) >= 0.8 * len(k))
                                for a in alts)


def _link_lists(lines: list[Line]) -> None:
    """A list (a run of "- " items) whose items are mostly links is a list of links: all its linked items go."""
    run: list[Line] = []
    for ln in [*lines, Line("", None, 0.0)]:
        if ln.text.startswith("- "):
            run.append(ln)
            continue
        if len(run) >= 2 and sum(1 for r in run if r.links >= 0.5) >= 0.6 * len(run):
            for r in run:
                if r.reason is None and r.links >= 0.3:
                    r.reason = "list of links"
        run = []


def _kept(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if ln.reason is None]


def _trim_start(lines: list[Line], page: Page, headline: str) -> None:
    titles = [headline, page.title, page.meta_value("og:title"), page.meta_value("twitter:title"),
              page.ld_text("headline"), *(h.text for h in page.headings)]
    for ln in _kept(lines):
        why = cues.leading(ln.text, titles)
        if why is None:
            return
        ln.reason = why


#: a lede the text extraction missed: a block of running text at least this long
_LEDE_WORDS = 15


def _missed_lede(lines: list[Line], box: Any, page: Page, headline: str) -> None:
    """Put back the lede when the text extraction missed it: the last block of running text (a paragraph or a
    heading that is a sentence of 15 words or more, not marked as furniture, not a title again) that the article's
    container holds before the body's first line and that no extracted line holds."""
    first = next((i for i, ln in enumerate(lines) if ln.reason is None), None)
    found = lines[first].found if first is not None else None
    if first is None or found is None:
        return
    start = found.element
    seen = {key(ln.text) for ln in lines}
    titles = [headline, page.title, page.meta_value("og:title"), page.ld_text("headline")]
    lede: str | None = None
    for el in box.iter("p", "h2", "h3", "h4", start.tag):
        if el is start or _inside(start, el):
            break
        text = " ".join(" ".join(el.itertext()).split())
        k = key(text)
        if (len(text.split()) >= _LEDE_WORDS and cues.sentence(text) and k not in seen
                and not any(k in s for s in seen) and marker(el, box) is None and not cues.repeats(text, titles)):
            lede = text
    if lede is not None:
        lines.insert(first, Line(lede, None, 0.0))


def _trim_end(lines: list[Line]) -> None:
    kept = [ln for ln in lines if ln.reason is None or ln.reason == "heading of links"]
    # in the second half, a "Read more:" / "Related stories" heading (the first) or the comment count (the last:
    # a page may hold several articles): the short lines and lists after it go with it, up to the first paragraph
    # of running text
    at = [sum(1 for k in kept if lines.index(k) < i) for i in range(len(lines))]
    late = [i for i in range(len(lines)) if at[i] >= len(kept) / 2]
    cut = next((i for i in late if cues.cut_marker(lines[i].text)), None)
    if cut is None:
        cut = next((i for i in reversed(late) if cues.comment_count(lines[i].text)), None)
    if cut is not None:
        for rest in lines[cut + 1:]:
            if rest.n_words >= 20 and cues.sentence(rest.text) and not rest.text.startswith("- "):
                break
            rest.reason = rest.reason or "after " + repr(lines[cut].text[:30])
    kept = _kept(lines)
    for ln in reversed(kept):
        why = cues.trailing(ln.text) or ("links" if ln.links >= 0.5 else None) or _boxed(ln, kept)
        if why is None:
            break
        ln.reason = why
    kept = _kept(lines)
    if kept:  # a body whose paragraphs ran together still ends with the page's closing sentences
        last = cues.sentences(kept[-1].text)
        while len(last) > 1 and cues.trailing(last[-1]):
            last.pop()
        kept[-1].text = " ".join(last)


#: elements that set a whole paragraph in bold
_BOLD = frozenset({"strong", "b"})


def _boxed(line: Line, kept: list[Line]) -> str | None:
    """A closing paragraph set wholly in bold, where most of the article is not, is a note boxed off from the
    article (a public-service notice, a promotion). (Italics are not enough: a footnote or an update is set so.)"""
    def bold(ln: Line) -> bool:
        return ln.found is not None and tag(ln.found.element) in _BOLD

    if bold(line) and sum(map(bold, kept)) <= len(kept) / 4:
        return "note set in bold"
    return None


def clean(texts: list[str], root: Any, page: Page, headline: str) -> tuple[list[str], str | None]:
    """The article's lines, and the byline among the lines left out ("By Jane Roe" gives "Jane Roe"), or None."""
    lines = classify(texts, root, page, headline)
    byline = next((b for ln in lines if ln.reason is not None and (b := _byline(ln))), None)
    if byline is None:
        first = next((ln.found.element for ln in lines if ln.reason is None and ln.found is not None), None)
        byline = page_byline(root, first)
    return [ln.text for ln in lines if ln.reason is None], byline


def _byline(line: Line) -> str | None:
    """The names a left-out line gives as the byline: "By Jane Roe", or a short line marked as the byline."""
    found = cues.byline(line.text)
    if found:
        return found
    if line.reason in ("marked byline", "marked author") and line.n_words <= 5 and not any(c.isdigit() for c in line.text):
        return line.text.strip()
    return None


def page_byline(root: Any, stop: Any | None = None) -> str | None:
    """The names of the first "By Jane Roe" the page shows before the article's first line ``stop`` (in a byline
    or author element, or a short line starting with "By"), for pages whose extracted text left the byline out."""
    for el in root.iter():
        if el is stop:
            return None
        if not isinstance(el.tag, str):
            continue
        marked = bool(_tokens(el) & {"byline", "author", "bylines", "authors"}) or tag(el) == "address"
        if not marked and not (el.text or "").lstrip().startswith("By "):
            continue
        text = " ".join(" ".join(el.itertext()).split())
        found = cues.byline(text)
        if found:
            return found
    return None
