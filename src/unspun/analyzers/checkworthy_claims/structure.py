"""Who, what, when, where and how much: the structure of a claim, every part a span of ``Document.text``.

:func:`structure` reads one sentence (a check-worthy body sentence, or the headline) from its
spaCy parse (:mod:`unspun.runtime.nlp`) and returns:

* ``who``: the people and organisations named (spaCy's PERSON, ORG and NORP entities, and the
  subject of the predicate when it is a pronoun), each resolved, where the body allows, to the
  earlier full name by the sourcing analyzer's coreference (:mod:`unspun.analyzers.sourcing.coref`):
  "Pay" is "Levi Pay", "she" is the nearest earlier named person;
* ``what``: the predicate, the main verb group (auxiliaries, negation, particle) and its object;
  when the main verb only reports ("said", "told") the reported clause's verb is the predicate
  and the reporting subject is ``reported_by``;
* ``when``: the time expressions (:mod:`.dates`), resolved against the publication date when the
  document has one, ``unresolved`` otherwise;
* ``where``: places (GPE, LOC and FAC entities);
* ``quantities``: numbers with their unit: money (the currency), percentages, measures, ages
  ("45-year-old") and counts (the counted noun: "300 new homes" counts "homes"), with the value
  as a number where the digits give one.

Known error: spaCy's small English model (NER F1 0.84 on OntoNotes) misses or mistypes names in
headlines and in Title Case; a pronoun is resolved to the nearest earlier compatible name, never
by gender, as the sourcing analyzer does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from unspun.analyzers.checkworthy_claims import dates
from unspun.analyzers.sourcing import coref
from unspun.document import Document, Span

#: verbs that report speech or writing: the claim is in their clause complement
REPORTING = frozenset("""say says said tell tells told announce announces announced add adds added claim claims
    claimed state states stated report reports reported note notes noted write writes wrote argue argues argued
    insist insists insisted warn warns warned explain explains explained confirm confirms confirmed""".split())
_WHO_LABELS = {"PERSON": "person", "ORG": "organisation", "NORP": "group"}
_WHERE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_QUANTITY_LABELS = {"MONEY": "money", "PERCENT": "percent", "QUANTITY": "measure", "CARDINAL": "count"}
_CURRENCY = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "dollar": "USD", "dollars": "USD",
             "pound": "GBP", "pounds": "GBP", "euro": "EUR", "euros": "EUR", "yen": "JPY", "yuan": "CNY",
             "rupees": "INR", "a$": "AUD", "c$": "CAD"}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12, "tn": 1e12}
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|bn|mn|tn|[kmb])?\b", re.I)
_MONEY = re.compile(r"(?:US\$|A\$|C\$|[$£€¥])\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:thousand|million|billion|trillion|bn|mn|m|k)\b)?"
                    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:thousand|million|billion|trillion)?\s(?:dollars|pounds|euros|yen|yuan)\b", re.I)
_PERCENT = re.compile(r"\b\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b|per\s+cent\b)", re.I)
_AGE = re.compile(r"\b(\d{1,3})-year-old\b|,\s(\d{1,3}),", re.I)


def number_value(text: str) -> float | None:
    """The number the digits of ``text`` give, with its scale word ("$5.2 million" -> 5200000.0)."""
    m = _NUMBER.search(text)
    if not m:
        return None
    try:
        v = float(m.group(1).replace(",", ""))
    except ValueError:
        return None
    return v * _SCALE.get((m.group(2) or "").lower(), 1.0)


def _span(start: int, end: int, text: str) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _resolve(doc: Document, mentions: coref.Mentions, words: str, at: int, kind: str) -> tuple[str, Span] | None:
    """The earlier full name ``words`` stands for: a surname or first name of an earlier person, or for
    a pronoun the nearest earlier compatible name; None when it is already full or nothing fits.
    A name in the headline (which comes before the body) is looked up in the whole body."""
    if doc.headline.start <= at < doc.headline.end:
        at = doc.body.end
    pron = coref.pronoun_type(words)
    if pron is not None:
        types = ("person",) if pron == "person" else ("organisation",) if pron == "organisation" else ("organisation", "person")
        m = mentions.nearest(at, types)
        return (m.text, m.span) if m is not None else None
    if kind == "person" and " " not in words.strip():
        m = mentions.person_by_part(words.strip(), at)
        if m is not None and m.text != words:
            return m.text, m.span
    return None


def _verb_group(v: Any) -> tuple[int, int]:
    """Token index range (inclusive) of a verb with its auxiliaries, negation and particle."""
    parts = [v] + [c for c in v.children if c.dep_ in ("aux", "auxpass", "neg", "prt")]
    return min(t.i for t in parts), max(t.i for t in parts)


def predicate(sent: Any) -> tuple[Any, Any | None] | None:
    """(the predicate verb, the reporting verb or None) of a parsed sentence."""
    roots = [t for t in sent if t.dep_ == "ROOT"]
    if not roots:
        return None
    root = roots[0]
    if root.text.lower() in REPORTING:
        comp = next((c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.tag_.startswith("VB")), None)
        if comp is not None:
            return comp, root
    return root, None


def _subject(v: Any) -> Any | None:
    return next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _object(v: Any) -> Any | None:
    return next((c for c in v.children if c.dep_ in ("dobj", "attr", "acomp", "oprd")), None)


def _unit(ent: Any, label: str) -> str | None:
    """The unit of a quantity entity: a currency, "percent", a measure word, or the counted noun."""
    words = [t.text.lower() for t in ent]
    if label == "MONEY":
        for w in words:
            if w in _CURRENCY:
                return _CURRENCY[w]
            for sym in ("us$", "a$", "c$", "$", "£", "€", "¥"):
                if w.startswith(sym):
                    return _CURRENCY[sym]
        return "money"
    if label == "PERCENT":
        return "percent"
    if label == "QUANTITY":
        last = [t for t in ent if not t.like_num and t.text.lower() not in _SCALE]
        return last[-1].text.lower() if last else None
    head = ent.root.head if ent.root.dep_ in ("nummod", "quantmod") else None
    if head is not None and head.tag_.startswith("NN") and head.i >= ent.end:
        return str(head.text).lower()
    return None


def structure(doc: Document, span: Span, parsed: Any, pub: date | None, mentions: coref.Mentions) -> dict[str, Any]:
    """Who, what, when, where and quantities of the sentence ``span``, from its spaCy parse ``parsed``."""
    text, base = doc.text, span.start
    out: dict[str, Any] = {"who": [], "what": None, "when": [], "where": [], "quantities": []}
    time_spans = [(e.start, e.end) for e in dates.find(text, pub, span.start, span.end)]
    out["when"] = [e.to_dict() for e in dates.find(text, pub, span.start, span.end)]
    for ent in parsed.ents:
        a, b = base + ent.start_char, base + ent.end_char
        if any(s < b and a < e for s, e in time_spans) or ent.label_ in ("DATE", "TIME", "ORDINAL"):
            continue
        if ent.label_ in _WHO_LABELS:
            item = {**_span(a, b, text), "type": _WHO_LABELS[ent.label_]}
            found = _resolve(doc, mentions, ent.text, a, "person" if ent.label_ == "PERSON" else "other")
            if found:
                item["resolved"] = {"text": found[0], "start": found[1].start, "end": found[1].end}
            out["who"].append(item)
        elif ent.label_ in _WHERE_LABELS:
            out["where"].append(_span(a, b, text))
        elif ent.label_ in _QUANTITY_LABELS:
            q = {**_span(a, b, text), "kind": _QUANTITY_LABELS[ent.label_], "unit": _unit(ent, ent.label_),
                 "value": number_value(ent.text)}
            if (q["kind"] == "count" and q["unit"] is None and q["value"] is None) or "/" in ent.text:
                continue  # no number to read, or a date-like "9/11"
            out["quantities"].append(q)
    for rx, kind in ((_MONEY, "money"), (_PERCENT, "percent")):
        for m in rx.finditer(text, span.start, span.end):
            a, b = m.start(), m.end()
            out["quantities"] = [q for q in out["quantities"] if not (q["start"] < b and a < q["end"] and q["end"] - q["start"] <= b - a)]
            if not any(q["start"] < b and a < q["end"] for q in out["quantities"]):
                w = m.group(0).lower()
                unit = "percent" if kind == "percent" else next(
                    (c for k, c in _CURRENCY.items() if (w.startswith(k) if not k.isalpha() else k in w.split())), "money")
                out["quantities"].append({**_span(a, b, text), "kind": kind, "unit": unit, "value": number_value(m.group(0))})
    for m in _AGE.finditer(text, span.start, span.end):
        g = 1 if m.group(1) else 2
        a, b = m.start(g), m.end(g)
        if not any(q["start"] <= a < q["end"] for q in out["quantities"]):
            out["quantities"].append({**_span(a, b, text), "kind": "age", "unit": "years", "value": float(m.group(g))})
        else:
            for q in out["quantities"]:
                if q["start"] <= a < q["end"]:
                    q.update(kind="age", unit="years")
    out["quantities"].sort(key=lambda q: q["start"])
    pred = predicate(parsed)
    if pred is not None:
        verb, reporter = pred
        lo, hi = _verb_group(verb)
        what: dict[str, Any] = {**_span(base + parsed[lo].idx, base + parsed[hi].idx + len(parsed[hi].text), text),
                                "verb": verb.text}
        obj = _object(verb)
        if obj is not None:
            toks = list(obj.subtree)
            if len(toks) <= 8:
                what["object"] = _span(base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text), text)
        subj = _subject(verb)
        if subj is not None:
            what["subject"] = _doer(doc, mentions, subj, base, out["who"])
        if reporter is not None:
            rs = _subject(reporter)
            what["reported_by"] = _doer(doc, mentions, rs, base, out["who"]) if rs is not None else None
        out["what"] = what
    for m in re.finditer(r"\b[A-Z][a-z’'\-]+\b", text[span.start : span.end]):  # a surname the parser missed
        a, b = base + m.start(), base + m.end()
        if not any(w["start"] <= a < w["end"] for w in out["who"]):
            found = _resolve(doc, mentions, m.group(0), a, "person")
            if found and not found[1].start <= a < found[1].end:
                out["who"].append({**_span(a, b, text), "type": "name",
                                   "resolved": {"text": found[0], "start": found[1].start, "end": found[1].end}})
    out["who"].sort(key=lambda w: w["start"])
    return out


def _doer(doc: Document, mentions: coref.Mentions, tok: Any, base: int, who: list[dict[str, Any]]) -> dict[str, Any]:
    """The span of a subject (a name with its compound parts, or a pronoun or noun); a name or pronoun
    not yet among ``who`` is added there, resolved to the earlier full name where one fits."""
    parts = [tok, *[c for c in tok.children if c.dep_ == "compound" and c.tag_.startswith("NNP")]]
    a = base + min(t.idx for t in parts)
    b = base + max(t.idx + len(t.text) for t in parts)
    item = _span(a, b, doc.text)
    name = tok.tag_.startswith("NNP")
    if (name or tok.text.lower() in ("he", "she")) and not any(w["start"] <= a < w["end"] for w in who):
        found = _resolve(doc, mentions, item["text"], a, "person" if name else "pronoun")
        entry = {**item, "type": "name" if name else "pronoun"}
        if found:
            entry["resolved"] = {"text": found[0], "start": found[1].start, "end": found[1].end}
        who.append(entry)
    return item


def setting(doc: Document) -> tuple[date | None, coref.Mentions]:
    """What every sentence of ``doc`` is read against: its publication date and its named mentions."""
    return dates.parse_pub(doc.metadata.published.value), coref.Mentions(coref.named_mentions(doc), doc.text)


def structures(doc: Document, spans: Sequence[Span], parsed: Sequence[Any] | None = None,
               at: tuple[date | None, coref.Mentions] | None = None) -> list[dict[str, Any]]:
    """The structure of each of ``spans`` (body sentences or the headline's claims), parsed in one batch.

    ``parsed``: their spaCy parses when the caller has them (``headline_support`` parses each headline
    claim in the body's case, with the same offsets); ``at``: :func:`setting` when the caller has it."""
    from unspun.runtime import nlp

    if not spans:
        return []
    pub, mentions = at if at is not None else setting(doc)
    if parsed is None:
        parsed = nlp.parse_many([doc.text[s.start : s.end] for s in spans])
    return [structure(doc, s, p, pub, mentions) for s, p in zip(spans, parsed, strict=True)]


def brief(st: dict[str, Any]) -> str:
    """One line a reader can scan: "who: Levi Pay · what: raised · when: 2015-04-14 · where: Leeds · $5 million"."""
    parts = []
    if st["who"]:
        names = dict.fromkeys(w.get("resolved", {}).get("text") or w["text"] for w in st["who"])
        parts.append("who: " + ", ".join(list(names)[:3]))
    if st["what"]:
        parts.append("what: " + st["what"]["text"] + (" " + st["what"]["object"]["text"] if "object" in st["what"] else ""))
    if st["when"]:
        parts.append("when: " + ", ".join(f"{w['text']} = {w['value'] or w['kind']}" for w in st["when"][:2]))
    if st["where"]:
        parts.append("where: " + ", ".join(w["text"] for w in st["where"][:2]))
    if st["quantities"]:
        parts.append("how much: " + ", ".join(q["text"] for q in st["quantities"][:3]))
    return " · ".join(parts)
