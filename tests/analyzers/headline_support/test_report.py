"""headline_support in the whole pipeline: JSON report, schema, summary verdict, HTML."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "src" / "unspun" / "schema" / "report.schema.json").read_text())


def _check(path: Path, fmt: str = "json") -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "unspun", "check", str(path), "--format", fmt, "--only", "headline_support"],
        capture_output=True, text=True, env=env, timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "text", "verdict"),
    [
        ("two claims, one backed", "Council approves new stadium: Mayor vows to cut property taxes\n\n"
         "The city council approved plans for a new football stadium on Monday by seven votes to two. "
         "The stadium will seat 30,000 people and open in three years.", "partly_supported"),
        ("one backed claim", "Council approves new football stadium\n\n"
         "The city council approved plans for a new football stadium on Monday by seven votes to two.", "supported"),
    ],
)
def test_json_report(tmp_path: Path, name: str, text: str, verdict: str) -> None:
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    r = _check(f)
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    jsonschema.validate(rep, SCHEMA)
    run = next(a for a in rep["analyzers"] if a["name"] == "headline_support")
    assert run["status"] == "ok" and run["model"]["name"] == "unspun-stance-fnc1"
    assert rep["summary"]["headline_support"]["verdict"] == verdict


def test_specimen_html(tmp_path: Path, specimen_text: str) -> None:
    f = tmp_path / "s.txt"
    f.write_text(specimen_text, encoding="utf-8")
    r = _check(f, "html")
    assert r.returncode == 0, r.stderr
    assert "partly supported" in r.stdout.replace("_", " ")


def test_headline_only_is_not_applicable(tmp_path: Path) -> None:
    f = tmp_path / "h.txt"
    f.write_text("Only a headline here", encoding="utf-8")
    r = _check(f)
    rep = json.loads(r.stdout)
    run = next(a for a in rep["analyzers"] if a["name"] == "headline_support")
    assert run["status"] == "not_applicable" and "no body" in run["reason"]
