"""``unspun archive import-claimreview``, ``import-checkthat`` and ``index``: earlier fact-checks and
reference passages into an archive (issue 18)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_factcheck_parsers(cmds: Any) -> None:
    for name, fmt, what in (
        ("import-claimreview", "claimreview", "schema.org ClaimReview records: JSON (one object or a list), JSON-LD "
                                              "(@graph, nested objects) or JSON Lines; .gz too"),
        ("import-checkthat", "checkthat", "a CheckThat! 2020 task 2 verified-claims TSV (vclaim_id, vclaim, title)"),
    ):
        p = cmds.add_parser(name, help=f"import earlier fact-checks: {what.split(':')[0]}",
                            description=f"Import {what} into the archive's fact_checks, in one transaction: a failure "
                                        "or Ctrl-C leaves the archive as it was. The same review URL with the same "
                                        "claim is merged into one fact-check; a record that cannot be used is "
                                        "reported with its line and skipped.")
        p.add_argument("file", metavar="FILE", help="the file to import")
        p.add_argument("--db", required=True, metavar="ARCHIVE", help="the archive file (created when absent)")
        p.add_argument("--no-embed", action="store_true",
                       help="do not compute the claims' sentence vectors now ('unspun archive index' does it later)")
        p.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
        p.set_defaults(archive_func=cmd_import, import_format=fmt)
    x = cmds.add_parser("index", help="index reference passages (and any fact-check without vectors) for check --db",
                        description="Split the archive's articles (the trusted sources that 'unspun check --db' "
                                    "quotes) into sentence passages for full-text search, with their vectors; "
                                    "articles indexed before and unchanged are passed over. Also computes the vectors "
                                    "of fact-checks imported with --no-embed.")
    x.add_argument("--db", required=True, metavar="ARCHIVE", help="the archive file")
    x.add_argument("--site", action="append", default=None, metavar="SITE",
                   help="index only articles of this site (repeatable); default: every article")
    x.add_argument("--rebuild", action="store_true", help="index every article again")
    x.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    x.set_defaults(archive_func=cmd_index)
    c = cmds.add_parser("claims", help="look up the check-worthy claims of the archived articles (fact-checks, passages)",
                        description="Search each check-worthy claim of the articles' current reports (written by "
                                    "'unspun batch' in the full profile) against the archive's earlier fact-checks and "
                                    "reference passages, as 'unspun check --db' does, and store what matched "
                                    "(claim_matches, claim_passages). Claims looked up since the last import or index "
                                    "are passed over.")
    c.add_argument("--db", required=True, metavar="ARCHIVE", help="the archive file")
    c.add_argument("--rebuild", action="store_true", help="look every claim up again")
    c.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show progress on stderr (default: when stderr is a terminal)")
    c.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    c.set_defaults(archive_func=cmd_claims)


def cmd_import(a: argparse.Namespace) -> int:
    from unspun.archive import factchecks
    from unspun.archive.store import Archive

    path = Path(a.file)
    factchecks.read(path, a.import_format)  # an unreadable file is reported before the archive is touched
    with Archive.open(a.db) as archive:
        summary = factchecks.import_file(archive, path, a.import_format, embed=not a.no_embed)
    sys.stdout.write(json.dumps(summary.to_dict(), indent=2) + "\n" if a.json else summary.text())
    return 0


def cmd_index(a: argparse.Namespace) -> int:
    from unspun.archive.references import index, summary_text
    from unspun.archive.store import Archive

    with Archive.open(a.db, create=False) as archive:
        summary = index(archive, sites=a.site, rebuild=a.rebuild)
    sys.stdout.write(json.dumps(summary, indent=2) + "\n" if a.json else summary_text(summary))
    return 0


def progress_line(enabled: bool | None) -> Any:
    """A callback that shows ``done/total`` on stderr, or None."""
    if not (sys.stderr.isatty() if enabled is None else enabled):
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\rclaims: {done:,}/{total:,}" + ("\n" if done >= total else ""))
        sys.stderr.flush()

    return show


def cmd_claims(a: argparse.Namespace) -> int:
    from unspun.archive.claim_store import lookup
    from unspun.archive.store import Archive

    with Archive.open(a.db, create=False) as archive:
        summary = lookup(archive, rebuild=a.rebuild, progress=progress_line(a.progress))
    sys.stdout.write(json.dumps(summary.to_dict(), indent=2) + "\n" if a.json else summary.text())
    return 0
