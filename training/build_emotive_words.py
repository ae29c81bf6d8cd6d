"""Build the list of VADER words that carry a writer's wording, shipped as ``models/emotive_reference/words.txt``.

VADER (Hutto and Gilbert 2014) gives a valence to about 7,500 words, nouns and verbs that name
what happened ("killed", "won", "poverty", "award") as much as words that judge it ("horrific",
"brilliant", "shamefully"). The ``emotive_intensity`` analyzer measures wording, not subject
matter, so it counts only the second kind: the words spaCy's tagger reads mostly (half of their
uses or more) as adjectives, adverbs or interjections (tags ``JJ*``, ``RB*``, ``UH``) in a corpus
of news prose, plain and partisan: the plain news of ``training/plain_news.py`` (train and held-out
parts; no labels are read) and the articles of PTC and SemEval-2023 Task 3. A VADER word seen
fewer than ``MIN_SEEN`` times there is kept: in news such words are rare, and rare emotive words
("ghastly", "appalling") are wording choices. Words of ``lexicons/emotive_subject.txt`` are
left out whatever their tag (descriptive adjectives such as "dead", "guilty", "violent").

    python -m training.build_emotive_words            # about 5 minutes on 2 cores (spaCy tagger)
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from training import plain_news
from training.common import DATA, MODELS
from unspun.analyzers.persuasion.features import valence
from unspun.runtime import nlp as runtime_nlp
from unspun.text import lexicons

FILE = "words.txt"
#: tags that mark wording rather than subject: adjectives, adverbs, interjections (Penn tags)
WORDING_TAGS = ("JJ", "JJR", "JJS", "RB", "RBR", "RBS", "UH")
MIN_SEEN = 3
PTC = "propaganda-ptc-semeval2020-task11/articles"
T3 = "persuasion-semeval2023-task3-en/articles-subtask-3"


def corpus(data: Path) -> list[str]:
    texts = [t.text for t in plain_news.load(data)]
    for folder in (PTC, T3):
        texts += [f.read_text(encoding="utf-8") for f in sorted((data / folder).glob("article*.txt"))]
    return texts


def tag_counts(texts: list[str]) -> dict[str, Counter[str]]:
    """For every VADER word, how often the tagger gave it each fine-grained tag."""
    val = valence()
    nlp = runtime_nlp.load()
    out: dict[str, Counter[str]] = defaultdict(Counter)
    disable = [p for p in nlp.pipe_names if p not in ("tok2vec", "tagger")]
    for doc in nlp.pipe(texts, batch_size=32, disable=disable):
        for t in doc:
            w = t.text.lower()
            if w in val:
                out[w][t.tag_] += 1
    return out


def wording_words(counts: dict[str, Counter[str]]) -> list[str]:
    subject = set(lexicons.load("emotive_subject"))
    keep = []
    for w in sorted(valence()):
        if w in subject:
            continue
        c = counts.get(w, Counter())
        n = sum(c.values())
        if n < MIN_SEEN or sum(c[t] for t in WORDING_TAGS) / n >= 0.5:
            keep.append(w)
    return keep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=MODELS / "emotive_reference")
    a = ap.parse_args(argv)
    texts = corpus(a.data)
    counts = tag_counts(texts)
    words = wording_words(counts)
    a.out.mkdir(parents=True, exist_ok=True)
    header = (f"# VADER words read as wording (adjective, adverb, interjection in half their uses or more, or seen under "
              f"{MIN_SEEN} times) in {len(texts)} news texts; training/build_emotive_words.py\n")
    (a.out / FILE).write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    seen = sum(1 for w in valence() if sum(counts.get(w, Counter()).values()) >= MIN_SEEN)
    print(f"{len(words)} of {len(valence())} VADER words kept ({seen} seen {MIN_SEEN}+ times in {len(texts)} texts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
