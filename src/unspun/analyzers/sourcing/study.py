"""People a named study heard: anonymised by its authors, not by the writer.

"One academic told the authors how she ...", then "Others reported ..." and "Staff on short-term contracts
said ...": the article passes on what a report's participants told its researchers. Their names are withheld
by the study, which the article names; "someone told the writer, and the article does not say who" would be
wrong of them (theguardian.com, 2026-12-03).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from unspun.analyzers.sourcing import coref
from unspun.analyzers.sourcing.attribution import Attribution
from unspun.document import Document, Span

#: a cue that tells a study's people ("told the authors", "told researchers", "told the survey's interviewers")
_TOLD_STUDY = re.compile(
    r"(?:told|informed)\s+(?:the\s+)?(?:(?:report|study|survey|inquiry|review|researchers)(?:['’]s?)?\s+)?"
    r"(?:authors|researchers|interviewers|investigators|inquiry|survey|study)\b", re.I)
#: how many sentences after such a participant a group of people ("Others", "Staff on ...") is still the study's
FOLLOW = 2


def participant_sentences(doc: Document, attrs: list[Attribution]) -> set[Span]:
    """Sentences in which an unnamed source tells a study's authors or researchers."""
    return {a.sentence for a in attrs if a.kind in ("anonymous", "vague")
            and _TOLD_STUDY.match(doc.text, a.cue.start, a.sentence.end)}


def heard_by_study(doc: Document, a: Attribution, heard: set[Span]) -> bool:
    """Whether the unnamed source ``a`` is a study's participant: it told the study's people (its sentence is
    in ``heard``), or it is a group of people ("Others", "Staff on short-term contracts") speaking within
    :data:`FOLLOW` sentences after one."""
    if a.kind not in ("anonymous", "vague"):
        return False
    if a.sentence in heard:
        return True
    words = doc.span_text(a.source).lower().split()
    if not words or not (words[0] == "others" or a.head in coref.people_nouns() and a.head.endswith(("s", "staff"))):
        return False
    k = bisect_left(doc.sentences, a.sentence)
    return any(s in heard for s in doc.sentences[max(0, k - FOLLOW) : k])
