"""Validate a DataFrame against a suite with an ephemeral GX context; summarise what failed.

GX is imported inside the call (2–3 s), progress bars are off (they flood compute logs), and
the result is round-tripped through JSON because GX results hold numpy scalars that Dagster
metadata refuses.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from expectations.frames import validation_frame
from expectations.suites import Suite, add_reference_flags, resolve_parameters

COMPLETE = "COMPLETE"


@dataclass
class ValidationOutcome:
    suite: str
    success: bool
    evaluated: int
    failed: list[dict] = field(default_factory=list)
    result: dict = field(default_factory=dict, repr=False)

    @property
    def offending(self) -> list[str]:
        """Every row key named by any failed expectation, in first-seen order."""
        seen: dict[str, None] = {}
        for failure in self.failed:
            for key in failure.get("offending", []):
                seen.setdefault(key, None)
        return list(seen)


def row_key(row: dict, index_columns: list[str]) -> str:
    """The key a person uses to find a row (``claim_id``; ``a|b`` for a pair), as GX lists offenders."""
    return "|".join(str(row.get(c)) for c in index_columns)


def _exception_message(info: dict) -> str | None:
    if info.get("raised_exception"):
        return info.get("exception_message")
    for value in info.values():  # keyed by metric id when a metric raised
        if isinstance(value, dict) and value.get("raised_exception"):
            return value.get("exception_message")
    return None


def summarise_failure(item: dict, index_columns: list[str], max_ids: int) -> dict:
    """One failed expectation as a dict a person can read: what, why, how many, which rows."""
    config = item["expectation_config"]
    kwargs = {k: v for k, v in config["kwargs"].items() if k not in ("batch_id", "condition_parser")}
    result = item.get("result", {})
    rows = result.get("unexpected_index_list") or []
    keys = list(dict.fromkeys(row_key(r, index_columns) for r in rows if isinstance(r, dict)))
    failure = {
        "expectation": config["type"],
        "kwargs": _shorten(kwargs),
        "why": (config.get("meta") or {}).get("why"),
        "unexpected_count": result.get("unexpected_count"),
        "unexpected_percent": result.get("unexpected_percent"),
        "offending_count": len(keys),
        "offending": keys[:max_ids],
    }
    if "observed_value" in result:
        failure["observed_value"] = _shorten(result["observed_value"])
    if "partial_unexpected_list" in result and not keys:
        failure["unexpected_values"] = _shorten(result["partial_unexpected_list"])
    message = _exception_message(item.get("exception_info") or {})
    if message:
        failure["exception"] = message
    return failure


def _shorten(value, limit: int = 20):
    """Keep metadata small: long lists (a value set of 10,000 article ids) are cut with a count."""
    if isinstance(value, list) and len(value) > limit:
        return [*value[:limit], f"... {len(value) - limit} more"]
    if isinstance(value, dict):
        return {k: _shorten(v, limit) for k, v in value.items()}
    return value


def validate(suite: Suite, frame: pd.DataFrame, parameters: dict, max_ids: int = 100) -> ValidationOutcome:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")  # never GX Cloud, never a file project
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    gx_suite = context.suites.add(gx.ExpectationSuite(**json.loads(json.dumps(suite.body))))
    batch = (
        context.data_sources.add_pandas("claimtrack")
        .add_dataframe_asset(suite.asset)
        .add_batch_definition_whole_dataframe("whole table")
    )
    definition = gx.ValidationDefinition(data=batch, suite=gx_suite, name=suite.name)
    result = definition.run(
        batch_parameters={"dataframe": frame},
        expectation_parameters=parameters,
        result_format={"result_format": COMPLETE, "unexpected_index_column_names": suite.index_columns},
    )
    as_json = json.loads(json.dumps(result.to_json_dict(), default=str))
    failed = [
        summarise_failure(item, suite.index_columns, max_ids) for item in as_json["results"] if not item["success"]
    ]
    return ValidationOutcome(suite.name, bool(as_json["success"]), len(as_json["results"]), failed, as_json)


def validate_table(
    suite: Suite,
    table: pa.Table,
    read_table: Callable[[str], pa.Table],
    corpus_files: Callable[[], list[str]] | None = None,
    max_ids: int = 100,
) -> ValidationOutcome:
    """The whole audit of one table, as the asset check runs it: derived columns, parameters from
    the run's other tables and the corpus listing, then the suite."""
    frame = add_reference_flags(suite, validation_frame(suite.name, table, read_table, suite.columns), read_table)
    return validate(suite, frame, resolve_parameters(suite, read_table, corpus_files), max_ids=max_ids)
