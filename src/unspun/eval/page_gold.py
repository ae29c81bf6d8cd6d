"""Gold files that point into saved pages (``eval dates``, ``eval structure``): reading them, finding the phrase.

Each line of such a file is one judged item ``{"page", "offset", "phrase", "expected", ...}``; the page's
text stays in the data folder, the gold only points at it. A task gives its own check of an item; the
reading, the line numbers in errors and the look-up of the phrase are the same for every task.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from unspun import errors


def read(path: Path, valid: Callable[[dict[str, Any]], bool], expected: str, wrong: str) -> list[dict[str, Any]]:
    """Every judged item of a ``.jsonl`` file or a folder of them, with ``where`` (file:line) and ``file``.

    ``valid(item)`` checks a task's fields (it may raise ValueError, KeyError or TypeError); a line that
    cannot be read, or that ``valid`` refuses (``wrong`` says how), is an E130 error naming it."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise errors.eval_data(str(path), "no such file, or a folder without .jsonl files", expected)
    items = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{f}:{n}"
            try:
                item = json.loads(line)
                ok = (isinstance(item["page"], str) and isinstance(item["offset"], int)
                      and isinstance(item["phrase"], str) and bool(item["phrase"]) and valid(item))
            except (ValueError, KeyError, TypeError) as exc:
                raise errors.eval_data(where, f"the line cannot be read ({exc!r})", expected) from None
            if not ok:
                raise errors.eval_data(where, wrong, expected)
            items.append({**item, "where": where, "file": f.name})
    return items


def locate(text: str, offset: int, phrase: str) -> int | None:
    """Where ``phrase`` starts: at ``offset`` if it is there, else its nearest occurrence."""
    if text[offset : offset + len(phrase)] == phrase:
        return offset
    hits, k = [], text.find(phrase)
    while k != -1:
        hits.append(k)
        k = text.find(phrase, k + 1)
    return min(hits, key=lambda h: abs(h - offset)) if hits else None
