"""unspun: an offline checker for news articles.

>>> import unspun
>>> report = unspun.check(headline="Officials confirm budget", body="The council approved it on Monday.")
>>> report.to_dict()["schema"]
'unspun.report/1'
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["check", "load", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from unspun.document import Document
    from unspun.report import Report


def load(
    source: str | os.PathLike[str] | Document | None = None,
    *,
    headline: str | None = None,
    body: str | None = None,
    text: str | None = None,
    html: str | None = None,
    json: str | dict[str, Any] | None = None,
    url: str | None = None,
    allow_private: bool = False,
    **unknown: Any,
) -> Document:
    """Read an article into a :class:`Document`, given in any one form :func:`check` takes."""
    from unspun import inputs

    inputs.refuse_unknown(unknown, _LOAD_ARGS, where="unspun.load")
    return inputs.read(source, headline=headline, body=body, text=text, html=html, json=json, url=url,
                       allow_private=allow_private, front_end="library")


_LOAD_ARGS = ("source", "headline", "body", "text", "html", "json", "url", "allow_private")


def check(
    source: str | os.PathLike[str] | Document | None = None,
    *,
    headline: str | None = None,
    body: str | None = None,
    text: str | None = None,
    html: str | None = None,
    json: str | dict[str, Any] | None = None,
    url: str | None = None,
    only: list[str] | None = None,
    skip: list[str] | None = None,
    fast: bool = False,
    allow_private: bool = False,
    **unknown: Any,
) -> Report:
    """Check one article and return its :class:`~unspun.report.Report`.

    Give exactly one of: ``source`` (a path, URL, '-' or a Document), ``headline`` with ``body``,
    ``text`` (headline on the first line), ``html``, ``json`` (an object with headline and body) or
    ``url``. ``headline`` beside ``source``, ``text``, ``html`` or ``url`` replaces the input's own.
    Anything else (an unknown keyword, two forms at once, a wrong type) raises
    :class:`~unspun.errors.UnspunError` (E107-E109) saying what was expected and what to do.
    """
    from unspun import inputs
    from unspun.pipeline import Pipeline

    inputs.refuse_unknown(unknown, _CHECK_ARGS)
    _check_options(only=only, skip=skip, fast=fast)
    doc = inputs.read(source, headline=headline, body=body, text=text, html=html, json=json, url=url,
                      allow_private=allow_private, front_end="library")
    return Pipeline.default(only=only, skip=skip, fast=fast).run(doc)


_CHECK_ARGS = (*_LOAD_ARGS, "only", "skip", "fast")


def _check_options(*, only: object, skip: object, fast: object) -> None:
    from unspun import errors
    from unspun.inputs.read import describe

    for name, value in (("only", only), ("skip", skip)):
        if value is not None and not (isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)):
            raise errors.input_type(f"{name}= to be a list of analyzer names", describe(value),
                                    f"Pass a list, for example {name}=[\"headline_wording\"].", name)
    if not isinstance(fast, bool):
        raise errors.input_type("fast= to be True or False", describe(fast), "Pass fast=True or fast=False.", "fast")
