"""`unspun eval machine-text FILE.csv`: the machine-text model on labelled texts.

FILE.csv has columns ``text,label`` (1 machine-generated, 0 human-written) and
optionally ``generator`` (the model that wrote a machine text; ``human`` or empty
for human texts) and any of ``group``, ``voice``, ``genre`` (for example the
current-model dev split's writer, ``plain``/``human`` prompt voice and genre):
for each such column, ``per_<column>`` gives the ROC AUC of each value's machine
texts against all human texts, and ``human_fpr_by_<column>`` the false-positive
rate at the default threshold of each value's human texts (such as a source). Every text is scored by the model behind the ``machine_text``
analyzer (the same canonical form, language-model pass and combiner), whatever
its length; ``n_short`` counts the texts the analyzer itself would not judge
(under its minimum length).

Reports ROC AUC overall and per generator (that generator's texts against all
human texts), the true-positive rate at 1% and 5% false-positive rate, and the
false-positive rate on human texts and the true-positive rate at the model's
default threshold (and the human false-positive rate at its "strong" threshold).
Like the analyzer in a check, the eval reads at most the first ``max_body_chars`` (20,000)
characters of a text, cut at a sentence end (``Document.head_of_body``).
A file of human texts only is a false-positive check on the user's own writing:
the rates on human texts are reported, the measures that need machine texts are
``null``. ``--lm-cache DIR`` reuses per-token statistics that
``python -m training.lm_cache`` stored (same model file, same token cap), so a large set
need not be run through the language model twice.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from unspun.eval import emit, read_labelled_csv

_EXPECTED = (
    "a UTF-8 CSV file with columns text,label (label 1 = machine-generated, 0 = human-written) "
    "and optionally generator, with rows of both labels or human texts only (a false-positive check)"
)


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="machine-text model on a text,label[,generator] CSV")
    p.add_argument("file", metavar="FILE.csv", help="CSV with columns text,label (1 = machine) and optional generator")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--lm-cache", metavar="DIR", default=None, help="reuse cached language-model statistics from DIR")
    p.set_defaults(eval_func=run)


#: optional columns reported value by value (``per_<column>``, ``human_fpr_by_<column>``)
GROUP_COLUMNS = ("group", "voice", "genre")


def read(path: Path) -> tuple[list[str], list[int], list[str], dict[str, list[str]]]:
    rows = read_labelled_csv(path, "text", _EXPECTED, need=("0",))
    gens = [(r.get("generator") or "").strip() or "unknown" if r["label"] == "1" else "human" for r in rows]
    cols = {c: [(r.get(c) or "").strip() for r in rows] for c in GROUP_COLUMNS if rows and c in rows[0]}
    return [r["text"] for r in rows], [int(r["label"]) for r in rows], gens, cols


def by_column(probs: list[float], labels: list[int], values: list[str], flags: list[bool]) -> tuple[dict[str, float], dict[str, float]]:
    """Per value: ROC AUC of its machine texts against all human texts; share of its human texts flagged."""
    from unspun.eval.clickbait import roc_auc

    auc: dict[str, float] = {}
    fpr: dict[str, float] = {}
    for v in sorted({v for v in values if v}):
        pos = [i for i in range(len(probs)) if labels[i] == 1 and values[i] == v]
        neg = [i for i in range(len(probs)) if labels[i] == 0]
        if pos and neg:
            sel = pos + neg
            auc[v] = round(roc_auc([probs[i] for i in sel], [labels[i] for i in sel]), 4)
        mine = [flags[i] for i in range(len(probs)) if labels[i] == 0 and values[i] == v]
        if mine:
            fpr[v] = round(sum(mine) / len(mine), 4)
    return auc, fpr


def auc_interval(probs: list[float], labels: list[int], reps: int = 1000, seed: int = 2025) -> list[float] | None:
    """A 95% bootstrap interval of the ROC AUC (machine and human texts resampled separately)."""
    import random

    from unspun.eval.clickbait import roc_auc

    pos = [p for p, y in zip(probs, labels, strict=True) if y == 1]
    neg = [p for p, y in zip(probs, labels, strict=True) if y == 0]
    if not pos or not neg:
        return None
    rng = random.Random(seed)
    vals = sorted(
        roc_auc(bp + bn, [1] * len(bp) + [0] * len(bn))
        for bp, bn in ((rng.choices(pos, k=len(pos)), rng.choices(neg, k=len(neg))) for _ in range(reps))
    )
    return [round(vals[int(0.025 * reps)], 4), round(vals[int(0.975 * reps) - 1], 4)]


def tpr_at_fpr(scores: list[float], labels: list[int], fpr: float) -> float:
    """Share of machine texts above the lowest threshold that flags at most ``fpr`` of the human texts."""
    neg = sorted((s for s, y in zip(scores, labels, strict=True) if y == 0), reverse=True)
    k = int(fpr * len(neg))  # this many human texts may score above the threshold
    thr = neg[k] if k < len(neg) else float("-inf")
    pos = [s for s, y in zip(scores, labels, strict=True) if y == 1]
    return sum(s > thr for s in pos) / len(pos)


def score(texts: list[str], lm_cache: str | None = None) -> list[float]:
    """The analyzer's score of each text (``current.combined``: the head's probability counts at its threshold)."""
    from unspun.analyzers.machine_text import current

    return [current.combined(a, b) for a, b in score_both(texts, lm_cache)]


def head_of_text(text: str) -> str:
    """The part of ``text`` the analyzer reads in a check: at most ``max_body_chars``, cut at a sentence end."""
    from unspun.analyzers.machine_text.analyzer import MachineText
    from unspun.document import Document

    cap = MachineText.max_body_chars
    if cap is None or len(text) <= cap:
        return text
    return Document.from_parts("", text).head_of_body(cap).body_text


def score_both(texts: list[str], lm_cache: str | None = None) -> list[tuple[float, float | None]]:
    """Each text's probabilities from the older-generator model (1.2) and the current-model head (None without it)."""
    from unspun.analyzers.machine_text import current, model
    from unspun.analyzers.machine_text.features import canonical, scorable, sentences
    from unspun.runtime import lm

    m = model.load()
    tag = lm.model_tag() if lm_cache else ""
    out: list[tuple[float, float | None]] = []
    for t in map(head_of_text, texts):
        canon = canonical(t)[0]
        stats = lm.cache_load(Path(lm_cache), canon, tag, m.max_tokens) if lm_cache else None
        if stats is None:
            stats = lm.stats_dict(lm.token_stats(canon, max_tokens=m.max_tokens))
        if not scorable(len(stats["logp"])):
            out.append((0.0, None))  # too short to score: never flagged (n_short reports such texts)
            continue
        sents = sentences(canon)
        emb, known = current.embedding_summary(current.sentence_texts(canon, sents))  # as the analyzer (model.score)
        feats = m.features(canon, stats, emb)
        out.append((m.calibrate(m.logit(m.vector(feats))), current.probability(t, canon, sents, feats, emb, known)))
    return out


