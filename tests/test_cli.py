"""The command line: exit codes, formats, messages on stderr, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests import resources
from tests.conftest import EXAMPLES, ROOT
from unspun.cli import main

SCHEMA = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([sys.executable, "-m", "unspun", *args], input=stdin, capture_output=True, timeout=120, cwd=ROOT)
    return subprocess.CompletedProcess(r.args, r.returncode, r.stdout.decode("utf-8"), r.stderr.decode("utf-8"))


@pytest.fixture
def article(tmp_path: Path) -> str:
    p = tmp_path / "a.txt"
    p.write_text(resources.SENSATIONAL, encoding="utf-8")
    return str(p)


def test_cli_json_validates_against_schema(article: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", article, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, SCHEMA)
    assert report["document"]["text"].startswith("SHOCKING")


def test_cli_text_report_marks_headline(article: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", article, "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "[SHOCKING]" in out and "[!!]" in out
    assert "Summary:" in out


def test_cli_html_report_is_self_contained(article: str, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["check", article, "--format", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<mark" in page and "SHOCKING" in page
    assert "http://" not in page.replace('"http://www.w3.org', "") and "https://" not in page
    assert "<script src" not in page and "<link" not in page


@pytest.mark.parametrize(("level", "code"), [("high", 0), ("medium", 1), ("low", 1)])
def test_cli_fail_on(article: str, level: str, code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", article, "--fail-on", level, "--only", "headline_wording"]) == code


def test_cli_fail_on_clean_article(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(resources.SOBER, encoding="utf-8")
    assert main(["check", str(p), "--fail-on", "low", "--only", "headline_wording"]) == 0


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (["check", "/no/such/file.txt"], None, "E101"),
        (["check", "-"], b"   \n ", "E102"),
        (["check", "-"], b"\x00\x01\x02binary", "E103"),
        (["check", "-"], "Caf\u00e9 news\nbody".encode("latin-1"), "E103"),
        (["check", "-"], b"<html><body><nav></nav></body></html>", "E104"),
        (["check", "-"], b'{"headline": 1}', "E106"),
        (["check", "ftp://example.org/x"], None, "E110"),
        (["check", "http://127.0.0.1:9/x"], None, "E111"),
        (["check", "-", "--only", "nope"], b"Headline\nbody", "E121"),
        (["check"], None, "the following arguments are required"),
        (["check", "x", "--format", "pdf"], None, "invalid choice"),
    ],
)
def test_cli_bad_input_exit_2_without_traceback(args: list[str], stdin: bytes | None, says: str) -> None:
    r = run_cli(*args, stdin=stdin if stdin is not None else b"")
    assert r.returncode == 2, r.stderr
    assert says in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_cli_stdin_and_headline_option() -> None:
    r = run_cli("check", "-", "--headline", "Given Headline!", "--format", "json", stdin=b"Some body text here.")
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["document"]["text"].startswith("Given Headline!\n\nSome body text here.")


def test_cli_headline_only_body_analyzers_not_applicable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "h.txt"
    p.write_text(resources.HEADLINE_ONLY, encoding="utf-8")
    assert main(["check", str(p), "--format", "json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    for a in rep["analyzers"]:
        cls = __import__("unspun.analyzers.registry", fromlist=["get"]).get(a["name"])
        if "body" in cls.requires:
            assert a["status"] == "not_applicable" and "no body" in a["reason"]


def test_cli_not_english_is_not_applicable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "de.txt"
    p.write_text(resources.GERMAN, encoding="utf-8")
    assert main(["check", str(p), "--format", "json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["language"]["english"] is False
    assert all(a["status"] == "not_applicable" and "German" in a["reason"] for a in rep["analyzers"])


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".json")))
def test_cli_examples_run(example: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES / example), "--format", "json"]) == 0
    jsonschema.validate(json.loads(capsys.readouterr().out), SCHEMA)


def test_cli_analyzers_lists_registry(capsys: pytest.CaptureFixture[str]) -> None:
    from unspun.analyzers import registry

    assert main(["analyzers"]) == 0
    out = capsys.readouterr().out
    assert [ln.split()[0] for ln in out.splitlines()] == registry.names()


def test_cli_specimen_marks_collapse_and_exclamation(specimen_text: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "s.txt"
    p.write_text(specimen_text, encoding="utf-8")
    assert main(["check", str(p), "--format", "json", "--fast"]) == 0
    rep = json.loads(capsys.readouterr().out)
    text = rep["document"]["text"]
    marked = {text[s["start"]:s["end"]]: f for f in rep["findings"] if f["analyzer"] == "headline_wording" for s in f["spans"]}
    assert "COLLAPSE" in marked and "!" in marked
    assert "COLLAPSE" in marked["COLLAPSE"]["explanation"]
    assert "West" not in marked  # "West" is not a superlative


def test_cli_text_report_lists_claims_with_verdicts(specimen_text: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "s.txt"
    p.write_text(specimen_text, encoding="utf-8")
    assert main(["check", str(p), "--no-color", "--only", "headline_wording,headline_support"]) == 0
    out = capsys.readouterr().out
    assert "[COLLAPSE]" in out and "[!]" in out
    claims = {ln.split(None, 1)[1]: ln.split(None, 1)[0] for ln in out.split("Claims:\n", 1)[1].split("\n\n")[0].splitlines()}
    assert claims["The West is on the Verge of a COLLAPSE!"] == "UNSUPPORTED"
    assert claims["Putin and China’s Defense Minister Hold Key Meeting in Moscow"] == "SUPPORTED"
