"""Byline and dateline read once, when the article is read, into Document.metadata, and into the report."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from unspun import inputs
from unspun.inputs import cues
from unspun.pipeline import Pipeline

SCHEMA = ROOT / "src" / "unspun" / "schema" / "report.schema.json"

DATELINES: list[tuple[str, str, str | None, str | None, str | None, str | None]] = [
    # (body, the dateline's words with their dash, value, place, date, agency)
    ("WASHINGTON (Reuters) - The Senate voted.", "WASHINGTON (Reuters) -", "WASHINGTON (Reuters)", "WASHINGTON", None,
     "Reuters"),
    ("MOSCOW, April 16 — Putin met.", "MOSCOW, April 16 —", "MOSCOW, April 16", "MOSCOW", "April 16", None),
    ("SAN JOSE, Calif. — The firm said.", "SAN JOSE, Calif. —", "SAN JOSE, Calif.", "SAN JOSE, Calif.", None, None),
    ("NEW YORK, March 3, 2024 (AP) -- Stocks fell.", "NEW YORK, March 3, 2024 (AP) --", "NEW YORK, March 3, 2024 (AP)",
     "NEW YORK", "March 3, 2024", "AP"),
    ("The council said - nothing more.", "", None, None, None, None),
]


@pytest.mark.parametrize(("body", "words", "value", "place", "date", "agency"), DATELINES, ids=[d[0][:12] for d in DATELINES])
def test_dateline_is_in_the_metadata_with_its_span(body: str, words: str, value: str | None, place: str | None,
                                                   date: str | None, agency: str | None) -> None:
    doc = inputs.read(headline="Headline", body=body)
    dl = doc.metadata.dateline
    assert (dl.value, dl.place, dl.date, dl.agency) == (value, place, date, agency)
    assert dl.source == ("text" if value else "absent")
    if value:
        assert dl.span is not None and doc.span_text(dl.span) == words
        assert dl.span.start == doc.body.start
    else:
        assert dl.span is None


BYLINES: list[tuple[str, str | None]] = [
    ("By Jane Roe", "Jane Roe"),
    ("By Glen Owen And Brendan Carlin", "Glen Owen and Brendan Carlin"),
    ("By JEFFREY GETTLEMAN JAN. 13, 2017", "JEFFREY GETTLEMAN"),
    ("By Benjamin Romano Seattle Times business reporter", "Benjamin Romano"),
    ("Written by: Julie Mollins", "Julie Mollins"),
    ("By clicking subscribe you agree to our terms", None),
    ("Bylines are a newsroom tradition.", None),
]


@pytest.mark.parametrize(("line", "names"), BYLINES)
def test_byline_names(line: str, names: str | None) -> None:
    assert cues.byline(line) == names


def test_text_byline_is_author_and_byline_from_the_text() -> None:
    doc = inputs.read(text="Headline\n\nBy Maria Okafor\n\nLONDON — The council voted on Tuesday.")
    m = doc.metadata
    assert m.byline.to_dict() == {"value": "Maria Okafor", "source": "text"}
    assert m.author.to_dict() == {"value": "Maria Okafor", "source": "text"}
    assert m.dateline.value == "LONDON" and doc.body_text.startswith("LONDON —")


def test_report_carries_metadata_and_extraction_and_validates() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    doc = inputs.read(text="Headline\n\nBy Maria Okafor\n\nWASHINGTON (Reuters) - The Senate voted on Monday.")
    report = Pipeline(analyzers=[]).run(doc).to_dict()
    md = report["document"]["metadata"]
    assert md["dateline"]["agency"] == "Reuters" and md["byline"]["value"] == "Maria Okafor"
    assert report["document"]["extraction"] == {"notices": [], "page_type": None}
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_report_of_a_page_with_notices_validates() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    html = ("<html><head><title>Top 10 tram rides</title><meta property='og:type' content='website'></head><body>"
            "<article><h1>Top 10 tram rides</h1><p>The number 4 tram climbs the hill above the old harbour and "
            "gives the best view in town, riders say.</p></article></body></html>")
    report = Pipeline(analyzers=[]).run(inputs.read(html=html)).to_dict()
    codes = [n["code"] for n in report["document"]["extraction"]["notices"]]
    assert codes == ["short_body", "not_news_article"]
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
