"""Machine rewording for the recycled-content eval: synonyms, dropped fillers, renumbered figures,
contractions and reordered clauses, seeded (the eval's "reworded" copies; written for unspun).
"""

from __future__ import annotations

import random
import re

#: Word and phrase substitutions a spinner makes (written for this generator): each key is replaced by
#: one of its values, case kept. Phrases come before the words they contain.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "according to": ("as reported by", "citing"),
    "a number of": ("several", "a few"),
    "as well as": ("along with", "and also"),
    "in order to": ("to", "so as to"),
    "at least": ("no fewer than", "a minimum of"),
    "more than": ("over", "in excess of"),
    "less than": ("under", "below"),
    "for example": ("for instance", "such as"),
    "in addition": ("additionally", "furthermore"),
    "said": ("stated", "noted", "explained"),
    "says": ("states", "notes", "explains"),
    "told": ("informed", "said to"),
    "announced": ("revealed", "declared", "unveiled"),
    "reported": ("stated", "disclosed"),
    "claimed": ("alleged", "asserted"),
    "people": ("individuals", "persons", "folks"),
    "government": ("administration", "authorities"),
    "officials": ("authorities", "representatives"),
    "official": ("representative", "spokesperson"),
    "country": ("nation", "state"),
    "company": ("firm", "business", "corporation"),
    "president": ("leader", "head of state"),
    "police": ("law enforcement", "officers"),
    "children": ("kids", "youngsters"),
    "man": ("male", "individual"),
    "woman": ("female", "lady"),
    "group": ("organisation", "band"),
    "attack": ("assault", "strike"),
    "killed": ("slain", "left dead"),
    "died": ("passed away", "lost their life"),
    "big": ("large", "huge"),
    "large": ("big", "sizeable"),
    "small": ("little", "minor"),
    "new": ("fresh", "recent"),
    "old": ("aged", "former"),
    "important": ("significant", "crucial"),
    "major": ("key", "significant"),
    "many": ("numerous", "lots of"),
    "several": ("a number of", "various"),
    "about": ("around", "roughly", "approximately"),
    "help": ("assist", "aid"),
    "helped": ("assisted", "aided"),
    "show": ("reveal", "demonstrate"),
    "shows": ("reveals", "demonstrates"),
    "showed": ("revealed", "demonstrated"),
    "start": ("begin", "commence"),
    "started": ("began", "commenced"),
    "begin": ("start", "commence"),
    "began": ("started", "commenced"),
    "end": ("finish", "conclusion"),
    "ended": ("finished", "concluded"),
    "buy": ("purchase", "acquire"),
    "bought": ("purchased", "acquired"),
    "get": ("obtain", "receive"),
    "got": ("obtained", "received"),
    "make": ("create", "produce"),
    "made": ("created", "produced"),
    "use": ("utilise", "employ"),
    "used": ("utilised", "employed"),
    "need": ("require", "want"),
    "needs": ("requires", "wants"),
    "try": ("attempt", "seek"),
    "tried": ("attempted", "sought"),
    "want": ("wish", "desire"),
    "wanted": ("wished", "desired"),
    "think": ("believe", "reckon"),
    "believe": ("think", "feel"),
    "found": ("discovered", "uncovered"),
    "find": ("discover", "uncover"),
    "went": ("headed", "travelled"),
    "called": ("described as", "termed"),
    "asked": ("requested", "questioned"),
    "added": ("continued", "went on"),
    "however": ("but", "nevertheless", "yet"),
    "but": ("however", "yet"),
    "because": ("since", "as"),
    "also": ("too", "additionally"),
    "now": ("currently", "at present"),
    "later": ("afterwards", "subsequently"),
    "before": ("prior to", "ahead of"),
    "after": ("following", "once"),
    "during": ("throughout", "in the course of"),
    "while": ("whilst", "as"),
    "though": ("although", "even though"),
    "although": ("though", "even though"),
    "recent": ("latest", "new"),
    "first": ("initial", "earliest"),
    "last": ("previous", "final"),
    "week": ("seven days",),
    "year": ("twelve months",),
    "years": ("decades", "seasons"),
    "says that": ("states that",),
    "including": ("such as", "among them"),
    "against": ("versus", "opposed to"),
    "across": ("throughout", "all over"),
    "around": ("about", "roughly"),
    "nearly": ("almost", "close to"),
    "almost": ("nearly", "close to"),
    "often": ("frequently", "regularly"),
    "likely": ("probable", "expected"),
    "possible": ("feasible", "potential"),
    "able": ("capable", "in a position"),
    "leave": ("depart", "exit"),
    "left": ("departed", "quit"),
    "move": ("shift", "step"),
    "plan": ("scheme", "proposal"),
    "plans": ("schemes", "proposals"),
    "problem": ("issue", "difficulty"),
    "problems": ("issues", "difficulties"),
    "issue": ("matter", "problem"),
    "issues": ("matters", "problems"),
    "support": ("backing", "endorsement"),
    "statement": ("release", "declaration"),
    "video": ("clip", "footage"),
    "photo": ("picture", "image"),
    "photos": ("pictures", "images"),
    "report": ("account", "story"),
    "news": ("reports", "coverage"),
    "story": ("report", "account"),
    "home": ("house", "residence"),
    "city": ("town", "municipality"),
    "war": ("conflict", "fighting"),
    "military": ("armed forces", "army"),
    "money": ("funds", "cash"),
    "job": ("role", "position"),
    "jobs": ("roles", "positions"),
    "deal": ("agreement", "pact"),
    "law": ("legislation", "statute"),
    "rule": ("regulation", "measure"),
    "rules": ("regulations", "measures"),
    "increase": ("rise", "growth"),
    "decrease": ("drop", "decline"),
    "high": ("elevated", "steep"),
    "low": ("reduced", "modest"),
    "hard": ("difficult", "tough"),
    "easy": ("simple", "straightforward"),
    "quickly": ("rapidly", "swiftly"),
    "clear": ("obvious", "evident"),
    "true": ("accurate", "correct"),
    "false": ("untrue", "inaccurate"),
    "fake": ("bogus", "phony"),
    "dead": ("deceased", "killed"),
    "young": ("youthful", "juvenile"),
    "public": ("general public", "community"),
    "local": ("regional", "nearby"),
    "national": ("nationwide", "federal"),
    "international": ("global", "worldwide"),
    "world": ("globe", "planet"),
    "team": ("squad", "side"),
    "game": ("match", "contest"),
    "win": ("victory", "triumph"),
    "won": ("secured", "claimed"),
    "lost": ("was defeated in", "dropped"),
    "top": ("leading", "senior"),
    "expected": ("anticipated", "forecast"),
    "following": ("after", "in the wake of"),
    "recently": ("lately", "of late"),
}

