"""GX Data Docs from stored validation results: one static HTML site beside the warehouse.

Checks run in separate step processes, so each writes its validation result as JSON; this
module loads them into one ephemeral GX context and lets GX's own SiteBuilder render its pages
(``index-gx.html``), then renders the index and a page per suite that work offline
(``expectations.offline_docs``).
"""

from __future__ import annotations

import json
from pathlib import Path

from expectations.offline_docs import write_offline_site
from expectations.suites import Suite

SITE_NAME = "claimtrack"
RESULTS = "results"


def save_result(folder: Path, suite: str, result: dict) -> Path:
    """Keep a check's full GX result for the docs (and for anyone who wants every offending row)."""
    path = folder / RESULTS / f"{suite}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, sort_keys=True), encoding="utf-8")
    return path


def load_results(folder: Path) -> dict[str, dict]:
    """The results saved in a Data Docs folder, by suite."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted((folder / RESULTS).glob("*.json"))
    }


def build_data_docs(suites: list[Suite], results: dict[str, dict], target: Path, run_name: str) -> Path:
    """Render the site into ``target`` (beside the ``results/`` JSON) and return its ``index.html``."""
    import great_expectations as gx
    from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResult
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.add_data_docs_site(
        site_name=SITE_NAME,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(target)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    for suite in suites:
        context.suites.add(gx.ExpectationSuite(**json.loads(json.dumps(suite.body))))
        result = results.get(suite.name)
        if result is None:
            continue
        fields = ("success", "results", "suite_name", "statistics", "meta")
        validation = ExpectationSuiteValidationResult(**{k: result[k] for k in fields if k in result})
        run = result.get("meta", {}).get("claimtrack_run") or run_name
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite.name),
            run_id=RunIdentifier(run_name=run),
            batch_identifier=suite.asset,
        )
        context.validation_results_store.set(key, validation)
    context.build_data_docs(site_names=[SITE_NAME])
    return write_offline_site(suites, results, target, run_name)  # GX's index needs a network; this one does not
