"""`unspun eval TASK ...`: accuracy on data the model never saw.

Each task is a module under ``unspun.eval`` with ``add_parser(sub)`` that sets
``eval_func``; list it in ``TASKS`` below.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any

#: task name -> module under unspun.eval; one line per task
TASKS: dict[str, str] = {
    "fnc1": "fnc1",
    "clickbait": "clickbait",
    "ptc": "ptc",
    "sourcing": "sourcing",
    "machine-text": "machine_text",
}


def add_eval_parser(sub: Any) -> None:
    e = sub.add_parser("eval", help="evaluate an analyzer on a labelled data set")
    tasks = e.add_subparsers(dest="task", metavar="TASK", parser_class=type(e))
    for name, module in TASKS.items():
        importlib.import_module(f"unspun.eval.{module}").add_parser(tasks, name)
    e.set_defaults(eval_func=lambda a: _no_task(e))


def _no_task(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def emit(result: dict[str, Any], as_json: bool, lines: list[str]) -> int:
    """Print an eval result as JSON or as readable lines."""
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, sort_keys=False) + "\n")
    else:
        sys.stdout.write("\n".join(lines) + "\n")
    return 0
