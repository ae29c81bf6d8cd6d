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
        "The council rigged the tender for the new bridge. Traffic has doubled on the old road since May. "
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


# -- issue 15: findings an editor would agree with, one table per class -----------------------

#: a checkable news sentence (numbers, names) and a first-person blog sentence, to set a page's voice
NEWS = " The Dunmore plant employed 400 people in 2019 and shipped 12,000 tonnes to Leeds and Hull."
BLOG = " I think my readers will like this, and I hope you try it at home too."


def _findings(body: str) -> list[tuple[str, str, str]]:
    doc = Document.from_parts("A headline", body)
    return [(f.label, f.severity, doc.span_text(f.spans[0])) for f in Sourcing()(doc)]


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        ("pronouns_are_not_new_sources", "A nurse said the ward was full. She said patients waited for hours. "
         "She added that staff were tired." + FILLER * 3, [("anonymous_source", "low", "A nurse")]),
        ("reference_to_named_person", "Levi Moss, a student, moved in last May. He said the rent had doubled." + FILLER * 3, []),
        ("reference_to_named_team", "A team at Halden University studied 400 rivers. The researchers found that salt "
         "levels had risen." + FILLER * 3, []),
        ("officials_of_named_body", "Harbour Gas officials said 40 pipes were replaced." + FILLER * 3, []),
        ("things_are_not_anonymous_sources", "The tool reports an error when the file is missing." + FILLER * 3, []),
        ("nested_account", "Tomas Moss said many people had told her the rent was too high." + FILLER * 3, []),
        ("reportedly_answered_next", "The founders reportedly disagreed about licensing. Wired Italy reports that two "
         "of them resisted the plan." + FILLER * 3, []),
        ("research_answered_next", "Now research shows the opposite is true. The study appears in a journal. It found that "
         "early feeding cut allergies by 80 percent." + FILLER * 3, []),
        ("reportedly_unanswered", "The singer reportedly left the band in March." + FILLER * 3,
         [("vague_source", "medium", "reportedly")]),
        ("we_are_told", "We're told the singer left the band in March." + FILLER * 3,
         [("anonymous_source", "low", "We're told")]),
        ("others_of_the_group_just_named", "Many riders said the trams were late. Others said the fares had "
         "doubled." + FILLER * 3, []),
        ("others_of_a_group_subject", "Many angry residents were stuck at the depot for an hour. Others said the fares had "
         "doubled." + FILLER * 3, []),
        ("others_with_nothing_before", "The trams were late on Monday. Others said the fares had doubled." + FILLER * 3,
         [("vague_source", "low", "Others")]),
        ("described_then_named", "The mother of a student who died has said the pills burned her up. The drug was "
         "lethal, her mother, Fiona, said in a statement." + FILLER * 3, []),
        ("described_then_named_after", "A lawyer for the family said the inquiry was late. Jane Moss, the family's "
         "lawyer, wrote to the council in May." + FILLER * 3, []),
        ("described_never_named", "The mother of a student who died has said the pills burned her up. Her mother "
         "said the drug was lethal." + FILLER * 3,
         [("anonymous_source", "low", "The mother of a student who died")]),
        ("a_weekday_is_no_name", "A nurse said the ward was full. The nurse Monday said staff were tired." + FILLER * 3,
         [("anonymous_source", "low", "A nurse")]),
        # a named study's participants, anonymised by its authors, and the group of them speaking next
        ("study_participants", "The report, by the Halden Institute, surveyed 3,000 lecturers. One academic told the "
         "authors she taught without a contract. Others reported unpaid overtime. Staff on short-term contracts said "
         "they felt unable to complain." + FILLER * 3, []),
        ("told_the_writer_not_a_study", "One academic told the Courier she taught without a contract." + FILLER * 3,
         [("anonymous_source", "low", "One academic")]),
        ("study_people_far_before", "One academic told researchers she taught without a contract. The union met in "
         "May. The vote was close. Its leaders were tired. Staff on short-term contracts said they felt unable to "
         "complain." + FILLER * 3, [("anonymous_source", "low", "Staff on short-term contracts")]),
    ],
)
def test_sourcing_findings_on_references_and_non_sources(name: str, body: str, expected: list[tuple[str, str, str]]) -> None:
    assert [f for f in _findings(body) if f[0] in ("anonymous_source", "vague_source")] == expected


@pytest.mark.parametrize(
    ("name", "sentence", "marker"),
    [
        ("accusation", "The council rigged the tender for the new bridge.", "rigged"),
        ("lied_to", "The mayor lied to residents about the cost of the bridge.", "lied to"),
        ("certainty", "There is no doubt that the vaccine programme is a hoax.", "There is no doubt that"),
        ("known_cause", "The additive is a known cause of cancer in humans.", "is a known cause of"),
        ("degree_adverb", "The new bridge is clearly wider than the old one.", None),
        ("lie_as_be_located", "The station lies under the square near the river.", None),
        ("event_name", "The financial crisis of 2008 hit exports hard.", None),
        ("in_fact", "In fact, the line opened in 1932 and has run ever since.", None),
        ("always", "Prices always rise in winter, and this year was no different.", None),
        ("inside_a_quote", "'The mayor lied to us about the cost,' Tomas Moss said.", None),
        ("attributed", "Critics said the mayor lied to residents about the cost.", None),
        ("question", "Is the mayor covering up the real cost of the bridge?", None),
        ("list_after_attributed_colon", "The report also said:\n\nThe council rigged the tender.", None),
    ],
)
def test_sourcing_strong_claims(name: str, sentence: str, marker: str | None) -> None:
    got = [q for label, _, q in _findings(sentence + FILLER * 3) if label == "unattributed_strong_claim"]
    assert got == ([marker] if marker else [])


