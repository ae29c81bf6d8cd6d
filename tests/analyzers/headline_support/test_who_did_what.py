"""Who did what, compared between the headline's claim and the body (issue 18): opposite words, swapped roles,
another doer. Each case is a short text written for these tests; the cases that must not fire are as many as
those that must: a wrong HIGH finding costs more trust than a missed one.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.analyzers.headline_support.test_severity import assert_both_sides, judge
from unspun.analyzers.headline_support import checks, opposites
from unspun.analyzers.headline_support.context import Context
from unspun.document import Document
from unspun.findings import Finding


def _check(f: Finding, name: str) -> dict[str, Any] | None:
    return next((c for c in f.data["checks"] if c["check"] == name and c["verdict"] == "contradicted"), None)


def _words(doc: Document, spans: list[dict[str, int]]) -> list[str]:
    return [doc.text[s["start"] : s["end"]] for s in spans]


# -- the table ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "opposite"), [
    ("for", "against", True), ("rose", "fell", True), ("won", "lost", True), ("approves", "rejected", True),
    ("guilty", "acquitted", True), ("increased", "decreased", True), ("banned", "allowed", True),
    ("raises", "cut", True), ("shrank", "grew", True),
    ("voted", "voted", False), ("rose", "rises", False), ("supported", "backed", False), ("bought", "sold", False),
])
def test_opposite_words(a: str, b: str, opposite: bool) -> None:
    assert opposites.opposite(a, b) is opposite
    assert opposites.opposite(b, a) is opposite


# -- opposite words ----------------------------------------------------------------------------------------

OPPOSITES = [
    # name, headline, body, severity (None: the opposites check must not fire), [headline word, body word] or words the explanation gives
    ("for / against", "Councillor Dev Patel voted against the housing plan",
     "Councillor Dev Patel voted for the housing plan on Wednesday, despite protests outside the hall.", "high", ["against", "for"]),
    ("rise / fall", "Acme shares fall", "Acme shares rose 5 percent on Thursday after the earnings report.", "high", ["fall", "rose"]),
    ("guilty / acquitted", "Jones found guilty of fraud", "A jury acquitted Jones of fraud on Monday after a three-week trial.",
     "high", ["guilty", "acquitted"]),
    ("headlinese passive: acquitted / guilty", "Jones acquitted of fraud",
     "Jones was found guilty of fraud on Monday after a three-week trial.", "high", ["acquitted", "guilty"]),
    ("approve / reject", "Millbrook council approves new budget",
     "Millbrook council rejected the new budget on Tuesday after a long debate.", "high", ["approves", "rejected"]),
    ("ban / allow", "Council bans cars from old town",
     "The council allowed cars back into the old town on Friday after shops complained.", "high", ["bans", "allowed"]),
    ("win / lose", "Harlow wins cup final", "Harlow lost the cup final to Dunmore on Saturday in front of 40,000 fans.",
     "high", ["wins", "lost"]),
    ("raise / cut", "Norland raises school funding", "Norland cut school funding on Tuesday after a long debate in parliament.",
     "high", ["raises", "cut"]),
    ("the doer only as a pronoun", "Ruiz voted against the water bill",
     "Senator Ana Ruiz spoke for an hour on Tuesday. She voted for the water bill after the debate.", "medium", ["pronoun", "She"]),
    ("the body sentence is about another year", "Norland raises school funding",
     "Norland cut school funding in 2015 after a long debate in parliament.", "medium", ["another time", "2015"]),
    ("the body reports it from someone", "Unemployment in Norland fell in June",
     "Unemployment in Norland rose in June, the statistics office said.", "medium", ["reports it from"]),
    ("a reported clause's pronoun is its reporter", "Acme raises prices",
     "Acme said on Monday that it had cut prices across its range.", "medium", ["reports it from", "Acme"]),
    # must not fire
    ("paraphrase: voted for / supported", "Councillor Dev Patel voted for the housing plan",
     "Councillor Dev Patel supported the housing plan on Wednesday, despite protests outside the hall.", None, []),
    ("a negated opposite agrees: rejects / did not approve", "Millbrook council rejects new budget",
     "Millbrook council did not approve the new budget on Tuesday after a long debate.", None, []),
    ("a negated opposite agrees: bans / did not allow", "Council bans cars from old town",
     "The council did not allow cars into the old town from Friday, after residents complained.", None, []),
    ("a negated opposite agrees: acquitted / not guilty", "Jones acquitted of fraud",
     "Jones was found not guilty of fraud on Monday after a three-week trial.", None, []),
    ("the body tells both", "Acme shares rise after earnings report",
     "Acme shares fell sharply on Thursday after the earnings report. Later in the day Acme shares rose again.", None, []),
    ("someone else's claim", "Mayor Cole approves stadium plan",
     "Critics claimed that Mayor Cole rejected the stadium plan in private talks.", None, []),
    ("a quotation", "Mayor Cole approves stadium plan",
     "\"Cole rejected the stadium plan,\" a rival told reporters at a rally on Monday.", None, []),
    ("a quotation in single marks", "Mayor Cole approves stadium plan",
     "'Cole rejected the stadium plan,' a rival told reporters at a rally on Monday.", None, []),
    ("a quoted headline in single marks", "Rival: 'Cole rejected stadium plan'",
     "Mayor Cole approved the stadium plan on Tuesday after a long debate.", None, []),
    ("a guess", "Millbrook council approves budget", "The council may reject the budget when it meets next week.", None, []),
    ("the opposite word in a subordinate clause", "Millbrook council approves budget",
     "The council, which rejected the budget in May, met again on Tuesday to debate it.", None, []),
    ("another doer", "Senate approves water bill", "The House rejected the water bill on Friday after a long debate.", None, []),
    ("a possessive is another party", "Jones backs Leeds move",
     "Jones's agent opposed the move to Leeds on Monday, saying talks had stalled.", None, []),
    ("another thing", "Ruiz voted against the water bill",
     "Senator Ana Ruiz voted for the tax bill on Tuesday after a long debate.", None, []),
    ("opposites with the roles swapped: beats / lost to", "Jones beats Smith in mayoral race",
     "Smith lost to Jones in the mayoral race on Tuesday, conceding defeat before midnight.", None, []),
    ("opposites with the roles swapped: lost / won against", "Ruiz lost the mayoral race",
     "Mayor Smith won against Ruiz in the mayoral race on Tuesday.", None, []),
]


@pytest.mark.parametrize(("name", "headline", "body", "severity", "words"), OPPOSITES, ids=[c[0] for c in OPPOSITES])
def test_opposites(name: str, headline: str, body: str, severity: str | None, words: list[str]) -> None:
    doc, (f,), _ = judge(headline, body)
    c = _check(f, "opposites")
    if severity is None:
        assert c is None, f.explanation
        assert f.label != "contradicted", f.explanation  # nor does another check read a denial in it
        return
    assert c is not None, (f.explanation, f.data["checks"])
    assert f.label == "contradicted" and f.severity == severity, f.explanation
    assert "opposites check" in f.explanation
    if severity == "high":
        assert_both_sides(doc, f)
        assert [*_words(doc, c["headline_words"]), *_words(doc, c["body_words"])] == words, c
        assert f"{words[0]}\" and \"{words[1]}\" are opposites" in f.explanation
    else:
        assert "Medium, not high" in f.explanation
        for w in words:
            assert w in f.explanation, f.explanation


# -- swapped roles and another doer ------------------------------------------------------------------------

ROLES = [
    # name, headline, body, severity (None: no roles or entities contradiction), the body's doer and thing done to
    ("swapped", "Northwind sues Contoso over cloud patents", "Contoso sued Northwind over cloud patents on Friday.",
     "high", ["Contoso", "Northwind"]),
    ("swapped in the passive", "Smith sues Jones over land deal", "Smith was sued by Jones over the land deal on Monday.",
     "high", ["Smith", "Jones"]),
    ("swapped, an all-caps headline", "SMITH SUES JONES OVER LAND DEAL", "Jones sued Smith over the land deal on Monday.",
     "high", ["Jones", "Smith"]),
    ("swapped common nouns, reported", "Landlord sues tenant over unpaid rent",
     "The tenant sued the landlord over unpaid rent on Monday, the court said.", "medium", ["tenant", "landlord"]),
    # must not fire
    ("the same roles in the passive", "Smith sues Jones over land deal",
     "Jones was sued by Smith over the land deal on Monday.", None, []),
    ("a verb whose two sides do the same", "Jones meets Smith in Geneva",
     "Smith met Jones in Geneva on Tuesday for talks on the border.", None, []),
    ("the swap in a relative clause", "Smith sues Jones over land deal",
     "Jones, who was sued by Smith last year over a different deal, said he would not comment. "
     "Smith sued Jones over the land deal on Monday.", None, []),
    ("the swap in a relative clause, the headline's roles reported", "Smith sues Jones over land deal",
     "Jones, who sued Smith over a loan in 2015, said Smith sued him over the land deal on Monday.", None, []),
    ("another doer in a relative clause", "Jones resigns as party leader",
     "Jones, whom Smith replaced as treasurer in 2019, resigned as party leader on Friday.", None, []),
]


@pytest.mark.parametrize(("name", "headline", "body", "severity", "parties"), ROLES, ids=[c[0] for c in ROLES])
def test_swapped_roles(name: str, headline: str, body: str, severity: str | None, parties: list[str]) -> None:
    doc, (f,), _ = judge(headline, body)
    c = _check(f, "roles")
    if severity is None:
        assert c is None and _check(f, "entities") is None, f.explanation
        assert f.label != "contradicted", f.explanation
        return
    assert c is not None, (f.explanation, f.data["checks"])
    assert f.label == "contradicted" and f.severity == severity, f.explanation
    assert "the roles are swapped" in f.explanation
    assert sorted(_words(doc, c["body_words"])) == sorted(parties), c
    assert len(c["headline_words"]) == 2
    if severity == "high":
        assert_both_sides(doc, f)


# -- the claim's structure ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("headline", "verb", "subject", "obj"), [
    ("SMITH SUES JONES OVER LAND DEAL", "sues", "SMITH", "JONES"),
    ("Acme Shares Fall After Earnings Report", "fall", "Acme Shares", None),
    ("Millbrook council approves new budget", "approves", "Millbrook council", "new budget"),
])
def test_claim_structure_is_the_checkworthy_structure(headline: str, verb: str, subject: str, obj: str | None) -> None:
    """The headline's claim gets checkworthy_claims' structure, read from its parse in the body's case; its
    spans are the headline's own words."""
    doc = Document.from_parts(headline, "Smith sued Jones over a land deal. Acme shares fell. Millbrook council met on Tuesday.")
    ctx = Context.build(doc, doc.headline)
    checks.prepare([ctx], [0], [0.0])
    what = ctx.structure()["what"]
    assert what["verb"].lower() == verb
    assert doc.text[what["subject"]["start"] : what["subject"]["end"]] == subject
    assert (doc.text[what["object"]["start"] : what["object"]["end"]] if "object" in what else None) == obj
