"""Recycled content in an archive: near copies and reworded copies, clustered, earliest appearance first.

- ``unspun batch`` stores each article's signatures (:mod:`unspun.archive.signatures`, one per scheme of
  :mod:`unspun.archive.near_dupes`) with its LSH bands, in the transaction that writes its report.
- :func:`dedupe` (``unspun archive dedupe --db A``, or ``unspun batch ... --dedupe``) takes the articles
  whose signatures are newer than its last run, finds their candidates by band, confirms each pair
  (:func:`unspun.archive.copies.compare`), joins confirmed pairs into clusters (:mod:`unspun.archive.clustering`),
  and writes the clusters and a ``recycled_content`` finding (:mod:`unspun.archive.recycled_finding`) into the
  current report of every member, in one transaction.
- :func:`lookup` (``unspun check ARTICLE --db A``) finds an article's copies in the archive without
  adding it.

A pair is confirmed when the exact Jaccard of its 5-word shingles reaches ``copy_jaccard`` (or one
text's shingles are nearly all in the other: ``containment``), a **near copy** (**verbatim** when the
bodies' words are the same); or, for pairs that share fewer shingles but enough content words
(``paraphrase_terms``) or some shingles (``paraphrase_jaccard``), when the mean best-match cosine of
their sentences both ways (MiniLM) reaches ``paraphrase_similarity``: a **paraphrase**. The thresholds
and where they come from are in docs/archive.md ("Recycled content").
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from unspun.archive import near_dupes as nd
from unspun.archive.clustering import UnionFind, old_edges, update_reports, write_cluster
from unspun.archive.copies import Material, Materials, Pair, Params, Vectors, compare, embedding_model, store_vectors
from unspun.archive.recycled_finding import FINDING, Row, make_finding, parse_when, rows
from unspun.archive.signatures import (
    SCHEMES_KEY,
    WATERMARK,
    Signature,
    band_candidates,
    scheme_description,
    signatures,
    stored_signatures,
    worth_comparing,
    write_signatures,
)
from unspun.document import Document
from unspun.findings import AnalyzerRun

if TYPE_CHECKING:
    from unspun.archive.store import Archive
    from unspun.report import Report


log = logging.getLogger(__name__)


# -- check --db: lookup ------------------------------------------------------------------------------------

@dataclass
class Lookup:
    matches: list[tuple[Row, Pair]]
    candidates: int
    articles: int
    seconds: float
    embedded: bool


def lookup(archive: Archive, doc: Document, params: Params | None = None,
           vectors: Vectors | None = None, *, paraphrases: bool = True) -> Lookup:
    """The archive's articles that ``doc`` copies or that copy it (best first); the archive is not changed.
    ``paraphrases=False`` looks for near copies only (no sentence is embedded)."""
    t0 = time.perf_counter()
    params = params or Params()
    conn = archive.conn
    vectors = vectors or Vectors(conn)
    me = Material.of(doc)
    sigs = [Signature(sc, nd.signature(feats, sc), len(feats)) for sc, feats in ((nd.SHINGLES, me.shingles),
                                                                                 (nd.TERMS, me.terms))]
    ids = band_candidates(conn, sigs)
    mine = {s.scheme.name: s.values for s in sigs}
    stored = stored_signatures(conn, ids)
    keep = [i for i in sorted(ids) if worth_comparing(mine, stored.get(i, {}), params)]
    mats = Materials(conn)
    found: list[tuple[int, Pair]] = []
    for aid in keep:
        other = mats.get(aid)
        if other is None:
            continue
        p = compare(me, other, params, vectors if paraphrases else None)
        if p is not None:
            found.append((aid, p))
    info = rows(conn, [a for a, _ in found])
    matches = [(info[a], p) for a, p in found if a in info]
    matches.sort(key=lambda m: (-m[1].score, m[0].order()))
    seconds = time.perf_counter() - t0
    n = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    return Lookup(matches, len(ids), n, seconds, vectors.computed > 0)


def attach(report: Report, found: Lookup, params: Params | None = None, archive: str = "") -> Report:
    """The report with the lookup's ``recycled_content`` finding (when any) and analyzer entry added."""
    import dataclasses

    params = params or Params()
    doc = report.document
    run_params = {"archive": archive, **params.to_dict()}
    models = (embedding_model(),) if found.embedded else ()
    if not found.matches:
        run = AnalyzerRun(FINDING, "ok", f"no copy among the archive's {found.articles:,} article(s)", run_params, models,
                          {"matches": 0, "candidates": found.candidates, "lookup_ms": round(found.seconds * 1000, 1)})
        return dataclasses.replace(report, analyzers=(*report.analyzers, run))
    ordered = sorted(found.matches, key=lambda m: m[0].order())
    earliest = ordered[0][0]
    mine = parse_when(doc.metadata.published.value)
    first = mine is not None and mine < earliest.order()[0]
    cluster = {"size": len(found.matches) + 1}
    if first:
        f = make_finding(role="earliest", matches=found.matches, earliest=None, cluster=cluster, text_length=len(doc.text))
    else:
        best_of_earliest = next(m for m in found.matches if m[0].id == earliest.id)
        rest = [m for m in found.matches if m[0].id != earliest.id]
        f = make_finding(role="copy", matches=[best_of_earliest, *rest], earliest=earliest, cluster=cluster,
                         text_length=len(doc.text))
    run = AnalyzerRun(FINDING, "ok", f"{len(found.matches)} copy or copies in the archive", run_params, models,
                      {"matches": len(found.matches), "candidates": found.candidates,
                       "lookup_ms": round(found.seconds * 1000, 1)})
    return dataclasses.replace(report, findings=(*report.findings, f), analyzers=(*report.analyzers, run))


