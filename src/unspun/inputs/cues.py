"""Lines that say by their own words that they are not the article's text.

Each function returns the reason a line is left out (a few words) or None. Classes,
not pages: advertising labels, sign-ups and calls to action, comment counts, share and
video chrome, photo credits and captions, "Read more"/"Related" links and headings;
at the start of the body a repeated headline, a byline, a date or a label line; at
the end reporting credits, copyright and syndication lines, corrections and updates,
an author's bio, a journal citation.
"""

from __future__ import annotations

import re

from unspun.inputs.headline import DATE as _DATE_ONLY
from unspun.inputs.headline import agreement
from unspun.inputs.textmap import key


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_A_DATE = _rx(rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
              rf"|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}})\b")

_ANYWHERE: list[tuple[str, re.Pattern[str], int]] = [
    # (reason, pattern, at most this many words)
    ("separator", re.compile(r"^[\W_]*$"), 5),
    ("bare link", _rx(r"^(?:https?://|www\.)\S+$"), 1),
    ("advertising", _rx(r"^(?:advertisement|advertising|sponsored(?: content)?|ad|paid (?:post|content)|"
                        r"(?:story|article) continues below(?: (?:this )?(?:ad|advertisement))?|"
                        r"continue reading(?: the main story| below)?|scroll to continue(?: with content)?)\W*$"), 12),
    ("sign-up or call to action", _rx(
        r"\bsign[ -]?up\b.{0,60}\b(?:our|here|newsletter)\b|\bnewsletter\b.{0,120}\b(?:sign[ -]?up|subscribe)\b|"
        r"\b(?:in|into|to) your inbox\b|\bsubscribe (?:now|here|today|to our)\b|\bclick here\b|"
        r"^(?:download (?:the|our)|follow us|sign up|subscribe)\b|\bvia this form\b|\bfollow us on\b|"
        r"\blet us know (?:down below|in the comments)\b"), 45),
    ("editorial insert", _rx(r"^\[.{5,300}\]$"), 50),
    ("comment count", _rx(r"^(?:\d[\d,.]*k?\s+comments?|comments?\s*\(\d+[^)]*\)|(?:loading|show|view|read|hide) "
                          r"(?:all )?comments?.*|comments?|leave a (?:comment|reply)|join the (?:conversation|"
                          r"discussion)|\d+\s+repl(?:y|ies))\W*$"), 8),
    ("share buttons", _rx(r"^(?:share|share this(?: article| story| page)?|share on \w+|tweet(?: this)?|email|print|"
                          r"copy link|save|bookmark|pin it|whatsapp|facebook|twitter|linkedin)\W*$"), 5),
    ("video chrome", _rx(r"^(?:now (?:watching|playing)|next video|up next|play video|replay|video (?:unavailable|"
                         r"loading)|unfortunately,? this video is not available.*|watch(?: the)? video.*|"
                         r"(?:video|watch|listen):.*)$"), 20),
    ("photo credit or caption", _rx(
        r"^\(?(?:photo|photograph|image|picture|illustration|graphic|header image|main image|top image|credit|"
        r"photo credit|image credit)s?(?: credit)?\s*:.{1,300}$|"
        r"(?-i:\b(?:Photo|Picture|Image|Photograph|Illustration)s?\s*:\s*[A-Z][\w.&'’/ -]{1,50})\)?\.?$|"
        r"\b(?:getty images|ap photo|shutterstock|pa wire)\s*\)?\.?$|^\(?credit\b.{1,80}\)$"),
     60),
    ("gallery", _rx(r"^(?:gallery\s*:|in pictures\b|show all \d+|\d+ photos?$|view (?:gallery|all \d+ photos?))"), 14),
    ("pagination", _rx(r"^(?:(?:next|previous|prev) page|page \d+ of \d+)\W*$"), 5),
    ("related link", _rx(r"^(?:read more|read|related|see also|more|also read|also see|watch|listen|recommended|"
                         r"read next|most read|more on this(?: story)?|more from [\w ]{1,30}|next|previous|prev)\s*"
                         r"[:|»>]\s*\S.{0,250}$"), 30),
]
_CUT = _rx(
    r"^(?:read more|related(?: articles| stories| content| coverage| links| posts| reading| news| videos)?|"
    r"more (?:stories|news|articles|from .{1,40}|on this(?: story)?|\w+ news|in .{1,30})|see also|"
    r"recommended(?: for you| reading| stories| videos)?|editors'?’? (?:picks|recommendations)|"
    r"you (?:may|might) also (?:like|be interested in)|most (?:read|popular|viewed|shared)|trending(?: now)?|"
    r"popular(?: now| posts| stories)?|latest (?:news|stories)|other .{0,30}(?:columns|stories)|"
    r"recent slide shows|comments|what to read next|further reading|around the web|from our partners|"
    r"sponsored stories|top stories|also on .{1,30}|more to explore|keep reading)\W*$"
)
_TRAILING: list[tuple[str, re.Pattern[str], int]] = [
    ("reporting credits", _rx(r"\b(?:additional )?(?:reporting|writing|editing|research|graphics) by\b|"
                              r"^(?:page|copy|picture|photo|video|story) editors?\s*:|"
                              r"\bcontributed (?:reporting )?to this (?:report|story|article)\b"), 50),
    ("copyright or standards", _rx(r"^(?:©|\(c\)|copyright\b|our standards\b)|all rights reserved|"
                                   r"trust principles\.?$"), 30),
    ("syndication", _rx(r"^this (?:article|story|post|piece|content|column) (?:was |is |has been )?(?:originally |"
                        r"first )?(?:appeared|published|posted|reprinted|republished|produced|adapted)\b"), 40),
    ("update note", _rx(r"^(?:update|updated|correction|clarification|editor'?’?s note)\b[^:]{0,60}:"), 80),
    ("citation", _rx(r"^[A-Z][\w.&' ]{1,40} \d+,\s*[\w-]+\s*\(\d{4}\)\.?$|^doi\s*:|^https?://doi\.org/"), 20),
    ("author bio", _rx(
        r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:is|was|has been)\s+(?:a|an|the)\s+[^.]{0,120}\b(?:reporter|"
        r"correspondent|writer|editor|columnist|journalist|contributor|author|producer|freelancer|analyst)\b|"
        r"\b(?:follow|email|contact) (?:him|her|them|me)\b|\bis on twitter\b|^(?:follow|find) (?:us|him|her|them|me)"
        r" on\b|^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:is|was)\s+(?:a|an|the)\s+[^.!?]{5,160}$"), 60),
    ("source line", _rx(r"^sources?\s*:\s*.{1,120}$"), 20),
    ("call to action", _rx(r"(?:^|[.!?]\s+)(?:check (?:it|them) out(?: here)?|here|more here|read more here|"
                           r"find out more(?: here)?)\s*[.!]?$"), 30),
]
_LEADING: list[tuple[str, re.Pattern[str], int]] = [
    ("byline", _rx(r"^(?:by|written by|words by|story by|reporting by)\s*:?\s+\S"), 14),
    ("date", _rx(r"^(?:posted|published|updated|last updated|first published|last modified|posted on)\b"), 16),
    ("labels", _rx(r"^(?:topics|tags|filed under|categories|category|section|more about|from the section)\b\s*:?"), 30),
    ("credit", _rx(r"^(?:courtesy of|via|source|image courtesy)\b:?\s+\S"), 10),
    ("syndication", _TRAILING[2][1], 40),
]
_BYLINE = re.compile(
    r"^(?:[Bb]y|[Ww]ritten by|[Ww]ords by|[Ss]tory by)\s*:?\s+"
    r"([A-Z][\w.'’\-]+(?:\s+(?:[A-Z][\w.'’\-]+|and|de|van|von|la|da|di|del|der|le|&)){0,6})"
)


