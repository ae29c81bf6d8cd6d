"""Structured claims, by error class (written sentences, none from the judged pages): who keeps actors only,
short forms and pronouns resolve to the earlier full name, quantities read numbers in words and leave out
numbers in names, reporting verbs by their lemma."""

from __future__ import annotations

from typing import Any

import pytest

import unspun
from unspun.analyzers.checkworthy_claims.structure import structures, verb_lemma


def _last(body: str) -> dict[str, Any]:
    """The structure of the body's last sentence."""
    d = unspun.load(headline="A report", body=body)
    return structures(d, [d.sentences[-1]])[0]


def _names(st: dict[str, Any]) -> set[str]:
    return {w.get("resolved", {}).get("text") or w["text"] for w in st["who"]}


# class 1: who lists actors, not products, laws, demonyms or time zones (body; present; absent)
WHO_ACTORS = [
    ("Banks are regulated under the Consumer Lending Act of 2004.", set(), {"Consumer Lending Act", "the Consumer Lending Act"}),
    ("Several Canadian farmers lost their crops in the flood.", set(), {"Canadian"}),
    ("Democrats blocked the spending bill on Tuesday.", {"Democrats"}, set()),
    ("The Westbrook City Council approved the budget in May.", {"Westbrook City Council"}, set()),
    ("The ticket sale opens at 9 a.m. EST on Friday.", set(), {"EST"}),
    ("Shops open early. The Harbor service handles 4,000 requests a second. Harbor is now deployed in three regions.",
     set(), {"Harbor"}),
    ("Ana Ruiz built the prototype with Microsoft tools on a Linux server.", {"Ana Ruiz"}, set()),
    ("The band signed streaming deals with Spotify and Netflix.", {"Spotify", "Netflix"}, set()),
    ("Backed by the Steering Board of the Coastal Fisheries Council, the plan passed in May.",
     {"Steering Board of the Coastal Fisheries Council"}, {"Steering Board"}),
    ("All three streets are in the city's so-called African Quarter, where 25 streets bear African names.",
     set(), {"African Quarter"}),
    ("Protesters gathered at Union Square before the Harbor Authority voted on Monday.",
     {"Harbor Authority"}, {"Union Square"}),
    ("Officials said the raid was planned for months. Bin Laden's son was held by the army.",
     {"Bin Laden"}, {"Bin Laden's"}),
    # titles of works in quotation marks, and events, are not actors; an event's organisers speaking still are
    ("Those left out include “1917,” the big winner at the Producers Guild Awards on Saturday, as well as “Joker,” "
     "and “Marriage Story.”", set(), {"Joker", "Producers Guild Awards"}),
    ("The Cannes Film Festival said on Monday that the jury would meet in May.", {"Cannes Film Festival"}, set()),
    # a journal the work appeared in is where it was published, not who did it
    ("The study, led by Ana Ruiz at Harlow University, was published in the journal Marine Ecology Letters.",
     {"Harlow University"}, {"Marine Ecology Letters"}),
]


@pytest.mark.parametrize(("body", "present", "absent"), WHO_ACTORS)
def test_who_actors_only(body: str, present: set[str], absent: set[str]) -> None:
    names = _names(_last(body))
    assert present <= names and not (absent & names), names


@pytest.mark.parametrize(("sentence", "place"), [
    ("All three streets are in the city's so-called African Quarter, where 25 streets bear African names.",
     "African Quarter"),
    ("Twelve sperm whales recently stranded on the coast of Kaupokonui, on a scale not seen in recent memory.",
     "Kaupokonui"),
    # joined to a place the parser typed, or an example of places
    ("The plan runs trucks between San Leandro and Castro Valley for 40 years.", "Castro Valley"),
    ("Fire levels are higher in some states, such as Amazonas and Rondônia, NASA said.", "Rondônia"),
])
def test_a_place_the_parser_types_as_someone_is_where(sentence: str, place: str) -> None:
    st = _last(sentence)
    assert place in [w["text"] for w in st["where"]] and place not in _names(st)


