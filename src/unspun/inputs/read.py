"""One reader for every input form, shared by the CLI, the HTTP API and ``unspun.check``.

:func:`read` takes exactly one input form and returns a :class:`~unspun.document.Document`:

=============  ===============================================================
``source``     a path (str or ``os.PathLike``), an http(s) URL, ``"-"`` (standard input) or a Document
``text``       plain text: the first non-empty line is the headline
``html``       a saved page: the article is extracted from it
``json``       a JSON object (text, or already parsed) ``{"headline", "body", "url"?, "published"?}``
``url``        an http(s) address, fetched safely
``page``       a page already fetched (:class:`~unspun.inputs.fetch.Fetched`)
``headline``   with ``body``, or alone for a headline-only check
=============  ===============================================================

``headline`` beside ``source``, ``text``, ``html``, ``url`` or ``page`` replaces the headline; the
whole input is then the body. Every refusal is an :class:`~unspun.errors.UnspunError` with a stable
code (E101-E109, E110-E115), phrased for ``front_end``: ``"cli"``, ``"api"`` or ``"library"``.

Reading happens in two steps so a server can do the network part apart from the rest:
:func:`choose_input` checks the arguments (no I/O), :func:`fetch_input` fetches a URL, and
:func:`read_input` reads the article; :func:`read` does all three.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from unspun import errors
from unspun.document import Document
from unspun.errors import FRONT_ENDS, FrontEnd
from unspun.inputs.fetch import MAX_BYTES, TIMEOUT_S, Fetched
from unspun.inputs.html import from_html
from unspun.inputs.json import from_json, from_parts
from unspun.inputs.text import MAX_INPUT_BYTES, decode, from_text

Form = Literal["document", "path", "stdin", "url", "page", "text", "html", "json", "parts"]
#: The keyword arguments that carry the article, in the order they are named in messages.
INPUT_NAMES = ("source", "text", "html", "json", "url", "page", "headline", "body")
#: The other keyword arguments :func:`read` takes.
OPTION_NAMES = ("front_end", "allow_private")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://")
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<!--|<div|<p[ >])", re.IGNORECASE)
#: what each argument must be, in words, and the check
_TYPES: dict[str, tuple[str, tuple[type, ...]]] = {
    "source": ("a path (str or os.PathLike), a URL, '-' or a Document", (str, os.PathLike, Document)),
    "text": ("a str", (str,)),
    "html": ("a str", (str,)),
    "json": ("a str of JSON or a dict", (str, Mapping)),
    "url": ("a str", (str,)),
    "page": ("an unspun.inputs.fetch.Fetched", (Fetched,)),
    "headline": ("a str", (str,)),
    "body": ("a str", (str,)),
    "allow_private": ("True or False", (bool,)),
}
#: how each front end names the input arguments
_NAMES: dict[FrontEnd, dict[str, str]] = {
    "cli": {"source": "FILE|URL|-", "headline": "--headline"},
    "api": {k: f'"{k}"' for k in INPUT_NAMES},
    "library": {k: ("source" if k == "source" else f"{k}=") for k in (*INPUT_NAMES, *OPTION_NAMES)},
}
_EXPECTED_FORMS: dict[FrontEnd, str] = {
    "cli": "one article: a file, an http(s) URL, or - for standard input",
    "api": 'exactly one of "headline" (with "body"), "text", "html" or "url"',
    "library": "exactly one of: source (a path, URL, '-' or Document), text=, html=, json=, url=, "
               "or headline= (with body=)",
}


@dataclass(frozen=True)
class ArticleInput:
    """One article in one checked form: what :func:`read_input` reads. Picklable (worker processes).

    ``value`` is the path, URL, text, HTML, JSON, :class:`Fetched` page or Document (the body for
    ``parts``; None for ``stdin``); ``headline`` is the headline of ``parts`` or the one that
    replaces the input's own.
    """

    form: Form
    value: Any
    headline: str | None = None
    front_end: FrontEnd = "library"
    allow_private: bool = False

    @property
    def source(self) -> str:
        """The input, named in messages the way its front end shows it."""
        if self.form in ("path",):
            return repr(str(self.value))
        if self.form == "stdin":
            return "standard input"
        if self.form == "url":
            return str(self.value)
        if self.form == "page":
            return str(self.value.url)
        if self.form == "document":
            return "the Document"
        what = {"text": "the text", "html": "the HTML", "json": "the JSON", "parts": "the article"}[self.form]
        if self.front_end == "api":
            return "the request" if self.form == "parts" else f"the request's \"{self.form}\""
        if self.front_end == "library":
            return what + (" given as headline= and body=" if self.form == "parts" else f" given as {self.form}=")
        return what


def _name(front_end: FrontEnd, arg: str) -> str:
    return _NAMES[front_end].get(arg) or _NAMES["library"].get(arg, arg)


def refuse_unknown(unknown: Mapping[str, object], known: tuple[str, ...], front_end: FrontEnd = "library",
                   where: str = "unspun.check") -> None:
    """Raise E109 for the first keyword argument (or request field) not in ``known``."""
    for arg in unknown:
        close = difflib.get_close_matches(arg, known, n=1)
        hint = f"Did you mean {_name(front_end, close[0])}? " if close else ""
        if front_end == "api":
            raise errors.input_type(f"only the fields {', '.join(_name('api', k) for k in known)}",
                                    f'the unknown field "{arg}"', hint + "Remove it and send the request again.", arg)
        raise errors.input_type(f"keyword arguments of {where}: {', '.join(known)}",
                                f"the unknown keyword argument {arg}=", hint + "Remove it or fix its name.", arg)


def describe(value: object) -> str:
    """A value as an error message shows what came: "an int (3)", "a bytes (b'abc')"."""
    shown = repr(value)
    name = type(value).__name__
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name} ({shown[:60]}{'...' if len(shown) > 60 else ''})"


def check_type(arg: str, value: object, front_end: FrontEnd = "library") -> None:
    """Raise E109 when ``value`` is not what argument ``arg`` must be."""
    words, types = _TYPES[arg]
    if value is None or isinstance(value, types):
        return
    got = describe(value)
    fix = (f'Send "{arg}" as a JSON string.' if front_end == "api"
           else f"Pass {_name(front_end, arg)} as {words}" + (" (decode bytes first)." if words == "a str" else "."))
    raise errors.input_type(f"{_name(front_end, arg)} to be {words}", got, fix, arg)


def choose_input(
    source: str | os.PathLike[str] | Document | None = None,
    *,
    text: str | None = None,
    html: str | None = None,
    json: str | Mapping[str, Any] | None = None,
    url: str | None = None,
    page: Fetched | None = None,
    headline: str | None = None,
    body: str | None = None,
    front_end: FrontEnd = "library",
    allow_private: bool = False,
    **unknown: object,
) -> ArticleInput:
    """Check the arguments and say which input form they are; no I/O. Refusals: E107, E108, E109."""
    if front_end not in FRONT_ENDS:
        raise errors.input_type("front_end to be one of " + ", ".join(FRONT_ENDS), repr(front_end),
                                "Pass front_end='cli', 'api' or 'library'.", "front_end")
    refuse_unknown(unknown, INPUT_NAMES + OPTION_NAMES, front_end, "unspun.inputs.read")
    given = {"source": source, "text": text, "html": html, "json": json, "url": url, "page": page,
             "headline": headline, "body": body, "allow_private": allow_private}
    for arg, value in given.items():
        check_type(arg, value, front_end)
    forms = [k for k in ("source", "text", "html", "json", "url", "page") if given[k] is not None]
    if body is not None:
        forms.append("body")
    if len(forms) > 1:
        a, b = forms[0], forms[1]
        if front_end == "api" and "body" in forms:
            a, b = "body", next(f for f in forms if f != "body")
        names = f"{_name(front_end, a)} and {_name(front_end, b)}"
        raise errors.input_forms(_EXPECTED_FORMS[front_end], f"{names} together",
                                 _fix_forms(front_end, b), b)
    if headline is not None and forms and (forms[0] == "json" or isinstance(source, Document)):
        what = "a Document" if forms[0] == "source" else _name(front_end, "json")
        raise errors.input_forms(_EXPECTED_FORMS[front_end], f"{_name(front_end, 'headline')} beside {what}, "
                                 "which has its own headline", f"Leave out {_name(front_end, 'headline')}.",
                                 "headline")

    def make(form: Form, value: Any, head: str | None) -> ArticleInput:
        return ArticleInput(form, value, head, front_end, allow_private)

    if not forms or forms == ["body"]:
        if headline is not None:
            return make("parts", body or "", headline)
        if body is not None:
            raise errors.UnspunError(
                errors.E_NO_HEADLINE, f"a headline with the body ({_name(front_end, 'headline')})",
                f"{_name(front_end, 'body')} without {_name(front_end, 'headline')}",
                f"Add the headline with {_name(front_end, 'headline')}.", "headline")
        raise errors.input_forms(_EXPECTED_FORMS[front_end], "none of them", _fix_forms(front_end, None),
                                 "(body)" if front_end == "api" else None)
    form = forms[0]
    value = given[form]
    if form == "source":
        if isinstance(value, Document):
            return make("document", value, None)
        path = os.fspath(value)  # type: ignore[arg-type]
        if path == "-":
            return make("stdin", None, headline)
        if isinstance(value, str) and _URL.match(value):
            return make("url", value, headline)
        return make("path", path, headline)
    return make(form, value, headline)  # type: ignore[arg-type]


def _fix_forms(front_end: FrontEnd, second: str | None) -> str:
    if front_end == "api":
        return "Send exactly one input form." if second else 'Send the article in "text", "html", "url" or "headline"/"body".'
    if front_end == "cli":
        return "Pass one file, URL or -."
    if second:
        return "Pass only one of them; to check several articles, call unspun.check once for each."
    return "Pass the article, for example unspun.check(\"article.txt\") or unspun.check(text=...)."


def fetch_input(inp: ArticleInput, *, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> ArticleInput:
    """For a ``url`` input, fetch the page (safely, see :mod:`unspun.inputs.fetch`) and return it as ``page``.

    Any other input comes back as it is. A server runs this apart from :func:`read_input`.
    """
    if inp.form != "url":
        return inp
    from unspun.inputs import fetch

    got = fetch.fetch(str(inp.value), allow_private=inp.allow_private, timeout=timeout, max_bytes=max_bytes,
                      front_end=inp.front_end)
    return replace(inp, form="page", value=got)


def read_input(inp: ArticleInput) -> Document:
    """Read the article an :class:`ArticleInput` holds (a URL is fetched first)."""
    fe, src = inp.front_end, inp.source
    if inp.form == "document":
        return inp.value  # type: ignore[no-any-return]
    if inp.form == "parts":
        return from_parts(inp.headline or "", inp.value, source=src, front_end=fe)
    if inp.form == "text":
        return from_text(inp.value, headline=inp.headline, source=src, front_end=fe)
    if inp.form == "html":
        return from_html(inp.value, headline=inp.headline, source=src, front_end=fe)
    if inp.form == "json":
        return from_json(inp.value, source=src, front_end=fe)
    if inp.form == "stdin":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        return from_bytes(data, src, headline=inp.headline, front_end=fe)
    if inp.form == "path":
        return _read_path(Path(inp.value), inp)
    if inp.form == "url":
        inp = fetch_input(inp)
    page: Fetched = inp.value
    got = decode(page.body, page.url, page.charset, fe)
    if page.content_type == "text/plain":
        return from_text(got, headline=inp.headline, source=page.url, url=page.url, front_end=fe)
    return from_html(got, source=page.url, url=page.url, headline=inp.headline, front_end=fe)


def _read_path(path: Path, inp: ArticleInput) -> Document:
    fe = inp.front_end
    if not path.exists():
        raise errors.file_not_found(str(path), fe)
    if path.is_dir():
        raise errors.not_a_file(str(path), fe)
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise errors.too_large(inp.source, size, MAX_INPUT_BYTES, front_end=fe)
    return from_bytes(path.read_bytes(), inp.source, headline=inp.headline, suffix=path.suffix.lower(), front_end=fe)


def from_bytes(data: bytes, source: str, *, headline: str | None = None, suffix: str = "",
               front_end: FrontEnd = "cli") -> Document:
    """An article from a file's or standard input's bytes: JSON, HTML or text, by suffix or by content."""
    if len(data) > MAX_INPUT_BYTES:
        raise errors.too_large(source, len(data), MAX_INPUT_BYTES, front_end=front_end)
    if suffix in (".json",) or data.lstrip()[:1] == b"{":
        return from_json(decode(data, source, front_end=front_end), source=source, front_end=front_end)
    if suffix in (".html", ".htm", ".xhtml") or _HTML_SNIFF.match(data[:2048]):
        return from_html(decode(data, source, front_end=front_end), source=source, headline=headline,
                         front_end=front_end)
    return from_text(decode(data, source, front_end=front_end), headline=headline, source=source,
                     front_end=front_end)


def read(
    source: str | os.PathLike[str] | Document | None = None,
    *,
    text: str | None = None,
    html: str | None = None,
    json: str | Mapping[str, Any] | None = None,
    url: str | None = None,
    page: Fetched | None = None,
    headline: str | None = None,
    body: str | None = None,
    front_end: FrontEnd = "library",
    allow_private: bool = False,
    **unknown: object,
) -> Document:
    """Read one article, given in exactly one form, into a Document (see the module docstring)."""
    inp = choose_input(source, text=text, html=html, json=json, url=url, page=page, headline=headline, body=body,
                       front_end=front_end, allow_private=allow_private, **unknown)
    return read_input(inp)


def load(source: str, *, headline: str | None = None, allow_private: bool = False,
         front_end: FrontEnd = "cli") -> Document:
    """A path, URL or '-' (standard input); the older name of :func:`read` for these forms."""
    return read(source, headline=headline, allow_private=allow_private, front_end=front_end)


def from_url(url: str, *, headline: str | None = None, allow_private: bool = False,
             front_end: FrontEnd = "cli") -> Document:
    """The article at ``url``, fetched safely."""
    return read(url=url, headline=headline, allow_private=allow_private, front_end=front_end)
