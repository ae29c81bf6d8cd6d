"""Throughput of `unspun batch` on real news: articles a second, peak memory per worker, archive size.

Usage: .venv/bin/python benchmarks/bench_batch.py [--articles 1000] [--min-words 200] [--cut-words 0]
                                                  [--profile fast|full] [--jobs 1,2]
                                                  [--out benchmarks/results/batch.json]

Takes ``--articles`` real news bodies of at least ``--min-words`` words at run time: FNC-1's (``../shared/data/fnc-1``,
in file order, each under one of its own related headlines), then SemEval-2023 task 3's English articles under
their titles (111 FNC-1 bodies reach 800 words, 249 with SemEval's; nothing is copied into the repository), writes
them as JSONL to a temporary folder, and for each worker count runs the real command line
``python -m unspun batch IN.jsonl --db NEW.db [--fast] -j N --json`` in a subprocess, then once more on the
finished archive (every item skipped: the cost of resuming). Reports, per worker count: articles a second
after the models loaded (the batch's own measure) and over the whole command, CPU time per article (in the
workers, and in the batch process that reads and writes) with the rate that CPU time allows on as many free
cores as workers (the wall-clock rate depends on what else the machine runs), the peak RSS of each process
that analysed (the batch process itself with -j 1), and the archive's size per 1,000 articles with the
reports' compression; also the rate while every worker ran (a worker past the first loads its models while
the first already works: a few seconds a short run counts against N workers). Targets (issue 17): at least 15
articles/s with 2 workers on 2 cores, 2 workers at least 1.7 times 1, at most 1 GB per worker, fast profile.

The result names the BLAS kernel numpy ran (``blas``): a machine that sets ``OPENBLAS_CORETYPE`` for an older
OpenBLAS runs numpy's own on slower kernels. To measure what a current numpy does there, unset it for the
benchmark command alone: ``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_batch.py``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script (benchmarks/bench_batch.py) as well as a module
    sys.path.insert(0, str(ROOT))
from benchmarks import blas  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
if not DATA.is_dir() and (ROOT.parents[1] / "shared" / "data").is_dir():
    DATA = ROOT.parents[1] / "shared" / "data"  # a git worktree one level deeper (wt/<branch>)


def _cut(text: str, words: int) -> str:
    """``text`` up to the first sentence end after ``words`` words."""
    import re

    for m in re.finditer(r"[.!?][\"”’]?(?=\s)", text):
        if len(text[: m.end()].split()) >= words:
            return text[: m.end()]
    return text


def news_articles(count: int, min_words: int, cut_words: int = 0) -> list[dict[str, str]]:
    """``count`` real bodies of at least ``min_words`` words (cut at ``cut_words``) under their headlines.

    FNC-1 bodies first (each under one of its related headlines), then, where those run out (111 of them
    have 800 words), the SemEval-2023 task 3 articles (English news with their own titles), each body once.
    """
    if not (DATA / "fnc-1").is_dir():
        raise SystemExit(f"this benchmark needs the FNC-1 data in {DATA / 'fnc-1'}; it is not there")
    csv.field_size_limit(1 << 30)
    heads: dict[str, str] = {}
    with (DATA / "fnc-1" / "train_stances.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["Stance"] != "unrelated":
                heads.setdefault(r["Body ID"], r["Headline"])
    out = []
    with (DATA / "fnc-1" / "train_bodies.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["Body ID"] in heads and len(r["articleBody"].split()) >= min_words:
                body = _cut(r["articleBody"], cut_words) if cut_words else r["articleBody"]
                out.append({"id": f"fnc1-{r['Body ID']}", "headline": heads[r["Body ID"]], "body": body})
    seen: set[str] = set()
    for path in sorted((DATA / "persuasion-semeval2023-task3-en").glob("articles-subtask-*/*.txt")):
        if len(out) >= count:
            break
        headline, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
        body = body.strip()
        # the same article is in both subtask folders (its text may differ in white space): once, by name
        if len(body.split()) >= min_words and path.stem not in seen:
            seen.add(path.stem)
            out.append({"id": f"semeval2023-{path.stem}", "headline": headline.strip(),
                        "body": _cut(body, cut_words) if cut_words else body})
    if len(out) < count:
        raise SystemExit(f"only {len(out)} FNC-1 and SemEval-2023 bodies have {min_words}+ words; "
                         f"lower --articles or --min-words")
    return out[:count]


def batch(src: Path, db: Path, jobs: int, fast: bool, dask: bool = False) -> tuple[dict[str, Any], float]:
    cmd = [sys.executable, "-m", "unspun", "batch", str(src), "--db", str(db), "-j", str(jobs), "--json",
           "--no-progress", *(["--fast"] if fast else []), *(["--dask", "local"] if dask else [])]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=7200)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"unspun batch failed ({r.returncode}): {r.stderr[-2000:]}")
    summary: dict[str, Any] = json.loads(r.stdout)
    return summary, wall


def archive_size(db: Path) -> dict[str, Any]:
    c = sqlite3.connect(db)
    try:
        n = int(c.execute("SELECT count(*) FROM articles").fetchone()[0])
        blobs = [b for (b,) in c.execute("SELECT report FROM reports")]
        text = int(c.execute("SELECT sum(length(CAST(headline || body AS BLOB))) FROM articles").fetchone()[0] or 0)
    finally:
        c.close()
    raw = sum(len(zlib.decompress(b)) for b in blobs)
    size = db.stat().st_size
    return {
        "articles": n,
        "file_bytes": size,
        "mb_per_1000_articles": round(size / n * 1000 / 2**20, 2) if n else None,
        "article_text_mb_per_1000": round(text / n * 1000 / 2**20, 2) if n else None,
        "report_json_kb_mean": round(raw / len(blobs) / 1024, 1) if blobs else None,
        "report_stored_kb_mean": round(sum(map(len, blobs)) / len(blobs) / 1024, 1) if blobs else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--min-words", type=int, default=200)
    ap.add_argument("--cut-words", type=int, default=0,
                    help="cut each body at the first sentence end past this many words (0: whole bodies)")
    ap.add_argument("--profile", choices=("fast", "full"), default="fast")
    ap.add_argument("--jobs", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--dask", action="store_true",
                    help="run on a dask LocalCluster of that many worker processes (--dask local -j N)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "batch.json"))
    a = ap.parse_args()
    articles = news_articles(a.articles, a.min_words, a.cut_words)
    words = [len(x["body"].split()) for x in articles]
    result: dict[str, Any] = {
        "benchmark": "unspun batch, real news (FNC-1 bodies under a related headline)",
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.processor() or platform.system()}, "
                   f"Python {platform.python_version()}",
        "blas": blas(),
        "profile": a.profile,
        "executor": "dask LocalCluster (--dask local)" if a.dask else "worker processes (-j)",
        "articles": len(articles),
        "body_words": {"median": statistics.median(words), "mean": round(statistics.mean(words), 1),
                       "min": min(words), "max": max(words)},
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="unspun-bench-batch-") as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(x) + "\n" for x in articles), encoding="utf-8")
        for jobs in (int(j) for j in a.jobs.split(",")):
            db = Path(tmp) / f"j{jobs}.db"
            load_before = os.getloadavg()
            summary, wall = batch(src, db, jobs, a.profile == "fast", a.dask)
            load_after = os.getloadavg()
            resumed, resume_wall = batch(src, db, jobs, a.profile == "fast", a.dask)
            n = max(1, summary["done"] + summary["failed"])
            run = {
                "workers": jobs,
                "done": summary["done"], "failed": summary["failed"],
                "articles_per_second": summary["articles_per_second"],
                "articles_per_second_all_workers_running": summary.get("articles_per_second_all_workers_running"),
                "articles_per_second_whole_command": round(len(articles) / wall, 2),
                "command_seconds": round(wall, 1),
                "peak_rss_mb_per_worker": summary["peak_rss_mb"],
                "cpu_ms_per_article": round(summary["worker_cpu_seconds"] * 1000 / n, 1),
                "batch_process_cpu_ms_per_article": round(summary["writer_cpu_seconds"] * 1000 / n, 1),
                # what the measured CPU time allows on as many free cores as workers (-j 1: the batch
                # process analyses itself, so its CPU time is all of it)
                "articles_per_second_on_free_cores": round(n * jobs / (
                    summary["writer_cpu_seconds"] if jobs == 1 and not a.dask
                    else summary["worker_cpu_seconds"] + summary["writer_cpu_seconds"]), 2),
                "resume_seconds_all_skipped": round(resume_wall, 1), "resume_skipped": resumed["skipped"],
                "load_average_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
                "archive": archive_size(db),
            }
            result["runs"].append(run)
            print(json.dumps(run), flush=True)
    rates = {r["workers"]: r["articles_per_second"] for r in result["runs"]}
    if 1 in rates and 2 in rates and rates[1]:
        result["speedup_2_over_1"] = round(rates[2] / rates[1], 2)
    running = {r["workers"]: r["articles_per_second_all_workers_running"] for r in result["runs"]}
    if running.get(1) and running.get(2):
        result["speedup_2_over_1_all_workers_running"] = round(running[2] / running[1], 2)
    free = {r["workers"]: r["articles_per_second_on_free_cores"] for r in result["runs"]}
    if 1 in free and 2 in free and free[1]:
        result["speedup_2_over_1_on_free_cores"] = round(free[2] / free[1], 2)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
