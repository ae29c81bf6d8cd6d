"""Inputs: text, stdin, HTML, JSON, and every bad input with its code and message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspun import errors, inputs

ARTICLE_HTML = """<!doctype html><html><head><title>Council approves fare rise | Millbrook Post</title>
<meta property="og:site_name" content="Millbrook Post"><meta name="author" content="Maria Okafor">
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Council approves fare rise</h1>
<p>The Millbrook city council voted 7-2 on Tuesday to raise bus and tram fares by 4 percent from July 1, the first increase since 2019.</p>
<p>Transit director Paul Nguyen told the council the rise would raise about $2.1 million a year, which he said would cover higher fuel costs.</p>
<p>Councillor Ana Silva, who voted against the plan, said the increase would fall hardest on shift workers and asked for a reduced fare.</p>
</article><footer>Copyright Millbrook Post</footer></body></html>"""


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(p)


def test_inputs_text_first_line_is_headline(tmp_path: Path) -> None:
    doc = inputs.load(write(tmp_path, "a.txt", "\n\n  Headline here \nBody one.\n\nBody two."))
    assert doc.headline_text == "Headline here"
    assert doc.body_text == "Body one.\n\nBody two."


def test_inputs_headline_option_overrides(tmp_path: Path) -> None:
    doc = inputs.load(write(tmp_path, "a.txt", "First line.\nSecond line."), headline="Given headline")
    assert doc.headline_text == "Given headline"
    assert doc.body_text.startswith("First line.")


def test_inputs_byline_taken_from_text_with_provenance(tmp_path: Path) -> None:
    doc = inputs.load(write(tmp_path, "a.txt", "Headline\n\nBy Maria Okafor\n\nThe council voted on Tuesday."))
    assert (doc.metadata.author.value, doc.metadata.author.source) == ("Maria Okafor", "text")
    assert "Maria Okafor" not in doc.body_text
    assert doc.metadata.published.source == "absent"


def test_inputs_html_headline_not_repeated_and_metadata_sourced(tmp_path: Path) -> None:
    doc = inputs.load(write(tmp_path, "a.html", ARTICLE_HTML))
    assert doc.headline_text == "Council approves fare rise"
    assert not doc.body_text.startswith("Council approves fare rise")
    assert doc.body_text.startswith("The Millbrook city council")
    assert "Home" not in doc.body_text and "Copyright" not in doc.body_text
    assert len(doc.paragraphs) == 3
    assert (doc.metadata.site.value, doc.metadata.site.source) == ("Millbrook Post", "page_metadata")
    assert doc.metadata.author.source == "page_metadata"
    assert doc.metadata.published.value == "2024-03-05"
    assert doc.input_kind == "html"


def test_inputs_json_object(tmp_path: Path) -> None:
    obj = {"headline": "H", "body": "B b b.", "url": "https://example.org/x", "published": "2024-01-02"}
    doc = inputs.load(write(tmp_path, "a.json", json.dumps(obj)))
    assert (doc.headline_text, doc.body_text) == ("H", "B b b.")
    assert doc.metadata.url.value == "https://example.org/x" and doc.metadata.published.source == "user"


def test_inputs_headline_without_body_is_valid(tmp_path: Path) -> None:
    doc = inputs.load(write(tmp_path, "a.txt", "Just a headline\n"))
    assert doc.headline_text == "Just a headline" and not doc.has_body


BAD = [
    ("empty", b"", errors.E_EMPTY_INPUT, "no text in it"),
    ("whitespace", b"   \n\t\n  ", errors.E_EMPTY_INPUT, "no text in it"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", errors.E_NOT_TEXT, "binary"),
    ("latin1", "Caf\u00e9 headline\nbody".encode("latin-1"), errors.E_NOT_TEXT, "not valid utf-8"),
    ("html_no_article", b"<html><head><title></title></head><body><nav></nav></body></html>", errors.E_NO_ARTICLE, "no article"),
    ("json_broken", b'{"headline": "x", ', errors.E_BAD_JSON, "invalid JSON"),
    ("json_no_headline", b'{"body": "text"}', errors.E_BAD_JSON, '"headline" is missing'),
    ("json_wrong_type", b'{"headline": 3, "body": "x"}', errors.E_BAD_JSON, 'field "headline" is int'),
    ("json_array", b'{"headline": "x", "body": ["a"]}', errors.E_BAD_JSON, 'field "body" is list'),
]


@pytest.mark.parametrize(("name", "data", "code", "says"), BAD, ids=[b[0] for b in BAD])
def test_inputs_bad_input_has_code_and_message(tmp_path: Path, name: str, data: bytes, code: str, says: str) -> None:
    suffix = ".json" if name.startswith("json") else (".html" if name.startswith("html") else ".txt")
    with pytest.raises(errors.UnspunError, match="(?i)" + __import__("re").escape(says)) as exc:
        inputs.load(write(tmp_path, "in" + suffix, data))
    assert exc.value.code == code
    msg = exc.value.message
    assert "expected" in msg and "got" in msg  # what was expected, what came, and what to do


def test_inputs_missing_file() -> None:
    with pytest.raises(errors.UnspunError, match="does not exist") as exc:
        inputs.load("/nonexistent/article.txt")
    assert exc.value.code == errors.E_FILE_NOT_FOUND


def test_inputs_too_large(tmp_path: Path) -> None:
    p = write(tmp_path, "big.txt", b"Headline\n" + b"word " * (inputs.MAX_INPUT_BYTES // 5 + 10))
    with pytest.raises(errors.UnspunError, match="at most 5,000,000 bytes") as exc:
        inputs.load(p)
    assert exc.value.code == errors.E_TOO_LARGE


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "http://"])
def test_inputs_bad_url_scheme(url: str) -> None:
    with pytest.raises(errors.UnspunError) as exc:
        inputs.load(url)
    assert exc.value.code == errors.E_BAD_URL
