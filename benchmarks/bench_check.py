"""Benchmark `unspun check`: CLI cold start, warm latency per article, throughput, peak RSS.

Usage: .venv/bin/python benchmarks/bench_check.py [--profile fast|full] [--only a,b] [--runs N]
Writes benchmarks/results/check-<profile>.json and prints a table. Numbers are
for the machine it runs on; the README records the latest run and the machine.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import article  # noqa: E402

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
    a = ap.parse_args()
    from unspun import inputs
    from unspun.pipeline import Pipeline

    only = [x for x in a.only.split(",") if x] or None
    fast = a.profile == "fast"
    cli_args = (["--fast"] if fast else []) + (["--only", a.only] if only else [])
    pipe = Pipeline.default(only=only, fast=fast)
    result: dict[str, object] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "profile": a.profile, "only": only, "analyzers": [x.name for x in pipe.analyzers], "sizes": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for words in SIZES:
            text = article(words)
            path = os.path.join(tmp, f"a{words}.txt")
            Path(path).write_text(text, encoding="utf-8")
            doc = inputs.from_text(text)
            pipe.run(doc)  # warm-up: models load once
            per_analyzer: dict[str, float] = {}
            for an in pipe.analyzers:
                ts = []
                for _ in range(max(3, a.runs // 3)):
                    t = time.perf_counter()
                    try:
                        an(doc)
                    except Exception:  # noqa: BLE001 - not-applicable analyzers still count their time
                        pass
                    ts.append(time.perf_counter() - t)
                per_analyzer[an.name] = round(statistics.median(ts) * 1000, 3)
            ts = []
            for _ in range(a.runs):
                t = time.perf_counter()
                pipe.run(inputs.from_text(text))
                ts.append(time.perf_counter() - t)
            warm = statistics.median(ts)
            result["sizes"][str(words)] = {  # type: ignore[index]
                "words": len(doc.body_text.split()),
                "warm_ms_per_article": round(warm * 1000, 3),
                "throughput_articles_per_s": round(1 / warm, 1),
                "per_analyzer_ms": per_analyzer,
                "cli_cold_start_s": round(cold_start(path, cli_args, 5), 3),
            }
    result["peak_rss_mb_in_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out = ROOT / "benchmarks" / "results" / f"check-{a.profile}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'words':>6} {'warm ms':>9} {'art/s':>8} {'cold s':>7}  per analyzer (ms)")
    for w, r in result["sizes"].items():  # type: ignore[union-attr]
        print(f"{w:>6} {r['warm_ms_per_article']:>9} {r['throughput_articles_per_s']:>8} {r['cli_cold_start_s']:>7}  {r['per_analyzer_ms']}")
    print(f"peak RSS {result['peak_rss_mb_in_process']} MB; machine: {result['machine']}; wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
