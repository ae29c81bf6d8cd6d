"""``unspun serve``: build the app (models load now) and serve it with uvicorn until Ctrl-C or SIGTERM.

Stopping: uvicorn finishes the requests in flight, the app's lifespan ends and
stops the analysis workers, and the process exits normally (status 0), so
nothing is left behind: no worker process, no multiprocessing semaphore.
Ctrl-C or SIGTERM while the models are still loading ends the workers started
so far and exits with status 130.
"""

from __future__ import annotations

import logging
import os
import signal
from types import FrameType
from typing import Any

from unspun import errors
from unspun.runtime.signals import signals_handled
from unspun.web.app import create_app
from unspun.web.guard import LOOPBACK_HOSTS
from unspun.web.settings import Settings

log = logging.getLogger(__name__)

def _check_bind(host: str, port: int) -> None:
    """Raise a clear error when ``host:port`` cannot be listened on."""
    import socket

    try:
        family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise errors.bad_option("--host", "an address of this machine", host,
                                f"{exc}; use 127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces).") from None
    try:
        with socket.socket(family, kind, proto) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(addr)
    except OSError as exc:
        raise errors.bad_option("--port", f"a port free to listen on at {host}", str(port),
                                f"{exc.strerror or exc}; pick another with --port, or stop the program using it.") from None


class _StopSignals:
    """The handler of SIGINT and SIGTERM for the whole of ``serve``.

    While the models load, a stop signal interrupts (KeyboardInterrupt: the engine ends the workers it
    started). While uvicorn runs, it handles the signals itself and, once it has shut down, raises the one
    it caught again: that reaches this handler, which then does nothing more, so the process goes on to
    close the engine and exit normally instead of being killed before its cleanup.
    """

    def __init__(self) -> None:
        self.serving = False

    def __call__(self, sig: int, frame: FrameType | None) -> None:
        if not self.serving:
            raise KeyboardInterrupt


def serve(host: str = "127.0.0.1", port: int = 8000, fast: bool = False, processes: bool | None = None,
          **overrides: Any) -> None:
    """Build the app (models load now) and serve it with uvicorn until interrupted.

    ``processes`` None: worker processes on a machine with several cores, threads on one core.
    """
    import uvicorn

    _check_bind(host, port)  # before the models load: a taken port should fail in a second, not after
    overrides["processes"] = (os.cpu_count() or 1) > 1 if processes is None else processes
    if host in LOOPBACK_HOSTS:
        overrides.setdefault("allowed_hosts", LOOPBACK_HOSTS)
    else:
        log.warning("serving on %s: anyone who can reach this address can use the checker", host)
    stop = _StopSignals()
    engine = None
    with signals_handled(stop, signal.SIGINT, signal.SIGTERM):
        try:
            app = create_app(Settings(fast=fast, **overrides))
            engine = app.state.engine
            stop.serving = True
            s: Settings = app.state.settings
            # uvicorn's own cap on open connections sits above ours on analyses, so excess
            # load meets our JSON 503 rather than a bare one.
            uvicorn.run(app, host=host, port=port, log_level="info",
                        limit_concurrency=(s.max_concurrent + s.max_waiting) * 4, timeout_keep_alive=5)
        finally:
            if engine is not None:
                engine.close()  # the lifespan has closed it unless uvicorn stopped before it started