_SENTENCE_END = re.compile(r"[.!?…][\'’\"”)\]]*$")


_SENTENCE_BREAK = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z“\"])")


def sentences(text: str) -> list[str]:
    """``text`` cut after each full stop, question or exclamation mark that a capital follows."""
    out, at = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        out.append(text[at:m.end()].strip())
        at = m.end()
    rest = text[at:].strip()
    return [*out, rest] if rest else out


def sentence(text: str) -> bool:
    """``text`` ends as a sentence does (a full stop, question or exclamation mark, maybe inside quotes)."""
    return bool(_SENTENCE_END.search(text.strip()))


def _match(text: str, rules: list[tuple[str, re.Pattern[str], int]]) -> str | None:
    n = len(text.split())
    for reason, rx, most in rules:
        if n <= most and rx.search(text):
            return reason
    return None


def anywhere(text: str) -> str | None:
    """Why ``text`` is not the article's wherever it stands, or None."""
    return _match(text.strip(), _ANYWHERE) or ("heading of links" if cut_marker(text) else None)


def comment_count(text: str) -> bool:
    """A comment count or comments link ("Comments (74 posted)", "82 comments"): the article has ended."""
    return _match(text.strip(), [r for r in _ANYWHERE if r[0] == "comment count"]) is not None


def cut_marker(text: str) -> bool:
    """A heading such as "Read more:" or "Related stories": what follows it is not the article."""
    return len(text.split()) <= 8 and bool(_CUT.match(text.strip()))


