"""The ``unspun batch`` command line (added to the main parser by :func:`add_batch_parser`)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import sys
from typing import Any


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def add_batch_parser(sub: Any) -> None:
    b = sub.add_parser(
        "batch", help="check a collection (JSONL, CSV, folders; gzip too) into an archive, resumably",
        description="Check every article of the inputs into a SQLite archive. Running the same command again "
                    "skips what is done and re-checks what an analyzer or model has changed since.")
    b.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a .jsonl or .csv file, a folder of .txt/.html/.json files, a single article file "
                        "(any of them .gz), or - for JSONL on standard input")
    b.add_argument("--db", required=True, metavar="ARCHIVE", help="the archive file (created when absent)")
    b.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="worker processes (default 1: analyse in this process; 0: one per core)")
    b.add_argument("--dask", metavar="ADDRESS",
                   help="analyse on a dask.distributed cluster: a scheduler's address (tcp://HOST:8786), or 'local' "
                        "for a LocalCluster of -j worker processes here; this process still writes the archive "
                        "(needs the 'dask' extra; docs/archive.md)")
    b.add_argument("--only", type=_csv, default=None, help="comma-separated analyzers to run")
    b.add_argument("--skip", type=_csv, default=None, help="comma-separated analyzers to skip")
    b.add_argument("--fast", action="store_true", help="skip slow analyzers (the machine-text language model)")
    b.add_argument("--text-col", help="CSV: the column with the article text (default: text, body, articleBody "
                                      "or content); without a headline column its first line is the headline")
    b.add_argument("--headline-col", help="CSV: the headline column (default: headline or title, when the text "
                                          "column is a body)")
    b.add_argument("--id-col", help="CSV: the column with each article's id (default: id, when present)")
    b.add_argument("--url-col", help="CSV: the column with each article's URL (default: url, when present)")
    b.add_argument("--retry-errors", action="store_true", help="check again the items that failed in earlier runs")
    b.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar on stderr (default: when stderr is a terminal)")
    b.add_argument("--dedupe", action="store_true",
                   help="then cluster the archive's copies, as 'unspun archive dedupe' does")
    b.add_argument("--claims", action="store_true",
                   help="then look up the check-worthy claims against the archive's fact-checks and passages, as "
                        "'unspun archive claims' does (the claims come from the full profile)")
    b.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    b.set_defaults(batch_func=cmd_batch)


def add_archive_parser(sub: Any) -> None:
    """``unspun archive COMMAND``: work on an archive as a whole (one subcommand a job)."""
    a = sub.add_parser("archive", help="work on an archive: cluster its copies, import fact-checks, index reference passages",
                       description="Commands over a whole archive.")
    cmds = a.add_subparsers(dest="archive_command", metavar="COMMAND", parser_class=type(a))
    d = cmds.add_parser("dedupe", help="find near copies and reworded copies; write clusters and findings",
                        description="Cluster the archive's recycled content: the articles added or changed since the "
                                    "last run are compared with every article by their LSH bands; confirmed copies "
                                    "join clusters with their earliest member, and each member's current report "
                                    "gets a recycled_content finding.")
    d.add_argument("--db", required=True, metavar="ARCHIVE", help="the archive file")
    d.add_argument("--rebuild", action="store_true", help="compare every article again, not only the new ones")
    d.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar on stderr (default: when stderr is a terminal)")
    d.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    d.set_defaults(archive_func=cmd_dedupe)
    from unspun.archive.factcheck_cli import add_factcheck_parsers

    add_factcheck_parsers(cmds)
    a.set_defaults(archive_func=lambda ns: _no_command(a))


def _no_command(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def cmd_dedupe(a: argparse.Namespace) -> int:
    from unspun.archive import recycled
    from unspun.archive.store import Archive

    with Archive.open(a.db, create=False) as archive:
        summary = recycled.dedupe(archive, rebuild=a.rebuild,
                                  progress=sys.stderr.isatty() if a.progress is None else a.progress)
    sys.stdout.write(json.dumps(summary.to_dict(), indent=2) + "\n" if a.json else summary.text())
    return 0


def cmd_batch(a: argparse.Namespace) -> int:
    from unspun import errors
    from unspun.archive import batch, sources
    from unspun.archive.store import Archive
    from unspun.archive.worker import Settings
    from unspun.pipeline import Pipeline

    if a.jobs < 0:
        raise errors.bad_option("-j", "0 (one worker per core) or a positive number of workers", str(a.jobs),
                                "Pass -j 2, say, or leave it out for one.")
    workers = a.jobs or os.cpu_count() or 1
    cols = sources.CsvColumns(text=a.text_col, headline=a.headline_col, id=a.id_col, url=a.url_col)
    plan = sources.plan(a.inputs, cols)  # fatal input errors come before the archive is touched
    Pipeline.default(only=a.only, skip=a.skip, fast=a.fast)  # unknown analyzer names, likewise
    settings = Settings(only=tuple(a.only or ()), skip=tuple(a.skip or ()), fast=a.fast)
    command = json.dumps({"inputs": a.inputs, "only": a.only, "skip": a.skip, "fast": a.fast, "jobs": a.jobs,
                          "dedupe": a.dedupe, "claims": a.claims, **({"dask": a.dask} if a.dask else {})})
    if a.dask:
        from unspun.archive.distributed import DaskEngine, _import

        _import()  # E141 before the archive is touched when dask is not installed
        if not logging.getLogger().isEnabledFor(logging.INFO):  # dask logs each start and stop at INFO: -v shows it
            logging.getLogger("distributed").setLevel(logging.WARNING)
        engine: batch.Engine = DaskEngine(settings, a.dask, local_workers=workers if a.jobs != 1 else 2)
    else:
        engine = batch.make_engine(settings, workers)
    with Archive.open(a.db) as archive:
        try:
            summary = batch.run(archive, plan, engine, command=command,
                                retry_errors=a.retry_errors, progress=a.progress)
        except sqlite3.Error as exc:  # a full disk, say: what was committed stays, the same command resumes
            raise errors.archive_open(a.db, f"writing failed ({exc}); the items written so far are kept") from None
        clustered = None
        if a.dedupe and not summary.interrupted:
            from unspun.archive import recycled

            clustered = recycled.dedupe(archive, progress=a.progress)
        looked = None
        if a.claims and not summary.interrupted:
            from unspun.archive.claim_store import lookup
            from unspun.archive.factcheck_cli import progress_line

            looked = lookup(archive, progress=progress_line(a.progress))
    if a.json:
        out = summary.to_dict()
        if clustered is not None:
            out["dedupe"] = clustered.to_dict()
        if looked is not None:
            out["claims"] = looked.to_dict()
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
    else:
        sys.stdout.write(summary.text() + (clustered.text() if clustered is not None else "")
                         + (looked.text() if looked is not None else ""))
    return 130 if summary.interrupted else 0


def add_export_parser(sub: Any) -> None:
    from unspun.archive.export import FORMATS

    e = sub.add_parser(
        "export", help="export an archive's articles with their reports' key figures (JSONL, CSV, Parquet)",
        description="One row per archived article with its current report's key figures: severities, each "
                    "analyzer's summary numbers, its cluster. JSONL rows carry the report too. An empty value "
                    "means the analyzer did not run or did not apply. 'unspun export --columns' lists them.")
    e.add_argument("--db", metavar="ARCHIVE", help="the archive file")
    e.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl); parquet "
                   "needs the 'parquet' extra (pyarrow)")
    e.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    e.add_argument("--columns", action="store_true", help="list the columns and exit")
    e.set_defaults(archive_func=cmd_export)


def _open_existing(path: str | None) -> Any:
    from unspun import errors
    from unspun.archive.store import Archive

    if not path:
        raise errors.bad_option("--db", "an archive file", "nothing", "Pass --db ARCHIVE (made by 'unspun batch').")
    return Archive.open(path, create=False)


def cmd_export(a: argparse.Namespace) -> int:
    from unspun.archive import export

    if a.columns:
        sys.stdout.write(export.columns_text())
        return 0
    with _open_existing(a.db) as archive:
        n = export.export(archive, a.format, a.output)
    if a.output:
        sys.stderr.write(f"unspun: wrote {n:,} article(s) to {a.output}\n")
    return 0


def add_report_parser(sub: Any) -> None:
    from unspun.archive.collection_report import TOP

    r = sub.add_parser(
        "report", help="one self-contained HTML file about an archive: signals, sites, time, clusters, findings",
        description="Write one HTML file (no script, nothing fetched) with the distribution of each signal, the "
                    "share of flagged articles per site and over time, the recycled-content clusters and the most "
                    "serious findings, each linking to the article's report embedded in the same file.")
    r.add_argument("--db", metavar="ARCHIVE", help="the archive file")
    r.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    r.add_argument("--top", type=int, default=TOP, metavar="N",
                   help=f"list and embed at most N findings, clusters and article reports (default {TOP})")
    r.set_defaults(archive_func=cmd_report)


def cmd_report(a: argparse.Namespace) -> int:
    from unspun import errors
    from unspun.archive import collection_report

    if a.top < 1:
        raise errors.bad_option("--top", "a positive number", str(a.top), "Pass --top 50, say.")
    with _open_existing(a.db) as archive:
        size = collection_report.write(archive, a.output, top=a.top)
    sys.stderr.write(f"unspun: wrote {a.output} ({size / 1024:,.0f} KB)\n")
    return 0