@pytest.mark.parametrize(
    ("name", "body", "label", "severity"),
    [
        ("single_source_news", "Company chief Dana Reyes said profits rose 8 percent. Reyes said the firm would hire 200 "
         "staff. She added that a plant would open in March." + NEWS * 16, "single_source", "medium"),
        ("single_source_once", "Company chief Dana Reyes said profits rose 8 percent." + NEWS * 16, "single_source", "low"),
        ("single_source_reviewed_book", "In her 2019 book Harbour Lights, the historian Dana Reyes traces the port's "
         "trade. Reyes writes that profits rose 8 percent. The book ends in 1990, Reyes notes." + NEWS * 16,
         "single_source", "info"),
        ("single_source_author_once", "Dana Reyes, the author of a book on ports, said profits rose 8 percent. Reyes "
         "said the firm would hire 200 staff. She added that a plant would open in March." + NEWS * 16,
         "single_source", "medium"),
        ("single_source_blog", "Company chief Dana Reyes said profits rose 8 percent. Reyes said the firm would hire 200 "
         "staff." + (NEWS + BLOG) * 8, "single_source", None),
        ("unsourced_news", "The new bridge opened on Monday after three years of work." + NEWS * 16, "unsourced_article", "medium"),
        ("unsourced_short", "The new bridge opened on Monday after three years of work." + NEWS * 8, "unsourced_article", "low"),
        ("unsourced_blog", "The new bridge opened on Monday after three years of work." + (NEWS + BLOG) * 8,
         "unsourced_article", None),
        ("vague_expert_kind", "Experts say the dam is unsafe." + FILLER * 3, "vague_source", "medium"),
        ("vague_ordinary_collective", "People say the dam is unsafe." + FILLER * 3, "vague_source", "low"),
    ],
)
def test_sourcing_severity_matches_evidence(name: str, body: str, label: str, severity: str | None) -> None:
    got = [sev for lab, sev, _ in _findings(body) if lab == label]
    assert got == ([severity] if severity else [])


def test_sourcing_never_high() -> None:
    for body in [*SAMPLES.values(), "Experts say the dam is unsafe." + NEWS * 20]:
        assert all(f.severity != "high" for f in Sourcing()(Document.from_parts("A headline", body)))


def test_sourcing_unsourced_evidence_is_sentences_not_the_body() -> None:
    body = "The new bridge opened on Monday after three years of work." + NEWS * 5000  # ~90,000 words
    doc = Document.from_parts("A headline", body)
    (f,) = [f for f in Sourcing()(doc) if f.label == "unsourced_article"]
    assert 1 <= len(f.evidence) <= 3
    assert all(e in doc.sentences for e in f.evidence)


@pytest.mark.parametrize(
    ("name", "body", "people", "quoted"),
    [
        ("uk_single_quotes", "'We will not back down,' Tomas Moss said. 'The plan is wrong,' he added." + FILLER * 3,
         ["Tomas Moss"], ["Tomas Moss"]),
        ("pronoun_quote_of_named_person", "Levi Moss, a student, moved in last May. 'The rent doubled,' he said." + FILLER * 3,
         ["Levi Moss"], ["Levi Moss"]),
        ("place_is_not_a_person", 'The Marsh Street bar said "there is no point opening".' + FILLER * 3, [], []),
        ("body_is_not_a_person", "Harbour Gas officials said 40 pipes were replaced. Harbour Gas said the work was done."
         + FILLER * 3, [], []),
    ],
)
def test_sourcing_profile_named_people(name: str, body: str, people: list[str], quoted: list[str]) -> None:
    s = Sourcing().analyse(Document.from_parts("A headline", body)).summary
    assert (s["named_people"], s["named_people_quoted"]) == (people, quoted)


def test_sourcing_not_news_notice_drops_concentration_findings() -> None:
    import dataclasses

    from unspun.document import Extraction, Notice

    body = "Company chief Dana Reyes said profits rose 8 percent. Reyes said the firm would hire 200 staff." + NEWS * 16
    doc = Document.from_parts("A headline", body)
    assert "single_source" in {f.label for f in Sourcing()(doc)}
    marked = dataclasses.replace(doc, extraction=Extraction((Notice("not_news_article", "a product page"),)))
    analysis = Sourcing().analyse(marked)
    assert "single_source" not in {f.label for f in analysis.findings}
    assert analysis.summary["voice"] == "not_news"
