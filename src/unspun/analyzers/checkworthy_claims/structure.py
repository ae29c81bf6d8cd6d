"""Who, what, when, where and how much: the structure of a claim, every part a span of ``Document.text``.

:func:`structure` reads one sentence (a check-worthy body sentence, or the headline) from its
spaCy parse (:mod:`unspun.runtime.nlp`) and returns:

* ``who``: the people and organisations that can act (spaCy's PERSON, ORG and NORP entities less
  products, laws, works and demonyms, names the parser missed, and subject pronouns), each
  resolved to the earlier full name (:mod:`.who`): "Pay" is "Levi Pay", "EAG" the "Environmental
  Awareness Group", "she" the person the sentences before are about;
* ``what``: the predicate, the main verb group (auxiliaries, negation, particle) and its object;
  when the main verb only reports ("said", "is warning", "agreed: “...") the reported clause's
  verb is the predicate and the reporting subject (or "according to X") is ``reported_by``;
* ``when``: the time expressions (:mod:`.dates`), resolved against the publication date when the
  document has one, ``unresolved`` otherwise;
* ``where``: places (GPE, LOC and FAC entities);
* ``quantities``: numbers with their kind, unit and value (:mod:`.quantities`).

Known error: measured on judged real-page sentences (``unspun eval structure``, docs/claims.md);
spaCy's small English model (NER F1 0.84 on OntoNotes) misses or mistypes names in headlines and
in Title Case, and a pronoun is resolved by the subjects before it, never by gender.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from unspun.analyzers.checkworthy_claims import dates, places, quantities, speakers, who
from unspun.analyzers.checkworthy_claims.quantities import number_value
from unspun.analyzers.sourcing import coref
from unspun.document import Document, Span
from unspun.text import lexicons

__all__ = ["REPORTING", "brief", "number_value", "predicate", "setting", "structure", "structures", "verb_lemma"]

#: verbs that report speech or writing (base forms; any inflection counts): the claim is in their clause complement
REPORTING_LEMMAS = frozenset("say tell announce add claim state report note write argue insist warn explain confirm".split())
_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write"}
#: every form of the reporting verbs (kept for callers that match words)
REPORTING = frozenset(
    {f for b in REPORTING_LEMMAS for f in (b, b + "s", b + "es", b + "ed", b + "d", b.rstrip("e") + "ing", b + "ing")}
    | set(_IRREGULAR))
_WHO_LABELS = {"PERSON": "person", "ORG": "organisation", "NORP": "group"}
_WHERE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def verb_lemma(word: str) -> str:
    """The base form of a verb, enough to recognise a reporting verb ("is warning" -> "warn", "noted" -> "note")."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ied", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and w[: len(w) - len(suffix)] + repl in REPORTING_LEMMAS:
            return w[: len(w) - len(suffix)] + repl
    return w


def _span(start: int, end: int, text: str) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _verb_group(v: Any) -> tuple[int, int]:
    """Token index range (inclusive) of a verb with its auxiliaries, negation and particle."""
    parts = [v] + [c for c in v.children if c.dep_ in ("aux", "auxpass", "neg", "prt")]
    return min(t.i for t in parts), max(t.i for t in parts)


def _reports(v: Any) -> bool:
    """Whether a verb reports: a reporting verb, or any verb before a colon that opens a quotation ("agreed: “We ...")."""
    if verb_lemma(v.text) in REPORTING_LEMMAS:
        return True
    doc = v.doc
    return v.i + 2 < len(doc) and doc[v.i + 1].text == ":" and doc[v.i + 2].text in ("“", '"', "‘")


def predicate(sent: Any) -> tuple[Any, Any | None] | None:
    """(the predicate verb, the reporting verb or None) of a parsed sentence; a report of a report
    ("sources say Lupita told cops it was taken") gives the innermost one."""
    roots = [t for t in sent if t.dep_ == "ROOT"]
    if not roots:
        return None
    verb, reporter = roots[0], None
    if verb.tag_.startswith("NN"):  # a verbless line ("12 whales recently stranded on ..."): the verb describing it
        verb = next((c for c in verb.children if c.dep_ in ("acl", "relcl") and c.tag_.startswith("VB")), verb)
    for _ in range(3):
        if not _reports(verb):
            break
        comp = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.tag_.startswith("VB")), None)
        if comp is None:
            break
        verb, reporter = comp, verb
    return verb, reporter


def _subject(v: Any) -> Any | None:
    return next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _object(v: Any) -> Any | None:
    return next((c for c in v.children if c.dep_ in ("dobj", "attr", "acomp", "oprd")), None)


