"""Speed and memory benchmarks, run from the repository root as ``python -m benchmarks.bench_check`` and so on.

Each module prints its figures and most write them under ``benchmarks/results/``;
``generate`` makes the synthetic articles they time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def blas() -> dict[str, Any]:
    """The BLAS numpy runs on and the kernel family it chose (threadpoolctl), with the variables that steer it.

    OpenBLAS picks its kernels from the CPU when numpy loads. Some machines set ``OPENBLAS_CORETYPE`` (and
    ``OPENBLAS_L2_SIZE``) for older OpenBLAS builds that compute wrong results on their processor; numpy's own
    OpenBLAS then runs older, slower kernels (AVX2 "Haswell" on an AVX-512 CPU: half the float32 matrix
    throughput). A result names the kernel so that figures from different settings are never compared unawares.
    """
    import numpy  # noqa: F401  (loads the BLAS library threadpoolctl reports)
    from threadpoolctl import threadpool_info

    libs = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    first = libs[0] if libs else {}
    return {
        "library": first.get("internal_api"), "version": first.get("version"), "kernel": first.get("architecture"),
        "env": {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ},
    }


def write_result(result: dict[str, Any], out: str | Path | None) -> None:
    """Print a benchmark's result as JSON and, when ``out`` is given, write it there too."""
    text = json.dumps(result, indent=2)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
    print(text)
