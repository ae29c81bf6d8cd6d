"""Analyzers: small named callables over a :class:`~unspun.document.Document`.

Write one by subclassing :class:`Analyzer` in its own module (or package) under this
package and adding one line to :mod:`unspun.analyzers.registry`.

Rules (house style 4, 6, 8, 18):
- parameters are keyword-only arguments of ``__init__``, stored as given under the same
  names; :meth:`Analyzer.get_params` reads them from the signature (scikit-learn's
  ``_get_param_names``), so there is no second list to keep in step;
- a setting read from the environment is declared in ``env_params`` and reported with
  the value in force;
- :meth:`Analyzer.analyse` computes once and returns an :class:`~unspun.findings.Analysis`:
  the findings, the summary and every model it used, together; it never mutates the
  document (what several analyzers share is memoised on the document by its owner);
- when it cannot apply, raise :class:`NotApplicable` with the reason, never return a
  silent empty result;
- models load lazily, once per process, through their package's ``load()``.
"""

from __future__ import annotations

import inspect
import os
from functools import cache
from typing import Any, ClassVar

from unspun.document import Document
from unspun.findings import Analysis, Finding, ModelInfo


class NotApplicable(Exception):
    """Raised by an analyzer that cannot judge this document; the message says why."""


#: the body characters an analyzer with a model over every sentence reads of a long article (about
#: 16,000 words, longer than nearly any news article; 500,000-character inputs are allowed)
LONG_ARTICLE_CHARS = 100_000


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
    #: parameter name -> environment variable read when the parameter is left at None
    env_params: ClassVar[dict[str, str]] = {}
    #: the most body characters it reads (None: all); the pipeline gives it the head of a
    #: longer body, cut at a sentence end, and names the cap in the report
    max_body_chars: ClassVar[int | None] = None

    @classmethod
    def param_names(cls) -> list[str]:
        """The keyword-only parameters of ``__init__``, in signature order."""
        return list(_keyword_only(cls.__init__))

    def get_params(self) -> dict[str, Any]:
        """The parameters this analyzer runs with; environment settings with their value in force."""
        params = {k: getattr(self, k) for k in self.param_names()}
        for k, var in self.env_params.items():
            if params.get(k) is None:
                params[k] = os.environ.get(var) or None
        return params

    def models(self) -> tuple[ModelInfo, ...]:
        """The models this analyzer uses, for runs that did not get as far as using them."""
        return ()

    def analyse(self, doc: Document) -> Analysis:  # pragma: no cover - interface
        raise NotImplementedError

    def __call__(self, doc: Document) -> list[Finding]:
        """The findings alone (for callers that do not need the summary)."""
        return list(self.analyse(doc).findings)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"


@cache
def _keyword_only(init: Any) -> tuple[str, ...]:
    """The keyword-only parameter names of an ``__init__`` (read once: the pipeline asks for every
    analyzer of every article, and ``inspect.signature`` is slow)."""
    sig = inspect.signature(init)
    return tuple(p.name for p in sig.parameters.values() if p.kind is inspect.Parameter.KEYWORD_ONLY)
