"""Deterministic generated news-like articles for the benchmarks (not for accuracy)."""

from __future__ import annotations

import random

_SUBJECTS = ["The city council", "Officials", "The ministry", "Transit director Paul Nguyen", "Analysts",
             "The company", "Residents", "Police", "The governor", "Researchers at the university"]
_VERBS = ["said", "announced", "reported", "confirmed", "warned", "estimated", "argued", "noted"]
_OBJECTS = ["the budget would rise by 4 percent next year", "the new bridge would open in March",
            "ridership had grown for the third year in a row", "the plan faced strong opposition",
            "costs were likely to exceed $2.1 million", "the vote was delayed until September",
            "the talks had been constructive", "the findings were preliminary",
            "about 200 people attended the meeting on Tuesday", "the shortage could last several months"]
_EXTRA = ["according to a statement", "in an interview", "on Monday", "after a long debate",
          "despite earlier objections", "citing internal figures", "in a report released on Friday"]
HEADLINE = "Council approves budget rise as costs climb"
#: headlines of the ``unique`` articles (the first is HEADLINE)
HEADLINES = [HEADLINE, "Bridge opening delayed as costs climb", "Ridership grows for third year, officials say",
             "Budget vote put off until September", "Shortage could last months, ministry warns"]
#: a place for each sentence of a ``unique`` article, so that no sentence repeats across articles
_PLACES = ["in ward {n}", "for district {n}", "at site {n}", "on route {n}", "in zone {n}"]


def article(words: int, seed: int = 2025, *, unique: bool = False) -> str:
    """A headline and a body of about ``words`` words in paragraphs of 3-5 sentences.

    ``unique``: each sentence also names a numbered place and the headline is one
    of :data:`HEADLINES`, so articles of different seeds share (almost) no
    sentence; a load test that rotates them cannot be flattered by caches keyed
    on a sentence or an article. Without it the output is what it always was.
    """
    rng = random.Random(seed + words)
    paras: list[str] = []
    count = 0
    while count < words:
        sents = []
        for _ in range(rng.randint(3, 5)):
            s = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}, {rng.choice(_EXTRA)}"
            if unique:
                s += " " + rng.choice(_PLACES).format(n=rng.randint(2, 99_999))
            s += "."
            sents.append(s)
            count += len(s.split())
        paras.append(" ".join(sents))
    headline = rng.choice(HEADLINES) if unique else HEADLINE
    return headline + "\n\n" + "\n\n".join(paras)
