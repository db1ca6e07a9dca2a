"""The code location ``dagster dev -w workspace.yaml`` loads, and the CLI runs."""

from __future__ import annotations

import os

import dagster as dg

from assets import ALL_ASSETS
from assets.inbox import InboxResource, inbox_batch, inbox_tables
from assets.resources import CorpusResource, ProgressResource
from claimtrack.memory import release_unused
from claimtrack.paths import PROJECT_ROOT, default_corpus, default_warehouse
from expectations.checks import SUITE_CHECKS
from expectations.resource import GreatExpectationsResource
from pipelines.inbox import INBOX_JOBS, INBOX_SCHEDULES, INBOX_SENSORS
from pipelines.io_manager import WarehouseIOManager, WarehouseResource

# Everything one run materializes: the tables, their blocking suite checks, and the publish step.
GRAPH = [*ALL_ASSETS, *SUITE_CHECKS]


@dg.success_hook
def release_memory(context: dg.HookContext) -> None:
    """After each step, the memory it freed goes back to the system (``claimtrack.memory``)."""
    release_unused()


all_tables_job = dg.define_asset_job(
    "all_tables",
    selection=dg.AssetSelection.assets(*ALL_ASSETS),
    description="Materialize every table of the warehouse from the corpus folder.",
    hooks={release_memory},
)


def build_resources(
    corpus: str | None = None,
    warehouse: str | None = None,
    progress: bool = False,
    max_bytes: int | None = None,
    document_seconds: float | None = None,
    workers: int | None = None,
) -> dict:
    """Resources for one corpus and warehouse (arguments, then environment variables, then bundled defaults)."""
    limit = {"max_bytes": max_bytes} if max_bytes is not None else {}
    if document_seconds is not None:
        limit["document_seconds"] = document_seconds
    if workers is not None:
        limit["workers"] = workers
    folder = warehouse or os.environ.get("CLAIMTRACK_WAREHOUSE", str(default_warehouse()))
    inbox_warehouse = os.path.join(folder, "inbox")
    return {
        "inbox": InboxResource(
            path=os.environ.get("CLAIMTRACK_INBOX", str(PROJECT_ROOT / "data" / "inbox")),
            store_path=os.path.join(inbox_warehouse, "_batches"),
            warehouse=inbox_warehouse,
        ),
        "corpus": CorpusResource(path=corpus or os.environ.get("CLAIMTRACK_CORPUS", str(default_corpus())), **limit),
        "io_manager": WarehouseIOManager(warehouse=folder),
        "warehouse": WarehouseResource(path=folder),
        "great_expectations": GreatExpectationsResource(),
        "progress": ProgressResource(enabled=progress),
    }


# One process per run, as the CLI runs: the asset graph is a chain, so separate step processes would run one
# after the other anyway, each paying ~18 s to start Python, Dagster and spaCy (`make distributed` is the
# way to spread steps over processes).
defs = dg.Definitions(
    executor=dg.in_process_executor,
    assets=[*ALL_ASSETS, inbox_batch, inbox_tables],
    asset_checks=SUITE_CHECKS,
    jobs=[all_tables_job, *INBOX_JOBS],
    sensors=INBOX_SENSORS,
    schedules=INBOX_SCHEDULES,
    resources=build_resources(),
)


def all_tables_for_a_run() -> dg.JobDefinition:
    """The ``all_tables`` job with the project's resources, for ``dg.reconstructable``: the CLI runs it with
    ``dg.execute_job``, which, unlike ``dg.materialize``, does not keep every step's output table in memory
    until the run ends (about 150 MB of Arrow at 10,000 articles by the cross-reference)."""
    return defs.resolve_job_def("all_tables")


def resources_config(resources: dict) -> dict:
    """Run config that gives ``all_tables_for_a_run`` the settings of ``resources`` (``build_resources``'s
    dict): a reconstructed job takes its resources' settings as config."""
    return {name: {"config": resource.model_dump()} for name, resource in resources.items()}
