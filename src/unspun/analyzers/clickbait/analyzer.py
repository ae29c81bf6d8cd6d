"""clickbait: a calibrated probability that the headline is clickbait, with what drove it.

Two scorers, stacked (``training/train_clickbait.py``, ``models/clickbait/CARD.md``),
both trained on the Chakraborty et al. (2016) headlines and both blind to letter case:

- a logistic regression over hashed word and character n-grams plus named cues
  (second person, listicle number, teaser phrase, forward reference, question);
- a one-hidden-layer network over the headline's sentence embedding (the bundled
  all-MiniLM-L6-v2, :mod:`unspun.runtime.embed`), which reads how a headline is put
  rather than which words it uses.

A logistic stacker, fitted on out-of-fold scores, turns the two into one calibrated
probability. Severity follows the evidence (:func:`severity_for`): the probability alone
is no finding (it stays in the summary, with why it is not shown), nor is an explainer whose subject
the body covers ("How we built X"); ``low`` needs a clickbait device in the headline; ``medium`` a
device that withholds the news (a forward reference, a teaser phrase, a list count) and a sure score;
any finding on a page that does not read as news is ``info``.
The words a finding names come from the n-gram model: each
feature's contribution (weight x value) is spread over the characters it was read
from, so the finding can name the words that pushed the score up: a named cue
where one is present, else the words with the largest contribution.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

import numpy as np

from unspun import models
from unspun.analyzers import Analyzer, NotApplicable
from unspun.analyzers.clickbait.features import CUE_REASONS
from unspun.analyzers.clickbait.model import EMBED_TOKENS, MODEL, WEIGHTS, load
from unspun.document import Document, Span
from unspun.findings import Analysis, Finding, ModelInfo, Severity, quote
from unspun.text import hashfeat, tokens

_WORDING_REASON = "is wording the model learnt from clickbait headlines"


@dataclass(frozen=True)
class Driver:
    kind: str  # a cue name from clickbait_features, or "wording"
    start: int
    end: int
    contribution: float


@lru_cache(maxsize=1)
def _dev_metrics() -> dict[str, Any]:
    """The model's measured error rates on news headlines, from its training run."""
    try:
        data: dict[str, Any] = json.loads(models.path(MODEL, "metrics.json").read_text(encoding="utf-8"))
    except Exception:  # the figures are context, not needed to score
        return {}
    out: dict[str, Any] = {"dev_fpr_news": data.get("dev", {}).get("fpr")}
    if "fnc1_headlines" in data:
        out["fnc1_flag_rate"] = data["fnc1_headlines"]["flag_rate"]
    return out


def drivers(headline: str, per_char: np.ndarray, cues: list[tuple[str, int, int]], top: int = 3) -> list[Driver]:
    """Named cues that push the score up, then the strongest other words, best first."""
    found: list[Driver] = []
    for name, s, e in cues:
        c = float(per_char[s:e].sum())
        if c > 0:
            found.append(Driver(name, s, e, c))
    found.sort(key=lambda d: -d.contribution)
    taken: list[Driver] = []
    for d in found:  # one mark per word: a cue inside a stronger one is not repeated
        if len(taken) < top and not any(t.start < d.end and d.start < t.end for t in taken):
            taken.append(d)
    if len(taken) < top:
        for s, e in hashfeat.tokens(headline):
            if not headline[s].isalnum() or any(d.start < e and s < d.end for d in taken):
                continue
            c = float(per_char[s:e].sum())
            if c > 0:
                found.append(Driver("wording", s, e, c))
        rest = sorted((d for d in found if d.kind == "wording"), key=lambda d: -d.contribution)
        taken += rest[: top - len(taken)]
    return sorted(taken, key=lambda d: -d.contribution)


#: devices that withhold the news to make the reader click: with one of them a sure score is medium
WITHHOLDING = frozenset({"forward_reference", "teaser", "listicle_number"})
#: the clickbait devices of Chakraborty et al. (2016); without any of them the score alone is only info
DEVICES = WITHHOLDING | {"question", "second_person", "exclamation"}
_QUESTION_OPENERS = frozenset({"how", "why", "what", "who", "when", "where", "which"})


