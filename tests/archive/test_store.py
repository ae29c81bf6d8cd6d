"""The archive file: created in WAL mode, refused when it is not ours or is newer, one row set per item."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests import resources
from unspun import errors
from unspun.archive import Archive
from unspun.archive.identity import content_hash, profile_of
from unspun.archive.schema import APPLICATION_ID, SCHEMA_VERSION
from unspun.archive.sources import Item
from unspun.archive.worker import analyse
from unspun.pipeline import Pipeline


def _item(text: str, ext_id: str | None = None) -> Item:
    digest = content_hash(text=text)
    return Item(ext_id or f"sha256:{digest}", digest, "mem#1", "mem", 1, "text", text=text, ext_id=ext_id)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.default(only=["headline_wording"])


def test_archive_store_new_archive(tmp_path: Path) -> None:
    with Archive.open(str(tmp_path / "a.db")) as a:
        assert a.schema_version == SCHEMA_VERSION
        assert a.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert a.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        meta = a.meta()
        assert meta["schema_version"] == str(SCHEMA_VERSION) and meta["created_by"].startswith("unspun ")
    with Archive.open(str(tmp_path / "a.db"), create=False) as a:  # reopening changes nothing
        assert a.counts()["articles"] == 0


def _text_file(d: Path) -> Path:
    (d / "x.db").write_text("id,text\n1,hello\n")
    return d / "x.db"


def _sql(path: Path, statement: str) -> None:
    c = sqlite3.connect(path, isolation_level=None)
    c.execute(statement)
    c.close()


def _other_sqlite(d: Path) -> Path:
    _sql(d / "x.db", "CREATE TABLE t (x)")
    return d / "x.db"


def _newer(d: Path) -> Path:
    Archive.open(str(d / "x.db")).close()
    _sql(d / "x.db", f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return d / "x.db"


def _folder(d: Path) -> Path:
    (d / "x.db").mkdir()
    return d / "x.db"


@pytest.mark.parametrize(("setup", "code", "match"), [
    (_text_file, errors.E_NOT_ARCHIVE, "which is not a SQLite database \\(it starts with b'id,text"),
    (_other_sqlite, errors.E_NOT_ARCHIVE, "a SQLite database of another program"),
    (_newer, errors.E_ARCHIVE_NEWER, f"schema version {SCHEMA_VERSION + 1}, written by a newer unspun"),
    (_folder, errors.E_ARCHIVE_OPEN, "a folder, not a file"),
    (lambda d: d / "no" / "such" / "x.db", errors.E_ARCHIVE_OPEN, "does not exist"),
])
def test_archive_store_refuses(tmp_path: Path, setup: object, code: str, match: str) -> None:
    path = setup(tmp_path)  # type: ignore[operator]
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    with pytest.raises(errors.UnspunError, match=match) as exc:
        Archive.open(str(path))
    assert exc.value.code == code
    if before is not None:  # nothing half-written: the file is as it was, and no WAL was started
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        assert not Path(f"{path}-wal").exists()


def test_archive_store_missing_without_create(tmp_path: Path) -> None:
    with pytest.raises(errors.UnspunError, match="no such file") as exc:
        Archive.open(str(tmp_path / "a.db"), create=False)
    assert exc.value.code == errors.E_ARCHIVE_OPEN and not (tmp_path / "a.db").exists()


def test_archive_store_result_round_trip(tmp_path: Path, pipeline: Pipeline) -> None:
    profile = profile_of(pipeline)
    r = analyse(pipeline, profile.key, _item(resources.SENSATIONAL))
    with Archive.open(str(tmp_path / "a.db")) as a:
        run = a.start_run(profile, "test")
        report_id = a.add_result(r, run)
        a.add_result(r, run)  # the same item and profile again: replaced, never doubled
        counts = a.counts()
        assert (counts["articles"], counts["reports"]) == (1, 1)
        assert counts["findings"] == r.n_findings > 0
        (article_id, severity) = a.conn.execute("SELECT article_id, max_severity FROM reports").fetchone()
        report = a.report(article_id)
        assert report is not None and report["summary"]["max_severity"] == severity
        assert len(report["findings"]) == r.n_findings
        assert report == a.report(article_id, profile.key)
        assert a.is_done(r.item, profile.key) and not a.is_done(r.item, "another profile")
        assert report_id > 0


def test_archive_store_error_replaced_by_result(tmp_path: Path, pipeline: Pipeline) -> None:
    profile = profile_of(pipeline)
    item = _item(resources.SOBER)
    with Archive.open(str(tmp_path / "a.db")) as a:
        a.start_run(profile, "test")
        a.add_error(item, "E999", "first failure", profile.key)
        a.add_error(item, "E998", "second failure", profile.key)
        assert a.conn.execute("SELECT code FROM errors").fetchall() == [("E998",)]
        assert a.is_done(item, profile.key)
        a.add_result(analyse(pipeline, profile.key, item))
        assert a.counts()["errors"] == 0


def test_archive_store_passages_search(tmp_path: Path, pipeline: Pipeline) -> None:
    profile = profile_of(pipeline)
    with Archive.open(str(tmp_path / "a.db")) as a:
        a.start_run(profile, "test")
        ids = [a.conn.execute("SELECT article_id FROM reports WHERE id = ?",
                              (a.add_result(analyse(pipeline, profile.key, _item(t))),)).fetchone()[0]
               for t in (resources.SOBER, resources.WIRE_STYLE)]
        a.add_passages(ids[0], "sentence", [(0, 10, "The city council voted to raise bus fares.")])
        a.add_passages(ids[1], "sentence", [(0, 10, "The library branch opened on Saturday."),
                                            (11, 20, "The council should publish the contract.")])
        hits = a.search_passages("council raises fares")
        assert [h[1] for h in hits] == [ids[0], ids[1]]  # bm25: the passage with more of the words first
        assert a.search_passages("\"*) OR NEAR(") == []  # no FTS syntax gets through
        a.conn.execute("DELETE FROM articles WHERE id = ?", (ids[0],))  # cascades to passages and the index
        assert [h[1] for h in a.search_passages("fares council")] == [ids[1]]
        assert a.counts()["reports"] == 1
