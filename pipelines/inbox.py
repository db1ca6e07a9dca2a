"""Jobs, sensors and the schedule of incremental ingest.

- ``inbox_sensor`` (every 30 s) compares the inbox with the registered state (sha256 per file).
  New or changed files become one batch, and a run of ``inbox_batch`` tagged with the batch key whose
  ``run_key`` is that key, so the same change never runs twice. Deletions alone request a
  rebuild of the corpus tables. An unchanged inbox requests nothing.
- ``inbox_batch_done`` rebuilds the corpus tables after each successful batch run.
- ``daily_inbox_tables`` rebuilds them every day at 06:00 UTC (cron ``0 6 * * *``), so that a
  missed trigger or a manual fix is picked up within a day.
"""

import time
from pathlib import Path

import dagster as dg

from assets.inbox import BATCH_TAG, InboxResource, inbox_batch, inbox_tables
from claimtrack.inbox import compare, files_key, scan

SENSOR_INTERVAL_SECONDS = 30
DAILY_CRON = "0 6 * * *"

inbox_batch_job = dg.define_asset_job(
    "inbox_batch_job",
    selection=[inbox_batch],
    description="Extract one batch of new or changed inbox files.",
)
inbox_tables_job = dg.define_asset_job(
    "inbox_tables_job",
    selection=[inbox_tables],
    description="Rebuild and publish the corpus-wide inbox tables from the built batches.",
)


@dg.sensor(
    jobs=[inbox_batch_job, inbox_tables_job],
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    description="Registers new, changed and deleted inbox files by sha256 and requests a batch run for them.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def inbox_sensor(context: dg.SensorEvaluationContext, inbox: InboxResource) -> dg.SensorResult | dg.SkipReason:
    store = inbox.store()
    changes = compare(store.state(), scan(Path(inbox.path)))
    if not changes.any:
        return dg.SkipReason(f"no new, changed or deleted file in {inbox.path}")
    key = store.register(Path(inbox.path), changes)
    if key is not None:
        context.log.info(f"batch {key}: {len(changes.added_or_changed)} new or changed files")
        return dg.SensorResult(
            run_requests=[dg.RunRequest(run_key=f"batch-{key}", tags={BATCH_TAG: key}, job_name=inbox_batch_job.name)],
            cursor=files_key(changes.state),
        )
    if changes.added_or_changed:  # a file changed while it was being registered: look again next tick
        return dg.SkipReason("a file changed while it was being registered")
    context.log.info(f"retiring {len(changes.deleted)} deleted files")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"tables-{files_key(changes.state)}", job_name=inbox_tables_job.name)],
        cursor=files_key(changes.state),
    )


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[inbox_batch_job],
    request_job=inbox_tables_job,
    description="Rebuilds the corpus-wide inbox tables after each batch run succeeds.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def inbox_batch_done(context: dg.RunStatusSensorContext) -> dg.RunRequest:
    return dg.RunRequest(run_key=f"tables-after-{context.dagster_run.run_id}")


daily_inbox_tables = dg.ScheduleDefinition(
    name="daily_inbox_tables",
    job=inbox_tables_job,
    cron_schedule=DAILY_CRON,
    execution_timezone="UTC",
    description="Rebuild and publish the corpus-wide inbox tables every day at 06:00 UTC.",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


def drain_inbox(instance: dg.DagsterInstance, resources: dict) -> dict[str, float]:
    """Run in this process what the two sensors would request for the inbox as it is now: one tick, the
    batch run, the corpus tables. For scripts and the benchmark, which time each phase; returns seconds
    per phase (``tick`` only when nothing changed)."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    result = inbox_sensor(dg.build_sensor_context(instance=instance, resources=resources))
    seconds["tick"] = time.perf_counter() - started
    if isinstance(result, dg.SkipReason):
        return seconds
    for request in result.run_requests:
        started = time.perf_counter()
        if BATCH_TAG in request.tags:
            dg.materialize([inbox_batch], tags=request.tags, instance=instance, resources=resources)
            seconds["batch"] = seconds.get("batch", 0.0) + time.perf_counter() - started
    started = time.perf_counter()
    dg.materialize([inbox_tables], instance=instance, resources=resources)
    seconds["tables"] = time.perf_counter() - started
    return seconds


INBOX_JOBS = [inbox_batch_job, inbox_tables_job]
INBOX_SENSORS = [inbox_sensor, inbox_batch_done]
INBOX_SCHEDULES = [daily_inbox_tables]
