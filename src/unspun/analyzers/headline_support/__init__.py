"""The headline_support analyzer: see analyzer.py; its model and features live beside it."""

from unspun.analyzers.headline_support.analyzer import HeadlineSupport

__all__ = ["HeadlineSupport"]
