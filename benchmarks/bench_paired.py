"""CPU time per article of the fast profile in two checkouts, measured in pairs, on real 800-word news.

Usage: .venv/bin/python -m benchmarks.bench_paired BEFORE_SRC AFTER_SRC [--articles 110] [--chunk 10]
                                                   [--rounds 3] [--out PATH]

On a shared machine the CPU time of the same work drifts by a fifth from one minute to the next (other jobs
take the caches and the memory bus), so two runs made one after the other compare the minutes as much as the
code. Here each checkout runs in its own long-lived process (``PYTHONPATH=<src>``, models loaded once) and
the two take turns on the same chunks of ``--chunk`` articles (FNC-1 bodies cut at 800 words, as
``bench_analyzers``), so each pair of figures comes from the same minute; the order within a pair alternates.
The figure is the median over pairs of CPU ms per article (``time.process_time`` in each process, fresh
documents for every chunk), and the median of the ratio after / before.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import write_result
from benchmarks.bench_batch import news_articles

ROOT = Path(__file__).resolve().parents[1]

#: the worker: reads "first last" lines, checks those articles with the fast profile, answers with CPU ms
WORKER = """
import json, sys, time
from benchmarks.bench_batch import news_articles
from unspun import inputs
from unspun.pipeline import Pipeline
arts = news_articles(int(sys.argv[1]), 800, 800)
pipeline = Pipeline.default(fast=True)
pipeline.run(inputs.read(headline=arts[0]["headline"], body=arts[0]["body"], front_end="library"))
print("ready", flush=True)
for line in sys.stdin:
    a, b = map(int, line.split())
    docs = [inputs.read(headline=x["headline"], body=x["body"], front_end="library") for x in arts[a:b]]
    t0 = time.process_time()
    for d in docs:
        pipeline.run(d)
    print(json.dumps((time.process_time() - t0) * 1000 / len(docs)), flush=True)
"""


def start(src: str, articles: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, str(ROOT)])}
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(articles)], cwd=ROOT, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        raise SystemExit(f"the worker for {src} did not start")
    return proc


def ask(proc: subprocess.Popen[str], a: int, b: int) -> float:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{a} {b}\n")
    proc.stdin.flush()
    return float(json.loads(proc.stdout.readline()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--articles", type=int, default=110)
    ap.add_argument("--chunk", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    news_articles(a.articles + 1, 800, 800)  # fails early, with its message, when the data is not there
    load_before = os.getloadavg()
    procs = {"before": start(a.before, a.articles + 1), "after": start(a.after, a.articles + 1)}
    pairs: list[dict[str, float]] = []
    k = 0
    for _ in range(a.rounds):
        for first in range(1, a.articles + 1, a.chunk):
            last = min(first + a.chunk, a.articles + 1)
            order = ("before", "after") if k % 2 == 0 else ("after", "before")
            pairs.append({name: ask(procs[name], first, last) for name in order})
            k += 1
    for p in procs.values():
        assert p.stdin is not None
        p.stdin.close()
        p.wait(timeout=60)
    med = {name: round(statistics.median(p[name] for p in pairs), 1) for name in ("before", "after")}
    result: dict[str, Any] = {
        "benchmark": "CPU ms per article, fast profile, FNC-1 bodies cut at 800 words, two checkouts in pairs",
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "before": a.before, "after": a.after,
        "articles": a.articles, "chunk": a.chunk, "rounds": a.rounds, "pairs": len(pairs),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "cpu_ms_per_article_median": med,
        "ratio_after_before_median": round(statistics.median(p["after"] / p["before"] for p in pairs), 3),
        "pairs_after_faster": sum(p["after"] < p["before"] for p in pairs),
        "cpu_ms_per_article_pairs": [{k2: round(v, 1) for k2, v in p.items()} for p in pairs],
    }
    write_result(result, a.out)


if __name__ == "__main__":
    main()
