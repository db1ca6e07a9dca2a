"""The Dagster instance on a real PostgreSQL server (``make test-services`` starts it on 127.0.0.1):
the inbox sensor and the materializations it requests are recorded in PostgreSQL."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest
from test_inbox import rebuild, run_batch, tick

from assets.inbox import BATCH_TAG, InboxResource
from claimtrack.paths import default_corpus
from expectations.resource import GreatExpectationsResource

pytestmark = pytest.mark.services


def test_sensor_and_materializations_are_stored_in_postgres(postgres_instance: dg.DagsterInstance, tmp_path: Path):
    import psycopg2

    instance = postgres_instance
    assert type(instance.run_storage).__name__ == "PostgresRunStorage"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(next(default_corpus().glob("*.txt")), inbox / "story.txt")
    warehouse = tmp_path / "warehouse" / "inbox"
    resources = {
        "inbox": InboxResource(path=str(inbox), store_path=str(warehouse / "_batches"), warehouse=str(warehouse)),
        "great_expectations": GreatExpectationsResource(),
    }
    key = run_batch(tick(instance, resources), instance, resources)
    rebuild(instance, resources)
    assert isinstance(tick(instance, resources), dg.SkipReason)

    (batch_run,) = [run for run in instance.get_runs() if BATCH_TAG in run.tags]
    assert batch_run.tags[BATCH_TAG] == key
    assert pq.read_table(warehouse / "claims.parquet").num_rows > 0
    with (
        psycopg2.connect(
            host=os.environ["CLAIMTRACK_PG_HOST"],
            port=os.environ["CLAIMTRACK_PG_PORT"],
            user=os.environ["CLAIMTRACK_PG_USER"],
            password=os.environ.get("CLAIMTRACK_PG_PASSWORD", ""),
            dbname=os.environ["CLAIMTRACK_PG_DB"],
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("select status from runs order by create_timestamp")
        assert [row[0] for row in cursor.fetchall()] == ["SUCCESS", "SUCCESS"]
        cursor.execute("select value from run_tags where key = %s", (BATCH_TAG,))
        assert cursor.fetchall() == [(key,)]
