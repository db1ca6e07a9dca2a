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
