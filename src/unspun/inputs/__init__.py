"""Read an article, in any of its input forms, into a Document: one reader for every front end.

Modules by job: :mod:`~unspun.inputs.read` (the reader: which form, and the checks),
:mod:`~unspun.inputs.text`, :mod:`~unspun.inputs.json` and :mod:`~unspun.inputs.html` (one per form),
:mod:`~unspun.inputs.page` (what a page says about itself: headline candidates, JSON-LD, page type),
:mod:`~unspun.inputs.boilerplate` (what is not the article), :mod:`~unspun.inputs.metadata`
(byline, dateline, stated dates) and :mod:`~unspun.inputs.fetch` (safe URL fetching).
"""

from __future__ import annotations

from unspun.inputs.html import from_html
from unspun.inputs.json import from_json, from_parts
from unspun.inputs.metadata import DATELINE, find_dateline, find_stated_date
from unspun.inputs.read import (
    ArticleInput,
    choose_input,
    fetch_input,
    from_bytes,
    from_url,
    load,
    read,
    read_input,
    refuse_unknown,
)
from unspun.inputs.text import MAX_INPUT_BYTES, MAX_TEXT_CHARS, decode, from_text

__all__ = [
    "DATELINE",
    "MAX_INPUT_BYTES",
    "MAX_TEXT_CHARS",
    "ArticleInput",
    "choose_input",
    "decode",
    "fetch_input",
    "find_dateline",
    "find_stated_date",
    "from_bytes",
    "from_html",
    "from_json",
    "from_parts",
    "from_text",
    "from_url",
    "load",
    "read",
    "read_input",
    "refuse_unknown",
]
