"""The project's own word lists, one phrase a line; '#' starts a comment."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def load(name: str) -> tuple[str, ...]:
    """Return the entries of ``lexicons/<name>.txt``, lower-cased, in file order."""
    raw = resources.files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    out: list[str] = []
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line.lower())
    return tuple(out)


@cache
def pattern(name: str) -> re.Pattern[str]:
    """One case-insensitive regex matching any entry as whole words, longest first.

    Entries may use ``*`` as a word-suffix wildcard ("slam*" matches "slams", "slammed").
    """
    entries = sorted(set(load(name)), key=len, reverse=True)
    parts = []
    for e in entries:
        pieces = []
        for ch in e:
            if ch in "'’":
                pieces.append("['’]")  # straight and curly apostrophes alike
            elif ch == "*":
                pieces.append(r"[\w'’]*")
            elif ch == " ":
                pieces.append(r"\s+")
            else:
                pieces.append(re.escape(ch))
        parts.append("".join(pieces))
    return re.compile(r"(?<![\w’'])(?:" + "|".join(parts) + r")(?![\w’'])", re.IGNORECASE)
