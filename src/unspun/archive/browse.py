"""Browsing an archive: its articles filtered and paged, the filters' choices, one article's stored report and claims.

What ``unspun serve --db`` shows (the web layer only turns these into JSON). Every query is parameterised
SQL over the indexes of migration 4: the list walks ``articles_when`` (date, then id; ``articles_site_when``
within a site) to the page, and only then reads the page's rows; the headline words are the ``articles_fts``
index; a finding filter is the ``findings_label`` entries of the current reports, a severity filter the
``reports_severity`` ones, each a list of article ids made once. Counting the matches for the pager walks
the same indexes once more. ``benchmarks/bench_browse.py`` times them at 100,000 articles.

Reads only: each call opens its own connection (``PRAGMA query_only``), so any number of requests may read
while ``unspun batch`` writes the same archive (WAL).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from unspun import errors
from unspun.archive.store import Archive, decode_report

SEVERITIES = ("info", "low", "medium", "high")
SORTS = ("newest", "oldest")
MAX_PER_PAGE = 200
#: Sites and analyzer labels offered as filter choices (the most frequent first).
MAX_CHOICES = 500
#: An article's date in the list: its publication date when the archive could read one, else when it first saw it.
WHEN = "coalesce(a.published_at, a.first_seen)"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: The newest report of an article (what ``current_reports`` holds), by the ``reports (article_id, ...)`` index.
_CURRENT = "(SELECT max(r2.id) FROM reports r2 WHERE r2.article_id = a.id)"


@dataclass(frozen=True, kw_only=True)
class Query:
    """Which articles to list, and which page of them. Every filter is optional; given ones all apply."""

    #: the site exactly as stored (``articles.site``)
    site: str | None = None
    #: a finding of this analyzer in the article's current report ...
    analyzer: str | None = None
    #: ... with this label (with or without ``analyzer``) ...
    label: str | None = None
    #: ... at this severity or above; alone, the report's most severe finding is at least this
    severity: str | None = None
    #: words of the headline (all of them; the last may be the start of a word); stemmed, case-free
    q: str | None = None
    #: dates (YYYY-MM-DD), inclusive, of the article's date (published, else first seen)
    since: str | None = None
    until: str | None = None
    sort: str = "newest"
    page: int = 1
    per_page: int = 50

    def __post_init__(self) -> None:
        if self.severity is not None and self.severity not in SEVERITIES:
            raise _bad("severity", f"one of {', '.join(SEVERITIES)}", str(self.severity))
        if self.sort not in SORTS:
            raise _bad("sort", f"one of {', '.join(SORTS)}", str(self.sort))
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _valid_date(value):
                raise _bad(name, "a date as YYYY-MM-DD", value)
        if self.page < 1:
            raise _bad("page", "a page number from 1", str(self.page))
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise _bad("per_page", f"from 1 to {MAX_PER_PAGE} articles a page", str(self.per_page))

    def words(self) -> list[str]:
        """The words of ``q`` the search uses (letters and digits; everything else separates words)."""
        return list(dict.fromkeys(re.findall(r"\w+", (self.q or "").lower())))


def _valid_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _bad(name: str, expected: str, got: str) -> errors.UnspunError:
    return errors.bad_option(name, expected, got, "Fix that filter and ask again.")


class Browser:
    """Read-only access to one archive, opened (checked, migrated) once when made; E160-E162 when it cannot be."""

    def __init__(self, path: str) -> None:
        Archive.open(path, create=False).close()  # refuses what is not an archive; migrates an older one
        self.path = path
        self._facets: tuple[tuple[int, ...], dict[str, Any]] | None = None
        self._single: tuple[tuple[int, ...], bool] | None = None

    @staticmethod
    def _stamp(c: sqlite3.Connection) -> tuple[int, ...]:
        """Changes when the archive gains an article, a report, a finding or a cluster (the last rowids)."""
        return tuple(int(c.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0])
                     for t in ("articles", "reports", "findings", "clusters"))

    def _one_report_each(self, c: sqlite3.Connection) -> bool:
        """True when no article has two reports (one profile only, the usual case): every report is then its
        article's current one, and the filters need not check it for each finding (kept until the archive
        changes)."""
        stamp = self._stamp(c)
        if self._single is None or self._single[0] != stamp:
            two = c.execute("SELECT 1 FROM reports GROUP BY article_id HAVING count(*) > 1 LIMIT 1").fetchone()
            self._single = (stamp, two is None)
        return self._single[1]

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
        try:
            conn.execute("PRAGMA query_only = 1")
            yield conn
        finally:
            conn.close()

    # -- the list --------------------------------------------------------------------------------
    def articles(self, query: Query) -> dict[str, Any]:
        """One page of the articles ``query`` selects, in date order, with how many there are in all."""
        order = "DESC" if query.sort == "newest" else "ASC"
        with self.connect() as c:
            where, args = _where(query, current_only=not self._one_report_each(c))
            total = int(c.execute(f"SELECT count(*) FROM articles a WHERE {where}", args).fetchone()[0])
            # the page's ids from the indexes alone (skipping to a late page reads no article), then their rows
            page = [int(r[0]) for r in c.execute(
                f"SELECT a.id FROM articles a WHERE {where} ORDER BY {WHEN} {order}, a.id {order} LIMIT ? OFFSET ?",
                [*args, query.per_page, (query.page - 1) * query.per_page])]
            found = {int(r[0]): r for r in c.execute(
                f"SELECT a.id, a.ext_id, a.url, a.site, a.author, a.published, a.published_at, a.first_seen, "
                f"a.headline, {WHEN}, r.id, r.max_severity, r.n_findings, r.n_failed, r.created "
                f"FROM articles a LEFT JOIN reports r ON r.id = {_CURRENT} "
                f"WHERE a.id IN ({', '.join('?' * len(page))})", page)}
            rows = [found[i] for i in page]
            labels = _labels(c, [int(r[10]) for r in rows if r[10] is not None])
            clusters = _clusters(c, [int(r[0]) for r in rows])
        items = [{
            "id": r[0], "ext_id": r[1], "url": r[2], "site": r[3], "author": r[4], "published": r[5],
            "published_at": r[6], "first_seen": r[7], "headline": r[8], "date": r[9],
            "report": None if r[10] is None else {
                "max_severity": r[11], "findings": r[12], "failed": r[13], "checked": r[14],
                "labels": labels.get(int(r[10]), [])},
            "cluster": clusters.get(int(r[0])),
        } for r in rows]
        return {"total": total, "page": query.page, "per_page": query.per_page,
                "pages": max(1, -(-total // query.per_page)), "query": {**asdict(query), "words": query.words()},
                "articles": items}

    # -- the filters' choices ----------------------------------------------------------------------
    def facets(self) -> dict[str, Any]:
        """What the filters can choose from: sites, analyzers and labels, the date range, the counts.

        Kept until the archive gains an article, a report or a cluster (reading the findings' index of a
        100,000-article archive takes a while)."""
        with self.connect() as c:
            stamp = self._stamp(c)
            if self._facets is not None and self._facets[0] == stamp:
                return self._facets[1]
            n_sites = int(c.execute("SELECT count(DISTINCT site) FROM articles").fetchone()[0])
            sites = [{"site": s, "articles": n} for s, n in c.execute(
                "SELECT site, count(*) FROM articles WHERE site IS NOT NULL GROUP BY site ORDER BY 2 DESC, 1 LIMIT ?",
                (MAX_CHOICES,))]
            labels = [{"analyzer": an, "label": la, "findings": n, "max_severity": SEVERITIES[rank]}
                      for an, la, n, rank in c.execute(
                          "SELECT analyzer, label, count(*), max(severity_rank) FROM findings GROUP BY analyzer, label "
                          "ORDER BY analyzer, 3 DESC LIMIT ?", (MAX_CHOICES,))]
            first, last = c.execute(f"SELECT min({WHEN}), max({WHEN}) FROM articles a").fetchone()
            out = {
                "articles": int(c.execute("SELECT count(*) FROM articles").fetchone()[0]),
                "reports": int(c.execute("SELECT count(DISTINCT article_id) FROM reports").fetchone()[0]),
                "errors": int(c.execute("SELECT count(*) FROM errors").fetchone()[0]),
                "clusters": int(c.execute("SELECT count(*) FROM clusters").fetchone()[0]),
                "sites": sites, "n_sites": n_sites, "labels": labels,
                "dates": {"first": first and first[:10], "last": last and last[:10]},
                "severities": list(SEVERITIES), "sorts": list(SORTS), "max_per_page": MAX_PER_PAGE,
            }
        self._facets = (stamp, out)
        return out

    # -- one article ---------------------------------------------------------------------------------
    def report(self, article_id: int) -> dict[str, Any]:
        """The article's current report, exactly as stored (``Report.to_dict()``); E153 when there is none."""
        with self.connect() as c:
            row = c.execute("SELECT r.encoding, r.report FROM articles a JOIN reports r ON r.id = "
                            f"{_CURRENT} WHERE a.id = ?", (article_id,)).fetchone()
            if row is None:
                raise _no_report(c, article_id)
        return decode_report(row[0], row[1])

    def claims(self, article_id: int) -> dict[str, Any]:
        """The check-worthy claims of the article's current report (``claims``), each with the earlier fact-checks
        and reference passages ``unspun archive claims`` matched to it; E153 when there is no report."""
        import json

        with self.connect() as c:
            row = c.execute(f"SELECT r.id FROM articles a JOIN reports r ON r.id = {_CURRENT} WHERE a.id = ?",
                            (article_id,)).fetchone()
            if row is None:
                raise _no_report(c, article_id)
            claims = c.execute('SELECT id, ordinal, start, "end", text, score, structure, looked_up FROM claims '
                               "WHERE report_id = ? ORDER BY ordinal", (row[0],)).fetchall()
            ids = [int(x[0]) for x in claims]
            marks = ",".join("?" * len(ids))
            fcs = c.execute("SELECT m.claim_id, m.score, m.cosine, f.id, f.claim_reviewed, f.rating_label, f.rating_value, "
                            "f.best_rating, f.publisher, f.date_published, f.url FROM claim_matches m JOIN fact_checks f "
                            f"ON f.id = m.fact_check_id WHERE m.claim_id IN ({marks}) ORDER BY m.claim_id, m.rank",
                            ids).fetchall()
            refs = c.execute('SELECT claim_id, article_id, start, "end", text, verdict, similarity, detail FROM '
                             f"claim_passages WHERE claim_id IN ({marks}) ORDER BY claim_id, rank", ids).fetchall()
        fc_of: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        for cid, score, cos, fid, claim, label, value, best, publisher, when, url in fcs:
            fc_of[int(cid)].append({"fact_check_id": fid, "claim_reviewed": claim, "rating": {"label": label,
                                    "value": value, "best": best}, "publisher": publisher, "date": when, "url": url,
                                    "score": score, "cosine": cos})
        ref_of: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        for cid, aid, start, end, text, verdict, sim, detail in refs:
            d = json.loads(detail)
            ref_of[int(cid)].append({"article_id": aid, "passage": {"start": start, "end": end, "text": text},
                                     "verdict": verdict, "similarity": sim, **{k: d.get(k) for k in
                                                                               ("headline", "url", "site", "date")}})
        return {"article_id": article_id, "claims": [
            {"rank": o, "start": s, "end": e, "text": t, "score": sc, "structure": json.loads(st) if st else None,
             "looked_up": lu, "fact_checks": fc_of[int(i)], "reference_passages": ref_of[int(i)]}
            for i, o, s, e, t, sc, st, lu in claims]}


