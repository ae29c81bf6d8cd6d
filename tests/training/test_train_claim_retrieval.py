"""The listwise re-ranker fit of ``training/train_claim_retrieval.py`` (claim retrieval 1.3.0)."""

from __future__ import annotations

import numpy as np
import pytest

from training.train_claim_retrieval import fit_listwise, fit_pointwise


def _groups(seed: int, n: int = 60) -> list[tuple[np.ndarray, np.ndarray]]:
    """Shortlists of 8 whose relevant row has the highest feature 0 *within its group*; feature 1 is a per-group
    offset (some queries score high everywhere), feature 2 noise."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        x = rng.normal(size=(8, 3))
        x[:, 1] = rng.normal() * 3
        x[:, 0] += x[:, 1]  # the group's level shifts feature 0 too: only its order within the group tells
        y = np.zeros(8, dtype=int)
        y[int(np.argmax(x[:, 0]))] = 1
        out.append((x, y))
    return out


def _top1(rr, groups) -> float:  # type: ignore[no-untyped-def]
    return float(np.mean([y[int(np.argmax(rr.score(x)))] for x, y in groups]))


def test_listwise_fit_ranks_held_out_shortlists_by_the_deciding_feature() -> None:
    rr = fit_listwise(_groups(1), 10.0)
    w = np.array(rr.weights)
    assert w[0] > 0 and abs(w[0]) > 3 * abs(w[2])
    assert _top1(rr, _groups(2)) >= 0.95


def test_listwise_fit_skips_a_shortlist_without_its_claim() -> None:
    groups = _groups(3)
    empty = (np.ones((5, 3)) * 100, np.zeros(5, dtype=int))
    a, b = fit_listwise(groups, 10.0), fit_listwise([*groups, empty], 10.0)
    # the empty group teaches nothing (its rows only move the standardisation a little)
    assert _top1(b, _groups(4)) == pytest.approx(_top1(a, _groups(4)), abs=0.05)


def test_listwise_fit_is_no_worse_than_pointwise_when_levels_differ_by_group() -> None:
    train, test = _groups(5), _groups(6)
    point = fit_pointwise([(None, x, y, None) for x, y in train], 10.0)
    assert _top1(fit_listwise(train, 10.0), test) >= _top1(point, test)


@pytest.mark.parametrize(("ranked", "ap"), [(["a", "b"], 1.0), (["b", "a"], 0.5), (["b", "c", "d", "e", "f", "a"], 0.0), ([], 0.0)])
def test_refit_check_average_precision_at_5(ranked: list[str], ap: float) -> None:
    from training.claim_retrieval_refit_check import ap_at_5

    assert ap_at_5(ranked, {"a"}) == ap
