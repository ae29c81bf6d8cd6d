"""consistency: numbers, dates and names within one article that disagree with each other or with its date.

An editor reading a story end to end notices when the same person is spelt two ways, is 45 in one
paragraph and 47 in another, when the toll in the second paragraph is not the toll in the fifth,
or when "last week" cannot be the date written beside it. Each finding points at both sides:

* :mod:`.names`: ``name_spelling`` (low) and ``age_mismatch`` (medium when the ages differ by two
  years or more, low by one);
* :mod:`.counts`: ``count_mismatch`` (low): people killed, injured, arrested ... given two exact values;
* :mod:`.timeline`: ``weekday_mismatch`` (medium with a written year), ``relative_date_mismatch``,
  ``stale_recent`` and ``tense_vs_date`` (low; they rest on the publication date, which a page can get wrong).

No finding is ``high``: a disagreement shows that one side is wrong, not which. Known error: the
checks are written for precision (judged on the real pages of ``tests/gold/pages``); most
inconsistencies in a story are of kinds none of them reads, and are not found.
"""

from __future__ import annotations

from typing import ClassVar

from unspun.analyzers import LONG_ARTICLE_CHARS, Analyzer, NotApplicable
from unspun.analyzers.checkworthy_claims import dates
from unspun.analyzers.consistency.counts import counts
from unspun.analyzers.consistency.names import ages, spellings
from unspun.analyzers.consistency.timeline import timeline
from unspun.analyzers.sourcing import coref
from unspun.document import Document
from unspun.findings import Analysis, Finding, ModelInfo

LABELS = ("name_spelling", "age_mismatch", "count_mismatch", "weekday_mismatch", "relative_date_mismatch",
          "stale_recent", "tense_vs_date")


class Consistency(Analyzer):
    name = "consistency"
    description = "names, ages, counts and dates in one article that disagree with each other or with its date"
    requires = ("body",)
    max_body_chars = LONG_ARTICLE_CHARS

    CHECKS: ClassVar[tuple[str, ...]] = LABELS

    def __init__(self, *, max_findings: int = 10) -> None:
        self.max_findings = max_findings

    def models(self) -> tuple[ModelInfo, ...]:
        return ()

    def analyse(self, doc: Document) -> Analysis:
        if not doc.has_body or not doc.sentences:
            raise NotApplicable("the article has no body to compare with itself")
        pub = dates.parse_pub(doc.metadata.published.value)
        found = coref.named_mentions(doc)
        mentions = coref.Mentions(found, doc.text)
        issues = [*spellings(doc, found), *ages(doc, mentions), *counts(doc), *timeline(doc, pub)]
        issues.sort(key=lambda i: (i.spans[0].start, i.label))
        findings = tuple(
            Finding(analyzer=self.name, label=i.label, severity=i.severity,
                    score=i.score, spans=(i.spans[0],), evidence=i.spans[1:], explanation=i.explanation,
                    data={"other": [{"start": s.start, "end": s.end} for s in i.spans[1:]]})
            for i in issues[: self.max_findings]
        )
        summary = {
            "checks": list(self.CHECKS),
            "published": pub.isoformat() if pub else None,
            "date_checks": "ran" if pub else "only the weekday check: no publication date",
            "found": len(issues),
        }
        return Analysis(findings, summary, ())
