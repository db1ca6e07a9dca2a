"""The Dagster resource that runs a suite: an ephemeral GX context per validation."""

from __future__ import annotations

from collections.abc import Callable

import dagster as dg
import pyarrow as pa

from expectations.screen import Screened, screen
from expectations.suites import Suite
from expectations.validator import ValidationOutcome, validate_table


class GreatExpectationsResource(dg.ConfigurableResource):
    """Validates tables against the JSON suites; no GX project folder, no GX Cloud."""

    max_ids_in_metadata: int = 100

    def validate(
        self,
        suite: Suite,
        table: pa.Table,
        read_table: Callable[[str], pa.Table],
        corpus_files: Callable[[], list[str]],
    ) -> ValidationOutcome:
        return validate_table(suite, table, read_table, corpus_files, max_ids=self.max_ids_in_metadata)

    def screen(
        self,
        suite: Suite,
        table: pa.Table,
        read_table: Callable[[str], pa.Table],
        corpus_files: Callable[[], list[str]],
    ) -> Screened:
        """Split ``table`` into the rows that pass the suite's quality rules and the rejected ones."""
        return screen(suite, table, read_table, corpus_files, max_ids=self.max_ids_in_metadata)
