"""The README's pandas, DuckDB and Polars snippets run against a real warehouse."""

import os
import re
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from assets import ALL_ASSETS
from pipelines.definitions import build_resources
from tests.conftest import SAMPLES

README = Path(__file__).resolve().parents[1] / "README.md"


def snippets() -> list[str]:
    section = README.read_text().split("## Load the warehouse", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)


def test_readme_has_the_three_snippets():
    found = snippets()
    assert len(found) == 3
    assert [("pandas" in s, "duckdb" in s, "polars" in s) for s in found] == [
        (True, False, False),
        (False, True, False),
        (False, False, True),
    ]


@pytest.fixture(scope="module")
def project_like_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    assert dg.materialize(ALL_ASSETS, resources=build_resources(str(SAMPLES), str(root / "warehouse"))).success
    return root


@pytest.mark.parametrize("index", [0, 1, 2])
def test_readme_snippet_runs(project_like_dir: Path, index: int):
    code = snippets()[index]
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project_like_dir,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )
    assert done.returncode == 0, done.stderr
    assert "person" in done.stdout or "more than" in done.stdout.lower()
