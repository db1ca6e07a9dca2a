"""Incremental ingest from the inbox: one partition per batch of new or changed files, and the
corpus-wide tables rebuilt from the batches (see ``claimtrack/inbox.py``)."""

import time

import dagster as dg
import pyarrow as pa

from assets.tables import OWNERS
from claimtrack.database import write_database
from claimtrack.inbox import InboxStore
from claimtrack.paths import PROJECT_ROOT
from claimtrack.preview import markdown_preview
from claimtrack.report import summary_markdown, write_report
from claimtrack.warehouse import Warehouse
from expectations.resource import GreatExpectationsResource
from expectations.suites import INTEGRITY, all_suites, suite_named

BATCH_TAG = "claimtrack/batch"  # the batch a sensor's run is for


class InboxResource(dg.ConfigurableResource):
    """The inbox folder the sensor watches, where batches are kept, and where the corpus tables go."""

    path: str = str(PROJECT_ROOT / "data" / "inbox")
    store_path: str = str(PROJECT_ROOT / "warehouse" / "inbox" / "_batches")
    warehouse: str = str(PROJECT_ROOT / "warehouse" / "inbox")

    def store(self) -> InboxStore:
        return InboxStore(self.store_path)


@dg.asset(
    description=(
        "The inbox batches that are registered but not built yet (a batch: frozen copies of new or changed "
        "inbox files, keyed by the hash of their paths and sha256), each extracted once into its own documents, "
        "articles, quotes, entities and claims Parquet tables. The sensor `inbox_sensor` registers a batch and "
        "requests a run tagged `claimtrack/batch` with its key; any other run builds whatever is pending, so "
        "'Materialize all' works too."
    ),
    group_name="ingest",
    kinds={"parquet"},
    owners=OWNERS,
    tags={"layer": "batch"},
)
def inbox_batch(context: dg.AssetExecutionContext, inbox: InboxResource) -> dg.MaterializeResult:
    started = time.monotonic()
    store = inbox.store()
    pending = store.unbuilt()
    wanted = context.run.tags.get(BATCH_TAG)
    keys = [wanted] if wanted in pending else pending
    built = {key: store.build(key) for key in keys}
    files = {key: len(store.manifest(key)) for key in built}
    lines = [f"- `{key}`: {files[key]} files, {counts}" for key, counts in built.items()]
    context.log.info(f"built {len(built)} batches" + (f": {', '.join(built)}" if built else " (none pending)"))
    return dg.MaterializeResult(
        metadata={
            "batches": dg.MetadataValue.md("\n".join(lines) or "_no batch was pending_"),
            "files": sum(files.values()),
            "seconds": round(time.monotonic() - started, 2),
        }
    )


@dg.asset(
    deps=[inbox_batch],
    description=(
        "The corpus-wide documents, articles, quotes, entities and claims of the inbox, assembled from the "
        "built batches without extracting again: the rows of each file's current content only (a changed "
        "file's old claims drop out, a deleted file's are retired), entities re-resolved across batches; then "
        "claim_relations and quantities cross-referenced over the whole inbox, and report.html. Every Great "
        "Expectations suite must pass before the tables are published to the inbox warehouse."
    ),
    group_name="ingest",
    kinds={"parquet"},
    owners=OWNERS,
    tags={"layer": "corpus"},
    pool="claimtrack_publish",
)
def inbox_tables(
    context: dg.AssetExecutionContext, inbox: InboxResource, great_expectations: GreatExpectationsResource
) -> dg.MaterializeResult:
    started = time.monotonic()
    store = inbox.store()
    live = store.live_batches()
    live_files = sorted(name for names in live.values() for name in names)
    rejected: list[pa.Table] = []

    def screen(name: str, table: pa.Table, tables: dict[str, pa.Table]) -> pa.Table:
        """Quality rules move rows to rejected_rows, as in the full run; integrity rules still block below."""
        screened = great_expectations.screen(suite_named(name), table, tables.__getitem__, lambda: live_files)
        rejected.append(screened.rejected)
        return screened.table

    tables = store.corpus_tables(live, screen)
    tables["rejected_rows"] = pa.concat_tables([*rejected, tables["rejected_rows"]])
    warehouse = Warehouse(inbox.warehouse)
    run_id = context.run.run_id
    for name, table in tables.items():
        warehouse.stage_table(run_id, name, table)
    failures = []
    for suite in all_suites():
        integrity = suite.part(INTEGRITY)
        outcome = great_expectations.validate(integrity, tables[suite.asset], tables.__getitem__, lambda: live_files)
        if not outcome.success:
            failures.append(f"{suite.name}: " + "; ".join(f["expectation"] for f in outcome.failed))
    if failures:
        raise dg.Failure(
            description="the inbox tables failed validation and were not published",
            metadata={"failed_suites": dg.MetadataValue.md("\n".join(f"- {f}" for f in failures))},
        )
    published = warehouse.publish(run_id, list(tables))
    write_database(warehouse.root)
    columns = ["quantities", "claim_relations", "claims"]
    quantities, relations, claims = (tables[name].to_pylist() for name in columns)
    write_report(warehouse.root / "report.html", quantities, relations, claims, title="claimtrack inbox report")
    return dg.MaterializeResult(
        metadata={
            "files": len(live_files),
            "pending_files": len(store.pending(live)),
            **{f"{name}_rows": entry["rows"] for name, entry in published.tables.items()},
            "claims_preview": dg.MetadataValue.md(markdown_preview("claims", tables["claims"])),
            "quantities_summary": dg.MetadataValue.md(summary_markdown(quantities)),
            "report": dg.MetadataValue.path(str(warehouse.root / "report.html")),
            "warehouse": dg.MetadataValue.path(inbox.warehouse),
            "seconds": round(time.monotonic() - started, 2),
        }
    )
