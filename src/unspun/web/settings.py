"""The server's settings: its limits, its profile and how analyses run."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Server limits; the defaults are documented in docs/web.md."""

    #: True: slow analyzers never run, whatever a request asks
    fast: bool = False
    #: largest request body accepted (bytes); a pasted article is far smaller, a saved page can be ~1 MB
    max_request_bytes: int = 2_000_000
    #: analyses running at once; more than the cores only adds contention
    max_concurrent: int = max(1, min(4, os.cpu_count() or 1))
    #: True: analyses run in max_concurrent worker processes (each loads the models once at
    #: start), so they use several cores; False: in threads of this process (one core for
    #: Python code, less memory). `unspun serve` uses processes on a machine with several cores.
    processes: bool = False
    #: analyses allowed to wait for a slot; beyond that requests get 503 at once
    max_waiting: int = 32
    #: URL fetch limits (see unspun.inputs.fetch)
    fetch_timeout_s: float = 10.0
    fetch_max_bytes: int = 5_000_000
    #: run each pipeline once at start so models load before the first request
    warm: bool = True
    #: Host header values accepted; None accepts any. `serve` on a loopback address
    #: sets the loopback names, so a web page cannot reach this server by DNS rebinding.
    allowed_hosts: tuple[str, ...] | None = None
    #: an archive (``unspun batch --db``) whose articles the page lists and opens; None: no archive
    db: str | None = None
