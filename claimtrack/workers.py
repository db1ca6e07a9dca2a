"""Batches of documents on every core: a pool of worker processes, each loading the spaCy model once.

The parse is single-threaded, so one process leaves the other cores idle. Workers are spawned (not forked:
a run may hold Dagster's threads and locks) and get the batches in order, at most ``IN_FLIGHT`` each ahead,
so memory stays that of a few batches however large the corpus; results come back in input order, so the
tables are the same whatever the number of workers.

A process keeps its pool for later stages (``pool``): the Dagster steps of one run share a process, so the
workers load the model once per run, and ``warm_up`` starts them (and their model loading) while this
process still segments the documents.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_DEFAULT_WORKERS = 4  # each worker holds a model and a batch (about 400 MB); more rarely pays on a laptop
IN_FLIGHT = 2  # batches queued per worker: one running, one waiting

_POOLS: dict[int, ProcessPoolExecutor] = {}


def default_workers() -> int:
    """One worker per core this process may use, at most MAX_DEFAULT_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


def may_start_processes() -> bool:
    """Whether this process may have children: a daemonic one may not (a Celery worker's, a multiprocessing
    pool's); there the batches run in this process instead of failing the stage."""
    return not multiprocessing.current_process().daemon


def _load_model() -> None:
    """Worker start: load the pipeline before the first batch, so every batch only parses."""
    from claimtrack.nlp import parser

    parser()


def _ready() -> int:
    return os.getpid()


ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def pool(workers: int) -> ProcessPoolExecutor:
    """This process's pool of ``workers`` spawned processes, started at once and kept for later stages. Each
    worker's BLAS runs one thread: the workers already use every core."""
    if workers not in _POOLS:
        context = multiprocessing.get_context("spawn")
        executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_load_model)
        saved = {name: os.environ.get(name) for name in ONE_THREAD}
        os.environ.update(ONE_THREAD)  # read by each worker as it starts, here and now
        try:
            for _ in range(workers):
                executor.submit(_ready)  # a process starts per task submitted while none is idle
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        _POOLS[workers] = executor
    return _POOLS[workers]


def warm_up(workers: int) -> None:
    """Start the pool's processes now (they load the model in the background); returns at once."""
    if workers > 1:
        pool(workers)


def shut_down(wait: bool = False) -> None:
    """Stop every pool of this process: at exit, when a pool broke, or (``wait``: until the processes are gone)
    when the stages that parse are done and their memory is better given back."""
    while _POOLS:
        _, executor = _POOLS.popitem()
        executor.shutdown(wait=wait, cancel_futures=True)


atexit.register(shut_down)


def map_in_workers(work: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """``work`` over ``items`` in order: in this process when ``workers`` is 1, else on the pool of ``workers``
    processes (``work`` and the items must pickle: a module-level function and plain data). If a worker dies
    (killed, out of memory), the items not done yet are done in this process."""
    if workers <= 1:
        yield from map(work, items)
        return
    executor: ProcessPoolExecutor | None = pool(workers)
    pending: deque[tuple[T, Future[R] | None]] = deque()

    def outcome(item: T, future: Future[R] | None) -> R:
        nonlocal executor
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                executor = None
                shut_down()
        return work(item)

    for item in items:
        future = None
        if executor is not None:
            try:
                future = executor.submit(work, item)
            except BrokenProcessPool:
                executor = None
                shut_down()
        pending.append((item, future))
        if len(pending) >= workers * IN_FLIGHT:
            yield outcome(*pending.popleft())
    while pending:
        yield outcome(*pending.popleft())