@pytest.mark.parametrize(("sentence", "who", "where"), [
    # an organisation joined to a place stays someone; a degree after a name is no place
    ("Officials from Paris and Acme Corp met in May.", {"Acme Corp"}, ["Paris"]),
    ("Deals with Berlin and Netflix were signed in May.", {"Netflix"}, ["Berlin"]),
    ("The scientists were led by Michael Shadlen, Ph.D., of Columbia University.",
     {"Michael Shadlen", "Columbia University"}, []),
])
def test_places_and_not_places(sentence: str, who: set[str], where: list[str]) -> None:
    st = _last(sentence)
    assert who <= _names(st) and [w["text"] for w in st["where"]] == where


@pytest.mark.parametrize(("body", "speaker"), [
    # "it said" after a thing's subject: the thing's owner speaks; a thing without a named owner says nothing
    ("Northwind Corp’s goal to cut carbon by 2030 covers company vehicles, it said.", "Northwind Corp"),
    ("The bridge’s cost rose to $4 million, it said.", None),
])
def test_it_said_is_the_owner_of_the_subject(body: str, speaker: str | None) -> None:
    it = [w for w in _last(body)["who"] if w["text"] == "it"]
    assert [w["resolved"]["text"] for w in it] == ([speaker] if speaker else [])


def test_the_mayor_of_a_place_is_not_the_place() -> None:
    st = _last("Reporters waited outside. The mayor of Leeds, Anna Kirk, opened the bridge on Monday.")
    assert "Anna Kirk" in _names(st)


def test_a_verbless_line_takes_the_verb_that_describes_its_subject() -> None:
    st = _last("Officials counted the animals.\n\n- 12 parāoa whales (sperm whales) recently stranded on the coast.")
    assert st["what"]["verb"] == "stranded"


# class 2 and 3: short forms and pronouns to the earlier full name (body; the name the last sentence's who must hold; absent)
WHO_RESOLVED = [
    ("Dr. Helen Okafor leads the study. The early results surprised Dr. Okafor.", {"Helen Okafor"}, set()),
    ("The Northern Rivers Trust planted 500 trees. The NRT was founded in 1998.", {"Northern Rivers Trust"}, {"NRT"}),
    ("Chilean President Inés Carvajal met farmers on Monday. Carvajal promised new water rights.",
     {"Inés Carvajal"}, {"Carvajal"}),
    # the previous sentence's subject, not the nearest name, for "she"
    ("Nora Blake founded the clinic in 2010. Last year the clinic hired Tom Reyes as its director. "
     "She said the clinic treated 900 patients.", {"Nora Blake"}, {"Tom Reyes"}),
    ("The Harlow Water Company raised prices twice this year. It blamed higher energy costs.",
     {"Harlow Water Company"}, set()),
    # must not: "it" for a thing, an expletive "it", a place that is the first word of a name
    ("I wrote a patch last week. After a review by Ana Lee it was merged in March.", {"Ana Lee"}, {"it", "It"}),
    ("Acme Corp missed its targets. It is clear that demand fell.", set(), {"It", "Acme Corp"}),
    ("The Paris Fashion Week drew crowds. Shops in Paris stayed open late.", set(), {"Paris", "Paris Fashion Week"}),
    # "he" after a quotation: the speaker last named by surname alone, not a later name of the person shape
    # ("the German Reich", "Alternative for Germany") nor a name holding one of its words
    ("The group's spokesman, Tahir Della, told reporters that the names would change. Lawmakers from the "
     "Alternative for Germany invited the historian Bruce Gilley. His essay argued that the German Reich was "
     "benevolent. This, according to Della, does nothing to diminish the crimes. The empire's history is often "
     "overlooked. \"It was Germany in Namibia that failed,\" he said.",
     {"Tahir Della"}, {"German Reich", "Alternative for Germany", "Bruce Gilley"}),
    ("The exhibition covers the Roman Empire. This story is often told. \"Nobody listened to us,\" he said.",
     set(), {"Roman Empire"}),
    # a surname after a title with its office ("Attorney for the District of ...", "Secretary of State ...")
    ("Acting U.S. Attorney for the District of Massachusetts Joshua Levy announced the charges. "
     "The case is still open, Levy said.", {"Joshua Levy"}, set()),
    ("Secretary of State Antony Blinken flew to Cairo. Blinken met the president on Monday.", {"Antony Blinken"}, set()),
    ("The Duchess of Sussex visited the school. Sussex police closed the road on Monday.", set(), {"Duchess of Sussex"}),
    # a title not yet held is a title too ("President-elect", "-designate")
    ("Reporters waited. The article claimed President-elect Trump relied on lies.", {"Trump"}, {"President-elect Trump"}),
    ("Prime Minister-designate Ana Ruiz spoke in May. Ruiz denied it.", {"Ana Ruiz"}, {"Prime Minister-designate Ana Ruiz"}),
    # a surname after a name with dotted initials ("George H.W. Bush")
    ("In 1991 President George H.W. Bush held back loan guarantees. Critics said Bush acted alone.",
     {"George H.W. Bush"}, set()),
    # a "he" inside a quotation is not the quotation's own speaker (who would say "I")
    ("Mayor Carla Denton cut the budget in March. \"It passed,\" said Paul Hirsch, a council member. "
     "\"Nobody expected it, but he was persuasive.\"", {"Carla Denton"}, {"Paul Hirsch"}),
]


