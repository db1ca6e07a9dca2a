"""What the table assets share for quality screening and for documents a stage gave up on.

A table asset screens its rows with its suite's quality rules before it returns the table (see
``expectations.screen``), stages the rejected rows for the ``rejected_rows`` asset, and reports the
screening as its ``<table>_quality`` check: a WARN, never blocking. The blocking ``<table>_suite``
check then runs the integrity rules on the rows that were kept.
"""

from __future__ import annotations

from collections.abc import Callable

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from assets.resources import CorpusResource
from expectations.docs import save_result
from expectations.resource import GreatExpectationsResource
from expectations.screen import Screened
from expectations.suites import suite_named
from pipelines.io_manager import WarehouseResource

QUALITY_SUFFIX = "_quality"


def quality_check_spec(table: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        f"{table}{QUALITY_SUFFIX}",
        asset=table,
        description=(
            f"The quality rules of expectations/suites/{table}.json (heuristics on one row), run by the asset "
            "before it writes the table: offending rows go to `rejected_rows` with the rule's name; a WARN, "
            "never blocking."
        ),
    )


class Screening:
    """One run's screening context: how to read the run's other tables, where to stage what is rejected."""

    def __init__(
        self,
        context: dg.AssetExecutionContext,
        great_expectations: GreatExpectationsResource,
        warehouse: WarehouseResource,
        corpus: CorpusResource,
    ):
        self.run_id = context.run.run_id
        self.store = warehouse.store()
        self.great_expectations = great_expectations
        self.corpus = corpus

    def reader(self, inputs: dict[str, pa.Table]) -> Callable[[str], pa.Table]:
        """The asset's own (already screened) inputs first, then what this run staged or the warehouse holds."""
        return lambda name: inputs[name] if name in inputs else self.store.read(self.run_id, name)

    def screen(self, table_name: str, table: pa.Table, inputs: dict[str, pa.Table]) -> Screened:
        screened = self.great_expectations.screen(
            suite_named(table_name), table, self.reader(inputs), self.corpus.input_files
        )
        self.stage(table_name, screened)
        return screened

    def stage(self, table_name: str, screened: Screened) -> None:
        self.store.stage_rejected(self.run_id, table_name, screened.rejected)
        if screened.outcome is not None:
            folder = self.store.staged_validation_dir(self.run_id)
            screened.outcome.result.setdefault("meta", {})["claimtrack_run"] = self.run_id
            save_result(folder, f"{table_name}{QUALITY_SUFFIX}", screened.outcome.result)

    def failed_documents(self) -> dict[str, str]:
        return self.store.failures(self.run_id)

    def record_failures(self, stage: str, failures: dict[str, str]) -> None:
        self.store.stage_failures(self.run_id, stage, failures)

    def without_failed(self, documents: pa.Table) -> pa.Table:
        """The documents table less the documents an earlier stage of this run gave up on."""
        failed = self.failed_documents()
        if not failed:
            return documents
        return documents.filter(pc.invert(pc.is_in(documents["document"], pa.array(sorted(failed), pa.string()))))


def quality_result(table_name: str, screened: Screened) -> dg.AssetCheckResult:
    """The WARN check result of a screening: how many rows each rule rejected, and which."""
    count = len(screened.rejected_ids)
    lines = [f"- **{rule}**: {n} rows rejected" for rule, n in sorted(screened.by_rule.items()) if n]
    return dg.AssetCheckResult(
        asset_key=table_name,
        check_name=f"{table_name}{QUALITY_SUFFIX}",
        passed=count == 0,
        severity=dg.AssetCheckSeverity.WARN,
        description=None if count == 0 else f"{count} rows rejected by quality rules: see rejected_rows",
        metadata={
            "rejected": count,
            "by_rule": dg.MetadataValue.json(screened.by_rule),
            "rejected_ids": dg.MetadataValue.json(screened.rejected_ids[:100]),
            "summary": dg.MetadataValue.md("\n".join(lines) or "Every row passed the quality rules."),
        },
    )
