"""checkworthy_claims: the body's sentences a fact-checker would check first, ranked, with the reason.

Every body sentence gets the calibrated probability that it is a check-worthy factual
claim (:mod:`.model`, trained on ClaimBuster and CLEF-2019 debate sentences; figures in
``models/checkworthy/CARD.md``). The ``max_findings`` highest at or above the model's
threshold become ``info`` findings, always: check-worthy means "worth checking", never
"questionable", so it never raises a page's severity; the score and rank say how sure. Each names what makes the sentence
checkable, from the named cues of :mod:`.features` (a number, a comparison, a causal
or historical claim, a named actor's action); where no cue is present it says the
model judged the wording as a whole. The summary carries the ranked list.

Each finding's ``data["structure"]`` is the claim's who, what, when, where and quantities
(:mod:`.structure`, every part a span, dates resolved against the publication date), and the
summary's ``headline_structure`` the same for the headline, so a reader can compare who did what.

Not read as claims: table rows and pieces of a reference list (:func:`.features.not_prose`), and the author's
own account, an "I" outside every quotation (:func:`.features.authors_own_account`): a speaker's "I" in a
quotation stays a claim.

On a page that does not read as news prose (not a news article, or first-person writing: a blog post, diary or
review; :func:`unspun.analyzers.news_prose.not_news_prose`) a sentence is listed only from the
probability :data:`CheckworthyClaims.NOT_NEWS_BAR` (twice as likely check-worthy as not); the summary still
ranks every sentence. On the judged real pages the 10 such pages had 6 right, 17 wrong and 8 debatable claims
listed at the model's threshold; below 2/3 were 1 right, 9 wrong, 3 debatable (release notes, game diaries,
test logs, a profile's asides): a bar read off those pages, so the eval of the same pages overstates its gain.

Known error: trained on spoken debate sentences; on news prose it ranks sentences with
figures and attributed actions first, and can miss a claim phrased without any cue.
"""

from __future__ import annotations

from typing import ClassVar

from unspun import models
from unspun.analyzers import LONG_ARTICLE_CHARS, Analyzer, NotApplicable
from unspun.analyzers.checkworthy_claims.features import (
    CHECKABLE,
    CUE_REASONS,
    authors_own_account,
    cue_spans,
    not_prose,
)
from unspun.analyzers.checkworthy_claims.model import EMBED_TOKENS, MODEL, WEIGHTS, load
from unspun.analyzers.checkworthy_claims.structure import brief, structures
from unspun.analyzers.news_prose import not_news_prose
from unspun.document import Document
from unspun.findings import Analysis, Finding, ModelInfo, quote


def reasons(sentence: str) -> list[tuple[str, int, int]]:
    """The first match of each checkable cue in ``sentence``, in :data:`CHECKABLE` order."""
    found = cue_spans(sentence)
    out = []
    for kind in CHECKABLE:
        first = next(((k, s, e) for k, s, e in found if k == kind), None)
        if first is not None:
            out.append(first)
    return out


class CheckworthyClaims(Analyzer):
    name = "checkworthy_claims"
    description = "the body's sentences most worth fact-checking, ranked, with what makes each checkable"
    requires = ("body",)
    max_body_chars = LONG_ARTICLE_CHARS
    #: it reads every body sentence with MiniLM (about 450 ms of CPU for an 800-word article, three
    #: times the rest of the fast profile together): the full profile only
    slow = True

    #: sentences the embedding model reads at most; a longer body is pre-ranked by the n-gram model
    MAX_EMBEDDED: ClassVar[int] = 200
    #: the probability from which a sentence is listed on a page that does not read as news prose (module docstring)
    NOT_NEWS_BAR: ClassVar[float] = 2 / 3

    def __init__(self, *, threshold: float | None = None, max_findings: int = 5, max_ranked: int = 10) -> None:
        self.threshold = threshold
        self.max_findings = max_findings
        self.max_ranked = max_ranked

    def models(self) -> tuple[ModelInfo, ...]:
        from unspun.runtime import embed, nlp

        return (models.info(MODEL, WEIGHTS), embed.model_info(), nlp.info())

    def analyse(self, doc: Document) -> Analysis:
        quotes = [(q.start, q.end) for q in doc.quotations]
        sents = [s for s in doc.sentences if sum(c.isalpha() for c in doc.text[s.start : s.end]) >= 3
                 and not not_prose(doc.text[s.start : s.end])
                 and not authors_own_account(doc.text[s.start : s.end], s.start, quotes)]
        if not sents:
            raise NotApplicable("the body has no sentence with words to judge")
        m = load()
        t = m.threshold if self.threshold is None else self.threshold
        not_news = not_news_prose(doc)
        if not_news is not None:
            t = max(t, self.NOT_NEWS_BAR)
        capped, n_sentences = None, len(sents)
        if len(sents) > self.MAX_EMBEDDED:  # a long article: the n-gram model picks what the embedding reads
            ng = [m.ngram_score(doc.text[s.start : s.end]) for s in sents]
            keep = sorted(sorted(range(len(sents)), key=lambda i: -ng[i])[: self.MAX_EMBEDDED])
            capped = (f"all {len(sents):,} sentences scored by the n-gram model; only its {self.MAX_EMBEDDED} highest "
                      "also read by the sentence-embedding model and ranked")
            sents = [sents[i] for i in keep]
        texts = [doc.text[s.start : s.end] for s in sents]
        probs = m.probabilities(texts, doc.vectors(sents, max_tokens=EMBED_TOKENS))  # kept: claim lookups reuse them
        order = sorted(range(len(sents)), key=lambda i: (-probs[i], i))
        ranked = [
            {"start": sents[i].start, "end": sents[i].end, "score": round(probs[i], 4),
             "reasons": [k for k, _, _ in reasons(texts[i])]}
            for i in order[: self.max_ranked]
        ]
        above = [i for i in order if probs[i] >= t]
        top = above[: self.max_findings]
        heads = [doc.headline] if len(doc.headline) else []
        claims = structures(doc, [*heads, *(sents[i] for i in top)])
        head_structure, claims = (claims[0], claims[1:]) if heads else (None, claims)
        findings = []
        for rank, (i, st) in enumerate(zip(top, claims, strict=True), start=1):
            p, span, text = probs[i], sents[i], texts[i]
            rs = reasons(text)
            why = "; ".join(f"{CUE_REASONS[k]} ({quote(text[s:e], 40)})" for k, s, e in rs) or (
                "the model judged its wording as a whole checkable"
            )
            findings.append(
                Finding(
                    analyzer=self.name,
                    label="checkworthy",
                    severity="info",
                    score=round(p, 4),
                    spans=(span,),
                    explanation=f"Check-worthy claim #{rank} (score {p:.2f}): {quote(text)} {why}.",
                    data={"rank": rank, "probability": round(p, 4), "reasons": [k for k, _, _ in rs],
                          "cues": [{"kind": k, "start": span.start + s, "end": span.start + e} for k, s, e in rs],
                          "structure": st, "structure_line": brief(st)},
                )
            )
        summary = {
            "sentences": n_sentences,
            "checkworthy": len(above),
            "threshold": round(t, 4),
            **({"not_news_prose": f"{not_news}: listed from probability {t:.2f}"} if not_news else {}),
            "ranked": ranked,
            "headline_structure": head_structure,
        }
        return Analysis(tuple(findings), summary, self.models(), capped)
