"""Parquet IO manager over the write–audit–publish warehouse (see ``claimtrack.warehouse``).

An asset's output is staged as ``<warehouse>/_staging/<run_id>/<table>.parquet``, written with
the core's schema and renamed into place atomically. Inputs come from the same run's staging
area when this run produced the table, else from the published warehouse. Only the
``publish`` asset moves staged tables into ``<warehouse>/<table>.parquet``, after every
blocking check has passed.
"""

from __future__ import annotations

import dagster as dg
import pyarrow as pa

from claimtrack.schemas import TABLES, conform
from claimtrack.warehouse import Warehouse


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse folder: published tables, staging areas, Data Docs."""

    path: str

    def store(self) -> Warehouse:
        return Warehouse(self.path)


class ParquetTableIOManager(dg.IOManager):
    def __init__(self, warehouse: Warehouse):
        self.warehouse = warehouse

    def handle_output(self, context: dg.OutputContext, obj: pa.Table) -> None:
        name = context.asset_key.path[-1]
        table = conform(name, obj) if name in TABLES else obj
        path = self.warehouse.stage_table(context.run_id, name, table)
        context.add_output_metadata(
            {"dagster/uri": dg.MetadataValue.path(str(path)), "published_as": str(self.warehouse.published_path(name))}
        )

    def load_input(self, context: dg.InputContext) -> pa.Table:
        return self.warehouse.read(context.step_context.run_id, context.asset_key.path[-1])


class WarehouseIOManager(dg.ConfigurableIOManagerFactory):
    """Where the Parquet tables go; defaults to ``warehouse/`` at the project root."""

    warehouse: str

    def create_io_manager(self, context) -> ParquetTableIOManager:
        return ParquetTableIOManager(Warehouse(self.warehouse))
