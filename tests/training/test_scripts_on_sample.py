"""The clickbait, persuasion and emotive-reference training scripts run end to end on a small sample (needs ../shared/data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training import build_emotive_reference, train_clickbait, train_persuasion

pytestmark = pytest.mark.data
SCRIPTS = {m.__name__.rsplit(".", 1)[1]: m for m in (train_clickbait, train_persuasion, build_emotive_reference)}



@pytest.mark.parametrize(
    ("script", "args", "files"),
    [
        ("train_clickbait", ["--sample", "600"], ["weights.npz", "metrics.json", "meta.json"]),
        ("train_persuasion", ["--sample", "12"], ["weights.npz", "metrics.json", "meta.json"]),
        ("build_emotive_reference", ["--sample", "150"], ["quantiles.json", "metrics.json", "meta.json"]),
    ],
)
def test_training_script_runs_on_a_sample(shared_data: Path, tmp_path: Path, script: str, args: list[str], files: list[str]) -> None:
    out = tmp_path / "model"
    extra = ["--dev-out", str(tmp_path / "dev")] if script != "build_emotive_reference" else []
    rc = SCRIPTS[script].main([*args, "--data", str(_data_arg(shared_data, script)), "--out", str(out), *extra])
    assert rc == 0
    for f in files:
        assert (out / f).is_file(), f
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics


def _data_arg(shared: Path, script: str) -> Path:
    return shared / "clickbait-chakraborty2016" / "train.csv" if script == "train_clickbait" else shared
