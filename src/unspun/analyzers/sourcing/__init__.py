"""The sourcing analyzer: see analyzer.py; its model and features live beside it."""

from unspun.analyzers.sourcing.analyzer import Sourcing

__all__ = ["Sourcing"]
