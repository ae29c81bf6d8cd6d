"""persuasion: wording in the article's own voice that a propaganda annotator would mark, technique named.

Two linear models over hashed features (``unspun.analyzers.persuasion.model``), trained
on the PTC corpus of SemEval-2020 Task 11 plus the extra articles of SemEval-2023
Task 3, with plain news as negative examples (``training/train_persuasion.py``,
``models/persuasion/CARD.md``):

1. span identification: a per-token probability that the token is part of a
   propaganda span; tokens above the model's thresholds are joined into spans;
2. technique labelling: a 14-way classifier over each span's words and context.

What the analyzer shows is narrower than what the models find, because a benchmark of
propaganda-dense articles is not the pages people check (judged real pages: 6 of 330
findings right before these rules, ``tests/gold/pages``):

- **only the article's own voice.** Words inside quotations (every common style,
  ``unspun.text.quotes``) and the reported part of reported speech ("police said the
  man was ...") are the speaker's, not the article's: spans there are not findings;
  the summary counts them (``in_quotations``);
- **only wording a word-level model can show**: loaded language, name calling and
  exaggeration (a span the classifier puts under another technique, flag-waving say, is
  shown under the likeliest of these three, with the classifier's first choice in
  ``data.model_technique``), and only when the span holds a charged word: an evaluative word
  (adjective, adverb or interjection, ``models/emotive_reference/words.txt``) with a VADER
  valence of 1.5 or more that does not name the subject (``lexicons/emotive_subject.txt``),
  or a sensational phrase (``lexicons/sensational.txt``, less the entries ordinary in prose),
  in a span of at most 20 words.
  Argument-level techniques (doubt, flag-waving, slogans, repetition, ...) are not shown
  on their own: on the judged real pages every one of them was wrong;
- **not** names and titles (spans of capitalised words), body headings and link lines;
- **not** pages that are not news: a page the reader marks ``not_news_article``, or
  first-person writing (a diary, a review, a personal post: more first-person words
  outside quotations than any plain news text in the reference), where opinionated
  wording is the genre.

The models find the wording a trained annotator would mark; they do not judge whether
a claim is true. Scores are model probabilities, not certainties.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np

from unspun import models
from unspun.analyzers import LONG_ARTICLE_CHARS, Analyzer, NotApplicable
from unspun.analyzers.news_prose import require_news_prose
from unspun.analyzers.persuasion.features import TECHNIQUES, Prepared, prepare, valence
from unspun.analyzers.persuasion.model import MODEL, WEIGHTS, PersuasionModel, load
from unspun.document import Document, Span
from unspun.findings import Analysis, Finding, ModelInfo, quote
from unspun.text import lexicons, segment
from unspun.text.quotes import quote_spans, reported_spans

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

#: techniques shown as findings: those a token model marks by their words. The others
#: are argued over sentences; on the judged real pages every one of them was wrong.
SHOWN: frozenset[str] = frozenset({"Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation"})
_SHOWN_INDEX = tuple(i for i, t in enumerate(TECHNIQUES) if t in SHOWN)
#: a longer span is an argument, not a choice of words: in PTC's training articles 99% of
#: loaded-language spans have at most 21 words, name calling 17, exaggeration 26 (95%: 10, 10, 19)
MAX_WORDS = 20

@cache
def _subject() -> frozenset[str]:
    return frozenset(lexicons.load("emotive_subject"))


@dataclass
class Candidate:
    """A span the model marks in the article's own voice, before the reporting rules."""

    start: int
    end: int
    score: float  # the highest token probability in the span (its charged word, as a rule)
    mean: float  # the mean token probability
    technique: str  # the classifier's most likely technique
    technique_probability: float
    charged: tuple[str, ...]  # the charged words in it
    shown: str = ""  # the most likely of the techniques shown (SHOWN)
    shown_probability: float = 0.0
    n_words: int = 0

    @property
    def reportable(self) -> bool:
        """Word-level wording: a charged word in a span of at most MAX_WORDS words."""
        return bool(self.charged) and self.n_words <= MAX_WORDS


