"""The checkworthy_claims analyzer and `unspun eval checkworthy` / `unspun eval clef2019`."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun import errors
from unspun.analyzers import NotApplicable
from unspun.analyzers.checkworthy_claims import CheckworthyClaims
from unspun.analyzers.checkworthy_claims.model import load
from unspun.document import Document
from unspun.eval import checkworthy as ev
from unspun.eval import clef2019

BODY = (
    "Good morning and thank you all for coming. "
    "Unemployment rose to 9.2 percent last year, the highest rate since 1983. "
    "Senator Smith voted against the jobs bill in March. "
    "We will see what happens."
)


def _doc(body: str = BODY) -> Document:
    return Document.from_parts(headline="Jobs figures out", body=body)


def test_analyzer_ranks_the_statistic_first_and_never_high() -> None:
    a = CheckworthyClaims(threshold=0.0, max_findings=4)
    res = a.analyse(_doc())
    assert res.findings
    assert {f.severity for f in res.findings} == {"info"}
    top = res.findings[0]
    assert "9.2 percent" in _doc().text[top.spans[0].start : top.spans[0].end]
    assert "number" in top.data["reasons"]
    ranked = res.summary["ranked"]
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)


def test_analyzer_reports_nothing_above_a_threshold_of_one() -> None:
    res = CheckworthyClaims(threshold=1.01).analyse(_doc())
    assert res.findings == () and res.summary["checkworthy"] == 0


def test_analyzer_without_body_is_not_applicable() -> None:
    with pytest.raises(NotApplicable, match="no sentence"):
        CheckworthyClaims().analyse(Document.from_parts(headline="Only a headline", body=""))


def test_model_probabilities_are_calibrated_and_ordered() -> None:
    p = load().probabilities(["Thank you.", "We lost 700,000 jobs in 2009, more than in any year since 1945."])
    assert all(0.0 <= x <= 1.0 for x in p)
    assert p[1] > 0.5 > p[0]


def test_eval_checkworthy_on_a_tiny_file(tmp_path: Path) -> None:
    f = tmp_path / "d.csv"
    f.write_text('text,label\n"We lost 700,000 jobs in 2009.",1\nThank you all.,0\n', encoding="utf-8")
    r = ev.evaluate(*ev.read(f))
    assert set(r) >= {"precision", "recall", "f1"}
    assert r["f1"] == 1.0


def test_eval_checkworthy_rejects_wrong_columns(tmp_path: Path) -> None:
    f = tmp_path / "d.csv"
    f.write_text("sentence,label\nx,1\n", encoding="utf-8")
    with pytest.raises(errors.UnspunError, match="text,label"):
        ev.read(f)


def test_eval_clef2019_on_a_tiny_file(tmp_path: Path) -> None:
    f = tmp_path / "d.csv"
    f.write_text(
        "debate,line_number,speaker,text,label\n"
        "d1,1,A,Thank you very much.,0\n"
        'd1,2,B,"Unemployment rose to 9.2 percent last year, the highest since 1983.",1\n'
        "d1,3,A,Let me say this.,0\n",
        encoding="utf-8",
    )
    r = clef2019.evaluate(clef2019.read(f))
    assert r["map"] == 1.0 and set(r["p_at"]) == {"5", "10", "20"}


DIARY = (
    "I spent my weekend at the lake with my family and I loved it. We swam every morning and I read my book. "
    "My brother said I should write more, so here I am. Unemployment rose to 9.2 percent last year, the highest "
    "rate since 1983. The lake is quiet in the autumn. I think we will go back next year, and my dog will come with us."
)


def test_a_page_that_is_not_news_prose_lists_only_sure_claims() -> None:
    news = CheckworthyClaims(threshold=0.0).analyse(_doc())
    assert "not_news_prose" not in news.summary and min(f.score for f in news.findings) < 2 / 3
    res = CheckworthyClaims(threshold=0.0).analyse(_doc(DIARY))
    assert "first-person writing" in res.summary["not_news_prose"]
    assert res.summary["threshold"] == pytest.approx(2 / 3, abs=1e-4)
    assert all(f.score >= 2 / 3 for f in res.findings)
    assert len(res.summary["ranked"]) > len(res.findings)  # the rest are still ranked in the summary
