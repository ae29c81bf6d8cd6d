"""Warm speed of the headline_support analyzer on generated 800-word articles.

    OMP_NUM_THREADS=2 PYTHONPATH=src python -m benchmarks.bench_headline_support [--words 800] [--runs 20]

Articles are generated from a fixed seed: a two-claim headline and a body of
news-like sentences built from a small word pool, so that the headline shares
words with some sentences (the candidate search and embedding do real work).
Prints the median and 90th percentile milliseconds per article after one warm-up.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from unspun.analyzers.headline_support.analyzer import HeadlineSupport
from unspun.document import Document

SUBJECTS = ["The minister", "Officials", "The central bank", "Local residents", "The company", "Police", "Researchers", "The council"]
VERBS = ["said", "announced", "warned", "confirmed", "reported", "denied", "argued", "expected"]
OBJECTS = [
    "that interest rates would rise again next month",
    "a new plan to cut hospital waiting times by 12 percent",
    "that the flood defences had held overnight",
    "the results of a study of 3,000 patients",
    "that the factory would close in March",
    "a budget of 2.4 billion dollars for new schools",
    "that talks with the union had broken down",
    "that the bridge would reopen on Friday",
]
TAILS = ["on Tuesday", "in a statement", "after a long meeting", "according to local media", "", "despite criticism from opponents"]


def article(rng: random.Random, words: int) -> Document:
    sents: list[str] = []
    n = 0
    while n < words:
        s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}".strip() + "."
        sents.append(s)
        n += len(s.split())
    paras = ["  ".join(sents[i : i + 4]) for i in range(0, len(sents), 4)]
    head = f"{rng.choice(SUBJECTS)} {rng.choice(['announces', 'warns of', 'confirms'])} {rng.choice(OBJECTS).replace('that ', '')}: {rng.choice(['Chaos looms', 'Experts stunned', 'What happens next'])}"
    return Document.from_parts(head, "\n\n".join(paras))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=800)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    docs = [article(rng, a.words) for _ in range(a.runs + 1)]
    an = HeadlineSupport()
    t0 = time.perf_counter()
    an(docs[0])  # warm-up: loads the stance model and MiniLM
    cold = time.perf_counter() - t0
    times = []
    for d in docs[1:]:
        t = time.perf_counter()
        an(d)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    words = statistics.mean(d.body_word_count() for d in docs[1:])
    print(f"headline_support: {a.runs} articles of ~{words:.0f} words; first call (loads models) {cold * 1000:.0f} ms")
    print(f"warm: median {statistics.median(times):.1f} ms, p90 {times[int(0.9 * (len(times) - 1))]:.1f} ms, max {times[-1]:.1f} ms per article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
