"""Shipped model weights and cards, and the helpers that find and describe them.

Each model the project trains lives in ``unspun/models/<name>/`` with its
weights, a ``meta.json`` (name and version, which reports carry; a training run
writes it with ``training.common.write_meta``, adding the trained date, data, split
and seed) and a ``CARD.md`` (data, split, seed, metrics, date). The code that reads weights sits
beside its analyzer (``unspun.analyzers.<name>.model``, each with one cached
``load()``); the loaders of installed model packages are in ``unspun.runtime``.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from unspun import errors
from unspun.findings import ModelInfo


def path(name: str, filename: str) -> Path:
    """Path of a shipped model file, ``unspun/models/<name>/<filename>``."""
    p = Path(str(resources.files(__package__).joinpath(name, filename)))
    if not p.exists():
        raise errors.model_missing(name, f"{p} is not in the installed package")
    return p


@cache
def sha256_of(file: str) -> str:
    h = hashlib.sha256()
    with open(file, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@cache
def meta(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path(name, "meta.json").read_text(encoding="utf-8"))
    return data


@cache
def info(name: str, weights_file: str) -> ModelInfo:
    """ModelInfo for a shipped model: name and version from meta.json, sha256 of the weights (once per
    process: every report names its models)."""
    m = meta(name)
    return ModelInfo(m.get("name", name), str(m.get("version", "0")), sha256_of(str(path(name, weights_file))))
