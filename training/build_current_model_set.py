"""Build the current-model machine-text sets (issue 16): train part, dev CSV, human-only false-positive CSV.

Machine side: the 288 articles in ``training/data/current_model_news`` (six writer
sessions of one current chat model, 2026; see its README). Human side, read at run
time and never copied into the repository (``../shared/data``):

- FNC-1 article bodies (2014-2016 news, many outlets) and PTC articles (2017-2019
  partisan and propaganda sites): split between this set and the false-positive file;
- the human texts of the XSum (BBC) and IU news sets, **only from machine_text 1.2's
  training part**, so that 1.2's XSum/IU dev split stays unseen by anything trained here;
- the real pages' bodies (``real-news-pages``, read through ``unspun.inputs``): all of
  them go to the false-positive file, none into training.

Every text is body only (the machine texts' headline line is dropped; PTC's title line
too), with news-agency tags such as "(AP)" removed and put in the analyzer's canonical
form (``unspun.analyzers.machine_text.normalise``: straight quotes, one kind of dash,
one space for any whitespace), on both sides alike.

Split: machine texts by topic (``topic_id``; w1's articles about the invented
Republic of Aldmark share one group whatever their topic), the sorted groups
shuffled with ``random.Random(2025)`` and the first ``DEV_FRAC`` of them held out.
Human texts: ``HUMAN_PER_MACHINE`` per machine text on each side of the split,
length-matched (in every machine word-count band, as many human texts per machine
text), drawn in turn from each source that has texts of that length.

    PYTHONPATH=src python -m training.build_current_model_set            # writes /tmp/unspun-dev/current-model-*.csv
    PYTHONPATH=src python -m training.build_current_model_set --check    # also: length-only and punctuation-only AUCs
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from training.common import DATA, ROOT
from unspun.analyzers.machine_text.normalise import normalise, strip_agency_tags

SEED = 2025
DEV_FRAC = 0.3
HUMAN_PER_MACHINE = 1.5
#: the least words a text needs (the analyzer's own minimum is 80)
MIN_WORDS = 100
#: word-count bands for length matching: quantiles of the machine texts' lengths
LENGTH_BANDS = 6
#: how many held-out FNC-1 bodies and PTC articles join the real pages in the false-positive file
FP_PER_SOURCE = 30
#: extra human negatives for the current-model head: BBC (XSum) texts of 1.2's training part that the sets above did
#: not draw (and every such IU human text). Without them the head scored BBC news as current-model text (ROC AUC 0.25
#: on 1.2's XSum dev split) and the one score lifted BBC and IU human texts above older generators' texts.
BBC_NEGATIVES = 400
MACHINE_DIR = ROOT / "training" / "data" / "current_model_news"
OUT = Path("/tmp/unspun-dev")
#: human sources in the train/dev sets, in the order they take turns
HUMAN_SOURCES = ("fnc", "ptc", "xsum", "iu")


@dataclass
class Item:
    text: str  # canonical body
    label: int
    source: str  # "current-model", "fnc", "ptc", "xsum", "iu", "real-page"
    group: str  # split group: topic (machine), article (human)
    id: str = ""
    voice: str = ""
    genre: str = ""
    writer: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    raw: str = ""  # the body as the source has it (for the typography check)

    @property
    def words(self) -> int:
        return len(self.text.split())


def clean(text: str) -> str:
    """The builder's normal form: agency tags removed, then the analyzer's canonical form."""
    return normalise(strip_agency_tags(text))


# -- machine texts ---------------------------------------------------------------------------------


def split_group(rec: dict[str, str], body: str) -> str:
    """The split group of a machine text: its topic, or one group for all of w1's invented Aldmark."""
    if rec["id"].startswith("w1-") and ("Aldmark" in rec["prompt"] or "Aldmark" in body):
        return "w1-aldmark"
    return rec["topic_id"]


def load_machine(folder: Path = MACHINE_DIR) -> list[Item]:
    out: list[Item] = []
    for man in sorted(folder.glob("manifest-*.jsonl")):
        for line in man.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            raw = (folder / rec["file"]).read_text(encoding="utf-8")
            _headline, _, body = raw.strip().partition("\n")
            out.append(
                Item(
                    clean(body),
                    1,
                    "current-model",
                    split_group(rec, body),
                    id=rec["id"],
                    voice=rec["voice"],
                    genre=rec["genre"],
                    writer=rec["id"].split("-")[0],
                    extra={"topic_id": rec["topic_id"], "prompt_id": rec["prompt_id"], "target_words": str(rec["target_words"])},
                    raw=body,
                )
            )
    return out


