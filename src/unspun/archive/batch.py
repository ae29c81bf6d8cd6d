"""``unspun batch``: check every article of some inputs into an archive, resumably.

The loop reads items in input order, skips those the archive already holds under the same profile (and
content), keeps a few in flight per worker, and writes each result as it completes, one transaction per
item. Killed at any point, the next run with the same command picks up where this one stopped.
"""

from __future__ import annotations

import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from unspun.archive import sources
from unspun.archive.identity import Profile
from unspun.archive.sources import Failed, Item
from unspun.archive.store import Archive
from unspun.archive.worker import LocalEngine, PoolEngine, Result, Settings
from unspun.runtime.signals import deferred


class Engine(Protocol):
    workers: int

    def start(self) -> Profile: ...
    @property
    def capacity(self) -> int: ...
    @property
    def in_flight(self) -> int: ...
    def submit(self, item: Item) -> None: ...
    def completed(self, block: bool) -> Any: ...
    def close(self, cancel: bool = False) -> None: ...


@dataclass
class Summary:
    """What a batch run did; ``failed`` counts this run's item errors by E-code."""

    done: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    analysis_seconds: float = 0.0
    worker_cpu_seconds: float = 0.0  # CPU time the analyses took, all workers together
    writer_cpu_seconds: float = 0.0  # CPU time of this process (reading, skip checks, writing; -j 1: all)
    workers: int = 1
    profile_key: str = ""
    peak_rss: dict[int, int] = field(default_factory=dict)  # worker pid -> peak RSS bytes
    interrupted: bool = False
    #: (items checked, seconds) from the first result of the last worker to start until the end: the rate with
    #: every worker running. Workers past the first load their models while the first one already works, so
    #: in a short run the rate after the (first) models loaded undercounts what N workers sustain.
    all_running: tuple[int, float] | None = None

    @property
    def rate(self) -> float:
        """Articles checked per second of the run's wall time after the models loaded."""
        checked = self.done + sum(self.failed.values())
        return checked / self.analysis_seconds if self.analysis_seconds > 0 else 0.0

    @property
    def rate_all_running(self) -> float | None:
        """Articles checked per second while every worker ran (None: fewer results than workers)."""
        if self.all_running is None or self.all_running[1] <= 0:
            return None
        return self.all_running[0] / self.all_running[1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "done": self.done,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "failed": sum(self.failed.values()),
            "failed_by_code": dict(sorted(self.failed.items())),
            "seconds": round(self.seconds, 3),
            "analysis_seconds": round(self.analysis_seconds, 3),
            "articles_per_second": round(self.rate, 3),
            "articles_per_second_all_workers_running": (None if self.rate_all_running is None
                                                        else round(self.rate_all_running, 3)),
            "worker_cpu_seconds": round(self.worker_cpu_seconds, 3),
            "writer_cpu_seconds": round(self.writer_cpu_seconds, 3),
            "workers": self.workers,
            "peak_rss_mb": sorted(round(v / 2**20, 1) for v in self.peak_rss.values()),
            "profile_key": self.profile_key,
            "interrupted": self.interrupted,
        }

    def text(self) -> str:
        failed = sum(self.failed.values())
        by_code = ", ".join(f"{c}: {n}" for c, n in sorted(self.failed.items()))
        lines = [
            f"done {self.done:,}; skipped {self.skipped:,} already done"
            + (f" and {self.duplicates:,} repeated in the input" if self.duplicates else "")
            + f"; failed {failed:,}" + (f" ({by_code})" if by_code else ""),
            f"{self.rate:.1f} articles/s with {self.workers} worker(s); {self.seconds:.1f} s in all",
        ]
        if self.interrupted:
            lines.append("interrupted: run the same command again to resume")
        return "\n".join(lines) + "\n"


def make_engine(settings: Settings, workers: int) -> Engine:
    return LocalEngine(settings) if workers <= 1 else PoolEngine(settings, workers)


