"""headline_wording: shouting, exclamation, sensational vocabulary, teasers, superlatives.

Each signal is a span in the headline with a plain reason. Lexicons are the
project's own files under ``unspun/lexicons``. Signals on the same words are
merged into one finding so a reader sees one mark per word.
"""

from __future__ import annotations

import re

from unspun.analyzers import Analyzer
from unspun.document import Document, Span
from unspun.findings import Analysis, Finding, Severity, quote
from unspun.text import lexicons

_CAPS_WORD = re.compile(r"(?<![\w’'])[A-Z][A-Z’'\-]*[A-Z](?![\w’'])")
_EXCLAIM = re.compile(r"[!?]*![!?]*")

#: (severity, weight, plain-language reason) per signal. The weights say how much
#: each signal moves a headline away from plain reporting; they are ordered by
#: judgement, not fitted, and only rank findings within a report.
SIGNALS: dict[str, tuple[Severity, float, str]] = {
    "teaser": ("medium", 0.8, "is a teaser phrase that withholds information to make the reader click"),
    "all_caps": ("medium", 0.7, "is written in capital letters, which shouts rather than informs"),
    "exclamation": ("medium", 0.6, "is an exclamation mark, which a news headline does not need"),
    "sensational": ("medium", 0.6, "is sensational or hyperbolic vocabulary"),
    "superlative": ("low", 0.35, "is a superlative or absolute claim"),
}
_ORDER = list(SIGNALS)


#: capitals that label the kind of coverage, by convention ("Level 3 LIVE news from Cork")
_LABELS = frozenset({"LIVE"})


def _written_as_acronym(word: str, body: str) -> bool:
    """The body writes ``word`` in capitals too ("JSON" in a post on JSON), or spelt with stops ("L.E.A.N."):
    a name or an acronym, not shouting."""
    if not body or not word.isalpha():
        return False
    if re.search(r"(?<![\w’'])" + re.escape(word) + r"(?![\w’'])", body):
        return True
    return re.search(r"\.".join(map(re.escape, word)) + r"\.?", body) is not None


def _names_the_subject(phrase: str, body: str, times: int = 3) -> bool:
    """The body uses the headline's word at least ``times`` times: it names what the article is about."""
    if not body:
        return False
    return len(re.findall(r"(?<![\w’'])" + re.escape(phrase) + r"(?![\w’'])", body, re.I)) >= times


class HeadlineWording(Analyzer):
    name = "headline_wording"
    description = "ALL-CAPS words, exclamation marks, sensational vocabulary, teaser phrases, superlatives in the headline"
    requires = ("headline",)

    def __init__(self, *, min_caps_letters: int = 4) -> None:
        self.min_caps_letters = min_caps_letters

    def analyse(self, doc: Document) -> Analysis:
        text = doc.text
        h = doc.headline
        head = text[h.start : h.end]
        hits: dict[tuple[int, int], set[str]] = {}

        def add(s: int, e: int, sig: str) -> None:
            hits.setdefault((h.start + s, h.start + e), set()).add(sig)

        acronyms = set(lexicons.load("acronyms"))
        body = text[doc.body.start : doc.body.end]
        letters = [c for c in head if c.isalpha()]
        whole_caps = len(letters) >= 12 and all(c.isupper() for c in letters)
        if whole_caps:
            add(0, len(head), "all_caps")
        else:
            for m in _CAPS_WORD.finditer(head):
                word = m.group(0)
                n_letters = sum(c.isalpha() for c in word)
                if (n_letters >= self.min_caps_letters and word.lower().strip("’'") not in acronyms
                        and word not in _LABELS and not _written_as_acronym(word, body)):
                    add(m.start(), m.end(), "all_caps")
        for m in _EXCLAIM.finditer(head):
            add(m.start(), m.end(), "exclamation")
        for sig, lex in (("teaser", "teasers"), ("sensational", "sensational"), ("superlative", "superlatives")):
            for m in lexicons.pattern(lex).finditer(head):
                if sig == "sensational" and _names_the_subject(m.group(0), body):
                    continue  # "Chaos" over an article on chaos theory
                add(m.start(), m.end(), sig)
        # A sensational word is medium only with shouting beside it (capitals, an exclamation mark).
        loud = any(sigs & {"all_caps", "exclamation"} for sigs in hits.values())

        # A word inside a longer phrase of the same signal is one mark, not two.
        spans = sorted(hits)
        for (s, e) in spans:
            for (s2, e2) in spans:
                if (s2, e2) != (s, e) and s2 <= s and e <= e2 and (s, e) in hits:
                    hits[(s, e)] -= hits.get((s2, e2), set())
                    if not hits[(s, e)]:
                        del hits[(s, e)]
                        break

        findings = []
        for (s, e), sigs in sorted(hits.items()):
            ordered = sorted(sigs, key=_ORDER.index)
            main = ordered[0]
            severity, _, _ = SIGNALS[main]
            if main == "sensational" and not loud:
                severity = "low"
            score = 1.0
            for sg in ordered:
                score *= 1.0 - SIGNALS[sg][1]
            reasons = " and ".join(SIGNALS[sg][2] for sg in ordered)
            findings.append(
                Finding(
                    analyzer=self.name,
                    label=main,
                    severity=severity,
                    score=round(1.0 - score, 4),
                    spans=(Span(s, e),),
                    explanation=f"In the headline, {quote(text[s:e])} {reasons}.",
                    data={"signals": ordered},
                )
            )
        counts: dict[str, int] = {}
        for f in findings:
            for sg in f.data["signals"]:
                counts[sg] = counts.get(sg, 0) + 1
        return Analysis(tuple(findings), {"signals": counts})
