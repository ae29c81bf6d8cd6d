"""The ``unspun batch`` command line (added to the main parser by :func:`add_batch_parser`)."""

from __future__ import annotations

import argparse
import json
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
    b.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    b.set_defaults(batch_func=cmd_batch)


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
    command = json.dumps({"inputs": a.inputs, "only": a.only, "skip": a.skip, "fast": a.fast, "jobs": a.jobs})
    with Archive.open(a.db) as archive:
        try:
            summary = batch.run(archive, plan, batch.make_engine(settings, workers), command=command,
                                retry_errors=a.retry_errors, progress=a.progress)
        except sqlite3.Error as exc:  # a full disk, say: what was committed stays, the same command resumes
            raise errors.archive_open(a.db, f"writing failed ({exc}); the items written so far are kept") from None
    if a.json:
        sys.stdout.write(json.dumps(summary.to_dict(), indent=2) + "\n")
    else:
        sys.stdout.write(summary.text())
    return 130 if summary.interrupted else 0
