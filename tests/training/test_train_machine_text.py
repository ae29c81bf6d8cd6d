"""The machine-text training scripts run end to end on a small sample (needs ../shared/data)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from training import lm_cache, machine_text_data, train_machine_text
from unspun.analyzers.machine_text.model import MachineTextModel

pytestmark = pytest.mark.data



def test_train_machine_text_runs_on_a_sample(shared_data: Path, tmp_path: Path) -> None:
    cache, out, dev = tmp_path / "cache", tmp_path / "model", tmp_path / "dev"
    # the cache job fills a cache (here in two shards, as two processes would), the trainer reads only what is cached
    assert lm_cache.main(["--data", str(shared_data), "--cache", str(cache), "--limit", "30", "--shard", "0/2"]) == 0
    assert len(list(cache.glob("*/*.npz"))) == 15
    assert lm_cache.main(["--data", str(shared_data), "--cache", str(cache), "--limit", "30", "--shard", "1/2"]) == 0
    assert len(list(cache.glob("*/*.npz"))) == 30
    rc = train_machine_text.main(["--data", str(shared_data), "--cache", str(cache), "--out", str(out), "--dev-out", str(dev), "--cached-only", "--limit", "30"])
    assert rc == 0
    for f in ("combiner.npz", "meta.json", "metrics.json"):
        assert (out / f).is_file(), f
    metrics = json.loads((out / "metrics.json").read_text())
    meta = json.loads((out / "meta.json").read_text())
    assert 0 < meta["threshold"] < 1 and metrics["n_train"] + metrics["n_dev"] == 30
    assert (dev / "machine-text-dev.csv").is_file()
    # the shipped arrays load in the analyzer's model class
    m = MachineTextModel.from_file(out / "combiner.npz")
    assert len(m.names) == len(m.knots) == len(m.values) == len(m.ref)
    assert all(len(k) == len(v) and np.all(np.diff(k) > 0) for k, v in zip(m.knots, m.values, strict=True))


def test_train_machine_text_split_is_grouped(shared_data: Path) -> None:
    rows = machine_text_data.load_rows(shared_data)
    tr, dv = machine_text_data.split(rows)
    assert not {rows[i].group for i in tr} & {rows[i].group for i in dv}
    assert 0.15 < len(dv) / len(rows) < 0.25
    for ds in ("xsum", "iu"):
        assert any(rows[i].dataset == ds for i in dv)
    folds = machine_text_data.group_folds(rows, tr)
    groups = [{rows[tr[p]].group for p in f} for f in folds]
    assert all(not (a & b) for i, a in enumerate(groups) for b in groups[i + 1 :])


@pytest.mark.parametrize(("name", "datasets"), [("machine-text-dev", {"xsum", "iu"}), ("machine-text-dev-xsum", {"xsum"}), ("machine-text-dev-iu", {"iu"})])
def test_train_machine_text_dev_only_writes_the_dev_split(shared_data: Path, tmp_path: Path, name: str, datasets: set[str]) -> None:
    import csv

    assert train_machine_text.main(["--data", str(shared_data), "--dev-out", str(tmp_path), "--dev-only", "--cache", str(tmp_path / "none")]) == 0
    assert not (tmp_path / "none").exists()  # no language-model statistics needed, none written
    rows = machine_text_data.load_rows(shared_data)
    _tr, dv = machine_text_data.split(rows)
    want = [rows[i].text for i in dv if rows[i].dataset in datasets]
    csv.field_size_limit(1 << 26)
    with (tmp_path / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        got = [r["text"] for r in csv.DictReader(fh)]
    assert got == want
