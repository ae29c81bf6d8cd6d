"""The one reader: every input form, and every refusal with its code, phrased for the front end that shows it."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

import unspun
from unspun import errors, inputs
from unspun.document import Document
from unspun.inputs.fetch import Fetched

HTML = ("<html><head><title>Ferry service resumes | Island Post</title></head><body><article>"
        "<h1>Ferry service resumes</h1>"
        + "".join(f"<p>The island ferry returned to service on Monday after {n} weeks of engine repairs, the operator "
                  "said in a statement issued to passengers and local businesses.</p>" for n in range(2, 6))
        + "</article></body></html>")
TEXT = "Ferry service resumes\n\nThe island ferry returned to service on Monday, the operator said."
DOC = inputs.read(text=TEXT)


# --- every input form --------------------------------------------------------------------------

def _write(tmp_path: Path, name: str, data: str) -> str:
    p = tmp_path / name
    p.write_text(data, encoding="utf-8")
    return str(p)


FORMS: list[tuple[str, dict[str, Any], str, str]] = [
    # (id, arguments, headline, input_kind)
    ("text", {"text": TEXT}, "Ferry service resumes", "text"),
    ("text_headline_replaced", {"text": TEXT, "headline": "Given"}, "Given", "text"),
    ("parts", {"headline": "Ferry service resumes", "body": "The ferry is back."}, "Ferry service resumes", "parts"),
    ("headline_only", {"headline": "Ferry service resumes"}, "Ferry service resumes", "parts"),
    ("html", {"html": HTML}, "Ferry service resumes", "html"),
    ("json_text", {"json": '{"headline": "H one", "body": "B b."}'}, "H one", "parts"),
    ("json_object", {"json": {"headline": "H one", "body": "B b."}}, "H one", "parts"),
    ("document", {"source": DOC}, "Ferry service resumes", "text"),
    ("page_html", {"page": Fetched("https://example.org/a", HTML.encode(), "text/html", "utf-8")},
     "Ferry service resumes", "html"),
    ("page_text", {"page": Fetched("https://example.org/a", TEXT.encode(), "text/plain", None)},
     "Ferry service resumes", "text"),
]


@pytest.mark.parametrize(("args", "headline", "kind"), [f[1:] for f in FORMS], ids=[f[0] for f in FORMS])
def test_read_every_form(args: dict[str, Any], headline: str, kind: str) -> None:
    doc = inputs.read(**args)
    assert (doc.headline_text, doc.input_kind) == (headline, kind)


@pytest.mark.parametrize(("name", "data"), [("a.txt", TEXT), ("a.html", HTML), ("a.json", '{"headline": "H", "body": "B."}')])
def test_read_path_str_and_pathlike(tmp_path: Path, name: str, data: str) -> None:
    path = _write(tmp_path, name, data)
    assert inputs.read(path).text == inputs.read(Path(path)).text


def test_read_page_keeps_its_url() -> None:
    doc = inputs.read(page=Fetched("https://example.org/a", HTML.encode(), "text/html", "utf-8"), front_end="api")
    assert (doc.metadata.url.value, doc.metadata.url.source) == ("https://example.org/a", "user")


def test_choose_input_does_no_io_and_pickles() -> None:
    inp = inputs.choose_input("/no/such/file.txt", front_end="cli")
    assert (inp.form, inp.source) == ("path", "'/no/such/file.txt'")
    assert pickle.loads(pickle.dumps(inp)) == inp
    url = inputs.choose_input(url="https://example.org/a", front_end="api")
    assert url.form == "url" and inputs.fetch_input(inputs.choose_input(text=TEXT)).form == "text"


def test_check_and_load_take_the_same_forms() -> None:
    assert unspun.load(text=TEXT).text == DOC.text
    report = unspun.check(headline="Ferry service resumes", body="The ferry is back.", only=["headline_wording"])
    assert report.document.headline_text == "Ferry service resumes"


# --- refusals --------------------------------------------------------------------------------------

REFUSED: list[tuple[str, dict[str, Any], str, str, str | None]] = [
    # (id, arguments to unspun.check, code, the message says, field)
    ("unknown_keyword", {"hedline": "x"}, errors.E_INPUT_TYPE, r"unknown keyword argument hedline=\. Did you mean headline=\?",
     "hedline"),
    ("unknown_keyword_no_guess", {"text": TEXT, "colour": True}, errors.E_INPUT_TYPE, r"keyword arguments of unspun\.check",
     "colour"),
    ("two_forms", {"text": TEXT, "html": HTML}, errors.E_INPUT_FORMS, r"got text= and html= together", "html"),
    ("path_and_text", {"source": "a.txt", "text": TEXT}, errors.E_INPUT_FORMS, r"got source and text= together", "text"),
    ("body_beside_text", {"text": TEXT, "body": "b"}, errors.E_INPUT_FORMS, r"text= and body= together", "body"),
    ("nothing", {}, errors.E_INPUT_FORMS, r"expected exactly one of: source .*got none of them", None),
    ("body_alone", {"body": "A body."}, errors.E_NO_HEADLINE, r"got body= without headline=", "headline"),
    ("headline_beside_json", {"json": {"headline": "h"}, "headline": "x"}, errors.E_INPUT_FORMS,
     r"headline= beside json=, which has its own headline", "headline"),
    ("headline_beside_document", {"source": DOC, "headline": "x"}, errors.E_INPUT_FORMS, r"beside a Document",
     "headline"),
    ("text_not_str", {"text": 3}, errors.E_INPUT_TYPE, r"expected text= to be a str; got an int \(3\)", "text"),
    ("html_bytes", {"html": b"<p>x</p>"}, errors.E_INPUT_TYPE, r"html= to be a str.*decode bytes first", "html"),
    ("source_bytes", {"source": b"a.txt"}, errors.E_INPUT_TYPE, r"source to be a path .*got a bytes", "source"),
    ("json_list", {"json": ["headline"]}, errors.E_INPUT_TYPE, r"json= to be a str of JSON or a dict", "json"),
    ("only_str", {"text": TEXT, "only": "headline_wording"}, errors.E_INPUT_TYPE, r"only= to be a list of analyzer names",
     "only"),
    ("fast_str", {"text": TEXT, "fast": "yes"}, errors.E_INPUT_TYPE, r"fast= to be True or False", "fast"),
    ("allow_private_int", {"text": TEXT, "allow_private": 1}, errors.E_INPUT_TYPE, r"allow_private= to be True or False",
     "allow_private"),
    ("json_without_headline", {"json": {"body": "b"}}, errors.E_BAD_JSON, r'"headline" is missing', "headline"),
    ("empty_text", {"text": "  \n "}, errors.E_EMPTY_INPUT, r"text given as text= with no text in it", None),
    ("html_without_article", {"html": "<html><body><nav></nav></body></html>"}, errors.E_NO_ARTICLE,
     r"or its text with text=", None),
]


@pytest.mark.parametrize(("args", "code", "says", "field"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_check_refuses_with_code_and_clear_message(args: dict[str, Any], code: str, says: str, field: str | None) -> None:
    with pytest.raises(errors.UnspunError, match=says) as exc:
        unspun.check(**args)
    assert exc.value.code == code
    assert exc.value.field == field
    assert "expected" in exc.value.message and "got" in exc.value.message


def test_load_refuses_unknown_keywords_in_its_own_name() -> None:
    with pytest.raises(errors.UnspunError, match=r"keyword arguments of unspun\.load: .*got the unknown keyword argument only="):
        unspun.load(text=TEXT, only=["headline_wording"])


def test_read_refuses_an_unknown_front_end() -> None:
    with pytest.raises(errors.UnspunError, match="front_end to be one of cli, api, library"):
        inputs.read(text=TEXT, front_end="web")  # type: ignore[arg-type]


# --- the same refusal, phrased for each front end --------------------------------------------------

PHRASED: list[tuple[str, str, dict[str, Any], str, str, tuple[str, ...]]] = [
    # (id, front end, arguments to inputs.read, code, the message says, words it must not use)
    ("api_two_forms", "api", {"text": TEXT, "url": "https://example.org/a"}, errors.E_INPUT_FORMS,
     r'got "text" and "url" together\. Send exactly one input form', ("file", "=")),
    ("api_body_alone", "api", {"body": "b"}, errors.E_NO_HEADLINE, r'"body" without "headline"', ("file", "=")),
    ("api_wrong_type", "api", {"text": 5}, errors.E_INPUT_TYPE, r'Send "text" as a JSON string', ("file", "text=")),
    ("api_empty", "api", {"text": " "}, errors.E_EMPTY_INPUT, r"the request's \"text\" with no text", ("file", "--")),
    ("api_no_headline", "api", {"headline": " ", "body": "b"}, errors.E_NO_HEADLINE, r'send it in "headline"',
     ("file", "--headline")),
    ("api_no_article", "api", {"html": "<html><body><nav></nav></body></html>"}, errors.E_NO_ARTICLE,
     r'its text in "text"', ("file", ".txt")),
    ("api_bad_url", "api", {"url": "ftp://example.org/a"}, errors.E_BAD_URL, r'the page itself in "html"', ("file",)),
    ("cli_missing_file", "cli", {"source": "/no/such/file.txt"}, errors.E_FILE_NOT_FOUND,
     r"standard input with '-'", ('"text"', "text=")),
    ("cli_no_headline", "cli", {"text": "\n\n", "headline": " "}, errors.E_EMPTY_INPUT, r"Pass a file",
     ('"text"', "text=")),
    ("library_missing_file", "library", {"source": "/no/such/file.txt"}, errors.E_FILE_NOT_FOUND,
     r"text=, html= or headline= and body=", ('"text"', "--")),
    ("library_no_headline", "library", {"headline": " ", "body": "b"}, errors.E_NO_HEADLINE, r"headline=\.",
     ('"headline"', "--headline")),
]


@pytest.mark.parametrize(("front_end", "args", "code", "says", "never"), [p[1:] for p in PHRASED],
                         ids=[p[0] for p in PHRASED])
def test_read_phrases_each_refusal_for_its_front_end(front_end: str, args: dict[str, Any], code: str, says: str,
                                                     never: tuple[str, ...]) -> None:
    with pytest.raises(errors.UnspunError, match=says) as exc:
        inputs.read(front_end=front_end, **args)  # type: ignore[arg-type]
    assert exc.value.code == code
    for word in never:
        assert word not in exc.value.fix, f"{word!r} in the {front_end} advice: {exc.value.fix}"


def test_error_field_survives_pickling_and_is_in_the_api_answer() -> None:
    with pytest.raises(errors.UnspunError) as exc:
        inputs.read(text=TEXT, url="https://example.org/a", front_end="api")
    again = pickle.loads(pickle.dumps(exc.value))
    assert (again.code, again.field) == (errors.E_INPUT_FORMS, "url")
    assert again.to_dict()["error"]["field"] == "url" and again.http_status == 422


def test_document_passes_through_unchanged() -> None:
    doc: Document = inputs.read(DOC)
    assert doc is DOC
