"""The clickbait analyzer: see analyzer.py; its model and features live beside it."""

from unspun.analyzers.clickbait.analyzer import Clickbait

__all__ = ["Clickbait"]
