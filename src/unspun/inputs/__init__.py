"""Read an article, in any of its input forms, into a Document: one reader for every front end.

Modules by job:

- :mod:`~unspun.inputs.read`: the reader (:func:`read`): which input form, and the checks;
- :mod:`~unspun.inputs.text`, :mod:`~unspun.inputs.json`, :mod:`~unspun.inputs.html`: one per form;
- :mod:`~unspun.inputs.page`: what a page says about itself (titles, headings, JSON-LD, site names);
- :mod:`~unspun.inputs.headline`: the article's own headline among the page's;
- :mod:`~unspun.inputs.textmap`, :mod:`~unspun.inputs.boilerplate`, :mod:`~unspun.inputs.cues`: what on a
  page is not the article, by its markup and by its words;
- :mod:`~unspun.inputs.notices`: short body, mostly boilerplate, not a news article;
- :mod:`~unspun.inputs.metadata`: byline, dateline and stated dates found in the text;
- :mod:`~unspun.inputs.fetch`: safe URL fetching.
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
