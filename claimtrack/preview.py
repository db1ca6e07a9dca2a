"""Small, human-sized views of a table for the Dagster UI and the CLI summary."""

from __future__ import annotations

import pyarrow as pa

PREVIEW_COLUMNS = {
    "documents": ["document", "format", "encoding", "status", "reason", "bytes"],
    "articles": ["document", "headline", "dateline", "published", "agency", "language"],
    "claims": ["surface", "value", "qualifier", "unit", "counted", "as_of", "said_by", "source", "via", "document"],
    "quotes": ["speaker", "expert", "role", "kind", "cue", "text", "document"],
    "entities": ["name", "kind", "aliases", "mentions", "role"],
    "claim_relations": ["relation", "reason"],
    "quantities": ["name", "unit", "n_claims", "n_sources", "status", "best", "low", "high"],
    "conflicts": ["quantity", "figure_a", "said_by_a", "as_of_a", "figure_b", "said_by_b", "as_of_b"],
}


def markdown_preview(name: str, table: pa.Table, rows: int = 10) -> str:
    """The first ``rows`` rows of the table's telling columns, as a markdown table."""
    columns = [c for c in PREVIEW_COLUMNS.get(name, table.column_names) if c in table.column_names]
    frame = table.select(columns).slice(0, rows).to_pandas()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: v if not isinstance(v, str) or len(v) <= 60 else v[:57] + "...")
    if frame.empty:
        return f"_{name} is empty_"
    frame = frame.astype(object).where(frame.notna(), "")  # an empty cell, not "nan" or "None"
    return frame.to_markdown(index=False)
