"""`unspun eval fnc1`: the official score, macro-F1, CSV reading and its errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from unspun import errors
from unspun.eval import fnc1


@pytest.mark.parametrize(
    ("gold", "pred", "score"),
    [
        (["agree", "unrelated"], ["agree", "unrelated"], 1.0),
        (["agree"], ["discuss"], 0.25),  # related/unrelated right, stance wrong
        (["agree"], ["unrelated"], 0.0),
        (["unrelated"], ["disagree"], 0.0),
        (["unrelated", "discuss"], ["unrelated", "agree"], (0.25 + 0.25) / 1.25),
    ],
)
def test_fnc_score(gold: list[str], pred: list[str], score: float) -> None:
    assert fnc1.fnc_score(gold, pred) == pytest.approx(score)


def test_metrics_shape() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated"]
    pred = ["agree", "discuss", "discuss", "unrelated", "agree"]
    m = fnc1.metrics(gold, pred)
    assert m["confusion"]["matrix"][1][2] == 1 and m["confusion"]["matrix"][3][0] == 1
    assert m["per_class"]["disagree"]["f1"] == 0.0
    assert m["macro_f1"] == pytest.approx((0.6667 + 0 + 0.6667 + 0.6667) / 4, abs=1e-3)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


BODIES = [
    ["1", "The central bank raised interest rates to 5.25 percent on Wednesday. Officials said inflation was too high."],
    ["2", "A rare white tiger cub was born at the city zoo. Keepers said mother and cub were doing well."],
]
STANCES = [
    ["Central bank raises interest rates", "1", "agree"],
    ["Zoo welcomes white tiger cub", "2", "agree"],
    ["Central bank raises interest rates", "2", "unrelated"],
    ["Zoo welcomes white tiger cub", "1", "unrelated"],
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "unspun", "eval", "fnc1", *args], capture_output=True, text=True, env=env, timeout=120)


def test_cli_json(tmp_path: Path) -> None:
    b = _write(tmp_path / "b.csv", ["Body ID", "articleBody"], BODIES)
    s = _write(tmp_path / "s.csv", ["Headline", "Body ID", "Stance"], STANCES)
    r = _run("--stances", str(s), "--bodies", str(b), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert {"fnc_score", "macro_f1", "per_class", "confusion"} <= set(out)
    assert out["pairs"] == 4 and sum(map(sum, out["confusion"]["matrix"])) == 4
    # related vs unrelated is the easy part: the shipped model gets it right here
    assert out["per_class"]["unrelated"]["f1"] == 1.0


@pytest.mark.parametrize(
    ("stances", "bodies", "message"),
    [
        ([["Headline", "Body ID", "Stance"], ["h", "1", "maybe"]], [["Body ID", "articleBody"], ["1", "x"]], "stance 'maybe'"),
        ([["Headline", "Body ID", "Stance"], ["h", "9", "agree"]], [["Body ID", "articleBody"], ["1", "x"]], "Body ID '9'"),
        ([["Title", "Body ID"], ["h", "1"]], [["Body ID", "articleBody"], ["1", "x"]], "missing"),
        ([["Headline", "Body ID", "Stance"]], [["Body ID", "articleBody"], ["1", "x"]], "no rows"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path: Path, stances: list[list[str]], bodies: list[list[str]], message: str) -> None:
    b = _write(tmp_path / "b.csv", bodies[0], bodies[1:])
    s = _write(tmp_path / "s.csv", stances[0], stances[1:])
    with pytest.raises(errors.UnspunError, match=message):
        fnc1.read_stances(str(s), fnc1.read_bodies(str(b)))
    r = _run("--stances", str(s), "--bodies", str(b))
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_missing_file_exit_2(tmp_path: Path) -> None:
    r = _run("--stances", str(tmp_path / "nope.csv"), "--bodies", str(tmp_path / "nope2.csv"))
    assert r.returncode == 2 and "E1" in r.stderr and "Traceback" not in r.stderr
