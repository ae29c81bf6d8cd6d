"""Golden reports: the JSON report of each example and of a dozen real pages, stored and compared.

A refactor must not change a finding. The stored reports live in ``tests/golden/``; regenerate them only
when a change of findings is intended, with ``UNSPUN_UPDATE_GOLDEN=1 pytest tests/test_golden_reports.py``,
and say why in the commit. The real pages come from ``../shared/data/real-news-pages`` (their tests skip
when it is absent); their stored reports keep the document text's hash, never the text itself.

Normalised before comparing: the version, per-analyzer model entries (new models may be reported), and
parameters added since the report was stored. Scores are compared to 4 decimal places, as reported.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, SHARED

GOLDEN = Path(__file__).parent / "golden" / "reports"
PAGES = SHARED / "data" / "real-news-pages"
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".json"})
REAL_PAGES = [
    "readability/bbc-1/source.html",
    "readability/guardian-1/source.html",
    "readability/nytimes-1/source.html",
    "readability/breitbart/source.html",
    "readability/tmz-1/source.html",
    "readability/seattletimes-1/source.html",
    "trafilatura/dw.com.colonial.html",
    "trafilatura/vice.com.amazon.html",
    "trafilatura/californiaglobe.com.amazon.html",
    "trafilatura/dailymail.co.uk.food.html",
    "trafilatura/reuters.com.parasite.html",
    "trafilatura/scmp.com.playbook.html",
    "trafilatura/wikimediafoundation.org.turkey.html",
]
UPDATE = os.environ.get("UNSPUN_UPDATE_GOLDEN") == "1"


def _golden_name(source: str) -> str:
    return source.replace("/source.html", "").replace("/", "__") + ".json"


def normalise(report: dict[str, Any], *, keep_text: bool) -> dict[str, Any]:
    """The parts of a report a refactor must not change."""
    out = json.loads(json.dumps(report))
    out.pop("unspun_version", None)
    doc = out["document"]
    text = doc.pop("text")
    doc["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc["text_length"] = len(text)
    if keep_text:
        doc["text"] = text
    for run in out["analyzers"]:
        run.pop("model", None)
        run.pop("models", None)
    summary = out["summary"]
    for name in list(summary):
        if isinstance(summary[name], dict):
            summary[name].pop("language_model", None)
            summary[name].pop("models", None)
    return out


def _compare(expected: Any, actual: Any, path: str = "$") -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {type(actual).__name__}"]
        diffs: list[str] = []
        for k, v in expected.items():
            if k not in actual:
                diffs.append(f"{path}.{k}: missing")
            else:
                diffs += _compare(v, actual[k], f"{path}.{k}")
        extra = set(actual) - set(expected)
        # parameters newly reported (settings read from the environment) are allowed; nothing else
        if extra and not path.endswith(".params"):
            diffs.append(f"{path}: unexpected keys {sorted(extra)}")
        return diffs
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} items, got {len(actual) if isinstance(actual, list) else actual!r}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual, strict=True)) for d in _compare(e, a, f"{path}[{i}]")]
    if isinstance(expected, float) and isinstance(actual, (int, float)) and not isinstance(actual, bool):
        return [] if math.isclose(expected, actual, abs_tol=2e-4) else [f"{path}: {expected!r} != {actual!r}"]
    return [] if expected == actual else [f"{path}: {expected!r} != {actual!r}"]


def _check(source: Path, name: str, *, keep_text: bool) -> None:
    import unspun

    report = normalise(unspun.check(str(source)).to_dict(), keep_text=keep_text)
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        return
    assert path.is_file(), f"no golden report {path.name}: run with UNSPUN_UPDATE_GOLDEN=1 once"
    diffs = _compare(json.loads(path.read_text(encoding="utf-8")), report)
    assert not diffs, f"{name}: the report changed:\n" + "\n".join(diffs[:40])


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_golden_report_of_example_unchanged(name: str) -> None:
    _check(EXAMPLES / name, "examples__" + name + ".json", keep_text=True)


@pytest.mark.slow
@pytest.mark.data
@pytest.mark.parametrize("source", REAL_PAGES)
def test_golden_report_of_real_page_unchanged(source: str) -> None:
    page = PAGES / source
    if not page.is_file():
        pytest.skip(f"{page} is not present")
    _check(page, _golden_name(source), keep_text=False)


def test_golden_compare_reports_a_changed_score_and_a_missing_finding() -> None:
    old = {"findings": [{"score": 0.5, "label": "x"}], "analyzers": [{"params": {"a": 1}}]}
    assert _compare(old, {"findings": [{"score": 0.50001, "label": "x"}], "analyzers": [{"params": {"a": 1, "b": 2}}]}) == []
    assert _compare(old, {"findings": [{"score": 0.6, "label": "x"}], "analyzers": [{"params": {"a": 1}}]})
    assert _compare(old, {"findings": [], "analyzers": [{"params": {"a": 1}}]})
    assert _compare(old, {"findings": [{"score": 0.5, "label": "x", "new": 1}], "analyzers": [{"params": {"a": 1}}]})
