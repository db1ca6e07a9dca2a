"""One blocking asset check per suite, on its integrity rules: a failure stops every downstream asset
and the publish. (The quality rules run in the table's own asset, which moves offending rows to
``rejected_rows`` and reports a WARN ``<table>_quality`` check; see ``assets.screening``.)

The check reads the table this run staged (never the published one it is meant to protect),
adds the derived columns the suite needs, fills its parameters from the run's other tables
and the corpus listing, and reports each failed expectation with the keys of the offending rows.
"""

import time

import dagster as dg

from assets.resources import CorpusResource
from expectations.docs import RESULTS, save_result
from expectations.resource import GreatExpectationsResource
from expectations.suites import INTEGRITY, Suite, all_suites
from pipelines.io_manager import WarehouseResource


def _markdown(outcome, suite: Suite) -> str:
    if outcome.success:
        return f"All {outcome.evaluated} expectations of `{suite.name}` passed."
    lines = [f"{len(outcome.failed)} of {outcome.evaluated} expectations failed:", ""]
    for failure in outcome.failed:
        column = failure["kwargs"].get("column") or failure["kwargs"].get("column_A") or ""
        ids = ", ".join(f"`{k}`" for k in failure["offending"][:10])
        more = failure["offending_count"] - min(10, len(failure["offending"]))
        lines.append(
            f"- **{failure['expectation']}** `{column}`: {failure.get('why') or ''} "
            f"({failure['unexpected_count'] if failure['unexpected_count'] is not None else '?'} rows) "
            + (f"{', '.join(suite.index_columns)}: {ids}" + (f" and {more} more" if more > 0 else "") if ids else "")
            + (f" exception: {failure['exception']}" if failure.get("exception") else "")
        )
    return "\n".join(lines)


def suite_check(full_suite: Suite) -> dg.AssetChecksDefinition:
    suite = full_suite.part(INTEGRITY)

    @dg.asset_check(
        asset=suite.asset,
        name=f"{suite.name}_suite",
        blocking=True,
        description=(
            f"The integrity rules of Great Expectations suite expectations/suites/{suite.name}.json "
            f"({len(suite.body['expectations'])} expectations: ids, keys, spans, references) on the staged "
            f"`{suite.asset}` table; blocking: a failure stops downstream assets and the publish, so the "
            "warehouse keeps its last good tables."
        ),
    )
    def _check(
        context: dg.AssetCheckExecutionContext,
        great_expectations: GreatExpectationsResource,
        warehouse: WarehouseResource,
        corpus: CorpusResource,
    ) -> dg.AssetCheckResult:
        started = time.monotonic()
        store = warehouse.store()

        def read(table: str):
            return store.read(context.run.run_id, table)

        table = read(suite.asset)
        outcome = great_expectations.validate(suite, table, read, corpus.input_files)
        outcome.result.setdefault("meta", {})["claimtrack_run"] = context.run.run_id
        saved = save_result(store.staged_validation_dir(context.run.run_id), suite.name, outcome.result)
        offending = outcome.offending
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            description=None if outcome.success else f"{len(outcome.failed)} expectations failed",
            metadata={
                "rows": table.num_rows,
                "expectations": outcome.evaluated,
                "failed_expectations": dg.MetadataValue.json(outcome.failed),
                "offending_" + "_".join(suite.index_columns): dg.MetadataValue.json(offending[:500]),
                "offending_count": len(offending),
                "summary": dg.MetadataValue.md(_markdown(outcome, suite)),
                "seconds": round(time.monotonic() - started, 3),
                # Once published, the result lives with the Data Docs; a rejected run keeps it in staging.
                "full_result": dg.MetadataValue.path(
                    str(store.validation_dir / RESULTS / saved.name) if outcome.success else str(saved)
                ),
            },
        )

    return _check


SUITE_CHECKS = [suite_check(suite) for suite in all_suites()]
