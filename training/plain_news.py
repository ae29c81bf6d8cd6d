"""Plain news: ordinary reporting by professional writers, for models that must learn what it looks like.

Three sources in ``../shared/data`` (training parts only; their held-out test parts are never read):

- ``machine-text-xsum-fastdetectgpt/train.csv``, human rows (label 0): BBC news (XSum), one text per
  article group (the longest of its truncated copies): 396 texts;
- ``human-ai-news-iu/train.csv``, human rows: CNN, NYT, Reuters, People, The Verge and others, with
  their titles as headlines: 80 texts;
- ``fnc-1/train_bodies.csv``: only the wire copy, bodies whose first 150 characters carry an
  "(AP)", "(Reuters)" or "(AFP)" dateline: 33 texts. FNC-1 is mostly viral and rumour stories
  (some hoaxes); the wire dateline keeps agency reporting only.

Not used: the PTC and SemEval-2023 articles themselves (chosen for their propaganda, many from
partisan sites), and the rest of FNC-1.

:func:`split` holds out a quarter of each source (seed 2025) that no model trains on, to measure
how often plain news is flagged.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from training.common import DATA, SEED, read_csv

XSUM = "machine-text-xsum-fastdetectgpt/train.csv"
IU = "human-ai-news-iu/train.csv"
FNC1 = "fnc-1/train_bodies.csv"
_WIRE = re.compile(r"\((?:Reuters|AP|AFP)\)")
#: share of each source held out from training
HELD_OUT = 0.25


@dataclass(frozen=True)
class Text:
    source: str  # "xsum", "iu" or "fnc1"
    id: str
    headline: str
    body: str

    @property
    def text(self) -> str:
        """Headline, blank line, body (the layout of ``Document.text``); the body alone when there is no headline."""
        return f"{self.headline}\n\n{self.body}" if self.headline else self.body


def load(data: Path = DATA) -> list[Text]:
    """Every plain news text of the three sources, in a fixed order."""
    out: list[Text] = []
    groups: dict[str, list[str]] = defaultdict(list)
    for r in read_csv(data / XSUM):
        if r["label"] == "0":
            groups[r["article_group"]].append(r["text"].strip())
    out += [Text("xsum", g, "", max(groups[g], key=len)) for g in sorted(groups)]
    out += [Text("iu", str(i), r["title"].strip(), r["text"].strip())
            for i, r in enumerate(read_csv(data / IU)) if r["label"] == "0"]
    out += [Text("fnc1", r["Body ID"], "", r["articleBody"].strip())
            for r in read_csv(data / FNC1) if _WIRE.search(r["articleBody"][:150])]
    return out


def split(texts: list[Text], held_out: float = HELD_OUT, seed: int = SEED) -> tuple[list[Text], list[Text]]:
    """(train, held out): of each source, sorted by id and shuffled with ``random.Random(seed)``, the first share is held out."""
    train: list[Text] = []
    held: list[Text] = []
    for src in sorted({t.source for t in texts}):
        xs = sorted((t for t in texts if t.source == src), key=lambda t: t.id)
        random.Random(seed).shuffle(xs)
        k = round(held_out * len(xs))
        held += xs[:k]
        train += xs[k:]
    return train, held
