"""Earlier fact-checks in the archive: import (one transaction a file), their vectors, and lookup.

:func:`import_file` reads a file (:mod:`unspun.archive.claimreview`), merges duplicates (the same
review URL and the same claim, compared as :func:`claimreview.norm_claim` words: within the file and
with what the archive holds; a later record fills and replaces the fields it gives), embeds the new
or changed claims and titles with MiniLM (the vectors :class:`unspun.archive.claims.ClaimIndex`
compares), and writes everything, with a ``fact_check_imports`` row, in one transaction: a failure or
a kill leaves the archive as it was. Records that cannot be used are skipped and listed with their
line (the first :data:`claimreview.MAX_PROBLEMS`).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from unspun.archive import claimreview
from unspun.archive.claimreview import FactCheck, Parsed, Problem
from unspun.archive.schema import now

if TYPE_CHECKING:
    import sqlite3

    from unspun.archive.store import Archive

#: ``embeddings.kind`` of a fact-check's claim and title vectors (MiniLM, float32)
CLAIM_VECTORS = "fact_check_claim"
TITLE_VECTORS = "fact_check_title"
FORMATS = ("claimreview", "checkthat")


def key(fc: FactCheck) -> str:
    """The merge key: the review's URL and the claim's words, hashed. A record without a URL (CheckThat! rows)
    stands in with its id: two Snopes entries with the same words are two fact-checks."""
    where = fc.url or (f"id:{fc.ext_id}" if fc.ext_id else "")
    return hashlib.sha256(f"{where}\n{claimreview.norm_claim(fc.claim)}".encode()).hexdigest()


@dataclass
class ImportSummary:
    source: str
    format: str
    records: int = 0  # usable records read
    imported: int = 0  # new fact-checks
    merged: int = 0  # records merged into a fact-check (of the archive or earlier in the file)
    skipped: int = 0  # records that could not be used
    embedded: int = 0  # fact-checks whose vectors were computed
    problems: list[Problem] = field(default_factory=list)
    total: int = 0  # fact-checks in the archive after the import
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "format": self.format, "records": self.records, "imported": self.imported,
                "merged": self.merged, "skipped": self.skipped, "embedded": self.embedded,
                "problems": [p.to_dict() for p in self.problems[: claimreview.MAX_PROBLEMS]],
                "fact_checks": self.total, "seconds": round(self.seconds, 3)}

    def text(self) -> str:
        lines = [f"{self.source}: {self.imported:,} imported, {self.merged:,} merged, {self.skipped:,} skipped "
                 f"({self.format}; {self.total:,} fact-check(s) in the archive; {self.seconds:.1f} s)"]
        for p in self.problems[: claimreview.MAX_PROBLEMS]:
            lines.append(f"  skipped line {p.line}: {p.message}")
        if len(self.problems) > claimreview.MAX_PROBLEMS:
            lines.append(f"  ... and {len(self.problems) - claimreview.MAX_PROBLEMS:,} more")
        return "\n".join(lines) + "\n"


def _merge(old: FactCheck, new: FactCheck) -> FactCheck:
    """``new`` with the fields it lacks taken from ``old`` (the later record wins where it says something)."""
    filled = {f: getattr(old, f) for f in FactCheck.__dataclass_fields__ if getattr(new, f) in (None, ())}
    return replace(new, **filled)


def read(path: Path, fmt: str) -> Parsed:
    from unspun import errors

    if not path.is_file():
        raise errors.factcheck_input(str(path), "no such file" if not path.exists() else "not a file", fmt)
    try:
        return claimreview.read_checkthat(path) if fmt == "checkthat" else claimreview.read_claimreview(path)
    except UnicodeDecodeError:
        raise errors.factcheck_input(str(path), "not UTF-8 text", fmt) from None
    except (OSError, EOFError) as exc:  # unreadable, or a damaged .gz
        raise errors.factcheck_input(str(path), f"cannot be read ({exc})", fmt) from None
    except claimreview.BadRecord as exc:  # a CheckThat! header without its columns
        raise errors.factcheck_input(str(path), str(exc), fmt) from None


def import_file(archive: Archive, path: Path, fmt: str = "claimreview", *, embed: bool = True,
                embedder: Any = None) -> ImportSummary:
    """Import one file of fact-checks (see the module's docstring); the summary of what happened."""
    t0 = time.perf_counter()
    started = now()
    parsed = read(path, fmt)
    s = ImportSummary(str(path), parsed.format, records=len(parsed.records), skipped=len(parsed.problems),
                      problems=list(parsed.problems))
    merged: dict[str, FactCheck] = {}
    for fc in parsed.records:
        k = key(fc)
        if k in merged:
            s.merged += 1
            merged[k] = _merge(merged[k], fc)
        else:
            merged[k] = fc
    conn = archive.conn
    existing = _existing(conn, list(merged))
    s.merged += sum(1 for k in merged if k in existing)
    s.imported = len(merged) - sum(1 for k in merged if k in existing)
    todo = [k for k, fc in merged.items() if k not in existing or existing[k] != (fc.claim, fc.title)]
    vectors = _vectors([merged[k] for k in todo], embedder) if embed and todo else None
    s.embedded = len(todo) if vectors is not None else 0
    from unspun import __version__
    from unspun.archive.copies import embedding_model_name

    with archive._transaction():
        import_id = int(conn.execute(
            "INSERT INTO fact_check_imports(source, format, started, finished, imported, merged, skipped, problems, "
            "unspun_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (str(path), parsed.format, started, now(), s.imported, s.merged, s.skipped,
             json.dumps([p.to_dict() for p in s.problems[: claimreview.MAX_PROBLEMS]]), __version__)).fetchone()[0])
        ids = {k: _upsert(conn, k, fc, str(path), import_id) for k, fc in merged.items()}
        if vectors is not None:
            model = embedding_model_name()
            rows = [(kind, ids[k], model, int(v.shape[0]), v.astype("<f4").tobytes())
                    for kind, mat in ((CLAIM_VECTORS, vectors[0]), (TITLE_VECTORS, vectors[1]))
                    for k, v in zip(todo, mat, strict=True)]
            conn.executemany("INSERT INTO embeddings(kind, ref_id, model, dim, dtype, vector) VALUES (?, ?, ?, ?, "
                             "'float32', ?) ON CONFLICT(kind, ref_id, model) DO UPDATE SET dim = excluded.dim, "
                             "dtype = excluded.dtype, vector = excluded.vector", rows)
        if merged:  # one FTS5 segment: fewer b-trees for each query term to seek (docs/claims.md, Speed)
            conn.execute("INSERT INTO fact_checks_fts(fact_checks_fts) VALUES ('optimize')")
        s.total = int(conn.execute("SELECT count(*) FROM fact_checks").fetchone()[0])
    s.seconds = time.perf_counter() - t0
    return s


