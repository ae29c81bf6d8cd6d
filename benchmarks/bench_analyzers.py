"""CPU time per article of the fast profile and of each of its analyzers, on real 800-word news.

Usage: .venv/bin/python -m benchmarks.bench_analyzers [--articles 30] [--words 800] [--out PATH]

Takes ``--articles`` FNC-1 bodies of at least ``--words`` words cut there (as ``bench_batch --cut-words``),
and runs over them, in this process after one warm-up article: the whole fast profile,
then each analyzer of it alone (``Pipeline.default(only=[name], fast=True)``). The figure is CPU time
(``time.process_time``) per article, which depends little on what else the machine runs; an analyzer alone
also pays the document work it shares with others (the sentence split, the parse), so the parts add up to
more than the whole. What ``unspun batch --fast`` can reach: about 1000 / (whole + 2) articles a second per
free core (2 ms: the batch's own reading and writing).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from typing import Any

from benchmarks import blas, write_result
from benchmarks.bench_batch import news_articles


def cpu_ms(pipeline: Any, arts: list[dict[str, str]]) -> float:
    from unspun import inputs

    # fresh documents for every pipeline: a Document keeps what is computed once per document (its vectors)
    docs = [inputs.read(headline=x["headline"], body=x["body"], front_end="library") for x in arts]
    pipeline.run(docs[0])  # warm-up: models loaded, caches filled
    t0 = time.process_time()
    for d in docs[1:]:
        pipeline.run(d)
    return round((time.process_time() - t0) / (len(docs) - 1) * 1000, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=30)
    ap.add_argument("--words", type=int, default=800)
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    from unspun.analyzers import registry
    from unspun.pipeline import Pipeline

    arts = news_articles(a.articles + 1, a.words, a.words)
    load = os.getloadavg()
    result: dict[str, Any] = {
        "benchmark": f"CPU ms per article, fast profile, FNC-1 bodies cut at {a.words} words",
        "date": time.strftime("%Y-%m-%d"), "articles": a.articles,
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "blas": blas(),
        "load_average_before": [round(x, 2) for x in load],
        "fast_profile_cpu_ms": cpu_ms(Pipeline.default(fast=True), arts),
        "alone_cpu_ms": {},
    }
    for cls in registry.ANALYZERS:
        if not cls.slow:
            result["alone_cpu_ms"][cls.name] = cpu_ms(Pipeline.default(only=[cls.name], fast=True), arts)
            print(cls.name, result["alone_cpu_ms"][cls.name], flush=True)
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    write_result(result, a.out)


if __name__ == "__main__":
    main()