def evaluate(texts: list[str], labels: list[int], gens: list[str], cols: dict[str, list[str]] | None = None, lm_cache: str | None = None) -> dict[str, Any]:
    from unspun.analyzers.machine_text import current
    from unspun.analyzers.machine_text.analyzer import MachineText, count_words, strong_threshold
    from unspun.eval.clickbait import roc_auc

    both = score_both(texts, lm_cache)
    probs = [current.combined(a, b) for a, b in both]
    threshold = MachineText.DEFAULT_THRESHOLD
    head = current.load()
    t_cur = float(head[1]["threshold"]) if head else None
    # flagged as the analyzer flags: either detector at or above its own threshold
    flags = [a >= threshold or (b is not None and t_cur is not None and b >= t_cur) for a, b in both]
    per: dict[str, float] = {}
    for g in sorted({g for g, y in zip(gens, labels, strict=True) if y == 1}):
        sel = [i for i in range(len(texts)) if labels[i] == 0 or gens[i] == g]
        per[g] = round(roc_auc([probs[i] for i in sel], [labels[i] for i in sel]), 4)
    human = [p for p, y in zip(probs, labels, strict=True) if y == 0]
    machine = [p for p, y in zip(probs, labels, strict=True) if y == 1]
    human_flags = [f for f, y in zip(flags, labels, strict=True) if y == 0]
    machine_flags = [f for f, y in zip(flags, labels, strict=True) if y == 1]
    by_detector: dict[str, float | None] = {}
    if machine:
        by_detector["older_generators"] = round(roc_auc([a for a, _ in both], labels), 4)
        if head:
            by_detector["current_chat_models"] = round(roc_auc([b or 0.0 for _, b in both], labels), 4)
    strong = strong_threshold()
    s_cur = float(head[1].get("strong_threshold", 1.01)) if head else 1.01
    groups: dict[str, Any] = {}
    for c, values in (cols or {}).items():
        groups[f"per_{c}"], groups[f"human_fpr_by_{c}"] = by_column(probs, labels, values, flags)
    return {
        "n": len(texts),
        "n_human": len(human),
        "n_machine": len(machine),
        "n_short": sum(count_words(t) < MachineText().min_words for t in texts),
        "roc_auc": round(roc_auc(probs, labels), 4) if machine else None,
        "roc_auc_ci95": auc_interval(probs, labels) if machine else None,
        "per_generator": per,
        "tpr_at_fpr": {"0.01": round(tpr_at_fpr(probs, labels, 0.01), 4), "0.05": round(tpr_at_fpr(probs, labels, 0.05), 4)} if machine else None,
        "roc_auc_by_detector": by_detector,
        "threshold": threshold,
        "current_threshold": t_cur,
        "human_fpr_at_threshold": round(sum(human_flags) / len(human), 4),
        "tpr_at_threshold": round(sum(machine_flags) / len(machine), 4) if machine else None,
        "strong_threshold": strong,
        "human_fpr_at_strong_threshold": round(
            sum(y == 0 and (a >= strong or (b is not None and b >= s_cur)) for (a, b), y in zip(both, labels, strict=True)) / len(human), 4
        ),
        **groups,
    }


