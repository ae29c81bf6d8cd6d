"""Build the word clusters the persuasion span model uses (``models/persuasion/word_clusters.txt``).

Every lower-case alphabetic word of the MiniLM word-piece vocabulary and of the
VADER lexicon is embedded on its own with all-MiniLM-L6-v2 (``unspun.runtime.embed``)
and the vectors are grouped by k-means (k = 512, ``random_state`` 2025). A word's
cluster stands in for the word in the span model, so a charged word seen once in
training ("traitors") lends its weight to its neighbours ("turncoats"). Chosen by
3-fold cross-validation over the training articles (see the model card).
No data set is read: the clusters come from the two word lists alone.

    python -m training.build_word_clusters                 # writes the shipped file
    python -m training.build_word_clusters --limit 500 --k 8 --out /tmp/wc.txt   # quick check
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from training.common import MODELS, SEED
from unspun.analyzers.persuasion.features import CLUSTERS_FILE, valence
from unspun.runtime import embed


def vocabulary() -> list[str]:
    """The words to cluster: MiniLM's whole-word pieces and VADER's words, lower-case letters only."""
    pieces = embed.load().tokenizer.get_vocab()
    words = {w for w in pieces if w.isalpha() and w.isascii() and w.islower()}
    words |= {w for w in valence() if w.isalpha() and w.isascii() and w.islower()}
    return sorted(words)


def main(argv: list[str] | None = None) -> int:
    from sklearn.cluster import KMeans

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--k", type=int, default=512)
    ap.add_argument("--limit", type=int, default=0, help="cluster only the first N words (quick check)")
    ap.add_argument("--out", type=Path, default=MODELS / "persuasion" / CLUSTERS_FILE)
    a = ap.parse_args(argv)
    t0 = time.time()
    words = vocabulary()
    if a.limit:
        words = words[: a.limit]
    vecs = embed.embed(words, max_tokens=16)
    print(f"{len(words)} words embedded ({time.time() - t0:.0f}s)", flush=True)
    km = KMeans(a.k, n_init=1, random_state=SEED, max_iter=100).fit(vecs)
    labels = np.asarray(km.labels_, dtype=np.int64)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text("".join(f"{w} {c}\n" for w, c in zip(words, labels, strict=True)), encoding="utf-8")
    print(f"k={a.k}: wrote {a.out} ({time.time() - t0:.0f}s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
