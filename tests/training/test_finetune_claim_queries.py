"""The query-adapter fine-tuning script runs end to end on a tiny sample, and what it saves is what the numpy
runtime reads. jax is a training-only tool (see the script's docstring for a scratch environment): skipped
without it, and without ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from unspun.runtime import adapters, embed


def test_finetune_tiny_sample(shared_data: Path, tmp_path: Path) -> None:
    pytest.importorskip("jax")
    from training import finetune_claim_queries as ft

    out = tmp_path / "model"
    ft.main(["--grid", "tiny", "--limit", "20", "--out", str(out)])
    cv = json.loads((out / "claim_query_cv.json").read_text())
    assert cv["parity_max_abs_diff"] < 1e-4  # the jax forward pass is the runtime's
    assert cv["runtime_parity_max_abs_diff"] < 1e-4  # the saved fp16 factors read back as jax used them
    assert [r["setting"] for r in cv["results"]][0] == "stock MiniLM" and len(cv["results"]) == 2
    with np.load(out / "claim_query.npz") as z:
        assert sorted(k for k in z.files if k != "meta") == sorted(f"l5.{t}.{p}" for t in ft.TARGETS for p in "ab")
        assert z["l5.qkv.a"].dtype == np.float16 and z["l5.qkv.a"].shape == (384, 2)
        assert np.abs(z["l5.up.b"]).max() > 0  # it trained
        assert json.loads(str(z["meta"]))["config"]["rank"] == 2
    m = adapters.merge(embed.load(), out / "claim_query.npz")
    stock = embed.load().layers
    assert all(a is b for a, b in zip(m.layers[:5], stock[:5], strict=True))  # only the top layer changed
    assert m.layers[5].up_w is not stock[5].up_w and m.layers[5].ln1_g is stock[5].ln1_g


@pytest.mark.parametrize(("texts", "max_tokens"), [(["A short one.", "Another, a little longer, sentence here."], 96),
                                                  (["word " * 200], 16)])
def test_tokenize_cuts_as_the_runtime(texts: list[str], max_tokens: int) -> None:
    pytest.importorskip("jax")
    from training import finetune_claim_queries as ft

    seqs = ft.tokenize(texts, max_tokens)
    assert all(len(s) <= max_tokens and s[0] == 101 and s[-1] == 102 for s in seqs)
    got = ft.stock_vectors(ft.frozen_weights(), seqs)
    assert np.abs(got - embed.embed(texts, max_tokens=max_tokens)).max() < 1e-4


def test_final_reads_the_training_and_development_tweets(shared_data: Path) -> None:
    from training import finetune_claim_queries as ft

    _, train, train_qrels = ft.load_train()
    _, both, qrels = ft.load_train(parts=("train", "dev"))
    assert len(train) == 800 and len(both) == 997 and both[:800] == train
    assert len({q[0] for q in both}) == 997 and all(qrels[q[0]] for q in both)
    assert {k: qrels[k] for k in train_qrels} == train_qrels
