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
from unspun.text.tokens import JOINED_WORD

WEIGHTS = "current_head.npz"

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
    n = max(len(JOINED_WORD.findall(canon)), 1)
    ns = max(len(sents), 1)
    lens = [len(JOINED_WORD.findall(canon[a:b])) for a, b in sents] or [0]
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
ERA_CURRENT = "one current chat model (Claude, 2026; other current models not tested)"


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




# -- the shipped head, loaded once -------------------------------------------------------------------------------


def _files() -> tuple[Path, Path] | None:
    from unspun import models

    try:
        return models.path("machine_text", WEIGHTS), models.path("machine_text", "current_head.json")
    except Exception:  # noqa: BLE001 - a package without the head scores with 1.2 alone
        return None


_HEAD: list[tuple[CurrentHead, dict[str, Any]] | None] = []


def load() -> tuple[CurrentHead, dict[str, Any]] | None:
    """The shipped head and its metrics (``current_head.json``), or None when the package has none."""
    if not _HEAD:
        import json

        f = _files()
        _HEAD.append(None if f is None else (CurrentHead.load(f[0]), json.loads(f[1].read_text(encoding="utf-8"))))
    return _HEAD[0]


def sentence_texts(canon: str, sents: list[tuple[int, int]]) -> list[str]:
    """The sentences whose vectors ``features.embedding_vectors`` summarises (the first ``EMB_SENTENCES``)."""
    from unspun.analyzers.machine_text.features import EMB_SENTENCES

    return [canon[a:b] for a, b in sents][:EMB_SENTENCES] or [canon]