def split_machine(items: list[Item], dev_frac: float = DEV_FRAC, seed: int = SEED) -> tuple[list[Item], list[Item]]:
    groups = sorted({it.group for it in items})
    random.Random(seed).shuffle(groups)
    dev = set(groups[: round(dev_frac * len(groups))])
    return [it for it in items if it.group not in dev], [it for it in items if it.group in dev]


# -- human texts -----------------------------------------------------------------------------------------


def _csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 26)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_fnc(data: Path = DATA) -> list[Item]:
    return [Item(clean(r["articleBody"]), 0, "fnc", f"fnc:{r['Body ID']}", id=f"fnc:{r['Body ID']}", raw=r["articleBody"]) for r in _csv(data / "fnc-1" / "train_bodies.csv")]


def load_ptc(data: Path = DATA) -> list[Item]:
    out = []
    for f in sorted((data / "propaganda-ptc-semeval2020-task11" / "articles").glob("article*.txt")):
        _title, _, body = f.read_text(encoding="utf-8").strip().partition("\n")
        out.append(Item(clean(body), 0, "ptc", f"ptc:{f.stem}", id=f"ptc:{f.stem}", raw=body))
    return out


def load_xsum_iu_train_humans(data: Path = DATA) -> list[Item]:
    """The human XSum and IU texts of machine_text 1.2's *training part* (its dev split is left alone)."""
    from training import machine_text_data as tmt  # the 1.2 trainer's rows and split

    rows = tmt.load_rows(data)
    tr, _dv = tmt.split(rows)
    out = []
    for i in tr:
        r = rows[i]
        if r.label == 0:
            out.append(Item(clean(r.text), 0, r.dataset, f"{r.dataset}:{r.group}", id=f"{r.dataset}:{i}", raw=r.text))
    return out


def load_real_pages(data: Path = DATA) -> list[Item]:
    """Every real page's body, through the same reader as ``unspun check``."""
    from unspun import inputs

    base = data / "real-news-pages"
    files = sorted((base / "trafilatura").glob("*.html")) + sorted((base / "readability").glob("*/source.html"))
    out = []
    for f in files:
        name = f.parent.name if f.name == "source.html" else f.stem
        try:
            doc = inputs.load(str(f))
        except Exception:  # noqa: BLE001 - a page with no article is simply not in the set
            continue
        out.append(Item(clean(doc.body_text), 0, "real-page", f"page:{name}", id=f"page:{f.parent.name}/{f.name}"))
    return out


def load_semeval2023_unseen(data: Path = DATA) -> list[Item]:
    """SemEval-2023 Task 3 English articles that are not PTC articles and not satire: human news (2020-2022, mostly
    opinion) from sources none of the sets above contain; a second false-positive check, never used for a choice."""
    base = data / "persuasion-semeval2023-task3-en"
    ptc = {f.name for f in (data / "propaganda-ptc-semeval2020-task11" / "articles").glob("article*.txt")}
    genre = dict(line.split("\t")[:2] for line in (base / "labels-subtask-1.txt").read_text(encoding="utf-8").splitlines() if "\t" in line)
    out = []
    for f in sorted((base / "articles-subtask-1-2").glob("article*.txt")):
        if f.name in ptc or genre.get(f.stem.removeprefix("article"), "").strip() == "satire":
            continue
        _title, _, body = f.read_text(encoding="utf-8").strip().partition("\n")
        it = Item(clean(body), 0, "semeval2023", f"semeval2023:{f.stem}", id=f"semeval2023:{f.stem}", raw=body)
        if it.words >= 80:
            out.append(it)
    return out