def _according_to(parsed: Any) -> Any | None:
    """The person or organisation of "according to X" (not a document: "according to city data")."""
    for t in parsed:
        if t.lower_ == "according" and t.i + 1 < len(parsed) and parsed[t.i + 1].lower_ == "to":
            obj = next((c for c in parsed[t.i + 1].children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            ent = next((e for e in parsed.ents if e.start <= obj.i < e.end), None)
            noun = obj.text.lower()
            if (ent is not None and ent.label_ in ("PERSON", "ORG")) or (
                    noun in coref.people_nouns() and noun not in lexicons.load("document_sources")):
                return obj
    return None


def _item(doc: Document, a: int, b: int, typ: str, found: tuple[str, Span] | None) -> dict[str, Any]:
    entry = {**_span(a, b, doc.text), "type": typ}
    if found is not None and (found[1].start, found[1].end) != (a, b):  # not resolved to itself
        entry["resolved"] = {"text": found[0], "start": found[1].start, "end": found[1].end}
    return entry


def _overlaps(items: list[dict[str, Any]], a: int, b: int) -> bool:
    return any(w["start"] < b and a < w["end"] for w in items)


def _conjuncts(ent: Any) -> list[list[Any]]:
    """The names an entity joins with "and", "or" or commas, each as its tokens."""
    parts: list[list[Any]] = [[]]
    for t in ent:
        if t.dep_ == "cc" or t.text == ",":
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p]


def _entities(doc: Document, parsed: Any, base: int, mentions: coref.Mentions, time_spans: list[tuple[int, int]],
              out: dict[str, Any]) -> None:
    """who (actors only, resolved to their fullest form) and where from the sentence's entities."""
    text = doc.text
    for ent in parsed.ents:
        a, b = base + ent.start_char, base + ent.end_char
        if any(s < b and a < e for s, e in time_spans) or _overlaps(out["who"], a, b):
            continue
        if ent.label_ in _WHERE_LABELS and who.known_org(ent.text):
            out["who"].append(_item(doc, a, b, "organisation", None))  # "deals with Netflix": a company, not a place
        elif ent.label_ in _WHERE_LABELS:
            found = who.short_form(doc, mentions, ent.text, a) if " " not in ent.text.strip() else None
            if found is not None and found[2] == "person" and found[0].split()[-1] == ent.text.strip():
                # "Velázquez’s district": a named person's surname, not a place
                out["who"].append(_item(doc, a, b, "person", found[:2]))
            elif not places.degree(ent.text):  # "Michael Shadlen, Ph.D.": no place
                out["where"].append(_span(a, b, text))
        elif places.misread_place(ent):
            # "Amazonas and Rondônia" read as one name: each place apart
            out["where"].extend(_span(base + part[0].idx, base + part[-1].idx + len(part[-1].text), text)
                                for part in _conjuncts(ent))
        elif ent.label_ in _WHO_LABELS and who.capitalised(ent.text):
            if not who.actor(doc, ent):
                continue
            if ent.text.lower().startswith("the "):
                a += 4
            if text[b - 2 : b] in ("'s", "’s"):
                b -= 2  # "Bin Laden's son": the name, without the possessive the parser took in
            m = mentions.starting_at(a)
            if ent.label_ == "ORG" and m is not None and " of " in m.text and b < m.span.end <= base + len(parsed.text):
                b = m.span.end  # "the Executive Committee" "of the IAB Tech Lab Board": one body
            found = who.short_form(doc, mentions, text[a:b], a)
            typ = found[2] if found is not None else _WHO_LABELS[ent.label_]
            res = found[:2] if found is not None else who.fullest_org(doc, text[a:b]) if typ == "organisation" else None
            out["who"].append(_item(doc, a, b, typ, res))


def structure(doc: Document, span: Span, parsed: Any, pub: date | None, mentions: coref.Mentions) -> dict[str, Any]:
    """Who, what, when, where and quantities of the sentence ``span``, from its spaCy parse ``parsed``."""
    text, base = doc.text, span.start
    out: dict[str, Any] = {"who": [], "what": None, "when": [], "where": [], "quantities": []}
    found_dates = dates.find(text, pub, span.start, span.end)
    time_spans = [(e.start, e.end) for e in found_dates]
    out["when"] = [e.to_dict() for e in found_dates]
    _entities(doc, parsed, base, mentions, time_spans, out)
    out["quantities"] = quantities.find(text, span.start, span.end, parsed, time_spans)
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
            what["subject"] = _doer(doc, mentions, span, parsed, subj, out)
        if reporter is not None:
            rs = _subject(reporter)
            what["reported_by"] = _doer(doc, mentions, span, parsed, rs, out) if rs is not None else None
        else:
            acc = _according_to(parsed)
            if acc is not None:
                what["reported_by"] = _doer(doc, mentions, span, parsed, acc, out)
            else:
                said = speakers.quoted_speaker(doc, span)  # a whole quotation: its speaker's words
                if said is not None:
                    what["reported_by"] = said
        out["what"] = what
    for tok in parsed:  # subject pronouns of every clause
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ == "PRP" and not _overlaps(out["who"], base + tok.idx, base + tok.idx + 1):
            _doer(doc, mentions, span, parsed, tok, out)
    # a word the parser reads as an adjective or a nationality ("African names") names no one
    described = {base + t.idx for t in parsed if t.tag_ in ("JJ", "JJR", "JJS") or t.ent_type_ == "NORP"}
    for m in re.finditer(r"\b[A-ZÀ-Þ][\w’'\-]+\b", text[span.start : span.end]):  # a name the parser missed
        a, b = base + m.start(), base + m.end()
        if (_overlaps(out["who"], a, b) or _overlaps(out["where"], a, b) or m.group(0).lower() in _NOT_NAMES
                or a in described):
            continue
        mention = mentions.starting_at(a)
        if mention is not None and mention.span.end <= span.end and who.named_org(doc, mention):
            out["who"].append(_item(doc, a, mention.span.end, "organisation", who.fullest_org(doc, mention.text)))
            continue
        if mention is not None and " " in mention.text:
            continue  # a longer name the parser did not take for a person or organisation ("Rocket Pass")
        found = who.short_form(doc, mentions, m.group(0), a)
        if found and found[2] == "person" and not found[1].start <= a < found[1].end:
            out["who"].append(_item(doc, a, b, "name", found[:2]))
    out["who"].sort(key=lambda w: w["start"])
    return out


_NOT_NAMES = frozenset("the a an i it he she they we you this that these those there here his her their our its "
                       "in on at by for from with of to and but or if when while after before since as".split())


def _doer(doc: Document, mentions: coref.Mentions, span: Span, parsed: Any, tok: Any, out: dict[str, Any]) -> dict[str, Any]:
    """The span of a subject (a name with its compound parts, titles left out, or a pronoun, or a noun with
    its compound nouns: "vice-chancellor"); a name or pronoun not yet among ``who`` is added there,
    resolved to the earlier full name where one fits."""
    base, whos = span.start, out["who"]
    name = tok.tag_.startswith("NNP")
    if name:
        lo, hi = who.name_of(tok)
    else:
        lo = min([tok.i, *(c.i for c in tok.subtree if c.dep_ in ("compound", "punct") and c.i < tok.i
                           and all(parsed[k].dep_ in ("compound", "punct") for k in range(c.i, tok.i)))])
        hi = tok.i
    a, b = base + parsed[lo].idx, base + parsed[hi].idx + len(parsed[hi].text)
    item = _span(a, b, doc.text)
    if _overlaps(whos, a, b) or _overlaps(out["where"], a, b):
        return item
    ent = next((e for e in parsed.ents if e.start <= tok.i < e.end), None)
    if name and item["text"][:1].isupper() and (ent is None or ent.label_ in ("PERSON", "ORG")) \
            and not (hi + 1 < len(parsed) and parsed[hi + 1].like_num) and not who.work_or_product(doc, item["text"]):
        found = who.short_form(doc, mentions, item["text"], a)
        whos.append(_item(doc, a, b, "name", found[:2] if found else None))
    elif tok.tag_ == "PRP" and tok.text.lower() in ("he", "she", "it", "they"):
        res = who.antecedent(doc, mentions, span, parsed, tok)
        if res is not None or tok.text.lower() in ("he", "she"):
            whos.append(_item(doc, a, b, "pronoun", res))
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
        spans = [past_list_marker(doc.text, s) for s in spans]
        parsed = nlp.parse_many([doc.text[s.start : s.end] for s in spans])
    return [structure(doc, s, p, pub, mentions) for s, p in zip(spans, parsed, strict=True)]


#: a list item's marker ("- ", "• ", "* ", "3. ", "2) "), which the entity recogniser reads as part of the line:
#: after "- " it missed the count in "- 12 parāoa whales stranded"
_LIST_MARKER = re.compile(r"[-*•–—]\s+|\d{1,2}[.)]\s+(?=[A-Z\d$£€\"“‘'])")


def past_list_marker(text: str, span: Span) -> Span:
    """``span`` without a list marker at its start (the sentence is parsed and read from its first word)."""
    m = _LIST_MARKER.match(text, span.start, span.end)
    return Span(m.end(), span.end) if m and m.end() < span.end else span


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
