"""persuasion: spans of propaganda techniques in the text, each with the technique named.

Two linear models over hashed features (``unspun.analyzers.persuasion.features``), trained
on the PTC corpus of SemEval-2020 Task 11 plus the extra articles of SemEval-2023
Task 3 (``training/train_persuasion.py``, ``models/persuasion/CARD.md``):

1. span identification: a per-token probability that the token is part of a
   propaganda span; tokens at or above a threshold tuned by cross-validation on
   the training articles are joined into spans within a sentence;
2. technique labelling: a 14-way classifier over each span's words, context,
   lexicon hits and recurrence in the article.

The models find the wording a trained annotator would mark; they do not judge
whether a claim is true. Scores are model probabilities, not certainties.
"""

from __future__ import annotations

from typing import Any

from unspun import models
from unspun.analyzers import Analyzer, NotApplicable
from unspun.analyzers.persuasion.model import MODEL, WEIGHTS, load
from unspun.document import Document, Span
from unspun.findings import Analysis, Finding, ModelInfo, quote

#: technique -> (label in reports, what it does, in plain words). Definitions after
#: Da San Martino et al., "Fine-Grained Analysis of Propaganda in News Articles" (2019).
PLAIN: dict[str, tuple[str, str]] = {
    "Appeal_to_Authority": ("appeal_to_authority", "leans on who said it rather than on evidence"),
    "Appeal_to_fear-prejudice": ("appeal_to_fear", "raises fear or prejudice to win support"),
    "Bandwagon,Reductio_ad_hitlerum": ("bandwagon_or_reductio", "argues from what everyone does, or from a hated group's support"),
    "Black-and-White_Fallacy": ("black_and_white", "offers two options as if no others existed"),
    "Causal_Oversimplification": ("causal_oversimplification", "gives one cause for an outcome with many"),
    "Doubt": ("doubt", "questions someone's credibility without showing why"),
    "Exaggeration,Minimisation": ("exaggeration_or_minimisation", "makes something larger or smaller than it is"),
    "Flag-Waving": ("flag_waving", "appeals to national or group pride to justify a view"),
    "Loaded_Language": ("loaded_language", "uses words with strong emotional charge"),
    "Name_Calling,Labeling": ("name_calling", "labels its target with a loaded name"),
    "Repetition": ("repetition", "repeats the same message to make it stick"),
    "Slogans": ("slogan", "is a brief, striking phrase used as an argument"),
    "Thought-terminating_Cliches": ("thought_terminating_cliche", "is a stock phrase that cuts discussion short"),
    "Whataboutism,Straw_Men,Red_Herring": ("whataboutism_or_straw_man", "deflects to another issue or a distorted version of the argument"),
}


class Persuasion(Analyzer):
    name = "persuasion"
    description = "propaganda techniques in the text (SemEval-2020 Task 11 set) as spans, each technique named"
    requires = ("body",)

    def __init__(self, *, min_words: int = 20, min_score: float = 0.3) -> None:
        self.min_words = min_words
        # The span threshold in the model maximises the benchmark's F1, which pays for
        # recall; a reader is better served by the surer spans only. 0.3 is a judgement,
        # not fitted; `unspun eval ptc` scores the model's own threshold.
        self.min_score = min_score

    def models(self) -> tuple[ModelInfo, ...]:
        return (models.info(MODEL, WEIGHTS),)

    def analyse(self, doc: Document) -> Analysis:
        n_words = len(doc.body_text.split())
        if n_words < self.min_words:
            raise NotApplicable(f"the body has {n_words} words; the technique model needs at least {self.min_words}")
        findings = []
        for s, e, sp, tech, tp in load().analyse(doc.text):
            if sp < self.min_score:
                continue
            label, what = PLAIN[tech]
            findings.append(
                Finding(
                    analyzer=self.name,
                    label=label,
                    severity="medium" if sp >= 0.6 else "low",
                    score=round(sp, 4),
                    spans=(Span(s, e),),
                    explanation=f"{quote(doc.text[s:e])} reads as {label.replace('_', ' ')}: it {what}.",
                    data={"technique": tech, "technique_probability": round(tp, 4)},
                )
            )
        return Analysis(tuple(findings), self._summary(doc, findings), self.models())

    def _summary(self, doc: Document, findings: list[Finding]) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for f in findings:
            counts[f.label] = counts.get(f.label, 0) + 1
        covered = sum(len(s) for f in findings for s in f.spans)
        return {"techniques": counts, "share_of_text": round(covered / max(1, len(doc.text)), 4)}