@pytest.mark.parametrize(("body", "present", "absent"), WHO_RESOLVED)
def test_who_resolved(body: str, present: set[str], absent: set[str]) -> None:
    names = _names(_last(body))
    assert present <= names and not (absent & names), names


# class 4: quantities (sentence; (kind, value) pairs expected, in order)
QUANTITIES = [
    ("The river carried four boats.", [("count", 4.0)]),
    ("Prices rose six percent last year.", [("percent", 6.0)]),
    ("The firm took a 1.2-billion-yuan loan.", [("money", 1.2e9)]),
    ("The boats landed 3.5 million pounds of cod.", [("measure", 3.5e6)]),
    ("The plant emits 12 million metric tons of carbon.", [("measure", 1.2e7)]),
    ("Memory use fell from 8GiB to 300MiB.", [("measure", 8.0), ("measure", 300.0)]),
    ("In the survey, 1,300 schools and colleges took part.", [("count", 1300.0)]),
    ("Mara Lind, 52, runs the farm.", [("age", 52.0)]),
    ("The 93 year-old finished his term.", [("age", 93.0)]),
    ("The rate among 15-24-year-olds doubled.", [("age", 15.0), ("age", 24.0)]),
    ("Most 18- to 24-year-olds voted.", [("age", 18.0), ("age", 24.0)]),
    ("Two 30-year-olds were hired.", [("count", 2.0), ("age", 30.0)]),
    ("The bones are about 40,000 years old.", [("age", 40000.0)]),
    # must not fire: numbers in names and versions, multipliers, fractions, a lone "one", citation markers
    ("Season Pass 3 starts on Friday.", []),
    ("The bug was fixed in the 2.4 release.", []),
    ("The 4K stream buffered.", []),
    ("A compound called 17-alpha estradiol was found.", []),
    ("Prices were three times higher.", []),
    ("One farmer objected.", []),
    ("The whales beached on Ninety Mile Beach near the cape.", []),
    ("Seven whales beached near the cape.", [("count", 7.0)]),
    ("Of the ten towns, seven are flooded.", [("count", 10.0)]),
    ("The method is used in music analysis,[3] and cancer research.", []),
    # a list item is read from its first word, past its marker
    ("- 12 whales stranded on the coast.", [("count", 12.0)]),
    ("• 40 percent of voters backed the plan.", [("percent", 40.0)]),
    ("3. The council spent $3 million on roads.", [("money", 3e6)]),
    ("2019 was a hard year for 40 farms.", [("count", 40.0)]),  # a year that starts a sentence is no marker
    # a rate is one measure, its base no count; a unit joined by a hyphen; a year written "’91"
    ("This rate is 119 per 100,000 among teenagers.", [("measure", 119.0)]),
    ("Crime fell to 12 per 1,000 residents.", [("measure", 12.0)]),
    ("Prices rose 4 per cent in May.", [("percent", 4.0)]),
    ("The band sold 40,000 records per week.", [("count", 40000.0)]),
    ("The values are declared as 32-bit signed integers.", [("measure", 32.0)]),
    ("He walked a 10-mile route with 3 friends.", [("measure", 10.0), ("count", 3.0)]),
    ("It hurt him when he ran afoul of Bush in ’91.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), QUANTITIES)
def test_quantities(sentence: str, expected: list[tuple[str, float]]) -> None:
    got = [(q["kind"], q["value"]) for q in _last(sentence)["quantities"]]
    assert got == expected


# a quantity written as two numbers keeps both: a range or a change's two ends (sentence; (value, to) of each)
TWO_NUMBERS = [
    ("The rate increased from 43 to 66 per 100,000 people.", [(43.0, 66.0)]),  # the rate's base is no quantity
    ("Rooms cost approximately $350 to $600 an hour.", [(350.0, 600.0)]),
    ("The bill will cost 2 to 3 million dollars.", [(2e6, 3e6)]),
    ("United won 3-1 on Saturday.", [(3.0, None)]),  # a score, not a range
    ("The town has 3,063 homes.", [(3063.0, None)]),
]


@pytest.mark.parametrize(("sentence", "expected"), TWO_NUMBERS)
def test_quantities_with_two_numbers(sentence: str, expected: list[tuple[float, float | None]]) -> None:
    assert [(q["value"], q.get("to")) for q in _last(sentence)["quantities"]] == expected


def test_pounds_are_money_where_the_text_writes_sterling() -> None:
    st = _last("Rents rose by £40 a month. The council spent 3 million pounds on repairs.")
    assert [(q["kind"], q["unit"], q["value"]) for q in st["quantities"]] == [("money", "GBP", 3e6)]


# class 5: reporting verbs by their lemma, "according to" (sentence; predicate verb; reporter text or None)
REPORTING = [
    ("The mayor is warning that the bridge will close.", "close", "mayor"),
    ("A nurse agreed: “We lost three beds last week.”", "lost", "nurse"),
    ("Turnout fell to 40 percent, according to the Electoral Commission.", "fell", "Electoral Commission"),
    ("Officials say Ruiz told police the car was stolen.", "stolen", "Ruiz"),
    # must not: a document is not a reporter, a verb that does not report keeps its own clause
    ("Turnout fell sharply, according to official figures.", "fell", None),
    ("The board agreed to sell the land.", "agreed", None),
]


@pytest.mark.parametrize(("sentence", "verb", "reporter"), REPORTING)
def test_reporting(sentence: str, verb: str, reporter: str | None) -> None:
    what = _last(sentence)["what"]
    assert what["verb"] == verb
    assert (what.get("reported_by") or {}).get("text") == reporter


@pytest.mark.parametrize(("word", "lemma"), [
    ("warning", "warn"), ("noted", "note"), ("says", "say"), ("told", "tell"), ("explains", "explain"),
    ("argued", "argue"), ("running", "running"), ("agreed", "agreed"),
])
def test_verb_lemma(word: str, lemma: str) -> None:
    assert verb_lemma(word) == lemma


@pytest.mark.parametrize(("body", "speaker"), [
    # a whole quotation without its own reporting verb: its speaker's words, also continued from the one before
    ("The council met on Monday. “The plan will cost $4 million,” said Ana Ruiz, the treasurer. "
     "“So the budget will not balance this year.”", "Ana Ruiz"),
    ("The council met on Monday. “The budget will not balance this year,” Ana Ruiz said.", "Ana Ruiz"),
    # a named speaker before one the sourcing misreads ("wrote in the blog post"), resolved to the full name
    ("Gustavo Faleiros runs the project. “Burning follows deforestation,” Faleiros wrote in the blog post. "
     "“Among the 10 towns that burned most, seven are on the list.”", "Gustavo Faleiros"),
    # nobody is attributed; the claim is not quoted; a quotation far from the last attributed one
    ("The council met on Monday. “The budget will not balance this year.”", None),
    ("“The plan will cost $4 million,” said Ana Ruiz. The budget will not balance this year.", None),
])
def test_a_quoted_claim_is_its_speakers(body: str, speaker: str | None) -> None:
    rep = (_last(body)["what"] or {}).get("reported_by")
    assert (rep["text"] if rep else None) == speaker