@dataclass
class Candidates:
    """What the model marks in a text: own-voice spans, and counts of what it set aside."""

    own: list[Candidate] = field(default_factory=list)
    #: spans decoded from quoted or reported words only (the speakers' wording)
    in_quotations: int = 0
    #: own-voice spans set aside as headings, link lines, or names and titles
    headings_or_names: int = 0


def voice_mask(text: str, p: Prepared, quotes: Iterable[tuple[int, int]] | None = None) -> np.ndarray:
    """True for each token in someone else's words: inside a quotation (``quotes``, the text's quotations
    when the caller has them, else read here) or a reported clause."""
    sents = [(p.toks[a][0], p.toks[b - 1][1]) for a, b in p.sents if b > a]
    other = np.zeros(len(text) + 1, dtype=bool)
    for s, e in [*(quote_spans(text) if quotes is None else quotes), *reported_spans(text, sents)]:
        other[s:e] = True
    starts = np.fromiter((s for s, _ in p.toks), dtype=np.int64, count=len(p.toks))
    return other[starts] if len(starts) else np.zeros(0, dtype=bool)


def _names_only(p: Prepared, a: int, b: int) -> bool:
    """Every word capitalised (a name or a title), unless it is one shouted word or opens its sentence."""
    ws = [p.raw[i] for i in range(a, b) if p.raw[i][0].isalpha()]
    if not ws or not all(w[0].isupper() for w in ws):
        return False
    if all(w.isupper() and len(w) > 1 for w in ws):
        return False  # capitals that shout, not a name
    return len(ws) > 1 or p.sents[p.sent_of[a]][0] != a


def charged_words(p: Prepared, a: int, b: int) -> tuple[str, ...]:
    """Charged words of tokens [a, b): evaluative words (adjectives, adverbs, interjections; the
    emotive reference's ``words.txt``) with a VADER valence of 1.5 or more that do not name the
    subject, and sensational phrases that are not ordinary in prose (as ``emotive_intensity`` counts them)."""
    from unspun.analyzers.emotive_intensity import sensational_in_prose, wording

    val = valence()
    subject = _subject()
    words = wording()
    out = [p.raw[i] for i in range(a, b)
           if p.words[i] in words and p.words[i] not in subject and abs(val.get(p.words[i], 0.0)) >= 1.5]
    if a < b:
        out += [m.group(0) for m in sensational_in_prose(p.text, p.toks[a][0], p.toks[b - 1][1])]
    return tuple(dict.fromkeys(out))


def candidates(doc: Document, model: PersuasionModel) -> Candidates:
    """The model's spans in ``doc`` in the article's own voice (before the score threshold).

    Decoded tighter than for the benchmark: a span extends only over tokens at the model's
    seed probability (not its lower extension threshold, which the benchmark's F1 tunes for
    long gold spans), so a finding quotes the charged words and their neighbours, not a
    whole clause.
    """
    text = doc.text
    p = prepare(text)
    probs = model.token_probs(p)
    other = voice_mask(text, p, [(q.start, q.end) for q in doc.quotations])
    out = Candidates()
    t = max(model.threshold, model.seed)
    out.in_quotations = len(model.spans(p, np.where(other, probs, 0.0), threshold=t))
    heads = segment.heading_lines(text, doc.headline.end + 1)
    head_starts = [s for s, _ in heads]
    for s, e, sp in model.spans(p, np.where(other, 0.0, probs), threshold=t):
        a, b = p.token_range(s, e)
        k = bisect.bisect_right(head_starts, s) - 1
        if (k >= 0 and s < heads[k][1]) or _names_only(p, a, b):
            out.headings_or_names += 1
            continue
        tp = model.technique_probs(p, s, e)
        t = int(tp.argmax())
        k = max(_SHOWN_INDEX, key=lambda i: tp[i])
        peak = float(probs[a:b].max()) if b > a else sp
        n_words = sum(1 for i in range(a, b) if p.raw[i][0].isalnum())
        out.own.append(Candidate(s, e, peak, sp, TECHNIQUES[t], float(tp[t]), charged_words(p, a, b),
                                 TECHNIQUES[k], float(tp[k]), n_words))
    return out


