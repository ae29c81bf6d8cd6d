"""`unspun eval pages`: judgments matched to findings, precision, recall, unjudged counts, bad gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TESTS
from unspun import errors
from unspun.eval import pages, quote_match

GOLD = TESTS / "gold" / "pages"


def finding(analyzer: str, label: str, start: int, end: int, severity: str = "medium") -> dict[str, Any]:
    return {"analyzer": analyzer, "label": label, "severity": severity, "spans": [(start, end)]}


def rec(text: str, fs: list[dict[str, Any]], page: str = "readability/x", expected: str | None = None) -> dict[str, Any]:
    head, _, body = text.partition("\n\n")
    for f in fs:
        f["quote"] = text[f["spans"][0][0]: f["spans"][0][1]] if f["spans"] else ""
    return {"page": page, "text": text, "headline": head, "body": body, "findings": fs, "expected": expected}


def gold(findings: list[dict[str, Any]], problems: list[dict[str, Any]] | None = None, **kw: Any) -> dict[str, Any]:
    return {"page": "readability/x/source.html", "kind": "news", "headline": kw.get("headline", ""),
            "body_first_words": kw.get("first", ""), "body_last_words": kw.get("last", ""),
            "findings": findings, "problems": problems or [], "extraction_notes": ""}


def judge(analyzer: str, label: str, quote: str, verdict: str | None) -> dict[str, Any]:
    return {"analyzer": analyzer, "label": label, "quote": quote, "severity_seen": "medium", "verdict": verdict,
            "reason": ""}


TEXT = "Storm hits \u2018coast\u2019\n\nOfficials said the  storm was devastating. Sources claim more."


@pytest.mark.parametrize(
    ("fnd", "judged", "matches"),
    [
        (finding("persuasion", "loaded_language", 50, 61), judge("persuasion", "loaded_language", "devastating", "right"), True),
        (finding("persuasion", "loaded_language", 50, 61), judge("persuasion", "loaded_language", " DEVASTATING ", "right"), True),
        (finding("persuasion", "loaded_language", 50, 61), judge("persuasion", "exaggeration", "devastating", "right"), False),
        (finding("persuasion", "loaded_language", 50, 61), judge("sourcing", "loaded_language", "devastating", "right"), False),
        (finding("persuasion", "loaded_language", 50, 61), judge("persuasion", "loaded_language", "devastating.", "right"), False),
        (finding("sourcing", "vague_source", 20, 49), judge("sourcing", "vague_source", "officials said the storm was", "right"), True),
        (finding("headline_wording", "x", 11, 18), judge("headline_wording", "x", "'coast'", "right"), True),
        ({"analyzer": "machine_text", "label": "machine", "severity": "low", "spans": []},
         judge("machine_text", "machine", "", "wrong"), True),
        (finding("persuasion", "loaded_language", 50, 61), judge("persuasion", "loaded_language", "devastating", None), False),
    ],
)
def test_judgment_matches_finding(fnd: dict[str, Any], judged: dict[str, Any], matches: bool) -> None:
    r = pages.summarise([rec(TEXT, [fnd])], {"readability/x": gold([judged])})
    assert (r["unjudged"] == 0) is matches
    assert r["stale_judgments"] == (1 if not matches and judged["verdict"] else 0)


@pytest.mark.parametrize(
    ("severities", "verdicts", "tier", "expected"),
    [
        (["medium", "low"], ["right", "wrong"], "all", {"right": 1, "wrong": 1, "debatable": 0, "precision": 0.5}),
        (["medium", "low"], ["right", "wrong"], "medium_and_high", {"right": 1, "wrong": 0, "debatable": 0, "precision": 1.0}),
        (["high", "high", "high"], ["right", "debatable", "wrong"], "high",
         {"right": 1, "wrong": 1, "debatable": 1, "precision": 0.5}),
        (["low"], ["debatable"], "low_and_above", {"right": 0, "wrong": 0, "debatable": 1, "precision": None}),
        (["info", "low"], ["wrong", "right"], "low_and_above", {"right": 1, "wrong": 0, "debatable": 0, "precision": 1.0}),
        (["info"], ["right"], "high", {"right": 0, "wrong": 0, "debatable": 0, "precision": None}),
    ],
)
def test_precision_counts_by_current_severity(severities: list[str], verdicts: list[str], tier: str,
                                              expected: dict[str, Any]) -> None:
    words = ["alpha", "beta", "gamma"]
    text = "Head\n\n" + " ".join(words)
    fs, js = [], []
    for i, (sev, v) in enumerate(zip(severities, verdicts, strict=True)):
        start = text.index(words[i])
        fs.append(finding("persuasion", "loaded_language", start, start + len(words[i]), sev))
        js.append(judge("persuasion", "loaded_language", words[i], v))
    r = pages.summarise([rec(text, fs)], {"readability/x": gold(js)})
    assert r["precision"][tier] == expected
    assert r["by_analyzer"]["persuasion"]["right"] == verdicts.count("right")


@pytest.mark.parametrize(
    ("problem", "fs", "is_covered"),
    [
        ({"what": "x", "analyzer": "sourcing", "label": "vague_source", "quote": "Sources claim"},
         [finding("sourcing", "vague_source", 63, 70)], True),
        ({"what": "x", "analyzer": "sourcing", "label": "vague_source", "quote": "Sources claim"},
         [finding("sourcing", "vague_source", 21, 30)], False),
        ({"what": "x", "analyzer": "sourcing", "label": "anonymous_source", "quote": "Sources claim"},
         [finding("sourcing", "vague_source", 63, 70)], False),
        ({"what": "x", "analyzer": "sourcing", "quote": "sources  CLAIM"},
         [finding("sourcing", "vague_source", 66, 80)], True),
        ({"what": "x", "analyzer": "sourcing", "quote": "not in the text"}, [finding("sourcing", "vague_source", 0, 80)], False),
        ({"what": "x", "analyzer": "clickbait"}, [finding("clickbait", "clickbait", 0, 5)], True),
        ({"what": "x", "analyzer": "clickbait"}, [], False),
        ({"what": "x", "quote": "\u2018coast\u2019"}, [finding("headline_wording", "x", 12, 14)], True),
    ],
)
def test_recall_overlap(problem: dict[str, Any], fs: list[dict[str, Any]], is_covered: bool) -> None:
    r = pages.summarise([rec(TEXT, fs)], {"readability/x": gold([], [problem])})
    assert r["recall"]["problems"] == 1
    assert r["recall"]["covered"] == int(is_covered)


def test_unjudged_counting_and_pages_without_gold() -> None:
    text = "Head\n\nalpha beta gamma"
    fs = [finding("persuasion", "loaded_language", 6, 11), finding("persuasion", "loaded_language", 12, 16),
          finding("sourcing", "vague_source", 17, 22)]
    judged = rec(text, [dict(f) for f in fs])
    other = rec(text, [dict(f) for f in fs[:2]], page="trafilatura/y")
    r = pages.summarise([judged, other], {"readability/x": gold([judge("persuasion", "loaded_language", "alpha", "right")])})
    assert r["unjudged"] == 2 + 2
    assert r["judged_pages"] == 1
    assert r["unjudged_examples"][0] == {"page": "readability/x", "analyzer": "persuasion", "label": "loaded_language",
                                         "quote": "beta"}


@pytest.mark.parametrize(
    ("head", "first", "last", "gold_head", "head_ok", "bounds"),
    [
        ("Storm hits \u2018coast\u2019", "Officials said the", "claim more", "storm hits 'coast'", True, True),
        ("Storm hits coast | Site", "officials said", "more.", "Storm hits coast", False, True),
        ("Storm", "said the storm", "claim more", "Storm", True, False),
        ("Storm", "Officials said", "Sources claim", "Storm", True, False),
    ],
)
def test_headline_and_body_bounds(head: str, first: str, last: str, gold_head: str, head_ok: bool, bounds: bool) -> None:
    text = head + "\n\nOfficials said the  storm was devastating. Sources claim more."
    r = pages.summarise([rec(text, [])], {"readability/x": gold([], headline=gold_head, first=first, last=last)})
    assert r["headline_exact"] == float(head_ok)
    assert r["body_bounds"] == float(bounds)


def test_body_token_f1_and_findings_per_page() -> None:
    r = pages.summarise([rec("H\n\na b c d", [finding("x", "y", 3, 4, "high"), finding("x", "z", 5, 6, "low")],
                             expected="a b c e")],
                        {"readability/x": gold([])})
    assert r["body_token_f1"] == 0.75
    assert r["findings_per_page"] == 1
    assert quote_match.token_f1("", "a") == 0.0


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"readability/a.json": "{"}, "invalid JSON"),
        ({"readability/a.json": "[]"}, "not a JSON object"),
        ({"readability/a.json": json.dumps(gold([]) | {"kind": "blog"})}, "kind"),
        ({"readability/a.json": json.dumps(gold([{"analyzer": "x", "label": "y"}]))}, "lacks"),
        ({"readability/a.json": json.dumps(gold([judge("x", "y", "q", "maybe")]))}, "verdict"),
        ({"readability/a.json": json.dumps(gold([], [{"quote": "q"}]))}, "problem 0"),
        ({"readability/a.json": json.dumps({k: v for k, v in gold([]).items() if k != "findings"})}, "findings"),
    ],
)
def test_bad_gold_is_e130(tmp_path: Path, files: dict[str, str], message: str) -> None:
    for name, body in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    with pytest.raises(errors.UnspunError) as exc:
        pages.load_gold(str(tmp_path))
    assert exc.value.code == errors.E_EVAL_DATA
    assert message in exc.value.message


def test_gold_not_a_folder_is_e130(tmp_path: Path) -> None:
    f = tmp_path / "gold.json"
    f.write_text("{}", encoding="utf-8")
    for bad in (f, tmp_path / "missing"):
        with pytest.raises(errors.UnspunError) as exc:
            pages.load_gold(str(bad))
        assert exc.value.code == errors.E_EVAL_DATA
    with pytest.raises(errors.UnspunError) as exc:
        pages.discover(str(tmp_path))
    assert exc.value.code == errors.E_EVAL_DATA


def test_committed_gold_is_well_formed() -> None:
    g = pages.load_gold(str(GOLD))
    for k, obj in g.items():
        assert obj["page"].startswith(k), k
        assert all(j["verdict"] in pages.VERDICTS and j.get("reason") for j in obj["findings"]), k


@pytest.mark.slow
@pytest.mark.data
def test_eval_pages_on_two_real_pages(shared_data: Path, tmp_path: Path) -> None:
    data = shared_data / "real-news-pages"
    if not data.is_dir():
        pytest.skip("real-news-pages is not present")
    r = pages.evaluate(str(data), str(GOLD), ["readability/bbc-1", "readability/cnn"], dump_to=str(tmp_path))
    assert r["pages"] == 2
    assert r["body_token_f1"] is not None and 0.5 < r["body_token_f1"] <= 1.0
    assert set(r["precision"]) == set(pages.TIERS)
    dumped = json.loads((tmp_path / "readability" / "bbc-1.json").read_text(encoding="utf-8"))
    assert dumped["page"].startswith("readability/bbc-1")
    nulls = {quote_match.key(j["analyzer"], j["label"], j["quote"]) for j in dumped["findings"] if j["verdict"] is None}
    if r["unjudged"] <= 20:
        assert nulls == {quote_match.key(u["analyzer"], u["label"], u["quote"])
                         for u in r["unjudged_examples"] if u["page"] == "readability/bbc-1"}
