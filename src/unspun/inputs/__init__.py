"""Read an article from a file, stdin, a URL, HTML or JSON into a Document.

Limits (documented in the README): inputs up to ``MAX_INPUT_BYTES`` bytes and
articles up to ``MAX_TEXT_CHARS`` characters after extraction.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from unspun import errors
from unspun.document import Document, Metadata, MetaField

MAX_INPUT_BYTES = 5_000_000
MAX_TEXT_CHARS = 500_000
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<!--|<div|<p[ >])", re.IGNORECASE)
#: A wire-style dateline that opens the body: "WASHINGTON (Reuters) -", "MOSCOW, April 16 —",
#: "SAN JOSE, Calif. —". Place names in capitals, an optional date and agency, then a dash.
DATELINE = re.compile(
    r"^(?P<dateline>(?P<place>[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*)*(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?)"
    r"(?:,\s+(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s+\d{4})?))?"
    r"(?:\s+\((?P<agency>[A-Z][\w .&]{1,30})\))?)\s*(?:-{1,2}|—|–)\s+"
)
#: A publication date the text states on its own line: "Published: 4 March 2024", "Updated March 4, 2024".
_STATED_DATE = re.compile(
    r"^\s*(?:Published|Posted|First published|Updated|Last updated)(?:\s+on)?:?\s+"
    r"(?P<date>(?:\w+,?\s+)?(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2},?)\s+\d{4}|\d{4}-\d{2}-\d{2})",
    re.MULTILINE,
)
_BYLINE = re.compile(r"^\s*By\s+([A-Z][\w.'’\-]+(?:\s+(?:[A-Z][\w.'’\-]+|and|de|van|von|la)){0,5})\s*$")


def load(source: str, *, headline: str | None = None, allow_private: bool = False) -> Document:
    if source == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        return from_bytes(data, "standard input", headline=headline)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://", source):
        return from_url(source, headline=headline, allow_private=allow_private)
    path = Path(source)
    if not path.exists():
        raise errors.file_not_found(source)
    if path.is_dir():
        raise errors.UnspunError(
            errors.E_FILE_NOT_FOUND, "one article file", f"the directory {source!r}",
            "Pass one file; run unspun over each file of a collection with a shell loop.",
        )
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise errors.too_large(source, size, MAX_INPUT_BYTES)
    data = path.read_bytes()
    return from_bytes(data, repr(source), headline=headline, suffix=path.suffix.lower())


def from_url(url: str, *, headline: str | None = None, allow_private: bool = False) -> Document:
    from unspun.inputs import fetch

    got = fetch.fetch(url, allow_private=allow_private)
    text = decode(got.body, url, got.charset)
    if got.content_type == "text/plain":
        return from_text(text, headline=headline, source=url, url=got.url)
    return from_html(text, source=url, url=got.url, headline=headline)


def from_bytes(data: bytes, source: str, *, headline: str | None = None, suffix: str = "") -> Document:
    if len(data) > MAX_INPUT_BYTES:
        raise errors.too_large(source, len(data), MAX_INPUT_BYTES)
    if suffix in (".json",) or data.lstrip()[:1] == b"{":
        return from_json(decode(data, source), source=source)
    if suffix in (".html", ".htm", ".xhtml") or _HTML_SNIFF.match(data[:2048]):
        return from_html(decode(data, source), source=source, headline=headline)
    return from_text(decode(data, source), headline=headline, source=source)


def decode(data: bytes, source: str, charset: str | None = None) -> str:
    if b"\x00" in data[:8192]:
        raise errors.not_text(source, "contains NUL bytes (it looks like a binary file)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    enc = charset or "utf-8"
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        where = f" at byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""
        raise errors.not_text(source, f"is not valid {enc}{where}") from None


def _check_size(text: str, source: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise errors.too_large(source, len(text), MAX_TEXT_CHARS, "characters")


def from_text(text: str, *, headline: str | None = None, source: str = "the text", url: str | None = None) -> Document:
    _check_size(text, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise errors.empty_input(source)
    if headline is not None:
        head, body = headline, text
    else:
        lines = text.strip().split("\n", 1)
        head, body = lines[0], (lines[1] if len(lines) > 1 else "")
    if not head.strip():
        raise errors.no_headline(source)
    body, author = _strip_byline(body)
    stated = find_stated_date(body)
    meta = Metadata(
        url=MetaField(url, "user") if url else MetaField(),
        author=MetaField(author, "text") if author else MetaField(),
        published=MetaField(stated, "text") if stated else MetaField(),
    )
    return Document.from_parts(head, body, meta, input_kind="text")


def _strip_byline(body: str) -> tuple[str, str | None]:
    """Take a "By Jane Roe" line that opens the body as the author, from the text."""
    lines = body.strip().split("\n", 1)
    m = _BYLINE.match(lines[0]) if lines and lines[0] else None
    if m:
        return (lines[1] if len(lines) > 1 else ""), m.group(1)
    return body, None


def from_parts(headline: str, body: str, *, source: str = "the article", url: str | None = None,
               published: str | None = None) -> Document:
    if not isinstance(headline, str) or not headline.strip():
        if not isinstance(body, str) or not body.strip():
            raise errors.empty_input(source)
        raise errors.no_headline(source)
    _check_size(headline + body, source)
    meta = Metadata(
        url=MetaField(url, "user") if url else MetaField(),
        published=MetaField(published, "user") if published else MetaField(),
    )
    return Document.from_parts(headline, body, meta, input_kind="parts")


def from_json(raw: str, *, source: str = "the JSON") -> Document:
    try:
        obj: Any = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise errors.bad_json(source, f"invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise errors.bad_json(source, f"a JSON {type(obj).__name__}, not an object")
    for key in ("headline", "body", "url", "published"):
        if key in obj and obj[key] is not None and not isinstance(obj[key], str):
            raise errors.bad_json(source, f'field "{key}" is {type(obj[key]).__name__}, not a string')
    if "headline" not in obj:
        raise errors.bad_json(source, 'the required field "headline" is missing')
    return from_parts(obj.get("headline") or "", obj.get("body") or "", source=source,
                      url=obj.get("url"), published=obj.get("published"))


def from_html(html: str, *, source: str = "the HTML", url: str | None = None, headline: str | None = None) -> Document:
    import trafilatura

    if len(html) > MAX_INPUT_BYTES:
        raise errors.too_large(source, len(html), MAX_INPUT_BYTES, "characters")
    if not html.strip():
        raise errors.empty_input(source)
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
        raise errors.no_article(source)
    d = ext.as_dict() if hasattr(ext, "as_dict") else dict(ext)
    text = (d.get("text") or "").strip()
    title = (headline or d.get("title") or "").strip()
    if not text and not title:
        raise errors.no_article(source)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if lines and title and _same(lines[0], title):
        lines = lines[1:]  # trafilatura's text repeats the headline line
    if not title:
        if not lines:
            raise errors.no_article(source)
        title, lines = lines[0], lines[1:]
    if not lines and len(title.split()) < 3:
        raise errors.no_article(source)
    body = "\n\n".join(lines)

    def meta(key: str) -> MetaField:
        v = d.get(key)
        return MetaField(str(v), "page_metadata") if v else MetaField()

    metadata = Metadata(
        url=MetaField(url, "user") if url else meta("url"),
        site=meta("sitename"),
        author=meta("author"),
        published=meta("date"),
    )
    return Document.from_parts(title, body, metadata, input_kind="html")


def _same(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def find_dateline(body: str) -> dict[str, str] | None:
    """The dateline that opens ``body`` (place, and date and agency when given), or None.

    Only a capitalised place name followed by a dash counts; nothing is guessed.
    """
    m = DATELINE.match(body)
    if not m or len(m.group("place")) < 3 or not any(c.isalpha() for c in m.group("place")):
        return None
    out = {"value": m.group("dateline").strip(), "place": m.group("place")}
    if m.group("date"):
        out["date"] = m.group("date")
    if m.group("agency"):
        out["agency"] = m.group("agency")
    return out


def find_stated_date(body: str) -> str | None:
    """A publication date stated on a line of its own ("Published: 4 March 2024"), or None."""
    m = _STATED_DATE.search(body)
    return m.group("date") if m else None
