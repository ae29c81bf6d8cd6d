"""Offline, proven: the checker runs with the network cut off (a new, empty network namespace)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, ROOT


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_unshare(), reason="unshare -n is not permitted here")
@pytest.mark.parametrize("example", ["content-farm.txt", "wire-report.txt"])
def test_offline_check_runs_without_network(example: str, tmp_path: object) -> None:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_proxy") and not k.endswith("_PROXY")}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HOME": str(tmp_path)})
    r = subprocess.run(
        ["unshare", "-n", sys.executable, "-m", "unspun", "check", str(EXAMPLES / example), "--format", "json"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env=env,
    )
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert [a["name"] for a in report["analyzers"] if a["status"] == "error"] == [], report["analyzers"]
    # and a URL fails cleanly, with its code, not a traceback
    r = subprocess.run(
        ["unshare", "-n", sys.executable, "-m", "unspun", "check", "https://example.org/news"],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env=env,
    )
    assert r.returncode == 2 and "E115" in r.stderr and "Traceback" not in r.stderr