#: Adverbs and hedges a rewrite drops.
DROPPABLE = frozenset("""
very really just actually basically currently recently reportedly reportedly allegedly apparently
literally clearly simply quite still already even now ever particularly especially extremely
totally completely certainly definitely probably officially finally openly publicly quickly
""".split())

_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10"}
_DIGIT_WORDS = {v: k for k, v in _NUMBER_WORDS.items()}
_CONTRACT = (("do not", "don't"), ("does not", "doesn't"), ("did not", "didn't"), ("is not", "isn't"),
             ("are not", "aren't"), ("was not", "wasn't"), ("were not", "weren't"), ("will not", "won't"),
             ("cannot", "can't"), ("would not", "wouldn't"), ("could not", "couldn't"), ("have not", "haven't"),
             ("has not", "hasn't"), ("it is", "it's"), ("that is", "that's"), ("there is", "there's"))
_SYN_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(SYNONYMS, key=len, reverse=True)) + r")\b",
                     re.IGNORECASE)
_DROP_RE = re.compile(r",?\s\b(" + "|".join(sorted(DROPPABLE)) + r")\b(?=[\s,.;:])", re.IGNORECASE)
_SAID_TAIL = re.compile(r"^(?P<quote>.{20,}?),\s+(?P<who>[A-Z][\w.'\- ]{1,60}?)\s+(?P<verb>said|says|added|told reporters)"
                        r"(?P<rest>[^.]*)\.$")
