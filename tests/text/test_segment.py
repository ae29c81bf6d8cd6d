import pytest

from unspun.document import Document
from unspun.text import segment


@pytest.mark.parametrize(
    ("para", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Mr. Smith went to Washington. He left.", ["Mr. Smith went to Washington.", "He left."]),
        ("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."]),
        ("He said: “It is over.” Then he left.", ["He said: “It is over.”", "Then he left."]),
        ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
        ("John F. Kennedy spoke at 3 p.m. on Friday.", ["John F. Kennedy spoke at 3 p.m. on Friday."]),
        ("George H.W. Bush met Yitzhak Shamir. They spoke.", ["George H.W. Bush met Yitzhak Shamir.", "They spoke."]),
        ("J.K. Rowling wrote it. It sold.", ["J.K. Rowling wrote it.", "It sold."]),
        ("He lives in Washington, D.C. The city is small.", ["He lives in Washington, D.C.", "The city is small."]),
        ("He lives in Washington D.C. The city is small.", ["He lives in Washington D.C.", "The city is small."]),
        ("The tests were run by the F.B.I. Agents then left.", ["The tests were run by the F.B.I.", "Agents then left."]),
        ("Prices rose 4.5 percent. Wages did not.", ["Prices rose 4.5 percent.", "Wages did not."]),
        ("no capital after. so one sentence", ["no capital after. so one sentence"]),
    ],
)
def test_segment_sentences(para: str, expected: list[str]) -> None:
    assert [para[s:e] for s, e in segment.sentences(para, 0, len(para))] == expected


@pytest.mark.parametrize(
    ("body", "n_paragraphs"),
    [
        ("A.\n\nB.\n\nC.", 3),
        ("A.\nB.\nC.", 3),  # one paragraph per line when there are no blank lines
        ("A.\n\n\n\nB.", 2),
        ("  \n\n A. \n\n  ", 1),
    ],
)
def test_segment_paragraphs(body: str, n_paragraphs: int) -> None:
    assert len(list(segment.paragraphs(body, 0, len(body)))) == n_paragraphs


def test_document_canonical_text_and_spans() -> None:
    doc = Document.from_parts("  A   headline ", "First sentence. Second one.\r\n\r\nNew paragraph.")
    assert doc.text == "A headline\n\nFirst sentence. Second one.\n\nNew paragraph."
    assert doc.headline_text == "A headline"
    assert doc.body_text == "First sentence. Second one.\n\nNew paragraph."
    assert [doc.span_text(s) for s in doc.sentences] == ["First sentence.", "Second one.", "New paragraph."]
    assert all(doc.body.contains(p) for p in doc.paragraphs)


def test_document_headline_only_has_empty_body() -> None:
    doc = Document.from_parts("Only a headline", "")
    assert doc.text == "Only a headline"
    assert not doc.has_body and doc.sentences == ()
    assert doc.body.start == doc.body.end == len(doc.text)
