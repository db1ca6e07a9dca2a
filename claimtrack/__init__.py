"""claimtrack: numeric claims from news text, as analysis-ready tables.

The package is the domain core: plain Python, no Dagster import. Dagster assets in
``assets/`` and definitions in ``pipelines/`` only call into it.
"""

from claimtrack.memory import use_system_allocator

__version__ = "0.1.0"

use_system_allocator()  # before any table is read: see claimtrack.memory
