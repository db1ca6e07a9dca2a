"""`claimtrack run`: the whole graph through Dagster, a summary, and one-line errors."""

import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from tests.conftest import SAMPLES

CLI = [sys.executable, "-m", "claimtrack.cli"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300)


def test_run_materializes_and_prints_a_summary(tmp_path: Path):
    done = run("run", "--corpus", str(SAMPLES), "--warehouse", str(tmp_path / "wh"))
    assert done.returncode == 0, done.stderr
    for table in ("documents", "articles", "quotes", "entities", "claims"):
        assert table in done.stdout
        assert pq.read_table(tmp_path / "wh" / f"{table}.parquet").num_rows > 0
    assert f"warehouse: {tmp_path / 'wh'}" in done.stdout


def test_missing_corpus_is_one_clear_line(tmp_path: Path):
    done = run("run", "--corpus", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "wh"))
    assert done.returncode == 2
    assert done.stderr.strip() == f"claimtrack: corpus folder not found: {tmp_path / 'nope'}"


def test_unwritable_warehouse_is_one_clear_line(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = run("run", "--corpus", str(SAMPLES), "--warehouse", str(blocker / "wh"))
    assert done.returncode == 2
    assert done.stderr.startswith("claimtrack: cannot write to warehouse")
    assert len(done.stderr.strip().splitlines()) == 1
