"""Where analyses run: the pipelines (built and warmed once per process) and the bounded pool.

Analyses run in a bounded pool so the event loop stays free to answer health
checks and refuse excess load quickly: a pool of worker processes (what
``unspun serve`` uses on a machine with several cores: Python code holds one
core per process, so threads of one process cannot use a second core), or a
pool of threads in this process (``Settings.processes=False``: less memory;
what the tests use). Either way one :class:`Pipelines` per process builds and
warms the pipelines, and :func:`run_job` reads the article, runs the pipeline
and renders the answer (a JSON-ready dict or the HTML page), so both kinds of
pool run the same code. At most ``max_concurrent`` analyses run at once and at
most ``max_waiting`` more wait; beyond that the answer is 503 (E151).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from unspun import errors, inputs
from unspun.pipeline import Pipeline
from unspun.runtime import blas
from unspun.runtime.signals import children_hold
from unspun.web.schemas import Article, read_document
from unspun.web.settings import Settings

if TYPE_CHECKING:
    from unspun.inputs.fetch import Fetched

log = logging.getLogger(__name__)

#: (only, skip, fast): which pipeline a request runs
Key = tuple[tuple[str, ...], tuple[str, ...], bool]

#: A short English article the pipelines run once at start, so every model they
#: use is loaded before the first request rather than during it.
_WARM_TEXT = ("Council approves budget after long debate\n\n"
              "The city council voted on Tuesday to approve the budget, officials said. "
              "The mayor said the plan would cover rising costs for schools and roads.")


@dataclass(frozen=True)
class Job:
    """One analysis, as sent to a worker: the article (a URL already fetched), the pipeline key, the output form."""

    article: Article
    key: Key
    output: str  # "json": the report as a dict; "html": the HTML report


def run_job(job: Job, pipeline: Pipeline) -> Any:
    """Read the article, run the pipeline, and render the answer (in whichever worker runs it)."""
    report = pipeline.run(read_document(job.article))
    if job.output == "html":
        from unspun.render import html

        return html.render(report)
    return report.to_dict()


class Pipelines:
    """This process's pipelines, one per analyzer choice (at most 256 kept), built on first use.

    Analyzer objects are cheap and their models are cached per process, so a new
    combination of only/skip never loads a model twice.
    """

    def __init__(self, fast_only: bool) -> None:
        #: True: every pipeline is the fast one, whatever a request asks (``serve --fast``)
        self.fast_only = fast_only
        self._lock = threading.Lock()
        self._built: dict[Key, Pipeline] = {}

    def key(self, only: Sequence[str] | None, skip: Sequence[str] | None, fast: bool) -> Key:
        return tuple(sorted(set(only or []))), tuple(sorted(set(skip or []))), fast or self.fast_only

    def get(self, key: Key) -> Pipeline:
        """The pipeline for ``key``; unknown analyzer names raise E121 here."""
        with self._lock:
            p = self._built.get(key)
            if p is None:
                p = Pipeline.default(only=key[0] or None, skip=key[1] or None, fast=key[2])
                if len(self._built) < 256:
                    self._built[key] = p
            return p

    def warm(self, run: bool) -> None:
        """Build the default pipelines (fast, and full unless fast-only) and, when ``run``, run each once
        on a short article, so that every model they use is loaded now rather than during a request."""
        for fast in (True,) if self.fast_only else (True, False):
            p = self.get(((), (), fast))
            if run:
                p.run(inputs.from_text(_WARM_TEXT, source="the warm-up article"))


# -- worker processes ------------------------------------------------------------------

#: A worker process's own pipelines, made by its initialiser.
_worker_pipelines: Pipelines | None = None


def _worker_start(fast_only: bool, warm: bool, ready: Any) -> None:
    """Initialiser of a worker process: one BLAS thread, pipelines built and warmed; then it says so on ``ready``."""
    global _worker_pipelines
    # Ctrl-C stops the server, which stops the workers: ignored from here on (held since the worker's first
    # instruction, see children_hold; one held meanwhile is dropped as the action becomes "ignore")
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _exit_with_parent()
    blas.limit_process(1)
    _worker_pipelines = Pipelines(fast_only)
    _worker_pipelines.warm(warm)
    ready.put(os.getpid())


def _exit_with_parent() -> None:
    """End this worker when the server process is gone (killed before it could stop its workers)."""
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="unspun-parent-watch", daemon=True).start()


def _worker_job(job: Job) -> Any:
    if _worker_pipelines is None:
        raise RuntimeError("a job reached a worker process that was not started by the engine")
    return run_job(job, _worker_pipelines.get(job.key))


def _nothing() -> None:
    return None


def _stop_processes(pool: Executor, pids: Sequence[int], kill: bool) -> None:
    """Stop a process pool and wait for its workers. ``kill``: end them now, busy or not (one ended worker
    breaks the pool, which then ends the others); otherwise idle workers finish and busy ones finish their job."""
    if kill:
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
    pool.shutdown(wait=True, cancel_futures=True)


class Engine:
    """The pipelines (built once, warmed once) and the bounded pool they run in."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Analyses in threads: OpenBLAS ignores per-call thread limits made there, so
        # one BLAS thread for the whole process, set here in the main thread (see unspun.runtime.blas).
        blas.limit_process(1)
        self._lock = threading.Lock()
        self.pipelines = Pipelines(settings.fast)
        self.fetch_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="unspun-fetch")
        self.in_flight = 0
        self.pool: Executor
        self.worker_pids: list[int] = []
        self.restarting = False
        self.closed = False
        if settings.processes:
            self.pool, self.worker_pids = self._start_processes()
        else:
            self.pool = ThreadPoolExecutor(max_workers=settings.max_concurrent, thread_name_prefix="unspun-analysis")
            self.pipelines.warm(settings.warm)

    def _start_processes(self) -> tuple[Executor, list[int]]:
        """Start max_concurrent worker processes and wait until each has loaded and warmed its models.

        Interrupted (Ctrl-C) or failed, it ends the workers it started before it raises.
        """
        import multiprocessing
        import queue
        import time
        from concurrent.futures import ProcessPoolExecutor

        n = self.settings.max_concurrent
        # spawn: a fresh interpreter per worker (fork would copy this process's threads' state)
        ctx = multiprocessing.get_context("spawn")
        ready = ctx.Queue()
        pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_worker_start,
                                   initargs=(self.settings.fast, self.settings.warm, ready))
        before = set(multiprocessing.active_children())
        pids: list[int] = []
        try:
            # The pool starts workers on demand: n submits in a row find no idle worker and start n.
            # Started with Ctrl-C held, they cannot die of it while they import (Ctrl-C in a terminal reaches
            # the whole process group, and a worker would print a traceback); the server stops them itself.
            with children_hold(signal.SIGINT):
                pings = [pool.submit(_nothing) for _ in range(n)]
            deadline = time.monotonic() + 600
            while len(pids) < n:  # each worker says so once its models are loaded and warm
                try:
                    pids.append(int(ready.get(timeout=0.5)))
                except queue.Empty:
                    failed = [f.exception() for f in pings if f.done() and f.exception() is not None]
                    if failed or time.monotonic() > deadline:
                        raise RuntimeError(f"the analysis workers did not start: {failed[0] if failed else 'timed out'}") from None
        except BaseException:  # Ctrl-C included: end the workers now rather than wait for their models to load
            started = [p.pid for p in multiprocessing.active_children() if p not in before and p.pid is not None]
            _stop_processes(pool, started, kill=True)
            raise
        return pool, sorted(pids)

    def pipeline(self, only: list[str] | None, skip: list[str] | None, fast: bool) -> Pipeline:
        return self.pipelines.get(self.key(only, skip, fast))

    def key(self, only: list[str] | None, skip: list[str] | None, fast: bool) -> Key:
        return self.pipelines.key(only, skip, fast)

    async def fetch(self, url: str) -> Fetched:
        """Fetch an article page in the fetch threads, under the server's limits."""
        from unspun.inputs import fetch

        s = self.settings
        # allow_private is never taken from a request: the server must not reach its own network
        fetched: Fetched = await self.run(
            lambda: fetch.fetch(url, allow_private=False, timeout=s.fetch_timeout_s, max_bytes=s.fetch_max_bytes),
            self.fetch_pool,
        )
        return fetched

    async def analyse(self, job: Job) -> Any:
        """Run one analysis in the pool: the report dict (or HTML page, per ``job.output``)."""
        if self.settings.processes:
            return await self.run(functools.partial(_worker_job, job))  # a partial, not a lambda: it is pickled
        only, skip, fast = job.key
        return await self.run(functools.partial(run_job, job, self.pipeline(list(only), list(skip), fast)))

    async def run(self, fn: Callable[[], Any], pool: Executor | None = None) -> Any:
        s = self.settings
        if self.in_flight >= s.max_concurrent + s.max_waiting:
            raise errors.server_busy(self.in_flight, s.max_concurrent + s.max_waiting)
        self.in_flight += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(pool or self.pool, fn)
        except BrokenProcessPool:
            # A worker died (killed for memory, say): the pool is unusable. Start a fresh one in
            # the background and answer 503 with Retry-After meanwhile.
            self.restart_workers()
            raise errors.server_busy(self.in_flight, s.max_concurrent + s.max_waiting) from None
        finally:
            self.in_flight -= 1

    def restart_workers(self) -> None:
        """Replace a broken process pool (once, however many requests notice it; never after close)."""
        with self._lock:
            if self.closed or self.restarting or not getattr(self.pool, "_broken", False):
                return
            self.restarting = True
        log.error("an analysis worker process died; starting new workers")

        def restart() -> None:
            try:
                self.pool.shutdown(wait=False, cancel_futures=True)
                pool, pids = self._start_processes()
                with self._lock:
                    if not self.closed:
                        self.pool, self.worker_pids = pool, pids
                        return
                _stop_processes(pool, pids, kill=False)  # the server stopped meanwhile
            finally:
                self.restarting = False

        threading.Thread(target=restart, name="unspun-restart-workers", daemon=True).start()

    def close(self) -> None:
        """Stop the pools (once): idle worker processes end at once, busy ones are ended, and all are
        waited for, so none is left behind and the process can exit cleanly."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
        # Worker processes are stopped and waited for here: uvicorn ends the process by
        # re-raising the signal that stopped it, which may leave no time for atexit handlers.
        if self.settings.processes:
            _stop_processes(self.pool, self.worker_pids, kill=self.in_flight > 0)
        else:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.fetch_pool.shutdown(wait=False, cancel_futures=True)