def _existing(conn: sqlite3.Connection, keys: list[str]) -> dict[str, tuple[str, str | None]]:
    out: dict[str, tuple[str, str | None]] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        q = f"SELECT key, claim_reviewed, title FROM fact_checks WHERE key IN ({','.join('?' * len(chunk))})"
        out.update({str(k): (str(c), t) for k, c, t in conn.execute(q, chunk)})
    return out


def _upsert(conn: sqlite3.Connection, k: str, fc: FactCheck, source: str, import_id: int) -> int:
    t = now()
    cols = ("ext_id", "claim_reviewed", "title", "rating_label", "rating_value", "best_rating", "worst_rating", "url",
            "publisher", "publisher_url", "date_published", "claimant", "claim_date", "appearance_url", "appearances",
            "language", "source", "line", "record", "import_id")
    vals = (fc.ext_id, fc.claim, fc.title, fc.rating_label, fc.rating_value, fc.best_rating, fc.worst_rating, fc.url,
            fc.publisher, fc.publisher_url, fc.date_published, fc.claimant, fc.claim_date,
            fc.appearances[0] if fc.appearances else None, json.dumps(list(fc.appearances)) if fc.appearances else None,
            fc.language, source, fc.line, json.dumps(fc.record, ensure_ascii=False, sort_keys=True), import_id)
    always = {"claim_reviewed", "source", "line", "record", "import_id"}
    sets = ", ".join(f"{c} = excluded.{c}" if c in always else f"{c} = coalesce(excluded.{c}, fact_checks.{c})"
                     for c in cols)
    row = conn.execute(
        f"INSERT INTO fact_checks(key, {', '.join(cols)}, imported, updated) VALUES (?, {', '.join('?' * len(cols))}, "
        f"?, ?) ON CONFLICT(key) DO UPDATE SET {sets}, updated = excluded.updated RETURNING id",
        (k, *vals, t, t)).fetchone()
    return int(row[0])


