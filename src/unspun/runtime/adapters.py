"""Low-rank deltas on all-MiniLM-L6-v2 for one use, in plain numpy.

An adapter is a shipped ``.npz`` of fp16 factors ``l{i}.{target}.a`` ``(in, r)`` and ``.b`` ``(r, out)``
for layer ``i`` and target ``qkv`` (the fused query/key/value weight), ``out``, ``up`` or ``down``;
the adapted weight is ``W + a @ b`` (the scale is folded into ``b``). The deltas are merged into a copy
of the layers they touch once per process, so an adapted vector costs what a stock one costs.

- ``claim_query`` (``models/claim_retrieval/claim_query.npz``, ``training/finetune_claim_queries.py``):
  the vector of a claim looked up among earlier fact-checks (:class:`unspun.archive.claims.ClaimIndex`),
  compared with the fact-checks' *stock* vectors.

Use ``embed.embed(texts, adapter=NAME)``.
"""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from unspun.findings import ModelInfo

if TYPE_CHECKING:
    from unspun.runtime.embed import _Model

#: adapter name -> (model folder, file) under unspun/models
ADAPTERS = {"claim_query": ("claim_retrieval", "claim_query.npz")}
_FIELDS = {"qkv": "qkv_w", "out": "out_w", "up": "up_w", "down": "down_w"}


def _file(name: str) -> str:
    from unspun import models

    if name not in ADAPTERS:
        raise ValueError(f"no adapter named {name!r} (known: {', '.join(sorted(ADAPTERS))})")
    return str(models.path(*ADAPTERS[name]))


@cache
def model(name: str) -> _Model:
    """The bundled MiniLM with adapter ``name`` merged in (loaded once per process; the stock model is shared)."""
    from unspun.runtime import embed

    return merge(embed.load(), _file(name))


def merge(base: _Model, file: str | Path) -> _Model:
    """``base`` with the deltas of the adapter ``file`` added to the weights they touch (new arrays for
    those; everything else shared with ``base``)."""
    with np.load(file, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files if k != "meta"}
    layers = list(base.layers)
    used: set[str] = set()
    for i, layer in enumerate(layers):
        new = {}
        for t, field in _FIELDS.items():
            key = f"l{i}.{t}"
            if key + ".a" in arrays:
                w = getattr(layer, field)
                delta = arrays[key + ".a"].astype(np.float32) @ arrays[key + ".b"].astype(np.float32)
                if delta.shape != w.shape:
                    raise ValueError(f"adapter {file}: {key} is {delta.shape}, the weight is {w.shape}")
                new[field] = np.ascontiguousarray(w + delta)
                used.update((key + ".a", key + ".b"))
        if new:
            layers[i] = dataclasses.replace(layer, **new)
    if used != set(arrays):
        raise ValueError(f"adapter {file}: arrays not understood: {sorted(set(arrays) - used)}")
    return dataclasses.replace(base, layers=tuple(layers))


@cache
def meta(name: str) -> dict[str, Any]:
    """The adapter's name, version, data, seed and training settings (its ``meta`` entry)."""
    with np.load(_file(name), allow_pickle=False) as z:
        data: dict[str, Any] = json.loads(str(z["meta"]))
    return data


@cache
def model_info(name: str) -> ModelInfo:
    """Name, version and sha256 of the adapter file (for a report's ``models``)."""
    from unspun import models

    m = meta(name)
    return ModelInfo(str(m["name"]), str(m["version"]), models.sha256_of(_file(name)))
