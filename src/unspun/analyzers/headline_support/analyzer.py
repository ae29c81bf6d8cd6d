"""headline_support: which headline claims does the body actually back?

The headline is split into claims (:mod:`unspun.analyzers.headline_support.claims`; site names,
bylines, dates and section labels of a page title are not claims, and are named in the summary).
For each claim:

1. the explicit checks of :mod:`unspun.analyzers.headline_support.checks` (numbers, names,
   dates, certainty, quantifiers), :mod:`.negation`, :mod:`.roles` (another doer) and :mod:`.who_did_what`
   (opposite words, swapped roles, on the claim's structure) look for a mismatch a reader can verify,
   quoting the headline's words and the body's;
2. the learned stance model (:mod:`unspun.analyzers.headline_support.stance`, trained on FNC-1) reads the
   claim against the body: agree / disagree / discuss / unrelated;
3. word coverage and the closest sentence's similarity say whether the body backs it, by the
   analyzer's own thresholds (:mod:`.evidence`).

Verdict per claim, first rule that applies: a check that shows a contradiction
-> ``contradicted``; a check that shows an overstatement -> ``overstated``; a claim under
the thresholds, or read as unrelated with few of its words in the body -> ``unsupported``;
the model reads the body as disputing a claim that asserts something -> ``contradicted``
(unless the body restates it and disputes nothing); else ``supported``.

Severity follows the evidence: HIGH only from a check that quotes words on both sides, in a
body sentence about the same thing; a model alone is at most MEDIUM and says "no specific
check confirms it"; missing words (``unsupported``) are at most MEDIUM, LOW when the signals
disagree (see ``docs/headline-support.md``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from unspun.analyzers import Analyzer, NotApplicable
from unspun.analyzers.headline_support import checks, stance
from unspun.analyzers.headline_support import claims as claims_mod
from unspun.analyzers.headline_support.context import Context, join_quoted
from unspun.analyzers.headline_support.evidence import (
    asserts,
    disputes_anything,
    disputing,
    restates,
    same_event,
    word_coverage,
)
from unspun.document import Document, Span
from unspun.findings import Analysis, Finding, ModelInfo, Severity, quote
from unspun.runtime import blas

#: the most each verdict can weigh. HIGH needs a named check (numbers, entities and roles, dates,
#: negation) that quotes the headline's words and the body's; a verdict from a model alone (stance,
#: NLI) or from missing words (unsupported) is at most MEDIUM, LOW when the signals disagree.
SEVERITY: dict[str, Severity] = {"contradicted": "high", "unsupported": "medium", "overstated": "medium", "supported": "info"}
#: verdicts in the order the overall headline verdict prefers them
OVERALL_ORDER = ("contradicted", "overstated", "unsupported", "supported")


@lru_cache(maxsize=1)
def _model_info() -> ModelInfo:
    from unspun import models

    return models.info(stance.MODEL_NAME, stance.WEIGHTS)


class HeadlineSupport(Analyzer):
    name = "headline_support"
    description = "Splits the headline into claims and says, claim by claim, whether the body backs, contradicts or hedges it"
    requires = ("headline", "body")
    env_params = {"nli_model": "UNSPUN_NLI_MODEL"}

    def __init__(
        self,
        *,
        unrelated_threshold: float = 0.5,
        min_coverage: float = 0.5,
        min_similarity: float = 0.5,
        nli_model: str | None = None,
    ) -> None:
        # 0.5 is the model's own decision boundary (argmax of a calibrated softmax);
        # coverage 0.5 = "at least half of the claim's weighted content words occur in the body";
        # similarity 0.5 = MiniLM cosine above which a body sentence restates the claim rather than
        # sharing its topic (see the similarity quantiles of FNC-1 dev pairs in the model card).
        self.unrelated_threshold = unrelated_threshold
        self.min_coverage = min_coverage
        self.min_similarity = min_similarity
        # An NLI cross-encoder folder on disk (optional; see unspun.analyzers.headline_support.nli). None: $UNSPUN_NLI_MODEL if set.
        self.nli_model = nli_model
        #: a stance model to use instead of the shipped one (evaluation of a retrained model)
        self.stance_model: stance.StanceModel | None = None

    def models(self) -> tuple[ModelInfo, ...]:
        """The stance head, MiniLM and the spaCy parser, and the NLI cross-encoder when one is configured."""
        from unspun.analyzers.headline_support import nli
        from unspun.runtime import embed, nlp

        out: list[ModelInfo] = []
        try:
            out += [_model_info(), embed.model_info(), nlp.info()]
        except Exception:  # the report still says which analyzer ran; a missing model is reported as an error
            pass
        folder = self.nli_model or nli.configured()
        if folder:
            out.append(nli.model_info(folder))
        return tuple(out)

    def analyse(self, doc: Document) -> Analysis:
        # One article is small work: BLAS threads cost more than they give (see unspun.runtime.blas).
        with blas.single_thread():
            findings, dropped = self._run(doc)
        return Analysis(tuple(findings), self._summary(doc, findings, dropped), self.models())

    def _run(self, doc: Document) -> tuple[list[Finding], list[tuple[Span, str]]]:
        if not doc.has_body or not doc.sentences:
            raise NotApplicable("the article has no body to compare the headline with")
        spans, dropped = claims_mod.headline_pieces(doc)
        if not spans:
            if dropped:
                raise NotApplicable(
                    "the headline has no claim to check: "
                    + "; ".join(f"{quote(doc.span_text(sp))} is {'an' if why[0] in 'aeiou' else 'a'} {why}" for sp, why in dropped)
                )
            raise NotApplicable("the headline has no words to check")
        model = self.stance_model or stance.load()
        vocab = model.vocab
        sent_texts = doc.sentence_texts()
        sent_toks = [stance.tokens(s) for s in sent_texts]
        body_toks = [t for st in sent_toks for t in st]
        body_tf = vocab.tf(body_toks)
        claim_texts = [doc.span_text(s) for s in spans]
        claim_toks = [stance.tokens(c) for c in claim_texts]
        cands = [stance.candidates(vocab, ct, sent_toks) for ct in claim_toks]
        # One batched embedding call: the claims and the union of candidate sentences (and the headline, which
        # clickbait reads: see Document.vectors).
        needed = sorted({i for c in cands for i in c})
        from unspun.runtime import embed

        vecs = doc.vectors([*spans, *(doc.sentences[i] for i in needed)], max_tokens=stance.EMBED_TOKENS)
        claim_vecs = vecs[: len(spans)]
        sent_vec = {i: vecs[len(spans) + j] for j, i in enumerate(needed)}
        rows = [
            stance.features(vocab, ct, body_toks, body_tf, cv, np.stack([sent_vec[i] for i in c]) if c else np.zeros((0, embed.DIM), np.float32))
            for ct, cv, c in zip(claim_toks, claim_vecs, cands, strict=True)
        ]
        probs = model.predict_proba(np.stack(rows))
        sims = [{i: float(sent_vec[i] @ cv) for i in c} for cv, c in zip(claim_vecs, cands, strict=True)]
        nli_p = self._nli(sent_texts, claim_texts, sims)
        shared: dict[str, Any] = {}
        ctxs = [Context.build(doc, span, shared) for span in spans]
        bests = [max(sm, key=lambda i: sm[i]) if sm else None for sm in sims]
        checks.prepare(ctxs, bests, [sm[b] if b is not None else 0.0 for sm, b in zip(sims, bests, strict=True)])
        findings = [
            self._judge(ctx, n, p, sm, vocab, nli_p[n] if nli_p else None)
            for n, (ctx, p, sm) in enumerate(zip(ctxs, probs, sims, strict=True))
        ]
        return findings, dropped

    def _nli(self, sent_texts: list[str], claim_texts: list[str], sims: list[dict[int, float]]) -> list[dict[str, float]] | None:
        """Entailment/contradiction of each claim by its two closest body sentences (best of the two)."""
        from unspun.analyzers.headline_support import nli

        folder = self.nli_model or nli.configured()
        if not folder:
            return None
        model = nli.load(folder)
        pairs = [(n, i) for n, sm in enumerate(sims) for i in sorted(sm, key=lambda i: -sm[i])[:2]]
        p = model.predict([sent_texts[i] for _, i in pairs], [claim_texts[n] for n, _ in pairs])
        out = [{"entailment": 0.0, "contradiction": 0.0, "neutral": 0.0} for _ in claim_texts]
        for (n, _), row in zip(pairs, p, strict=True):
            for lab, x in zip(nli.NLI_LABELS, row, strict=True):
                out[n][lab] = max(out[n][lab], round(float(x), 4))
        return out

    def _judge(
        self,
        ctx: Context,
        n: int,
        p: np.ndarray,
        sims: dict[int, float],
        vocab: stance.Vocab,
        nli_p: dict[str, float] | None = None,
    ) -> Finding:
        doc, span = ctx.doc, ctx.claim
        ranked = sorted(sims, key=lambda i: -sims[i])
        best = ranked[0] if ranked else None
        top_sim = sims[best] if best is not None else 0.0
        mismatches = checks.run_all(ctx, best, top_sim)
        coverage, missing = word_coverage(ctx, vocab)
        stance_p = {lab: round(float(x), 4) for lab, x in zip(stance.LABELS, p, strict=True)}
        related = 1.0 - stance_p["unrelated"]
        claim_q = quote(ctx.claim_text)
        by = {v: [m for m in mismatches if m.verdict == v] for v in ("contradicted", "overstated", "absent")}
        # A claim is backed only if the body uses most of its words or has a sentence that
        # restates it: the analyzer's own thresholds. The model was trained on whole headlines:
        # for a claim cut from a headline it mostly says whether the claim shares the story's
        # topic, so its "agree" alone does not back a claim.
        grounded = coverage >= self.min_coverage or top_sim >= self.min_similarity
        evidence: tuple[Span, ...]
        severity: Severity
        # A body about something else can neither contradict nor hedge the claim.
        on_topic = grounded or related >= self.unrelated_threshold
        if on_topic and (by["contradicted"] or by["overstated"]):
            verdict = "contradicted" if by["contradicted"] else "overstated"
            ms = by[verdict]
            reasons = "; ".join(f"{m.check} check: {m.reason}" for m in ms)
            if verdict == "contradicted":
                explanation = f"The body contradicts the headline claim {claim_q}: {reasons}."
                # HIGH only when the check quotes words on both sides (the headline's and the body's),
                # in a body sentence about the same thing.
                severity = "high" if any(m.firm and m.both_sides and same_event(ctx, m) for m in ms) else "medium"
                if severity == "medium":
                    said = next((m.loose for m in ms if m.loose), "")
                    loose = "a different year alone" if all(not m.firm for m in ms) else "the sentence it rests on shares few of the claim's other words"
                    explanation += f" Medium, not high: {said}." if said else f" Medium, not high: {loose} is loose evidence."
            else:
                explanation = f"The headline claim {claim_q} overstates what the body says: {reasons}."
                severity = "medium"
            evidence = _dedupe([s for m in ms for s in m.evidence])
            score = max(m.strength for m in ms)
            basis = "check"
        elif nli_p and nli_p["contradiction"] >= 0.5 and nli_p["contradiction"] > nli_p["entailment"] and grounded:
            verdict, severity, basis = "contradicted", "medium", "nli model"
            explanation = (
                f"The body may contradict the headline claim {claim_q}: the NLI model reads its closest sentence as "
                f"contradicting it (p={nli_p['contradiction']:.2f}); no specific check confirms it."
            )
            evidence = tuple(doc.sentences[i] for i in ranked[:1])
            score = nli_p["contradiction"]
        elif nli_p and nli_p["entailment"] >= 0.5 and grounded:
            verdict, severity, basis = "supported", "info", "nli model"
            explanation = f"The body backs the headline claim {claim_q}: the NLI model reads its closest sentence as entailing it (p={nli_p['entailment']:.2f})."
            evidence = tuple(doc.sentences[i] for i in ranked[:1])
            score = nli_p["entailment"]
        elif not grounded or related < self.unrelated_threshold and coverage < self.min_coverage:
            verdict, basis = "unsupported", "coverage"
            why = [f"{m.check} check: {m.reason}" for m in by["absent"]]
            if not by["absent"] and missing:
                why.append("the body never mentions " + join_quoted(missing[:4]))
            if related < self.unrelated_threshold:
                why.append(f"the stance model reads the body as unrelated to it (p={stance_p['unrelated']:.2f})")
            if not grounded or related >= self.unrelated_threshold:
                why.append(
                    f"only {coverage:.0%} of its key words occur in the body and no sentence restates it "
                    f"(best similarity {top_sim:.2f}; the analyzer wants {self.min_coverage:.0%} or {self.min_similarity:.2f})"
                )
            # Signals that disagree make it a weak finding: the model reads the body as backing
            # the claim, or a sentence comes close to restating it.
            conflict = []
            if stance_p["agree"] >= 0.5:
                conflict.append(f"the stance model reads the body as agreeing (p={stance_p['agree']:.2f})")
            if top_sim >= self.min_similarity:
                conflict.append(f"its closest sentence has similarity {top_sim:.2f}")
            severity = "low" if conflict else "medium"
            explanation = f"Nothing in the body backs the headline claim {claim_q}: " + "; ".join(why) + "."
            if conflict:
                explanation = explanation[:-1] + f"; low confidence: {' and '.join(conflict)}."
            evidence = ()
            score = max(stance_p["unrelated"], 1.0 - coverage, 1.0 - top_sim)
            if conflict:
                score = min(score, 0.5)
        elif stance_p["disagree"] == max(stance_p[k] for k in ("agree", "disagree", "discuss")) and stance_p["disagree"] >= 0.5 and asserts(ctx):
            dispute = disputing(ctx, ranked)
            if dispute is None and not disputes_anything(ctx) and restates(ctx, best, top_sim):
                # A body that disputes a claim says so in words; this one restates the claim and
                # never denies, doubts or debunks anything: the model's reading has nothing to rest on.
                verdict, severity, basis = "supported", "info", "restated"
                explanation = (
                    f"The body backs the headline claim {claim_q}: its closest sentence restates it (similarity {top_sim:.2f}) "
                    f"and the body disputes nothing; the stance model reads it as disagreeing (p={stance_p['disagree']:.2f}), "
                    "but no specific check confirms that."
                )
                evidence = tuple(doc.sentences[i] for i in ranked[:1])
                score = top_sim
            else:
                verdict, basis = "contradicted", "stance model"
                severity = "medium" if dispute is not None else "low"
                said = f", and a sentence about it says {quote(dispute[1])}" if dispute is not None else ""
                explanation = (
                    f"The body may dispute the headline claim {claim_q}: the stance model reads it as disagreeing "
                    f"(p={stance_p['disagree']:.2f}){said}; no specific check confirms it."
                )
                evidence = _dedupe(([doc.sentences[dispute[0]]] if dispute is not None else []) + [doc.sentences[i] for i in ranked[:2]])
                score = stance_p["disagree"] if dispute is not None else min(stance_p["disagree"], 0.5)
        else:
            verdict, severity, basis = "supported", "info", "coverage"
            explanation = (
                f"The body backs the headline claim {claim_q}: {coverage:.0%} of its key words occur in the body and "
                f"its closest sentence has similarity {top_sim:.2f} (stance model: related, p={related:.2f})."
            )
            evidence = tuple(doc.sentences[i] for i in ranked[:2] if sims[i] >= 0.3) or tuple(doc.sentences[i] for i in ranked[:1])
            score = related
        return Finding(
            analyzer=self.name,
            label=verdict,
            severity=severity,
            score=round(min(max(float(score), 0.0), 1.0), 4),
            spans=(span,),
            explanation=explanation,
            evidence=evidence,
            data={
                "claim": n,
                "basis": basis,
                "checks": [m.to_dict() for m in mismatches],
                "stance": stance_p,
                "similarity": round(top_sim, 4),
                "coverage": round(coverage, 4),
                **({"nli": nli_p} if nli_p else {}),
            },
        )

    def _summary(self, doc: Document, findings: list[Finding], dropped: list[tuple[Span, str]]) -> dict[str, Any]:
        verdicts = [f.label for f in findings]
        out: dict[str, Any] = {
            "verdict": overall(verdicts),
            "claims": [
                {
                    "text": doc.span_text(f.spans[0]),
                    "span": f.spans[0].to_dict(),
                    "verdict": f.label,
                    "severity": f.severity,
                    "score": f.score,
                    "checks": sorted({c["check"] for c in f.data["checks"]}),
                }
                for f in findings
            ],
        }
        if dropped:
            # Pieces of the page title that are not claims (site name, byline, date, section label):
            # named here so a reader sees why they were not judged.
            out["not_claims"] = [{"text": doc.span_text(sp), "span": sp.to_dict(), "kind": why} for sp, why in dropped]
        return out


def overall(verdicts: list[str]) -> str:
    """The headline's verdict from its claims' verdicts.

    All claims agree -> that verdict. A contradiction anywhere -> contradicted.
    Some claims supported and others not -> partly_supported. Otherwise the
    worse of overstated / unsupported.
    """
    if not verdicts:
        return "unsupported"
    uniq = set(verdicts)
    if len(uniq) == 1:
        return verdicts[0]
    if "contradicted" in uniq:
        return "contradicted"
    if "supported" in uniq:
        return "partly_supported"
    return "overstated" if "overstated" in uniq else "unsupported"


def _dedupe(spans: list[Span]) -> tuple[Span, ...]:
    return tuple(dict.fromkeys(spans))
