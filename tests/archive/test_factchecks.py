"""Importing earlier fact-checks: ClaimReview JSON, JSON-LD and JSON Lines, CheckThat! TSV; merges, bad records,
one transaction."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from unspun.archive import Archive, claimreview, factchecks
from unspun.cli import main

DATA = Path(__file__).parents[1] / "data" / "factchecks"


def _fake_embed(texts: list[str]) -> np.ndarray:
    rng = np.random.default_rng(len(texts))
    v = rng.normal(size=(len(texts), 384)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize(("name", "fmt", "counts", "skipped_lines"), [
    ("reviews.jsonld", "json-ld", (2, 0, 0), []),
    ("reviews.jsonl", "jsonl", (2, 1, 3), [4, 5, 6]),
    ("vclaims.tsv", "checkthat", (3, 0, 1), [4]),
])
def test_factchecks_import_counts(tmp_path: Path, name: str, fmt: str, counts: tuple[int, int, int],
                                  skipped_lines: list[int]) -> None:
    kind = "checkthat" if name.endswith(".tsv") else "claimreview"
    with Archive.open(str(tmp_path / "a.db")) as a:
        s = factchecks.import_file(a, DATA / name, kind, embedder=_fake_embed)
        assert s.format == fmt
        assert (s.imported, s.merged, s.skipped) == counts
        assert [p.line for p in s.problems] == skipped_lines
        assert a.counts()["fact_checks"] == counts[0]
        assert s.embedded == counts[0]
        n = a.conn.execute("SELECT count(*) FROM embeddings WHERE kind IN (?, ?)",
                           (factchecks.CLAIM_VECTORS, factchecks.TITLE_VECTORS)).fetchone()[0]
        assert n == 2 * counts[0]
        again = factchecks.import_file(a, DATA / name, kind, embedder=_fake_embed)  # the same file again: all merged
        assert (again.imported, again.merged, again.embedded) == (0, counts[0] + counts[1], 0)
        assert a.counts()["fact_checks"] == counts[0]


def test_factchecks_jsonld_fields(tmp_path: Path) -> None:
    with Archive.open(str(tmp_path / "a.db")) as a:
        factchecks.import_file(a, DATA / "reviews.jsonld", embed=False)
        rows = a.conn.execute(
            "SELECT claim_reviewed, title, rating_label, rating_value, best_rating, worst_rating, url, publisher, "
            "publisher_url, date_published, claimant, claim_date, appearance_url, appearances FROM fact_checks "
            "ORDER BY id").fetchall()
    assert rows[0] == ("The city council doubled the toll on the Westgate bridge overnight.",
                       "Did the city double the bridge toll overnight?", "False", 1.0, 5.0, 1.0,
                       "https://harbourfacts.example/checks/bridge-toll", "Harbour Facts", "https://harbourfacts.example/",
                       "2026-03-14", "A viral post", "2026-03-10", "https://social.example/p/123",
                       json.dumps(["https://social.example/p/123", "https://social.example/p/456"]))
    # nested in a WebPage; author as a plain name; numbers as strings
    assert rows[1][2:8] == ("Mostly true", 4.0, 5.0, None, "https://harbourfacts.example/checks/ferry-fares", "Harbour Facts")


def test_factchecks_merge_keeps_later_fields(tmp_path: Path) -> None:
    with Archive.open(str(tmp_path / "a.db")) as a:
        factchecks.import_file(a, DATA / "reviews.jsonl", embed=False)
        row = a.conn.execute("SELECT rating_value, date_published, line FROM fact_checks WHERE url LIKE '%/r/1'").fetchone()
    assert row == (1.0, "2025-12-03", 3)


@pytest.mark.parametrize(("text", "line", "message"), [
    ('[{"claimReviewed": "x", "url": "u"},\n {"claimReviewed": 5, "url": "v"}]', 2, "claimReviewed should be text"),
    ('{"claimReviewed": "x"}', 1, "neither a url nor a reviewRating"),
    ('[{"claimReviewed": "x", "url": "u"},\n {"claimReviewed": ', 2, "not valid JSON at line 2"),
    ('{"@type": "ClaimReview", "claimReviewed": "x", "url": "u", "itemReviewed": "a post"}', 1,
     "itemReviewed should be an object"),
    ('[1]', 1, "expected a ClaimReview object, got int"),
    ('{"@type": "WebPage", "name": "p"}', 1, "no ClaimReview in this record"),
])
def test_factchecks_bad_records(text: str, line: int, message: str) -> None:
    parsed = claimreview.parse_claimreview(text, "f.json")
    assert [p.line for p in parsed.problems] == [line]
    assert message in parsed.problems[0].message


def test_factchecks_import_is_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "a.db")
    calls = {"n": 0}
    real = factchecks._upsert

    def dying(*args: object) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the writes
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(factchecks, "_upsert", dying)
    with Archive.open(db) as a, pytest.raises(KeyboardInterrupt):
        factchecks.import_file(a, DATA / "reviews.jsonl", embedder=_fake_embed)
    with Archive.open(db) as a:
        assert a.conn.execute("SELECT (SELECT count(*) FROM fact_checks), (SELECT count(*) FROM fact_check_imports), "
                              "(SELECT count(*) FROM embeddings)").fetchone() == (0, 0, 0)


def test_factchecks_cli_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "a.db")
    assert main(["archive", "import-claimreview", str(DATA / "reviews.jsonl"), "--db", db, "--no-embed"]) == 0
    out = capsys.readouterr().out
    assert "2 imported, 1 merged, 3 skipped" in out
    assert "skipped line 5: not valid JSON" in out
    assert main(["archive", "import-checkthat", str(DATA / "vclaims.tsv"), "--db", db, "--no-embed", "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert (s["imported"], s["skipped"], s["fact_checks"]) == (3, 1, 5)
    assert main(["archive", "import-claimreview", str(tmp_path / "none.json"), "--db", db]) == 2
    assert "E169: expected a UTF-8 file of schema.org ClaimReview records" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "content", "fmt", "message"), [
    ("bad.json", b"\xff\xfe{}", "claimreview", "not UTF-8 text"),
    ("v.tsv", b"id\ttext\n1\tx\n", "checkthat", "the header should name the columns vclaim_id, vclaim, title"),
    ("r.json.gz", b"not gzip at all", "claimreview", "cannot be read"),
])
def test_factchecks_unreadable_file(tmp_path: Path, name: str, content: bytes, fmt: str, message: str) -> None:
    from unspun.errors import UnspunError

    (tmp_path / name).write_bytes(content)
    with pytest.raises(UnspunError, match=message):
        factchecks.read(tmp_path / name, fmt)


@pytest.mark.parametrize("after", [1.0, 2.5, 3.5, 4.5])
def test_factchecks_kill_leaves_all_or_nothing(tmp_path: Path, after: float) -> None:
    """A real kill -9 of an import, at different moments: the archive holds every record of the file or none."""
    import os
    import signal
    import subprocess
    import sys
    import time

    n = 20_000
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"@type": "ClaimReview", "url": f"https://f.example/{i}",
                                       "claimReviewed": f"Claim number {i} about the harbour toll.",
                                       "reviewRating": {"alternateName": "False"}}) + "\n" for i in range(n)))
    db = str(tmp_path / "a.db")
    with Archive.open(db):
        pass
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(["src", "."] + [os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "unspun", "archive", "import-claimreview", str(big), "--db", db,
                             "--no-embed"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Archive.open(db) as a:
        rows, imports = a.conn.execute("SELECT (SELECT count(*) FROM fact_checks), "
                                       "(SELECT count(*) FROM fact_check_imports)").fetchone()
    assert (rows, imports) in ((0, 0), (n, 1))
