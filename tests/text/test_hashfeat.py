"""Hashed features: the memoised slots are the CRC-32 slots, whatever the cache holds."""

from __future__ import annotations

import zlib

import pytest

from unspun.text import hashfeat

FEATURES = ["w=the", "s3=ing", "w-1=<edge>", "bg+=said|the", "lx=loaded", "w=é", "", "w=the", "sl=20"]


def test_slots_are_crc32_and_stable_across_calls() -> None:
    want = [zlib.crc32(f.encode("utf-8")) & ((1 << hashfeat.DIM_BITS) - 1) for f in FEATURES]
    assert hashfeat.slots(FEATURES) == want  # first sight
    assert hashfeat.slots(FEATURES) == want  # from the cache
    assert [hashfeat.slot(f) for f in FEATURES] == want


def test_slots_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hashfeat, "SLOT_CACHE_SIZE", 4)
    many = [f"w={i}" for i in range(50)]
    for _ in range(3):
        assert hashfeat.slots(many) == [hashfeat.slot(f) for f in many]
        assert len(hashfeat._SLOT_CACHE) <= 4 + len(many)
    hashfeat.slots(["x"])
    assert len(hashfeat._SLOT_CACHE) <= 4 + 1


# (features seen in training, features asked for): the remembered columns are lookup(slots()), also
# for unseen features, repeats, and a second call served from the cache
COLUMN_CASES = [
    (["w=the", "sl=20"], FEATURES),
    ([], FEATURES),
    (FEATURES, []),
    (["w=é", "bg+=said|the"], ["w=é", "w=é", "x", "bg+=said|the"]),
]


@pytest.mark.parametrize(("trained", "asked"), COLUMN_CASES)
def test_vocab_columns_equal_lookup_of_slots(trained: list[str], asked: list[str]) -> None:
    import numpy as np

    vocab = hashfeat.Vocab(np.array(sorted(set(hashfeat.slots(trained))), dtype=np.int64), np.ones(len(set(trained)), np.float32))
    want = vocab.lookup(hashfeat.slots(asked)).tolist()
    assert vocab.columns(asked).tolist() == want
    assert vocab.columns(asked).tolist() == want  # from the cache
    if trained and asked:
        assert max(vocab.columns(asked)) >= 0  # not all unseen: the table tests both kinds


def test_vocab_columns_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    monkeypatch.setattr(hashfeat, "SLOT_CACHE_SIZE", 4)
    vocab = hashfeat.Vocab(np.array([hashfeat.slot("w=1")], dtype=np.int64), np.ones(1, np.float32))
    many = [f"w={i}" for i in range(50)]
    for _ in range(3):
        assert vocab.columns(many).tolist() == vocab.lookup(hashfeat.slots(many)).tolist()
        assert len(vocab._columns) <= 4 + len(many)
