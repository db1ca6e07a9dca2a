"""Parquet IO manager: each asset is ``<warehouse>/<table>.parquet``, written with the core's schema.

The write is atomic (a temp file beside the target, then ``os.replace``): a reader never
sees half a file, and a failed write leaves the previous table in place.
"""

from __future__ import annotations

import os
import tempfile

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq
from upath import UPath

from claimtrack.schemas import TABLES, conform


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


class ParquetTableIOManager(dg.UPathIOManager):
    extension: str = ".parquet"

    def dump_to_path(self, context: dg.OutputContext, obj: pa.Table, path: UPath) -> None:
        name = context.asset_key.path[-1]
        table = conform(name, obj) if name in TABLES else obj
        target = str(path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".parquet.tmp", dir=os.path.dirname(target))
        os.close(fd)
        try:
            pq.write_table(table, tmp, compression="zstd")
            os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; a warehouse is meant to be shared
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        context.add_output_metadata({"dagster/uri": dg.MetadataValue.path(target)})

    def load_from_path(self, context: dg.InputContext, path: UPath) -> pa.Table:
        return pq.read_table(str(path))


class WarehouseIOManager(dg.ConfigurableIOManagerFactory):
    """Where the Parquet tables go; defaults to ``warehouse/`` at the project root."""

    warehouse: str

    def create_io_manager(self, context) -> ParquetTableIOManager:
        return ParquetTableIOManager(base_path=UPath(os.path.abspath(self.warehouse)))
