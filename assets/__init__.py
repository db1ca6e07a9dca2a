"""Dagster assets: thin wrappers that call the claimtrack core and return tables with metadata."""

from assets.crossref import crossref, report
from assets.publish import publish
from assets.rejected import rejected_rows
from assets.tables import articles, attribution, claims, documents

ALL_ASSETS = [documents, articles, attribution, claims, crossref, rejected_rows, publish, report]

__all__ = [
    "ALL_ASSETS",
    "articles",
    "attribution",
    "claims",
    "crossref",
    "documents",
    "publish",
    "rejected_rows",
    "report",
]
