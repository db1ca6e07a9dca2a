"""Dagster assets: thin wrappers that call the claimtrack core and return tables with metadata."""

from assets.publish import publish
from assets.tables import articles, attribution, claims, documents

ALL_ASSETS = [documents, articles, attribution, claims, publish]

__all__ = ["ALL_ASSETS", "articles", "attribution", "claims", "documents", "publish"]
