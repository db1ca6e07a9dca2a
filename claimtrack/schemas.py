"""One pyarrow schema per table: the contract in code.

The Parquet writer casts every table to its schema here, and the tests read the files back
against the same schemas, so a column cannot drift without a test noticing.
"""

from __future__ import annotations

import pyarrow as pa

BLOCK = pa.struct(
    [
        pa.field("start", pa.int64(), nullable=False),
        pa.field("end", pa.int64(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
    ]
)

DOCUMENTS = pa.schema(
    [
        pa.field("document", pa.string(), nullable=False),
        pa.field("format", pa.string(), nullable=False),
        pa.field("sha256", pa.string(), nullable=False),
        pa.field("bytes", pa.int64(), nullable=False),
        pa.field("encoding", pa.string()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("reason", pa.string()),
        pa.field("text", pa.large_string()),
        pa.field("title", pa.string()),
        pa.field("url", pa.string()),
        pa.field("outlet", pa.string()),
        pa.field("published", pa.date32()),
    ]
)

ARTICLES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("document", pa.string(), nullable=False),
        pa.field("doc_start", pa.int64(), nullable=False),
        pa.field("doc_end", pa.int64(), nullable=False),
        pa.field("headline", pa.string()),
        pa.field("dateline", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("agency", pa.string()),
        pa.field("language", pa.string(), nullable=False),
        pa.field("blocks", pa.list_(BLOCK), nullable=False),
        pa.field("published_basis", pa.string()),
    ]
)

CLAIMS = pa.schema(
    [
        pa.field("claim_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("document", pa.string(), nullable=False),
        pa.field("doc_start", pa.int64(), nullable=False),
        pa.field("doc_end", pa.int64(), nullable=False),
        pa.field("surface", pa.string(), nullable=False),
        pa.field("sentence", pa.string(), nullable=False),
        pa.field("value", pa.float64()),
        pa.field("low", pa.float64()),
        pa.field("high", pa.float64()),
        pa.field("qualifier", pa.string(), nullable=False),
        pa.field("unit", pa.string()),
        pa.field("counted", pa.string()),
        pa.field("as_of", pa.date32()),
        pa.field("as_of_basis", pa.string(), nullable=False),
        pa.field("source", pa.string()),
        pa.field("via", pa.string()),
        pa.field("expert", pa.string()),
        pa.field("block_kind", pa.string(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
        pa.field("attribution_reason", pa.string()),
        pa.field("quote_id", pa.string()),
        # the quantity frame (claimtrack/frame.py) and the quantity it puts the figure in (null: none)
        pa.field("quantity_id", pa.string()),
        pa.field("measure", pa.string()),
        pa.field("subject", pa.string()),
        pa.field("place", pa.string()),
        pa.field("event", pa.string()),
        # who a reader would cite: the expert, else the source, else the relay, else the outlet
        pa.field("said_by", pa.string()),
    ]
)

QUOTES = pa.schema(
    [
        pa.field("quote_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("document", pa.string(), nullable=False),
        pa.field("doc_start", pa.int64(), nullable=False),
        pa.field("doc_end", pa.int64(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("cue", pa.string()),
        pa.field("cue_start", pa.int64()),
        pa.field("cue_end", pa.int64()),
        pa.field("speaker", pa.string()),
        pa.field("speaker_start", pa.int64()),
        pa.field("speaker_end", pa.int64()),
        pa.field("expert", pa.string()),
        pa.field("role", pa.string()),
        pa.field("affiliation", pa.string()),
        pa.field("via", pa.string()),
        pa.field("speaker_kind", pa.string()),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("sentence_start", pa.int64(), nullable=False),
        pa.field("sentence_end", pa.int64(), nullable=False),
    ]
)

ENTITIES = pa.schema(
    [
        pa.field("entity_id", pa.string(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("aliases", pa.list_(pa.string()), nullable=False),
        pa.field("mentions", pa.int64(), nullable=False),
        pa.field("documents", pa.int64(), nullable=False),
        pa.field("role", pa.string()),
        pa.field("affiliation", pa.string()),
    ]
)

CLAIM_RELATIONS = pa.schema(
    [
        pa.field("claim_id_a", pa.string(), nullable=False),
        pa.field("claim_id_b", pa.string(), nullable=False),
        pa.field("relation", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("quantity_id", pa.string(), nullable=False),
    ]
)

SUPERSEDED = pa.struct(
    [
        pa.field("claim_id", pa.string(), nullable=False),
        pa.field("superseded_by", pa.string(), nullable=False),
        pa.field("as_of", pa.date32()),
        pa.field("superseded_as_of", pa.date32()),
        pa.field("reported", pa.date32()),
    ]
)

QUANTITIES = pa.schema(
    [
        pa.field("quantity_id", pa.string(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("measure", pa.string()),
        pa.field("subject", pa.string()),
        pa.field("place", pa.string()),
        pa.field("event", pa.string()),
        pa.field("counted", pa.string(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("scope", pa.string()),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("claim_ids", pa.list_(pa.string()), nullable=False),
        pa.field("n_claims", pa.int64(), nullable=False),
        pa.field("n_sources", pa.int64(), nullable=False),
        pa.field("first_reported", pa.date32()),
        pa.field("last_reported", pa.date32()),
        pa.field("latest_as_of", pa.date32()),
        pa.field("latest_value", pa.float64()),
        pa.field("latest_source", pa.string()),
        pa.field("best", pa.float64()),  # a figure someone reported; null when only ranges or vague amounts
        pa.field("low", pa.float64()),  # null: no lower figure or bound given
        pa.field("high", pa.float64()),  # null: open ("more than 400")
        pa.field("status", pa.string(), nullable=False),
        pa.field("n_consistent", pa.int64(), nullable=False),
        pa.field("n_conflicts", pa.int64(), nullable=False),
        pa.field("n_updates", pa.int64(), nullable=False),
        pa.field("supersedes", pa.list_(SUPERSEDED), nullable=False),
    ]
)

# One row per conflicting pair of figures of one quantity, everything a fact-checker needs on the row.
CONFLICTS = pa.schema(
    [
        pa.field("quantity_id", pa.string(), nullable=False),
        pa.field("quantity", pa.string(), nullable=False),
        pa.field("claim_id_a", pa.string(), nullable=False),
        pa.field("claim_id_b", pa.string(), nullable=False),
        pa.field("figure_a", pa.string(), nullable=False),
        pa.field("figure_b", pa.string(), nullable=False),
        pa.field("value_a", pa.float64()),
        pa.field("value_b", pa.float64()),
        pa.field("low_a", pa.float64()),
        pa.field("low_b", pa.float64()),
        pa.field("high_a", pa.float64()),
        pa.field("high_b", pa.float64()),
        pa.field("said_by_a", pa.string()),
        pa.field("said_by_b", pa.string()),
        pa.field("as_of_a", pa.date32()),
        pa.field("as_of_b", pa.date32()),
        pa.field("document_a", pa.string(), nullable=False),
        pa.field("document_b", pa.string(), nullable=False),
        pa.field("sentence_a", pa.string(), nullable=False),
        pa.field("sentence_b", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
    ]
)

# A row a quality rule took out of its table (``table``), or a document a stage gave up on: what it was and why.
REJECTED_ROWS = pa.schema(
    [
        pa.field("table", pa.string(), nullable=False),
        pa.field("row_id", pa.string(), nullable=False),
        pa.field("document", pa.string()),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("why", pa.string(), nullable=False),
        pa.field("row", pa.large_string(), nullable=False),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "articles": ARTICLES,
    "claims": CLAIMS,
    "quotes": QUOTES,
    "entities": ENTITIES,
    "claim_relations": CLAIM_RELATIONS,
    "quantities": QUANTITIES,
    "conflicts": CONFLICTS,
    "rejected_rows": REJECTED_ROWS,
}


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows -> a pyarrow Table with the table's schema (raises if a row breaks the contract)."""
    return pa.Table.from_pylist(rows, schema=TABLES[name])


def conform(name: str, table: pa.Table) -> pa.Table:
    """Cast an arbitrary table to the declared schema: same columns, same order, same types."""
    schema = TABLES[name]
    return table.select(schema.names).cast(schema)
