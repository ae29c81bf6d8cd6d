"""Features for the persuasion-technique models (span identification and technique labelling).

Shared by ``training/train_persuasion.py`` and the ``persuasion`` analyzer. Both
models are linear over hashed binary features (see :mod:`unspun.text.hashfeat`):

- tokens: the word, its shape and affixes, a +-2 word window, the word cluster of
  the word and its neighbours (``models/persuasion/word_clusters.txt``, built by
  ``training/build_word_clusters.py``), VADER valence of the word and of its neighbours, hits of the project's persuasion lexicons
  (``lexicons/persuasion_*.txt``) on and near the word, quotes, sentence marks,
  and how often the word recurs in the article (for repetition);
- spans: the span's words, edges, length, context words, valence, lexicon hits,
  whether its text recurs in the article, and where it sits in its sentence.

Offsets are characters into the text passed in, exactly as in the PTC corpus.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from unspun.text import lexicons, segment
from unspun.text.hashfeat import TOKEN
from unspun.text.tokens import STOP_WORDS

#: The 14 SemEval-2020 Task 11 techniques, in the corpus's spelling, in a fixed order.
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

LEXICONS: tuple[str, ...] = (
    "fear", "flag", "doubt", "causal", "slogan", "label", "exaggeration", "authority", "whatabout",
)

# Function words: their recurrence says nothing about repetition as a technique.
STOP = (
    STOP_WORDS
    # the commoner function words only: the rarer ones (reflexives, "above", "through", "while") and the
    # ones a speaker leans on ("only", "own", "same", "again") stay countable; baked into the span model
    - set("""above again against am because below between both doing down during each few further hers herself
    himself itself myself nor off once only other ours ourselves out own same theirs themselves through too under
    until up while yours yourself yourselves""".split())
) | {"done", "may", "might", "must", "shall", "whose"}  # modals and "whose" are function words here too

_QUOTES = frozenset("\"“”«»")

#: token features: the neighbour offsets of the window, and the bins of a sentence's length and a word's count
OFFSETS = (-2, -1, 1, 2)
SENTENCE_BINS = (5, 10, 20, 35, 60)
REPEAT_BINS = (1, 2, 4)
STRONG_BINS = (0, 1, 3)  # strongly charged words in the sentence

#: Word -> cluster of MiniLM word vectors (k-means, k = 512), shipped with the span model.
CLUSTERS_FILE = "word_clusters.txt"


@lru_cache(maxsize=1)
def valence() -> dict[str, float]:
    """VADER's word valences (Hutto and Gilbert 2014), from the installed vaderSentiment package."""
    raw = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    out: dict[str, float] = {}
    for line in raw.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            out[parts[0]] = float(parts[1])
    return out


def _vbucket(v: float | None) -> str:
    if v is None:
        return "0"
    if v <= -2.0:
        return "n2"
    if v < 0:
        return "n1"
    if v >= 2.0:
        return "p2"
    return "p1"


def _shape(w: str) -> str:
    if w.isdigit():
        return "d"
    if not w[0].isalnum():
        return "p"
    if w.isupper() and len(w) > 1:
        return "X"
    if w[0].isupper():
        return "Xx"
    return "x"


def _bin(n: int, edges: tuple[int, ...]) -> str:
    for i, e in enumerate(edges):
        if n <= e:
            return str(i)
    return str(len(edges))


@dataclass
class Prepared:
    """One text, tokenised, with what the features need precomputed."""

    text: str
    toks: list[tuple[int, int]]
    words: list[str]  # lower-cased
    raw: list[str]
    sent_of: list[int]  # sentence index of each token
    sents: list[tuple[int, int]]  # token index ranges [a, b) of each sentence
    lex: list[set[str]]
    quoted: list[bool]
    counts: dict[str, int]
    starts: list[int]

    def token_range(self, s: int, e: int) -> tuple[int, int]:
        """Indices [a, b) of the tokens that overlap characters [s, e)."""
        a = bisect.bisect_right(self.starts, s) - 1
        if a < 0 or self.toks[a][1] <= s:
            a += 1
        b = bisect.bisect_left(self.starts, e)
        return a, max(a, b)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences by line, then by the project's rule-based splitter within each line."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if line.strip():
            out.extend(segment.sentences(text, s, e))
    return out


def prepare(text: str) -> Prepared:
    toks = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
    raw = [text[s:e] for s, e in toks]
    words = [w.lower() for w in raw]
    starts = [s for s, _ in toks]
    sent_of = [0] * len(toks)
    sents: list[tuple[int, int]] = []
    for k, (s, e) in enumerate(sentence_spans(text)):
        a = bisect.bisect_left(starts, s)
        b = bisect.bisect_left(starts, e)
        for i in range(a, b):
            sent_of[i] = k
        sents.append((a, b))
    lex: list[set[str]] = [set() for _ in toks]
    for name in LEXICONS:
        for m in lexicons.pattern("persuasion_" + name).finditer(text):
            a = bisect.bisect_left(starts, m.start())
            b = bisect.bisect_left(starts, m.end())
            for i in range(a, b):
                lex[i].add(name)
    quoted = [False] * len(toks)
    for a, b in sents:
        inside = False
        for i in range(a, b):
            if raw[i] in _QUOTES:
                inside = not inside
            quoted[i] = inside
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return Prepared(text, toks, words, raw, sent_of, sents, lex, quoted, counts, starts)


@lru_cache(maxsize=1)
def word_clusters() -> dict[str, str]:
    """The shipped word clusters (loaded once); a word not in the file has no cluster."""
    from unspun import models

    text = models.path("persuasion", CLUSTERS_FILE).read_text(encoding="utf-8")
    return dict(line.split(" ", 1) for line in text.splitlines() if line)


