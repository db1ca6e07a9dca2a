"""Incremental ingest through the real sensor, batch runs and assets: new, changed, unchanged and
deleted inbox files, against a full run of the same folder."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest

from assets.inbox import BATCH_TAG, InboxResource, inbox_batch, inbox_tables
from claimtrack import pipeline
from claimtrack.paths import default_corpus
from expectations.resource import GreatExpectationsResource
from pipelines.definitions import defs
from pipelines.inbox import DAILY_CRON, daily_inbox_tables, inbox_batch_done, inbox_sensor

CORE = [
    "claim_id",
    "document",
    "doc_start",
    "doc_end",
    "surface",
    "value",
    "qualifier",
    "unit",
    "source",
    "via",
    "expert",
]


@pytest.fixture
def setup(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    warehouse = tmp_path / "warehouse" / "inbox"
    resource = InboxResource(path=str(inbox), store_path=str(warehouse / "_batches"), warehouse=str(warehouse))
    resources = {"inbox": resource, "great_expectations": GreatExpectationsResource()}
    with dg.instance_for_test() as instance:
        yield inbox, warehouse, resources, instance


def tick(instance: dg.DagsterInstance, resources: dict):
    context = dg.build_sensor_context(instance=instance, resources=resources)
    return inbox_sensor(context)


def run_batch(result, instance: dg.DagsterInstance, resources: dict) -> str:
    (request,) = result.run_requests
    key = request.tags[BATCH_TAG]
    assert request.run_key == f"batch-{key}"
    done = dg.materialize([inbox_batch], tags=request.tags, instance=instance, resources=resources)
    assert done.success
    return key


def rebuild(instance: dg.DagsterInstance, resources: dict) -> None:
    assert dg.materialize([inbox_tables], instance=instance, resources=resources).success


def published_claims(warehouse: Path) -> list[tuple]:
    rows = pq.read_table(warehouse / "claims.parquet").select(CORE).to_pylist()
    return sorted(tuple(r.values()) for r in rows)


CROSSREF = {
    "claim_relations": ["claim_id_a", "claim_id_b", "relation"],
    "quantities": ["quantity_id", "n_claims", "status"],
}


def assert_same_as_a_full_run(warehouse: Path, folder: Path) -> list[tuple]:
    """The published claims, relations and quantities equal a full run's over the same files; returns the claims."""
    full = pipeline.build_all(folder)
    claims = published_claims(warehouse)
    assert claims == sorted(tuple(r.values()) for r in full.claims.select(CORE).to_pylist())
    tables = {"claim_relations": full.crossref.relations, "quantities": full.crossref.quantities}
    for name, columns in CROSSREF.items():
        published = pq.read_table(warehouse / f"{name}.parquet").select(columns).to_pylist()
        assert sorted(map(str, published)) == sorted(map(str, tables[name].select(columns).to_pylist())), name
    assert (warehouse / "report.html").stat().st_size > 0
    return claims


def test_new_changed_unchanged_and_deleted_files(setup, tmp_path: Path):
    inbox, warehouse, resources, instance = setup
    first, second = sorted(p for p in default_corpus().iterdir() if p.suffix == ".txt")[:2]
    shutil.copy(first, inbox / first.name)

    # A new file: one batch, one run keyed by the batch.
    key_one = run_batch(tick(instance, resources), instance, resources)
    rebuild(instance, resources)
    assert_same_as_a_full_run(warehouse, inbox)

    # Nothing changed: no run.
    assert isinstance(tick(instance, resources), dg.SkipReason)

    # A second file arrives: a new batch holding only it; the first is not extracted again.
    shutil.copy(second, inbox / second.name)
    key_two = run_batch(tick(instance, resources), instance, resources)
    assert key_two != key_one
    rebuild(instance, resources)
    assert {r[1] for r in assert_same_as_a_full_run(warehouse, inbox)} == {first.name, second.name}

    # The first file changes: its old claims are replaced by the new ones.
    text = (inbox / first.name).read_text(encoding="utf-8")
    (inbox / first.name).write_text(text + "\n\nPolice said 4,321 protesters were detained on Friday.\n", "utf-8")
    run_batch(tick(instance, resources), instance, resources)
    rebuild(instance, resources)
    assert any(r[4] == "4,321" for r in assert_same_as_a_full_run(warehouse, inbox))

    # The second file is deleted: its claims are retired, and only a rebuild is requested.
    (inbox / second.name).unlink()
    result = tick(instance, resources)
    (request,) = result.run_requests
    assert request.job_name == "inbox_tables_job" and request.run_key.startswith("tables-")
    rebuild(instance, resources)
    assert {r[1] for r in assert_same_as_a_full_run(warehouse, inbox)} == {first.name}


def test_a_batch_run_is_followed_by_a_rebuild(setup):
    inbox, _, resources, instance = setup
    shutil.copy(next(default_corpus().glob("*.txt")), inbox / "a.txt")
    run_batch(tick(instance, resources), instance, resources)
    (run,) = instance.get_runs(limit=1)
    event = instance.get_records_for_run(run.run_id).records[-1].event_log_entry.dagster_event
    context = dg.build_run_status_sensor_context(
        sensor_name=inbox_batch_done.name, dagster_instance=instance, dagster_run=run, dagster_event=event
    )
    request = inbox_batch_done(context)
    assert request.run_key == f"tables-after-{run.run_id}"


def test_the_daily_schedule_rebuilds_the_corpus_tables():
    assert daily_inbox_tables.cron_schedule == DAILY_CRON == "0 6 * * *"
    context = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC))
    (request,) = daily_inbox_tables.evaluate_tick(context).run_requests
    assert daily_inbox_tables.job_name == "inbox_tables_job" and request is not None
    job = defs.resolve_job_def("inbox_tables_job")
    assert [key.to_user_string() for key in job.asset_layer.executable_asset_keys] == ["inbox_tables"]
