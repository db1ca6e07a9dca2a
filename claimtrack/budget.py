"""A time budget for one piece of work: after N seconds it stops with ``OverBudget``.

Every stage is meant to be linear in its input, but a document nobody foresaw must not hold the corpus
for hours: the pipeline gives each document a budget, and a document over it becomes a failure
("attribution took longer than 60 s") while the others go on. The budget is a real-time interval
timer (SIGALRM), so it also interrupts a slow regular expression or a long loop in pure Python. Signals
only reach the main thread, so elsewhere (a Dagster thread pool) the budget does nothing.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class OverBudget(BaseException):  # noqa: N818 - the name says what happened, as KeyboardInterrupt does
    """A piece of work ran past its time budget.

    A BaseException, like KeyboardInterrupt: the alarm can go off inside any code, and an ``except Exception``
    there (a guard around a compiled library) must not swallow it and let the work run on unbudgeted."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


def _alarm_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``OverBudget`` in the block once ``seconds`` have passed; None (or off the main thread): no limit.

    The previous SIGALRM handler and timer are put back on leaving, so budgets nest and nothing else's alarm
    is lost (an outer timer keeps what remained of it, less the time spent here)."""
    if seconds is None or not _alarm_usable():
        yield
        return
    if seconds <= 0:
        raise OverBudget(seconds)

    def _expired(signum: int, frame: object) -> None:
        raise OverBudget(seconds)

    previous = signal.signal(signal.SIGALRM, _expired)
    started = time.monotonic()
    outer_left, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)  # first of all: no alarm after the block
        finally:
            signal.signal(signal.SIGALRM, previous)
            if outer_left > 0:  # an outer timer was running: resume it with what it had left
                left = outer_left - (time.monotonic() - started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), outer_interval)
