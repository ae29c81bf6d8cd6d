"""`unspun eval recycled`: the copy generator, the pairwise scores, and the command on a small stand-in collection."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.archive.test_recycled import ELECTION, HARBOUR, HARBOUR_OTHER, LAYOFFS, SCHOOL
from unspun.cli import main
from unspun.eval import recycled as ev
from unspun.eval import recycled_data as rd
from unspun.eval import rewording


@pytest.mark.parametrize(("sentence", "must_change"), [
    ("The government said on Tuesday that more than 1,000 people had been helped.", ("said", "1,000", "people")),
    ("Prices rose 10% in the year, according to the company.", ("10%", "according to")),
    ("When the storm hit the coast, officials closed the main road.", ("When the storm",)),
    ("The plan is very important, the minister said.", ("very",)),
    ("It is not clear whether the deal will start in three weeks.", ("It is not",)),
])
def test_recycled_eval_reword_rewrites_words_not_only_order(sentence: str, must_change: tuple[str, ...]) -> None:
    out = rewording.reword_sentence(sentence, random.Random(3))
    assert out != sentence
    assert any(phrase not in out for phrase in must_change), out
    assert sorted(out.lower().split()) != sorted(sentence.lower().split())  # not a shuffle


def test_recycled_eval_reword_is_deterministic() -> None:
    assert rewording.reword(HARBOUR.body, random.Random(5)) == rewording.reword(HARBOUR.body, random.Random(5))


@pytest.mark.parametrize(("kind", "same_body", "same_headline"), [
    ("verbatim", True, True), ("headline", True, False), ("reordered", False, True),
    ("reworded", False, None), ("inserted", False, True),
])
def test_recycled_eval_copy_kinds(kind: str, same_body: bool, same_headline: bool | None) -> None:
    c = rd.make_copy(kind, HARBOUR, random.Random(1), ["An inserted paragraph of other news entirely."], 7)
    assert c.body == HARBOUR.body if same_body else c.body != HARBOUR.body
    if same_headline is not None:  # a reworded headline may have no word the spinner knows
        assert (c.headline == HARBOUR.headline) == same_headline
    assert (c.original, c.kind) == ("harbour", kind)
    if kind == "reordered":
        assert sorted(c.body.split("\n\n")) == sorted(HARBOUR.body.split("\n\n"))
    if kind == "inserted":
        assert "An inserted paragraph" in c.body


def _arts(*spec: tuple[str, str | None, str | None]) -> list[rd.Article]:
    return [rd.Article(i, "", "", "t", original=o, kind=k) for i, o, k in spec]


@pytest.mark.parametrize(("name", "predicted", "precision", "recall"), [
    ("perfect", {"o": 1, "c1": 1, "c2": 1}, 1.0, 1.0),
    ("nothing found", {}, 1.0, 0.0),
    ("one copy missed", {"o": 1, "c1": 1}, 1.0, 1 / 3),
    ("an unrelated article joined", {"o": 1, "c1": 1, "c2": 1, "u": 1}, 3 / 6, 1.0),
    ("split in two", {"o": 1, "c1": 1, "c2": 2, "u": 2}, 1 / 2, 1 / 3),
])
def test_recycled_eval_pairwise_scores(name: str, predicted: dict[str, int], precision: float, recall: float) -> None:
    arts = _arts(("o", None, None), ("c1", "o", "verbatim"), ("c2", "o", "reworded"), ("u", None, None))
    r = ev.score(arts, predicted, {1: "o", 2: "c2"})
    assert (r["precision"], r["recall"]) == (pytest.approx(precision, abs=1e-4), pytest.approx(recall, abs=1e-4)), name


def test_recycled_eval_per_kind_recall_and_earliest() -> None:
    arts = _arts(("o", None, None), ("c1", "o", "verbatim"), ("c2", "o", "reworded"), ("n", "o", rd.NATURAL))
    r = ev.score(arts, {"o": 1, "c1": 1}, {1: "c1"})
    assert r["per_kind_recall"]["verbatim"] == 1.0 and r["per_kind_recall"]["reworded"] == 0.0
    assert r["per_kind_recall"][rd.NATURAL] == 0.0
    assert r["earliest_correct"] == 0.0


def test_recycled_eval_drop_shared_keeps_the_first_of_a_copy() -> None:
    copy = rd.make_copy("inserted", HARBOUR, random.Random(2), ["Other words entirely, about a museum."], 1)
    kept = ev.drop_shared([HARBOUR, SCHOOL, rd.Article("again", copy.headline, copy.body, "t"), HARBOUR_OTHER])
    assert [a.id for a in kept] == ["harbour", "school", "harbour-other"]


def test_recycled_eval_command_on_a_small_collection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The whole command, with the shared data replaced by the test articles (the real run is in the docs)."""
    base = [HARBOUR, SCHOOL, LAYOFFS, ELECTION, HARBOUR_OTHER]
    monkeypatch.setattr(rd, "load", lambda data: (list(base), []))
    (tmp_path / "fnc-1").mkdir()
    assert main(["eval", "recycled", str(tmp_path), "--originals", "3", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert {"precision", "recall", "f1", "per_kind_recall", "earliest_correct"} <= set(r)
    assert r["collection"]["unrelated"] == 5 and r["collection"]["originals"] == 2  # the two of 120 words or more
    assert r["precision"] == 1.0 and r["recall"] == 1.0


def test_recycled_eval_needs_the_data_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "recycled", str(tmp_path)]) == 2
    assert "E130" in capsys.readouterr().err
