"""Build the reference distribution of emotive load shipped in ``unspun/models/emotive_reference``.

Reference texts: the human-written rows (label 0) of
- ../shared/data/machine-text-xsum-fastdetectgpt/train.csv (BBC news, XSum), and
- ../shared/data/human-ai-news-iu/train.csv (CNN, NYT, Reuters and others),
i.e. ordinary news prose by professional writers. For each text the emotive load
per 100 words (``unspun.analyzers.emotive_intensity.density``) is computed; the
201 quantiles (every half percent) are written to quantiles.json. The texts are not
shipped. The measure counts only the words of ``words.txt`` in the output folder (build it
first with ``python -m training.build_emotive_words``; reference 2.0). Texts under 50 words are skipped, as the analyzer skips such bodies.
With --holdout-frac the script also reports where a held-out share of the reference
falls (it should be spread evenly over 0-100).

    python -m training.build_emotive_reference
    python -m training.build_emotive_reference --sample 200 --out /tmp/emo
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np

from training.common import DATA, MODELS, SEED, read_csv, write_json, write_meta
from unspun.analyzers.emotive_intensity import WORDS, density

#: the reference's name and version in meta.json (and so in every report)
NAME, VERSION = "unspun-emotive-reference", "2.0.0"
SOURCES = {
    "machine-text-xsum-fastdetectgpt/train.csv": "text",
    "human-ai-news-iu/train.csv": "text",
}


def human_texts(data: Path) -> list[str]:
    out = []
    for rel, col in SOURCES.items():
        out += [r[col] for r in read_csv(data / rel) if r["label"] == "0" and len(r[col].split()) >= 50]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=MODELS / "emotive_reference")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--holdout-frac", type=float, default=0.2, help="share kept out to check calibration")
    a = ap.parse_args(argv)
    texts = human_texts(a.data)
    random.Random(SEED).shuffle(texts)
    if a.sample:
        texts = texts[: a.sample]
    k = round(a.holdout_frac * len(texts))
    held, ref = texts[:k], texts[k:]
    raw = (a.out / WORDS).read_text(encoding="utf-8").splitlines()
    words = frozenset(w.strip() for w in raw if w.strip() and not w.startswith("#"))
    d_ref = np.array([density(t, words) for t in ref])
    q = np.quantile(d_ref, np.linspace(0, 1, 201))
    levels = np.linspace(0, 100, 201)
    pct_held = np.interp([density(t, words) for t in held], q, levels, left=0.0, right=100.0) if held else np.zeros(0)
    check = {
        "held_out_texts": len(held),
        "share_above_90th": round(float((pct_held >= 90).mean()), 4) if held else None,
        "share_above_97th": round(float((pct_held >= 97).mean()), 4) if held else None,
        "median_percentile": round(float(np.median(pct_held)), 1) if held else None,
    }
    a.out.mkdir(parents=True, exist_ok=True)
    doc = {
        "source": "human-written news: XSum/BBC rows of machine-text-xsum-fastdetectgpt and human rows of human-ai-news-iu",
        "measure": "emotive points per 100 words (unspun.analyzers.emotive_intensity.density)",
        "n_texts": len(ref),
        "seed": SEED,
        "quantiles": [round(float(x), 4) for x in q],
    }
    (a.out / "quantiles.json").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    write_meta(
        a.out,
        name=NAME,
        version=VERSION,
        data=[a.data / rel for rel in SOURCES],
        split={"by": "text, shuffled", "holdout_frac": a.holdout_frac, "held_out_texts": len(held), "sample": a.sample},
        seed=SEED,
    )
    report = {"n_reference": len(ref), "median": round(float(np.median(d_ref)), 3), "p90": round(float(q[180]), 3), "holdout_check": check}
    write_json(a.out / "metrics.json", report)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
