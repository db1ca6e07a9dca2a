"""Documents a stage gave up on become quarantined documents, and take their rows with them.

A stage that fails on one document (an exception, or more than its time budget) leaves that
document's rows out of its own table and every later stage skips it; what an earlier stage made of
it (its articles, its quotes) is dropped here, so the published tables stay consistent: a
quarantined document has no text and nothing refers to it.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.compute as pc

from claimtrack.schemas import to_table

# The tables whose rows name their document and may have been made before a later stage failed on it.
PER_DOCUMENT = ("articles", "quotes", "claims")


def quarantine_documents(documents: pa.Table, failures: dict[str, str]) -> pa.Table:
    """``documents`` with each failed document marked quarantined, its reason given and its text dropped."""
    if not failures:
        return documents
    names = documents["document"].to_pylist()
    failed = pa.array([name in failures for name in names], pa.bool_())
    status = pc.if_else(failed, "quarantined", documents["status"])
    reason = pa.array([failures.get(name) for name in names], pa.string())
    reason = pc.if_else(failed, reason, documents["reason"])
    text = pc.if_else(failed, pa.scalar(None, documents.schema.field("text").type), documents["text"])
    for column, values in (("status", status), ("reason", reason), ("text", text)):
        documents = documents.set_column(documents.schema.get_field_index(column), column, values)
    return documents


def drop_documents(table: pa.Table, failures: dict[str, str]) -> pa.Table:
    """The rows of ``table`` that do not come from a failed document."""
    if not failures or table.num_rows == 0:
        return table
    return table.filter(pc.invert(pc.is_in(table["document"], pa.array(sorted(failures), pa.string()))))


def relations_of_kept_quantities(relations: pa.Table, kept: set[str]) -> tuple[pa.Table, pa.Table]:
    """The relations whose quantity was kept, and a ``rejected_rows`` row (rule ``quantity_rejected``) for each
    relation whose quantity a quality rule took out: a relation never points at a quantity that is gone."""
    rows = relations.to_pylist()
    keep = [row["quantity_id"] in kept for row in rows]
    orphans = [
        {
            "table": "claim_relations",
            "row_id": f"{row['claim_id_a']}|{row['claim_id_b']}",
            "document": None,
            "rule": "quantity_rejected",
            "why": f"its quantity {row['quantity_id']} was rejected by a quality rule",
            "row": json.dumps(row, default=str, sort_keys=True),
        }
        for row, kept_row in zip(rows, keep, strict=True)
        if not kept_row
    ]
    return relations.filter(pa.array(keep, pa.bool_())), to_table("rejected_rows", orphans)
