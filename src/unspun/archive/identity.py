"""Who an item is, and which analyzers checked it.

- An item's **key** is its ``id`` (column or field) when it has one, else ``sha256:`` and the hash of its
  normalised content (:func:`content_hash`).
- A **profile** is what decides a report's content: the unspun version, and each analyzer's name,
  parameters and model (name, version, sha256 of the weights). Its sha256 is the ``profile_key``; a report
  is current for an item when it was made under the same key. A newer model changes the key.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from unspun import __version__
from unspun.pipeline import Pipeline
from unspun.report import SCHEMA_ID

#: Bumped only if :func:`normalise` changes (every content hash would change with it).
_HASH_VERSION = "unspun.content/1"


def normalise(text: str) -> str:
    """NFC, whitespace runs collapsed to one space within lines, blank lines dropped, ends stripped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = (" ".join(ln.split()) for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def content_hash(*, headline: str | None = None, body: str | None = None, text: str | None = None,
                 html: str | None = None) -> str:
    """The sha256 (hex) of an item's normalised content.

    ``{"headline": H, "body": B}`` and the text ``H\\n\\nB`` hash the same (the text's first line is
    its headline). HTML hashes as its markup with whitespace collapsed (extraction is not run to hash it).
    """
    if html is not None:
        material = "html\n" + " ".join(unicodedata.normalize("NFC", html).split())
    elif text is not None:
        material = "article\n" + normalise(text)
    else:
        material = "article\n" + normalise(f"{headline or ''}\n{body or ''}")
    return hashlib.sha256(f"{_HASH_VERSION}\n{material}".encode()).hexdigest()


def item_key(ext_id: str | None, digest: str) -> str:
    return ext_id if ext_id is not None else f"sha256:{digest}"


@dataclass(frozen=True)
class Profile:
    key: str
    description: dict[str, Any]

    @property
    def analyzers(self) -> list[str]:
        return [a["name"] for a in self.description["analyzers"]]


def profile_of(pipeline: Pipeline) -> Profile:
    """The profile of a built pipeline (asks each analyzer for the models it uses, which may load them)."""
    analyzers = []
    for a in pipeline.analyzers:
        analyzers.append({
            "name": a.name,
            "params": a.get_params(),
            "models": [m.to_dict() for m in a.models()],
        })
    description = {"unspun": __version__, "report_schema": SCHEMA_ID, "analyzers": analyzers}
    canonical = json.dumps(description, sort_keys=True, separators=(",", ":"), default=str)
    return Profile(hashlib.sha256(canonical.encode()).hexdigest(), description)
