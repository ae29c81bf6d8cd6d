"""Signals around child processes: handle some for a while, and start children that hold Ctrl-C.

Ctrl-C in a terminal reaches the whole process group, so worker processes get it too. A worker that gets it
while it still imports dies with a traceback; the program that started it stops it itself, properly.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def signals_handled(handler: Any, *signals: signal.Signals) -> Iterator[None]:
    """Handle ``signals`` with ``handler`` inside the block, then restore what was there (main thread
    only: elsewhere Python cannot set handlers, and the block runs unchanged)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig in signals}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextmanager
def deferred(sig: signal.Signals) -> Iterator[None]:
    """Handle ``sig`` when the block ends rather than inside it, so a block that writes a row and counts it is
    never cut between the two (main thread; elsewhere the block runs unchanged). A handler that only records
    the signal, not a blocked mask: another thread, a native one included, could take a blocked signal."""
    held: list[int] = []
    with signals_handled(lambda s, _: held.append(s), sig):
        yield
    if held:
        signal.raise_signal(sig)  # to the handler now restored


@contextmanager
def children_hold(sig: signal.Signals) -> Iterator[None]:
    """Processes started inside the block hold ``sig`` from their first instruction until they choose what to do
    with it (blocked: the mask is inherited across fork and exec); this process holds one that arrives meanwhile
    and handles it as usual once the block ends, so a start is never cut off half way.

    (Ignoring it here instead could lose it: with the action "ignore" the kernel drops a signal that any
    unblocked thread, a native one included, could take.)
    """
    with deferred(sig):
        signal.pthread_sigmask(signal.SIG_BLOCK, {sig})  # this thread only: the others still take it
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {sig})
