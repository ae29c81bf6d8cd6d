"""A small archive to browse: real batch reports (headline_wording only, so it is quick), several sites and
dates, an article stored without a report, one recycled-content cluster, and stored check-worthy claims (one
matched to an imported fact-check and a reference passage, one looked up with nothing matched, one not looked
up yet). Used by the browse, web API and browser tests of ``serve --db``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from unspun.archive import Archive, batch, claim_store, factchecks, sources
from unspun.archive.schema import now
from unspun.archive.store import decode_report
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
#: An earlier fact-check (schema.org ClaimReview), imported with the real importer; markup in it must stay text.
FACT_CHECK = {"@type": "ClaimReview", "claimReviewed": "The council voted 7-2 to raise bus fares",
              "reviewRating": {"alternateName": "Mostly true", "ratingValue": 4, "bestRating": 5},
              "url": "https://factcheck.example/council-fares", "author": {"name": "<b>Fare</b> Check Desk"},
              "datePublished": "2024-01-20"}
#: Stored claims, by record id: (the sentence, its structure, what ``unspun archive claims`` found: "matched",
#: "nothing" or None, not looked up yet). Their reports were made without the claims analyzer (a cheap batch),
#: so the rows are written here as a full-profile batch and a lookup would write them.
CLAIMS = {
    "wire-2": ("The council voted 7-2 on Tuesday.",
               {"who": [{"start": 4, "end": 11, "text": "council", "type": "org",
                         "resolved": {"text": "Council", "start": 0, "end": 7}}],
                "what": {"start": 12, "end": 17, "text": "voted", "verb": "voted"},
                "when": [{"start": 22, "end": 32, "text": "on Tuesday", "kind": "day", "value": "2024-01-09",
                          "relative": True}],
                "where": [], "quantities": [{"start": 18, "end": 21, "text": "7-2", "kind": "count", "unit": None,
                                             "value": None}]}, "matched"),
    "wire-1": ("Schools closed on Monday.", None, "nothing"),
    "wire-3": ("The council said so.", None, None),
}


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
        _claims(a, ids, path.parent / f"{path.stem}-factchecks.json")
    return ids


def _claims(a: Archive, ids: dict[str, int], reviews: Path) -> None:
    """Store :data:`CLAIMS` with the archive's own writers, as a full-profile batch and a lookup write them."""
    reviews.write_text(json.dumps([FACT_CHECK]), encoding="utf-8")
    factchecks.import_file(a, reviews, embed=False)
    fc_id = int(a.conn.execute("SELECT id FROM fact_checks").fetchone()[0])
    ref_text = _text(a, ids["shout-2"])[1]
    ref_sentence = "The council raised fares."
    ref_at = ref_text.index(ref_sentence)
    ref = a.conn.execute("SELECT headline, url, site, published FROM articles WHERE id = ?", (ids["shout-2"],)).fetchone()
    for ext, (sentence, st, found) in CLAIMS.items():
        rid, text = _text(a, ids[ext])
        base = text.index(sentence)
        with a._transaction():
            claim_store.write(a.conn, rid, ids[ext], [(1, base, base + len(sentence), sentence, 0.91,
                                                       json.dumps(_shift(st, base) if st else None), None)])
        if found is None:
            continue
        cid = int(a.conn.execute("SELECT id FROM claims WHERE report_id = ?", (rid,)).fetchone()[0])
        fcs = [{"fact_check_id": fc_id, "score": 0.87, "cosine": 0.81}] if found == "matched" else []
        refs = [{"article_id": ids["shout-2"], "passage_id": None, "verdict": "supports", "similarity": 0.74,
                 "passage": {"start": ref_at, "end": ref_at + len(ref_sentence), "text": ref_sentence},
                 "bm25": 3.2, "static_cosine": 0.6, "headline": ref[0], "url": ref[1], "site": ref[2], "date": ref[3]}
                ] if found == "matched" else []
        claim_store.write_matches(a, [cid], [fcs], [refs], fc_id, 0)


def _text(a: Archive, article_id: int) -> tuple[int, str]:
    """The id and the text of the article's current report."""
    rid, enc, blob = a.conn.execute("SELECT id, encoding, report FROM current_reports WHERE article_id = ?",
                                    (article_id,)).fetchone()
    return int(rid), str(decode_report(enc, blob)["document"]["text"])


def _shift(st: dict[str, Any], base: int) -> dict[str, Any]:
    """A structure whose spans count from its sentence, counted from the report's text instead."""
    out: dict[str, Any] = json.loads(json.dumps(st))
    for part in (*out["who"], *out["when"], *out["where"], *out["quantities"], out["what"]):
        part["start"] += base
        part["end"] += base
    return out
