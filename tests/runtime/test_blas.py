"""unspun.runtime.blas: one BLAS thread per analysis, in the main thread and for a whole server process."""

from __future__ import annotations

import subprocess
import sys
import threading

from tests.conftest import ROOT
from unspun.runtime import blas


def test_limit_process_works_when_called_before_numpy_is_imported() -> None:
    """A fresh worker process limits BLAS before anything imports numpy (issue 7: it used to limit nothing)."""
    code = "from unspun.runtime import blas; blas.limit_process(1); print(blas.threads())"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "1"


def test_single_thread_nests_and_restores() -> None:
    before = blas.threads()
    with blas.single_thread():
        assert blas.threads() == 1
        with blas.single_thread():
            assert blas.threads() == 1
        assert blas.threads() == 1  # the inner block does not restore while the outer one runs
    assert blas.threads() == before


def test_single_thread_outside_the_main_thread_changes_nothing() -> None:
    """OpenBLAS ignores limits set from other threads, so the helper does not try (and cannot break the count)."""
    before = blas.threads()
    seen: list[int] = []

    def work() -> None:
        with blas.single_thread():
            seen.append(blas.threads())

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen == [before] and blas.threads() == before