# -- dedupe ----------------------------------------------------------------------------------------------

@dataclass
class Summary:
    articles: int = 0  # articles with signatures in the archive
    new: int = 0  # articles looked at this run (new or changed since the last)
    backfilled: int = 0  # articles that had no signature (written by an older unspun) and got one
    candidates: int = 0  # candidate pairs from the bands
    compared: int = 0  # pairs compared exactly (after the MinHash estimates)
    confirmed: dict[str, int] = field(default_factory=dict)  # pairs by relation
    embedded: int = 0  # articles whose sentences were embedded this run
    clusters: int = 0  # clusters written this run
    members: int = 0
    removed: int = 0  # clusters dissolved or replaced
    reports: int = 0  # reports given (or relieved of) a recycled_content finding
    total_clusters: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of this process (all its threads: BLAS included)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["seconds"] = round(self.seconds, 3)
        d["cpu_seconds"] = round(self.cpu_seconds, 3)
        d["articles_per_second"] = round(self.new / self.seconds, 1) if self.seconds > 0 else None
        return d

    def text(self) -> str:
        conf = ", ".join(f"{v} {k}" for k, v in sorted(self.confirmed.items())) or "none"
        return (f"looked at {self.new:,} new or changed article(s) of {self.articles:,}"
                + (f" ({self.backfilled:,} given signatures)" if self.backfilled else "")
                + f"; {self.candidates:,} candidate pair(s), {self.compared:,} compared, confirmed: {conf}\n"
                f"wrote {self.clusters:,} cluster(s) with {self.members:,} member(s) (replacing {self.removed:,}); "
                f"{self.reports:,} report(s) updated; {self.total_clusters:,} cluster(s) in the archive; "
                f"{self.seconds:.1f} s\n")


