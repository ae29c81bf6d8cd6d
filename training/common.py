"""What every training script shares: where the data and the models are, the seed, the files it writes.

- :func:`shared_dir` / :data:`DATA`: the read-only data sets in ``../shared/data`` beside
  the checkout (or beside the folder of a git worktree one level deeper, ``wt/<branch>``);
  the tests (``tests/conftest.py``) and the benchmarks find them the same way.
- :func:`write_meta`: the one ``meta.json`` writer (name, version, trained date, data,
  split, seed); :func:`write_json` for metrics.
- :func:`tfidf_matrix` and :func:`platt`: the sparse TF-IDF matrix of hashed features
  and the sigmoid calibration that several models fit the same way.
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from unspun.text import hashfeat

if TYPE_CHECKING:
    import scipy.sparse as sp

#: the repository root (the folder holding ``src/`` and ``training/``)
ROOT = Path(__file__).resolve().parents[1]
#: the shipped models, where a full training run writes by default
MODELS = ROOT / "src" / "unspun" / "models"
#: the seed of every split and shuffle, unless a script says otherwise
SEED = 2025


def shared_dir(root: Path = ROOT) -> Path:
    """``../shared`` beside the checkout, or beside the folder of a worktree one level deeper (``wt/<branch>``).

    Returns the first of the two that exists, else the first (absent; callers say so).
    """
    for parent in (root.parent, root.parents[1]):
        if (parent / "shared").is_dir():
            return parent / "shared"
    return root.parent / "shared"


#: the training data sets (read-only, never copied into the repository)
DATA = shared_dir() / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file with a header, as dicts (fields of any length)."""
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_json(path: Path, data: Mapping[str, Any]) -> None:
    """``data`` as indented JSON with a final newline (metrics, meta)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def write_meta(
    out: Path,
    *,
    name: str,
    version: str,
    data: str | Path | Sequence[str | Path],
    split: Mapping[str, Any],
    seed: int,
    trained: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Write ``out/meta.json``, the model's identity that reports carry, and return it.

    ``name`` and ``version`` are what ``unspun.models.info`` reports; ``trained`` is the
    date of the run (today unless given); ``data`` names the training files (paths under
    :data:`DATA` are written relative to it, so meta.json names no local folder); ``split``
    says how the development split was drawn (``by``, ``dev_frac`` and the like); ``seed``
    is the seed of the run. ``extra`` holds model-specific settings the analyzer reads
    (for example the machine-text thresholds).
    """
    meta: dict[str, Any] = {
        "name": name,
        "version": version,
        "trained": trained or datetime.date.today().isoformat(),
        "data": _data_name(data) if isinstance(data, str | Path) else [_data_name(d) for d in data],
        "split": dict(split),
        "seed": seed,
        **extra,
    }
    write_json(out / "meta.json", meta)
    return meta


def _data_name(path: str | Path) -> str:
    p = Path(path)
    return str(p.relative_to(DATA)) if p.is_absolute() and p.is_relative_to(DATA) else str(path)


def tfidf_matrix(hashed: Sequence[Sequence[int]], vocab: hashfeat.Vocab) -> sp.csr_matrix:
    """One row per text of hashed features: the TF-IDF values of ``vocab``'s columns (float32, sparse)."""
    import scipy.sparse as sp

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, h in enumerate(hashed):
        c, x = hashfeat.tfidf_row(vocab, h)
        rows.extend([i] * len(c))
        cols.extend(c.tolist())
        vals.extend(x.tolist())
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(hashed), len(vocab.slots)), dtype=np.float32)


def platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Sigmoid ``a * s + b`` fitted by (nearly unregularised) logistic regression on decision values."""
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=1e6, max_iter=1000).fit(scores.reshape(-1, 1), y)
    return float(m.coef_[0, 0]), float(m.intercept_[0])


def tpr_at_fpr(p: np.ndarray, y: np.ndarray, fpr: float) -> float:
    """Share of machine texts (label 1) above the lowest threshold that flags at most ``fpr`` of human texts."""
    neg = np.sort(p[y == 0])[::-1]
    k = int(np.floor(fpr * len(neg)))  # this many human texts may score above the threshold
    thr = neg[k] if k < len(neg) else -np.inf
    return float((p[y == 1] > thr).mean())


def pick_threshold(p: np.ndarray, y: np.ndarray, max_fpr: float, *, lowest: float = 0.01) -> float:
    """The lowest threshold, in steps of 0.01 from ``lowest``, at which at most ``max_fpr`` of the human
    texts (label 0) score at or above it; 0.99 when none does."""
    human = p[y == 0]
    for t in np.round(np.arange(lowest, 1.0, 0.01), 2):
        if (human >= t).mean() <= max_fpr:
            return float(t)
    return 0.99


def fill_lm_cache(cache: Path, texts: Sequence[str], *, every: int = 50) -> int:
    """Compute and store the language-model statistics of each text not cached yet (the texts are the cache
    keys: pass them in their canonical form), printing progress every ``every`` texts. How many it computed."""
    import time

    from unspun.runtime import lm

    tag = lm.model_tag()
    todo = [t for t in dict.fromkeys(texts) if not lm.cache_file(cache, t, tag).is_file()]
    print(f"{len(texts)} texts, {len(todo)} to compute, cache {cache}", flush=True)
    t0 = time.time()
    for i, t in enumerate(todo, 1):
        lm.cache_store(cache, t, tag, lm.stats_dict(lm.token_stats(t)))
        if i % every == 0 or i == len(todo):
            el = time.time() - t0
            print(f"{i}/{len(todo)} done, {el / i:.2f} s/text, {el / 60:.1f} min", flush=True)
    return len(todo)
