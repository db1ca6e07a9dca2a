"""A real distributed run (``make test-services``): the asset job on dagster-celery with a Redis broker
and two worker processes, recorded in PostgreSQL. Every step must run in a worker, and the published
warehouse must equal an in-process run's, table by table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest

from claimtrack.schemas import TABLES
from pipelines.celery_workers import celery_workers

pytestmark = pytest.mark.services
PROJECT = Path(__file__).resolve().parents[1]
SAMPLES = PROJECT / "data" / "samples"


def _steps_by_worker(instance: dg.DagsterInstance, run_id: str) -> dict[str, str]:
    """step key -> the Celery worker that executed it, from the run's engine events."""
    placed = {}
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
        event = record.dagster_event
        metadata = event.engine_event_data.metadata if event else {}
        if "Celery worker" in metadata:
            placed[event.step_key] = metadata["Celery worker"].value
    return placed


def test_celery_run_uses_both_workers_and_matches_in_process(postgres_instance: dg.DagsterInstance, tmp_path: Path):
    assert os.environ.get("CLAIMTRACK_CELERY_BROKER"), "CLAIMTRACK_CELERY_BROKER is not set: run `make test-services`"
    local, distributed = tmp_path / "local", tmp_path / "distributed"
    claimtrack = Path(sys.executable).with_name("claimtrack")
    subprocess.run(
        [str(claimtrack), "run", "--corpus", str(SAMPLES), "--warehouse", str(local), "--no-progress"],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )

    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "CLAIMTRACK_CORPUS": str(SAMPLES),
        "CLAIMTRACK_WAREHOUSE": str(distributed),
    }
    dagster = Path(sys.executable).with_name("dagster")
    command = [str(dagster), "job", "execute", "-m", "pipelines.distributed", "-j", "all_tables_distributed"]
    with celery_workers(2, env, tmp_path / "celery-logs") as names:
        done = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]

    (run,) = postgres_instance.get_runs()
    assert run.job_name == "all_tables_distributed" and run.status == dg.DagsterRunStatus.SUCCESS
    placed = _steps_by_worker(postgres_instance, run.run_id)
    multi = {"quotes", "entities", "claims", "claim_relations", "quantities", "conflicts"}  # two multi-asset steps
    expected_steps = {*TABLES.keys() - multi, "extraction", "crossref", "publish", "report"}
    expected_steps |= {f"{name}_{name}_suite" for name in TABLES}
    assert set(placed) == expected_steps
    assert {worker.split("@")[0] for worker in placed.values()} == set(names)  # both workers took steps

    for name in TABLES:
        assert pq.read_table(distributed / f"{name}.parquet").equals(pq.read_table(local / f"{name}.parquet")), name
