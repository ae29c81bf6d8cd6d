"""Where a text gives someone else's words: quotations and reported speech, by character offset.

:func:`quote_spans` finds direct quotations in every common style:

- double quotes, straight (``"..."``) or curly (``“...”``, ``„...“``), and guillemets;
- single quotes, straight or curly (UK style, ``'...'`` and ``‘...’``), told apart from
  apostrophes ("don't", "the players' union", "'90s") by what stands on each side;
- quotations nested in one another (only the outermost is returned);
- block quotes as plain text shows them: a paragraph that opens with a quote mark and
  is not closed runs to the end of the paragraph (the convention for a quotation of
  several paragraphs, where only the last one is closed), as does a line opened with
  ``>``.

:func:`reported_spans` finds reported speech without quote marks: in a sentence with a
speech verb ("said", "told", "claimed"; ``lexicons/speech_verbs.txt``) or "according
to", the part that carries the speaker's words ("Police said [the man was stabbed]",
"[The plan will fail], the minister said").

Spans are half-open ``(start, end)`` character offsets into the text given; a quotation's
span includes its marks. Rules, not a model: what they miss or over-reach is listed in
``tests/text/test_quotes.py``.
"""

from __future__ import annotations

import re
from functools import cache

from unspun.text import lexicons

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‚‹"
_SINGLE_CLOSE = "’›"
#: characters after which a straight quote mark opens a quotation
_BEFORE_OPEN = set(" \t([{—–-/:;,") | set(_DOUBLE_OPEN) | set(_SINGLE_OPEN) | {'"', "'"}
#: characters after which a closing mark may stand (end of the quoted words)
_AFTER_CLOSE = set(" \t)]}—–-/.,;:!?…") | set(_DOUBLE_CLOSE) | set(_SINGLE_CLOSE) | {'"', "'"}
#: words that open with an apostrophe and are not quotations ('em, 'til, 'n', 'cause)
_ELISIONS = re.compile(r"(?:em|til|tis|twas|cause|n|round|bout|ere)\b|\d", re.IGNORECASE)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Direct quotations in ``text``: sorted, non-overlapping ``(start, end)``, marks included."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        out.extend(_line_quotes(text, pos, pos + len(line)))
        pos += len(line) + 1
    return _outermost(out)


def _line_quotes(text: str, a: int, b: int) -> list[tuple[int, int]]:
    s = a
    while s < b and text[s] in " \t":
        s += 1
    if s < b and text[s] == ">":
        return [(s, b)]
    return _doubles(text, a, b) + _singles(text, a, b)


def _prev(text: str, i: int, a: int) -> str:
    return text[i - 1] if i > a else " "


def _next(text: str, i: int, b: int) -> str:
    return text[i + 1] if i + 1 < b else " "


