"""The shipped query adapter (models/claim_retrieval/claim_query.npz) loads offline, touches only what its file
holds, and brings a claim's tweet-like restatement closer than a distractor on the same words. The sentences are
written for this test (not from CheckThat!); the fact-check side is always the stock vector."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.archive.claims import QUERY_TOKENS, load_reranker, query_model_name, query_vectors
from unspun.runtime import adapters, embed


def test_claim_query_adapter_loads() -> None:
    assert load_reranker().adapter == "claim_query"
    info = adapters.model_info("claim_query")
    assert (info.name, info.version, len(info.sha256)) == ("unspun-claim-query-adapter", "1.0.0", 64)
    assert adapters.meta("claim_query")["config"]["layers"] == 2
    m, stock = adapters.model("claim_query"), embed.load()
    assert all(a is b for a, b in zip(m.layers[:4], stock.layers[:4], strict=True))
    assert all(not np.array_equal(m.layers[i].qkv_w, stock.layers[i].qkv_w) for i in (4, 5))
    assert m.word is stock.word and m.tokenizer is stock.tokenizer
    assert query_model_name().endswith("+ unspun-claim-query-adapter 1.0.0")


@pytest.mark.parametrize(("tweet", "claim", "distractor"), [
    ("Thread: The moon landing was filmed in a studio. Here's the proof they don't want you to see 👇",
     "The Apollo moon landings were staged.", "Here is a thread about a film studio and the proof of a movie."),
    ("Heads up: McDonald's is closing all its restaurants in the country next month, per my friend who works there",
     "McDonald's is shutting down all of its locations nationwide.", "My friend works at a McDonald's restaurant in the country."),
    ("The president's press secretary quit this morning over the leaked memo. Huge. #politics",
     "The White House press secretary resigned because of a leaked memo.",
     "The president's press secretary held a press briefing this morning about politics."),
    ("Apparently eating two bananas a day cures depression, science says lol",
     "Bananas cure depression.", "Scientists say depression affects millions of people every day."),
])
def test_adapter_brings_the_restatement_closer(tweet: str, claim: str, distractor: str) -> None:
    s = embed.embed([tweet, claim, distractor], max_tokens=QUERY_TOKENS)
    q = query_vectors([tweet])[0]
    stock_margin = float(s[0] @ s[1] - s[0] @ s[2])
    tuned_margin = float(q @ s[1] - q @ s[2])
    assert tuned_margin > 0.05 and tuned_margin > stock_margin + 0.03


def test_unknown_adapter() -> None:
    with pytest.raises(ValueError, match="no adapter named"):
        embed.embed(["x"], adapter="nope")
