"""Batch results kept on disk until every batch is done.

With worker processes, each batch's results would pile up in this process while the workers still hold
their models: at 10,000 real-length articles that is about half a gigabyte on top of the workers. So
where a batch runs (a worker or this process) its results are pickled to a file of the run's spill
folder, and this process reads them back, in batch order, once the workers are released.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


@contextmanager
def spill_folder() -> Iterator[Path]:
    """A fresh folder for one stage's batch results, removed with whatever is left in it."""
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-batches-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def spilled(folder: Path, work: Callable[[T], R], item: T) -> Path:
    """``work(item)`` pickled to a new file of ``folder``; its path (small to send back from a worker)."""
    result = work(item)
    handle, name = tempfile.mkstemp(suffix=".pickle", dir=folder)
    with os.fdopen(handle, "wb") as out:
        pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
    return Path(name)


def read_back(path: Path) -> object:
    """The result pickled at ``path``, which is then removed."""
    with path.open("rb") as source:
        result = pickle.load(source)
    path.unlink()
    return result
