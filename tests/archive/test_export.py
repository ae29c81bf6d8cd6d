"""`unspun export`: one row per article, the key figures from the report, the three formats, the errors."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from unspun import errors
from unspun.archive import Archive, batch, export, sources
from unspun.archive.worker import LocalEngine, Settings
from unspun.cli import main

CHEAP = Settings(only=("headline_wording",))
RECORDS = [
    {"headline": "SHOCKING: Mayor opens library!!", "body": "The mayor opened a library.", "id": "a",
     "site": "Daily Shout", "published": "2024-03-01"},
    {"headline": "Storm closes schools", "body": "Schools closed on Monday.", "id": "b", "site": "Wire"},
    {"headline": "Budget passes", "body": "The council approved the budget.", "id": "c"},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("export")
    src = d / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n{broken\n", encoding="utf-8")
    path = d / "a.db"
    with Archive.open(str(path)) as a:
        batch.run(a, sources.plan([str(src)], sources.CsvColumns()), LocalEngine(CHEAP), progress=False)
    return path


def _report(analyzers: dict[str, str], summary: dict[str, Any]) -> dict[str, Any]:
    return {"analyzers": [{"name": n, "status": s} for n, s in analyzers.items()],
            "summary": {"by_severity": {"high": 1, "medium": 2, "low": 0, "info": 3}, **summary}}


FULL = _report(
    {"headline_support": "ok", "clickbait": "ok", "emotive_intensity": "ok", "sourcing": "ok",
     "persuasion": "ok", "headline_wording": "ok", "machine_text": "not_applicable"},
    {"headline_support": {"verdict": "overstated"}, "clickbait": {"probability": 0.91},
     "emotive_intensity": {"percentile": 97.5, "per_100_words": 8.1},
     "sourcing": {"counts": {"person": 2, "organisation": 1, "document": 0, "anonymous": 3, "vague": 1},
                  "attributed_share": 0.5, "distinct_named_sources": 2},
     "persuasion": {"share_of_text": 0.12, "techniques": {"loaded_language": 3, "doubt": 1}},
     "headline_wording": {"signals": {"all_caps": 1, "exclamation": 2}},
     "machine_text": {"probability": 0.99}},
)


@pytest.mark.parametrize(("column", "expected"), [
    ("high", 1), ("medium", 2), ("low", 0), ("info", 3),
    ("headline_verdict", "overstated"),
    ("clickbait_probability", 0.91),
    ("emotive_percentile", 97.5),
    ("emotive_per_100_words", 8.1),
    ("sourcing_person", 2), ("sourcing_anonymous", 3), ("sourcing_vague", 1),
    ("sourcing_attributed_share", 0.5), ("sourcing_distinct_named", 2),
    ("persuasion_share", 0.12), ("persuasion_spans", 4), ("persuasion_top_technique", "loaded_language"),
    ("headline_wording_signals", 3),
    ("machine_text_probability", None),  # not applicable: empty, never a quiet 0 (even with a stray summary)
    ("analyzers_not_applicable", "machine_text"),
    ("analyzers_failed", ""),
])
def test_export_report_figures(column: str, expected: Any) -> None:
    getters = {c.name: get for c, get in export.REPORT_COLUMNS}
    assert getters[column](FULL) == expected


@pytest.mark.parametrize("column", ["clickbait_probability", "headline_verdict", "sourcing_person",
                                    "persuasion_spans", "emotive_percentile", "machine_text_probability"])
def test_export_missing_analyzer_is_empty(column: str) -> None:
    getters = {c.name: get for c, get in export.REPORT_COLUMNS}
    assert getters[column](_report({"headline_wording": "ok"}, {})) is None


def test_export_rows_one_per_article_with_report(db: Path) -> None:
    with Archive.open(str(db), create=False) as a:
        rows = list(export.rows(a, with_report=True))
    assert [r["ext_id"] for r in rows] == ["a", "b", "c"]  # the broken line has no report, so no row
    first = rows[0]
    assert first["site"] == "Daily Shout" and first["published_at"] == "2024-03-01T00:00:00"
    assert first["headline_wording_signals"] >= 2 and first["max_severity"] == "medium"
    assert first["report"]["schema"] == "unspun.report/1"
    assert first["clickbait_probability"] is None  # clickbait did not run
    assert [c.name for c in export.COLUMNS] == list(first)[:-1]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_cli_formats(db: Path, tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"x.{fmt}"
    assert main(["export", "--db", str(db), "--format", fmt, "-o", str(out)]) == 0
    names = [c.name for c in export.COLUMNS]
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [list(r)[:-1] for r in rows] == [names] * 3 and all("report" in r for r in rows)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        assert list(rows[0]) == names and [r["ext_id"] for r in rows] == ["a", "b", "c"]
        assert rows[0]["clickbait_probability"] == ""  # not run: an empty cell
    else:
        import pyarrow.parquet as pq

        t = pq.read_table(out)
        assert t.schema.names == names and t.num_rows == 3
        assert str(t.schema.field("n_findings").type) == "int64"
        assert t.column("ext_id").to_pylist() == ["a", "b", "c"]
    assert not list(tmp_path.glob(".*.part"))


def test_export_stdout(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", str(db), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("article_id,key,")


def test_export_empty_archive(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Archive.open(str(db)).close()
    out = tmp_path / "x.csv"
    assert main(["export", "--db", str(db), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("\n") == 1  # the header only


@pytest.mark.parametrize(("argv", "code", "match"), [
    (["export", "--db", "{tmp}/absent.db"], "E162", "no such file"),
    (["export"], "E120", "--db"),
    (["export", "--db", "{db}", "--format", "parquet"], "E120", "parquet is a binary format"),
    (["export", "--db", "{db}", "-o", "{tmp}/no/such/folder/x.jsonl"], "E120", "Create"),
])
def test_export_errors(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: str,
                       match: str) -> None:
    argv = [s.format(tmp=tmp_path, db=db) for s in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert code in err and match in err


def test_export_parquet_without_pyarrow(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import fails as if it were not installed
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with Archive.open(str(db), create=False) as a, pytest.raises(errors.UnspunError, match="E141.*unspun\\[parquet\\]"):
        export.export(a, "parquet", str(tmp_path / "x.parquet"))
    assert not (tmp_path / "x.parquet").exists()
