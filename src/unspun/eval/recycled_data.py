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
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

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


# -- rewording --------------------------------------------------------------------------------------

#: Word and phrase substitutions a spinner makes (written for this generator): each key is replaced by
#: one of its values, case kept. Phrases come before the words they contain.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "according to": ("as reported by", "citing"),
    "a number of": ("several", "a few"),
    "as well as": ("along with", "and also"),
    "in order to": ("to", "so as to"),
    "at least": ("no fewer than", "a minimum of"),
    "more than": ("over", "in excess of"),
    "less than": ("under", "below"),
    "for example": ("for instance", "such as"),
    "in addition": ("additionally", "furthermore"),
    "said": ("stated", "noted", "explained"),
    "says": ("states", "notes", "explains"),
    "told": ("informed", "said to"),
    "announced": ("revealed", "declared", "unveiled"),
    "reported": ("stated", "disclosed"),
    "claimed": ("alleged", "asserted"),
    "people": ("individuals", "persons", "folks"),
    "government": ("administration", "authorities"),
    "officials": ("authorities", "representatives"),
    "official": ("representative", "spokesperson"),
    "country": ("nation", "state"),
    "company": ("firm", "business", "corporation"),
    "president": ("leader", "head of state"),
    "police": ("law enforcement", "officers"),
    "children": ("kids", "youngsters"),
    "man": ("male", "individual"),
    "woman": ("female", "lady"),
    "group": ("organisation", "band"),
    "attack": ("assault", "strike"),
    "killed": ("slain", "left dead"),
    "died": ("passed away", "lost their life"),
    "big": ("large", "huge"),
    "large": ("big", "sizeable"),
    "small": ("little", "minor"),
    "new": ("fresh", "recent"),
    "old": ("aged", "former"),
    "important": ("significant", "crucial"),
    "major": ("key", "significant"),
    "many": ("numerous", "lots of"),
    "several": ("a number of", "various"),
    "about": ("around", "roughly", "approximately"),
    "help": ("assist", "aid"),
    "helped": ("assisted", "aided"),
    "show": ("reveal", "demonstrate"),
    "shows": ("reveals", "demonstrates"),
    "showed": ("revealed", "demonstrated"),
    "start": ("begin", "commence"),
    "started": ("began", "commenced"),
    "begin": ("start", "commence"),
    "began": ("started", "commenced"),
    "end": ("finish", "conclusion"),
    "ended": ("finished", "concluded"),
    "buy": ("purchase", "acquire"),
    "bought": ("purchased", "acquired"),
    "get": ("obtain", "receive"),
    "got": ("obtained", "received"),
    "make": ("create", "produce"),
    "made": ("created", "produced"),
    "use": ("utilise", "employ"),
    "used": ("utilised", "employed"),
    "need": ("require", "want"),
    "needs": ("requires", "wants"),
    "try": ("attempt", "seek"),
    "tried": ("attempted", "sought"),
    "want": ("wish", "desire"),
    "wanted": ("wished", "desired"),
    "think": ("believe", "reckon"),
    "believe": ("think", "feel"),
    "found": ("discovered", "uncovered"),
    "find": ("discover", "uncover"),
    "went": ("headed", "travelled"),
    "called": ("described as", "termed"),
    "asked": ("requested", "questioned"),
    "added": ("continued", "went on"),
    "however": ("but", "nevertheless", "yet"),
    "but": ("however", "yet"),
    "because": ("since", "as"),
    "also": ("too", "additionally"),
    "now": ("currently", "at present"),
    "later": ("afterwards", "subsequently"),
    "before": ("prior to", "ahead of"),
    "after": ("following", "once"),
    "during": ("throughout", "in the course of"),
    "while": ("whilst", "as"),
    "though": ("although", "even though"),
    "although": ("though", "even though"),
    "recent": ("latest", "new"),
    "first": ("initial", "earliest"),
    "last": ("previous", "final"),
    "week": ("seven days",),
    "year": ("twelve months",),
    "years": ("decades", "seasons"),
    "says that": ("states that",),
    "including": ("such as", "among them"),
    "against": ("versus", "opposed to"),
    "across": ("throughout", "all over"),
    "around": ("about", "roughly"),
    "nearly": ("almost", "close to"),
    "almost": ("nearly", "close to"),
    "often": ("frequently", "regularly"),
    "likely": ("probable", "expected"),
    "possible": ("feasible", "potential"),
    "able": ("capable", "in a position"),
    "leave": ("depart", "exit"),
    "left": ("departed", "quit"),
    "move": ("shift", "step"),
    "plan": ("scheme", "proposal"),
    "plans": ("schemes", "proposals"),
    "problem": ("issue", "difficulty"),
    "problems": ("issues", "difficulties"),
    "issue": ("matter", "problem"),
    "issues": ("matters", "problems"),
    "support": ("backing", "endorsement"),
    "statement": ("release", "declaration"),
    "video": ("clip", "footage"),
    "photo": ("picture", "image"),
    "photos": ("pictures", "images"),
    "report": ("account", "story"),
    "news": ("reports", "coverage"),
    "story": ("report", "account"),
    "home": ("house", "residence"),
    "city": ("town", "municipality"),
    "war": ("conflict", "fighting"),
    "military": ("armed forces", "army"),
    "money": ("funds", "cash"),
    "job": ("role", "position"),
    "jobs": ("roles", "positions"),
    "deal": ("agreement", "pact"),
    "law": ("legislation", "statute"),
    "rule": ("regulation", "measure"),
    "rules": ("regulations", "measures"),
    "increase": ("rise", "growth"),
    "decrease": ("drop", "decline"),
    "high": ("elevated", "steep"),
    "low": ("reduced", "modest"),
    "hard": ("difficult", "tough"),
    "easy": ("simple", "straightforward"),
    "quickly": ("rapidly", "swiftly"),
    "clear": ("obvious", "evident"),
    "true": ("accurate", "correct"),
    "false": ("untrue", "inaccurate"),
    "fake": ("bogus", "phony"),
    "dead": ("deceased", "killed"),
    "young": ("youthful", "juvenile"),
    "public": ("general public", "community"),
    "local": ("regional", "nearby"),
    "national": ("nationwide", "federal"),
    "international": ("global", "worldwide"),
    "world": ("globe", "planet"),
    "team": ("squad", "side"),
    "game": ("match", "contest"),
    "win": ("victory", "triumph"),
    "won": ("secured", "claimed"),
    "lost": ("was defeated in", "dropped"),
    "top": ("leading", "senior"),
    "expected": ("anticipated", "forecast"),
    "following": ("after", "in the wake of"),
    "recently": ("lately", "of late"),
}

