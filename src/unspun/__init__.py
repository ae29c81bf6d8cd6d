"""unspun: an offline checker for news articles.

>>> import unspun
>>> report = unspun.check(headline="Officials confirm budget", body="The council approved it on Monday.")
>>> report.to_dict()["schema"]
'unspun.report/1'
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["check", "load", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from unspun.document import Document
    from unspun.report import Report


def load(source: str, *, headline: str | None = None, allow_private: bool = False) -> Document:
    """Read an article from a path, URL, or '-' (stdin) into a :class:`Document`."""
    from unspun import inputs

    return inputs.load(source, headline=headline, allow_private=allow_private)


def check(
    source: str | Document | None = None,
    *,
    headline: str | None = None,
    body: str | None = None,
    text: str | None = None,
    html: str | None = None,
    only: list[str] | None = None,
    skip: list[str] | None = None,
    fast: bool = False,
    allow_private: bool = False,
    **_: Any,
) -> Report:
    """Check one article and return its :class:`~unspun.report.Report`.

    Give exactly one of: ``source`` (a path, URL, '-' or a Document),
    ``headline`` with ``body``, ``text`` (headline on the first line), or ``html``.
    """
    from unspun import inputs
    from unspun.document import Document
    from unspun.pipeline import Pipeline

    if isinstance(source, Document):
        doc = source
    elif source is not None:
        doc = inputs.load(source, headline=headline, allow_private=allow_private)
    elif html is not None:
        doc = inputs.from_html(html, source="the HTML")
    elif text is not None:
        doc = inputs.from_text(text, headline=headline, source="the text")
    elif headline is not None:
        doc = inputs.from_parts(headline, body or "", source="the article")
    else:
        from unspun import errors

        raise errors.empty_input("check() called with no article")
    return Pipeline.default(only=only, skip=skip, fast=fast).run(doc)
