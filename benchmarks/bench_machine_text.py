"""Speed and memory of the machine_text analyzer on a ~500-token article.

Articles are generated from a fixed list of news-like sentences (seeded), so the
figure depends on no data set. The language model, the combiner and the sentence
encoder (1.2's embedding scores) load once (reported apart, with the process's peak RSS after loading); the warm figure is
the median over ``--articles`` distinct articles of the analyzer's call plus its
summary (one language-model pass per article: analyse() returns findings and summary together),
in wall time and in CPU time of the process (all threads: on a machine shared with other
jobs the wall time grows with the load, the CPU time much less). BLAS
threads follow ``OPENBLAS_NUM_THREADS`` (the target is stated for 2 cores). The
machine's load average is recorded with the result: another job on the same
cores slows the matrix products.

    OPENBLAS_NUM_THREADS=2 PYTHONPATH=src python -m benchmarks.bench_machine_text [--articles 7] [--tokens 500] [--dashes]

Writes benchmarks/results/machine_text.json (machine_text_dashes.json with ``--dashes``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import time
from pathlib import Path

from unspun.analyzers.machine_text import current, model
from unspun.analyzers.machine_text.analyzer import MachineText
from unspun.document import Document
from unspun.runtime import embed, lm

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = [
    "The minister said the plan would be reviewed by the committee next month.",
    "Officials confirmed that 42 people had been evacuated from the area on Tuesday.",
    "Critics called the decision a betrayal of working families in the north of the country.",
    "According to the report, prices rose by 3.1 percent in the year to March.",
    "The company declined to comment on the allegations when contacted by reporters.",
    "Analysts expect the central bank to hold interest rates at its next meeting in June.",
    "Residents said the flood waters rose quickly through the night and reached the first floor.",
    "The council will vote on the proposal after a public consultation ends in the autumn.",
    "Police said a 34-year-old man had been arrested and was helping with inquiries.",
    "The project has been delayed twice because of a shortage of skilled workers.",
    "Furthermore, the initiative underscores the importance of fostering a vibrant community.",
    "Shares in the firm fell by 8 percent in early trading before recovering slightly.",
]

#: with ``--dashes``: sentences with em dashes, as current chat models write them; the current-model head
#: reads dashes in its own form, so it encodes these sentences again (the costlier path)
DASHED = [
    "The plan \u2014 first proposed in 2019 \u2014 was shelved after the vote.",
    "Some residents welcomed the change; others \u2014 mostly shop owners \u2014 did not.",
]


def article(rng: random.Random, tokens: int, pool: list[str] = SENTENCES) -> Document:
    m = lm.load()
    paras: list[str] = []
    para: list[str] = []
    while True:
        para.append(rng.choice(pool))
        body = "\n\n".join([*paras, " ".join(para)])
        if len(m.encode(body)[0]) >= tokens:
            break
        if len(para) == 4:
            paras.append(" ".join(para))
            para = []
    return Document.from_parts(f"Council report {rng.randrange(10**6)}", body)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=7)
    ap.add_argument("--tokens", type=int, default=500)
    ap.add_argument("--dashes", action="store_true", help="add sentences with em dashes (the head's second encoder path)")
    ap.add_argument("--out", type=Path, default=None, help="default benchmarks/results/machine_text[_dashes].json")
    a = ap.parse_args(argv)

    rss0 = rss_mb()
    t = time.perf_counter()
    lm.load()
    model.load()
    current.load()
    embed.embed(["The sentence encoder loads here, not inside the first timed article."])
    load_s = time.perf_counter() - t
    rss_loaded = rss_mb()
    rng = random.Random(2025)
    docs = [article(rng, a.tokens, SENTENCES + DASHED if a.dashes else SENTENCES) for _ in range(a.articles)]
    analyzer = MachineText(threshold=0.0)  # a finding every time: the full explanation path runs
    times: list[float] = []
    cpu: list[float] = []
    load_before = round(os.getloadavg()[0], 2)
    for doc in docs:
        t, c = time.perf_counter(), time.process_time()
        analyzer.analyse(doc)
        times.append(1000.0 * (time.perf_counter() - t))
        cpu.append(1000.0 * (time.process_time() - c))
    n_tokens = [len(lm.load().encode(d.body_text)[0]) for d in docs]
    result = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
        "load_average_before": load_before,
        "articles": a.articles,
        "dashes": a.dashes,
        "tokens_median": int(statistics.median(n_tokens)),
        "tokens_scored_median": int(statistics.median(min(n, lm.MAX_TOKENS) for n in n_tokens)),
        "words_median": int(statistics.median(len(d.body_text.split()) for d in docs)),
        "load_s": round(load_s, 2),
        "warm_ms_median": round(statistics.median(times), 1),
        "warm_ms_min": round(min(times), 1),
        "warm_ms_max": round(max(times), 1),
        "cpu_ms_median": round(statistics.median(cpu), 1),
        "cpu_ms_min": round(min(cpu), 1),
        "cpu_ms_max": round(max(cpu), 1),
        "rss_mb_before_load": round(rss0, 1),
        "rss_mb_after_load": round(rss_loaded, 1),
        "peak_rss_mb": round(rss_mb(), 1),
        "load_average_after": round(os.getloadavg()[0], 2),
    }
    out = a.out or ROOT / "benchmarks" / "results" / f"machine_text{'_dashes' if a.dashes else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
