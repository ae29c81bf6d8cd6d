"""The check-worthiness weights file: with or without the head over the adapted encoder (1.1.0 has one), and
stackers whose size matches; the head's logit and its data-set input."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from unspun import models
from unspun.analyzers.checkworthy_claims.model import ADAPTER, TUNED_TOKENS, CheckworthyModel, TunedHead, load
from unspun.runtime import embed


def _write(tmp_path: Path, tuned: bool, stack: int) -> Path:
    with np.load(models.path("checkworthy", "weights.npz")) as z:
        arrays = {k: z[k] for k in z.files if not k.startswith("tuned_")}
    if tuned:
        arrays |= {"tuned_w": np.ones(384, dtype=np.float32), "tuned_s": np.array([2.0]), "tuned_b": np.array([-1.0])}
    arrays |= {"stack_news": np.arange(stack, dtype=np.float64), "stack_debate": np.arange(stack, dtype=np.float64)}
    f = tmp_path / "w.npz"
    np.savez(f, **arrays)
    return f


@pytest.mark.parametrize(("tuned", "stack", "error"), [
    (True, 4, None),
    (False, 3, None),
    (True, 3, "stackers of 3"),
    (False, 4, "stackers of 4"),
])
def test_weights_file_and_stacker_size(tmp_path: Path, tuned: bool, stack: int, error: str | None) -> None:
    f = _write(tmp_path, tuned, stack)
    if error:
        with pytest.raises(ValueError, match=error):
            CheckworthyModel.from_file(f)
        return
    m = CheckworthyModel.from_file(f)
    assert (m.tuned is not None) == tuned and len(m.stack_news) == stack == len(m.stack_debate)


@pytest.mark.parametrize(("debate", "expected"), [(False, 0.5 - 1.0), (True, 0.5 + 2.0 - 1.0)])
def test_tuned_head_logit(debate: bool, expected: float) -> None:
    head = TunedHead(np.full(384, 0.5 / 384, dtype=np.float32), 2.0, -1.0)
    assert head.logits(np.ones((2, 384), dtype=np.float32), debate) == pytest.approx([expected] * 2, abs=1e-5)


@pytest.mark.parametrize("debate", [False, True])
def test_shipped_model_reads_the_adapted_vectors(debate: bool) -> None:
    m = load()
    if m.tuned is None:
        pytest.skip("the shipped model has no tuned head")
    texts = ["Unemployment rose to 9.2 percent last year.", "Thank you all for coming."]
    only_tuned = dataclasses.replace(m, stack_news=(0.0, 0.0, 1.0, 0.0), stack_debate=(0.0, 0.0, 1.0, 0.0))
    want = m.tuned.logits(embed.embed(texts, max_tokens=TUNED_TOKENS, adapter=ADAPTER), debate)
    got = only_tuned.scores(texts, debate=debate)
    assert got == pytest.approx(want if debate else 1 / (1 + np.exp(-want)), abs=1e-6)
    stock = embed.embed(texts, max_tokens=TUNED_TOKENS)
    assert not np.allclose(m.tuned.logits(stock, debate), want, atol=1e-3)  # the adapter changes the vectors
