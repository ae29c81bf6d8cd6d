"""The shipped stance model: loads, agrees with the eval's labels, separates related from unrelated."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspun import models
from unspun.analyzers.headline_support import stance
from unspun.eval import fnc1

BODY = {
    "b": "The central bank raised interest rates to 5.25 percent on Wednesday. Officials said inflation was still too high. "
    "Economists had expected the increase after prices rose again last month.",
}


def test_labels_match_eval() -> None:
    assert stance.LABELS == fnc1.LABELS


def test_shipped_files() -> None:
    for f in ("stance.npz", "meta.json", "CARD.md"):
        assert models.path(stance.MODEL_NAME, f).is_file()
    assert models.info(stance.MODEL_NAME, stance.WEIGHTS).sha256 == models.meta(stance.MODEL_NAME)["weights_sha256"]
    assert models.path(stance.MODEL_NAME, "stance.npz").stat().st_size < 5_000_000


@pytest.mark.parametrize(
    ("headline", "related"),
    [
        ("Central bank raises interest rates to 5.25 percent", True),
        ("Bank lifts rates again as inflation stays high", True),
        ("Rare white tiger cub born at city zoo", False),
        ("Football club signs new striker for record fee", False),
    ],
)
def test_related_vs_unrelated(headline: str, related: bool) -> None:
    p = stance.score_pairs(stance.load(), [headline], BODY, ["b"])[0]
    assert np.isclose(p.sum(), 1.0, atol=1e-5)
    assert bool(p[stance.LABELS.index("unrelated")] < 0.5) is related


def test_save_load_round_trip(tmp_path: Path) -> None:
    m = stance.load()
    f = tmp_path / "copy.npz"
    stance.save(str(f), m)
    m2 = stance.StanceModel.from_file(f)
    x = np.random.default_rng(0).standard_normal((50, m.weights[0].shape[0])).astype(np.float32)
    assert (m.predict_proba(x).argmax(1) == m2.predict_proba(x).argmax(1)).all()
