"""Crash safety: a real `unspun batch` killed with SIGKILL at random points, then resumed, ends with exactly
one result per input, and between kills the archive never holds a duplicate or a half-written item.

The kill points are random (the seed is in every assertion message; set UNSPUN_KILL_SEED to replay one):
most wait until the archive holds a random number of results and kill a few milliseconds later, while
items are being analysed and written; some kill at a random time from the start (model loading, the first
migration). With -j 2 some kills hit only the parent, leaving its workers to notice and exit.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from unspun.archive import sources
from unspun.archive.sources import Failed, Item

N = 2000
BROKEN_EVERY = 53


def _input(tmp_path: Path) -> tuple[Path, set[str], set[str]]:
    lines = []
    for i in range(N):
        if i % BROKEN_EVERY == 7:
            lines.append('{"headline": "broken line')
        elif i % 3 == 0:
            lines.append(json.dumps({"id": f"n{i}", "headline": f"SHOCKING: council {i} raises fares!!",
                                     "body": f"The council voted on fares for route {i}."}))
        else:
            lines.append(json.dumps({"text": f"Council {i} approves budget\n\nThe council met on day {i}."}))
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = [x for inp in sources.plan([str(p)]) for x in sources.read(inp)]
    return p, {x.key for x in read if isinstance(x, Item)}, {x.key for x in read if isinstance(x, Failed)}


def _launch(src: Path, db: Path, jobs: int, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "unspun", "batch", str(src), "--db", str(db), "--only", "headline_wording",
           "-j", str(jobs), "--no-progress", "--json"]
    with open(out, "wb") as fh:  # a file, not a pipe: a killed run's workers must not hold up the test
        return subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True, stdout=fh, stderr=subprocess.STDOUT)


def _results(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(c.execute("SELECT (SELECT count(*) FROM reports) + (SELECT count(*) FROM errors)").fetchone()[0])
        finally:
            c.close()
    except sqlite3.Error:  # not created yet, or its first migration not committed
        return 0


def _kill(proc: subprocess.Popen[bytes], whole_group: bool) -> None:
    """SIGKILL the batch (and its workers, or only the batch: its workers must then exit on their own)."""
    if whole_group:
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError("worker processes outlived their killed batch process by 60 s")


def _check(db: Path, good: set[str], bad: set[str], why: str) -> tuple[int, int]:
    """The archive's invariants after any kill; returns (reports, errors)."""
    if not db.exists():
        return 0, 0
    c = sqlite3.connect(db, timeout=30)
    try:
        if not c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'reports'").fetchone()[0]:
            return 0, 0
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)], why
        keys = [k for (k,) in c.execute("SELECT key FROM articles")]
        assert len(keys) == len(set(keys)) and set(keys) <= good, why
        assert c.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                         "(SELECT 1 FROM reports r WHERE r.article_id = a.id)").fetchone() == (0,), why
        assert c.execute("SELECT count(*) FROM reports r WHERE r.n_findings != "
                         "(SELECT count(*) FROM findings f WHERE f.report_id = r.id)").fetchone() == (0,), why
        assert c.execute("SELECT count(*), count(DISTINCT article_id) FROM reports").fetchone() == (len(keys),) * 2, why
        for (blob,) in c.execute("SELECT report FROM reports"):
            assert json.loads(zlib.decompress(blob))["schema"] == "unspun.report/1", why
        errs = [k for (k,) in c.execute("SELECT item_key FROM errors")]
        assert set(errs) <= bad and len(errs) == len(set(errs)), why
        return len(keys), len(errs)
    finally:
        c.close()


def _finish(src: Path, db: Path, jobs: int, out: Path, good: set[str], bad: set[str], why: str) -> None:
    """Resume to the end: exactly one result per input."""
    proc = _launch(src, db, jobs, out)
    proc.wait(timeout=300)
    assert proc.returncode == 0, out.read_text()
    summary = json.loads(out.read_text())
    assert _check(db, good, bad, why) == (len(good), len(bad)), why
    assert summary["done"] + summary["skipped"] + summary["failed"] == len(good) + len(bad), why


@pytest.mark.parametrize(("jobs", "wanted"), [(1, 16), (2, 6)])
def test_archive_kill_and_resume(tmp_path: Path, jobs: int, wanted: int) -> None:
    seed = int(os.environ.get("UNSPUN_KILL_SEED", time.time_ns() % 2**32))
    rng = random.Random(seed)
    src, good, bad = _input(tmp_path)
    out = tmp_path / "out.txt"
    kills, rounds = 0, 0
    while kills < wanted and rounds < 4:  # a round ends when a run finishes before its kill point
        rounds += 1
        db = tmp_path / f"round{rounds}.db"
        while kills < wanted:
            how = "time" if rng.random() < 0.25 else "progress"
            why = f"seed {seed}, -j {jobs}, round {rounds}, kill {kills + 1} ({how})"
            proc = _launch(src, db, jobs, out)
            if how == "time":  # anywhere from interpreter start to well into the run
                time.sleep(rng.uniform(0.05, 1.0 if jobs == 1 else 2.5))
            else:  # while items are being analysed and written
                target = _results(db) + rng.randint(1, 60)
                deadline = time.monotonic() + 120
                while proc.poll() is None and _results(db) < target and time.monotonic() < deadline:
                    time.sleep(0.005)
                time.sleep(rng.uniform(0, 0.02))
            if proc.poll() is not None:
                assert proc.wait() == 0, out.read_text()
                break
            _kill(proc, whole_group=jobs == 1 or kills % 2 == 0)
            kills += 1
            _check(db, good, bad, why)
        _finish(src, db, jobs, out, good, bad, f"seed {seed}, -j {jobs}, round {rounds}, the last run")
    assert kills >= wanted, f"seed {seed}: {kills} kill points in {rounds} rounds"


@pytest.mark.parametrize("jobs", [1, 2])
def test_archive_kill_ctrl_c_stops_cleanly(tmp_path: Path, jobs: int) -> None:
    """SIGINT (Ctrl-C): exit 130 with the summary of what was done, the run closed, then resumable."""
    src, good, bad = _input(tmp_path)
    db, out = tmp_path / "a.db", tmp_path / "out.txt"
    proc = _launch(src, db, jobs, out)
    deadline = time.monotonic() + 120
    while proc.poll() is None and _results(db) < 100 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, out.read_text()
    os.kill(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=60) == 130, out.read_text()
    summary = json.loads(out.read_text())
    # the summary counts exactly what the archive holds (reports and recorded item errors): a Ctrl-C waits for
    # the write it lands in and that write's tally
    held = _results(db)
    assert summary["interrupted"] and summary["done"] + summary["failed"] == held
    assert held >= 100
    c = sqlite3.connect(db)
    assert c.execute("SELECT count(*) FROM runs WHERE finished IS NOT NULL").fetchone() == (1,)
    c.close()
    _check(db, good, bad, "after Ctrl-C")
    _finish(src, db, jobs, out, good, bad, "after Ctrl-C, the last run")
