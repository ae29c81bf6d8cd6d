"""Analysis of batch items, in this process or in worker processes that load their models once.

A worker turns an :class:`~unspun.archive.sources.Item` into a :class:`Result`: the document's fields,
the report (JSON, compressed) and its flattened findings, or the item's error. All the serialising happens
here, in the workers, so the one process that writes the archive does little more than insert rows.

Engines share one small interface (``start() -> Profile``, ``submit``, ``completed``, ``close``): the batch
loop does not know whether items run here (:class:`LocalEngine`, ``-j 1``) or in a process pool
(:class:`PoolEngine`, ``-j N``; any ``concurrent.futures`` executor, so a dask ``client.get_executor()`` fits).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import signal
import threading
import time
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from unspun import errors, inputs
from unspun.archive import claim_store
from unspun.archive.identity import Profile, profile_of
from unspun.archive.sources import Item
from unspun.document import Document, MetaField
from unspun.findings import SEVERITY_RANK
from unspun.pipeline import Pipeline
from unspun.runtime.signals import children_hold

log = logging.getLogger(__name__)

#: How reports are stored: zlib-compressed UTF-8 JSON of ``Report.to_dict()`` (docs/archive.md).
REPORT_ENCODING = "json+zlib"


@dataclass(frozen=True)
class Settings:
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    fast: bool = False

    def pipeline(self) -> Pipeline:
        return Pipeline.default(only=list(self.only) or None, skip=list(self.skip) or None, fast=self.fast)


@dataclass(frozen=True)
class Result:
    """What a worker sends back for one item: an analysed article, or the item's error."""

    item: Item
    profile_key: str
    error: tuple[str, str] | None = None  # (code, message)
    headline: str = ""
    body: str = ""
    url: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None
    published_at: str | None = None
    input_kind: str = ""
    report: bytes = b""
    max_severity: str | None = None
    n_findings: int = 0
    n_failed: int = 0
    findings: tuple[tuple[Any, ...], ...] = ()  # (ordinal, analyzer, label, severity, rank, score, start, end, explanation)
    claims: tuple[tuple[Any, ...], ...] = ()  # check-worthy claims: see unspun.archive.claim_store.rows
    duration_ms: float = 0.0
    cpu_ms: float = 0.0  # CPU time of the analysis (all threads of the worker)
    worker: tuple[int, int] = (0, 0)  # (pid, peak RSS in bytes) of the process that analysed it


def document(item: Item) -> Document:
    """The Document for an item, through the one reader (``unspun.inputs``); user metadata wins."""
    where = f"{item.source} line {item.line}" if item.line is not None else item.source
    if item.kind == "html":
        doc = inputs.from_html(item.html or "", source=where, url=item.url)
    elif item.kind == "text":
        doc = inputs.from_text(item.text or "", source=where, url=item.url)
    else:
        doc = inputs.from_parts(item.headline or "", item.body or "", source=where, url=item.url,
                                published=item.published)
    meta = doc.metadata
    if item.published and meta.published.source != "user":
        meta = dataclasses.replace(meta, published=MetaField(item.published, "user"))
    if item.site:
        meta = dataclasses.replace(meta, site=MetaField(item.site, "user"))
    return dataclasses.replace(doc, metadata=meta) if meta is not doc.metadata else doc


def iso_date(value: str | None) -> str | None:
    """A stated publication date as ISO 8601 (date, or date and time), or None when it cannot be read."""
    if not value:
        return None
    from datetime import datetime

    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        from dateutil import parser

        return str(parser.parse(value, fuzzy=False).isoformat())
    except (ImportError, ValueError, OverflowError, TypeError):
        return None


def peak_rss() -> int:
    """Peak resident memory of this worker, in bytes (Linux and macOS)."""
    import sys

    try:
        import resource
    except ImportError:  # Windows: not measured
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def analyse(pipeline: Pipeline, profile_key: str, item: Item) -> Result:
    """Check one item; an input error becomes the result's error, never an exception."""
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        doc = document(item)
        report = pipeline.run(doc)
    except errors.UnspunError as exc:
        return Result(item, profile_key, error=(exc.code, exc.message), worker=(os.getpid(), peak_rss()))
    except Exception as exc:  # a bug (in extraction, say) must not stop the batch: recorded as E168
        log.exception("checking %s failed", item.key)
        err = errors.item_failed(f"{item.source} line {item.line}" if item.line is not None else item.source, exc)
        return Result(item, profile_key, error=(err.code, err.message), worker=(os.getpid(), peak_rss()))
    d = report.to_dict()
    blob = zlib.compress(json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode(), 6)
    rows = tuple(
        (i, f.analyzer, f.label, f.severity, SEVERITY_RANK[f.severity], round(float(f.score), 4),
         f.spans[0].start if f.spans else None, f.spans[-1].end if f.spans else None, f.explanation)
        for i, f in enumerate(report.findings)
    )
    meta = doc.metadata
    return Result(
        item, profile_key,
        headline=doc.headline_text, body=doc.body_text,
        url=meta.url.value, site=meta.site.value, author=meta.author.value,
        published=meta.published.value, published_at=iso_date(meta.published.value),
        input_kind=doc.input_kind, report=blob, max_severity=report.max_severity,
        n_findings=len(report.findings), n_failed=sum(1 for a in report.analyzers if a.status == "error"),
        findings=rows, claims=claim_store.rows(report), duration_ms=round((time.perf_counter() - t0) * 1000, 2),
        cpu_ms=round((time.process_time() - c0) * 1000, 2), worker=(os.getpid(), peak_rss()),
    )