@lru_cache(maxsize=200_000)
def _word_feats(w: str, raw: str) -> tuple[str, ...]:
    v = valence().get(w)
    return ("w=" + w, "s3=" + w[-3:], "p3=" + w[:3], "sh=" + _shape(raw), "v=" + _vbucket(v))


def token_features(p: Prepared) -> list[list[str]]:
    """Feature strings of every token, for span identification."""
    n = len(p.toks)
    val = valence()
    vb = [_vbucket(val.get(w)) for w in p.words]
    clusters = word_clusters()
    cl = [clusters.get(w, "") for w in p.words]
    out: list[list[str]] = []
    sent_has: dict[int, tuple[bool, bool]] = {}
    sent_lex: dict[int, set[str]] = {}
    sent_vmax: dict[int, str] = {}
    for k, (a, b) in enumerate(p.sents):
        sent_has[k] = ("!" in p.raw[a:b], "?" in p.raw[a:b])
        sent_lex[k] = set().union(*p.lex[a:b]) if b > a else set()
        sent_vmax[k] = _bin(sum(v in ("n2", "p2") for v in vb[a:b]), STRONG_BINS)
    for i in range(n):
        w = p.words[i]
        f = ["b", *_word_feats(w, p.raw[i])]
        k = p.sent_of[i]
        a, b = p.sents[k] if k < len(p.sents) else (0, n)
        for d in OFFSETS:
            j = i + d
            if a <= j < b:
                f.append(f"w{d}={p.words[j]}")
                f.append(f"v{d}={vb[j]}")
                for t in p.lex[j]:
                    f.append("lxc=" + t)
            else:
                f.append(f"w{d}=<edge>")
        if i - 1 >= a:
            f.append(f"bg-={p.words[i - 1]}|{w}")
            if cl[i - 1]:
                f.append("c-1=" + cl[i - 1])
        if i + 1 < b:
            f.append(f"bg+={w}|{p.words[i + 1]}")
            if cl[i + 1]:
                f.append("c+1=" + cl[i + 1])
        if cl[i]:
            f.append("c=" + cl[i])
        for t in p.lex[i]:
            f.append("lx=" + t)
        if p.quoted[i]:
            f.append("q")
        ex, qu = sent_has.get(k, (False, False))
        if ex:
            f.append("s!")
        if qu:
            f.append("s?")
        f.append("sl=" + _bin(b - a, SENTENCE_BINS))
        if i == a:
            f.append("first")
        if i == b - 1:
            f.append("last")
        if k == 0:
            f.append("title")
        # sentence context: charged words or lexicon hits anywhere in the sentence
        f.append("sv=" + sent_vmax.get(k, "0"))
        for t in sent_lex.get(k, ()):
            f.append("slx=" + t)
        if w not in STOP and len(w) > 3 and w.isalpha():
            f.append("rep=" + _bin(p.counts[w], REPEAT_BINS))
        out.append(f)
    return out


def span_features(p: Prepared, s: int, e: int) -> list[str]:
    """Feature strings of the character span [s, e), for technique labelling."""
    a, b = p.token_range(s, e)
    ws = p.words[a:b]
    f = ["b", "len=" + _bin(b - a, (1, 2, 3, 5, 8, 13, 25))]
    if not ws:
        return f
    val = valence()
    for w in ws:
        f.append("sw=" + w)
        if len(w) > 4:
            f.append("st=" + w[:5])
    for x, y in zip(ws, ws[1:], strict=False):
        f.append(f"sb={x}|{y}")
    f += ["sf=" + ws[0], "sl=" + ws[-1], "sh0=" + _shape(p.raw[a])]
    for d in (1, 2, 3):
        if a - d >= 0:
            f.append("cb=" + p.words[a - d])
        if b - 1 + d < len(p.words):
            f.append("ca=" + p.words[b - 1 + d])
    if a - 1 >= 0:
        f.append("cb1=" + p.words[a - 1])
    vals = [val.get(w, 0.0) for w in ws]
    f.append("vmax=" + _vbucket(max(vals, key=abs)))
    f.append("vneg=" + _bin(sum(v < 0 for v in vals), (0, 1, 3)))
    for i in range(a, b):
        for t in p.lex[i]:
            f.append("lx=" + t)
    k = p.sent_of[a]
    sa, sb = p.sents[k] if k < len(p.sents) else (0, len(p.words))
    for i in range(sa, sb):
        for t in p.lex[i]:
            f.append("slx=" + t)
    cover = (b - a) / max(1, sb - sa)
    f.append("cov=" + _bin(int(cover * 10), (2, 5, 8)))
    if a == sa:
        f.append("atstart")
    if b == sb or (b == sb - 1 and not p.raw[sb - 1][0].isalnum()):
        f.append("atend")
    if p.quoted[a]:
        f.append("q")
    if "?" in p.raw[sa:sb]:
        f.append("s?")
    if "!" in p.raw[sa:sb]:
        f.append("s!")
    if k == 0:
        f.append("title")
    # Repetition: the same words elsewhere in the text.
    key = " ".join(ws)
    rep = p.text.lower().count(p.text[s:e].lower()) if e - s >= 3 else 0
    f.append("rep=" + _bin(rep, (1, 2, 4)))
    content = [w for w in ws if w not in STOP and w.isalpha() and len(w) > 3]
    if content:
        f.append("wrep=" + _bin(max(p.counts[w] for w in content), (1, 2, 4)))
    if len(ws) <= 4:
        f.append("short=" + key)
    return f
