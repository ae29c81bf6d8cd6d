"""sourcing: who says so? Attributions, their kinds, and a sourcing profile.

Extraction lives in :mod:`unspun.analyzers.sourcing.attribution` (rules over the spaCy parse and
the project's lexicons). This analyzer turns it into findings (vague or
anonymous sourcing, strong claims with no attribution, a key actor referred to
only by title, a single-source or unsourced article) and a per-article profile
in ``summary()``. docs/sourcing.md describes every rule.
"""

from __future__ import annotations

from typing import Any

from unspun.analyzers import Analyzer, NotApplicable
from unspun.analyzers.sourcing import attribution
from unspun.analyzers.sourcing.attribution import Attribution, TitleMention
from unspun.document import Document, Span
from unspun.findings import Analysis, Finding, ModelInfo, quote
from unspun.text import lexicons

#: Below this many body words a profile is not worth judging (a brief, a caption).
#: 40 words is two short sentences, the shortest item a wire service files.
MIN_WORDS = 40


class Sourcing(Analyzer):
    name = "sourcing"
    description = "who says so: quotes and attributions by kind, vague or anonymous sources, unnamed key actors"
    requires = ("body",)

    def __init__(self, *, min_title_mentions: int = 2, min_article_words: int = 120) -> None:
        # 2 mentions: an office named twice or more (headline included) is what the article is about.
        # 120 words: shorter items (briefs) often carry one source by design; single-source and
        # unsourced findings start above that length.
        self.min_title_mentions = min_title_mentions
        self.min_article_words = min_article_words

    def models(self) -> tuple[ModelInfo, ...]:
        from unspun.models import spacy_info

        try:
            return (spacy_info(),)
        except Exception:  # the run records the load error itself; info is best effort
            return ()

    def analyse(self, doc: Document) -> Analysis:
        words = doc.body_word_count()
        if words < MIN_WORDS:
            raise NotApplicable(f"the body has {words} words; sourcing needs at least {MIN_WORDS}")
        attrs = attribution.extract(doc)
        titles = attribution.title_only_actors(doc, self.min_title_mentions)
        findings: list[Finding] = []
        findings += _source_findings(doc, attrs)
        findings += _strong_claims(doc, attrs)
        findings += _title_findings(doc, titles)
        findings += _concentration(doc, attrs, self.min_article_words)
        return Analysis(tuple(findings), _profile(doc, attrs, titles), self.models())


def _source_findings(doc: Document, attrs: list[Attribution]) -> list[Finding]:
    out = []
    for a in attrs:
        src = quote(doc.span_text(a.source))
        if a.kind == "vague":
            out.append(Finding(
                "sourcing", "vague_source", "medium", 0.6, (a.source,),
                f"The claim is put to {src}, a collective no reader can identify or check.",
                evidence=(a.sentence,), data={"kind": a.kind, "cue": doc.span_text(a.cue)},
            ))
        elif a.kind == "anonymous":
            out.append(Finding(
                "sourcing", "anonymous_source", "low", 0.4, (a.source,),
                f"The claim rests on {src}, a source the article does not name.",
                evidence=(a.sentence,), data={"kind": a.kind, "cue": doc.span_text(a.cue)},
            ))
    return out


def _strong_claims(doc: Document, attrs: list[Attribution]) -> list[Finding]:
    """Sentences with a certainty, accusation or alarm marker and no attribution of their own."""
    pat = lexicons.pattern("strong_claims")
    attributed = {a.sentence for a in attrs}
    quotes = attribution.quote_spans(doc)
    out = []
    for s in doc.sentences:
        if s in attributed or any(q.contains(s) for q in quotes):
            continue
        for m in pat.finditer(doc.text, s.start, s.end):
            if any(q.start <= m.start() < q.end for q in quotes):
                continue  # quoted words belong to whoever is quoted
            sp = Span(m.start(), m.end())
            out.append(Finding(
                "sourcing", "unattributed_strong_claim", "low", 0.35, (sp,),
                f"The sentence asserts {quote(m.group(0))} in the article's own voice, with no source for it.",
                evidence=(s,), data={"marker": m.group(0).lower()},
            ))
            break  # one mark per sentence
    return out


def _title_findings(doc: Document, groups: list[list[TitleMention]]) -> list[Finding]:
    out = []
    for g in groups:
        body = [m for m in g if m.span.start >= doc.body.start]
        first = (body or g)[0]
        label = doc.span_text(first.span)
        out.append(Finding(
            "sourcing", "title_only_actor", "medium", 0.55, (first.span,),
            f"{quote(label)} is mentioned {len(g)} times but never named or quoted, so a reader cannot check who this is.",
            evidence=tuple(m.span for m in g if m is not first), data={"mentions": len(g), "title": first.key[1]},
        ))
    return out


def _source_key(doc: Document, a: Attribution) -> str:
    if a.name:
        return a.name.split()[-1].lower() if a.kind == "person" else a.name.lower()
    return doc.span_text(a.source).lower()