def run(archive: Archive, inputs: list[sources.Input], engine: Engine, *, command: str = "",
        retry_errors: bool = False, progress: bool | None = None, total: int | None = None) -> Summary:
    """Check every item of ``inputs`` into ``archive`` with ``engine``; items already done are skipped.

    ``progress``: show a tqdm bar on stderr (None: when stderr is a terminal). ``total``: how many records
    the inputs hold, for the bar's ETA (counted here when the bar is shown and it is None).
    """
    t0 = time.perf_counter()
    summary = Summary(workers=engine.workers)
    show = sys.stderr.isatty() if progress is None else progress
    if show and total is None:
        total = sources.count(inputs)
    try:
        profile = engine.start()
    except BaseException:
        engine.close(cancel=True)
        raise
    summary.profile_key = profile.key
    summary.workers = engine.workers  # a dask engine learns how many there are when it connects
    run_id = archive.start_run(profile, command)
    t_start, c_start = time.perf_counter(), time.process_time()
    bar = _bar(total, show)
    in_flight: set[str] = set()
    all_running: list[float] = []  # (time, items checked) when the last worker gave its first result

    def record(result: Result) -> None:
        in_flight.discard(result.item.key)
        pid, rss = result.worker
        if pid not in summary.peak_rss and len(summary.peak_rss) + 1 == summary.workers:
            all_running[:] = [time.perf_counter(), summary.done + sum(summary.failed.values()) + 1]
        summary.peak_rss[pid] = max(rss, summary.peak_rss.get(pid, 0))
        summary.worker_cpu_seconds += result.cpu_ms / 1000
        # A Ctrl-C waits for the write and its tally (a few ms): cut between the two, the summary would
        # count one item fewer than the archive holds.
        with deferred(signal.SIGINT):
            if result.error is not None:
                archive.add_error(result.item, result.error[0], result.error[1], profile.key, run_id)
                summary.failed[result.error[0]] += 1
            else:
                archive.add_result(result, run_id)
                summary.done += 1
        _tick(bar, summary)

    def drain(block: bool) -> None:
        for result in engine.completed(block):
            record(result)

    try:
        for inp in inputs:
            for item in sources.read(inp):
                if isinstance(item, Item) and item.key in in_flight:
                    summary.duplicates += 1
                    _tick(bar, summary)
                    continue
                if archive.is_done(item, profile.key) and not (retry_errors and archive.has_error(item.key)):
                    summary.skipped += 1
                    _tick(bar, summary)
                    continue
                if isinstance(item, Failed):
                    with deferred(signal.SIGINT):  # as in record()
                        archive.add_error(item, item.error.code, item.error.message, profile.key, run_id)
                        summary.failed[item.error.code] += 1
                    _tick(bar, summary)
                    continue
                while engine.capacity <= 0:
                    drain(block=True)
                in_flight.add(item.key)
                engine.submit(item)
                drain(block=False)
        while engine.in_flight:
            drain(block=True)
    except BaseException as exc:
        engine.close(cancel=True)
        if not isinstance(exc, KeyboardInterrupt):
            raise
        summary.interrupted = True
    else:
        engine.close()
    finally:
        if bar is not None:
            bar.close()
        summary.seconds = time.perf_counter() - t0
        summary.analysis_seconds = time.perf_counter() - t_start
        if all_running:
            checked = summary.done + sum(summary.failed.values())
            summary.all_running = (int(checked - all_running[1]), time.perf_counter() - all_running[0])
        summary.writer_cpu_seconds = time.process_time() - c_start
        archive.finish_run(run_id, summary.done, summary.skipped, sum(summary.failed.values()))
    return summary


def _bar(total: int | None, show: bool) -> Any:
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True, smoothing=0.1, desc="unspun batch")


def _tick(bar: Any, s: Summary) -> None:
    if bar is None:
        return
    bar.update(1)
    failed = sum(s.failed.values())
    if s.skipped or failed:
        bar.set_postfix(skipped=s.skipped, failed=failed, refresh=False)
