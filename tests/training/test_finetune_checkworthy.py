"""The check-worthiness fine-tuning experiment runs end to end on a tiny sample, and its stacker measures
behave. jax is a training-only tool (see ``training/finetune_claim_queries.py`` for a scratch
environment): the run is skipped without it, and without ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest


def test_finetune_checkworthy_tiny_sample(shared_data: Path, tmp_path: Path) -> None:
    pytest.importorskip("jax")
    from training import finetune_checkworthy as fc

    fc.main(["--grid", "tiny", "--limit", "80", "--out", str(tmp_path)])
    cv = json.loads((tmp_path / "cv.json").read_text())
    assert cv["parity_max_abs_diff"] < 1e-4
    names = [r["setting"] for r in cv["results"]]
    assert names[0].startswith("n-gram + frozen network") and len(names) == 4
    assert all(0 < r["clef_lodo_map"] <= 1 and 0 < r["cb_oof_f1"] <= 1 for r in cv["results"])


@pytest.mark.parametrize(("debate_d", "expected"), [
    # the column ranks every debate's check-worthy line first: MAP 1
    ([3.0, 0.0, 0.0], 1.0),
    # debate d reversed: the stacker fitted on a, b, c ranks its check-worthy line last of three (AP 1/3),
    # the other three keep AP 1
    ([0.0, 3.0, 3.0], (1 + 1 + 1 + 1 / 3) / 4),
])
def test_lodo_map(debate_d: list[float], expected: float) -> None:
    pytest.importorskip("sklearn")
    from training.finetune_checkworthy import lodo_map

    y = np.array([1, 0, 0] * 4)
    x = np.array([3.0, 0.0, 0.0] * 3 + debate_d)[:, None]
    got = lodo_map(x, y, ["a"] * 3 + ["b"] * 3 + ["c"] * 3 + ["d"] * 3)
    assert got == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(("clef_pos", "expected"), [(1.0, [1, 1, 1, 1]), (4.0, [1, 1, 4, 1])])
def test_weights_raise_clef_positives_only(clef_pos: float, expected: list[float]) -> None:
    from training.finetune_checkworthy import weights

    got = weights(np.array([1, 0, 1, 0]), np.array([0, 0, 1, 1], dtype=np.float32), {"clef_pos": clef_pos})
    assert got.tolist() == expected
