"""The checkworthy_claims analyzer: see analyzer.py; its model and features live beside it."""

from unspun.analyzers.checkworthy_claims.analyzer import CheckworthyClaims

__all__ = ["CheckworthyClaims"]
