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
