"""Verified-claim retrieval (unspun.archive.claims) and `unspun eval claim-retrieval`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspun import errors
from unspun.archive.claims import FEATURES, ClaimIndex, Reranker, clean_query
from unspun.eval import claim_retrieval as ev

CLAIMS = [
    ("10", "122 detainees released from Guantanamo have re-engaged in terrorism.", "Guantanamo detainees return"),
    ("11", "Drinking bleach cures the coronavirus.", "Does bleach cure COVID-19?"),
    ("12", "The Eiffel Tower was sold twice by a con man.", "Eiffel Tower sale"),
]
BM25_ONLY = Reranker(tuple(1.0 if f == "bm25_log" else 0.0 for f in FEATURES), 0.0)


def _index(reranker: Reranker = BM25_ONLY) -> ClaimIndex:
    emb = np.eye(len(CLAIMS), 384, dtype=np.float32)  # orthogonal stand-ins for MiniLM vectors
    return ClaimIndex(CLAIMS, claim_emb=emb, title_emb=emb, reranker=reranker)


def test_search_ranks_the_claim_sharing_words_first() -> None:
    hits = _index().search("Is it true that bleach cures covid? https://t.co/xyz", k=2, q_emb=np.zeros(384, np.float32))
    assert hits[0].id == "11"


def test_search_finds_a_paraphrase_through_the_embedding() -> None:
    dense = Reranker(tuple(1.0 if f == "cos_max" else 0.0 for f in FEATURES), 0.0)
    q = np.eye(len(CLAIMS), 384, dtype=np.float32)[2]  # "means the same" as claim 12, no shared word
    hits = _index(dense).search("A swindler flogged Paris' landmark", k=1, q_emb=q)
    assert hits[0].id == "12"


def test_search_with_no_word_in_common_still_answers_from_the_embedding() -> None:
    q = np.eye(len(CLAIMS), 384, dtype=np.float32)[0]
    assert _index().search("zzzz qqqq", k=3, q_emb=q)  # dense candidates only


@pytest.mark.parametrize(
    ("tweet", "query"),
    [
        ("Look pic.twitter.com/abc and https://t.co/x now", "Look and now"),
        ("Fires #AustralianFires", "Fires AustralianFires Australian Fires"),
        ("#DefundTheCBChttps://t.co/CsHG8R9cHp", "DefundTheCBC Defund The CBC"),
        ("— Center (@CenterForBioDiv) January 14, 2020", "— Center (CenterForBioDiv Center For Bio Div) January 14, 2020"),
        ("#COVID19 and @realDonaldTrump", "COVID19 COVID 19 and realDonaldTrump real Donald Trump"),
        ("#fires #BREAKING @cnn", "fires BREAKING cnn"),  # nothing to split: the tag's word alone
        ("mail me at a@example.com, iPhone", "mail me at a@example.com, iPhone"),  # not tags
    ],
)
def test_clean_query_table(tweet: str, query: str) -> None:
    assert clean_query(tweet) == query


@pytest.mark.parametrize(
    ("ranked", "relevant", "map5", "mrr", "r1"),
    [
        ([["a", "b"]], [{"a"}], 1.0, 1.0, 1.0),
        ([["b", "a"]], [{"a"}], 0.5, 0.5, 0.0),
        ([["b", "c", "d", "e", "f", "a"]], [{"a"}], 0.0, 1 / 6, 0.0),
        ([["x"], ["a"]], [{"a"}, {"a"}], 0.5, 0.5, 0.5),
    ],
)
def test_measures_table(ranked: list[list[str]], relevant: list[set[str]], map5: float, mrr: float, r1: float) -> None:
    r = ev.measures(ranked, relevant)
    assert r["map_at_5"] == pytest.approx(map5, abs=1e-4)
    assert r["mrr"] == pytest.approx(mrr, abs=1e-4)
    assert r["recall_at"]["1"] == pytest.approx(r1)
    assert set(r["recall_at"]) == {"1", "5", "20"}


def test_read_qrels_rejects_a_short_line(tmp_path: Path) -> None:
    p = tmp_path / "q.qrels"
    p.write_text("1\t0\t394\t1\n2\t0\n", encoding="utf-8")
    with pytest.raises(errors.UnspunError, match="2 field"):
        ev.read_qrels(p)


def test_evaluate_on_a_tiny_collection(tmp_path: Path) -> None:
    emb = np.eye(len(CLAIMS), 384, dtype=np.float32)
    np.save(tmp_path / "vclaim.npy", emb)
    np.save(tmp_path / "title.npy", emb)
    claims = [list(c) for c in CLAIMS]
    queries = [["q1", "bleach cures coronavirus"], ["q2", "Guantanamo detainees terrorism"]]
    r = ev.evaluate(claims, queries, {"q1": {"11"}, "q2": {"10"}}, emb_cache=tmp_path, reranker=BM25_ONLY)
    assert r["queries"] == 2
    assert r["map_at_5"] == 1.0
