"""Speed and memory benchmarks, run from the repository root as ``python -m benchmarks.bench_check`` and so on.

Each module prints its figures and most write them under ``benchmarks/results/``;
``generate`` makes the synthetic articles they time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_result(result: dict[str, Any], out: str | Path | None) -> None:
    """Print a benchmark's result as JSON and, when ``out`` is given, write it there too."""
    text = json.dumps(result, indent=2)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
    print(text)
