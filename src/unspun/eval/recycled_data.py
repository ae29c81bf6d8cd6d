"""The test collection of `unspun eval recycled`: real articles, and copies of some of them made here.

Built at run time from ``../shared/data`` (the texts are never committed). docs/archive.md
("Recycled content", "How it is measured") describes the collection; in short:

- **Unrelated articles**: FNC-1 bodies, the SemEval-2023 persuasion / PTC articles, the human and the
  title-generated GPT-3.5 articles of the IU corpus, and the XSum articles of the Fast-DetectGPT data
  (human, one per article: the data holds each article cut at several lengths) with their machine
  continuations (which share the human article's first 4-32 words and nothing more: hard negatives), the
  saved real web pages, and the 192 articles a current chat model wrote for issue 16 (in this repository,
  several on each invented story). Articles that are already copies of an earlier one (exact 5-word-shingle
  Jaccard at least 0.3, or 70% of either's shingles in the other) are dropped, so the ground truth holds;
  articles that only share a quotation or a paragraph stay, as unrelated.
- **Copies** of a sample of the human articles, one kind each (:data:`KINDS`), and the IU corpus's own
  GPT-3.5 rephrasings of its human articles (``llm_rephrase``, natural paraphrases, reported apart).
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from unspun.eval.rewording import reword, reword_sentence

#: The constructed copy kinds, in report order.
KINDS: tuple[str, ...] = ("verbatim", "reordered", "reworded", "inserted", "headline")
#: The natural kind: the IU corpus's GPT-3.5 rephrasings of its human articles.
NATURAL = "llm_rephrase"
#: Articles shorter than this (FNC-1 has a few bodies of a line or two) are left out.
MIN_WORDS = 25


@dataclass(frozen=True)
class Article:
    id: str
    headline: str
    body: str
    source: str  # corpus name
    human: bool = True
    original: str | None = None  # for a copy: the id of the article it copies
    kind: str | None = None  # for a copy: how it was made
    published: str | None = None
    url: str | None = None
    site: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


# -- the corpora ------------------------------------------------------------------------------------

def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _split_title(text: str) -> tuple[str, str]:
    text = text.replace("\r\n", "\n").strip()
    head, _, body = text.partition("\n")
    return head.strip(), body.strip()


def load_fnc1(data: Path) -> list[Article]:
    d = data / "fnc-1"
    headline: dict[str, str] = {}
    for r in _csv_rows(d / "train_stances.csv"):  # a headline the body was written for, when there is one
        if r["Stance"] != "unrelated":
            headline.setdefault(r["Body ID"], r["Headline"])
    return [Article(f"fnc1-{r['Body ID']}", headline.get(r["Body ID"], ""), r["articleBody"].strip(), "fnc-1")
            for r in _csv_rows(d / "train_bodies.csv")]


def load_persuasion(data: Path) -> list[Article]:
    """The SemEval-2023 task 3 articles (subtask-3 versions), which include every PTC-2020 article here."""
    out = []
    folder = data / "persuasion-semeval2023-task3-en" / "articles-subtask-3"
    ptc = data / "propaganda-ptc-semeval2020-task11" / "articles"
    names = {p.name for p in folder.glob("article*.txt")} | {p.name for p in ptc.glob("article*.txt")}
    for name in sorted(names):
        path = folder / name if (folder / name).is_file() else ptc / name
        head, body = _split_title(path.read_text(encoding="utf-8"))
        out.append(Article(f"semeval-{name[7:-4]}", head, body, "semeval-persuasion"))
    return out


def load_iu(data: Path) -> tuple[list[Article], list[Article]]:
    """(unrelated articles: human and title-generated GPT-3.5; natural copies: GPT-3.5 rephrasings)."""
    rows = list(_csv_rows(data / "human-ai-news-iu" / "train.csv"))
    human = {r["title"]: f"iu-{i}" for i, r in enumerate(rows) if r["generator"] == "human"}
    base: list[Article] = []
    copies: list[Article] = []
    for i, r in enumerate(rows):
        gen = r["generator"]
        if gen == "human":
            base.append(Article(human[r["title"]], r["title"], r["text"].strip(), "iu-human"))
        elif "rephrase" in gen and r["title"] in human:
            copies.append(Article(f"iu-{i}", r["title"], r["text"].strip(), "iu-rephrase", human=False,
                                  original=human[r["title"]], kind=NATURAL))
        else:
            base.append(Article(f"iu-{i}", r["title"], r["text"].strip(), "iu-generated", human=False))
    return base, copies


def load_xsum(data: Path) -> list[Article]:
    """XSum human articles (the longest cut of each) and every machine continuation."""
    longest: dict[str, dict[str, str]] = {}
    machine: list[Article] = []
    for r in _csv_rows(data / "machine-text-xsum-fastdetectgpt" / "train.csv"):
        if r["label"] == "0":
            g = r["article_group"]
            if g not in longest or len(r["text"]) > len(longest[g]["text"]):
                longest[g] = r
        else:
            machine.append(Article(f"xsum-{r['pair_id']}-m", "", r["text"].strip(), "xsum-machine", human=False))
    human = [Article(f"xsum-{g}", "", r["text"].strip(), "xsum-human") for g, r in sorted(longest.items())]
    return human + machine


def load_pages(data: Path) -> list[Article]:
    """The saved real web pages, extracted by unspun's own reader (Readability's expected bodies, trafilatura's
    test pages)."""
    from unspun import errors, inputs

    out = []
    root = data / "real-news-pages"
    for path in sorted(root.glob("readability/*/source.html")) + sorted(root.glob("trafilatura/*.html")):
        try:
            doc = inputs.from_html(path.read_text(encoding="utf-8", errors="replace"), source=str(path))
        except errors.UnspunError:
            continue
        name = path.parent.name if path.name == "source.html" else path.stem
        out.append(Article(f"page-{name}", doc.headline_text, doc.body_text, "real-news-pages"))
    return out


#: The news articles written by a current chat model for issue 16 (in this repository, not in shared/data).
CURRENT_MODEL_NEWS = Path(__file__).resolve().parents[3] / "training" / "data" / "current_model_news"


def load_current_model_news(folder: Path = CURRENT_MODEL_NEWS) -> list[Article]:
    """The 192 machine-written articles of ``training/data/current_model_news`` (several on each invented
    story: same-story negatives); none when the folder is absent (an installed unspun)."""
    import json

    out = []
    for manifest in sorted(folder.glob("manifest-*.jsonl")):
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            path = folder / rec["file"]
            if path.is_file():
                head, body = _split_title(path.read_text(encoding="utf-8"))
                out.append(Article(f"cmn-{rec['id']}", head, body, "current-model-news", human=False))
    return out


def load(data: Path) -> tuple[list[Article], list[Article]]:
    """(every unrelated candidate article, the natural copies), in a fixed order."""
    iu_base, iu_copies = load_iu(data)
    base = (load_fnc1(data) + load_persuasion(data) + iu_base + load_xsum(data) + load_pages(data)
            + load_current_model_news())
    base = [a for a in base if len(a.body.split()) >= MIN_WORDS]
    return base, iu_copies


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs; a one-paragraph body is cut into groups of two or three sentences."""
    from unspun.text import segment

    ps = [body[s:e] for s, e in segment.paragraphs(body, 0, len(body))]
    if len(ps) >= 3:
        return ps
    sents = [body[s:e] for s, e in segment.sentences(body, 0, len(body))]
    return [" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3)]


_FILLER = ("In other news, the regional museum said its new wing would open to visitors next month, with a display "
           "of old maps, a reading room and a hall for school groups, after three years of building work.")
_TEASERS = ("BREAKING: ", "You won't believe this: ", "Shocking: ", "Must read: ", "", "JUST IN: ")


def make_copy(kind: str, orig: Article, rng: random.Random, filler: list[str], n: int) -> Article:
    """A copy of ``orig`` of one kind; ``filler`` holds paragraphs of unrelated articles to insert."""
    head, body = orig.headline, orig.body
    if kind == "reordered":
        ps = paragraphs(body)
        order = list(range(len(ps)))
        while order == sorted(order) and len(ps) > 1:
            rng.shuffle(order)
        body = "\n\n".join(ps[i] for i in order)
    elif kind == "reworded":
        body = reword(body, rng)
        head = reword_sentence(head, rng) if head else head
    elif kind == "inserted":
        ps = paragraphs(body)
        at = rng.randint(1, max(1, len(ps) - 1))
        ps.insert(at, rng.choice(filler))
        body = "\n\n".join(ps)
    elif kind == "headline":
        new = reword_sentence(head, rng) if head else " ".join(body.split()[:8])
        head = rng.choice(_TEASERS) + new
    elif kind != "verbatim":
        raise ValueError(f"unknown copy kind {kind!r}")
    return Article(f"copy-{n}-{kind}", head, body, orig.source, human=False, original=orig.id, kind=kind)


@dataclass(frozen=True)
class Collection:
    articles: list[Article]  # in insertion order
    unrelated: int  # how many unrelated (base) articles
    originals: int
    dropped: int  # base articles dropped as already sharing text with another


def _date(rng: random.Random, after: str | None = None, days: int = 2000) -> str:
    from datetime import date, timedelta

    start = date.fromisoformat(after) + timedelta(days=1) if after else date(2018, 1, 1)
    return (start + timedelta(days=rng.randrange(days if not after else 120))).isoformat()


def build(data: Path, *, originals: int = 600, seed: int = 2026, undated: float = 0.2,
          base_filter: Callable[[list[Article]], list[Article]] | None = None,
          eligible: Callable[[Article], bool] | None = None) -> Collection:
    """The collection: unrelated articles (dated, with sites), copies of ``originals`` of the human ones
    (later dates, or none for a share ``undated`` of them: first seen decides), the natural rephrasings;
    shuffled, so insertion order says nothing. ``base_filter(articles) -> kept`` drops base articles
    that already share text (:func:`unspun.eval.recycled.drop_shared`); ``eligible`` limits the originals."""
    rng = random.Random(seed)
    base, natural = load(data)
    n0 = len(base)
    if base_filter is not None:
        base = base_filter(base)
    dropped = n0 - len(base)
    kept_ids = {a.id for a in base}
    natural = [c for c in natural if c.original in kept_ids]
    base = [replace(a, published=_date(rng), site=f"{a.source}.example", url=f"https://{a.source}.example/{a.id}")
            for a in base]
    by_id = {a.id: a for a in base}
    pool = [a for a in base if a.human and a.headline and len(paragraphs(a.body)) >= 3
            and len(a.body.split()) >= 120 and a.source != "iu-human" and (eligible is None or eligible(a))]
    chosen = rng.sample(pool, min(originals, len(pool)))
    chosen_ids = {a.id for a in chosen}
    # A paragraph to insert is at most a quarter of the article it comes from: the copy must not hold
    # that whole article (it would be a copy of it too).
    filler = [p for a in base if a.id not in chosen_ids and a.human and len(paragraphs(a.body)) >= 4
              for p in paragraphs(a.body)[:2] if 30 <= len(p.split()) <= min(120, len(a.body.split()) // 4)] or [_FILLER]
    copies: list[Article] = []
    n = 0
    for orig in chosen:
        k = rng.choice((1, 1, 2, 3))
        for kind in rng.sample(KINDS, k):
            n += 1
            c = make_copy(kind, orig, rng, filler, n)
            dated = rng.random() >= undated
            copies.append(replace(c, published=_date(rng, orig.published) if dated else None,
                                  site=f"farm{n % 97}.example", url=f"https://farm{n % 97}.example/{c.id}"))
    for c in natural:
        orig = by_id[c.original or ""]
        copies.append(replace(c, published=_date(rng, orig.published), site="rephrase.example",
                              url=f"https://rephrase.example/{c.id}"))
    articles = base + copies
    rng.shuffle(articles)
    return Collection(articles, len(base), len(chosen), dropped)
