"""The whole asset graph on Celery workers: ``dagster job execute -m pipelines.distributed -j all_tables_distributed``.

Each step (a table or its blocking check) becomes a Celery task on the Redis broker named by
``CLAIMTRACK_CELERY_BROKER``; worker processes started with ``pipelines.celery_workers`` pick them
up. The run, the workers and the UI must share one persistent Dagster instance (PostgreSQL,
``deploy/dagster-postgres.yaml``) and one warehouse path. Needs the ``services`` extra.
"""

import dagster as dg
from dagster_celery import celery_executor

from assets import ALL_ASSETS
from pipelines import definitions

CELERY_CONFIG = {
    "broker": {"env": "CLAIMTRACK_CELERY_BROKER"},
    "backend": {"env": "CLAIMTRACK_CELERY_BACKEND"},
}

all_tables_distributed = dg.define_asset_job(
    "all_tables_distributed",
    selection=dg.AssetSelection.assets(*ALL_ASSETS),
    executor_def=celery_executor.configured(CELERY_CONFIG),
    description="Materialize every table, each step on a Celery worker (Redis broker, PostgreSQL instance).",
)

defs = dg.Definitions.merge(definitions.defs, dg.Definitions(jobs=[all_tables_distributed]))
