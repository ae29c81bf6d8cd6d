"""A readable terminal report: the headline with flagged spans marked, findings by analyzer."""

from __future__ import annotations

import os
import textwrap

from unspun.findings import Finding
from unspun.report import Report

_SEV_COLOUR = {"high": "\033[1;31m", "medium": "\033[33m", "low": "\033[36m", "info": "\033[2m"}
_RESET = "\033[0m"


def _colour(on: bool, sev: str, s: str) -> str:
    return f"{_SEV_COLOUR[sev]}{s}{_RESET}" if on else s


def mark_headline(report: Report, colour: bool) -> str:
    doc = report.document
    h = doc.headline
    # Word-level marks only: claims get their own line (headline_claims) and spans covering
    # most of the headline are reported in their analyzer's section instead.
    limit = max(1, len(h) // 2)
    marks = [(s.start, s.end, f.severity) for f in report.findings for s in f.spans
             if f.analyzer != "headline_support" and h.contains(s) and 0 < len(s) <= limit]
    out, pos = [], h.start
    for s, e, sev in sorted(marks):
        if s < pos:
            continue
        out.append(doc.text[pos:s])
        seg = doc.text[s:e]
        out.append(_colour(colour, sev, f"[{seg}]"))
        pos = e
    out.append(doc.text[pos : h.end])
    return "".join(out)


def headline_claims(report: Report, colour: bool) -> list[str]:
    """One line per headline claim with its verdict, from the headline_support findings."""
    doc = report.document
    out = []
    for f in report.findings_of("headline_support"):
        for sp in f.spans[:1]:
            out.append(f"  {_colour(colour, f.severity, f.label.upper()):<14} {doc.text[sp.start:sp.end]}")
    return ["Claims:", *out] if out else []


def render(report: Report, colour: bool | None = None, width: int = 100) -> str:
    if colour is None:
        colour = os.environ.get("NO_COLOR") is None and os.isatty(1)
    doc = report.document
    lines = ["Headline: " + mark_headline(report, colour), *headline_claims(report, colour), ""]
    meta = doc.metadata
    facts = [f"{k}: {v.value} ({v.source})" for k, v in
             (("url", meta.url), ("site", meta.site), ("author", meta.author), ("published", meta.published)) if v.value]
    lines.append(f"{doc.body_word_count()} words in the body, {len(doc.sentences)} sentences." + ("  " + "; ".join(facts) if facts else ""))
    if not report.language.get("english", True):
        lines.append("Language: " + report.language.get("reason", ""))
    lines.append("")
    by_analyzer: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_analyzer.setdefault(f.analyzer, []).append(f)
    for run in report.analyzers:
        fs = by_analyzer.get(run.name, [])
        if run.status != "ok":
            lines.append(f"{run.name}: {run.status.replace('_', ' ')} — {run.reason}")
            continue
        lines.append(f"{run.name}: {len(fs)} finding(s)")
        if run.capped:  # a long article: what it left out
            lines.append(textwrap.fill("long article: " + run.capped, width=width, initial_indent="  ", subsequent_indent="  "))
        if isinstance(run.summary.get("line"), str):  # an analyzer's one-line profile, when it gives one
            lines.append(textwrap.fill(run.summary["line"], width=width, initial_indent="  ", subsequent_indent="  "))
        for f in fs:
            head = _colour(colour, f.severity, f"{f.severity.upper():<6}") + f" {f.label}"
            body = textwrap.fill(f.explanation, width=width, initial_indent="         ", subsequent_indent="         ")
            lines.append(f"  {head}\n{body}")
            if isinstance(f.data.get("structure_line"), str) and f.data["structure_line"]:  # a claim's who/what/when
                lines.append(textwrap.fill("claim: " + f.data["structure_line"], width=width,
                                           initial_indent="         ", subsequent_indent="           "))
            for ev in f.evidence[:2]:
                lines.append(textwrap.fill("evidence: " + doc.text[ev.start:ev.end], width=width,
                                           initial_indent="         ", subsequent_indent="           "))
        lines.append("")
    s = report.summary()
    sev = s["by_severity"]
    verdict = s.get("headline_support", {}).get("verdict")
    lines.append(
        f"Summary: {s['findings']} finding(s) — {sev['high']} high, {sev['medium']} medium, {sev['low']} low, {sev['info']} info"
        + (f"; headline {verdict.replace('_', ' ')}" if verdict else "")
        + f"; {s['analyzers_run']} analyzer(s) ran, {s['analyzers_not_applicable']} not applicable, {s['analyzers_failed']} failed."
    )
    return "\n".join(lines) + "\n"
