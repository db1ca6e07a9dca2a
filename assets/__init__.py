"""Dagster assets: thin wrappers that call the claimtrack core and return tables with metadata."""

from assets.tables import articles, attribution, claims, documents

ALL_ASSETS = [documents, articles, attribution, claims]

__all__ = ["ALL_ASSETS", "articles", "attribution", "claims", "documents"]
