"""The clickbait, persuasion, emotive-reference and check-worthiness training scripts run end to end on a small sample
(needs ../shared/data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training import build_emotive_reference, train_checkworthy, train_clickbait, train_persuasion

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


@pytest.mark.parametrize(("final", "keys"), [(False, {"cv_train", "dev_claimbuster", "dev_clef2019", "dev_clef2019_news_mode"}), (True, {"cv_train"})])
def test_checkworthy_training_runs_on_a_sample(shared_data: Path, tmp_path: Path, final: bool, keys: set[str]) -> None:
    out = tmp_path / "model"
    train_checkworthy.main(["--sample", "200", "--out", str(out), "--dev-out", str(tmp_path / "dev"),
                            *(["--final"] if final else [])])
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics) == keys
    assert 0.0 <= metrics["cv_train"]["oof_cb_f1"] <= 1.0 and 0.0 <= metrics["cv_train"]["oof_clef2019_map"] <= 1.0
    assert json.loads((out / "meta.json").read_text())["version"] == train_checkworthy.VERSION
    from unspun.analyzers.checkworthy_claims.model import CheckworthyModel

    assert CheckworthyModel.from_file(out / "weights.npz").threshold > 0  # the analyzer reads what it wrote