# -- in worker processes -------------------------------------------------------------------------

_state: dict[str, Any] = {}


def _worker_start(settings: Settings, parent: int) -> None:
    """Initialiser of a worker process: Ctrl-C is the parent's, the pipeline and its profile are built once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held since the start: see children_hold
    _exit_with_parent(parent)
    _worker_state(settings)


def _worker_state(settings: Settings) -> tuple[Pipeline, Profile]:
    if _state.get("settings") != settings:  # built lazily too, for executors without an initialiser
        pipeline = settings.pipeline()
        _state.update(settings=settings, pipeline=pipeline, profile=profile_of(pipeline))
    return _state["pipeline"], _state["profile"]


def _worker_profile(settings: Settings) -> Profile:
    return _worker_state(settings)[1]


def _worker_analyse(settings: Settings, item: Item) -> Result:
    pipeline, profile = _worker_state(settings)
    result = analyse(pipeline, profile.key, item)
    if not _state.get("frozen"):
        freeze_loaded()
        _state["frozen"] = True
    return result


def freeze_loaded() -> None:
    """Take what this process has loaded so far out of the cyclic garbage collector's scans (``gc.freeze``).

    Called once, after a worker's first analysis, when its models, vocabularies and caches are loaded:
    about 100,000 long-lived objects that every collection of the oldest generation would walk again.
    Measured on 60 real 800-word articles, fast profile: collection time 2.4 -> 1.0 ms an article. A
    collection runs first, so the first article's garbage is not kept; frozen objects are still freed
    when nothing refers to them (only a cycle among them would stay: the models make none per article).
    """
    import gc

    gc.collect()
    gc.freeze()


def _exit_with_parent(parent: int) -> None:
    """End this worker when the batch process ``parent`` is gone (killed before it could stop its workers)."""
    if os.getppid() != parent:  # it died while this worker was starting
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="unspun-parent-watch", daemon=True).start()


# -- engines ---------------------------------------------------------------------------------------


class LocalEngine:
    """Analyse in this process, one item at a time (``-j 1``)."""

    workers = 1

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._done: deque[Result] = deque()
        self._pipeline: Pipeline | None = None
        self._profile: Profile | None = None
        self._frozen = False

    def start(self) -> Profile:
        self._pipeline = self.settings.pipeline()
        self._profile = profile_of(self._pipeline)
        return self._profile

    @property
    def capacity(self) -> int:
        return 1 - len(self._done)

    def submit(self, item: Item) -> None:
        assert self._pipeline is not None and self._profile is not None, "start() first"
        self._done.append(analyse(self._pipeline, self._profile.key, item))
        if not self._frozen:
            freeze_loaded()
            self._frozen = True

    def completed(self, block: bool) -> Iterator[Result]:
        while self._done:
            yield self._done.popleft()

    @property
    def in_flight(self) -> int:
        return len(self._done)

    def close(self, cancel: bool = False) -> None:
        self._done.clear()


class PoolEngine:
    """Analyse in an executor's workers; a few items per worker in flight, results in completion order."""

    def __init__(self, settings: Settings, workers: int, executor: Executor | None = None) -> None:
        self.settings = settings
        self.workers = workers
        self._executor = executor
        self._futures: set[Future[Result]] = set()

    def _pool(self) -> Executor:
        if self._executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawn: a fresh interpreter per worker (fork would copy this process's threads and open archive)
            ctx = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                                 initializer=_worker_start, initargs=(self.settings, os.getpid()))
        return self._executor

    def start(self) -> Profile:
        pool = self._pool()
        # Every worker starts now and loads its models at the same time as the others (each submit finds no
        # idle worker, so the pool starts one more): started on demand instead, the second worker loaded while
        # the first analysed, and on 2 cores a core stood idle for the first load (~2.5 s a run).
        with children_hold(signal.SIGINT):  # a Ctrl-C now must not kill a worker mid-import with a traceback
            futures = [pool.submit(_worker_profile, self.settings) for _ in range(self.workers)]
        try:
            profiles = {f.result().key: f.result() for f in futures}
        except BrokenProcessPool as exc:
            raise errors.worker_died(f"while loading the models: {exc}") from None
        except errors.UnspunError:
            raise
        except Exception as exc:
            raise errors.worker_died(f"while loading the models: {type(exc).__name__}: {exc}") from None
        if len(profiles) != 1:  # workers on other machines (dask) with other model versions
            raise errors.worker_died(f"the workers disagree on the analyzer versions: {sorted(profiles)}")
        return next(iter(profiles.values()))

    @property
    def capacity(self) -> int:
        return 3 * self.workers - len(self._futures)

    def submit(self, item: Item) -> None:
        with children_hold(signal.SIGINT):  # the pool may start a worker here
            self._futures.add(self._pool().submit(_worker_analyse, self.settings, item))

    def completed(self, block: bool) -> Iterator[Result]:
        if not self._futures:
            return
        done, self._futures = wait(self._futures, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for f in done:
            try:
                yield f.result()
            except BrokenProcessPool as exc:
                raise errors.worker_died(str(exc) or "killed") from None

    @property
    def in_flight(self) -> int:
        return len(self._futures)

    def close(self, cancel: bool = False) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=not cancel, cancel_futures=cancel)
            self._executor = None
        self._futures.clear()
