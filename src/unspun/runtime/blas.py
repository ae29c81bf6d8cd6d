"""BLAS threads: one per analysis.

One article is small work. Its matrix products (MiniLM over a few sentences,
spaCy over a few dozen) are too small to share between BLAS threads, and on a
busy machine the threads wait on each other: an 800-word article took 68 ms
single-threaded and 500 ms with 2 BLAS threads at load 4 on 2 cores
(measured 2026-11).

Two tools:

- :func:`single_thread` limits the BLAS library numpy (and, through
  :func:`unspun.runtime.nlp.use_numpy_blas`, spaCy) uses to one thread for a block.
  Blocks may nest; the last one to leave restores the setting. The controller
  is built once (threadpoolctl's ``threadpool_limits`` rescans the loaded
  libraries on every call, 0.5-2 ms).
- :func:`limit_process` sets one thread for the rest of the process. The web
  server calls it at start, because OpenBLAS (0.3.31, the build numpy ships)
  ignores a thread-count change made from any thread but the main one
  (measured 2026-11-29: inside ``threadpool_limits(1)`` a worker thread still
  reads 2 threads and spends 4x the CPU time on a (300 x 384) @ (384 x 1536)
  product), and the server analyses in worker threads or processes.
  :func:`single_thread` is therefore a no-op outside the main thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

_lock = threading.Lock()
_depth = 0
_limiter: Any = None
_process_limiter: Any = None


@cache
def _controller() -> Any:
    # numpy first: the controller sees only the BLAS libraries loaded when it is built,
    # and a controller built before numpy would limit nothing.
    import numpy  # noqa: F401
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextmanager
def single_thread() -> Iterator[None]:
    """Run the block with one BLAS thread (in the main thread; counted, so blocks may nest)."""
    global _depth, _limiter
    if threading.current_thread() is not threading.main_thread():
        yield  # OpenBLAS ignores the change here: see limit_process
        return
    with _lock:
        if _depth == 0:
            _limiter = _controller().limit(limits=1, user_api="blas")
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _limiter is not None:
                _limiter.restore_original_limits()
                _limiter = None


def limit_process(n: int = 1) -> None:
    """Use ``n`` BLAS threads from now on in this process. Call it from the main thread."""
    global _process_limiter
    with _lock:
        _process_limiter = _controller().limit(limits=n, user_api="blas")


def threads() -> int:
    """The BLAS thread count now (the largest over the loaded BLAS libraries; 0 if none is loaded)."""
    return max((int(i["num_threads"]) for i in _controller().info() if i.get("user_api") == "blas"), default=0)
