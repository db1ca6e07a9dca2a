"""Quality rules screen a table's rows before the table is written.

Integrity rules (a duplicated id, a span that does not match the text, a dangling reference) block
the publish: a warehouse that breaks them must never be published. Quality rules are heuristics
on one row (a unit that still looks plural, a date before 1900): one odd row must not cost a corpus
its 1,000 good figures, so the asset that makes the table validates its rows against the suite's
quality part once, keeps the rows that pass, and hands the others to ``rejected_rows`` with the
rule's name, the reason and the row as JSON. Because the screening happens before downstream
assets read the table, no relation or quantity can point at a rejected claim.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from claimtrack.schemas import TABLES, to_table
from expectations.frames import validation_frame
from expectations.suites import QUALITY, Suite, add_reference_flags, resolve_parameters, rule_name
from expectations.validator import ValidationOutcome, row_key, validate

UNIQUENESS = {"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"}


@dataclass
class Screened:
    """The rows that passed every quality rule, the rejected ones, and the GX result for the docs."""

    table: pa.Table
    rejected: pa.Table
    outcome: ValidationOutcome | None = None  # None when the suite has no quality rule or the table is empty
    by_rule: dict[str, int] = field(default_factory=dict)

    @property
    def rejected_ids(self) -> list[str]:
        return list(dict.fromkeys(self.rejected["row_id"].to_pylist()))


def no_rejections() -> pa.Table:
    return TABLES["rejected_rows"].empty_table()


def _columns_of(kwargs: dict) -> list[str]:
    if "column_list" in kwargs:
        return list(kwargs["column_list"])
    return [c for c in (kwargs.get("column"), kwargs.get("column_A"), kwargs.get("column_B")) if c]


def _offending_keys(item: dict, suite: Suite, rows: list[dict]) -> set[str]:
    """The keys of the rows an expectation names; for a uniqueness rule, all but the first of each group,
    so that one of two entities that should have been joined is kept."""
    listed = item.get("result", {}).get("unexpected_index_list") or []
    keys = {row_key(r, suite.index_columns) for r in listed if isinstance(r, dict)}
    config = item["expectation_config"]
    if config["type"] not in UNIQUENESS:
        return keys
    columns = _columns_of(config["kwargs"])
    seen: set[tuple] = set()
    later: set[str] = set()
    for row in rows:
        value = tuple(row.get(c) for c in columns)
        if value in seen:
            later.add(row_key(row, suite.index_columns))
        seen.add(value)
    return keys & later


def _why(config: dict, row: dict) -> str:
    """The rule's reason and the values it looked at, for a person reading rejected_rows."""
    meta = config.get("meta") or {}
    columns = [c for c in _columns_of(config["kwargs"]) if c in row]
    values = ", ".join(f"{c} = {row[c]!r}" for c in columns)
    reason = meta.get("why") or config["type"].replace("_", " ")
    return f"{reason} ({values})" if values else reason


def _as_json(row: dict) -> str:
    return json.dumps(row, default=str, ensure_ascii=False, sort_keys=True)


def screen(
    suite: Suite,
    table: pa.Table,
    read_table: Callable[[str], pa.Table],
    corpus_files: Callable[[], list[str]] | None = None,
    max_ids: int = 100,
) -> Screened:
    """Validate ``table`` against the suite's quality rules once and split its rows by the result."""
    quality = suite.part(QUALITY)
    if not quality.body["expectations"] or table.num_rows == 0:
        return Screened(table, no_rejections())
    frame = add_reference_flags(quality, validation_frame(suite.name, table, read_table, quality.columns), read_table)
    outcome = validate(quality, frame, resolve_parameters(quality, read_table, corpus_files), max_ids=max_ids)
    if outcome.success:
        return Screened(table, no_rejections(), outcome)
    rows = table.to_pylist()
    by_key = {row_key(r, suite.index_columns): r for r in rows}
    rejected: list[dict] = []
    by_rule: dict[str, int] = {}
    for item in outcome.result["results"]:
        if item["success"]:
            continue
        config = item["expectation_config"]
        keys = sorted(k for k in _offending_keys(item, suite, rows) if k in by_key)
        by_rule[rule_name(config)] = len(keys)
        for key in keys:
            row = by_key[key]
            rejected.append(
                {
                    "table": suite.asset,
                    "row_id": key,
                    "document": row.get("document"),
                    "rule": rule_name(config),
                    "why": _why(config, row),
                    "row": _as_json(row),
                }
            )
    gone = {r["row_id"] for r in rejected}
    keys = pa.array([row_key(r, suite.index_columns) for r in rows], pa.string())
    kept = table.filter(pc.invert(pc.is_in(keys, pa.array(sorted(gone), pa.string()))))
    return Screened(kept, to_table("rejected_rows", rejected), outcome, by_rule)