def older_negatives(sets: Sets, n: int = BBC_NEGATIVES, iu: bool = False, data: Path = DATA, seed: int = SEED) -> list[Item]:
    """Human texts of 1.2's training part not in ``sets`` (1.2's dev split never): a seeded sample of ``n`` XSum (BBC)
    texts and, with ``iu``, every IU human text; marked ``extra["role"] = "older-negative"``."""
    drawn = {it.text for it in sets.train + sets.dev}
    pool = [it for it in load_xsum_iu_train_humans(data) if it.words >= MIN_WORDS and it.text not in drawn]
    pool = list({it.text: it for it in pool}.values())
    bbc = [it for it in pool if it.source == "xsum"]
    random.Random(seed + 3).shuffle(bbc)
    picked = bbc[:n] + ([it for it in pool if it.source == "iu"] if iu else [])
    return [replace(it, extra=it.extra | {"role": "older-negative"}) for it in picked]


def length_bands(machine: list[Item], bands: int = LENGTH_BANDS) -> np.ndarray:
    """Inner edges of the word-count bands (quantiles of the machine texts' lengths)."""
    w = np.array([it.words for it in machine], dtype=np.float64)
    return np.quantile(w, np.linspace(0.0, 1.0, bands + 1))[1:-1]


def band_of(words: int, edges: np.ndarray) -> int:
    return int(np.searchsorted(edges, words, side="right"))


def sample_humans(machine: list[Item], pool: list[Item], per_machine: float, edges: np.ndarray, seed: int = SEED) -> list[Item]:
    """Human texts length-matched to ``machine``: per band, ``per_machine`` times its machine count, sources taking turns.

    Drawn without replacement from ``pool`` (which this removes them from); within a
    band each source offers its texts in a seeded random order and the sources take
    turns, so no source fills a band alone when others have texts of that length.
    """
    rng = random.Random(seed)
    need = Counter(band_of(it.words, edges) for it in machine)
    by: dict[tuple[int, str], list[Item]] = {}
    for it in pool:
        by.setdefault((band_of(it.words, edges), it.source), []).append(it)
    for v in by.values():
        rng.shuffle(v)
    picked: list[Item] = []
    for b in sorted(need):
        want = int(round(per_machine * need[b]))
        queues = [by.get((b, s), []) for s in HUMAN_SOURCES]
        got = 0
        while got < want and any(queues):
            for q in queues:
                if q and got < want:
                    picked.append(q.pop())
                    got += 1
    taken = {id(it) for it in picked}
    pool[:] = [it for it in pool if id(it) not in taken]
    return picked


@dataclass
class Sets:
    train: list[Item]
    dev: list[Item]
    fp: list[Item]
    edges: np.ndarray


def build(data: Path = DATA, machine_dir: Path = MACHINE_DIR, seed: int = SEED, real_pages: bool = True) -> Sets:
    machine = [it for it in load_machine(machine_dir) if it.words >= MIN_WORDS]
    m_tr, m_dv = split_machine(machine, seed=seed)
    pool = [it for it in load_fnc(data) + load_ptc(data) + load_xsum_iu_train_humans(data) if it.words >= MIN_WORDS]
    # one text per distinct body (FNC-1 repeats some bodies under several ids)
    seen: set[str] = set()
    pool = [it for it in pool if not (it.text in seen or seen.add(it.text))]  # type: ignore[func-returns-value]
    edges = length_bands(machine)
    h_dv = sample_humans(m_dv, pool, HUMAN_PER_MACHINE, edges, seed)
    h_tr = sample_humans(m_tr, pool, HUMAN_PER_MACHINE, edges, seed + 1)
    rng = random.Random(seed + 2)
    fp: list[Item] = load_real_pages(data) if real_pages else []
    fp = [it for it in fp if it.words >= 80]
    for src in ("fnc", "ptc"):
        rest = [it for it in pool if it.source == src]
        rng.shuffle(rest)
        fp += rest[:FP_PER_SOURCE]
    return Sets(m_tr + h_tr, m_dv + h_dv, fp, edges)


# -- output and checks --------------------------------------------------------------------------------------


