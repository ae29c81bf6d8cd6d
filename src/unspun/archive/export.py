"""``unspun export``: one row per archived article with its current report's key figures.

Rows stream from the archive (one article decoded at a time), so an export of millions of articles needs
the memory of one report, not of the archive. Formats:

- ``jsonl``: the columns below plus ``report``, the report exactly as ``Report.to_dict()`` made it;
- ``csv``: the columns (an empty cell where a figure does not apply);
- ``parquet``: the columns with their types (needs the ``parquet`` extra: pyarrow), written in row groups.

A figure is empty (None) when its analyzer did not run or was not applicable to the article: never a
quiet 0 (house style 8). Articles that only failed (the ``errors`` table) have no report and no row.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from unspun import errors
from unspun.archive.store import Archive, decode_report

FORMATS = ("jsonl", "csv", "parquet")
#: Rows a parquet row group holds (and rows held in memory while writing parquet).
PARQUET_BATCH = 2048

Report = dict[str, Any]


def _summary(r: Report, analyzer: str) -> dict[str, Any] | None:
    """The analyzer's summary when it ran (status ``ok``), else None."""
    for a in r.get("analyzers", []):
        if a.get("name") == analyzer:
            if a.get("status") != "ok":
                return None
            s = r.get("summary", {}).get(analyzer)
            return s if isinstance(s, dict) else {}
    return None


def _get(analyzer: str, *path: str) -> Callable[[Report], Any]:
    def get(r: Report) -> Any:
        value: Any = _summary(r, analyzer)
        for key in path:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value

    return get


def _total(analyzer: str, key: str) -> Callable[[Report], int | None]:
    def get(r: Report) -> int | None:
        s = _summary(r, analyzer)
        if s is None:
            return None
        return int(sum(int(v) for v in (s.get(key) or {}).values()))

    return get


def _top(analyzer: str, key: str) -> Callable[[Report], str | None]:
    def get(r: Report) -> str | None:
        counts = (_summary(r, analyzer) or {}).get(key) or {}
        return max(sorted(counts), key=lambda k: counts[k]) if counts else None

    return get


def _statuses(status: str) -> Callable[[Report], str]:
    return lambda r: ",".join(a["name"] for a in r.get("analyzers", []) if a.get("status") == status)


def _severity(level: str) -> Callable[[Report], int]:
    return lambda r: int(r.get("summary", {}).get("by_severity", {}).get(level, 0))


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # "int", "float" or "str": the parquet type, and how csv readers should read it
    description: str


#: Columns from the ``articles`` row and ``current_reports`` (the SELECT below, in this order).
ARTICLE_COLUMNS = (
    Column("article_id", "int", "the article's id in the archive"),
    Column("key", "str", "its identity: the given id, else sha256 of the normalised content"),
    Column("ext_id", "str", "the id the input gave"),
    Column("url", "str", "its URL"),
    Column("site", "str", "its site"),
    Column("author", "str", "its author"),
    Column("published", "str", "publication date as stated"),
    Column("published_at", "str", "the same as ISO 8601, when it can be read"),
    Column("first_seen", "str", "when the archive first held it"),
    Column("source", "str", "the input it last came from"),
    Column("line", "int", "its line there"),
    Column("headline", "str", "the headline"),
    Column("profile_key", "str", "the analyzer profile of the report"),
    Column("checked", "str", "when the report was made"),
    Column("max_severity", "str", "the most serious finding's severity (empty: no finding)"),
    Column("n_findings", "int", "findings in the report"),
    Column("n_failed", "int", "analyzers that failed"),
    Column("cluster_id", "int", "the recycled-content cluster it belongs to (empty: none found)"),
    Column("cluster_relation", "str", "earliest, verbatim, near_copy or paraphrase"),
    Column("cluster_size", "int", "members of that cluster"),
)

#: Columns computed from the report: (column, getter).
REPORT_COLUMNS: tuple[tuple[Column, Callable[[Report], Any]], ...] = (
    (Column("high", "int", "findings of severity high"), _severity("high")),
    (Column("medium", "int", "findings of severity medium"), _severity("medium")),
    (Column("low", "int", "findings of severity low"), _severity("low")),
    (Column("info", "int", "findings of severity info"), _severity("info")),
    (Column("analyzers_ok", "str", "analyzers that ran (comma-separated)"), _statuses("ok")),
    (Column("analyzers_not_applicable", "str", "analyzers not applicable to it"), _statuses("not_applicable")),
    (Column("analyzers_failed", "str", "analyzers that failed"), _statuses("error")),
    (Column("headline_verdict", "str", "headline_support: the headline's overall verdict"),
     _get("headline_support", "verdict")),
    (Column("headline_wording_signals", "int", "headline_wording: signals in the headline"),
     _total("headline_wording", "signals")),
    (Column("clickbait_probability", "float", "clickbait: calibrated probability"), _get("clickbait", "probability")),
    (Column("persuasion_share", "float", "persuasion: share of the text in technique spans"),
     _get("persuasion", "share_of_text")),
    (Column("persuasion_spans", "int", "persuasion: technique spans"), _total("persuasion", "techniques")),
    (Column("persuasion_top_technique", "str", "persuasion: the most frequent technique"),
     _top("persuasion", "techniques")),
    (Column("emotive_percentile", "float", "emotive_intensity: percentile among ordinary news prose"),
     _get("emotive_intensity", "percentile")),
    (Column("emotive_per_100_words", "float", "emotive_intensity: emotive load per 100 words"),
     _get("emotive_intensity", "per_100_words")),
    *((Column(f"sourcing_{kind}", "int", f"sourcing: {kind} attributions"), _get("sourcing", "counts", kind))
      for kind in ("person", "organisation", "document", "anonymous", "vague")),
    (Column("sourcing_attributed_share", "float", "sourcing: share of factual sentences attributed"),
     _get("sourcing", "attributed_share")),
    (Column("sourcing_distinct_named", "int", "sourcing: distinct named sources"),
     _get("sourcing", "distinct_named_sources")),
    (Column("machine_text_probability", "float", "machine_text: calibrated probability of generated text"),
     _get("machine_text", "probability")),
    (Column("machine_text_perplexity", "float", "machine_text: the language model's perplexity"),
     _get("machine_text", "perplexity")),
)

