"""Per-token language-model statistics for every training text, cached on disk.

The machine-text combiner (``train_machine_text.py``) needs SmolLM2's per-token
statistics (``unspun.runtime.lm.token_stats``) for about 5,000 texts, roughly a second
each on one core. This script computes them once, in a background job, and
writes one small ``.npz`` per text under ``--cache`` (default
``~/.cache/unspun/lm_features/``, outside the repository), keyed by the sha256 of
the canonical text, the token cap and the model file's hash. It is resumable:
texts already cached are skipped, and each file is written atomically, so the
trainer can start on whatever is ready.

    OPENBLAS_NUM_THREADS=1 python -m training.lm_cache            # all texts
    python -m training.lm_cache --limit 20 --cache /tmp/lmc       # a quick check
    for k in 0 1; do OPENBLAS_NUM_THREADS=1 python -m training.lm_cache --shard $k/2 & done  # two cores

Texts are processed in a fixed shuffled order (seed 2025) that interleaves both
data sets and all generators, so a partial cache is a fair sample.
"""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path

import numpy as np

from training.common import DATA, SEED, fill_lm_cache, read_csv
from unspun.analyzers.machine_text.features import canonical
from unspun.runtime import lm

#: the two training sets, relative to the data folder
XSUM = Path("machine-text-xsum-fastdetectgpt") / "train.csv"
IU = Path("human-ai-news-iu") / "train.csv"
CACHE = Path(os.environ.get("UNSPUN_LM_CACHE", Path.home() / ".cache" / "unspun" / "lm_features"))


def all_texts(data: Path = DATA) -> list[str]:
    """Every text of both training sets, in the fixed shuffled order."""
    texts: list[str] = []
    for p in (data / XSUM, data / IU):
        texts += [r["text"] for r in read_csv(p)]
    random.Random(SEED).shuffle(texts)
    return texts


def cached(cache: Path, text: str, tag: str) -> dict[str, np.ndarray] | None:
    """The cached statistics of ``text`` (raw, as in the CSV), or None when not computed yet."""
    return lm.cache_load(cache, canonical(text)[0], tag)


def compute(text: str) -> dict[str, np.ndarray]:
    return lm.stats_dict(lm.token_stats(canonical(text)[0]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=0, help="stop after N texts (quick check)")
    ap.add_argument("--shard", default="0/1", help="K/N: compute every N-th text from the K-th (run N processes, one per core)")
    a = ap.parse_args(argv)
    texts = all_texts(a.data)
    if a.limit:
        texts = texts[: a.limit]
    try:
        k, n = (int(v) for v in a.shard.split("/"))
        if not 0 <= k < n:
            raise ValueError
    except ValueError:
        ap.error(f"--shard expects K/N with 0 <= K < N (for example 0/2), got {a.shard!r}")
    texts = texts[k::n]
    fill_lm_cache(a.cache, [canonical(t)[0] for t in texts])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
