"""Resources the assets need: where the corpus is and how to report progress."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr

from claimtrack.ingest import DEFAULT_MAX_BYTES, input_names
from claimtrack.paths import default_corpus
from claimtrack.pipeline import AUTO_WORKERS, DEFAULT_DOCUMENT_SECONDS, DEFAULT_PROGRESS_UNIT, PROGRESS_UNITS


class CorpusResource(dg.ConfigurableResource):
    """The folder of .txt, .md, .html and .jsonl inputs, the size above which a file is quarantined, the
    seconds a stage may spend on one document before it gives up on it (the document is then quarantined), and
    how many processes parse batches of documents (0: one per core, ``claimtrack.workers.default_workers``,
    when the corpus is large enough to be worth starting them; 1: the run's own process)."""

    path: str = str(default_corpus())
    max_bytes: int = DEFAULT_MAX_BYTES
    document_seconds: float | None = DEFAULT_DOCUMENT_SECONDS
    workers: int = AUTO_WORKERS

    def input_files(self) -> list[str]:
        """Every input file, relative to the corpus, as the ``documents`` table names them."""
        return input_names(Path(self.path))


class ProgressResource(dg.ConfigurableResource):
    """A one-line progress display on the terminal; off unless the CLI runs attached to a TTY."""

    enabled: bool = False
    _last: float = PrivateAttr(default=0.0)

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if done not in (1, total) and now - self._last < 0.2:
            return
        self._last = now
        end = "\n" if done == total else ""
        unit = PROGRESS_UNITS.get(stage, DEFAULT_PROGRESS_UNIT)
        sys.stderr.write(f"\r  {stage:<11} {done:>7}/{total:<7} {unit}{end}")
        sys.stderr.flush()
