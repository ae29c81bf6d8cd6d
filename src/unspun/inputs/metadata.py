"""What the article's own text states about it: byline, dateline, publication date.

Read once, when the article is read, and stored in ``Document.metadata`` with
provenance ``text``; nothing is guessed (a dateline needs capitalised place
names and a dash; a byline needs a line of its own that starts with "By").
"""

from __future__ import annotations

import dataclasses
import re

from unspun.document import DatelineField, Document, Extraction, Metadata, Span

#: A wire-style dateline that opens the body: "WASHINGTON (Reuters) -", "MOSCOW, April 16 —",
#: "SAN JOSE, Calif. —". Place names in capitals, an optional date and agency, then a dash.
DATELINE = re.compile(
    r"^(?P<dateline>(?P<place>[A-Z][A-Z.'’\-]*(?:\s+[A-Z][A-Z.'’\-]*)*(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?)"
    r"(?:,\s+(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s+\d{4})?))?"
    r"(?:\s+\((?P<agency>[A-Z][\w .&]{1,30})\))?)\s*(?:-{1,2}|—|–)\s+"
)
#: A publication date the text states on its own line: "Published: 4 March 2024", "Updated March 4, 2024".
_STATED_DATE = re.compile(
    r"^\s*(?:Published|Posted|First published|Updated|Last updated)(?:\s+on)?:?\s+"
    r"(?P<date>(?:\w+,?\s+)?(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2},?)\s+\d{4}|\d{4}-\d{2}-\d{2})",
    re.MULTILINE,
)
#: "By Jane Roe", "By Jane Roe and John Doe" on a line of its own.
BYLINE = re.compile(r"^\s*By\s+([A-Z][\w.'’\-]+(?:\s+(?:[A-Z][\w.'’\-]+|and|de|van|von|la)){0,5})\s*$")


def find_dateline(body: str) -> dict[str, str] | None:
    """The dateline that opens ``body`` (place, and date and agency when given), or None.

    Only a capitalised place name followed by a dash counts; nothing is guessed.
    """
    m = DATELINE.match(body)
    if not m or len(m.group("place")) < 3 or not any(c.isalpha() for c in m.group("place")):
        return None
    out = {"value": m.group("dateline").strip(), "place": m.group("place")}
    if m.group("date"):
        out["date"] = m.group("date")
    if m.group("agency"):
        out["agency"] = m.group("agency")
    return out


def find_stated_date(body: str) -> str | None:
    """A publication date stated on a line of its own ("Published: 4 March 2024"), or None."""
    m = _STATED_DATE.search(body)
    return m.group("date") if m else None


def strip_byline(body: str) -> tuple[str, str | None]:
    """Take a "By Jane Roe" line that opens the body off it: (the rest of the body, "Jane Roe" or None)."""
    lines = body.strip().split("\n", 1)
    m = BYLINE.match(lines[0]) if lines and lines[0] else None
    if m:
        return (lines[1] if len(lines) > 1 else ""), m.group(1)
    return body, None


def dateline_field(doc: Document) -> DatelineField:
    """The document's dateline as a metadata field with its span (absent when the body opens without one)."""
    body = doc.body_text
    found = find_dateline(body)
    m = DATELINE.match(body)
    if found is None or m is None:
        return DatelineField()
    # the span covers the dateline and its dash, not the space after it
    end = len(m.group(0).rstrip())
    return DatelineField(
        value=found["value"], source="text", place=found["place"], date=found.get("date"),
        agency=found.get("agency"), span=Span(doc.body.start, doc.body.start + end),
    )


def build(headline: str, body: str, metadata: Metadata, input_kind: str,
          extraction: Extraction | None = None) -> Document:
    """The Document, with what its text states (the dateline) added to its metadata."""
    doc = Document.from_parts(headline, body, metadata, input_kind=input_kind)
    dateline = dateline_field(doc)
    if dateline.source != "absent":
        doc = dataclasses.replace(doc, metadata=dataclasses.replace(doc.metadata, dateline=dateline))
    if extraction is not None:
        doc = dataclasses.replace(doc, extraction=extraction)
    return doc

