"""SmolLM2 statistics for the current-model sets (issue 16), cached like ``lm_cache.py``.

Reads the CSVs that ``build_current_model_set.py`` wrote (texts already in canonical
form) and, last, a seeded sample of machine_text 1.2's XSum/IU *dev* split (written to
``xsum-iu-dev-sample.csv``: every IU dev text and ``--xsum`` XSum dev texts, half human,
the machine half spread over the generators), so that the XSum/IU figures of a new
model can be checked without rebuilding the whole 5,000-text cache. Resumable; one
process (the machine is shared).

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=src python -m training.cache_current_model_set
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from training import machine_text_data as tmt
from training.common import DATA, fill_lm_cache
from unspun.analyzers.machine_text.normalise import normalise

DEV = Path("/tmp/unspun-dev")
CACHE = Path.home() / ".cache" / "unspun" / "lm_features"
SEED = 2025


def read(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 26)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def xsum_iu_dev_sample(n_xsum: int = 80) -> list[dict[str, str]]:
    """All IU dev texts and a seeded, generator-stratified sample of XSum dev texts (raw text, label, generator, group)."""
    rows = tmt.load_rows(DATA)
    _tr, dv = tmt.split(rows)
    rng = random.Random(SEED)
    iu = [rows[i] for i in dv if rows[i].dataset == "iu"]
    xs = [rows[i] for i in dv if rows[i].dataset == "xsum"]
    human = [r for r in xs if r.label == 0]
    rng.shuffle(human)
    gens = sorted({r.generator for r in xs if r.label == 1})
    machine = []
    for g in gens:
        pool = [r for r in xs if r.label == 1 and r.generator == g]
        rng.shuffle(pool)
        machine += pool[: n_xsum // 2 // len(gens)]
    out = []
    for r in human[: n_xsum // 2] + machine + iu:
        out.append({"text": normalise(r.text), "label": str(r.label), "generator": r.generator, "group": r.dataset})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--xsum", type=int, default=80)
    a = ap.parse_args(argv)
    sample = xsum_iu_dev_sample(a.xsum)
    with (a.dev / "xsum-iu-dev-sample.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["text", "label", "generator", "group"])
        w.writeheader()
        w.writerows(sample)
    texts: list[str] = []
    # in order of need: the dev split, the false-positive file, the XSum/IU check, then the training part
    for name in ("current-model-dev.csv", "human-fp.csv"):
        texts += [r["text"] for r in read(a.dev / name)]
    texts += [r["text"] for r in sample]
    texts += [r["text"] for r in read(a.dev / "current-model-train.csv")]
    fill_lm_cache(a.cache, texts, every=25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
