"""The consistency analyzer: see analyzer.py; its checks live beside it."""

from unspun.analyzers.consistency.analyzer import Consistency

__all__ = ["Consistency"]
