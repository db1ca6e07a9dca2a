"""Who a reader would cite for a figure (``claims.said_by``), and the ``conflicts`` table: one row per
conflicting pair of figures, with everything a fact-checker needs on the row itself.

``said_by`` is the expert, else the source, else the relay, else the outlet that published the
document: the most specific name the text gives. A conflict row carries the quantity's name, both
figures as written, both ``said_by``, both dates and documents, and the relation's reason, so that
"which figures conflict, and who said each" needs no join.
"""

from __future__ import annotations

import pyarrow as pa

from claimtrack.schemas import to_table


def said_by(claim: dict, outlet: str | None) -> str | None:
    """The expert, else the source, else the relay, else the outlet."""
    return claim.get("expert") or claim.get("source") or claim.get("via") or outlet or None


def fill_said_by(rows: list[dict], documents: pa.Table) -> None:
    """``said_by`` of every claim row, in place; the outlet comes from the document's metadata."""
    outlets = dict(zip(*documents.select(["document", "outlet"]).to_pydict().values(), strict=True))
    for row in rows:
        row["said_by"] = said_by(row, outlets.get(row["document"]))


def conflict_rows(relations: pa.Table, quantities: pa.Table, claims: pa.Table) -> pa.Table:
    """The ``conflicts`` table from the kept relations and quantities."""
    names = dict(zip(*quantities.select(["quantity_id", "name"]).to_pydict().values(), strict=True))
    wanted = ["claim_id", "surface", "value", "low", "high", "said_by", "as_of", "document", "sentence"]
    by_id = {row["claim_id"]: row for row in claims.select(wanted).to_pylist()}
    rows = []
    for relation in relations.to_pylist():
        a, b = by_id.get(relation["claim_id_a"]), by_id.get(relation["claim_id_b"])
        if relation["relation"] != "conflict" or a is None or b is None:
            continue
        row = {
            "quantity_id": relation["quantity_id"],
            "quantity": names.get(relation["quantity_id"], ""),
            "claim_id_a": a["claim_id"],
            "claim_id_b": b["claim_id"],
            "reason": relation["reason"],
        }
        for side, claim in (("a", a), ("b", b)):
            row.update({f"{column}_{side}": claim[column] for column in wanted[1:]})
        row["figure_a"], row["figure_b"] = row.pop("surface_a"), row.pop("surface_b")
        rows.append(row)
    rows.sort(key=lambda r: (r["quantity"], r["claim_id_a"], r["claim_id_b"]))
    return to_table("conflicts", rows)
