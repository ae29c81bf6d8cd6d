"""`unspun eval TASK ...`: accuracy on data the model never saw.

Each task is a module under ``unspun.eval`` with ``add_parser(sub)`` that sets
``eval_func``; list it in ``TASKS`` below.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

#: task name -> module under unspun.eval; one line per task
TASKS: dict[str, str] = {
    "fnc1": "fnc1",
    "clickbait": "clickbait",
    "ptc": "ptc",
    "sourcing": "sourcing",
    "machine-text": "machine_text",
    "pages": "pages",
    "recycled": "recycled",
    "checkworthy": "checkworthy",
    "clef2019": "clef2019",
    "claim-retrieval": "claim_retrieval",
    "dates": "dates",
    "structure": "structure",
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


def read_labelled_csv(path: Path, column: str, expected: str, *, need: tuple[str, ...] = ("0", "1")) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV with ``column`` and a 0/1 ``label``, every label in ``need`` present.

    Every problem (missing file, other columns, a bad label, an empty value, bytes
    that are not UTF-8) is an E130 error that says what was expected.
    """
    import csv

    from unspun import errors

    if not path.is_file():
        raise errors.eval_data(str(path), "no such file", expected)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    rows: list[dict[str, str]] = []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            cols = reader.fieldnames or []
            if column not in cols or "label" not in cols:
                raise errors.eval_data(str(path), f"columns {cols}", expected)
            for i, row in enumerate(reader, start=2):
                lab = (row.get("label") or "").strip()
                if lab not in ("0", "1"):
                    raise errors.eval_data(str(path), f"label {lab!r} on line {i}", expected)
                if not (row.get(column) or "").strip():
                    raise errors.eval_data(str(path), f"empty {column} on line {i}", expected)
                rows.append({k: v or "" for k, v in row.items() if k is not None} | {"label": lab})
    except UnicodeDecodeError:
        raise errors.eval_data(str(path), "not UTF-8", expected) from None
    missing = [lab for lab in need if lab not in {r["label"] for r in rows}]
    if missing:
        what = "fewer than one row of each label" if len(need) > 1 else f"no row with label {missing[0]}"
        raise errors.eval_data(str(path), what, expected)
    return rows