def embedding_summary(texts: list[str], known: dict[str, np.ndarray] | None = None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``features.embedding_vectors`` of one text from its ``sentence_texts``, encoding only the sentences not in ``known``.

    Returns the summary (mean and spread of the vectors, 768 numbers) and every sentence's vector.
    """
    from unspun.runtime import embed

    vecs = dict(known or {})
    todo = [t for t in dict.fromkeys(texts) if t not in vecs]
    if todo:
        vecs |= dict(zip(todo, embed.embed(todo), strict=True))
    block = np.array([vecs[t] for t in texts], dtype=np.float64)
    return np.concatenate([block.mean(0), block.std(0)]), vecs


def probability(
    text: str,
    canon: str,
    sents: list[tuple[int, int]],
    feats: dict[str, float],
    emb: np.ndarray,
    known: dict[str, np.ndarray] | None = None,
) -> float | None:
    """The head's calibrated probability of ``text``.

    The head reads the text in its own canonical form (``normalise``: one kind of dash too), the
    form it was trained on; 1.2 keeps the form it was trained on (``features.canonical``: quotes and
    whitespace only). When the two agree (most texts: no dash to change), the head reuses 1.2's
    sentences, style features and sentence vectors (``canon``, ``sents``, ``feats``, ``emb``);
    otherwise it computes its own, encoding only the sentences whose text changed when ``known``
    holds 1.2's sentence vectors (by sentence text), every sentence again without it.
    """
    from unspun.analyzers.machine_text.features import ngrams, sentences, style_features
    from unspun.analyzers.machine_text.normalise import normalise

    got = load()
    if got is None:
        return None
    head, _ = got
    mine = normalise(text)
    if mine != canon:
        canon = mine
        sents = sentences(canon)
        feats = dict(feats) | style_features(canon, sents)  # the language-model features stay those of 1.2's pass
        emb = embedding_summary(sentence_texts(canon, sents), known)[0]
    f = dict(feats) | extra_style_features(canon, sents)
    f["cur_ng_score"] = head.ngram_score(hashfeat.slots(ngrams(canon)))
    f["cur_emb_score"] = head.embedding_score(emb)
    return head.calibrate(head.logit(f))


@dataclass(frozen=True)
class Assessment:
    """What the analyzer says about one body: signals of a kind of generator, or "cannot tell", and why."""

    signals: tuple[str, ...]  # the eras whose head reached its threshold
    verdict: str  # "signals" or "cannot_tell"
    reason: str
    rates: tuple[str, ...]  # each head's measured detection rates, in words
    line: str  # one plain sentence for the summary
    caveat: str = ""  # when the body lies outside what the model was validated on

    def summary(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "reason": self.reason, "detects": list(self.rates), "statement": self.line}


def assess(
    words: int,
    p_old: float,
    t_old: float,
    old_rates: tuple[float | None, float | None],
    p_cur: float | None,
    t_cur: float | None,
    cur_rates: tuple[float | None, float | None],
    low_old: float = 0.5,
    low_cur: float = 0.2,
) -> Assessment:
    """Signals or "cannot tell": never a verdict that a person wrote the text."""
    rates = [rate_text(ERA_OLDER, *old_rates)]
    if p_cur is not None:
        rates.append(rate_text(ERA_CURRENT, *cur_rates))
    lo, hi = VALIDATED_WORDS
    outside = "" if lo <= words <= hi else f"the body has {words} words, outside the {lo}-{hi} words of the texts the model was validated on"
    eras = tuple(e for e, hit in ((ERA_OLDER, p_old >= t_old), (ERA_CURRENT, p_cur is not None and t_cur is not None and p_cur >= t_cur)) if hit)
    if eras:
        line = f"Signals of machine-generated text in the style of {' and '.join(eras)}; " + "; ".join(rates) + "."
        caveat = f"But {outside}, so these rates may not hold." if outside else ""
        return Assessment(eras, "signals", outside or "a detector reached its threshold", tuple(rates), f"{line} {caveat}".strip(), caveat)
    if outside:
        return Assessment((), "cannot_tell", outside, tuple(rates), cannot_tell_text(outside, []))
    uncertain = p_old >= low_old or (p_cur is not None and p_cur >= low_cur)
    reason = (
        "some signals of machine-generated text are present, but not enough to report (the uncertain band)"
        if uncertain
        else "neither detector found the signals it knows"
    )
    return Assessment((), "cannot_tell", reason, tuple(rates), cannot_tell_text(reason, rates))


def model_info() -> Any:
    """ModelInfo of the shipped head (name, version, sha256 of its weights), or None without it."""
    from unspun import models
    from unspun.findings import ModelInfo

    f = _files()
    if f is None:
        return None
    return ModelInfo("unspun-machine-text-current-head", str(models.meta("machine_text").get("version", "0")), models.sha256_of(str(f[0])))


def combined(p_old: float, p_cur: float | None, t_cur: float | None = None) -> float:
    """The analyzer's one score: 1.2's probability, or the head's when the head reaches ``t_cur`` and is higher.

    The head's probability counts only from ``t_cur`` (default :func:`count_threshold`): below it, it
    would reorder the older generators' texts (the head saw none of their machine texts), so no plain maximum.
    """
    if p_cur is None:
        return p_old
    if t_cur is None:
        t_cur = count_threshold()
    return max(p_old, p_cur) if p_cur >= t_cur else p_old


def count_threshold() -> float:
    """The head's probability from which it counts in the one score (``count_threshold`` in ``current_head.json``,
    chosen by ``training/choose_combination.py`` on training data; its flagging threshold when absent)."""
    got = load()
    if got is None:
        return 1.01
    return float(got[1].get("count_threshold", got[1]["threshold"]))


def by_era(p_old: float, p_cur: float | None) -> dict[str, float | None]:
    """Each detector's probability, by the kind of generator it was trained on."""
    return {"older_generators": round(p_old, 4), "current_chat_models": None if p_cur is None else round(p_cur, 4)}


def strong(p_cur: float | None) -> bool:
    """True when the head's probability reaches its "strong" threshold (severity medium)."""
    got = load()
    return bool(got and p_cur is not None and p_cur >= float(got[1].get("strong_threshold", 1.01)))


def current_signal_text(p_cur: float) -> str:
    got = load()
    t = float(got[1]["threshold"]) if got else 0.0
    return (
        f"The body shows the style of text written by current chat models: probability {p_cur:.2f} against a threshold "
        f"of {t:.2f} (its inputs: sentence and punctuation habits, word and character patterns, sentence embeddings)."
    )


def cannot_tell_finding(analyzer: str, a: Assessment) -> Any:
    """An ``info`` finding that says "cannot tell" in plain words (no span: it is about the whole body)."""
    from unspun.findings import Finding

    return Finding(
        analyzer=analyzer,
        label="machine_text_cannot_tell",
        severity="info",
        score=0.5,
        spans=(),
        explanation=a.line,
        data={"verdict": a.verdict, "reason": a.reason, "detects": list(a.rates)},
    )
