"""Dagster assets: thin wrappers that call the claimtrack core and return tables with metadata."""

from assets.crossref import crossref, report
from assets.publish import publish
from assets.rejected import rejected_rows
from assets.tables import articles, documents, extraction

ALL_ASSETS = [documents, articles, extraction, crossref, rejected_rows, publish, report]

__all__ = [
    "ALL_ASSETS",
    "articles",
    "crossref",
    "documents",
    "extraction",
    "publish",
    "rejected_rows",
    "report",
]
