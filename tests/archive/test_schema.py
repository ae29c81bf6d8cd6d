"""Schema migrations: append-only, one transaction each, an older archive migrated forward; all documented."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import ROOT
from unspun.archive import Archive, schema
from unspun.archive.schema import SCHEMA_VERSION, Migration, migrate

#: sha256 of each released migration's SQL. A failure here means a released migration was edited:
#: archives made with it would not get the change. Add a new migration instead.
RELEASED = {
    1: "ccdb0b10cf9604b2b2017fb391a199bc0ea68a7ddc32248c332aecc4add29b09",
    2: "55ca94100e6227cd06e2bcfcffb013d18490380348b54baf08c1cc944395f20c",
    3: "61b24f4fd9219dca354d7933b3199482c0694470bfad1680843ea5dc84a54f9a",
    4: "d4b99cbcb1256315d0c080d290632acb6940bcf4f58e247dc508999bc8e1e75a",
    5: "4912e1d65013c507dbbc36ef75cbd2a64f898e361479e4cdcc1344b2a8b8f66b",
}


@pytest.mark.parametrize("migration", schema.MIGRATIONS, ids=lambda m: f"v{m.version}")
def test_archive_schema_released_migrations_unchanged(migration: Migration) -> None:
    if migration.version in RELEASED:
        assert hashlib.sha256(migration.sql.encode()).hexdigest() == RELEASED[migration.version]


def test_archive_schema_versions_are_consecutive() -> None:
    assert [m.version for m in schema.MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


def _v1_archive(path: Path) -> None:
    """An archive as unspun with schema version 1 wrote it, holding one checked article and one error."""
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("PRAGMA journal_mode=WAL")
    migrate(c, 0, target=1)
    c.execute("INSERT INTO profiles VALUES ('p1', '{}', '2026-01-01T00:00:00+00:00')")
    c.execute("INSERT INTO articles(key, content_hash, source, input_kind, headline, body, first_seen, updated) "
              "VALUES ('a', 'h', 'in.jsonl', 'parts', 'Head', 'Body.', 't', 't')")
    c.execute("INSERT INTO reports(article_id, profile_key, content_hash, encoding, report, n_findings, n_failed, "
              "duration_ms, created) VALUES (1, 'p1', 'h', 'json+zlib', x'00', 1, 0, 1.0, 't')")
    c.execute("INSERT INTO findings(report_id, article_id, ordinal, analyzer, label, severity, severity_rank, score, "
              "explanation) VALUES (1, 1, 0, 'headline_wording', 'all_caps', 'medium', 2, 0.5, 'x')")
    c.execute("INSERT INTO errors(item_key, source, code, message, profile_key, created) "
              "VALUES ('in.jsonl#2', 'in.jsonl', 'E165', 'm', 'p1', 't')")
    c.close()


def test_archive_schema_migrates_v1_forward(tmp_path: Path) -> None:
    _v1_archive(tmp_path / "old.db")
    with Archive.open(str(tmp_path / "old.db")) as a:
        assert a.schema_version == SCHEMA_VERSION
        assert a.meta()["schema_version"] == str(SCHEMA_VERSION)
        counts = a.counts()
        assert (counts["articles"], counts["reports"], counts["findings"], counts["errors"]) == (1, 1, 1, 1)
        assert counts["passages"] == counts["fact_checks"] == 0
        a.add_passages(1, "sentence", [(6, 11, "Body.")])  # the new tables work on the old rows
        assert [h[1] for h in a.search_passages("body")] == [1]
        a.conn.execute("INSERT INTO fact_checks(key, claim_reviewed, source, record, imported, updated) "
                       "VALUES ('k', 'The moon is made of cheese', 'f.json', '{}', 't', 't')")
        hits = a.conn.execute("SELECT rowid FROM fact_checks_fts WHERE fact_checks_fts MATCH 'cheese'").fetchall()
        assert hits == [(1,)]


def test_archive_schema_migrates_v2_fact_checks_forward(tmp_path: Path) -> None:
    """A version-2 archive holding a fact-check: version 3 keeps it, and it can be merged into by an import."""
    path = tmp_path / "v2.db"
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("PRAGMA journal_mode=WAL")
    migrate(c, 0, target=2)
    c.execute("INSERT INTO fact_checks(key, claim_reviewed, url, source, record, imported, updated) "
              "VALUES ('k', 'The moon is made of cheese', 'https://f.example/1', 'f.json', '{}', 't', 't')")
    c.close()
    with Archive.open(str(path)) as a:
        assert a.schema_version == SCHEMA_VERSION >= 3
        row = a.conn.execute("SELECT claim_reviewed, appearances, import_id FROM fact_checks").fetchone()
        assert row == ("The moon is made of cheese", None, None)
        for table in ("fact_check_imports", "passage_index", "token_vectors"):
            assert a.conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        hits = a.conn.execute("SELECT rowid FROM fact_checks_fts WHERE fact_checks_fts MATCH 'cheese'").fetchall()
        assert hits == [(1,)]


def test_archive_schema_v4_indexes_the_headlines_of_an_older_archive(tmp_path: Path) -> None:
    """Migration 4 on an archive of version 1 with an article: its headline is searchable at once, and the
    triggers keep the index in step with later inserts, updates and deletes; the date index serves the list."""
    _v1_archive(tmp_path / "old.db")
    with Archive.open(str(tmp_path / "old.db")) as a:
        c = a.conn

        def hits(word: str) -> list[int]:
            return [r[0] for r in c.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid",
                                            (word,))]

        assert hits("head") == [1]  # the migration indexed the old row
        c.execute("INSERT INTO articles(key, content_hash, source, input_kind, headline, body, first_seen, updated) "
                  "VALUES ('b', 'h2', 'in.jsonl', 'parts', 'Storms closing schools', 'Body.', 't', 't')")
        assert hits("storm") == [2] and hits("close") == [2]  # stemmed: storms, closing
        c.execute("UPDATE articles SET headline = 'Floods close roads' WHERE id = 2")
        assert hits("storm") == [] and hits("flood") == [2]
        c.execute("DELETE FROM articles WHERE id = 1")
        assert hits("head") == []
        c.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")  # raises when out of step
        names = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"articles_when", "articles_site_when", "findings_label", "reports_severity"} <= names
        assert not {"articles_site", "findings_analyzer_label"} & names  # replaced by the wider ones


@pytest.mark.parametrize(
    ("sql", "index"),
    [
        ("SELECT a.id FROM articles a ORDER BY coalesce(a.published_at, a.first_seen) DESC, a.id DESC LIMIT 50",
         "articles_when"),
        ("SELECT a.id FROM articles a WHERE a.site = 'x' ORDER BY coalesce(a.published_at, a.first_seen), a.id",
         "articles_site_when"),
        ("SELECT f.article_id, f.report_id FROM findings f WHERE f.analyzer = 'a' AND f.label = 'b' "
         "AND f.severity_rank >= 2", "findings_label"),
        ("SELECT r.article_id FROM reports r WHERE r.max_severity IN ('medium', 'high')", "reports_severity"),
    ],
    ids=["list", "site", "finding", "severity"],
)
def test_archive_schema_browsing_reads_indexes_only(sql: str, index: str) -> None:
    """The list's queries (``archive.browse``) are answered from their indexes, with no sort of their own (SQLite
    calls an index on an expression "covering" only when the columns in it are there too; it reads no row
    it does not need either way)."""
    with Archive.open(":memory:") as a:
        plan = " ".join(r[3] for r in a.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert f"INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan


def test_archive_schema_failed_migration_leaves_previous_version(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _v1_archive(tmp_path / "old.db")
    broken = Migration(2, "broken", "CREATE TABLE half_done (x INTEGER);\nCREATE TABLE broken (;\n")
    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], broken))
    c = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(c, 1, target=2)
    assert c.execute("PRAGMA user_version").fetchone() == (1,)
    assert c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone() == (0,)
    c.close()


def test_archive_schema_documented() -> None:
    """docs/archive.md names every table and view, and every column under its table's heading."""
    doc = (ROOT / "docs" / "archive.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", doc, flags=re.MULTILINE)
    with Archive.open(":memory:") as a:
        objects = a.conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                 "AND name NOT LIKE 'sqlite%' AND name NOT GLOB '*_fts_*'").fetchall()
        for (name,) in objects:
            section = next((s for s in sections if f"`{name}`" in s.split("\n", 1)[0] or f"**`{name}`**" in s), None)
            assert section is not None, f"docs/archive.md has no section for {name}"
            for row in a.conn.execute(f"PRAGMA table_info({name})"):
                assert f"`{row[1]}`" in section, f"docs/archive.md does not describe {name}.{row[1]}"
