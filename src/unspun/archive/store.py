"""The archive file: open (checked, migrated), write results one transaction each, read them back.

One process writes (the batch's parent); any number may read at the same time (WAL). Every write that
belongs together is one transaction, so a process killed at any point leaves either all of an item's rows
or none of them, and the UNIQUE constraints make a second copy impossible.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from unspun import errors
from unspun.archive.identity import Profile
from unspun.archive.schema import APPLICATION_ID, SCHEMA_VERSION, migrate, now
from unspun.archive.sources import Failed, Item
from unspun.archive.worker import REPORT_ENCODING, Result

_SQLITE_MAGIC = b"SQLite format 3\x00"
#: STRICT tables need SQLite 3.37 (2021-11).
MIN_SQLITE = (3, 37, 0)


class Archive:
    """An open archive. Use :meth:`open`; close it (or use it as a context manager) when done."""

    def __init__(self, path: str, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    # -- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str, *, create: bool = True) -> Archive:
        """Open (and migrate) the archive at ``path``, creating it when ``create`` and it is absent.

        Raises E160 for a file that is not an archive, E161 for a newer schema, E162 when it cannot be
        opened or created. A file that is refused is never changed.
        """
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise errors.archive_open(path, f"this Python's SQLite is {sqlite3.sqlite_version}; archives need 3.37 or newer")
        p = Path(path)
        if p.is_dir():
            raise errors.archive_open(path, "a folder, not a file")
        if p.exists():
            try:
                with open(p, "rb") as fh:
                    head = fh.read(len(_SQLITE_MAGIC))
            except OSError as exc:
                raise errors.archive_open(path, f"cannot be read ({exc.strerror or exc})") from None
            if head and head != _SQLITE_MAGIC:
                raise errors.not_archive(path, f"which is not a SQLite database (it starts with {head[:8]!r})")
        elif not create:
            raise errors.archive_open(path, "no such file; 'unspun batch ... --db' creates an archive")
        elif not p.parent.is_dir():
            raise errors.archive_open(path, f"the folder {str(p.parent)!r} does not exist")
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=60.0, check_same_thread=False)
        except sqlite3.Error as exc:
            raise errors.archive_open(path, str(exc)) from None
        try:
            cls._check(path, conn)
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != ("memory" if path == ":memory:" else "wal"):
                raise errors.archive_open(path, f"the file system does not allow SQLite's WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous=NORMAL")  # WAL: a crash of the process loses no committed item
            conn.execute("PRAGMA foreign_keys=ON")
            migrate(conn, int(conn.execute("PRAGMA user_version").fetchone()[0]))
        except sqlite3.OperationalError as exc:
            conn.close()
            raise errors.archive_open(path, str(exc)) from None
        except BaseException:
            conn.close()
            raise
        return cls(path, conn)

    @staticmethod
    def _check(path: str, conn: sqlite3.Connection) -> None:
        """Refuse, before any write, a file that is not an archive or is from a newer unspun."""
        try:
            app = int(conn.execute("PRAGMA application_id").fetchone()[0])
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        except sqlite3.DatabaseError as exc:  # "file is not a database", encrypted or damaged files
            conn.close()
            raise errors.not_archive(path, f"which SQLite cannot read as a database ({exc})") from None
        if app == APPLICATION_ID:
            if version > SCHEMA_VERSION:
                conn.close()
                raise errors.archive_newer(path, version, SCHEMA_VERSION)
            return
        if app == 0 and version == 0 and tables == 0:
            return  # an empty SQLite file, or one left by a run killed before its first migration committed
        conn.close()
        raise errors.not_archive(path, f"a SQLite database of another program ({tables} objects, application id {app})")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta").fetchall())

    # -- runs and profiles ----------------------------------------------------------------------
    def start_run(self, profile: Profile, command: str) -> int:
        from unspun import __version__

        with self._transaction():
            self.conn.execute("INSERT OR IGNORE INTO profiles(profile_key, description, created) VALUES (?, ?, ?)",
                              (profile.key, json.dumps(profile.description, sort_keys=True, default=str), now()))
            cur = self.conn.execute("INSERT INTO runs(started, profile_key, command, unspun_version) VALUES (?, ?, ?, ?)",
                                    (now(), profile.key, command, __version__))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, done: int, skipped: int, failed: int) -> None:
        self.conn.execute("UPDATE runs SET finished = ?, done = ?, skipped = ?, failed = ? WHERE id = ?",
                          (now(), done, skipped, failed, run_id))

    # -- resume -----------------------------------------------------------------------------------
    def is_done(self, item: Item | Failed, profile_key: str) -> bool:
        """True when the item has a report (or, when it failed, an error) under this profile and content."""
        if isinstance(item, Item):
            row = self.conn.execute(
                "SELECT 1 FROM reports r JOIN articles a ON a.id = r.article_id "
                "WHERE a.key = ? AND r.profile_key = ? AND r.content_hash = ?",
                (item.key, profile_key, item.content_hash)).fetchone()
            if row is not None:
                return True
            digest: str | None = item.content_hash
        else:
            digest = None
        return self.conn.execute(
            "SELECT 1 FROM errors WHERE item_key = ? AND profile_key = ? AND content_hash IS ?",
            (item.key, profile_key, digest)).fetchone() is not None

    def has_error(self, key: str) -> bool:
        return self.conn.execute("SELECT 1 FROM errors WHERE item_key = ?", (key,)).fetchone() is not None

    # -- writing ----------------------------------------------------------------------------------
    def _transaction(self) -> _Tx:
        return _Tx(self.conn)

    def add_result(self, r: Result, run_id: int | None = None) -> int:
        """Store an analysed item (article, report, findings, claims) in one transaction; the report's id."""
        from unspun.archive import claim_store
        from unspun.archive import signatures as sig

        it = r.item
        t = now()
        sigs = sig.signatures(r.body)  # computed before the transaction, which stays short
        fields = (it.ext_id, r.item.content_hash, it.source, it.line, r.input_kind, r.url, r.site, r.author,
                  r.published, r.published_at, r.headline, r.body)
        with self._transaction():
            c = self.conn
            row = c.execute("SELECT id FROM articles WHERE key = ?", (it.key,)).fetchone()
            if row is None:
                article_id = int(c.execute(
                    "INSERT INTO articles(ext_id, content_hash, source, line, input_kind, url, site, author, "
                    "published, published_at, headline, body, key, first_seen, updated) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (*fields, it.key, t, t)).fetchone()[0])
            else:
                article_id = int(row[0])
                c.execute("UPDATE articles SET ext_id = ?, content_hash = ?, source = ?, line = ?, input_kind = ?, "
                          "url = ?, site = ?, author = ?, published = ?, published_at = ?, headline = ?, body = ?, "
                          "updated = ? WHERE id = ?", (*fields, t, article_id))
            c.execute("DELETE FROM reports WHERE article_id = ? AND profile_key = ?", (article_id, r.profile_key))
            report_id = int(c.execute(
                "INSERT INTO reports(article_id, profile_key, run_id, content_hash, encoding, report, max_severity, "
                "n_findings, n_failed, duration_ms, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (article_id, r.profile_key, run_id, it.content_hash, REPORT_ENCODING, r.report, r.max_severity,
                 r.n_findings, r.n_failed, r.duration_ms, t)).fetchone()[0])
            c.executemany(
                'INSERT INTO findings(report_id, article_id, ordinal, analyzer, label, severity, severity_rank, score, '
                'start, "end", explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                [(report_id, article_id, *f) for f in r.findings])
            claim_store.write(c, report_id, article_id, r.claims)
            sig.write_signatures(c, article_id, sigs)
            c.execute("DELETE FROM errors WHERE item_key IN (?, ?)", (it.key, it.place))
        return report_id

    def add_articles(self, articles: Iterable[dict[str, Any]], *, source: str = "", per_transaction: int = 200) -> list[int]:
        """Store articles without reports (a collection to search or cluster, the eval's test collection), each
        with its signatures; ``per_transaction`` articles a transaction. Each dict has ``headline`` and ``body``
        and may have ``id`` (the key, else the content hash), ``url``, ``site``, ``published``, and
        ``signatures`` (``signatures.signatures`` of the canonical body, computed elsewhere). Their ids."""
        from unspun.archive import signatures as sig
        from unspun.archive.identity import content_hash, item_key
        from unspun.archive.worker import iso_date
        from unspun.document import Document

        ids: list[int] = []
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            t = now()
            docs = [Document.from_parts(a.get("headline") or "", a.get("body") or "") for a in batch]
            prepared = [({**a, "headline": d.headline_text, "body": d.body_text},
                         a.get("signatures") or sig.signatures(d.body_text))
                        for a, d in zip(batch, docs, strict=True)]
            with self._transaction():
                for a, sigs in prepared:
                    digest = content_hash(headline=a["headline"], body=a["body"])
                    ext = None if a.get("id") is None else str(a["id"])
                    row = self.conn.execute(
                        "INSERT INTO articles(key, ext_id, content_hash, source, input_kind, url, site, published, "
                        "published_at, headline, body, first_seen, updated) VALUES (?, ?, ?, ?, 'parts', ?, ?, ?, ?, ?, ?, "
                        "?, ?) ON CONFLICT(key) DO UPDATE SET content_hash = excluded.content_hash, url = excluded.url, "
                        "site = excluded.site, published = excluded.published, published_at = excluded.published_at, "
                        "headline = excluded.headline, body = excluded.body, updated = excluded.updated RETURNING id",
                        (item_key(ext, digest), ext, digest, source, a.get("url"), a.get("site"), a.get("published"),
                         iso_date(a.get("published")), a["headline"], a["body"], t, t)).fetchone()
                    sig.write_signatures(self.conn, int(row[0]), sigs)
                    ids.append(int(row[0]))
            batch.clear()

        for a in articles:
            batch.append(a)
            if len(batch) >= per_transaction:
                flush()
        if batch:
            flush()
        return ids

    def add_error(self, item: Item | Failed, code: str, message: str, profile_key: str, run_id: int | None = None) -> None:
        """Record (or replace) an item's error; one statement, so one transaction."""
        digest = item.content_hash if isinstance(item, Item) else None
        self.conn.execute(
            "INSERT INTO errors(item_key, content_hash, source, line, code, message, profile_key, run_id, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(item_key) DO UPDATE SET content_hash = excluded.content_hash, "
            "source = excluded.source, line = excluded.line, code = excluded.code, message = excluded.message, "
            "profile_key = excluded.profile_key, run_id = excluded.run_id, created = excluded.created",
            (item.key, digest, item.source, item.line, code, message, profile_key, run_id, now()))

    # -- reading ----------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "reports", "findings", "errors", "runs", "passages", "fact_checks"):
            out[table] = int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        return out

    def report(self, article_id: int, profile_key: str | None = None) -> dict[str, Any] | None:
        """An article's report as ``Report.to_dict()`` made it: its newest, or the one of ``profile_key``."""
        if profile_key is None:
            row = self.conn.execute("SELECT encoding, report FROM current_reports WHERE article_id = ?",
                                    (article_id,)).fetchone()
        else:
            row = self.conn.execute("SELECT encoding, report FROM reports WHERE article_id = ? AND profile_key = ?",
                                    (article_id, profile_key)).fetchone()
        return None if row is None else decode_report(row[0], row[1])

    # -- passages (issue 18's reference search) ---------------------------------------------------
    def add_passages(self, article_id: int, kind: str, passages: Iterable[tuple[int, int, str]]) -> None:
        """Index an article's passages (start, end, text) for full-text search; replaces those of ``kind``."""
        with self._transaction():
            self.conn.execute("DELETE FROM passages WHERE article_id = ? AND kind = ?", (article_id, kind))
            self.conn.executemany(
                'INSERT INTO passages(article_id, kind, ordinal, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)',
                [(article_id, kind, i, s, e, text) for i, (s, e, text) in enumerate(passages)])

    def search_passages(self, query: str, limit: int = 10) -> list[tuple[int, int, int, int, str, float]]:
        """Passages matching any word of ``query``, best first: (id, article_id, start, end, text, bm25)."""
        q = fts_query(query)
        if not q:
            return []
        rows = self.conn.execute(
            'SELECT p.id, p.article_id, p.start, p."end", p.text, bm25(passages_fts) AS score FROM passages_fts '
            "JOIN passages p ON p.id = passages_fts.rowid WHERE passages_fts MATCH ? ORDER BY score LIMIT ?",
            (q, limit)).fetchall()
        return [(int(a), int(b), int(c), int(d), str(e), float(f)) for a, b, c, d, e, f in rows]


def decode_report(encoding: str, blob: bytes) -> dict[str, Any]:
    if encoding != REPORT_ENCODING:
        raise ValueError(f"unknown report encoding {encoding!r}")
    out: dict[str, Any] = json.loads(zlib.decompress(blob).decode("utf-8"))
    return out


#: English function words left out of a content-word query (:func:`fts_query` ``content=True``): each
#: matches most passages, so a query with them makes FTS5 score nearly the whole table (ten times slower
#: on 10,000 fact-checks) for a few points of BM25 that rank nothing.
STOP_WORDS = frozenset("""a an the and or but if of to in on at by for from with as is are was were be been being it
its this that these those he she they we you i his her their our your my me him them us not no do does did have
has had will would can could should may might must than then so such there here which who whom whose what when
where why how all any some each also just into over under about after before up down out off said says""".split())


def fts_query(text: str, *, content: bool = False) -> str:
    """An FTS5 query that matches any of the words of ``text`` (each quoted: no FTS syntax gets through);
    ``content``: only its content words (not :data:`STOP_WORDS`; all of them when it has nothing else)."""
    words = list(dict.fromkeys(re.findall(r"\w+", text.lower())))
    if content:
        words = [w for w in words if w not in STOP_WORDS] or words
    return " OR ".join(f'"{w}"' for w in words)


class _Tx:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type is not None else "COMMIT")
