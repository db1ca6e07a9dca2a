"""Arrow's buffers on the C library's allocator, and freed memory handed back between steps.

pyarrow allocates through mimalloc by default, which keeps freed pages for reuse. A run reads and writes
tables of tens of megabytes one after another (Parquet pages, pandas frames for the suites), and mimalloc
held on to about 150 MB of them for the rest of a 10,000-article run, on top of what the run still used.
The system allocator hands large blocks back as soon as they are freed, and the tables are the same.

Smaller freed blocks (pandas columns of a suite, dicts of claim rows) stay in the C heap, in pages that also hold
live data, until the heap is trimmed: without a trim, each corpus-wide step of a 10,000-article run started about
50-100 MB higher than the one before.
"""

from __future__ import annotations

import pyarrow as pa


def use_system_allocator() -> None:
    """Every later Arrow allocation of this process goes through malloc (``pa.system_memory_pool``)."""
    pa.set_memory_pool(pa.system_memory_pool())


def release_unused() -> None:
    """Return the C heap's free pages to the system (``malloc_trim`` under glibc, through Arrow's pool), so that
    the next step starts from what is still in use."""
    pa.default_memory_pool().release_unused()