def backfill(archive: Archive) -> int:
    """Give signatures to the articles that have none (archived by an unspun before signatures)."""
    conn = archive.conn
    todo = [int(r[0]) for r in conn.execute(
        "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.article_id = a.id "
        "AND s.scheme = ?) ORDER BY a.id", (nd.SHINGLES.name,))]
    for i in range(0, len(todo), 500):
        chunk = todo[i : i + 500]
        bodies = conn.execute(f"SELECT id, body FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        computed = [(int(aid), signatures(body or "")) for aid, body in bodies]
        with archive._transaction():
            for aid, sigs in computed:
                write_signatures(conn, aid, sigs)
    return len(todo)


def dedupe(archive: Archive, *, rebuild: bool = False, params: Params | None = None,
           vectors: Vectors | None = None, progress: bool = False) -> Summary:
    """Cluster the archive's copies, incrementally (see the module docstring); ``rebuild`` starts over."""
    t0, c0 = time.perf_counter(), time.process_time()
    params = params or Params()
    conn = archive.conn
    s = Summary()
    s.backfilled = backfill(archive)
    meta = archive.meta()
    if meta.get(SCHEMES_KEY) not in (None, scheme_description()):
        rebuild = True  # signatures of other parameters: every pair is looked at again
    seen = 0 if rebuild else int(meta.get(WATERMARK, "0"))
    top = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM signatures").fetchone()[0])
    new = {int(r[0]) for r in conn.execute("SELECT DISTINCT article_id FROM signatures WHERE rowid > ?", (seen,))}
    s.articles = int(conn.execute("SELECT count(*) FROM signatures WHERE scheme = ?", (nd.SHINGLES.name,)).fetchone()[0])
    member_of: dict[int, int] = {int(a): int(c) for a, c in conn.execute("SELECT article_id, cluster_id FROM cluster_members")}
    clusters: dict[int, list[int]] = {}
    for a, c in member_of.items():
        clusters.setdefault(c, []).append(a)
    # A cluster with a new or changed member is looked at again whole (the change may split it).
    touched = set() if rebuild else {member_of[a] for a in new if a in member_of}
    if rebuild:
        touched = set(clusters)
    for c in touched:
        new.update(clusters[c])
    s.new = len(new)
    vectors = vectors or Vectors(conn)
    mats = Materials(conn)
    union = UnionFind()
    for c, members in clusters.items():
        if c in touched:
            continue
        for m in members:
            union.union(members[0], m)
    edges: dict[tuple[int, int], Pair] = {}
    sig_cache: dict[int, dict[str, np.ndarray]] = {}
    order = sorted(new)
    bar = _bar(len(order), progress)
    for aid in order:
        mine = sig_cache.get(aid) or stored_signatures(conn, [aid]).get(aid, {})
        sig_cache[aid] = mine
        sigs = [Signature(sc, mine[sc.name], 0) for sc in nd.SCHEMES if sc.name in mine]
        cands = band_candidates(conn, sigs, exclude=aid)
        cands = {c for c in cands if not (c in new and c < aid)}  # each pair of new articles once
        s.candidates += len(cands)
        missing = [c for c in cands if c not in sig_cache]
        sig_cache.update(stored_signatures(conn, missing))
        for c in sorted(cands):
            if not worth_comparing(mine, sig_cache.get(c, {}), params):
                continue
            ma, mb = mats.get(aid), mats.get(c)
            if ma is None or mb is None:
                continue
            s.compared += 1
            p = compare(ma, mb, params, vectors)
            if p is None:
                continue
            edges[(aid, c)] = p
            s.confirmed[p.relation] = s.confirmed.get(p.relation, 0) + 1
            union.union(aid, c)
        if len(sig_cache) > 50_000:
            sig_cache.clear()
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    groups = [g for g in union.groups() if len(g) > 1 and any(x in new for x in g)]
    # Old clusters that the new groups replace: those touched, and those merged into a new group.
    replaced = set(touched) | {member_of[x] for g in groups for x in g if x in member_of}
    for key, p in old_edges(conn, replaced - touched).items():  # merged, unchanged clusters keep their pairs
        edges.setdefault(key, p)
    with archive._transaction():
        affected: set[int] = set()
        for c in replaced:
            affected.update(clusters.get(c, []))
            conn.execute("DELETE FROM clusters WHERE id = ?", (c,))
        s.removed = len(replaced)
        written: dict[int, tuple[int, dict[str, Any]]] = {}
        for g in sorted(groups):
            cid, info = write_cluster(conn, g, edges, mats, vectors, params)
            s.clusters += 1
            s.members += len(g)
            for x in g:
                written[x] = (cid, info)
            affected.update(g)
        store_vectors(conn, vectors.pending())
        s.embedded = vectors.computed
        s.reports = update_reports(conn, affected, written, params)
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (WATERMARK, str(top)))
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (SCHEMES_KEY, scheme_description()))
    s.total_clusters = int(conn.execute("SELECT count(*) FROM clusters").fetchone()[0])
    s.seconds = time.perf_counter() - t0
    s.cpu_seconds = time.process_time() - c0
    return s


def _bar(total: int, show: bool) -> Any:
    if not show:
        return None
    import sys

    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True, desc="unspun dedupe")
