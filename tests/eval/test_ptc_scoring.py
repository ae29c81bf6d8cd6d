"""SemEval-2020 Task 11 scoring in `unspun eval ptc`, and the eval command's input checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun import errors
from unspun.eval import ptc


@pytest.mark.parametrize(
    ("pred", "gold", "p", "r"),
    [
        ([(0, 10)], [(0, 10)], 1.0, 1.0),  # exact match
        ([(0, 10)], [(5, 15)], 0.5, 0.5),  # half overlap earns half credit
        ([(0, 20)], [(0, 10)], 0.5, 1.0),  # too long: precision halves
        ([(0, 5), (3, 10)], [(0, 10)], 1.0, 1.0),  # overlapping predictions merge first
        ([(20, 30)], [(0, 10)], 0.0, 0.0),  # no overlap
        ([], [(0, 10)], 0.0, 0.0),
    ],
)
def test_si_scores_partial_overlap(pred: list[tuple[int, int]], gold: list[tuple[int, int]], p: float, r: float) -> None:
    s = ptc.si_scores({"1": pred}, {"1": gold}, ["1"])
    assert s["si_precision"] == pytest.approx(p)
    assert s["si_recall"] == pytest.approx(r)


@pytest.mark.parametrize(
    ("ranked", "expected"),
    [
        ({("1", 0, 5): ["Doubt", "Slogans"], ("1", 7, 9): ["Repetition"]}, 1.0),
        # a span listed twice gets the model's two best labels
        ({("1", 0, 5): ["Slogans", "Doubt"], ("1", 7, 9): ["Doubt"]}, 2 / 3),
        ({}, 0.0),
    ],
)
def test_tc_micro_f1(ranked: dict[tuple[str, int, int], list[str]], expected: float) -> None:
    gold = [("1", "Doubt", 0, 5), ("1", "Slogans", 0, 5), ("1", "Repetition", 7, 9)]
    assert ptc.tc_micro_f1(gold, ranked) == pytest.approx(round(expected, 4))


def _ptc_dir(tmp: Path, si: str = "1\t0\t4\n", tc: str = "1\tLoaded_Language\t0\t4\n") -> Path:
    (tmp / "articles").mkdir()
    (tmp / "articles" / "article1.txt").write_text(
        "Evil plans\n\nThe evil, corrupt regime will destroy our great nation.\nWe must fight back now.\n", encoding="utf-8"
    )
    (tmp / "task1-SI.labels").write_text(si, encoding="utf-8")
    (tmp / "task2-TC.labels").write_text(tc, encoding="utf-8")
    return tmp


def test_eval_ptc_reports_the_keys(tmp_path: Path) -> None:
    r = ptc.evaluate(_ptc_dir(tmp_path))
    assert {"si_f1", "tc_micro_f1", "si_precision", "si_recall"} <= set(r)
    assert 0.0 <= r["si_f1"] <= 1.0 and 0.0 <= r["tc_micro_f1"] <= 1.0


@pytest.mark.parametrize(
    ("si", "tc", "match"),
    [
        ("1\t0\n", "1\tDoubt\t0\t4\n", "not 3 tab-separated"),
        ("1\t0\t4\n", "1\tDoubt\t0\tfour\n", "not 4 tab-separated"),
    ],
)
def test_eval_ptc_bad_labels_are_a_clear_error(tmp_path: Path, si: str, tc: str, match: str) -> None:
    with pytest.raises(errors.UnspunError, match=match):
        ptc.evaluate(_ptc_dir(tmp_path, si, tc))


def test_eval_ptc_missing_parts_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(errors.UnspunError, match="no articles"):
        ptc.read_dir(tmp_path)
