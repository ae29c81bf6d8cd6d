"""What a request may send, how it becomes a Document, and how errors become HTTP answers.

Every error is JSON, ``{"error": {"code", "message", "expected", "got", "fix"}}``, with
the stable E-codes of :mod:`unspun.errors` and the HTTP status each maps to
(``UnspunError.http_status``); a malformed request (E150) also names the ``field``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from unspun import errors, inputs
from unspun.document import Document

if TYPE_CHECKING:
    from unspun.inputs.fetch import Fetched


class CheckRequest(BaseModel):
    """One article, in exactly one form, and which analyzers to run."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"headline": "Council approves 4 percent fare rise",
                 "body": "The city council voted 7-2 on Tuesday to raise bus fares by 4 percent from July."},
                {"text": "Council approves 4 percent fare rise\n\nThe city council voted 7-2 on Tuesday."},
                {"url": "https://example.org/news/article.html", "fast": True},
            ]
        },
    )

    headline: str | None = Field(None, description="The headline (with `body`, or alone for a headline-only check).")
    body: str | None = Field(None, description="The article body; paragraphs separated by blank lines.")
    text: str | None = Field(None, description="The whole article as plain text: headline on the first line, then the body.")
    html: str | None = Field(None, description="A saved article page; the article text is extracted from it.")
    url: str | None = Field(None, description="An http(s) address of an article page on the public internet.")
    only: list[str] | None = Field(None, description="Run only these analyzers (see GET /v1/health).")
    skip: list[str] | None = Field(None, description="Skip these analyzers.")
    fast: bool | None = Field(None, description="Skip slow analyzers. A server started with --fast always does.")

    def form(self) -> str:
        """Which input form this request uses; raises a 422 error unless exactly one is given."""
        given = [k for k in ("text", "html", "url") if getattr(self, k) is not None]
        if self.headline is not None or self.body is not None:
            given.insert(0, "headline")
        if len(given) == 1:
            if given[0] == "headline" and self.headline is None:
                raise request_error("headline", 'is missing; "body" needs a "headline" beside it')
            return given[0]
        if not given:
            raise request_error("(body)", 'has none of "headline"/"body", "text", "html" or "url"')
        names = ['"headline"/"body"' if g == "headline" else f'"{g}"' for g in given]
        raise request_error(given[1], "is given together with " + " and ".join(n for n in names if n != f'"{given[1]}"')
                            + "; send exactly one input form")

    def article(self, fetched: Fetched | None = None) -> Article:
        """The article this request sends (``fetched``: its URL's page, already fetched by the server)."""
        return Article(self.form(), self.headline, self.body, self.text, self.html, fetched)


@dataclass(frozen=True)
class Article:
    """One request's article, as sent to the worker that reads it (a URL's page already fetched)."""

    form: str  # "headline" (with body), "text", "html" or "url"
    headline: str | None = None
    body: str | None = None
    text: str | None = None
    html: str | None = None
    fetched: Fetched | None = None  # the page of form "url"


def read_document(article: Article) -> Document:
    """The request's article as a Document through ``unspun.inputs.read``, the one reader of the CLI, the
    API and the library (messages phrased for the API). A URL was fetched by the server beforehand,
    under its own limits and never from a private address; the fetched page is read here."""
    if article.form == "headline":
        return inputs.read(headline=article.headline or "", body=article.body or "", front_end="api")
    if article.form == "text":
        return inputs.read(text=article.text or "", front_end="api")
    if article.form == "html":
        return inputs.read(html=article.html or "", front_end="api")
    if article.fetched is None:
        raise ValueError(f"an article of form {article.form!r} without its fetched page")
    return inputs.read(page=article.fetched, front_end="api")


# -- errors ------------------------------------------------------------------------------

_EXPECTED = ('a JSON object with exactly one of {"headline", "body"}, {"text"}, {"html"} or {"url"}, '
             'and optionally "only", "skip" (lists of analyzer names) and "fast" (true/false)')


#: What the archive's routes take (GET /v1/archive/...): query parameters, not JSON.
_EXPECTED_ARCHIVE = ("query parameters as GET /docs lists them: site, analyzer, label, severity (info, low, medium, "
                     "high), q, since and until (YYYY-MM-DD), sort (newest, oldest), page (from 1), per_page; "
                     "and an article id, a whole number from 1")


class RequestError(errors.UnspunError):
    """A malformed request; ``field`` names the part of the JSON (or the query parameter) to fix."""

    def __init__(self, field: str, problem: str, expected: str = _EXPECTED) -> None:
        base = errors.api_request(field, problem, expected)
        super().__init__(base.code, base.expected, base.got, base.fix)
        self.field = field


def request_error(field: str, problem: str, expected: str = _EXPECTED) -> RequestError:
    return RequestError(field, problem, expected)


def url_error(exc: errors.UnspunError) -> errors.UnspunError:
    """A fetch error as this server says it: the CLI's fix for a refused address (--allow-private) does not exist here."""
    if exc.code != errors.E_URL_REFUSED:
        return exc
    return errors.UnspunError(exc.code, exc.expected, exc.got,
                              'This server never fetches from its own network; save the page and send it as "html".')


def error_response(exc: errors.UnspunError, extra: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON answer for ``exc``, with the HTTP status its E-code maps to."""
    body = exc.to_dict()
    if isinstance(exc, RequestError):
        body["error"]["field"] = exc.field
    if extra:
        body["error"].update(extra)
    return JSONResponse(body, status_code=exc.http_status, headers=headers)


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = list(loc[1:] if loc and loc[0] in ("body", "query", "path") else loc)
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(body)"


def _describe(e: dict[str, Any]) -> tuple[str, str]:
    """(field, problem) for one pydantic error, in words a client can act on."""
    kind = e.get("type", "")
    loc = tuple(e.get("loc", ()))
    if kind == "json_invalid":
        pos = loc[1] if len(loc) > 1 else "?"
        return "(body)", f"is not valid JSON (at character {pos}: {e.get('ctx', {}).get('error', 'parse error')})"
    field = _field_name(loc)
    if kind == "extra_forbidden":
        return field, "is not a known field"
    if kind in ("model_attributes_type", "dict_type", "model_type") or (kind == "missing" and field == "(body)"):
        return "(body)", "must be a JSON object"
    got = e.get("input")
    # a query parameter is always text: show what came; a JSON field's type is what tells
    shown = repr(got) if loc and loc[0] in ("query", "path") else (type(got).__name__ if got is not None else "null")
    msg = re.sub(r"^Input ", "", str(e.get("msg", "is invalid")))
    return field, f"{msg[:1].lower()}{msg[1:]} (got {shown})"


def add_error_handlers(app: FastAPI) -> None:
    """Answer every error as JSON: UnspunError by its E-code, a malformed request as E150, HTTP errors by status."""

    @app.exception_handler(errors.UnspunError)
    async def _unspun_error(_: Request, exc: errors.UnspunError) -> JSONResponse:
        headers = {"Retry-After": "1"} if exc.http_status == 503 else None
        return error_response(exc, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_describe(e) for e in exc.errors()] or [("(body)", "is invalid")]
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json" and problems[0] == ("(body)", "must be a JSON object"):
            problems = [("(body)", f"was sent as {ctype or 'no content type'}; send JSON with Content-Type: application/json")]
        field, problem = problems[0]
        expected = _EXPECTED_ARCHIVE if request.url.path.startswith("/v1/archive") else _EXPECTED
        return error_response(request_error(field, problem, expected), {"errors": [{"field": f, "problem": p} for f, p in problems]})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        body = {"error": {"code": f"HTTP{exc.status_code}", "message": str(exc.detail)}}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)
