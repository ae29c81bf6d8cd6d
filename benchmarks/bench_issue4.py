"""Speed of the issue-4 analyzers (clickbait, persuasion, emotive_intensity) per 800-word article.

Articles are generated from a fixed vocabulary of news-like and loaded sentences
(seeded), so the figure does not depend on any data set. Models load once (the
first, cold article is reported apart); the warm figure is the median over the rest.

    PYTHONPATH=src python -m benchmarks.bench_issue4 [--articles 50] [--words 800]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from unspun.analyzers.clickbait.analyzer import Clickbait
from unspun.analyzers.emotive_intensity import EmotiveIntensity
from unspun.analyzers.persuasion.analyzer import Persuasion
from unspun.document import Document

SENTENCES = [
    "The minister said the plan would be reviewed by the committee next month.",
    "Officials confirmed that 42 people had been evacuated from the area on Tuesday.",
    "Critics called the decision a disgraceful betrayal of working families.",
    "The radical elites want to destroy everything our nation stands for.",
    "According to the report, prices rose by 3.1 percent in the year to March.",
    "Is this really the best they can do?",
    "Residents were terrified as the flood waters rose through the night.",
    "The company declined to comment on the allegations.",
    "This shocking scandal must never be forgotten!",
    "Analysts expect the central bank to hold rates at its next meeting.",
]
HEADLINES = ["You Won't Believe What The Council Did Next", "Council approves budget after long debate"]


def article(rng: random.Random, words: int) -> Document:
    out: list[str] = []
    n = 0
    para: list[str] = []
    while n < words:
        s = rng.choice(SENTENCES)
        para.append(s)
        n += len(s.split())
        if len(para) == 4:
            out.append(" ".join(para))
            para = []
    if para:
        out.append(" ".join(para))
    # a distinct headline each time, so no per-headline cache helps
    return Document.from_parts(f"{rng.choice(HEADLINES)} {rng.randrange(10**6)}", "\n\n".join(out))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=50)
    ap.add_argument("--words", type=int, default=800)
    a = ap.parse_args(argv)
    rng = random.Random(2025)
    docs = [article(rng, a.words) for _ in range(a.articles + 1)]
    analyzers = [Clickbait(), Persuasion(), EmotiveIntensity()]
    times: dict[str, list[float]] = {x.name: [] for x in analyzers}
    totals: list[float] = []
    for doc in docs:
        t_all = time.perf_counter()
        for x in analyzers:
            t = time.perf_counter()
            x.analyse(doc)
            times[x.name].append(1000 * (time.perf_counter() - t))
        totals.append(1000 * (time.perf_counter() - t_all))
    print(f"{a.articles} generated articles of ~{a.words} words; cold first article {totals[0]:.0f} ms")
    for name, ts in times.items():
        print(f"  {name:18s} warm median {statistics.median(ts[1:]):6.1f} ms")
    print(f"  {'all three':18s} warm median {statistics.median(totals[1:]):6.1f} ms, p90 {sorted(totals[1:])[int(0.9 * a.articles)]:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
