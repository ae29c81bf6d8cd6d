"""Analyzers: small named callables ``Document -> list[Finding]``.

Write one by subclassing :class:`Analyzer` in its own module under this
package and adding one line to :mod:`unspun.analyzers.registry`.

Rules (house style 4, 6, 8):
- parameters are keyword-only, stored as given, and listed in ``params``;
- ``__call__`` computes and returns findings; it never mutates the document;
- when it cannot apply, raise :class:`NotApplicable` with the reason, never
  return a silent empty result;
- models load lazily, once per process, through a cached loader.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from unspun.document import Document
from unspun.findings import Finding, ModelInfo


class NotApplicable(Exception):
    """Raised by an analyzer that cannot judge this document; the message says why."""


class Analyzer:
    #: unique name used in reports and in --only/--skip
    name: ClassVar[str] = ""
    #: one line for `unspun analyzers`
    description: ClassVar[str] = ""
    #: parts of the document it reads: "headline", "body"
    requires: ClassVar[tuple[str, ...]] = ("body",)
    #: True when it needs English text (the language gate applies)
    english_only: ClassVar[bool] = True
    #: True when it is slow (loads a large model); the --fast profile skips it
    slow: ClassVar[bool] = False
    #: names of the keyword-only parameters of __init__
    param_names: ClassVar[Sequence[str]] = ()

    def get_params(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.param_names}

    def model_info(self) -> ModelInfo | None:
        """The model this analyzer uses, if any (name, version, sha256)."""
        return None

    def summary(self, doc: Document, findings: list[Finding]) -> dict[str, Any]:
        """Optional per-document summary merged into the report's summary."""
        return {}

    def __call__(self, doc: Document) -> list[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"