def trailing(text: str) -> str | None:
    """Why ``text`` is not the article's when it ends the body, or None."""
    return _match(text.strip(), _TRAILING) or anywhere(text) or ("heading" if cut_marker(text) else None)


def repeats(text: str, titles: list[str]) -> bool:
    """``text`` is one of the page's titles again (or nearly: the same words, or one holds the other)."""
    k = key(text)
    if not k:
        return False
    for t in titles:
        kt = key(t)
        if not kt:
            continue
        if k == kt or (min(len(k), len(kt)) >= 15 and (k in kt or kt in k) and abs(len(k) - len(kt)) <= 30
                       and len(text.split()) <= len(t.split()) + 4):
            return True
        if agreement(text, t) >= 0.9 and abs(len(text.split()) - len(t.split())) <= 2:
            return True
    return False


def leading(text: str, titles: list[str]) -> str | None:
    """Why ``text`` is not the article's when it opens the body, or None."""
    s = text.strip()
    if repeats(s, titles):
        return "repeats the headline"
    if len(s.split()) <= 6 and (_A_DATE.search(s) or _DATE_ONLY.match(s)):
        return "date"
    return _match(s, _LEADING) or anywhere(s)


#: words that end the names in a byline: dates, and the role or paper that follows the names
_NOT_A_NAME = frozenset("""
    jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october
    nov november dec december mon monday tue tuesday wed wednesday thu thursday fri friday sat saturday sun sunday
    updated published posted staff reporter correspondent editor writer columnist the to of for at in
""".split()) | {"times", "news", "post", "daily", "herald", "tribune", "journal", "review", "chronicle", "press"}
_PAPER = frozenset({"times", "news", "post", "daily", "herald", "tribune", "journal", "review", "chronicle", "press"})


def byline(text: str) -> str | None:
    """The names in a byline line ("By Jane Roe, March 3" gives "Jane Roe"), or None."""
    s = text.strip()
    if len(s.split()) > 14:
        return None
    m = _BYLINE.match(s)
    if not m:
        return None
    names: list[str] = []
    run = 0  # capitalised words in the current name
    for word in m.group(1).split():
        low = word.strip(".").lower()
        if low in _NOT_A_NAME:
            if low in _PAPER and run >= 3:  # "Jane Roe Seattle Times": the word before is the paper's
                names.pop()
            break
        run = 0 if low in ("and", "&") else run + 1
        if run > 4:
            break
        names.append("and" if low == "and" else word)
    while names and names[-1] in ("and", "&"):
        names.pop()
    return " ".join(names) or None