class Persuasion(Analyzer):
    name = "persuasion"
    description = "loaded language, name calling and exaggeration in the article's own voice (SemEval-2020 Task 11 techniques)"
    requires = ("body",)
    max_body_chars = LONG_ARTICLE_CHARS

    def __init__(self, *, min_words: int = 20, min_score: float = 0.6, medium_score: float = 0.8,
                 medium_technique: float = 0.6, min_pattern: int = 3) -> None:
        self.min_words = min_words
        # One or two charged phrases in a news article's own voice are usually apt description
        # ("a horrific explosion"); persuasion is a pattern. Below this many shown spans the
        # low ones are info (judged real pages: 10 of 11 such lone spans were wrong).
        self.min_pattern = min_pattern
        # The model's own span thresholds maximise the benchmark's F1, which pays for recall.
        # On real articles a span is shown only when its strongest token reaches this
        # probability: the lowest at which held-out plain news (127 texts the model never saw)
        # gets at most one finding in 50 articles, every other rule applied (metrics.json,
        # "real_articles", written by training/train_persuasion.py; CARD.md).
        self.min_score = min_score
        # medium only for a strong, clear case: a sure span and a sure technique; never high
        self.medium_score = medium_score
        self.medium_technique = medium_technique

    def models(self) -> tuple[ModelInfo, ...]:
        return (models.info(MODEL, WEIGHTS),)

    def analyse(self, doc: Document) -> Analysis:
        n_words = len(doc.body_text.split())
        if n_words < self.min_words:
            raise NotApplicable(f"the body has {n_words} words; the technique model needs at least {self.min_words}")
        require_news_prose(doc, "loaded wording is judged against news reporting")
        cands = candidates(doc, load())
        findings = []
        not_shown: dict[str, int] = {"no_charged_word": 0, "argument_length": 0, "below_min_score": 0}
        for c in cands.own:
            if c.score < self.min_score:
                not_shown["below_min_score"] += 1
            elif not c.charged:
                not_shown["no_charged_word"] += 1
            elif not c.reportable:
                not_shown["argument_length"] += 1
            else:
                findings.append(self._finding(doc, c))
        if len(findings) < self.min_pattern:
            findings = [f if f.severity != "low" else replace(
                f, severity="info", explanation=f.explanation + f" Fewer than {self.min_pattern} such spans in the article's "
                "own voice: no pattern, shown for reference.") for f in findings]
        summary = self._summary(doc, findings)
        summary["not_shown"] = {"in_quotations": cands.in_quotations, "headings_or_names": cands.headings_or_names,
                                **not_shown}
        return Analysis(tuple(findings), summary, self.models())

    def _finding(self, doc: Document, c: Candidate) -> Finding:
        label, what = PLAIN[c.shown]
        strong = (c.score >= self.medium_score and c.technique == c.shown
                  and c.technique_probability >= self.medium_technique)
        words = ", ".join(quote(w) for w in c.charged[:3])
        return Finding(
            analyzer=self.name,
            label=label,
            severity="medium" if strong else "low",
            score=round(c.score, 4),
            spans=(Span(c.start, c.end),),
            explanation=(
                f"{quote(doc.text[c.start:c.end])}, in the article's own words (not a quotation), reads as "
                f"{label.replace('_', ' ')}: it {what} ({words})."
            ),
            data={"technique": c.shown, "technique_probability": round(c.shown_probability, 4),
                  "model_technique": c.technique, "model_technique_probability": round(c.technique_probability, 4),
                  "charged_words": list(c.charged), "mean_token_probability": round(c.mean, 4), "voice": "article"},
        )

    def _summary(self, doc: Document, findings: list[Finding]) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for f in findings:
            counts[f.label] = counts.get(f.label, 0) + 1
        covered = sum(len(s) for f in findings for s in f.spans)
        return {"techniques": counts, "share_of_text": round(covered / max(1, len(doc.text)), 4)}


__all__ = ["PLAIN", "SHOWN", "Candidate", "Candidates", "Persuasion", "candidates", "voice_mask"]
