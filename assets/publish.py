"""Publish: the last step of write–audit–publish.

Runs only when every table of the run was written and every blocking suite check passed
(a failed check stops it). It renders the GX Data Docs from this run's validation results
(keeping the last published result of suites this run did not re-check) and moves the staged
tables and the docs into the warehouse in one journaled step.
"""

import dagster as dg

from assets.tables import OWNERS
from claimtrack.database import write_database
from claimtrack.quarantine import PER_DOCUMENT, drop_documents, quarantine_documents
from claimtrack.schemas import conform
from claimtrack.warehouse import Warehouse
from expectations.docs import build_data_docs, load_results, save_result
from expectations.suites import docs_suites
from pipelines.io_manager import WarehouseResource

TABLE_ASSETS = [
    "documents",
    "articles",
    "quotes",
    "entities",
    "claims",
    "claim_relations",
    "quantities",
    "conflicts",
    "rejected_rows",
]


def quarantine_failed_documents(store: Warehouse, run_id: str, staged: list[str]) -> dict[str, str]:
    """Documents a stage gave up on are quarantined in the staged ``documents`` table, and the rows an
    earlier stage made of them are dropped, before anything is published."""
    failures = store.failures(run_id)
    if not failures:
        return failures
    if "documents" in staged:
        documents = quarantine_documents(store.read(run_id, "documents"), failures)
        store.stage_table(run_id, "documents", conform("documents", documents))
    for name in PER_DOCUMENT:
        if name in staged:
            store.stage_table(run_id, name, conform(name, drop_documents(store.read(run_id, name), failures)))
    return failures


@dg.asset(
    deps=TABLE_ASSETS,
    description=(
        "Moves the tables this run staged into `<warehouse>/<table>.parquet`, all or none, after every blocking "
        "Great Expectations check passed, and builds the Data Docs at `<warehouse>/_validation/index.html`. "
        "A failed check or a killed run leaves the last published warehouse as it was."
    ),
    group_name="validation",
    kinds={"parquet"},
    pool="claimtrack_publish",
    owners=OWNERS,
    tags={"layer": "corpus"},
)
def publish(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    store = warehouse.store()
    run_id = context.run.run_id
    staged = store.staged_tables(run_id)
    if not staged:
        raise dg.Failure(
            description=f"run {run_id} staged no table; materialize the tables together with publish",
        )
    failures = quarantine_failed_documents(store, run_id, staged)
    docs_dir = store.staged_validation_dir(run_id)  # where this run's checks saved their results
    fresh = load_results(docs_dir)
    inherited = {k: v for k, v in load_results(store.validation_dir).items() if k not in fresh}
    for suite, result in inherited.items():  # a suite this run did not re-check keeps its last result
        save_result(docs_dir, suite, result)
    index = build_data_docs(docs_suites(), {**inherited, **fresh}, docs_dir, run_id)
    published = store.publish(run_id, staged, validation=docs_dir)
    database = write_database(store.root)
    final_index = store.validation_dir / index.name
    lines = ["| table | rows | sha256 |", "| --- | ---: | --- |"]
    lines += [f"| {t} | {e['rows']} | `{e['sha256'][:12]}` |" for t, e in published.tables.items()]
    context.log.info(f"published {', '.join(staged)}; Data Docs at {final_index}")
    return dg.MaterializeResult(
        metadata={
            "tables": dg.MetadataValue.md("\n".join(lines)),
            "published": len(published.tables),
            "quarantined_by_stages": len(failures),
            "stage_failures": dg.MetadataValue.json(failures),
            "data_docs": dg.MetadataValue.url(final_index.as_uri()),
            "data_docs_path": dg.MetadataValue.path(str(final_index)),
            "warehouse": dg.MetadataValue.path(str(store.root)),
            "duckdb": dg.MetadataValue.path(str(database)),
        }
    )
