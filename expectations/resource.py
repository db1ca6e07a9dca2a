"""The Dagster resource that runs a suite: an ephemeral GX context per validation."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from expectations.suites import Suite
from expectations.validator import ValidationOutcome, validate


class GreatExpectationsResource(dg.ConfigurableResource):
    """Validates DataFrames against the JSON suites; no GX project folder, no GX Cloud."""

    max_ids_in_metadata: int = 100

    def validate(self, suite: Suite, frame: pd.DataFrame, parameters: dict) -> ValidationOutcome:
        return validate(suite, frame, parameters, max_ids=self.max_ids_in_metadata)
