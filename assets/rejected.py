"""``rejected_rows``: every row a quality rule took out of its table in this run, in one table."""

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from assets.tables import OWNERS, table_output, value_counts
from claimtrack import pipeline
from claimtrack.schemas import TABLES
from pipelines.io_manager import WarehouseResource

SCREENED_TABLES = ["articles", "entities", "claims", "claim_relations", "quantities", "conflicts"]


@dg.asset(
    deps=["articles", "quotes", "entities", "claims", "claim_relations", "quantities", "conflicts"],
    description=(
        "Rows the quality rules (heuristics on one row: a unit that still looks plural, a date before 1900) took "
        "out of their tables before they were written: `table`, `row_id`, `document`, `rule` (the rule's name in "
        "its suite), `why`, and the row as JSON in `row`. The published tables never point at a rejected row."
    ),
    group_name="validation",
    kinds={"parquet"},
    owners=OWNERS,
    tags={"layer": "corpus"},
)
def rejected_rows(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.Output[pa.Table]:
    store = warehouse.store()
    run_id = context.run.run_id
    fresh = store.staged_rejections(run_id)
    restaged = set(store.staged_tables(run_id))
    parts = [t.cast(TABLES["rejected_rows"]) for t in fresh]
    published = store.published_path("rejected_rows")
    if published.exists():  # a table this run did not rebuild keeps the rows its last run rejected
        previous = store.read(run_id, "rejected_rows")
        keep = pc.invert(pc.is_in(previous["table"], pa.array(sorted(restaged), pa.string())))
        parts.append(previous.filter(keep))
    table = pa.concat_tables(parts) if parts else TABLES["rejected_rows"].empty_table()
    table = table.sort_by([("table", "ascending"), ("row_id", "ascending"), ("rule", "ascending")])
    return table_output("rejected_rows", pipeline.StageResult(table), {"by_table": value_counts(table, "table")})
