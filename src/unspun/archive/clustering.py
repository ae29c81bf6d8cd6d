"""Clusters of copies: confirmed pairs joined (union-find), each cluster written with its members
measured against the earliest, the members' reports given the finding, and the clusters read back.
"""

from __future__ import annotations

import json
import zlib
from typing import TYPE_CHECKING, Any

from unspun.archive import near_dupes as nd
from unspun.archive.copies import Materials, Pair, Params, Vectors, compare, embedding_model
from unspun.archive.recycled_finding import FINDING, Row, make_finding, rows, set_finding
from unspun.archive.schema import now
from unspun.findings import SEVERITY_RANK, AnalyzerRun

if TYPE_CHECKING:
    import sqlite3


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        p = self.parent.setdefault(x, x)
        while p != self.parent[p]:
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        self.parent[x] = p
        return p

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return [sorted(v) for v in out.values()]


def old_edges(conn: sqlite3.Connection, cluster_ids: set[int]) -> dict[tuple[int, int], Pair]:
    """The confirmed pairs stored with the members of these clusters (member, the article it was measured with)."""
    out: dict[tuple[int, int], Pair] = {}
    for cid in cluster_ids:
        for aid, rel, j, sim, spans in conn.execute(
                "SELECT article_id, relation, jaccard, similarity, spans FROM cluster_members WHERE cluster_id = ? "
                "AND relation != 'earliest'", (cid,)):
            d = json.loads(spans or "{}")
            other = d.get("with")
            if other is None:
                continue
            passages = tuple(nd.Passage(q["start"], q["end"], q["other_start"], q["other_end"], q.get("words", 0))
                             for q in d.get("passages", []))
            out[(int(aid), int(other))] = Pair(rel, float(j or 0.0), 0.0, 0.0, sim, passages)
    return out


def _pair(edges: dict[tuple[int, int], Pair], a: int, b: int) -> Pair | None:
    p = edges.get((a, b))
    if p is not None:
        return p
    q = edges.get((b, a))
    return q.flipped() if q is not None else None


def write_cluster(conn: sqlite3.Connection, members: list[int], edges: dict[tuple[int, int], Pair],
                   mats: Materials, vectors: Vectors, params: Params) -> tuple[int, dict[str, Any]]:
    """Insert one cluster and its members; each member measured against the earliest (directly when the
    pair is confirmed, else through its strongest confirmed neighbour: ``via``)."""
    info = rows(conn, members)
    ordered = sorted(members, key=lambda x: info[x].order())
    first = ordered[0]
    relations: dict[int, tuple[Pair, int | None]] = {}
    for x in ordered[1:]:
        p = _pair(edges, x, first)
        if p is None:
            a, b = mats.get(x), mats.get(first)
            p = compare(a, b, params, vectors) if a is not None and b is not None else None
        if p is not None:
            relations[x] = (p, None)
            continue
        linked = [(y, q) for y in members if y != x and (q := _pair(edges, x, y)) is not None]
        if not linked:  # cannot happen (every member joined through a pair); measured against the earliest
            linked = [(first, Pair("near_copy", 0.0, 0.0, 0.0, None, ()))]
        best = max(linked, key=lambda yq: yq[1].score)
        relations[x] = (best[1], best[0])
    kinds = {p.relation for p, _ in relations.values()}
    method = "embedding" if kinds == {"paraphrase"} else ("minhash+embedding" if "paraphrase" in kinds else "minhash")
    cid = int(conn.execute("INSERT INTO clusters(method, earliest_article_id, size, created) VALUES (?, ?, ?, ?) "
                           "RETURNING id", (method, first, len(members), now())).fetchone()[0])
    conn.execute("INSERT INTO cluster_members(cluster_id, article_id, relation, jaccard, similarity, spans) "
                 "VALUES (?, ?, 'earliest', NULL, NULL, NULL)", (cid, first))
    for x in ordered[1:]:
        p, via = relations[x]
        spans = {"with": via if via is not None else first, "passages": [q.to_dict() for q in p.passages]}
        conn.execute("INSERT INTO cluster_members(cluster_id, article_id, relation, jaccard, similarity, spans) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (cid, x, p.relation, round(p.jaccard, 4), p.similarity,
                                                   json.dumps(spans, separators=(",", ":"))))
    return cid, {"cluster_id": cid, "size": len(members), "method": method, "earliest_id": first,
                 "order": ordered, "relations": relations, "rows": info}


