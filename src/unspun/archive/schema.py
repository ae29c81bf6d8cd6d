"""The archive's schema: versioned migrations, applied in order, each in one transaction.

An archive is a SQLite file whose ``PRAGMA application_id`` is :data:`APPLICATION_ID` and whose
``PRAGMA user_version`` is the number of migrations applied (mirrored in ``meta.schema_version``).
Migrations are append-only: a released one is never edited (``tests/archive/test_schema.py`` pins their
hashes); a change to the schema is a new migration at the end of :data:`MIGRATIONS`.
docs/archive.md describes every table and column.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from unspun import __version__
from unspun.archive.migrations_sql import V1, V2, V3, V4, V5

#: "unsp" in ASCII: marks the SQLite file as an unspun archive (``PRAGMA application_id``).
APPLICATION_ID = 0x756E7370


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sql: str


#: Every migration, in order. Append only; never edit a released one.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, reports, findings, errors, runs and profiles", V1),
    Migration(2, "passages with FTS5, near-duplicate signatures and clusters, embeddings, fact-checks, claims", V2),
    Migration(3, "fact-check imports, appearances, passage index state, static token vectors", V3),
    Migration(4, "a full-text index of the headlines, indexes by date, finding and severity, for browsing "
                 "(serve --db)", V4),
    Migration(5, "claims of archived articles: lookup state, fact-check match ranks, judged reference passages", V5),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def now() -> str:
    """The current UTC time as ISO 8601 with seconds (the archive's one timestamp format)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrate(conn: sqlite3.Connection, current: int, target: int = SCHEMA_VERSION) -> None:
    """Apply the migrations after ``current`` up to ``target``, each in its own transaction.

    ``conn`` must be in autocommit mode (``isolation_level=None``). A migration that fails, or a process
    killed during one, leaves the archive at the previous version.
    """
    for m in MIGRATIONS:
        if not current < m.version <= target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] >= m.version:  # another process got here first
                conn.execute("COMMIT")
                continue
            for statement in _statements(m.sql):
                conn.execute(statement)
            if m.version == 1:
                conn.execute("INSERT INTO meta(key, value) VALUES ('created_by', ?), ('created', ?)",
                             (f"unspun {__version__}", now()))
            conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(m.version),))
            conn.execute("INSERT INTO meta(key, value) VALUES ('migrated_by', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (f"unspun {__version__}",))
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {m.version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (``sqlite3.complete_statement`` keeps triggers whole)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        if not buf and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {buf[:80]!r}")
    return out
