"""Benchmark `unspun check`: CLI cold start, warm latency per article, throughput, peak RSS.

Usage: .venv/bin/python -m benchmarks.bench_check [--profile fast|full] [--only a,b] [--runs N] [--out PATH]
                                                  [--sizes 200,800,3000] [--cold-runs 5]
Writes benchmarks/results/check-<profile>.json and prints a table. Numbers are
for the machine it runs on; the README records the latest run and the machine.

Every timed run reads an article this process has not seen (generate.article
with unique=True and its own seed), so no cache (spaCy parses, a per-document
result) makes a repeated article cheap; the models are loaded and warm. Each
figure is the median of the runs, as wall time and as CPU time of this process
(time.process_time, less sensitive to other work on the machine); the load
average is recorded before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import article

ROOT = Path(__file__).resolve().parents[1]
SIZES = (200, 800, 3000)


def cold_start(path: str, args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "unspun", "check", path, "--format", "json", *args],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", choices=("fast", "full"), default="fast")
    ap.add_argument("--only", default="")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="article sizes in words, comma-separated")
    ap.add_argument("--cold-runs", type=int, default=5, help="CLI cold starts per size (0: not measured)")
    a = ap.parse_args()
    from unspun import inputs
    from unspun.pipeline import Pipeline

    only = [x for x in a.only.split(",") if x] or None
    fast = a.profile == "fast"
    cli_args = (["--fast"] if fast else []) + (["--only", a.only] if only else [])
    pipe = Pipeline.default(only=only, fast=fast)
    result: dict[str, Any] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
        "profile": a.profile, "only": only, "analyzers": [x.name for x in pipe.analyzers],
        "load_average_before": [round(x, 2) for x in os.getloadavg()], "sizes": {},
    }
    seed = 20_000
    # One BLAS thread, as Pipeline.run and the server use (the analyzers are timed alone here).
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"), tempfile.TemporaryDirectory() as tmp:
        for words in [int(x) for x in a.sizes.split(",")]:
            text = article(words)
            path = os.path.join(tmp, f"a{words}.txt")
            Path(path).write_text(text, encoding="utf-8")
            pipe.run(inputs.from_text(text))  # warm-up: models load once
            per_analyzer: dict[str, float] = {}
            per_analyzer_cpu: dict[str, float] = {}
            n_each = max(3, a.runs // 3)
            for an in pipe.analyzers:
                ts, cs = [], []
                for _ in range(n_each):
                    seed += 1
                    doc = inputs.from_text(article(words, seed=seed, unique=True))
                    t, c = time.perf_counter(), time.process_time()
                    try:
                        an.analyse(doc)
                    except Exception:  # noqa: BLE001 - not-applicable analyzers still count their time
                        pass
                    ts.append(time.perf_counter() - t)
                    cs.append(time.process_time() - c)
                per_analyzer[an.name] = round(statistics.median(ts) * 1000, 3)
                per_analyzer_cpu[an.name] = round(statistics.median(cs) * 1000, 3)
            ts, cs = [], []
            for _ in range(a.runs):
                seed += 1
                fresh = article(words, seed=seed, unique=True)
                t, c = time.perf_counter(), time.process_time()
                pipe.run(inputs.from_text(fresh))
                ts.append(time.perf_counter() - t)
                cs.append(time.process_time() - c)
            warm = statistics.median(ts)
            result["sizes"][str(words)] = {
                "words": len(inputs.from_text(text).body_text.split()),
                "warm_ms_per_article": round(warm * 1000, 3),
                "cpu_ms_per_article": round(statistics.median(cs) * 1000, 3),
                "throughput_articles_per_s": round(1 / warm, 1),
                "per_analyzer_ms": per_analyzer,
                "per_analyzer_cpu_ms": per_analyzer_cpu,
                "cli_cold_start_s": round(cold_start(path, cli_args, a.cold_runs), 3) if a.cold_runs else None,
            }
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    result["peak_rss_mb_in_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out = a.out or ROOT / "benchmarks" / "results" / f"check-{a.profile}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'words':>6} {'warm ms':>9} {'cpu ms':>8} {'art/s':>8} {'cold s':>7}  per analyzer (cpu ms)")
    for w, r in result["sizes"].items():
        print(f"{w:>6} {r['warm_ms_per_article']:>9} {r['cpu_ms_per_article']:>8} {r['throughput_articles_per_s']:>8} "
              f"{r['cli_cold_start_s'] if r['cli_cold_start_s'] is not None else '-':>7}  {r['per_analyzer_cpu_ms']}")
    print(f"peak RSS {result['peak_rss_mb_in_process']} MB; machine: {result['machine']}; load average "
          f"{result['load_average_before']} -> {result['load_average_after']}; wrote {out}")


if __name__ == "__main__":
    main()
