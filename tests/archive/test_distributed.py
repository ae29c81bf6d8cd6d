"""`unspun batch --dask`: a LocalCluster of worker processes fills the same archive as a local run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from unspun.archive import Archive, batch, sources
from unspun.archive.identity import Profile
from unspun.archive.worker import LocalEngine, Settings
from unspun.cli import main

distributed = pytest.importorskip("distributed")

from unspun.archive.distributed import DaskEngine  # noqa: E402

CHEAP = Settings(only=("headline_wording",))
RECORDS = [
    json.dumps({"headline": "SHOCKING: Mayor opens library!!", "body": "The mayor opened a library.", "id": "a"}),
    json.dumps({"text": "Storm closes schools\n\nSchools closed on Monday after the storm.", "site": "Wire",
                "published": "2024-03-04", "url": "https://example.org/s"}),
    "{broken",
    json.dumps({"headline": "", "body": ""}),
    *(json.dumps({"headline": f"You WON'T believe item {i}!", "body": f"Body number {i} says little.", "id": i})
      for i in range(8)),
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as c:
        yield c


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("dask") / "feed.jsonl"
    p.write_text("\n".join(RECORDS) + "\n", encoding="utf-8")
    return p


def _run(db: Path, feed: Path, engine: Any) -> batch.Summary:
    with Archive.open(str(db)) as a:
        return batch.run(a, sources.plan([str(feed)], sources.CsvColumns()), engine, progress=False)


def _contents(db: Path) -> dict[str, Any]:
    """The archive's articles, reports, findings and errors, without row ids, times and durations."""
    with Archive.open(str(db), create=False) as a:
        c = a.conn
        articles = {r[0]: r[1:] for r in c.execute(
            "SELECT key, ext_id, content_hash, source, line, input_kind, url, site, author, published, published_at, "
            "headline, body FROM articles")}
        reports = {key: a.report(aid) for aid, key in c.execute("SELECT id, key FROM articles")}
        rows = {r[0]: r[1:] for r in c.execute(
            "SELECT a.key, r.profile_key, r.content_hash, r.max_severity, r.n_findings, r.n_failed "
            "FROM current_reports r JOIN articles a ON a.id = r.article_id")}
        findings = sorted(c.execute(
            'SELECT a.key, f.ordinal, f.analyzer, f.label, f.severity, f.score, f.start, f."end", f.explanation '
            "FROM findings f JOIN articles a ON a.id = f.article_id").fetchall())
        errors = sorted(c.execute("SELECT item_key, source, line, code, message, profile_key FROM errors").fetchall())
    return {"articles": articles, "reports": reports, "rows": rows, "findings": findings, "errors": errors}


def test_dask_archive_equals_local_run(cluster: Any, feed: Path, tmp_path: Path) -> None:
    local = _run(tmp_path / "local.db", feed, LocalEngine(CHEAP))
    dask = _run(tmp_path / "dask.db", feed, DaskEngine(CHEAP, cluster.scheduler_address))
    assert (dask.done, dask.failed) == (local.done, local.failed) == (10, {"E165": 1, "E102": 1})
    assert dask.workers == 2 and dask.profile_key == local.profile_key
    assert len({pid for pid in dask.peak_rss}) == 2  # both worker processes analysed items
    assert _contents(tmp_path / "dask.db") == _contents(tmp_path / "local.db")
    again = _run(tmp_path / "dask.db", feed, DaskEngine(CHEAP, cluster.scheduler_address))
    assert (again.done, again.skipped) == (0, 12)  # resume: nothing checked twice


def _poison(settings: Settings) -> None:  # runs on a worker: it claims another profile
    from unspun.archive import worker

    worker._worker_state(settings)
    worker._state["profile"] = Profile("0" * 64, {"analyzers": []})


def _heal() -> None:
    from unspun.archive import worker

    worker._state.clear()


def test_dask_workers_with_other_models_are_refused(cluster: Any, tmp_path: Path, feed: Path) -> None:
    from unspun import errors

    with distributed.Client(cluster) as client:
        one = sorted(client.scheduler_info()["workers"])[0]
        client.run(_poison, CHEAP, workers=[one])
    try:
        with pytest.raises(errors.UnspunError, match="E166.*disagree on the analyzer and model versions"):
            _run(tmp_path / "x.db", feed, DaskEngine(CHEAP, cluster.scheduler_address))
    finally:
        with distributed.Client(cluster) as client:
            client.run(_heal)
    with Archive.open(str(tmp_path / "x.db")) as a:
        assert a.counts()["reports"] == 0


@pytest.mark.parametrize(("argv", "code"), [
    (["--dask", "tcp://127.0.0.1:9"], "E120"),  # nothing listens there
])
def test_dask_bad_address(feed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                          code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from unspun.archive import distributed as d

    monkeypatch.setattr(d, "CONNECT_TIMEOUT", 2)
    assert main(["batch", str(feed), "--db", str(tmp_path / "x.db"), "--only", "headline_wording", *argv]) == 2
    assert code in capsys.readouterr().err


def test_dask_local_cli(feed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.db"
    assert main(["batch", str(feed), "--db", str(db), "--only", "headline_wording", "--dask", "local", "-j", "2",
                 "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["done"], summary["failed"], summary["workers"]) == (10, 2, 2)
    with Archive.open(str(db)) as a:
        run = a.conn.execute("SELECT command FROM runs").fetchone()[0]
    assert json.loads(run)["dask"] == "local"