COLUMNS: tuple[Column, ...] = ARTICLE_COLUMNS + tuple(c for c, _ in REPORT_COLUMNS)

_SELECT = """
SELECT a.id, a.key, a.ext_id, a.url, a.site, a.author, a.published, a.published_at, a.first_seen, a.source, a.line,
       a.headline, r.profile_key, r.created, r.max_severity, r.n_findings, r.n_failed,
       m.cluster_id, m.relation, c.size, r.encoding, r.report
FROM articles a
JOIN current_reports r ON r.article_id = a.id
LEFT JOIN cluster_members m ON m.article_id = a.id
     AND m.cluster_id = (SELECT min(cluster_id) FROM cluster_members WHERE article_id = a.id)
LEFT JOIN clusters c ON c.id = m.cluster_id
ORDER BY a.id
"""


def rows(archive: Archive, *, with_report: bool = False) -> Iterator[dict[str, Any]]:
    """Each article with a report, in archive order, as {column: value} (plus ``report`` when asked)."""
    cur = archive.conn.execute(_SELECT)
    n = len(ARTICLE_COLUMNS)
    while batch := cur.fetchmany(256):
        for rec in batch:
            report = decode_report(rec[n], rec[n + 1])
            row = {c.name: v for c, v in zip(ARTICLE_COLUMNS, rec[:n], strict=True)}
            for col, get in REPORT_COLUMNS:
                value = get(report)
                row[col.name] = _typed(col, value)
            if with_report:
                row["report"] = report
            yield row


def _typed(col: Column, value: Any) -> Any:
    if value is None:
        return None
    if col.type == "int":
        return int(value)
    if col.type == "float":
        return float(value)
    return str(value)


def export(archive: Archive, fmt: str, out: str | None, stdout: IO[str] | None = None) -> int:
    """Write the archive's articles to ``out`` (None: ``stdout``) as ``fmt``; the number of rows.

    A file is written beside its destination and moved into place when complete, so a failed or
    interrupted export never leaves a truncated file under the name asked for.
    """
    if fmt not in FORMATS:
        raise errors.bad_option("--format", "one of " + ", ".join(FORMATS), fmt, "Pass --format jsonl, csv or parquet.")
    if fmt == "parquet":
        if out is None:
            raise errors.bad_option("-o", "a file to write the parquet export to", "standard output",
                                    "Pass -o FILE.parquet (parquet is a binary format).")
        pq = _pyarrow()
        return _to_file(out, lambda tmp: _parquet(archive, tmp, pq), binary=True)
    writer = _jsonl if fmt == "jsonl" else _csv
    if out is None:
        import sys

        return writer(archive, stdout or sys.stdout)
    return _to_file(out, lambda fh: writer(archive, fh))


def _to_file(out: str, write: Callable[[Any], int], *, binary: bool = False) -> int:
    dest = Path(out)
    if dest.is_dir():
        raise errors.bad_option("-o", "a file name", out, "That is a folder: pass a file name inside it.")
    if not dest.parent.is_dir():
        raise errors.bad_option("-o", "a file in an existing folder", out, f"Create {str(dest.parent)!r} first.")
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        if binary:
            n = write(str(tmp))
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                n = write(fh)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return n


def _jsonl(archive: Archive, fh: IO[str]) -> int:
    n = 0
    for row in rows(archive, with_report=True):
        fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        n += 1
    return n


def _csv(archive: Archive, fh: IO[str]) -> int:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow([c.name for c in COLUMNS])
    n = 0
    for row in rows(archive):
        w.writerow(["" if row[c.name] is None else row[c.name] for c in COLUMNS])
        n += 1
    return n


def _pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise errors.extra_missing("--format parquet", "pyarrow", "parquet", f"'import pyarrow' failed ({exc})") from None
    return pq


def parquet_schema() -> Any:
    import pyarrow as pa

    types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string()}
    return pa.schema([pa.field(c.name, types[c.type]) for c in COLUMNS])


def _parquet(archive: Archive, path: str, pq: Any) -> int:
    import pyarrow as pa

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows(archive):
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def columns_text() -> str:
    """The columns as a table, for ``--help`` and the docs."""
    buf = io.StringIO()
    for c in COLUMNS:
        buf.write(f"{c.name:<28} {c.type:<6} {c.description}\n")
    return buf.getvalue()
