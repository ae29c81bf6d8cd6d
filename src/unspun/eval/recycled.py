"""`unspun eval recycled [DATA]`: near-copy and reworded-copy clusters against a collection with known copies.

The collection is built at run time from the shared data folder (:mod:`unspun.eval.recycled_data`):
5,000-odd unrelated articles, copies of a sample of them of five kinds, and the IU corpus's own LLM
rephrasings. Every article goes into a fresh archive (``Archive.add_articles``, signatures included),
``unspun archive dedupe`` clusters it, and the clusters are scored pairwise:

- **precision**: of the pairs of articles the clusters put together, the share that are copies of one
  original (the original and its copies, or two copies of it);
- **recall**: of those true pairs, the share put in one cluster (over the five constructed kinds;
  ``recall_with_natural`` adds the LLM rephrasings);
- **per-kind recall**: for each kind, the share of (original, copy) pairs put in one cluster;
- **earliest**: of the clusters holding an original and at least one of its copies, the share whose
  earliest member is the original (copies are dated later, or undated and so first seen later).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from unspun import errors
from unspun.eval import recycled_data as rd

EXPECTED = "the shared data folder (with fnc-1/, human-ai-news-iu/, machine-text-xsum-fastdetectgpt/, ...)"


def add_parser(tasks: Any, name: str) -> None:
    p = tasks.add_parser(name, help="recycled content: cluster precision and recall on a collection with known copies",
                         description="Build a collection with known copies from the shared data, cluster it as "
                                     "'unspun archive dedupe' does, and score the clusters pairwise.")
    p.add_argument("data", nargs="?", metavar="DATA",
                   help="the shared data folder (default: the first of shared/data, ../shared/data, ../../shared/data)")
    p.add_argument("--originals", type=int, default=600, help="articles to copy (default 600)")
    p.add_argument("--seed", type=int, default=2026, help="seed of the sample and of the copies (default 2026)")
    p.add_argument("--half", choices=("all", "tune", "test"), default="all",
                   help="copy only articles of one half (by a hash of their id): the thresholds were chosen on "
                        "'tune'; 'test' never served to choose them (default: all)")
    p.add_argument("--db", metavar="FILE", help="keep the collection's archive in FILE; when it exists and holds the "
                                                 "same collection, it is clustered again without re-reading the data")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--errors", action="store_true", help="list the pairs missed and the pairs wrongly joined")
    p.set_defaults(eval_func=run)


def find_data(given: str | None) -> Path:
    if given:
        d = Path(given)
        if not (d / "fnc-1").is_dir():
            raise errors.eval_data(given, "not the shared data folder", EXPECTED)
        return d
    for cand in (Path("shared/data"), Path("../shared/data"), Path("../../shared/data")):
        if (cand / "fnc-1").is_dir():
            return cand
    raise errors.eval_data("shared/data", "not found from this folder", EXPECTED + "; pass it as DATA")


def in_half(article_id: str, half: str) -> bool:
    return half == "all" or (zlib.crc32(article_id.encode()) % 2 == 0) == (half == "tune")


def drop_shared(base: list[rd.Article], *, jaccard: float = 0.3, contained: float = 0.7) -> list[rd.Article]:
    """The articles that are no copy of an earlier one: exact 5-word-shingle Jaccard under ``jaccard`` and
    neither holding ``contained`` of the other's shingles, among the candidates of an in-memory datasketch
    LSH at a low threshold (0.1). Two articles that share a quotation or a paragraph both stay: they are
    different articles, which the clusters must keep apart."""
    from datasketch import MinHash, MinHashLSH

    from unspun.archive import near_dupes as nd

    lsh = MinHashLSH(threshold=0.1, num_perm=nd.NUM_PERM)
    kept: list[rd.Article] = []
    feats: dict[str, Any] = {}
    for a in base:
        f = nd.features(nd.tokenize(a.body), nd.SHINGLES)
        sig = nd.signature(f, nd.SHINGLES)
        m = MinHash(hashvalues=sig, seed=nd.SEED, scheme=nd.MINHASH_SCHEME)
        clash = False
        for other in lsh.query(m):
            g = feats[other]
            if (nd.jaccard(f, g) >= jaccard or nd.containment(f, g) >= contained
                    or nd.containment(g, f) >= contained):
                clash = True
                break
        if clash:
            continue
        lsh.insert(a.id, m)
        feats[a.id] = f
        kept.append(a)
    return kept


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score(articles: list[rd.Article], predicted: dict[str, int], earliest: dict[int, str]) -> dict[str, Any]:
    """Pairwise precision and recall of predicted clusters (article id -> cluster id) against the truth."""
    truth = {a.id: (a.original or a.id) for a in articles}
    natural_roots = {a.original for a in articles if a.kind == rd.NATURAL}
    constructed_roots = {a.original for a in articles if a.kind in rd.KINDS}
    pred_size: Counter[int] = Counter(predicted.values())
    truth_size: Counter[str] = Counter(truth.values())
    cell: Counter[tuple[int, str]] = Counter((predicted[a], truth[a]) for a in predicted)
    pred_pairs = sum(_pairs(n) for n in pred_size.values())
    tp = sum(_pairs(n) for n in cell.values())
    true_pairs = sum(_pairs(n) for r, n in truth_size.items() if r in constructed_roots)
    tp_constructed = sum(_pairs(n) for (c, r), n in cell.items() if r in constructed_roots)
    true_all = sum(_pairs(n) for r, n in truth_size.items() if r in constructed_roots | natural_roots)
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp_constructed / true_pairs if true_pairs else 1.0
    per_kind: dict[str, dict[str, Any]] = {}
    for kind in (*rd.KINDS, rd.NATURAL):
        copies = [a for a in articles if a.kind == kind]
        found = sum(1 for a in copies if a.id in predicted and predicted.get(a.original or "") == predicted[a.id])
        per_kind[kind] = {"pairs": len(copies), "found": found, "recall": round(found / len(copies), 4) if copies else None}
    with_copy = [r for r in constructed_roots if r in predicted
                 and any(predicted.get(a.id) == predicted[r] for a in articles if a.original == r)]
    right = sum(1 for r in with_copy if earliest.get(predicted[r]) == r)
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "recall_with_natural": round((tp_constructed + sum(_pairs(n) for (c, r), n in cell.items() if r in natural_roots))
                                     / true_all, 4) if true_all else None,
        "per_kind": per_kind,
        "per_kind_recall": {k: v["recall"] for k, v in per_kind.items()},
        "earliest_correct": round(right / len(with_copy), 4) if with_copy else None,
        "predicted_pairs": pred_pairs,
        "true_pairs": true_pairs,
        "true_positive_pairs": tp,
    }


def errors_of(articles: list[rd.Article], predicted: dict[str, int], limit: int = 50) -> dict[str, Any]:
    by_id = {a.id: a for a in articles}
    truth = {a.id: (a.original or a.id) for a in articles}
    missed = [{"original": a.original, "copy": a.id, "kind": a.kind} for a in articles
              if a.original and (predicted.get(a.id) is None or predicted.get(a.id) != predicted.get(a.original))]
    groups: dict[int, list[str]] = defaultdict(list)
    for aid, c in predicted.items():
        groups[c].append(aid)
    wrong = []
    for c, members in groups.items():
        roots = Counter(truth[m] for m in members)
        if len(roots) > 1:
            wrong.append({"cluster": c, "members": [{"id": m, "source": by_id[m].source, "copy_of": by_id[m].original,
                                                     "headline": by_id[m].headline[:80]} for m in sorted(members)]})
    return {"missed": missed[:limit], "wrongly_joined": wrong[:limit], "missed_total": len(missed),
            "wrongly_joined_total": len(wrong)}


def evaluate(data: Path, *, originals: int = 600, seed: int = 2026, half: str = "all", db: str | None = None,
             with_errors: bool = False, progress: bool = False) -> dict[str, Any]:
    from unspun.archive import clustering, recycled
    from unspun.archive.copies import Params
    from unspun.archive.store import Archive

    t0 = time.perf_counter()
    coll = rd.build(data, originals=originals, seed=seed,
                    base_filter=drop_shared, eligible=lambda a: in_half(a.id, half))
    t_build = time.perf_counter() - t0
    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="unspun-eval-recycled-")
        path = os.path.join(tmp.name, "collection.db")
    else:
        path = db
    key = f"originals={originals} seed={seed} half={half} articles={len(coll.articles)}"
    try:
        with Archive.open(path) as archive:
            t1 = time.perf_counter()
            if archive.meta().get("eval.recycled") != key:
                if archive.conn.execute("SELECT count(*) FROM articles").fetchone()[0]:
                    raise errors.eval_data(path, "an archive of another collection or of other articles",
                                           "a new file for --db, or the file an earlier run with the same options made")
                archive.add_articles(({"id": a.id, "headline": a.headline, "body": a.body, "url": a.url,
                                       "site": a.site, "published": a.published} for a in coll.articles),
                                     source="eval recycled")
                archive.conn.execute("INSERT INTO meta(key, value) VALUES ('eval.recycled', ?)", (key,))
            t_insert = time.perf_counter() - t1
            summary = recycled.dedupe(archive, rebuild=True, progress=progress)
            ext = dict(archive.conn.execute("SELECT id, ext_id FROM articles"))
            predicted: dict[str, int] = {}
            earliest: dict[int, str] = {}
            for c in clustering.clusters(archive.conn):
                earliest[c["id"]] = ext[c["earliest"]]
                for m in c["members"]:
                    predicted[ext[m["article_id"]]] = c["id"]
            relation_of = dict(archive.conn.execute(
                "SELECT x.ext_id, m.relation FROM cluster_members m JOIN articles x ON x.id = m.article_id"))
            relations = Counter((a.kind, relation_of[a.id]) for a in coll.articles if a.kind and a.id in relation_of)
    finally:
        if tmp is not None:
            tmp.cleanup()
    result = score(coll.articles, predicted, earliest)
    kinds = Counter(a.kind for a in coll.articles if a.kind)
    sources = Counter(a.source for a in coll.articles if not a.original)
    result.update({
        "collection": {"articles": len(coll.articles), "unrelated": coll.unrelated, "originals": coll.originals,
                       "copies": dict(sorted(kinds.items())), "unrelated_by_source": dict(sorted(sources.items())),
                       "dropped_as_already_sharing_text": coll.dropped, "seed": seed, "half": half},
        "relations": {f"{k}:{r}": n for (k, r), n in sorted(relations.items())},
        "dedupe": summary.to_dict(),
        "params": Params().to_dict(),
        "seconds": {"build": round(t_build, 1), "insert": round(t_insert, 1), "dedupe": round(summary.seconds, 1)},
    })
    if with_errors:
        result["errors"] = errors_of(coll.articles, predicted)
    return result


def run(a: argparse.Namespace) -> int:
    from unspun.eval import emit

    if a.originals < 1:
        raise errors.bad_option("--originals", "a positive number of articles to copy", str(a.originals), "Try --originals 600.")
    r = evaluate(find_data(a.data), originals=a.originals, seed=a.seed, half=a.half, db=a.db, with_errors=a.errors,
                 progress=not a.json and os.isatty(2))
    c = r["collection"]
    lines = [
        f"collection: {c['articles']:,} articles: {c['unrelated']:,} unrelated ({c['originals']} of them copied), "
        f"copies {c['copies']}",
        f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  f1 {r['f1']:.3f}  "
        f"(pairs: {r['predicted_pairs']:,} predicted, {r['true_pairs']:,} true)",
        "recall by kind: " + ", ".join(f"{k} {v['recall']:.3f} ({v['found']}/{v['pairs']})"
                                       for k, v in r["per_kind"].items() if v["recall"] is not None),
        f"earliest member right: {r['earliest_correct']}",
        f"dedupe: {r['dedupe']['new']:,} articles in {r['dedupe']['seconds']:.1f} s "
        f"({r['dedupe']['articles_per_second']} articles/s), {r['dedupe']['embedded']} embedded",
    ]
    if "errors" in r:
        e = r["errors"]
        lines.append(f"missed {e['missed_total']}, wrongly joined clusters {e['wrongly_joined_total']}")
        lines += [f"  missed {m['kind']}: {m['copy']} of {m['original']}" for m in e["missed"]]
        for w in e["wrongly_joined"]:
            lines.append("  joined: " + "; ".join(f"{m['id']} ({m['source']})" for m in w["members"]))
    return emit(r, a.json, lines)

