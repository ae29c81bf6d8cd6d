"""Plain text: bytes decoded, the first non-empty line the headline, the rest the body.

Limits (documented in the README): inputs up to ``MAX_INPUT_BYTES`` bytes and
articles up to ``MAX_TEXT_CHARS`` characters after extraction.
"""

from __future__ import annotations

from unspun import errors
from unspun.document import Document, Metadata, MetaField
from unspun.errors import FrontEnd
from unspun.inputs import metadata

MAX_INPUT_BYTES = 5_000_000
MAX_TEXT_CHARS = 500_000


def decode(data: bytes, source: str, charset: str | None = None, front_end: FrontEnd = "cli") -> str:
    """``data`` as text (UTF-8 unless ``charset`` says otherwise); a BOM is dropped, binary refused (E103)."""
    if b"\x00" in data[:8192]:
        raise errors.not_text(source, "contains NUL bytes (it looks like a binary file)", front_end)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    enc = charset or "utf-8"
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        where = f" at byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""
        raise errors.not_text(source, f"is not valid {enc}{where}", front_end) from None


def check_size(text: str, source: str, front_end: FrontEnd = "cli") -> None:
    """Refuse an article over ``MAX_TEXT_CHARS`` characters (E105)."""
    if len(text) > MAX_TEXT_CHARS:
        raise errors.too_large(source, len(text), MAX_TEXT_CHARS, "characters", front_end)


def from_text(text: str, *, headline: str | None = None, source: str = "the text", url: str | None = None,
              front_end: FrontEnd = "cli") -> Document:
    """An article from plain text: the first non-empty line is the headline unless ``headline`` is given.

    A "By Name" line opening the body becomes the author and the byline (from the text);
    a publication date the text states on a line of its own becomes ``published``.
    """
    check_size(text, source, front_end)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise errors.empty_input(source, front_end)
    if headline is not None:
        head, body = headline, text
    else:
        lines = text.strip().split("\n", 1)
        head, body = lines[0], (lines[1] if len(lines) > 1 else "")
    if not head.strip():
        raise errors.no_headline(source, front_end)
    body, byline = metadata.strip_byline(body)
    stated = metadata.find_stated_date(body)
    meta = Metadata(
        url=MetaField(url, "user") if url else MetaField(),
        author=MetaField(byline, "text") if byline else MetaField(),
        published=MetaField(stated, "text") if stated else MetaField(),
        byline=MetaField(byline, "text") if byline else MetaField(),
    )
    return metadata.build(head, body, meta, "text")
