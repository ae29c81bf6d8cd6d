"""Names in the claim and the body, compared without case and with their variants.

An acronym and its expansion ("PSVR" and "PlayStation VR", "DHS" and "Department of Homeland
Security"), a clipped form ("Fed" and "Federal Reserve"), a surname and the full name ("Oliver"
and "Jamie Oliver"). Titles ("Senator", "President") are not names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from unspun.analyzers.headline_support.context import Context
from unspun.analyzers.headline_support.words import STOP, key

_NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of|for|and|the|de|von|van|la|le|&)?\s*[A-Z][\w'’.-]*)*")


def body_name_runs(ctx: Context) -> list[tuple[str, ...]]:
    """Multi-word names the body writes ("Department of Homeland Security", "PlayStation VR"), for acronyms."""
    if "name_runs" not in ctx.shared:
        runs: dict[tuple[str, ...], None] = {}
        for s in ctx.sent_texts:
            for m in _NAME_RUN.finditer(s):
                ws = tuple(w for w in m.group(0).split() if w[:1].isupper())
                while ws and ws[0].lower() in ("the", "a", "an"):
                    ws = ws[1:]
                if len(ws) >= 2:
                    runs[ws] = None
        ctx.shared["name_runs"] = list(runs)
    out: list[tuple[str, ...]] = ctx.shared["name_runs"]
    return out


def claim_names(ctx: Context) -> list[tuple[list[str], int, int]]:
    """Names in the claim (words, start, end in the claim), read from the recased claim and its parse.

    A name is a run of capitalised words in the recased claim (function words and figures
    excluded) that the parser tags as a proper noun or entity, or that does not open the claim.
    """
    doc = ctx.claim_doc()
    out: list[tuple[list[str], int, int]] = []
    run: list[Any] = []

    def flush() -> None:
        if run:
            words = [t for t in run if t.text.lower() not in STOP]
            opener = run[0].i == 0
            if words and (not opener or len(run) > 1 or any(t.tag_ in ("NNP", "NNPS") for t in run)):
                s, e = run[0].idx, run[-1].idx + len(run[-1].text)
                out.append(([ctx.claim_text[t.idx : t.idx + len(t.text)] for t in run], s, e))
            run.clear()

    for t in doc:
        txt = t.text
        if txt[:1].isupper() and txt.lower() not in STOP and not txt[:1].isdigit() and len(txt) > 1 and (t.tag_ in ("NNP", "NNPS") or t.ent_type_ or t.i > 0):
            run.append(t)
        else:
            flush()
    flush()
    return out


#: words before a name that are titles or roles, not the name ("Senator Smith", "Prime Minister May")
TITLES = frozenset(
    """mr mrs ms miss dr prof professor sir dame lord lady senator sen rep representative congressman
    congresswoman president vice prime minister chancellor secretary governor gov mayor judge justice
    chief ceo chairman chairwoman chair director general gen col colonel captain capt sgt officer king
    queen prince princess pope saint st father rev reverend rabbi imam sheikh ambassador commissioner
    deputy leader speaker premier""".split()
)
_CAMEL = re.compile(r"[A-Z]")


# -- names -----------------------------------------------------------------------------------------


def name_key(w: str) -> str:
    return key(w)


def initials(tokens: Sequence[str]) -> str:
    """Capitals of a name, camel humps included: "PlayStation VR" -> "PSVR", "Department of Homeland Security" -> "DHS"."""
    return "".join(_CAMEL.findall("".join(t for t in tokens if t[:1].isupper())))


def same_name(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two names (their words) can be the same person or body, compared without case.

    Shares a word that is not a title ("Jamie Oliver" ~ "Oliver"); one is the acronym of the
    other ("PSVR" ~ "PlayStation VR", "DHS" ~ "Department of Homeland Security"); or one word is a
    clipped form of the other's first ("Fed" ~ "Federal Reserve").
    """
    a = [w for w in a if w.lower() not in TITLES]
    b = [w for w in b if w.lower() not in TITLES]
    if not a or not b:
        return False
    ka, kb = {name_key(w) for w in a}, {name_key(w) for w in b}
    if ka & kb:
        return True
    ja, jb = "".join(a).lower(), "".join(b).lower()
    if ja == jb:
        return True
    for x, y in ((a, b), (b, a)):
        joined = "".join(x)
        if len(joined) >= 2 and joined.isupper() and joined.lower() in (initials(y).lower(), "".join(w[:1] for w in y).lower()):
            return True
        xw, yw = x[0].lower(), y[0].lower()
        if len(x) == 1 and len(xw) >= 3 and yw.startswith(xw) and len(yw) > len(xw):
            return True
    return False


def mentioned(name: Sequence[str], body_names: dict[str, str], body_keys: set[str], body_acronyms: Iterable[Sequence[str]] = ()) -> bool:
    """Whether the body names ``name`` in some form (any case, or a variant of it)."""
    if any(name_key(w) in body_keys for w in name if w.lower() not in TITLES):
        return True
    forms = [[f] for f in body_names.values()] + [list(x) for x in body_acronyms]
    return any(same_name(name, f) for f in forms)
