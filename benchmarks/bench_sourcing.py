"""Speed of the sourcing analyzer on generated 800-word articles, warm.

Usage: python -m benchmarks.bench_sourcing [--articles 20] [--words 800] [--seed 0]

Articles are generated from sentence templates (news-like mix: about half the
sentences carry an attribution, the rest are plain reporting), each one
different so the parse cache cannot help. The first article warms the model;
the figures are the median wall and CPU time per article of ``Sourcing()(doc)`` plus its
``summary`` (spaCy parse and NER included).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

PEOPLE = ["Maria Lopez", "John Carter", "Aiko Mori", "Samuel Osei", "Greta Holm", "Ravi Menon", "Lena Fischer"]
ROLES = ["finance minister", "union leader", "chief executive", "police spokesman", "economist", "mayor"]
ORGS = ["the Finance Ministry", "Acme Corp", "the city council", "the central bank", "the World Bank", "Greenpeace"]
VAGUE = ["Experts", "Analysts", "Many observers", "Critics", "Some economists"]
ANON = ["A senior official", "People familiar with the matter", "Two sources", "An aide"]
DOCS = ["a report published on Monday", "court filings", "official figures", "a study by the university"]
TOPICS = ["the budget", "the new rail line", "the strike", "interest rates", "the merger", "the flood defences"]

ATTRIBUTED = [
    '"We will not accept {t} in its current form," {p} said on {d}.',
    "{P}, the {r}, told reporters that {t} would cost more than planned.",
    "According to {doc}, {t} has been delayed by {n} months.",
    "{o} said in a statement that {t} was under review.",
    "{v} warned that {t} could push prices up by {n} percent.",
    "{a} said the government would announce changes to {t} next week.",
    "{p} described {t} as \"a serious mistake\" and called for an inquiry.",
]
PLAIN = [
    "The plan for {t} was first proposed in {y} and has been revised {n} times since.",
    "Work on {t} is due to start in the spring, with a first phase finished by {y}.",
    "The cost of {t} has risen from {n} million to {m} million over the past two years.",
    "Opposition parties have tabled {n} amendments to {t} in parliament.",
    "The region has about {m},000 residents, many of whom commute to the capital.",
    "Shares in the sector fell {n} percent on {d} before recovering slightly.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(rng: random.Random, words: int) -> tuple[str, str]:
    out: list[str] = []
    n = 0
    while n < words:
        tpl = rng.choice(ATTRIBUTED if rng.random() < 0.5 else PLAIN)
        p = rng.choice(PEOPLE)
        s = tpl.format(p=p.split()[-1] if rng.random() < 0.5 else p, P=p, r=rng.choice(ROLES), t=rng.choice(TOPICS),
                       d=rng.choice(DAYS), doc=rng.choice(DOCS), o=rng.choice(ORGS).capitalize(), v=rng.choice(VAGUE),
                       a=rng.choice(ANON), n=rng.randint(2, 40), m=rng.randint(41, 900), y=rng.randint(2015, 2024))
        out.append(s)
        n += len(s.split())
    paras = [" ".join(out[i : i + 3]) for i in range(0, len(out), 3)]
    return f"Row over {rng.choice(TOPICS)} deepens", "\n\n".join(paras)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20)
    ap.add_argument("--words", type=int, default=800)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    from unspun.analyzers.sourcing.analyzer import Sourcing
    from unspun.document import Document

    rng = random.Random(a.seed)
    docs = [Document.from_parts(*article(rng, a.words)) for _ in range(a.articles + 1)]
    analyzer = Sourcing()
    t0 = time.perf_counter()
    analyzer.analyse(docs[0])  # warm: loads spaCy
    cold = time.perf_counter() - t0
    times = []
    cpu = []
    n_attr = 0
    for d in docs[1:]:
        t, c = time.perf_counter(), time.process_time()
        s = analyzer.analyse(d).summary
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        n_attr += len(s["attributions"])
    words = statistics.mean(d.body_word_count() for d in docs[1:])
    print(f"sourcing: {a.articles} generated articles of ~{words:.0f} words, {n_attr / a.articles:.1f} attributions each")
    print(f"  first call (loads spaCy): {cold * 1000:.0f} ms")
    print(f"  warm per article: median {statistics.median(times):.1f} ms, mean {statistics.mean(times):.1f} ms, "
          f"max {max(times):.1f} ms")
    # CPU time is what the article costs; wall time also counts waiting for a core on a busy machine
    print(f"  warm CPU time per article: median {statistics.median(cpu):.1f} ms, mean {statistics.mean(cpu):.1f} ms")


if __name__ == "__main__":
    main()
