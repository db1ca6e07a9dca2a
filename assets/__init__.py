"""Dagster assets: thin wrappers that call the claimtrack core and return tables with metadata."""

from assets.tables import articles, claims, documents

ALL_ASSETS = [documents, articles, claims]

__all__ = ["ALL_ASSETS", "articles", "claims", "documents"]