def _doubles(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(a, b):
        c = text[i]
        if c in _DOUBLE_OPEN and open_at is None:
            open_at = i
        elif open_at is not None and (c in _DOUBLE_CLOSE or c == "“" and text[open_at] == "„"):  # „German“
            out.append((open_at, i + 1))
            open_at = None
        elif c == '"':
            before, after = _prev(text, i, a), _next(text, i, b)
            if open_at is None:
                if before.isdigit() or after in " \t" and i + 1 < b:
                    continue  # 12" (inches), or a lone mark before a space: no quotation opens here
                open_at = i
            elif before not in " \t" or after in _AFTER_CLOSE:
                out.append((open_at, i + 1))
                open_at = None
    if open_at is not None and text[a:open_at].strip() == "" and open_at + 1 < b:
        out.append((open_at, b))  # a paragraph opened by a quote and not closed: a block quote
    return out


def _single_opens(text: str, i: int, a: int, b: int) -> bool:
    c, before, after = text[i], _prev(text, i, a), _next(text, i, b)
    if after in " \t" or not (after.isalnum() or after in "“\"…"):
        return False
    if c == "'" or c == "’":
        if before not in _BEFORE_OPEN:
            return False
        if _ELISIONS.match(text, i + 1, b):
            return False
    return c in _SINGLE_OPEN or c == "'" or c == "’"


def _single_closes(text: str, i: int, a: int, b: int) -> bool:
    c, before, after = text[i], _prev(text, i, a), _next(text, i, b)
    if c not in _SINGLE_CLOSE and c != "'":
        return False
    if text[max(a, i - 2):i].lower() in ("’n", "'n") and _prev(text, i - 1, a) in "’'":
        return False  # rock 'n' roll
    return before not in " \t" and (after in _AFTER_CLOSE or i + 1 >= b)


def _possessive_plural(text: str, i: int, a: int, b: int) -> bool:
    """``players' union``: an apostrophe after -s followed by a lower-case word."""
    return _prev(text, i, a) in "sS" and _next(text, i, b) == " " and i + 2 < b and text[i + 2].islower()


def _singles(text: str, a: int, b: int) -> list[tuple[int, int]]:
    opens = [i for i in range(a, b) if text[i] in "'‘’‚‹" and _single_opens(text, i, a, b)]
    closes = [i for i in range(a, b) if text[i] in "'’›" and _single_closes(text, i, a, b)]
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(opens):
        o = opens[k]
        cands = [c for c in closes if c > o + 1]
        # the next opening mark bounds this quotation unless it is nested inside it
        nxt = opens[k + 1] if k + 1 < len(opens) else b
        cands_before = [c for c in cands if c < nxt] or cands
        good = [c for c in cands_before if not _possessive_plural(text, c, a, b)]
        if good or cands_before:
            c = (good or cands_before)[0]
            out.append((o, c + 1))
            while k < len(opens) and opens[k] <= c:
                k += 1
            continue
        if text[a:o].strip() == "":
            out.append((o, b))  # block quote in single marks
        k += 1
    return out


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# --- reported speech --------------------------------------------------------------------------------

@cache
def _speech_pattern() -> re.Pattern[str]:
    words = sorted((set(lexicons.load("speech_verbs")) | _EXTRA_SPEECH) - _NOUNISH, key=len, reverse=True)
    return re.compile(r"(?<![\w’'-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w’'-])")


#: verbs that report words or views and are not in the sourcing lexicon of verbs that attribute on their own
_EXTRA_SPEECH = frozenset(
    """add adds added argue argues argued insist insists insisted warn warns warned write writes wrote explain explains
    explained note notes noted suggest suggests suggested describe describes described accuse accuses accused
    complain complains complained reply replies replied tweet tweets tweeted""".split()
)
#: forms that are more often nouns ("the state", "the claims"): not cues on their own
_NOUNISH = frozenset("state states claim claims".split())
_ACCORDING = re.compile(r"\b[Aa]ccording to\b")
#: what may follow "..., X said" and still leave the verb at the sentence's end
_TAIL = re.compile(
    r"^\s*(?:(?:on|in|at|last|this|late|earlier|yesterday|today|during|after|before|when|while|to|in a)\b[^,;]{0,40})?"
    r"[.!?…]*[\"'”’)]*\s*$"
)
_SHORT_SPEAKER = re.compile(r"^\s*(?:[\w’'.-]+,?\s+){0,7}?[\w’'.-]+\s*[.!?…]*[\"'”’)]*\s*$")


def reported_spans(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The reported part of each sentence that reports speech without quote marks.

    - "X said (that) ...": the words after the verb are X's;
    - "..., X said." or "..., said X.": the words before the comma are X's;
    - "According to X, ..." or "..., according to X.": the sentence but X is X's.
    The speaker phrase stays the article's own ("The disgraced senator said ...").
    """
    pat = _speech_pattern()
    out: list[tuple[int, int]] = []
    for s, e in sentences:
        m = _ACCORDING.search(text, s, e)
        if m:
            comma = text.find(",", m.end(), e)
            if text[s:m.start()].strip(" \"'“‘") == "" and comma > 0:
                out.append((comma + 1, e))  # According to X, ...
            else:
                out.append((s, m.start()))  # ..., according to X.
            continue
        m = pat.search(text, s, e)
        if not m:
            continue
        comma = text.rfind(",", s, m.start())
        tail = text[m.end():e]
        verb_last = comma > s and _TAIL.match(tail) is not None and m.start() - comma < 80
        verb_first = comma > s and text[comma + 1:m.start()].strip(" \t\"'”’") == "" and _SHORT_SPEAKER.match(tail) is not None
        if verb_last or verb_first:
            out.append((s, comma))  # ..., the minister said.  /  ..., said the minister.
        else:
            out.append((m.end(), e))  # X said (that) ...
    return [(a, b) for a, b in out if b > a]