def _no_report(c: sqlite3.Connection, article_id: int) -> errors.UnspunError:
    known = c.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None
    return errors.archive_item(
        f"article {article_id}, which " + ("has no report (it was stored without being checked, as "
                                           "'unspun eval recycled' stores its collection)"
                                           if known else "is not in the archive"))


def _where(query: Query, *, current_only: bool = True) -> tuple[str, list[Any]]:
    """The WHERE clause (over ``articles a``) and its arguments; every value is a parameter.

    ``current_only`` False: every report is its article's current one, so the finding and severity filters
    do not check it (a correlated lookup for each finding: seconds for a label of every article)."""
    parts: list[str] = ["1"]
    args: list[Any] = []
    if query.site is not None:
        parts.append("a.site = ?")
        args.append(query.site)
    words = query.words()
    if words:
        parts.append("+a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        args.append(" ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*')
    if query.since is not None:
        parts.append(f"{WHEN} >= ?")
        args.append(query.since)
    if query.until is not None:
        parts.append(f"{WHEN} < ?")  # inclusive of the day: before the next one
        args.append((date.fromisoformat(query.until) + timedelta(days=1)).isoformat())
    # The finding and severity filters are the articles of the matching index entries (findings_label,
    # reports_severity) whose report is the article's current one: a list made once, not a lookup per article.
    # Each list is probed while the date index is walked ("+a.id": never used to fetch article rows, which
    # hold the text and are large, only to sort them).
    rank = None if query.severity is None else SEVERITIES.index(query.severity)
    if query.analyzer is not None or query.label is not None:
        cond = []
        for column, value in (("analyzer", query.analyzer), ("label", query.label)):
            if value is not None:
                cond.append(f"f.{column} = ?")
                args.append(value)
        if rank is not None:
            cond.append("f.severity_rank >= ?")
            args.append(rank)
        current = (" AND f.report_id = (SELECT max(r2.id) FROM reports r2 WHERE r2.article_id = f.article_id)"
                   if current_only else "")
        parts.append(f"+a.id IN (SELECT f.article_id FROM findings f WHERE {' AND '.join(cond)}{current})")
    elif rank is not None:
        wanted = SEVERITIES[rank:]
        current = (" AND r.id = (SELECT max(r2.id) FROM reports r2 WHERE r2.article_id = r.article_id)"
                   if current_only else "")
        parts.append(f"+a.id IN (SELECT r.article_id FROM reports r WHERE r.max_severity IN "
                     f"({', '.join('?' * len(wanted))}){current})")
        args.extend(wanted)
    return " AND ".join(parts), args


def _labels(c: sqlite3.Connection, report_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Per report, its findings by analyzer and label: the most severe first."""
    out: dict[int, list[dict[str, Any]]] = {}
    if not report_ids:
        return out
    rows = c.execute(
        f"SELECT report_id, analyzer, label, max(severity_rank), count(*) FROM findings "
        f"WHERE report_id IN ({', '.join('?' * len(report_ids))}) GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC, 5 DESC, 2, 3",
        report_ids).fetchall()
    for rid, analyzer, label, rank, n in rows:
        out.setdefault(int(rid), []).append(
            {"analyzer": analyzer, "label": label, "severity": SEVERITIES[int(rank)], "count": int(n)})
    return out


def _clusters(c: sqlite3.Connection, article_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per article, the recycled-content cluster it belongs to, if any."""
    if not article_ids:
        return {}
    rows = c.execute(
        "SELECT m.article_id, m.cluster_id, m.relation, c.size, c.earliest_article_id FROM cluster_members m "
        f"JOIN clusters c ON c.id = m.cluster_id WHERE m.article_id IN ({', '.join('?' * len(article_ids))})",
        article_ids).fetchall()
    return {int(a): {"id": cid, "relation": rel, "size": size, "earliest": earliest}
            for a, cid, rel, size, earliest in rows}