def _concentration(doc: Document, attrs: list[Attribution], min_words: int) -> list[Finding]:
    if doc.body_word_count() < min_words:
        return []
    pronoun_free = [a for a in attrs if not _is_pronoun(doc, a)]
    keys = {_source_key(doc, a) for a in pronoun_free}
    if not attrs:
        return [Finding(
            "sourcing", "unsourced_article", "medium", 0.6, (doc.headline,),
            f"The article under {quote(doc.headline_text)} attributes nothing to anyone: no quote, no named source, no document.",
            evidence=(doc.body,),
        )]
    if len(keys) == 1:
        a = pronoun_free[0] if pronoun_free else attrs[0]
        return [Finding(
            "sourcing", "single_source", "medium", 0.5, (a.source,),
            f"Every attribution in the article goes back to one source, {quote(doc.span_text(a.source))}.",
            evidence=tuple(x.source for x in attrs if x is not a), data={"kind": a.kind},
        )]
    return []


def _is_pronoun(doc: Document, a: Attribution) -> bool:
    return doc.span_text(a.source).lower() in ("he", "she", "they", "it", "him", "her")


def _factual(doc: Document, s: Span) -> bool:
    """A declarative body sentence of five words or more (questions and fragments are not claims)."""
    t = doc.span_text(s).rstrip("\"'”’ )")
    return len(t.split()) >= 5 and not t.endswith("?")


def _profile(doc: Document, attrs: list[Attribution], titles: list[list[TitleMention]]) -> dict[str, Any]:
    counts = {k: 0 for k in attribution.KINDS}
    for a in attrs:
        counts[a.kind] += 1
    factual = [s for s in doc.sentences if _factual(doc, s)]
    attributed = {a.sentence for a in attrs}
    quotes = attribution.quote_spans(doc)
    # a sentence inside a quotation whose attribution sits in a neighbouring sentence is sourced too
    with_attr = [s for s in factual if s in attributed or any(q.overlaps(s) for q in quotes)]
    people = sorted({a.name for a in attrs if a.kind == "person" and a.name}, key=lambda n: (n.lower(), n))
    people = _dedupe_surnames(people)
    orgs_by_key = {_source_key(doc, a): (a.name or doc.span_text(a.source))
                   for a in attrs if a.kind == "organisation" and not _is_pronoun(doc, a)}
    orgs = sorted(orgs_by_key.values(), key=lambda n: (n.lower(), n))
    full = {n.split()[-1].lower(): n for n in people}  # "Nguyen" quoted is "Paul Nguyen" named earlier
    quoted_people = sorted({full.get(a.name.split()[-1].lower(), a.name) for a in attrs
                            if a.kind == "person" and a.name and a.quote}, key=lambda n: (n.lower(), n))
    line = (
        f"Sources: {counts['person']} person, {counts['organisation']} organisation, {counts['document']} document, "
        f"{counts['anonymous']} anonymous, {counts['vague']} vague attribution(s); "
        f"{len(with_attr)} of {len(factual)} factual sentences attributed; "
        f"named people quoted: {', '.join(quoted_people) or 'none'}"
        + (f"; named only by title: {', '.join(doc.span_text(g[0].span) for g in titles)}" if titles else "")
        + "."
    )
    return {
        "line": line,
        "attributions": [a.to_dict(doc.text) for a in attrs],
        "counts": counts,
        "factual_sentences": len(factual),
        "attributed_sentences": len(with_attr),
        "attributed_share": round(len(with_attr) / len(factual), 3) if factual else 0.0,
        "distinct_named_sources": len(people) + len(orgs),
        "named_people": people,
        "named_people_quoted": quoted_people,
        "named_organisations": orgs,
        "title_only": [
            {"mention": doc.span_text(g[0].span), "title": g[0].key[1], "mentions": len(g)} for g in titles
        ],
        "metadata": _metadata(doc),
    }


def _dedupe_surnames(names: list[str]) -> list[str]:
    """'Paul Nguyen' and 'Nguyen' are one person: keep the longest form per surname (a form in
    ordinary case before one in capitals, so the choice never depends on set order)."""
    best: dict[str, str] = {}
    for n in names:
        k = n.split()[-1].lower()
        if k not in best or (len(n), not n.isupper(), n) > (len(best[k]), not best[k].isupper(), best[k]):
            best[k] = n
    return sorted(best.values(), key=lambda n: (n.lower(), n))


def _metadata(doc: Document) -> dict[str, Any]:
    """Byline, dateline and publication date, each with where it came from; absent is never guessed."""
    from unspun.inputs import find_dateline, find_stated_date

    m = doc.metadata
    dl = find_dateline(doc.body_text)
    published = m.published.to_dict()
    if m.published.source == "absent":
        stated = find_stated_date(doc.body_text)
        if stated:
            published = {"value": stated, "source": "text"}
    return {
        "byline": m.author.to_dict(),
        "dateline": {**dl, "source": "text"} if dl else {"value": None, "source": "absent"},
        "published": published,
    }