def write_csv(path: Path, items: list[Item]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label", "group", "voice", "genre", "id"])
        for it in items:
            w.writerow([it.text, it.label, it.writer if it.label else it.source, it.voice, it.genre, it.id])


_PUNCT = ',.;:!?"\'()-'


def punctuation_features(text: str) -> list[float]:
    """Rates per word of each punctuation mark, spaced hyphens and digits (the check's "punctuation-only" model)."""
    n = max(len(text.split()), 1)
    return [text.count(c) / n for c in _PUNCT] + [text.count(" - ") / n, len(re.findall(r"\d", text)) / n]


def typography_features(raw: str) -> list[float]:
    """Glyph and layout choices that depend on the source, not the writer: curly quotes, dash and ellipsis glyphs, line breaks."""
    n = max(len(raw.split()), 1)
    return [
        sum(raw.count(c) for c in "\u201c\u201d\u2018\u2019") / n,
        raw.count("\u2014") / n,
        raw.count("\u2013") / n,
        raw.count("--") / n,
        raw.count("\u2026") / n,
        raw.count("\n") / n,
        raw.count("  ") / n,
    ]


def confound_check(train: list[Item], dev: list[Item]) -> dict[str, dict[str, float]]:
    """ROC AUC of a length-only and a punctuation-only model: grouped 5-fold CV on train, and fitted on train scored on dev."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import StandardScaler

    def feats(items: list[Item], kind: str) -> np.ndarray:
        if kind == "length":
            w = np.array([[it.words] for it in items], dtype=np.float64)
            return np.column_stack([np.log(w), np.log(w) ** 2])
        if kind == "typography before normalisation":
            return np.array([typography_features(it.raw) for it in items])
        if kind == "typography after normalisation":
            return np.array([typography_features(it.text) for it in items])
        return np.array([punctuation_features(it.text) for it in items])

    out: dict[str, dict[str, float]] = {}
    y_tr = np.array([it.label for it in train])
    y_dv = np.array([it.label for it in dev])
    groups = sorted({it.group for it in train})
    random.Random(SEED).shuffle(groups)
    fold = {g: k % 5 for k, g in enumerate(groups)}
    f_tr = np.array([fold[it.group] for it in train])
    for kind in ("length", "punctuation", "typography before normalisation", "typography after normalisation"):
        x_tr, x_dv = feats(train, kind), feats(dev, kind)
        oof = np.zeros(len(train))
        for k in range(5):
            sc = StandardScaler().fit(x_tr[f_tr != k])
            m = LogisticRegression(max_iter=2000).fit(sc.transform(x_tr[f_tr != k]), y_tr[f_tr != k])
            oof[f_tr == k] = m.decision_function(sc.transform(x_tr[f_tr == k]))
        sc = StandardScaler().fit(x_tr)
        m = LogisticRegression(max_iter=2000).fit(sc.transform(x_tr), y_tr)
        out[kind] = {
            "train_cv_auc": round(float(roc_auc_score(y_tr, oof)), 3),
            "dev_auc": round(float(roc_auc_score(y_dv, m.decision_function(sc.transform(x_dv)))), 3),
        }
    return out


def describe(items: list[Item]) -> dict[str, object]:
    m = [it for it in items if it.label == 1]
    h = [it for it in items if it.label == 0]
    return {
        "machine": len(m),
        "human": len(h),
        "machine_groups": len({it.group for it in m}),
        "human_by_source": dict(Counter(it.source for it in h)),
        "voice": dict(Counter(it.voice for it in m)),
        "genre": dict(Counter(it.genre for it in m)),
        "words_median_machine_human": [float(np.median([it.words for it in m])) if m else 0.0, float(np.median([it.words for it in h])) if h else 0.0],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="also fit the length-only and punctuation-only models")
    a = ap.parse_args(argv)
    s = build(a.data)
    write_csv(a.out / "current-model-train.csv", s.train)
    write_csv(a.out / "current-model-dev.csv", s.dev)
    write_csv(a.out / "human-fp.csv", s.fp)
    write_csv(a.out / "human-fp-semeval2023.csv", load_semeval2023_unseen(a.data))
    info: dict[str, object] = {
        "train": describe(s.train),
        "dev": describe(s.dev),
        "fp": {"n": len(s.fp), "by_source": dict(Counter(it.source for it in s.fp))},
        "length_band_edges": [round(float(e)) for e in s.edges],
        "dev_machine_groups": sorted({it.group for it in s.dev if it.label == 1}),
    }
    if a.check:
        info["confound_check"] = confound_check(s.train, s.dev)
    (a.out / "current-model-sets.json").write_text(json.dumps(info, indent=2) + "\n")
    print(json.dumps(info, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
