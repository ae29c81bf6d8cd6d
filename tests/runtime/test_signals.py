"""Signals around worker processes: children started in ``children_hold`` survive a Ctrl-C sent while they start,
and the Ctrl-C that reaches this process meanwhile is handled once the block ends, not lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import pytest

from unspun.runtime.signals import children_hold, deferred, signals_handled

pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")

CHILD = "import time; time.sleep(1.5); print('finished')"


def test_child_started_in_the_block_survives_ctrl_c() -> None:
    with children_hold(signal.SIGINT):
        child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert (child.returncode, out.strip(), err) == (0, "finished", "")


def test_child_started_outside_the_block_dies_of_ctrl_c() -> None:
    """The control: the same child started normally dies of the same Ctrl-C (so the test above can fail)."""
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert child.returncode != 0 and out == "" and "KeyboardInterrupt" in err


@pytest.mark.parametrize("block", [deferred, children_hold], ids=["deferred", "children_hold"])
@pytest.mark.parametrize(("where", "signals"), [("main thread", 1), ("other thread", 1), ("main thread", 0), ("main thread", 2)])
def test_ctrl_c_in_the_block_is_handled_after_it(block: Any, where: str, signals: int) -> None:
    """A Ctrl-C that lands in the block (a write and its tally; starting workers) is handled after it, once;
    none, not at all."""
    got: list[tuple[int, bool]] = []
    inside = True

    def sender() -> None:
        os.kill(os.getpid(), signal.SIGINT)

    with signals_handled(lambda s, _: got.append((s, inside)), signal.SIGINT):
        with block(signal.SIGINT):
            for _ in range(signals):
                if where == "main thread":
                    signal.raise_signal(signal.SIGINT)
                else:
                    t = threading.Thread(target=sender)
                    t.start()
                    t.join()
            time.sleep(0.05)
            assert got == []  # not handled in the middle of the block
            inside = False
        time.sleep(0.05)
    assert got == ([(signal.SIGINT, False)] if signals else [])
