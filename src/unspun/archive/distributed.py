"""``unspun batch --dask ADDRESS``: the batch's analyses on a dask.distributed cluster.

The batch process stays the only one that reads the inputs and writes the archive; the cluster's workers
only analyse. Each worker process builds its pipeline and loads its models once (the module-level cache in
:mod:`unspun.archive.worker`, keyed by the settings) and keeps them for every item it gets. Items go out a
few per worker thread at a time, results come back as they complete and are written by the same loop as
``-j N`` (:func:`unspun.archive.batch.run`), through dask's ``concurrent.futures`` executor.

Before any item goes out, every worker says which analyzer profile it runs (its unspun, analyzer and model
versions): workers that disagree stop the run (E166) before anything is written, and a result from a worker
that joined later with another profile stops it too. ``--dask local`` starts a ``LocalCluster`` of worker
processes on this machine (one thread each), for trying it or for a machine where processes suit better.

Needs the ``dask`` extra (``dask`` and ``distributed``), here and on every worker.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import Any

from unspun import errors
from unspun.archive.identity import Profile
from unspun.archive.sources import Item
from unspun.archive.worker import Result, Settings, _worker_analyse, _worker_profile

#: Seconds to wait for a scheduler to answer, and for a first worker to join it.
CONNECT_TIMEOUT = 30
#: Items in flight per worker thread (as with -j N: enough to keep each busy while results are written).
PER_WORKER = 3

_lock = threading.Lock()


def _profile_on_worker(settings: Settings) -> Profile:
    """Run on each worker: build (once per process) the pipeline and say which profile it runs."""
    with _lock:  # a worker with several threads builds its pipeline once
        return _worker_profile(settings)


def _analyse_on_worker(settings: Settings, item: Item) -> Result:
    with _lock:
        _worker_profile(settings)  # built already, unless this worker joined after the start
    return _worker_analyse(settings, item)


def _import() -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise errors.extra_missing("--dask", "distributed (with dask)", "dask", f"'import distributed' failed ({exc})") \
            from None
    return Client, LocalCluster


class DaskEngine:
    """The batch engine on a dask cluster: ``address`` is a scheduler (``tcp://host:8786``) or ``local``."""

    def __init__(self, settings: Settings, address: str, local_workers: int = 2) -> None:
        self.settings = settings
        self.address = address
        self.local_workers = max(1, local_workers)
        self.workers = self.local_workers if address == "local" else 1  # worker threads, known once connected
        self._client: Any = None
        self._cluster: Any = None
        self._executor: Any = None
        self._profile: Profile | None = None
        self._futures: set[Future[Result]] = set()

    # -- the cluster -------------------------------------------------------------------------------
    def _connect(self) -> Any:
        Client, LocalCluster = _import()
        if self.address == "local":
            # processes, one thread each: the analyses are CPU-bound Python; the HTTP server on any free port
            self._cluster = LocalCluster(n_workers=self.local_workers, threads_per_worker=1, processes=True,
                                         dashboard_address=":0")
            return Client(self._cluster)
        try:
            client = Client(self.address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise errors.bad_option(
                "--dask", "the address of a running dask scheduler (tcp://HOST:8786) or 'local'",
                f"{self.address} ({type(exc).__name__}: {exc})",
                "Start one with 'dask scheduler' and workers with 'dask worker tcp://HOST:8786' (docs/archive.md), "
                "or pass --dask local.") from None
        return client

    def start(self) -> Profile:
        self._client = self._connect()
        try:
            self._client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except TimeoutError:
            raise errors.worker_died(f"no dask worker joined the scheduler at {self.address} within "
                                     f"{CONNECT_TIMEOUT} s; start some with 'dask worker {self.address}'") from None
        try:
            profiles: dict[str, Profile] = self._client.run(_profile_on_worker, self.settings)
        except errors.UnspunError:
            raise
        except Exception as exc:  # a worker without unspun, or one that cannot load its models
            raise errors.worker_died(f"while loading the models on the dask workers: {type(exc).__name__}: {exc}") \
                from None
        keys = {p.key for p in profiles.values()}
        if len(keys) != 1:
            by_key: dict[str, list[str]] = {}
            for addr, p in sorted(profiles.items()):
                by_key.setdefault(p.key[:12], []).append(addr)
            raise errors.worker_died(
                "the dask workers disagree on the analyzer and model versions (profile keys: "
                + "; ".join(f"{k}: {', '.join(v)}" for k, v in by_key.items())
                + "); install the same unspun with ./install.sh on every worker machine")
        info = self._client.scheduler_info()["workers"]
        self.workers = max(1, sum(int(w.get("nthreads", 1)) for w in info.values()))
        self._executor = self._client.get_executor(pure=False)
        self._profile = next(iter(profiles.values()))
        return self._profile

    # -- the engine interface (see unspun.archive.batch.Engine) ----------------------------------
    @property
    def capacity(self) -> int:
        return PER_WORKER * self.workers - len(self._futures)

    @property
    def in_flight(self) -> int:
        return len(self._futures)

    def submit(self, item: Item) -> None:
        assert self._executor is not None, "start() first"
        self._futures.add(self._executor.submit(_analyse_on_worker, self.settings, item))

    def completed(self, block: bool) -> Iterator[Result]:
        if not self._futures:
            return
        done, self._futures = wait(self._futures, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for f in done:
            try:
                result = f.result()
            except errors.UnspunError:
                raise
            except Exception as exc:  # KilledWorker (a worker died on this item three times), lost scheduler
                raise errors.worker_died(f"dask: {type(exc).__name__}: {exc}") from None
            if self._profile is not None and result.profile_key != self._profile.key:
                raise errors.worker_died(
                    f"a dask worker (pid {result.worker[0]}) that joined during the run has other analyzer or model "
                    f"versions (profile {result.profile_key[:12]}, the run's is {self._profile.key[:12]})")
            yield result

    def close(self, cancel: bool = False) -> None:
        try:
            if self._executor is not None:
                self._executor.shutdown(wait=not cancel)
            if self._client is not None:
                self._client.close()
            if self._cluster is not None:
                self._cluster.close()
        finally:
            self._executor = self._client = self._cluster = None
            self._futures.clear()
