"""An article from an HTML page.

trafilatura finds the text (comments and tables off, dates only from the page's
metadata); then the page's own headline is chosen (:mod:`~unspun.inputs.headline`),
what is not the article is left out (:mod:`~unspun.inputs.boilerplate`), the page's
JSON-LD ``articleBody`` stands in when the visible text held too little, and notices say
when the body is short, mostly furniture, or the page is not a news article
(:mod:`~unspun.inputs.notices`).
"""

from __future__ import annotations

import re
from typing import Any

from unspun import errors
from unspun.document import Document, Extraction, Metadata, MetaField
from unspun.errors import FrontEnd
from unspun.inputs import boilerplate, cues, metadata, notices
from unspun.inputs import headline as headlines
from unspun.inputs.page import Page, read_page
from unspun.inputs.text import MAX_INPUT_BYTES

#: only dates the page states in its metadata; never a guess from the text
_DATES = {"extensive_search": False, "original_date": True}
_TAGS = re.compile(r"<[^>]{1,200}>")
def _parse(html: str) -> Any:
    from trafilatura.utils import load_html

    try:
        return load_html(html)
    except (ValueError, TypeError):
        return None


def _extract(root: Any, url: str | None) -> dict[str, Any]:
    import trafilatura

    ext = trafilatura.bare_extraction(root, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, date_extraction_params=_DATES)
    if ext is None:
        return {}
    return dict(ext.as_dict() if hasattr(ext, "as_dict") else ext)


def _ld_body(page: Page) -> list[str]:
    """The JSON-LD ``articleBody``, one paragraph a line (tags dropped, a closing bio or credit left out)."""
    raw = page.ld_text("articleBody")
    if "<" in raw:
        raw = _TAGS.sub("\n", raw)
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*", raw) if p.strip()]
    if paras:
        # an articleBody without paragraph breaks still ends with the page's closing lines
        last = cues.sentences(paras[-1])
        while len(last) > 1 and cues.trailing(last[-1]):
            last.pop()
        paras[-1] = " ".join(last)
    return paras


def body_lines(root: Any, page: Page, text: str, title: str) -> tuple[list[str], str | None, float, bool]:
    """(the article's lines, the byline, the share of extracted text left out, whether the body is JSON-LD's)."""
    raw = [ln.strip() for ln in text.split("\n") if ln.strip()]
    kept, byline = boilerplate.clean(raw, root, page, title)
    total = sum(len(ln) for ln in raw)
    left_out = 1 - sum(len(ln) for ln in kept) / total if total else 0.0
    n = sum(len(ln.split()) for ln in kept)
    if n < notices.SHORT_BODY_WORDS:
        ld = _ld_body(page)
        m = sum(len(p.split()) for p in ld)
        if m >= notices.SHORT_BODY_WORDS and m >= 2 * n:
            return ld, byline, 0.0, True
    return kept, byline, left_out, False


def from_html(html: str, *, source: str = "the HTML", url: str | None = None, headline: str | None = None,
              front_end: FrontEnd = "cli") -> Document:
    """An article from a page's HTML; E104 when the page holds no article (see the module docstring)."""
    if len(html) > MAX_INPUT_BYTES:
        raise errors.too_large(source, len(html), MAX_INPUT_BYTES, "characters", front_end)
    if not html.strip():
        raise errors.empty_input(source, front_end)
    root = _parse(html)
    if root is None:
        raise errors.no_article(source, front_end)
    d = _extract(root, url)
    page = read_page(root, url)
    author = str(d.get("author") or "") or None
    title = (headline or headlines.choose(page, author, fallback=str(d.get("title") or ""))).strip()
    lines, byline, left_out, from_ld = body_lines(root, page, str(d.get("text") or ""), title)
    if not title:
        if not lines:
            raise errors.no_article(source, front_end)
        title, lines = lines[0], lines[1:]
    if not lines and len(title.split()) < 3:
        raise errors.no_article(source, front_end)
    body = "\n\n".join(lines)

    def meta(k: str) -> MetaField:
        v = d.get(k)
        return MetaField(str(v), "page_metadata") if v else MetaField()

    md = Metadata(
        url=MetaField(url, "user") if url else meta("url"),
        site=meta("sitename"),
        author=meta("author"),
        published=meta("date"),
        byline=MetaField(byline, "text") if byline else MetaField(),
    )
    found = notices.notices(page, body, headline=title, page_text=str(d.get("text") or ""), left_out=left_out,
                            from_metadata=from_ld)
    extraction = Extraction(found, notices.page_type(page))
    return metadata.build(title, body, md, "html", extraction)
