"""The training script runs end to end on a tiny sample (skipped without ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from training import train_stance
from unspun.analyzers.headline_support import stance


@pytest.mark.parametrize(("ids", "frac", "seed"), [([str(i) for i in range(100)], 0.2, 2025), ([str(i) for i in range(7)], 0.3, 1)])
def test_split_is_by_body_and_deterministic(ids: list[str], frac: float, seed: int) -> None:
    tr, dv = train_stance.split_bodies(ids * 3, frac, seed)
    assert not tr & dv and tr | dv == set(ids)
    assert len(dv) == round(len(ids) * frac)
    assert train_stance.split_bodies(ids, frac, seed) == (tr, dv)


def test_train_sample(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "model"
    rc = train_stance.main(["--data", str(shared_data / "fnc-1"), "--sample", "60", "--epochs", "3", "--cache", str(tmp_path / "cache"), "--out", str(out)])
    assert rc == 0
    meta = json.loads((out / "meta.json").read_text())
    assert meta["split"]["by"] == "Body ID"
    m = stance.StanceModel.from_file(out / stance.WEIGHTS)
    assert m.weights[-1].shape[1] == len(stance.LABELS)
    assert (tmp_path / "cache" / "dev_stances.csv").is_file()
    p = m.predict_proba(np.zeros((2, m.weights[0].shape[0]), np.float32))
    assert np.allclose(p.sum(1), 1.0)
