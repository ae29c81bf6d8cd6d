"""Bounded load test of `unspun serve` on loopback: N requests, C at a time, one generated article.

Usage: .venv/bin/python benchmarks/bench_web_load.py [--requests 200] [--concurrency 8] [--words 800]
                                                       [--profile fast|full] [--out PATH]
Starts `python -m unspun serve` in a subprocess on a free 127.0.0.1 port (the
real server, models loaded at start), sends a few warm-up requests one at a
time, then the load; reports p50/p95/p99 latency, errors and throughput, and
writes benchmarks/results/web_load-<profile>.json. Loopback only: it never
talks to any other host. Target (issue 7): p95 <= 300 ms, fast profile, 800 words.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import article  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 300.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, profile: str, log: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "unspun", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if profile == "fast":
        cmd.append("--fast")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}; see {log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"the server did not answer within 300 s; see {log}")


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(q / 100 * len(s) + 0.5)) - 1))
    return s[k]


async def load(url: str, payload: dict[str, Any], n: int, concurrency: int) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def one() -> None:
            async with sem:
                t = time.perf_counter()
                try:
                    r = await client.post(url, json=payload)
                    ok = r.status_code == 200 and r.json().get("schema") == "unspun.report/1"
                    if not ok:
                        errors.append(f"HTTP {r.status_code}: {r.text[:200]}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
                latencies.append((time.perf_counter() - t) * 1000)

        t0 = time.perf_counter()
        await asyncio.gather(*[one() for _ in range(n)])
        wall = time.perf_counter() - t0
    return latencies, errors, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--words", type=int, default=800)
    ap.add_argument("--profile", choices=("fast", "full"), default="fast")
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    text = article(a.words)
    payload = {"text": text, "fast": a.profile == "fast"}
    port = free_port()
    log = Path(tempfile.gettempdir()) / f"unspun-bench-web-{port}.log"
    t_start = time.perf_counter()
    proc = start_server(port, a.profile, log)
    startup = time.perf_counter() - t_start
    url = f"http://127.0.0.1:{port}/v1/check"
    try:
        health = httpx.get(f"http://127.0.0.1:{port}/v1/health").json()
        single: list[float] = []
        report: dict[str, Any] = {}
        with httpx.Client(timeout=60) as c:
            for _ in range(a.warmup):
                t = time.perf_counter()
                r = c.post(url, json=payload)
                single.append((time.perf_counter() - t) * 1000)
                report = r.json()
        latencies, errors, wall = asyncio.run(load(url, payload, a.requests, a.concurrency))
    finally:
        proc.terminate()
        proc.wait(10)
    result = {
        "benchmark": "web_load",
        "date": time.strftime("%Y-%m-%d"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "profile": a.profile,
        "article_words": len(text.split()) - len(text.split("\n", 1)[0].split()),
        "analyzers_ran": [x["name"] for x in report.get("analyzers", []) if x["status"] == "ok"],
        "server": {"startup_s": round(startup, 2), "limits": health.get("limits")},
        "single_request_ms_p50": round(statistics.median(single), 1) if single else None,
        "requests": a.requests,
        "concurrency": a.concurrency,
        "errors": len(errors),
        "error_samples": errors[:5],
        "latency_ms": {
            "p50": round(pct(latencies, 50), 1),
            "p95": round(pct(latencies, 95), 1),
            "p99": round(pct(latencies, 99), 1),
            "max": round(max(latencies), 1),
            "mean": round(statistics.fmean(latencies), 1),
        },
        "throughput_rps": round(a.requests / wall, 1),
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": not errors and pct(latencies, 95) <= TARGET_P95_MS,
    }
    out = a.out or ROOT / "benchmarks" / "results" / f"web_load-{a.profile}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lat = result["latency_ms"]
    print(f"{a.requests} requests, {a.concurrency} at a time, {result['article_words']}-word article, {a.profile} profile")
    print(f"errors {len(errors)}  p50 {lat['p50']} ms  p95 {lat['p95']} ms  p99 {lat['p99']} ms  max {lat['max']} ms"
          f"  throughput {result['throughput_rps']} req/s  single {result['single_request_ms_p50']} ms")
    print(f"target p95 <= {TARGET_P95_MS:g} ms: {'met' if result['meets_target'] else 'NOT met'}; wrote {out}")


if __name__ == "__main__":
    main()
