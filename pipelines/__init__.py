"""Dagster definitions: assets, jobs, resources and the Parquet IO manager."""
