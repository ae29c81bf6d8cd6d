"""Findings: what an analyzer reports, pointing at the text by character offset."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from unspun.document import Span

Severity = Literal["high", "medium", "low", "info"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low", "info")
SEVERITY_RANK: dict[str, int] = {"info": 0, "low": 1, "medium": 2, "high": 3}
Status = Literal["ok", "not_applicable", "error"]


@dataclass(frozen=True)
class Finding:
    """One thing a careful editor would question.

    ``spans`` are the words the finding is about, ``evidence`` the text that
    supports the judgement (for example body sentences), ``explanation`` one
    sentence a reader can check against them. ``data`` holds structured extras
    (a technique name, a source kind) for machines.
    """

    analyzer: str
    label: str
    severity: Severity
    score: float
    spans: tuple[Span, ...]
    explanation: str
    evidence: tuple[Span, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")
        if not (0.0 <= self.score <= 1.0):
            raise ValueError(f"score must be in [0, 1], got {self.score!r}")

    def check_bounds(self, text_length: int) -> None:
        for s in (*self.spans, *self.evidence):
            if s.end > text_length:
                raise ValueError(
                    f"{self.analyzer}: span [{s.start}, {s.end}) is past the end of the text ({text_length})"
                )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "analyzer": self.analyzer,
            "label": self.label,
            "severity": self.severity,
            "score": round(float(self.score), 4),
            "spans": [s.to_dict() for s in self.spans],
            "evidence": [s.to_dict() for s in self.evidence],
            "explanation": self.explanation,
        }
        if self.data:
            d["data"] = self.data
        return d


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str
    sha256: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "sha256": self.sha256}


@dataclass(frozen=True)
class Analysis:
    """What one analyzer found in one document, computed once: its findings, its summary and
    every model or pipeline it used (house style 18; spaCy's ``predict`` then ``set_annotations``)."""

    findings: tuple[Finding, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)
    models: tuple[ModelInfo, ...] = ()
    #: what the analyzer left out of a long article, in words (None: it read everything)
    capped: str | None = None


@dataclass(frozen=True)
class AnalyzerRun:
    """How one analyzer went: its status, why, its parameters and the models it used.

    ``models`` lists every model or pipeline the analyzer used, its own trained head first;
    the report keeps ``model`` (that first one) for readers of schema 1.
    """

    name: str
    status: Status
    reason: str
    params: dict[str, Any]
    models: tuple[ModelInfo, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)
    #: what it left out of a long article, in words (None: it read everything)
    capped: str | None = None

    @property
    def model(self) -> ModelInfo | None:
        return self.models[0] if self.models else None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "params": self.params,
        }
        if self.models:
            d["model"] = self.models[0].to_dict()
            d["models"] = [m.to_dict() for m in self.models]
        if self.summary:
            d["summary"] = self.summary
        if self.capped:
            d["capped"] = self.capped
        return d


def quote(text: str, limit: int = 80) -> str:
    """Quote span text for an explanation, shortening long spans with an ellipsis."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f'"{text}"'
