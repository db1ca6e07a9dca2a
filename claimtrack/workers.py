"""Batches of documents on every core: a pool of worker processes, each loading the spaCy model once.

The parse is single-threaded, so one process leaves the other cores idle. Workers are spawned (not forked:
a run may hold Dagster's threads and locks) and get the batches in order, at most ``IN_FLIGHT`` each ahead,
so memory stays that of a few batches however large the corpus; results come back in input order, so the
tables are the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_DEFAULT_WORKERS = 4  # each worker holds a model and a batch (about 400 MB); more rarely pays on a laptop
IN_FLIGHT = 2  # batches queued per worker: one running, one waiting


def default_workers() -> int:
    """One worker per core this process may use, at most MAX_DEFAULT_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


def _load_model() -> None:
    """Worker start: load the pipeline before the first batch, so every batch only parses."""
    from claimtrack.nlp import parser, tagger

    parser()
    tagger()


def map_in_workers(work: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """``work`` over ``items`` in order: in this process when ``workers`` is 1, else on a pool of ``workers``
    spawned processes (``work`` and the items must pickle: a module-level function and plain data)."""
    if workers <= 1:
        yield from map(work, items)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_load_model) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= workers * IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