def index_title(claim: str, title: str | None) -> str:
    """The title a fact-check is searched and embedded by: its own, else its claim."""
    return title or claim


def _vectors(fcs: list[FactCheck], embedder: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """MiniLM vectors of the claims and titles, as :class:`ClaimIndex` computes them."""
    from unspun.archive.claims import CLAIM_TOKENS

    if embedder is None:
        from unspun.runtime import embed

        def embedder(texts: list[str]) -> np.ndarray:
            return embed.embed(texts, max_tokens=CLAIM_TOKENS)

    both = embedder([f.claim for f in fcs] + [index_title(f.claim, f.title) for f in fcs])
    return np.asarray(both[: len(fcs)]), np.asarray(both[len(fcs) :])




def stored_vectors(conn: sqlite3.Connection, rows: list[tuple[int, str, str | None]]) -> tuple[np.ndarray, np.ndarray]:
    """The claim and title vectors of fact-checks ``(id, claim, title)``, in that order: stored ones read,
    missing ones computed (and not stored: ``unspun archive index`` stores them)."""
    from unspun.archive.copies import embedding_model_name

    model = embedding_model_name()
    n = len(rows)
    claim, title = np.zeros((n, 384), np.float32), np.zeros((n, 384), np.float32)
    have = np.zeros((n, 2), dtype=bool)
    pos = {r[0]: i for i, r in enumerate(rows)}
    found = conn.execute("SELECT kind, ref_id, dim, dtype, vector FROM embeddings WHERE model = ? AND kind IN (?, ?)",
                         (model, CLAIM_VECTORS, TITLE_VECTORS)).fetchall()
    for col, (kind, out) in enumerate(((CLAIM_VECTORS, claim), (TITLE_VECTORS, title))):
        for dtype, fmt in (("float32", "<f4"), ("float16", "<f2")):  # one buffer per kind and type: 3x faster to load
            sel = [(pos[int(r[1])], r[4]) for r in found
                   if r[0] == kind and r[3] == dtype and int(r[2]) == 384 and int(r[1]) in pos]
            if sel:
                idx = [i for i, _ in sel]
                out[idx] = np.frombuffer(b"".join(b for _, b in sel), dtype=fmt).reshape(len(sel), 384)
                have[idx, col] = True
    todo = [i for i in range(n) if not have[i].all()]
    if todo:
        fcs = [FactCheck(claim=rows[i][1], line=0, record={}, title=rows[i][2]) for i in todo]
        c, t = _vectors(fcs)
        claim[todo], title[todo] = c, t
    return claim, title


def embed_missing(archive: Archive) -> int:
    """Compute and store the vectors of the fact-checks that lack them (imported with ``--no-embed``, or
    before a new embedding model); how many."""
    from unspun.archive.copies import embedding_model_name

    conn = archive.conn
    model = embedding_model_name()
    rows = conn.execute(
        "SELECT id, claim_reviewed, title FROM fact_checks f WHERE (SELECT count(*) FROM embeddings e WHERE "
        "e.ref_id = f.id AND e.model = ? AND e.kind IN (?, ?)) < 2 ORDER BY id",
        (model, CLAIM_VECTORS, TITLE_VECTORS)).fetchall()
    if not rows:
        return 0
    c, t = _vectors([FactCheck(claim=r[1], line=0, record={}, title=r[2]) for r in rows])
    with archive._transaction():
        conn.executemany("INSERT INTO embeddings(kind, ref_id, model, dim, dtype, vector) VALUES (?, ?, ?, 384, "
                         "'float32', ?) ON CONFLICT(kind, ref_id, model) DO UPDATE SET dim = excluded.dim, "
                         "dtype = excluded.dtype, vector = excluded.vector",
                         [(kind, int(r[0]), model, v.astype("<f4").tobytes())
                          for kind, mat in ((CLAIM_VECTORS, c), (TITLE_VECTORS, t)) for r, v in zip(rows, mat, strict=True)])
    return len(rows)
