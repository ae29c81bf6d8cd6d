"""Contract checks every registered analyzer must pass (house style 14).

Offsets in bounds, the explanation quotes the words its spans point at,
deterministic output, parameters that round-trip and serialise, and no crash on
arbitrary text (hypothesis). New analyzers are covered by registering them.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import resources
from tests.conftest import EXAMPLES, SHARED
from unspun import inputs
from unspun.analyzers import Analyzer, NotApplicable, registry
from unspun.document import Document

ANALYZERS = registry.ANALYZERS
FAST = [a for a in ANALYZERS if not a.slow]


def _texts() -> dict[str, Document]:
    docs = {name: inputs.from_text(t) for name, t in resources.SAMPLES.items()}
    for p in sorted(EXAMPLES.iterdir()):
        if p.suffix in (".txt", ".json", ".html"):
            docs[p.name] = inputs.load(str(p))
    spec = SHARED / "examples" / "specimen-article.txt"
    if spec.is_file():
        docs["specimen"] = inputs.load(str(spec))
    return docs


DOCS = _texts()


def check_findings(a: Analyzer, doc: Document) -> list[dict[str, object]]:
    try:
        out = a(doc)
    except NotApplicable as exc:
        assert str(exc), f"{a.name}: NotApplicable needs a reason"
        return []
    n = len(doc.text)
    for f in out:
        assert f.analyzer == a.name
        assert f.explanation.strip(), f"{a.name}: empty explanation"
        for s in (*f.spans, *f.evidence):
            assert 0 <= s.start < s.end <= n, f"{a.name}: span {s} out of bounds (text length {n})"
        for s in f.spans:
            quoted = " ".join(doc.text[s.start : s.end].split())
            if len(quoted) <= 60:
                assert quoted in f.explanation, f"{a.name}: explanation does not quote {quoted!r}: {f.explanation!r}"
    return [f.to_dict() for f in out]


@pytest.mark.parametrize("cls", ANALYZERS, ids=[a.name for a in ANALYZERS])
def test_contract_declares_itself(cls: type[Analyzer]) -> None:
    assert cls.name and cls.description
    assert set(cls.requires) <= {"headline", "body"}
    a = cls()
    params = a.get_params()
    json.dumps(params)  # parameters are recorded in the report
    assert cls(**params).get_params() == params
    assert set(params) == set(cls.param_names())  # read from the __init__ signature, no second list


@pytest.mark.parametrize("cls", ANALYZERS, ids=[a.name for a in ANALYZERS])
def test_contract_analyse_returns_findings_summary_and_models_together(cls: type[Analyzer]) -> None:
    from unspun import inputs

    doc = inputs.load(str(EXAMPLES / "content-farm.txt"))
    result = cls().analyse(doc)
    assert list(result.findings) == cls()(doc)
    assert result.summary and json.dumps(result.summary)
    assert all(len(m.sha256) == 64 for m in result.models)


@pytest.mark.parametrize("cls", ANALYZERS, ids=[a.name for a in ANALYZERS])
@pytest.mark.parametrize("doc_name", sorted(DOCS))
def test_contract_spans_quotes_determinism(cls: type[Analyzer], doc_name: str) -> None:
    doc = DOCS[doc_name]
    if "body" in cls.requires and not doc.has_body:
        pytest.skip("needs a body")
    a = cls()
    first = check_findings(a, doc)
    assert check_findings(cls(), doc) == first, f"{cls.name} is not deterministic"


_ALPHABET = st.characters(
    codec="utf-8", categories=("L", "N", "P", "Zs", "S"), include_characters="\n!?“”’'\"", exclude_characters="\x00"
)


@pytest.mark.parametrize("cls", FAST, ids=[a.name for a in FAST])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headline=st.text(_ALPHABET, min_size=1, max_size=120), body=st.text(_ALPHABET, max_size=1500))
def test_contract_arbitrary_text(cls: type[Analyzer], headline: str, body: str) -> None:
    if not headline.strip():
        headline = "x"
    doc = Document.from_parts(headline, body)
    check_findings(cls(), doc)
