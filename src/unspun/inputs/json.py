"""An article given in parts: a headline and a body, directly or as a JSON object."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from unspun import errors
from unspun.document import Document, Metadata, MetaField
from unspun.errors import FrontEnd
from unspun.inputs import metadata
from unspun.inputs.text import check_size

#: The JSON object's fields; each a string (or null) when present.
FIELDS = ("headline", "body", "url", "published")


def from_parts(headline: str, body: str, *, source: str = "the article", url: str | None = None,
               published: str | None = None, front_end: FrontEnd = "cli") -> Document:
    """An article from its headline and body (either may hold several lines; the body may be empty)."""
    if not isinstance(headline, str) or not headline.strip():
        if not isinstance(body, str) or not body.strip():
            raise errors.empty_input(source, front_end)
        raise errors.no_headline(source, front_end)
    check_size(headline + body, source, front_end)
    meta = Metadata(
        url=MetaField(url, "user") if url else MetaField(),
        published=MetaField(published, "user") if published else MetaField(),
    )
    return metadata.build(headline, body, meta, "parts")


def from_json(raw: str | Mapping[str, Any], *, source: str = "the JSON", front_end: FrontEnd = "cli") -> Document:
    """An article from a JSON object ``{"headline": str, "body": str, "url"?: str, "published"?: str}``.

    ``raw`` is the JSON text, or the object already parsed.
    """
    obj: Any = raw
    if isinstance(raw, str):
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise errors.bad_json(source, f"invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})",
                                  front_end) from None
    if not isinstance(obj, Mapping):
        raise errors.bad_json(source, f"a JSON {_json_type(obj)}, not an object", front_end)
    for key in FIELDS:
        if key in obj and obj[key] is not None and not isinstance(obj[key], str):
            raise errors.bad_json(source, f'field "{key}" is {type(obj[key]).__name__}, not a string', front_end, key)
    if "headline" not in obj:
        raise errors.bad_json(source, 'the required field "headline" is missing', front_end, "headline")
    return from_parts(obj.get("headline") or "", obj.get("body") or "", source=source,
                      url=obj.get("url"), published=obj.get("published"), front_end=front_end)


def _json_type(obj: Any) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(obj), type(obj).__name__ if obj is not None else "null")
