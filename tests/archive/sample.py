"""A small archive to browse: real batch reports (headline_wording only, so it is quick), several sites and
dates, an article stored without a report, and one recycled-content cluster. Used by the browse, web API and
browser tests of ``serve --db``."""

from __future__ import annotations

import json
from pathlib import Path

from unspun.archive import Archive, batch, sources
from unspun.archive.schema import now
from unspun.archive.worker import LocalEngine, Settings

CHEAP = Settings(only=("headline_wording",))
RECORDS = [
    {"id": "shout-1", "headline": "SHOCKING: Mayor opens library!!", "body": "The mayor opened a library on Monday.",
     "site": "Daily Shout", "published": "2024-03-01", "url": "https://example.org/shout-1"},
    {"id": "farm-1", "headline": "SHOCKING: Mayor opens a library!!", "body": "The mayor opened a library on Monday.",
     "site": "Copy Farm", "published": "2024-03-05"},
    {"id": "wire-1", "headline": "Storm closes schools across the county", "body": "Schools closed on Monday.",
     "site": "Wire", "published": "2024-04-02"},
    {"id": "wire-2", "headline": "Council approves 4 percent fare rise", "body": "The council voted 7-2 on Tuesday.",
     "site": "Wire", "published": "2024-01-15"},
    {"id": "wire-3", "headline": "Fares to rise again next year, council says", "body": "The council said so.",
     "site": "Wire", "published": "2024-06-30"},
    {"id": "shout-2", "headline": "You Won't Believe What the Council Did With Your Fares!",
     "body": "The council raised fares.", "site": "Daily Shout", "published": "2024-02-10"},
    {"id": "shout-3", "headline": "TOTAL CHAOS as storm hits the coast", "body": "A storm hit the coast.",
     "site": "Daily Shout", "published": "2024-04-03"},
    {"id": "nosite-1", "headline": "Budget passes after long debate", "body": "The council approved the budget."},
]
#: Stored with ``Archive.add_articles``: in the archive, without a report.
UNCHECKED = {"id": "raw-1", "headline": "Library hours extended", "body": "The library opens later now.",
             "site": "Wire", "published": "2024-05-01"}


def build(path: Path) -> dict[str, int]:
    """Fill a new archive at ``path``; the archive id of each record, by its ``id``."""
    src = path.parent / f"{path.stem}.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    with Archive.open(str(path)) as a:
        batch.run(a, sources.plan([str(src)], sources.CsvColumns()), LocalEngine(CHEAP), progress=False)
        a.add_articles([UNCHECKED])
        ids: dict[str, int] = dict(a.conn.execute("SELECT ext_id, id FROM articles").fetchall())
        cid = a.conn.execute("INSERT INTO clusters(method, earliest_article_id, size, created) "
                             "VALUES ('minhash', ?, 2, ?) RETURNING id", (ids["shout-1"], now())).fetchone()[0]
        a.conn.executemany("INSERT INTO cluster_members(cluster_id, article_id, relation, jaccard) VALUES (?, ?, ?, ?)",
                           [(cid, ids["shout-1"], "earliest", 1.0), (cid, ids["farm-1"], "verbatim", 1.0)])
    return ids
