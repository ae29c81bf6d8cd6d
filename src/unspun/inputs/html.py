"""An article from an HTML page: trafilatura extracts the text; the headline is not repeated in the body."""

from __future__ import annotations

import re

from unspun import errors
from unspun.document import Document, Metadata, MetaField
from unspun.errors import FrontEnd
from unspun.inputs import metadata
from unspun.inputs.text import MAX_INPUT_BYTES


def from_html(html: str, *, source: str = "the HTML", url: str | None = None, headline: str | None = None,
              front_end: FrontEnd = "cli") -> Document:
    import trafilatura

    if len(html) > MAX_INPUT_BYTES:
        raise errors.too_large(source, len(html), MAX_INPUT_BYTES, "characters", front_end)
    if not html.strip():
        raise errors.empty_input(source, front_end)
    ext = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # only dates the page states in its metadata; never a guess from the text
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if ext is None:
        raise errors.no_article(source, front_end)
    d = ext.as_dict() if hasattr(ext, "as_dict") else dict(ext)
    text = (d.get("text") or "").strip()
    title = (headline or d.get("title") or "").strip()
    if not text and not title:
        raise errors.no_article(source, front_end)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if lines and title and _same(lines[0], title):
        lines = lines[1:]  # trafilatura's text repeats the headline line
    if not title:
        if not lines:
            raise errors.no_article(source, front_end)
        title, lines = lines[0], lines[1:]
    if not lines and len(title.split()) < 3:
        raise errors.no_article(source, front_end)
    body = "\n\n".join(lines)

    def meta(key: str) -> MetaField:
        v = d.get(key)
        return MetaField(str(v), "page_metadata") if v else MetaField()

    md = Metadata(
        url=MetaField(url, "user") if url else meta("url"),
        site=meta("sitename"),
        author=meta("author"),
        published=meta("date"),
    )
    return metadata.build(title, body, md, "html")


def _same(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()
