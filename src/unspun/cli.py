"""The command line, thin over the library (house style 16).

Exit codes: 0 done; 1 a finding reached --fail-on; 2 bad input or usage.
Results go to stdout, logs and errors to stderr.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from unspun import __version__, errors

EXIT_OK, EXIT_FAIL_ON, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 too; keep its message short and clear
        self.print_usage(sys.stderr)
        sys.stderr.write(f"unspun: error: {message}\nRun 'unspun {self.prog.split()[-1] if ' ' in self.prog else ''} --help' for the options.\n")
        sys.exit(EXIT_INPUT)


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="unspun", description="Offline checker for news articles: signals and evidence, not verdicts.")
    p.add_argument("--version", action="version", version=f"unspun {__version__}")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more log output on stderr (-v, -vv)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    c = sub.add_parser("check", help="check one article (file, URL or - for stdin)")
    c.add_argument("source", metavar="FILE|URL|-", help="a .txt, .html or .json file, an http(s) URL, or - for stdin")
    c.add_argument("--headline", help="use this headline; the whole input is then the body")
    c.add_argument("--format", choices=("text", "json", "html"), default="text", help="output format (default: text)")
    c.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    c.add_argument("--only", type=_csv, default=None, help="comma-separated analyzers to run")
    c.add_argument("--skip", type=_csv, default=None, help="comma-separated analyzers to skip")
    c.add_argument("--fast", action="store_true", help="skip slow analyzers (the machine-text language model)")
    c.add_argument("--fail-on", choices=("high", "medium", "low"), help="exit 1 when a finding reaches this severity")
    c.add_argument("--allow-private", action="store_true", help="allow URLs on private, loopback or link-local addresses")
    c.add_argument("--no-color", action="store_true", help="plain text output without colours")
    c.add_argument("--db", metavar="ARCHIVE", help="also report the article's copies already in this archive, and "
                                                   "for each check-worthy claim the archive's earlier fact-checks "
                                                   "and reference passages (the article is not added to it)")

    sub.add_parser("analyzers", help="list the registered analyzers in run order")

    w = sub.add_parser("serve", help="serve the web page and HTTP API (FastAPI + uvicorn)")
    w.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    w.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    w.add_argument("--fast", action="store_true", help="never run slow analyzers, whatever a request asks")
    w.add_argument("--threads", action="store_true",
                   help="analyse in threads of one process (less memory; one core for Python code) instead of one "
                        "worker process per core (the default on a machine with several cores)")
    w.add_argument("--db", metavar="ARCHIVE", help="also list and filter this archive's articles in the page "
                                                   "and open their stored reports (made by 'unspun batch --db')")

    from unspun.eval import add_eval_parser

    add_eval_parser(sub)

    from unspun.archive.cli import add_archive_parser, add_batch_parser, add_export_parser, add_report_parser

    add_batch_parser(sub)
    add_export_parser(sub)
    add_report_parser(sub)
    add_archive_parser(sub)

    return p


def _cmd_check(a: argparse.Namespace) -> int:
    from unspun import inputs
    from unspun.pipeline import Pipeline

    pipeline = Pipeline.default(only=a.only, skip=a.skip, fast=a.fast)
    if a.db:  # opened before the analysis: a wrong file is reported at once
        from unspun.archive import recycled
        from unspun.archive.store import Archive

        with Archive.open(a.db, create=False) as archive:
            doc = inputs.read(a.source, headline=a.headline, allow_private=a.allow_private, front_end="cli")
            report = recycled.attach(pipeline.run(doc), recycled.lookup(archive, doc), archive=a.db)
            from unspun.archive import claim_report

            report = claim_report.attach(report, archive, db=a.db)
    else:
        doc = inputs.read(a.source, headline=a.headline, allow_private=a.allow_private, front_end="cli")
        report = pipeline.run(doc)
    if a.format == "json":
        out = report.to_json() + "\n"
    elif a.format == "html":
        from unspun.render import html

        out = html.render(report)
    else:
        from unspun.render import terminal

        out = terminal.render(report, colour=False if (a.no_color or a.output) else None)
    if a.output:
        with open(a.output, "w", encoding="utf-8") as fh:
            fh.write(out)
        sys.stderr.write(f"unspun: wrote {a.output}\n")
    else:
        sys.stdout.write(out)
    if a.fail_on and report.reaches(a.fail_on):
        return EXIT_FAIL_ON
    return EXIT_OK


def _cmd_analyzers(_: argparse.Namespace) -> int:
    from unspun.analyzers import registry

    for cls in registry.ANALYZERS:
        flags = " (slow)" if cls.slow else ""
        sys.stdout.write(f"{cls.name:<20} {cls.description}{flags}\n")
    return EXIT_OK


def _cmd_serve(a: argparse.Namespace) -> int:
    if not 0 < a.port < 65536:
        raise errors.bad_option("--port", "a port number from 1 to 65535", str(a.port), "Pick a free port, e.g. --port 8000.")
    try:
        from unspun import web
    except ImportError as exc:  # fastapi/uvicorn are the optional "web" extra
        raise errors.model_missing("unspun serve", f"{exc}; install fastapi and uvicorn") from None
    web.serve(a.host, a.port, fast=a.fast, processes=False if a.threads else None, db=a.db)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    a = parser.parse_args(argv)
    logging.basicConfig(level=(logging.WARNING, logging.INFO, logging.DEBUG)[min(a.verbose, 2)], stream=sys.stderr,
                        format="unspun: %(levelname)s %(name)s: %(message)s")
    if a.command is None:
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    try:
        if a.command == "check":
            return _cmd_check(a)
        if a.command == "analyzers":
            return _cmd_analyzers(a)
        if a.command == "serve":
            return _cmd_serve(a)
        if a.command == "eval":
            return int(a.eval_func(a))
        if a.command == "batch":
            return int(a.batch_func(a))
        if a.command in ("export", "report", "archive"):
            return int(a.archive_func(a))
    except errors.UnspunError as exc:
        sys.stderr.write(f"unspun: error {exc.message}\n")
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_INPUT


def run() -> None:
    sys.exit(main())