#: Adverbs and hedges a rewrite drops.
DROPPABLE = frozenset("""
very really just actually basically currently recently reportedly reportedly allegedly apparently
literally clearly simply quite still already even now ever particularly especially extremely
totally completely certainly definitely probably officially finally openly publicly quickly
""".split())

_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10"}
_DIGIT_WORDS = {v: k for k, v in _NUMBER_WORDS.items()}
_CONTRACT = (("do not", "don't"), ("does not", "doesn't"), ("did not", "didn't"), ("is not", "isn't"),
             ("are not", "aren't"), ("was not", "wasn't"), ("were not", "weren't"), ("will not", "won't"),
             ("cannot", "can't"), ("would not", "wouldn't"), ("could not", "couldn't"), ("have not", "haven't"),
             ("has not", "hasn't"), ("it is", "it's"), ("that is", "that's"), ("there is", "there's"))
_SYN_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(SYNONYMS, key=len, reverse=True)) + r")\b",
                     re.IGNORECASE)
_DROP_RE = re.compile(r",?\s\b(" + "|".join(sorted(DROPPABLE)) + r")\b(?=[\s,.;:])", re.IGNORECASE)
_SAID_TAIL = re.compile(r"^(?P<quote>.{20,}?),\s+(?P<who>[A-Z][\w.'\- ]{1,60}?)\s+(?P<verb>said|says|added|told reporters)"
                        r"(?P<rest>[^.]*)\.$")
