"""checkworthy_claims: the body's sentences a fact-checker would check first, ranked, with the reason.

Every body sentence gets the calibrated probability that it is a check-worthy factual
claim (:mod:`.model`, trained on ClaimBuster and CLEF-2019 debate sentences; figures in
``models/checkworthy/CARD.md``). The ``max_findings`` highest at or above the model's
threshold become ``info`` findings, always: check-worthy means "worth checking", never
"questionable", so it never raises a page's severity; the score and rank say how sure. Each names what makes the sentence
checkable, from the named cues of :mod:`.features` (a number, a comparison, a causal
or historical claim, a named actor's action); where no cue is present it says the
model judged the wording as a whole. The summary carries the ranked list.

Known error: trained on spoken debate sentences; on news prose it ranks sentences with
figures and attributed actions first, and can miss a claim phrased without any cue.
"""

from __future__ import annotations

from unspun import models
from unspun.analyzers import Analyzer, NotApplicable
from unspun.analyzers.checkworthy_claims.features import CHECKABLE, CUE_REASONS, cue_spans
from unspun.analyzers.checkworthy_claims.model import MODEL, WEIGHTS, load
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

    def __init__(self, *, threshold: float | None = None, max_findings: int = 5, max_ranked: int = 10) -> None:
        self.threshold = threshold
        self.max_findings = max_findings
        self.max_ranked = max_ranked

    def models(self) -> tuple[ModelInfo, ...]:
        from unspun.runtime import embed

        return (models.info(MODEL, WEIGHTS), embed.model_info())

    def analyse(self, doc: Document) -> Analysis:
        sents = [s for s in doc.sentences if sum(c.isalpha() for c in doc.text[s.start : s.end]) >= 3]
        if not sents:
            raise NotApplicable("the body has no sentence with words to judge")
        m = load()
        t = m.threshold if self.threshold is None else self.threshold
        texts = [doc.text[s.start : s.end] for s in sents]
        probs = m.probabilities(texts)
        order = sorted(range(len(sents)), key=lambda i: (-probs[i], i))
        ranked = [
            {"start": sents[i].start, "end": sents[i].end, "score": round(probs[i], 4),
             "reasons": [k for k, _, _ in reasons(texts[i])]}
            for i in order[: self.max_ranked]
        ]
        above = [i for i in order if probs[i] >= t]
        findings = []
        for rank, i in enumerate(above[: self.max_findings], start=1):
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
                          "cues": [{"kind": k, "start": span.start + s, "end": span.start + e} for k, s, e in rs]},
                )
            )
        summary = {
            "sentences": len(sents),
            "checkworthy": len(above),
            "threshold": t,
            "ranked": ranked,
        }
        return Analysis(tuple(findings), summary, self.models())
