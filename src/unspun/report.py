"""The report: one shape for the CLI, the API, the HTML page and batch output."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from unspun import __version__
from unspun.document import Document
from unspun.findings import SEVERITY_RANK, AnalyzerRun, Finding

SCHEMA_ID = "unspun.report/1"


@dataclass(frozen=True)
class Report:
    document: Document
    findings: tuple[Finding, ...]
    analyzers: tuple[AnalyzerRun, ...]
    language: dict[str, Any] = field(default_factory=dict)

    @property
    def max_severity(self) -> str | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: SEVERITY_RANK[s])

    def reaches(self, severity: str) -> bool:
        """True when some finding is at least as severe as ``severity``."""
        top = self.max_severity
        return top is not None and SEVERITY_RANK[top] >= SEVERITY_RANK[severity]

    def findings_of(self, analyzer: str) -> list[Finding]:
        return [f for f in self.findings if f.analyzer == analyzer]

    def analyzer_run(self, name: str) -> AnalyzerRun | None:
        return next((a for a in self.analyzers if a.name == name), None)

    def summary(self) -> dict[str, Any]:
        counts = {s: 0 for s in ("high", "medium", "low", "info")}
        for f in self.findings:
            counts[f.severity] += 1
        summary: dict[str, Any] = {
            "findings": len(self.findings),
            "by_severity": counts,
            "max_severity": self.max_severity,
            "analyzers_run": sum(1 for a in self.analyzers if a.status == "ok"),
            "analyzers_not_applicable": sum(1 for a in self.analyzers if a.status == "not_applicable"),
            "analyzers_failed": sum(1 for a in self.analyzers if a.status == "error"),
        }
        for a in self.analyzers:
            if a.summary:
                summary[a.name] = a.summary
        capped = {a.name: a.capped for a in self.analyzers if a.capped}
        if capped:
            summary["capped"] = capped
        return summary

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "unspun_version": __version__,
            "document": self.document.to_dict(),
            "language": self.language,
            "summary": self.summary(),
            "findings": [f.to_dict() for f in self.findings],
            "analyzers": [a.to_dict() for a in self.analyzers],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
