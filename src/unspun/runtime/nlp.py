"""One place to run spaCy: parse a text once, reuse the parsed Doc.

Analyzers call :func:`parse` (a whole text) or :func:`parse_many` (many short
texts, batched). Both are cached per text with a small LRU so that several
analyzers reading the same article pay for the parse once. The pipeline is
:func:`unspun.models.spacy_pipeline` (loaded once per process).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

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
    from unspun.models import spacy_pipeline

    keys = [(t, tuple(sorted(disable))) for t in texts]
    with _lock:
        # Take the cached Docs now: another thread may evict them while this one parses.
        found = {k: _cache[k] for k in dict.fromkeys(keys) if k in _cache}
    todo = [k for k in dict.fromkeys(keys) if k not in found]
    if todo:
        nlp = spacy_pipeline()
        skip = [p for p in disable if p in nlp.pipe_names]
        found.update(zip(todo, nlp.pipe([k[0] for k in todo], disable=skip, batch_size=64), strict=True))
    with _lock:
        for k in dict.fromkeys(keys):
            _remember(k, found[k])
    return [found[k] for k in keys]


def clear_cache() -> None:
    with _lock:
        _cache.clear()
