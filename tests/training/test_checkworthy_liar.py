"""The LIAR experiment's pieces: the "Says" paraphrase is stripped, LIAR rows weigh as asked and train only,
and the leave-one-debate-out measure reads as the CARD describes."""

from __future__ import annotations

import numpy as np
import pytest

from training import checkworthy_liar as cl


@pytest.mark.parametrize(("text", "expected"), [
    ("Says the Annies List political group supports abortions.", "The Annies List political group supports abortions."),
    ("Says that taxes rose 30 percent.", "Taxes rose 30 percent."),
    ("Saysomething odd", "Saysomething odd"),
    ("We have the lowest rate.", "We have the lowest rate."),
])
def test_strip_says(text: str, expected: str) -> None:
    assert cl.strip_says(text) == expected


def test_rows_for_weights_and_baseline() -> None:
    r = {"y": np.array([0, 1, 1, 1]), "liar": np.array([0, 0, 1, 1], dtype=np.float32)}
    use, sw = cl.rows_for(r, 0.0)
    assert use.tolist() == [True, True, False, False]
    use, sw = cl.rows_for(r, 0.3)
    assert use.all() and sw.tolist() == pytest.approx([1, 1, 0.3, 0.3])


def test_lodo_perfect_column() -> None:
    # one column ranks every debate's check-worthy line first: MAP 1 and each AP 1
    x = np.array([[3.0, 0.0], [0.0, 0.0], [0.0, 1.0]] * 3)
    y = np.array([1, 0, 0] * 3)
    m, per = cl.lodo(x, y, ["a"] * 3 + ["b"] * 3 + ["c"] * 3)
    assert m == 1.0 and per == {"a": 1.0, "b": 1.0, "c": 1.0}
