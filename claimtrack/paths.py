"""Where the project's bundled data lives, for defaults that work from any working directory."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def default_corpus() -> Path:
    """The bundled sample corpus (``data/samples``)."""
    return PROJECT_ROOT / "data" / "samples"


def default_warehouse() -> Path:
    """``warehouse/`` at the project root, unless CLAIMTRACK_WAREHOUSE says otherwise."""
    return PROJECT_ROOT / "warehouse"


def default_dagster_home() -> Path:
    """``.dagster/`` at the project root: the Dagster instance ``make ui`` reads, where ``claimtrack run`` and
    ``make run`` record their runs unless DAGSTER_HOME says otherwise."""
    return PROJECT_ROOT / ".dagster"


def instance_settings() -> Path:
    """The instance settings ``make ui`` starts from (``deploy/dagster.yaml``)."""
    return PROJECT_ROOT / "deploy" / "dagster.yaml"
