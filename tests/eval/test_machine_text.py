"""`unspun eval machine-text`: the metrics on a small CSV written here, and clear errors on bad files."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import resources
from tests.conftest import ROOT
from unspun.cli import main
from unspun.eval import machine_text


def _body(text: str) -> str:
    return text.split("\n\n", 1)[1]


def _write(path: Path, rows: list[tuple[str, str, str]], header: tuple[str, ...] = ("text", "label", "generator")) -> str:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows([r[: len(header)] for r in rows])
    return str(path)


def test_eval_machine_text_json_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        (_body(resources.WIRE_STYLE), "0", "human"),
        (_body(resources.LLM_STYLE), "1", "model-a"),
        (_body(resources.SOBER), "0", ""),
        (_body(resources.LLM_STYLE).replace("Dunmore", "Kilbride"), "1", "model-b"),
    ]
    assert main(["eval", "machine-text", _write(tmp_path / "m.csv", rows), "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert {"roc_auc", "per_generator", "tpr_at_fpr"} <= set(r)
    assert set(r["per_generator"]) == {"model-a", "model-b"}
    assert set(r["tpr_at_fpr"]) == {"0.01", "0.05"}
    assert r["n"] == 4 and r["n_human"] == 2 and r["n_short"] == 1
    assert 0.0 <= r["roc_auc"] <= 1.0 and 0.0 <= r["human_fpr_at_threshold"] <= 1.0


def test_eval_machine_text_without_generator_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [(_body(resources.WIRE_STYLE), "0", ""), (_body(resources.LLM_STYLE), "1", "")]
    assert main(["eval", "machine-text", _write(tmp_path / "m.csv", rows, ("text", "label"))]) == 0
    out = capsys.readouterr().out
    assert "ROC AUC" in out and "unknown" in out


def test_eval_machine_text_human_only_is_a_false_positive_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [(_body(resources.WIRE_STYLE), "0", ""), (_body(resources.SOBER), "0", "")]
    assert main(["eval", "machine-text", _write(tmp_path / "h.csv", rows), "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["n_human"] == 2 and r["n_machine"] == 0
    assert r["roc_auc"] is None and r["tpr_at_fpr"] is None and r["tpr_at_threshold"] is None and r["per_generator"] == {}
    assert 0.0 <= r["human_fpr_at_threshold"] <= 1.0 and 0.0 <= r["human_fpr_at_strong_threshold"] <= r["human_fpr_at_threshold"]
    assert main(["eval", "machine-text", _write(tmp_path / "h.csv", rows)]) == 0
    assert "false-positive check" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("scores", "labels", "fpr", "tpr"),
    [
        ([0.1, 0.2, 0.3, 0.9, 0.8], [0, 0, 0, 1, 1], 0.01, 1.0),
        ([0.1, 0.95, 0.3, 0.9, 0.8], [0, 0, 0, 1, 1], 0.01, 0.0),
        ([0.1, 0.85, 0.3, 0.9, 0.8], [0, 0, 0, 1, 1], 0.4, 1.0),
    ],
)
def test_eval_machine_text_tpr_at_fpr(scores: list[float], labels: list[int], fpr: float, tpr: float) -> None:
    assert machine_text.tpr_at_fpr(scores, labels, fpr) == tpr


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        ("headline,label\nx,1\n", "columns"),
        ("text,label\nsome text,2\n", "label '2' on line 2"),
        ("text,label\nsome text,1\n", "no row with label 0"),
        ("text,label\n,1\nx,0\n", "empty text on line 2"),
    ],
)
def test_eval_machine_text_bad_file_is_a_clear_error(tmp_path: Path, content: str, detail: str) -> None:
    p = tmp_path / "bad.csv"
    p.write_text(content, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "unspun", "eval", "machine-text", str(p)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2 and "E130" in out.stderr and detail in out.stderr
    assert "Traceback" not in out.stderr


def test_eval_machine_text_missing_file(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "unspun", "eval", "machine-text", str(tmp_path / "none.csv")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2 and "E130" in out.stderr and "no such file" in out.stderr


def test_eval_machine_text_group_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Optional group/voice/genre columns: per-value AUC of machine texts against all human texts, per-value human FPR."""
    rows = [
        ("h1", "0", "", "fnc", "", ""),
        ("h2", "0", "", "fnc", "", ""),
        ("h3", "0", "", "real-page", "", ""),
        ("m1", "1", "", "w1", "human", "wire"),
        ("m2", "1", "", "w1", "plain", "wire"),
        ("m3", "1", "", "w2", "human", "opinion"),
    ]
    # (older-generator probability, current-model probability) per text, in file order
    probs = {"h1": (0.1, 0.2), "h2": (0.3, 0.1), "h3": (0.95, 0.1), "m1": (0.05, 0.99), "m2": (0.2, 0.15), "m3": (0.1, 0.4)}
    monkeypatch.setattr(machine_text, "score_both", lambda texts, lm_cache=None: [probs[t] for t in texts])
    path = _write(tmp_path / "g.csv", rows, ("text", "label", "generator", "group", "voice", "genre"))
    assert main(["eval", "machine-text", path, "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["per_voice"] == {"human": 0.5833, "plain": 0.3333}  # the head counts only at its threshold (0.99)
    assert set(r["per_group"]) == {"w1", "w2"} and set(r["per_genre"]) == {"wire", "opinion"}
    # h3 is flagged by the older-generator detector (0.95 >= its 0.92 threshold): a false positive of its source
    assert r["human_fpr_by_group"] == {"fnc": 0.0, "real-page": 1.0}
    assert r["roc_auc_ci95"] is not None and r["roc_auc_ci95"][0] <= r["roc_auc"] <= r["roc_auc_ci95"][1]
    assert set(r["roc_auc_by_detector"]) >= {"older_generators"}
    assert main(["eval", "machine-text", path]) == 0
    out = capsys.readouterr().out
    assert "voice human" in out and "by group: fnc 0.0000, real-page 1.0000" in out


_SENT = "The council met on Tuesday and voted on the plan."


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("A short body. It is read whole.", False),
        (" ".join([_SENT] * 300), False),  # 15,299 characters: under the cap
        (" ".join([_SENT] * 600), True),  # 30,599 characters: the head, cut after a full stop
    ],
)
def test_eval_machine_text_reads_what_the_analyzer_reads(text: str, cut: bool) -> None:
    from unspun.analyzers.machine_text.analyzer import MachineText

    head = machine_text.head_of_text(text)
    assert (head != text) is cut
    assert text.startswith(head) and head.endswith(".")
    assert len(head) <= (MachineText.max_body_chars or len(text))
