"""Run the registered analyzers over a document and assemble the report."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from unspun import errors
from unspun.analyzers import Analyzer, NotApplicable, registry
from unspun.document import Document
from unspun.findings import SEVERITY_RANK, AnalyzerRun, Finding
from unspun.report import Report
from unspun.runtime import blas
from unspun.text import lang

log = logging.getLogger(__name__)


def select(
    only: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    fast: bool = False,
) -> list[Analyzer]:
    """Instantiate the registry's analyzers, filtered by --only / --skip / --fast."""
    known = registry.names()
    only_l = [n for n in (only or []) if n]
    skip_l = [n for n in (skip or []) if n]
    for n in [*only_l, *skip_l]:
        if n not in known:
            raise errors.unknown_analyzer(n, known)
    chosen: list[Analyzer] = []
    for cls in registry.ANALYZERS:
        if only_l and cls.name not in only_l:
            continue
        if cls.name in skip_l:
            continue
        if fast and cls.slow and cls.name not in only_l:
            continue
        chosen.append(cls())
    return chosen


@dataclass
class Pipeline:
    analyzers: Sequence[Analyzer]

    @classmethod
    def default(cls, only: Iterable[str] | None = None, skip: Iterable[str] | None = None, fast: bool = False) -> Pipeline:
        return cls(select(only, skip, fast))

    def run(self, doc: Document) -> Report:
        # One article is small work: every analyzer runs with one BLAS thread (see unspun.runtime.blas).
        with blas.single_thread():
            return self._run(doc)

    def _run(self, doc: Document) -> Report:
        sample = doc.body_text or doc.headline_text
        guess = lang.detect(sample)
        findings: list[Finding] = []
        runs: list[AnalyzerRun] = []
        for a in self.analyzers:
            params = a.get_params()
            reason = self._gate(a, doc, guess)
            if reason:
                runs.append(AnalyzerRun(a.name, "not_applicable", reason, params, a.models()))
                continue
            seen, cap = doc, None
            if a.max_body_chars is not None and doc.body.end - doc.body.start > a.max_body_chars:
                seen = doc.head_of_body(a.max_body_chars)
                read, total = seen.body.end - seen.body.start, doc.body.end - doc.body.start
                cap = (f"read the first {read:,} of the body's {total:,} characters (its long-article limit is "
                       f"{a.max_body_chars:,}); its findings and summary cover that part only")
            try:
                result = a.analyse(seen)
                for f in result.findings:
                    f.check_bounds(len(doc.text))
            except NotApplicable as exc:
                runs.append(AnalyzerRun(a.name, "not_applicable", str(exc), params, a.models()))
                continue
            except errors.UnspunError as exc:
                runs.append(AnalyzerRun(a.name, "error", exc.message, params))
                continue
            except Exception as exc:  # an analyzer bug must not lose the other findings
                log.exception("analyzer %s failed", a.name)
                runs.append(AnalyzerRun(a.name, "error", f"{type(exc).__name__}: {exc}", params))
                continue
            findings.extend(result.findings)
            capped = "; ".join(c for c in (cap, result.capped) if c) or None
            runs.append(AnalyzerRun(a.name, "ok", f"{len(result.findings)} finding(s)", params,
                                    result.models, result.summary, capped))
        order = {a.name: i for i, a in enumerate(self.analyzers)}
        findings.sort(
            key=lambda f: (
                order[f.analyzer],
                f.spans[0].start if f.spans else -1,
                -SEVERITY_RANK[f.severity],
                f.label,
            )
        )
        language = {"english": guess.is_english, "language": guess.language, "reason": guess.reason}
        return Report(doc, tuple(findings), tuple(runs), language)

    @staticmethod
    def _gate(a: Analyzer, doc: Document, guess: lang.LanguageGuess) -> str:
        if "body" in a.requires and not doc.has_body:
            return "the article has a headline but no body"
        if "headline" in a.requires and not doc.headline_text:
            return "the article has no headline"
        if a.english_only and not guess.is_english:
            return guess.reason
        return ""
