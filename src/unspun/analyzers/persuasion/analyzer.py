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

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspun import models
from unspun.analyzers import Analyzer, NotApplicable
from unspun.analyzers.persuasion.features import STOP, TECHNIQUES, Prepared, prepare, span_features, token_features
from unspun.document import Document, Span
from unspun.findings import Analysis, Finding, ModelInfo, quote
from unspun.text import hashfeat

MODEL = "persuasion"
WEIGHTS = "weights.npz"

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


@dataclass(frozen=True)
class PersuasionModel:
    si_vocab: hashfeat.Vocab
    si_coef: np.ndarray
    si_intercept: float
    threshold: float
    max_gap: int
    tc_vocab: hashfeat.Vocab
    tc_coef: np.ndarray  # (n_techniques, n_features)
    tc_intercept: np.ndarray
    #: hysteresis: a span is kept only if one of its tokens reaches this probability
    #: (``threshold`` only extends it); tuned with the threshold by cross-validation
    seed: float = 0.0

    @classmethod
    def load(cls, file: str | Path) -> PersuasionModel:
        with np.load(file) as z:
            return cls(
                hashfeat.load_vocab(z, "si"),
                z["si_coef"].astype(np.float32),
                float(z["si_intercept"][0]),
                float(z["si_threshold"][0]),
                int(z["si_max_gap"][0]),
                hashfeat.load_vocab(z, "tc"),
                z["tc_coef"].astype(np.float32),
                z["tc_intercept"].astype(np.float32),
                float(z["si_seed"][0]) if "si_seed" in z.files else 0.0,
            )

    def token_probs(self, p: Prepared) -> np.ndarray:
        feats = token_features(p)
        if not feats:
            return np.zeros(0)
        lens = np.fromiter((len(f) for f in feats), dtype=np.int64, count=len(feats))
        flat = [x for f in feats for x in f]
        cols = self.si_vocab.lookup(hashfeat.slots(flat))
        w = np.where(cols >= 0, self.si_coef[np.maximum(cols, 0)], 0.0)
        offsets = np.concatenate(([0], np.cumsum(lens)[:-1]))
        z = np.add.reduceat(w, offsets) + self.si_intercept
        return 1.0 / (1.0 + np.exp(-z))

    def spans(
        self, p: Prepared, probs: np.ndarray, threshold: float | None = None, seed: float | None = None
    ) -> list[tuple[int, int, float]]:
        """Join tokens at or above the threshold into spans ``(start, end, mean probability)``.

        Hysteresis decoding: runs of tokens at or above ``threshold`` (bridging gaps of
        up to ``max_gap``) become spans only when one of their tokens reaches ``seed``;
        a low extension threshold finds whole phrases, a higher seed keeps scattered
        weak tokens out (CV F1 on the training articles 0.3735 against 0.357 with one
        threshold, see CARD.md).
        """
        t = self.threshold if threshold is None else threshold
        sd = max(t, self.seed if seed is None else seed)
        out: list[tuple[int, int, float]] = []
        for a, b in p.sents:
            i = a
            while i < b:
                if probs[i] < t:
                    i += 1
                    continue
                j = i + 1
                while j < b:
                    if probs[j] >= t:
                        j += 1
                        continue
                    # bridge a gap of up to max_gap tokens before another hit
                    k = j
                    while k < b and k - j < self.max_gap and probs[k] < t:
                        k += 1
                    if k < b and k - j <= self.max_gap and probs[k] >= t:
                        j = k
                        continue
                    break
                s_i, e_i = i, j
                while s_i < e_i and not p.raw[s_i][0].isalnum():
                    s_i += 1
                while e_i > s_i and not p.raw[e_i - 1][0].isalnum():
                    e_i -= 1
                if e_i > s_i and probs[s_i:e_i].max() >= sd and any(w not in STOP for w in p.words[s_i:e_i]):
                    out.append((p.toks[s_i][0], p.toks[e_i - 1][1], float(probs[s_i:e_i].mean())))
                i = j
        return out

    def technique_probs(self, p: Prepared, s: int, e: int) -> np.ndarray:
        cols = self.tc_vocab.lookup(hashfeat.slots(span_features(p, s, e)))
        cols = cols[cols >= 0]
        z = self.tc_intercept + self.tc_coef[:, cols].sum(axis=1)
        z = z - z.max()
        ez = np.exp(z)
        return np.asarray(ez / ez.sum())

    def analyse(self, text: str) -> list[tuple[int, int, float, str, float]]:
        """Spans ``(start, end, span probability, technique, technique probability)`` in ``text``."""
        p = prepare(text)
        out = []
        for s, e, sp in self.spans(p, self.token_probs(p)):
            tp = self.technique_probs(p, s, e)
            k = int(tp.argmax())
            out.append((s, e, sp, TECHNIQUES[k], float(tp[k])))
        return out


@lru_cache(maxsize=1)
def load_model() -> PersuasionModel:
    return PersuasionModel.load(models.path(MODEL, WEIGHTS))


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
        for s, e, sp, tech, tp in load_model().analyse(doc.text):
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