def explainer(doc: Document) -> bool:
    """A headline that opens with a question word and whose subject the body covers ("How we built X").

    Such a headline promises an explanation and the article gives it: it withholds nothing.
    Covered: at least two content words and two thirds of them appear in the body.
    """
    words = tokens.WORD.findall(doc.headline_text.lower())
    if not words or words[0] not in _QUESTION_OPENERS:
        return False
    content = {w for w in words[1:] if w not in tokens.STOP_WORDS and len(w) > 2}
    if len(content) < 2:
        return False
    body = set(tokens.WORD.findall(doc.body_text.lower()))
    return len(content & body) >= 2 * len(content) / 3


def unbacked(doc: Document, kinds: set[str]) -> str | None:
    """Why nothing in the headline backs the model's score (no clickbait device, or an explainer whose subject
    the body covers), or None when something does."""
    if not kinds & DEVICES:
        return ("no clickbait device (a forward reference, a teaser phrase, a list count, a question, addressing the "
                "reader, an exclamation) backs the score")
    if not kinds & (DEVICES - {"question"}) and explainer(doc):
        return "it reads as an explainer whose subject the body covers"
    return None


def severity_for(doc: Document, prob: float, cues: list[tuple[str, int, int]], strong: float) -> tuple[Severity, str]:
    """The severity the evidence supports, and what the explanation should add about it.

    The model's probability alone is never more than ``info`` (and the analyzer shows no finding for it,
    nor for an explainer: :meth:`Clickbait.analyse`): ``low`` needs a clickbait device
    in the headline, ``medium`` a device that withholds the news and a sure score. A page that is
    not a news article, and an explainer whose subject the body covers, stay at ``info``.
    """
    kinds = {k for k, _, _ in cues}
    if doc.extraction.has("not_news_article"):
        return "info", " The page does not read as a news article, and the model was trained on news headlines."
    why = unbacked(doc, kinds)
    if why is not None:
        return "info", f" {why[0].upper()}{why[1:]}."
    if kinds & WITHHOLDING and prob >= strong:
        return "medium", ""
    return "low", ""


class Clickbait(Analyzer):
    name = "clickbait"
    description = "calibrated probability that the headline is clickbait, with the words that drove it"
    requires = ("headline",)

    #: probability at or above which a finding backed by a withholding device is medium rather than low
    STRONG: ClassVar[float] = 0.9

    def __init__(self, *, threshold: float = 0.5, max_drivers: int = 3) -> None:
        self.threshold = threshold
        self.max_drivers = max_drivers

    def models(self) -> tuple[ModelInfo, ...]:
        from unspun.runtime import embed

        return (models.info(MODEL, WEIGHTS), embed.model_info())

    def analyse(self, doc: Document) -> Analysis:
        from unspun.analyzers.clickbait.features import cue_spans

        head = doc.headline_text
        if sum(c.isalpha() for c in head) < 3:
            raise NotApplicable("the headline has fewer than 3 letters")
        model = load()
        prob, per_char = model.explain(head, doc.vectors([doc.headline], max_tokens=EMBED_TOKENS)[0] if model.net is not None else None)
        summary: dict[str, Any] = {"probability": round(prob, 4)}
        if prob < self.threshold:
            return Analysis((), summary, self.models())
        cues = cue_spans(head)
        why_not = unbacked(doc, {k for k, _, _ in cues})
        if why_not is not None:
            # the model's score and nothing in the headline behind it: no finding (on the judged real pages
            # none of these had been judged right), the probability stays in the summary
            summary["not_shown"] = why_not
            return Analysis((), summary, self.models())
        ds = drivers(head, per_char, cues, self.max_drivers)
        h0 = doc.headline.start
        parts = [f"{quote(head[d.start:d.end])} {CUE_REASONS.get(d.kind, _WORDING_REASON)}" for d in ds]
        # no word pushed the score up (the intercept did): the span is the whole headline
        why = (": " + "; ".join(parts)) if parts else f": {quote(head)} as a whole"
        spans = tuple(Span(h0 + d.start, h0 + d.end) for d in ds) or (doc.headline,)
        severity, note = severity_for(doc, prob, cues, self.STRONG)
        finding = Finding(
                analyzer=self.name,
                label="clickbait",
                severity=severity,
                score=round(prob, 4),
                spans=spans,
                explanation=f"The headline reads as clickbait (probability {prob:.2f}){why}." + note,
                data={
                    "probability": round(prob, 4),
                    "drivers": [
                        {"cue": d.kind, "start": h0 + d.start, "end": h0 + d.end, "contribution": round(d.contribution, 3)}
                        for d in ds
                    ],
                    **_dev_metrics(),
                },
            )
        return Analysis((finding,), summary, self.models())
