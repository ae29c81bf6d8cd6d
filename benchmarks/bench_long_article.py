"""Benchmark one long article (issue 15: the full profile within 10 s for 500,000 characters on 2 cores).

Usage: .venv/bin/python -m benchmarks.bench_long_article [--chars 495000] [--profile full|fast] [--runs 3]

The article is real news: FNC-1 bodies from ../shared/data/fnc-1 joined until the body
has ``--chars`` characters (generated text when the data is absent). Models are loaded
and warmed on an ordinary article first; each run times ``Pipeline.run`` on the whole
article (wall and CPU time of this process), then each analyzer alone, and lists what
each analyzer capped. Writes benchmarks/results/long-article-<profile>.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import article
from training.common import DATA

ROOT = Path(__file__).resolve().parents[1]


def long_body(chars: int) -> tuple[str, str]:
    """A body of ``chars`` characters of real news, and where it came from."""
    path = DATA / "fnc-1" / "train_bodies.csv"
    if not path.exists():
        text = ""
        seed = 0
        while len(text) < chars:
            text += article(3000, seed=seed).split("\n\n", 1)[1] + "\n\n"
            seed += 1
        return text[:chars], "generated (benchmarks.generate)"
    csv.field_size_limit(1 << 30)
    body = ""
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            body += row["articleBody"].strip() + "\n\n"
            if len(body) >= chars:
                break
    return body[:chars], str(path.relative_to(DATA.parent))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=495_000)
    ap.add_argument("--profile", choices=("fast", "full"), default="full")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    from unspun import inputs
    from unspun.pipeline import Pipeline

    pipe = Pipeline.default(fast=a.profile == "fast")
    body, source = long_body(a.chars)
    doc = inputs.from_text("Officials say the plan will cost billions\n\n" + body)
    pipe.run(inputs.from_text(article(800)))  # models load and warm on an ordinary article
    result: dict[str, Any] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"), "profile": a.profile, "source": source,
        "chars": len(doc.text), "body_words": doc.body_word_count(), "sentences": len(doc.sentences),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    walls, cpus = [], []
    for _ in range(a.runs):
        fresh = inputs.from_text(doc.text)  # no lazily computed state carried over
        t, c = time.perf_counter(), time.process_time()
        report = pipe.run(fresh)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    result["pipeline_s"] = {"wall_median": round(statistics.median(walls), 2), "cpu_median": round(statistics.median(cpus), 2),
                            "wall": [round(x, 2) for x in walls], "cpu": [round(x, 2) for x in cpus]}
    result["capped"] = {r.name: r.capped for r in report.analyzers if r.capped}
    result["status"] = {r.name: f"{r.status}: {r.reason}" for r in report.analyzers}
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out = a.out or ROOT / "benchmarks" / "results" / f"long-article-{a.profile}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
