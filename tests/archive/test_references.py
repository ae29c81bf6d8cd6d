"""Reference passages: `unspun archive index` (sentences, FTS5, static vectors; incremental) and the search."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from unspun.archive import Archive, references
from unspun.archive.passage_vectors import KIND, StaticEncoder
from unspun.cli import main

DATA = Path(__file__).parents[1] / "data" / "factchecks"


def _refs() -> list[dict[str, str]]:
    return [json.loads(x) for x in (DATA / "references.jsonl").read_text().splitlines()]


def _counts(a: Archive) -> tuple[int, int, int]:
    return a.conn.execute("SELECT (SELECT count(*) FROM passages), (SELECT count(*) FROM embeddings WHERE kind = ?), "
                          "(SELECT count(*) FROM passage_index)", (KIND,)).fetchone()


def test_references_index_is_incremental(tmp_path: Path) -> None:
    with Archive.open(str(tmp_path / "a.db")) as a:
        a.add_articles(_refs(), source="refs")
        first = references.index(a)
        assert (first["articles"], first["passages"]) == (3, 8)
        assert _counts(a) == (8, 8, 3)
        assert references.index(a)["articles"] == 0  # nothing changed
        changed = {**_refs()[2], "body": "Ferry fares for pensioners stay as they are, the transport office said."}
        a.add_articles([changed], source="refs")
        again = references.index(a)
        assert (again["articles"], again["passages"]) == (1, 1)
        assert _counts(a) == (7, 7, 3)  # the old sentences and their vectors are gone
        assert references.index(a, rebuild=True)["articles"] == 3


@pytest.mark.parametrize(("claim", "url"), [
    ("Ferry fares for pensioners were abolished in January.", "https://harbourpost.example/ferry"),
    ("The stadium cost 40 million euros.", "https://harbourpost.example/stadium"),
    ("The council raised the bridge toll.", "https://harbourpost.example/toll"),
])
def test_references_search_finds_the_passage(tmp_path: Path, claim: str, url: str) -> None:
    with Archive.open(str(tmp_path / "a.db")) as a:
        ids = a.add_articles(_refs(), source="refs")
        references.index(a)
        hits = references.search(a.conn, StaticEncoder(a.conn), claim)
        by_id = dict(zip(ids, (r["url"] for r in _refs()), strict=True))
        assert by_id[hits[0].article_id] == url
        assert len({h.article_id for h in hits}) == len(hits)  # one passage per article
        rest = references.search(a.conn, StaticEncoder(a.conn), claim, exclude_articles={hits[0].article_id})
        assert hits[0].article_id not in {h.article_id for h in rest}


def test_references_static_vectors(tmp_path: Path) -> None:
    with Archive.open(str(tmp_path / "a.db")) as a:
        enc = StaticEncoder(a.conn, store=False)
        v = enc.encode(["The toll doubled.", "The toll doubled.", "of the and", ""])
        assert np.allclose(v[0], v[1]) and abs(float(np.linalg.norm(v[0])) - 1.0) < 1e-5
        assert not v[2].any() and not v[3].any()  # no content word: no vector
        assert a.conn.execute("SELECT count(*) FROM token_vectors").fetchone() == (0,)  # store=False writes nothing


def test_references_index_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "a.db")
    with Archive.open(db) as a:
        a.add_articles(_refs(), source="refs")
    assert main(["archive", "index", "--db", db, "--site", "elsewhere.example", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 0
    assert main(["archive", "index", "--db", db]) == 0
    assert "indexed 8 passage(s) of 3 article(s)" in capsys.readouterr().out
    assert main(["archive", "index", "--db", str(tmp_path / "none.db")]) == 2


def test_references_search_lists_a_wording_once(tmp_path: Path) -> None:
    """The same sentence in two articles (a wire copy) is one passage of the list."""
    with Archive.open(str(tmp_path / "a.db")) as a:
        copy = {**_refs()[2], "id": "copy", "url": "https://elsewhere.example/ferry", "site": "elsewhere.example"}
        a.add_articles([*_refs(), copy], source="refs")
        references.index(a)
        hits = references.search(a.conn, StaticEncoder(a.conn), "Ferry fares for pensioners were abolished in January.")
        texts = [h.text for h in hits]
        assert len(texts) == len(set(texts))
        assert "Ferry fares for pensioners were abolished in January, the transport office confirmed." in texts