_LEAD_CLAUSE = re.compile(r"^(?P<conj>When|After|Before|Although|While|Because|If|As|Since|Despite)\s+"
                          r"(?P<clause>[^,]{8,120}),\s+(?P<main>[a-z].{15,})(?P<stop>[.!?])$")
_ARTICLE = re.compile(r"\b([Aa]n?) (\w+)")
_THOUSANDS_NUM = re.compile(r"\b(\d{1,3}(?:,\d{3})+)\b")
_PLAIN_NUM = re.compile(r"\b(\d{4,})\b(?!\s*(?:BC|AD))")
_PERCENT = re.compile(r"\b(\d+(?:\.\d+)?)\s?(%|per cent|percent)")
_MONEY = re.compile(r"\$(\d+(?:\.\d+)?)\s(million|billion)\b")
_SMALL_NUMS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|[2-9])\b(?=\s+[a-z])")


def _case_like(src: str, word: str) -> str:
    if src.isupper() and len(src) > 1:
        return word.upper()
    if src[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _renumber(s: str, rng: random.Random) -> str:
    s = _THOUSANDS_NUM.sub(lambda m: m.group(1).replace(",", ""), s)
    s = _PLAIN_NUM.sub(lambda m: m.group(1) if (1900 <= int(m.group(1)) <= 2100) else f"{int(m.group(1)):,}", s)
    s = _PERCENT.sub(lambda m: m.group(1) + (" per cent" if m.group(2) == "%" else "%"), s)
    s = _MONEY.sub(lambda m: f"${m.group(1)}{'m' if m.group(2) == 'million' else 'bn'}", s)

    def small(m: re.Match[str]) -> str:
        w = m.group(1)
        if rng.random() < 0.7:
            return _case_like(w, _NUMBER_WORDS.get(w.lower(), _DIGIT_WORDS.get(w, w)))
        return w

    return _SMALL_NUMS.sub(small, s)


def _reorder_clauses(s: str) -> str:
    m = _SAID_TAIL.match(s)
    if m and not m.group("quote").startswith(("\"", "“")):  # X, Y said. -> Y said X.
        quote = m.group("quote")
        quote = quote[:1].lower() + quote[1:] if not quote[:2].isupper() else quote
        verb = {"told reporters": "told reporters"}.get(m.group("verb"), m.group("verb"))
        return f"{m.group('who')} {verb}{m.group('rest')} that {quote}."
    m = _LEAD_CLAUSE.match(s)
    if m:  # When X, Y. -> Y when X.
        main = m.group("main")
        return f"{main[:1].upper()}{main[1:]} {m.group('conj').lower()} {m.group('clause')}{m.group('stop')}"
    return s


def reword_sentence(s: str, rng: random.Random) -> str:
    """One sentence reworded: clauses reordered, synonyms substituted, adverbs dropped, numbers reformatted,
    contractions made. Deterministic for a given ``rng`` state."""
    s = _reorder_clauses(s)

    def syn(m: re.Match[str]) -> str:
        src = m.group(1)
        if rng.random() < 0.15:  # a spinner leaves some
            return src
        return _case_like(src, rng.choice(SYNONYMS[src.lower()]))

    s = _SYN_RE.sub(syn, s)
    s = _DROP_RE.sub(lambda m: "" if rng.random() < 0.9 else m.group(0), s)
    s = _renumber(s, rng)
    for long, short in _CONTRACT:
        if rng.random() < 0.7:
            s = re.sub(rf"\b{long}\b", short, s)
            s = re.sub(rf"\b{long.capitalize()}\b", short.capitalize(), s)
    s = _ARTICLE.sub(lambda m: _case_like(m.group(1), "an" if m.group(2)[0].lower() in "aeiou" else "a") + " " + m.group(2), s)
    return re.sub(r"\s{2,}", " ", s).strip()


def reword(body: str, rng: random.Random) -> str:
    """Every sentence of every paragraph reworded (paragraph breaks kept)."""
    from unspun.text import segment

    paras = []
    for ps, pe in segment.paragraphs(body, 0, len(body)):
        sents = [body[s:e] for s, e in segment.sentences(body, ps, pe)]
        paras.append(" ".join(reword_sentence(x, rng) for x in sents))
    return "\n\n".join(paras)


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