def run(a: argparse.Namespace) -> int:
    texts, labels, gens, cols = read(Path(a.file))
    r = evaluate(texts, labels, gens, cols, lm_cache=a.lm_cache)
    lines = [f"machine-text on {a.file}: {r['n']} texts ({r['n_human']} human, {r['n_machine']} machine; {r['n_short']} under the analyzer's minimum length)"]
    if r["n_machine"]:
        lines += [
            f"  ROC AUC {r['roc_auc']:.4f} (95% bootstrap interval {r['roc_auc_ci95'][0]:.4f}-{r['roc_auc_ci95'][1]:.4f})",
            *(f"    {g:28s} {v:.4f}" for g, v in r["per_generator"].items()),
            *(f"    {c} {g:22s} {v:.4f}" for c in GROUP_COLUMNS for g, v in r.get(f"per_{c}", {}).items()),
            f"  true-positive rate at 1% FPR {r['tpr_at_fpr']['0.01']:.4f}, at 5% FPR {r['tpr_at_fpr']['0.05']:.4f}",
            f"  at the default threshold {r['threshold']:.2f}: false-positive rate on human texts {r['human_fpr_at_threshold']:.4f}, "
            f"true-positive rate {r['tpr_at_threshold']:.4f}",
        ]
    else:
        lines += [
            "  human texts only (a false-positive check): no ROC AUC or true-positive rate",
            f"  at the default threshold {r['threshold']:.2f}: false-positive rate {r['human_fpr_at_threshold']:.4f}",
        ]
    lines.append(f"  at the strong threshold {r['strong_threshold']:.2f}: false-positive rate on human texts {r['human_fpr_at_strong_threshold']:.4f}")
    for c in GROUP_COLUMNS:
        if r.get(f"human_fpr_by_{c}"):
            lines.append(f"  false-positive rate at the default threshold by {c}: "
                         + ", ".join(f"{g} {v:.4f}" for g, v in r[f"human_fpr_by_{c}"].items()))
    return emit(r, a.json, lines)
