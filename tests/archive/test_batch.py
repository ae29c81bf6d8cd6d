"""`unspun batch`: one result per input, resume, re-checks after a profile change, errors per item, the CLI."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests import resources
from unspun import errors
from unspun.analyzers.headline_wording import HeadlineWording
from unspun.archive import Archive, batch, identity, sources
from unspun.archive.worker import LocalEngine, Settings
from unspun.cli import main
from unspun.findings import ModelInfo

CHEAP = Settings(only=("headline_wording",))
GOOD = [
    {"headline": "SHOCKING: Mayor opens library!!", "body": "The mayor opened a library.", "id": "a"},
    {"text": resources.SOBER},
    {"text": resources.WIRE_STYLE, "url": "https://example.org/w", "published": "2024-03-04", "site": "Wire"},
    {"headline": "Storm closes schools", "body": "Schools closed on Monday.", "id": 4},
    {"html": "<html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>"
             "<p>The council approved the budget on Tuesday by seven votes to two after a long debate.</p>"
             "</article></body></html>"},
]
LINES = [json.dumps(r) for r in GOOD[:3]] + ["{broken", json.dumps({"headline": "", "body": ""})] + [
    json.dumps(r) for r in GOOD[3:]]


def _jsonl(tmp_path: Path, lines: list[str] = LINES, name: str = "in.jsonl") -> Path:
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _run(db: Path, *paths: Path, settings: Settings = CHEAP, **kw: bool) -> batch.Summary:
    with Archive.open(str(db)) as a:
        return batch.run(a, sources.plan([str(p) for p in paths]), LocalEngine(settings), progress=False, **kw)


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    c = sqlite3.connect(db)
    try:
        return c.execute(sql).fetchall()
    finally:
        c.close()


def test_archive_batch_one_result_per_input(tmp_path: Path) -> None:
    s = _run(tmp_path / "a.db", _jsonl(tmp_path))
    assert (s.done, s.skipped, dict(s.failed)) == (5, 0, {"E165": 1, "E102": 1})
    # one worker runs from its first result: the 6 items checked after it (the unreadable line among them)
    assert s.all_running is not None and s.all_running[0] == 6 and s.rate_all_running is not None
    assert _rows(tmp_path / "a.db", "SELECT count(*) FROM articles JOIN reports ON reports.article_id = articles.id") == [(5,)]
    assert _rows(tmp_path / "a.db", "SELECT line, code FROM errors ORDER BY line") == [(4, "E165"), (5, "E102")]
    assert _rows(tmp_path / "a.db", "SELECT key, url, site, published, published_at FROM articles WHERE site IS NOT NULL") == [
        (_rows(tmp_path / "a.db", "SELECT key FROM articles WHERE line = 3")[0][0], "https://example.org/w", "Wire",
         "2024-03-04", "2024-03-04T00:00:00")]
    assert {k for (k,) in _rows(tmp_path / "a.db", "SELECT key FROM articles WHERE ext_id IS NOT NULL")} == {"a", "4"}
    flagged = _rows(tmp_path / "a.db", "SELECT a.ext_id, f.label FROM findings f JOIN articles a ON a.id = f.article_id "
                                       "WHERE f.severity_rank >= 2 ORDER BY f.id")
    assert ("a", "all_caps") in flagged


def test_archive_batch_resume_skips_done(tmp_path: Path) -> None:
    _run(tmp_path / "a.db", _jsonl(tmp_path))
    s = _run(tmp_path / "a.db", _jsonl(tmp_path))
    assert (s.done, s.skipped, sum(s.failed.values())) == (0, 7, 0)
    assert _rows(tmp_path / "a.db", "SELECT count(*) FROM reports") == [(5,)]
    assert _rows(tmp_path / "a.db", "SELECT count(*), count(finished) FROM runs") == [(2, 2)]


def test_archive_batch_retry_errors(tmp_path: Path) -> None:
    _run(tmp_path / "a.db", _jsonl(tmp_path))
    s = _run(tmp_path / "a.db", _jsonl(tmp_path), retry_errors=True)
    assert (s.done, s.skipped, sum(s.failed.values())) == (0, 5, 2)
    assert _rows(tmp_path / "a.db", "SELECT count(*) FROM errors") == [(2,)]


def _newer_version(mp: pytest.MonkeyPatch) -> Settings:
    mp.setattr(identity, "__version__", "99.0")
    return CHEAP


def _newer_model(mp: pytest.MonkeyPatch) -> Settings:
    mp.setattr(HeadlineWording, "models", lambda self: (ModelInfo("lexicons", "2", "f" * 64),), raising=False)
    return CHEAP


@pytest.mark.parametrize("change", [
    _newer_version,
    _newer_model,
    lambda mp: Settings(only=("headline_wording", "emotive_intensity")),
])
def test_archive_batch_profile_change_rechecks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: object) -> None:
    _run(tmp_path / "a.db", _jsonl(tmp_path))
    settings = change(monkeypatch)  # type: ignore[operator]
    s = _run(tmp_path / "a.db", _jsonl(tmp_path), settings=settings)
    assert (s.done, s.skipped, sum(s.failed.values())) == (5, 0, 2)
    assert _rows(tmp_path / "a.db", "SELECT count(*), count(DISTINCT profile_key) FROM reports") == [(10, 2)]
    assert _rows(tmp_path / "a.db", "SELECT count(*) FROM current_reports") == [(5,)]
    assert _rows(tmp_path / "a.db", "SELECT count(*) FROM profiles") == [(2,)]
    again = _run(tmp_path / "a.db", _jsonl(tmp_path), settings=settings)
    assert (again.done, again.skipped) == (0, 7)


def test_archive_batch_changed_content_under_same_id(tmp_path: Path) -> None:
    _run(tmp_path / "a.db", _jsonl(tmp_path))
    edited = [ln.replace("The mayor opened a library.", "The mayor opened two libraries.") for ln in LINES]
    s = _run(tmp_path / "a.db", _jsonl(tmp_path, edited))
    assert (s.done, s.skipped) == (1, 6)
    assert _rows(tmp_path / "a.db", "SELECT body FROM articles WHERE key = 'a'") == [("The mayor opened two libraries.",)]
    assert _rows(tmp_path / "a.db", "SELECT count(*) FROM reports") == [(5,)]


def test_archive_batch_repeats_in_input(tmp_path: Path) -> None:
    s = _run(tmp_path / "a.db", _jsonl(tmp_path, LINES + LINES[:2]))
    assert s.done == 5 and s.skipped + s.duplicates == 2
    assert _rows(tmp_path / "a.db", "SELECT count(*) FROM articles") == [(5,)]


def test_archive_batch_several_inputs_and_forms(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt.gz").write_bytes(gzip.compress(resources.SENSATIONAL.encode()))
    (tmp_path / "d" / "y.html").write_text(GOOD[4]["html"], encoding="utf-8")  # the same as a JSONL line: one item
    csv = tmp_path / "c.csv"
    csv.write_text("id,headline,body\nc1,Council meets,The council met on Monday.\n", encoding="utf-8")
    s = _run(tmp_path / "a.db", _jsonl(tmp_path), tmp_path / "d", csv)
    assert (s.done, s.skipped) == (7, 1)
    kinds = _rows(tmp_path / "a.db", "SELECT input_kind, count(*) FROM articles GROUP BY input_kind ORDER BY 1")
    assert kinds == [("html", 1), ("parts", 3), ("text", 3)]


# -- the command line --------------------------------------------------------------------------


def test_archive_batch_cli_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["batch", str(_jsonl(tmp_path)), "--db", str(tmp_path / "a.db"), "--only", "headline_wording", "--json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["done"], out["failed"], out["failed_by_code"]) == (5, 2, {"E102": 1, "E165": 1})
    assert main(args[:-1]) == 0
    assert "done 0; skipped 7 already done; failed 0" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "code"), [
    (["missing.jsonl"], errors.E_BATCH_INPUT),
    (["in.jsonl", "--only", "nope"], errors.E_UNKNOWN_ANALYZER),
    (["in.jsonl", "-j", "-1"], errors.E_BAD_OPTION),
    (["c.csv", "--text-col", "story"], errors.E_CSV_COLUMN),
])
def test_archive_batch_cli_fatal(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: str) -> None:
    _jsonl(tmp_path)
    (tmp_path / "c.csv").write_text("id,body\n1,x\n", encoding="utf-8")
    argv = ["batch", *[str(tmp_path / a) if a.endswith((".jsonl", ".csv")) else a for a in args],
            "--db", str(tmp_path / "a.db")]
    assert main(argv) == 2
    assert f"unspun: error {code}: expected" in capsys.readouterr().err
    assert not (tmp_path / "a.db").exists()  # nothing written, not even an empty archive


def test_archive_batch_cli_not_an_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("my notes\n")
    assert main(["batch", str(_jsonl(tmp_path)), "--db", str(db), "--only", "headline_wording"]) == 2
    assert "E160: expected an unspun archive" in capsys.readouterr().err
    assert db.read_text() == "my notes\n"


def test_archive_batch_workers_match_one_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _jsonl(tmp_path)
    for j, db in (("1", "one.db"), ("2", "two.db")):
        assert main(["batch", str(src), "--db", str(tmp_path / db), "--only", "headline_wording", "-j", j, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["workers"] == int(j)
    sql = ("SELECT a.key, r.max_severity, r.n_findings, r.profile_key FROM articles a JOIN reports r "
           "ON r.article_id = a.id ORDER BY a.key")
    assert _rows(tmp_path / "one.db", sql) == _rows(tmp_path / "two.db", sql)
    assert _rows(tmp_path / "one.db", "SELECT item_key, code FROM errors ORDER BY 1") == _rows(
        tmp_path / "two.db", "SELECT item_key, code FROM errors ORDER BY 1")


def test_archive_batch_unexpected_failure_is_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from unspun.archive import worker

    real = worker.document

    def flaky(item: sources.Item) -> object:
        if item.kind == "html":
            raise RuntimeError("extraction blew up")
        return real(item)

    monkeypatch.setattr(worker, "document", flaky)
    s = _run(tmp_path / "a.db", _jsonl(tmp_path))
    assert (s.done, dict(s.failed)) == (4, {"E165": 1, "E102": 1, "E168": 1})
    (message,) = _rows(tmp_path / "a.db", "SELECT message FROM errors WHERE code = 'E168'")[0]
    assert "line 7, on which unspun itself failed (RuntimeError: extraction blew up)" in str(message)


@pytest.mark.parametrize(("all_running", "rate"), [
    (None, None),          # fewer results than workers: no window
    ((0, 0.0), None),      # the last worker's first result was the run's last
    ((30, 2.0), 15.0),
])
def test_archive_batch_rate_all_workers_running(all_running: tuple[int, float] | None, rate: float | None) -> None:
    s = batch.Summary(workers=2, all_running=all_running)
    assert s.rate_all_running == rate
    assert s.to_dict()["articles_per_second_all_workers_running"] == rate