def update_reports(conn: sqlite3.Connection, affected: set[int], written: dict[int, tuple[int, dict[str, Any]]],
                    params: Params) -> int:
    """Put the ``recycled_content`` finding in the current report of every member written; take it out of
    the reports of articles no longer in a cluster."""
    from unspun.archive.store import decode_report
    from unspun.archive.worker import REPORT_ENCODING

    n = 0
    for aid in sorted(affected):
        row = conn.execute("SELECT id, encoding, report FROM current_reports WHERE article_id = ?", (aid,)).fetchone()
        if row is None:
            continue  # an article stored without a report (the eval's collection, say)
        report_id, encoding, blob = int(row[0]), row[1], row[2]
        report = decode_report(encoding, blob)
        had = any(f.get("analyzer") == FINDING for f in report.get("findings", []))
        finding = run = None
        if aid in written:
            cid, info = written[aid]
            finding, run = _cluster_finding(aid, info, len(report["document"]["text"]), params)
        if finding is None and not had:
            continue
        report = set_finding(report, finding, run)
        conn.execute("UPDATE reports SET encoding = ?, report = ?, max_severity = ?, n_findings = ? WHERE id = ?",
                     (REPORT_ENCODING, zlib.compress(json.dumps(report, ensure_ascii=False, separators=(",", ":")).encode(), 6),
                      report["summary"]["max_severity"], len(report["findings"]), report_id))
        conn.execute("DELETE FROM findings WHERE report_id = ? AND analyzer = ?", (report_id, FINDING))
        if finding is not None:
            ordinal = len(report["findings"]) - 1
            spans = finding["spans"]
            conn.execute('INSERT INTO findings(report_id, article_id, ordinal, analyzer, label, severity, severity_rank, '
                         'score, start, "end", explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                         (report_id, aid, ordinal, FINDING, finding["label"], finding["severity"],
                          SEVERITY_RANK[finding["severity"]], finding["score"], spans[0]["start"] if spans else None,
                          spans[-1]["end"] if spans else None, finding["explanation"]))
        n += 1
    return n


def _cluster_finding(aid: int, info: dict[str, Any], text_length: int,
                     params: Params) -> tuple[dict[str, Any], dict[str, Any]]:
    rows_: dict[int, Row] = info["rows"]
    relations: dict[int, tuple[Pair, int | None]] = info["relations"]
    first = info["earliest_id"]
    cluster = {"cluster_id": info["cluster_id"], "size": info["size"], "method": info["method"]}
    if aid == first:
        matches = [(rows_[x], relations[x][0].flipped()) for x in info["order"][1:] if relations[x][1] is None]
        if not matches:  # every later member is linked through another one
            matches = [(rows_[x], relations[x][0].flipped()) for x in info["order"][1:]]
        f = make_finding(role="earliest", matches=matches, earliest=None, cluster=cluster, text_length=text_length)
    else:
        p, via = relations[aid]
        other = rows_[via if via is not None else first]
        rest = [(rows_[x], Pair(relations[x][0].relation, relations[x][0].jaccard, relations[x][0].containment,
                                relations[x][0].term_jaccard, relations[x][0].similarity, ()))
                for x in info["order"] if x not in (aid, other.id)]
        f = make_finding(role="copy", matches=[(other, p), *rest], earliest=rows_[first], cluster=cluster,
                         text_length=text_length)
        if via is not None:
            f.data["via"] = via
    run = AnalyzerRun(FINDING, "ok", f"member of cluster {info['cluster_id']} ({info['size']} articles), by unspun "
                      "archive dedupe", params.to_dict(),
                      (embedding_model(),) if info["method"] != "minhash" else ()).to_dict()
    return f.to_dict(), run


# -- reading clusters ----------------------------------------------------------------------------------------

def clusters(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every cluster with its members (earliest first), for reports and the eval."""
    out: dict[int, dict[str, Any]] = {}
    for cid, method, earliest, size in conn.execute("SELECT id, method, earliest_article_id, size FROM clusters ORDER BY id"):
        out[int(cid)] = {"id": int(cid), "method": method, "earliest": earliest, "size": int(size), "members": []}
    for cid, aid, rel, j, sim in conn.execute(
            "SELECT cluster_id, article_id, relation, jaccard, similarity FROM cluster_members ORDER BY cluster_id, "
            "relation != 'earliest', article_id"):
        out[int(cid)]["members"].append({"article_id": int(aid), "relation": rel, "jaccard": j, "similarity": sim})
    return list(out.values())
