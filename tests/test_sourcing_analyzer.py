"""The sourcing analyzer: findings, profile, specimen targets, report contract."""

from __future__ import annotations

import json
from importlib import resources

import pytest

import unspun
from unspun.analyzers import NotApplicable
from unspun.analyzers.sourcing.analyzer import Sourcing
from unspun.document import Document, Metadata, MetaField

FILLER = " The plan was first proposed in 2019 and has been revised twice since then by the board."

SAMPLES = {
    "vague_and_anonymous": (
        "Experts say the dam is unsafe. A senior official said repairs were delayed. "
        "Mayor Ana Silva said the city would pay for an inspection." + FILLER * 3
    ),
    "unsourced": (
        "The new bridge is clearly a disaster for the town. Traffic has doubled on the old road since May. "
        "Shops on the high street have lost trade and several have closed." + FILLER * 8
    ),
    "single_source": (
        "Company chief Dana Reyes said profits rose 8 percent. Reyes said the firm would hire 200 staff. "
        "She added that a new plant would open in March." + FILLER * 8
    ),
    "well_sourced": (
        "Transit director Paul Nguyen said fares would rise. Councillor Ana Silva said the rise was unfair. "
        "According to the annual report, ridership rose 6 percent." + FILLER * 8
    ),
}


def _labels(body: str) -> list[str]:
    doc = Document.from_parts("A headline", body)
    return sorted({f.label for f in Sourcing()(doc)})


@pytest.mark.parametrize(
    ("name", "present", "absent"),
    [
        ("vague_and_anonymous", ["anonymous_source", "vague_source"], ["unsourced_article"]),
        ("unsourced", ["unattributed_strong_claim", "unsourced_article"], ["single_source", "vague_source"]),
        ("single_source", ["single_source"], ["unsourced_article", "vague_source"]),
        ("well_sourced", [], ["single_source", "unsourced_article", "vague_source", "anonymous_source"]),
    ],
)
def test_sourcing_findings(name: str, present: list[str], absent: list[str]) -> None:
    labels = _labels(SAMPLES[name])
    for p in present:
        assert p in labels
    for a in absent:
        assert a not in labels


def test_sourcing_explanations_quote_their_spans() -> None:
    for body in SAMPLES.values():
        doc = Document.from_parts("A headline", body)
        for f in Sourcing()(doc):
            for s in f.spans:
                if len(s) <= 60:
                    assert doc.span_text(s) in f.explanation


def test_sourcing_short_body_is_not_applicable() -> None:
    with pytest.raises(NotApplicable, match="words"):
        Sourcing()(Document.from_parts("Headline", "Smith said no."))


def test_sourcing_profile_counts_and_names() -> None:
    doc = Document.from_parts("A headline", SAMPLES["well_sourced"])
    s = Sourcing().analyse(doc).summary
    assert s["counts"] == {"person": 2, "organisation": 0, "document": 1, "anonymous": 0, "vague": 0}
    assert s["named_people"] == ["Ana Silva", "Paul Nguyen"]
    assert s["distinct_named_sources"] == 2
    assert 0 < s["attributed_share"] < 1


@pytest.mark.parametrize(
    ("name", "body", "meta", "expected"),
    [
        ("dateline_wire", "WASHINGTON (Reuters) - Officials said the vote was close." + FILLER * 3, None,
         {"dateline": "WASHINGTON (Reuters)", "byline": None, "published": None}),
        ("page_metadata", "Officials said the vote was close." + FILLER * 3,
         Metadata(author=MetaField("Jane Roe", "page_metadata"), published=MetaField("2024-03-04", "page_metadata")),
         {"dateline": None, "byline": "Jane Roe", "published": "2024-03-04"}),
    ],
)
def test_sourcing_metadata_signals(name: str, body: str, meta: Metadata | None, expected: dict[str, str | None]) -> None:
    doc = Document.from_parts("A headline", body, meta)
    m = Sourcing().analyse(doc).summary["metadata"]
    for k, v in expected.items():
        assert m[k]["value"] == v
        assert m[k]["source"] == ("absent" if v is None else ("text" if k == "dateline" else "page_metadata"))


def test_sourcing_specimen_targets(specimen_text: str) -> None:
    head, body = specimen_text.split("\n", 1)
    report = unspun.check(headline=head, body=body)
    s = report.to_dict()["summary"]["sourcing"]
    assert s["counts"]["person"] == 0 and s["named_people_quoted"] == []
    assert s["counts"]["organisation"] == 1 and s["counts"]["vague"] == 1
    assert [a["source_text"] for a in s["attributions"]] == ["international observers", "The Kremlin"]
    assert [t["mention"] for t in s["title_only"]] == ["China’s Defense Minister"]
    labels = {f.label for f in report.findings_of("sourcing")}
    assert {"title_only_actor", "vague_source"} <= labels


def test_sourcing_report_matches_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(resources.files("unspun").joinpath("schema/report.schema.json").read_text())
    report = unspun.check(headline="Dam repairs delayed", body=SAMPLES["vague_and_anonymous"])
    jsonschema.validate(report.to_dict(), schema)


def test_sourcing_deterministic() -> None:
    doc = Document.from_parts("A headline", SAMPLES["vague_and_anonymous"])
    assert [f.to_dict() for f in Sourcing()(doc)] == [f.to_dict() for f in Sourcing()(doc)]