_LEAD_CLAUSE = re.compile(r"^(?P<conj>When|After|Before|Although|While|Because|If|As|Since|Despite)\s+"
                          r"(?P<clause>[^,]{8,120}),\s+(?P<main>[a-z].{15,})(?P<stop>[.!?])$")
_ARTICLE = re.compile(r"\b([Aa]n?) (\w+)")
_THOUSANDS_NUM = re.compile(r"\b(\d{1,3}(?:,\d{3})+)\b")
_PLAIN_NUM = re.compile(r"\b(\d{4,})\b(?!\s*(?:BC|AD))")
_PERCENT = re.compile(r"\b(\d+(?:\.\d+)?)\s?(%|per cent|percent)")
_MONEY = re.compile(r"\$(\d+(?:\.\d+)?)\s(million|billion)\b")
_SMALL_NUMS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|[2-9])\b(?=\s+[a-z])")


def _case_like(src: str, word: str) -> str:
    if src.isupper() and len(src) > 1:
        return word.upper()
    if src[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _renumber(s: str, rng: random.Random) -> str:
    s = _THOUSANDS_NUM.sub(lambda m: m.group(1).replace(",", ""), s)
    s = _PLAIN_NUM.sub(lambda m: m.group(1) if (1900 <= int(m.group(1)) <= 2100) else f"{int(m.group(1)):,}", s)
    s = _PERCENT.sub(lambda m: m.group(1) + (" per cent" if m.group(2) == "%" else "%"), s)
    s = _MONEY.sub(lambda m: f"${m.group(1)}{'m' if m.group(2) == 'million' else 'bn'}", s)

    def small(m: re.Match[str]) -> str:
        w = m.group(1)
        if rng.random() < 0.7:
            return _case_like(w, _NUMBER_WORDS.get(w.lower(), _DIGIT_WORDS.get(w, w)))
        return w

    return _SMALL_NUMS.sub(small, s)


def _reorder_clauses(s: str) -> str:
    m = _SAID_TAIL.match(s)
    if m and not m.group("quote").startswith(("\"", "“")):  # X, Y said. -> Y said X.
        quote = m.group("quote")
        quote = quote[:1].lower() + quote[1:] if not quote[:2].isupper() else quote
        verb = {"told reporters": "told reporters"}.get(m.group("verb"), m.group("verb"))
        return f"{m.group('who')} {verb}{m.group('rest')} that {quote}."
    m = _LEAD_CLAUSE.match(s)
    if m:  # When X, Y. -> Y when X.
        main = m.group("main")
        return f"{main[:1].upper()}{main[1:]} {m.group('conj').lower()} {m.group('clause')}{m.group('stop')}"
    return s


def reword_sentence(s: str, rng: random.Random) -> str:
    """One sentence reworded: clauses reordered, synonyms substituted, adverbs dropped, numbers reformatted,
    contractions made. Deterministic for a given ``rng`` state."""
    s = _reorder_clauses(s)

    def syn(m: re.Match[str]) -> str:
        src = m.group(1)
        if rng.random() < 0.15:  # a spinner leaves some
            return src
        return _case_like(src, rng.choice(SYNONYMS[src.lower()]))

    s = _SYN_RE.sub(syn, s)
    s = _DROP_RE.sub(lambda m: "" if rng.random() < 0.9 else m.group(0), s)
    s = _renumber(s, rng)
    for long, short in _CONTRACT:
        if rng.random() < 0.7:
            s = re.sub(rf"\b{long}\b", short, s)
            s = re.sub(rf"\b{long.capitalize()}\b", short.capitalize(), s)
    s = _ARTICLE.sub(lambda m: _case_like(m.group(1), "an" if m.group(2)[0].lower() in "aeiou" else "a") + " " + m.group(2), s)
    return re.sub(r"\s{2,}", " ", s).strip()


def reword(body: str, rng: random.Random) -> str:
    """Every sentence of every paragraph reworded (paragraph breaks kept)."""
    from unspun.text import segment

    paras = []
    for ps, pe in segment.paragraphs(body, 0, len(body)):
        sents = [body[s:e] for s, e in segment.sentences(body, ps, pe)]
        paras.append(" ".join(reword_sentence(x, rng) for x in sents))
    return "\n\n".join(paras)
