"""The current-model head of machine_text (issue 16): text from 2026-era chat models.

machine_text 1.2 was trained on 2019-2023 generators (XSum continuations, GPT-3.5 news)
and ranks news written by a current chat model *below* human news (ROC AUC 0.30 on
the current-model dev split). This head is trained on the current-model set
(``training/data/current_model_news``, ``training/build_current_model_set.py``) and
scores every text alongside 1.2; the analyzer reports both, each with the rate at
which it was shown to detect its own kind of generator.

Inputs (``training/train_current_model_head.py`` chose them by grouped
cross-validation by topic): the style features of 1.2 and a few more habits
(:func:`extra_style_features`), and the stacked scores of a hashed word/character
n-gram regression and of a regression on the sentence-embedding summary
(the same n-grams and MiniLM vectors 1.2 uses, so the head adds no language-model
pass), optionally the language-model statistics, in one logistic regression on
standardised inputs, Platt-calibrated on grouped out-of-fold scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspun.text import hashfeat

WEIGHTS = "current_head.npz"

_SENT_WORD = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|me|my|mine|we|we're|we've|us|our|ours)\b")
_SECOND_PERSON = re.compile(r"\b(?:you|you're|you've|your|yours)\b", re.IGNORECASE)
_NOT_BUT = re.compile(r"\b(?:not (?:just|only|merely|simply)\b[^.]{0,80}\bbut\b|isn't (?:just|about)\b|wasn't (?:just|about)\b)", re.IGNORECASE)

EXTRA_FEATURES: tuple[str, ...] = (
    "st_paren",
    "st_semicolon",
    "st_colon",
    "st_question",
    "st_exclaim",
    "st_dash",
    "st_short_sent",
    "st_long_sent",
    "st_first_person",
    "st_second_person",
    "st_not_but",
)

DESCRIPTIONS: dict[str, str] = {
    "st_paren": "parentheses",
    "st_semicolon": "semicolons",
    "st_colon": "colons",
    "st_question": "questions",
    "st_exclaim": "exclamation marks",
    "st_dash": "dashes between clauses",
    "st_short_sent": "very short sentences",
    "st_long_sent": "long sentences",
    "st_first_person": "first-person words",
    "st_second_person": "words addressing the reader",
    "st_not_but": "'not just X but Y' constructions",
}


def extra_style_features(canon: str, sents: list[tuple[int, int]]) -> dict[str, float]:
    """Punctuation and sentence habits of a canonical text, per word or per sentence."""
    n = max(len(_SENT_WORD.findall(canon)), 1)
    ns = max(len(sents), 1)
    lens = [len(_SENT_WORD.findall(canon[a:b])) for a, b in sents] or [0]
    return {
        "st_paren": 100.0 * canon.count("(") / n,
        "st_semicolon": 100.0 * canon.count(";") / n,
        "st_colon": 100.0 * canon.count(":") / n,
        "st_question": canon.count("?") / ns,
        "st_exclaim": canon.count("!") / ns,
        "st_dash": 100.0 * canon.count(" - ") / n,
        "st_short_sent": sum(x <= 8 for x in lens) / ns,
        "st_long_sent": sum(x >= 30 for x in lens) / ns,
        "st_first_person": 100.0 * len(_FIRST_PERSON.findall(canon)) / n,
        "st_second_person": 100.0 * len(_SECOND_PERSON.findall(canon)) / n,
        "st_not_but": 100.0 * len(_NOT_BUT.findall(canon)) / n,
    }


@dataclass(frozen=True)
class CurrentHead:
    """logit = intercept + coef . ((x - mean) / scale), x the named inputs; probability = Platt(logit)."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    platt: tuple[float, float]
    ng_vocab: hashfeat.Vocab
    ng_coef: np.ndarray
    ng_intercept: float
    emb: tuple[np.ndarray, np.ndarray, np.ndarray, float]

    @classmethod
    def load(cls, file: str | Path) -> CurrentHead:
        with np.load(file) as z:
            return cls(
                names=tuple(str(n) for n in z["names"]),
                mean=z["mean"].astype(np.float64),
                scale=z["scale"].astype(np.float64),
                coef=z["coef"].astype(np.float64),
                intercept=float(z["intercept"][0]),
                platt=(float(z["platt"][0]), float(z["platt"][1])),
                ng_vocab=hashfeat.load_vocab(z, "ng"),
                ng_coef=z["ng_coef"].astype(np.float64),
                ng_intercept=float(z["ng_intercept"][0]),
                emb=(z["emb_mean"].astype(np.float64), z["emb_scale"].astype(np.float64), z["emb_coef"].astype(np.float64), float(z["emb_intercept"][0])),
            )

    def ngram_score(self, hashed: list[int]) -> float:
        cols, vals = hashfeat.tfidf_row(self.ng_vocab, hashed)
        return float(self.ng_intercept + (vals * self.ng_coef[cols]).sum())

    def embedding_score(self, vec: np.ndarray) -> float:
        mean, scale, coef, icpt = self.emb
        return float(((vec - mean) / scale) @ coef + icpt)

    def logit(self, feats: dict[str, Any]) -> float:
        x = np.array([float(feats[n]) for n in self.names])
        return float(self.intercept + ((x - self.mean) / self.scale) @ self.coef)

    def contributions(self, feats: dict[str, Any]) -> dict[str, float]:
        """Each input's term in the logit, relative to the training mean."""
        x = np.array([float(feats[n]) for n in self.names])
        return dict(zip(self.names, (((x - self.mean) / self.scale) * self.coef).tolist(), strict=True))

    def calibrate(self, logit: float) -> float:
        a, b = self.platt
        return 1.0 / (1.0 + float(np.exp(-(a * logit + b))))


# -- what the analyzer says -----------------------------------------------------------------------------------

#: the body lengths (words) the model was validated on: the current-model set's texts run 148-1,230 words
VALIDATED_WORDS = (150, 1250)
#: which kinds of generator each head was shown to detect (names used in the finding and the summary)
ERA_OLDER = "older generators (GPT-2 to GPT-4, 2019-2023)"
ERA_CURRENT = "current chat models (2026)"


def rate_text(era: str, tpr: float | None, fpr: float | None) -> str:
    """How often this head flagged machine and human texts it never saw, in words."""
    if tpr is None or fpr is None:
        return f"for {era} the detection rate was not measured"
    return f"for {era} it flagged {100 * tpr:.0f}% of held-out machine-written texts and {100 * fpr:.1f}% of human-written ones"


def cannot_tell_text(reason: str, rates: list[str]) -> str:
    """The plain 'cannot tell' sentence: never a verdict of human writing."""
    return (
        f"Cannot tell whether the body was written by a person or generated by a language model: {reason}. "
        + (f"At its threshold, {'; '.join(rates)}. " if rates else "")
        + "A text without these signals may still be machine-written: a low score is not evidence that a person wrote it."
    )


def below_threshold_reason(p: float, threshold: float, low: float) -> str:
    if p >= low:
        return "some signals of machine-generated text are present, but not enough to report (the uncertain band)"
    return "the signals the model knows are absent"
