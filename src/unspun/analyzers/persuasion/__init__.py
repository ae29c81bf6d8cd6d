"""The persuasion analyzer: see analyzer.py; its model and features live beside it."""

from unspun.analyzers.persuasion.analyzer import Persuasion

__all__ = ["Persuasion"]
