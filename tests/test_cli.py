"""`claimtrack run`: the whole graph through Dagster, a summary, and one-line errors."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq

from pipelines.definitions import all_tables_for_a_run, build_resources, resources_config
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


def test_an_empty_corpus_folder_is_one_clear_line(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    done = run("run", "--corpus", str(tmp_path / "empty"), "--warehouse", str(tmp_path / "wh"))
    assert done.returncode == 2
    assert done.stderr.startswith("claimtrack: no input files in") and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "wh" / "_staging").exists()


def test_a_corpus_of_only_bad_files_publishes_empty_tables(tmp_path: Path):
    corpus = tmp_path / "bad"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    done = run("run", "--corpus", str(corpus), "--warehouse", str(tmp_path / "wh"))
    assert done.returncode == 0, done.stderr
    documents = pq.read_table(tmp_path / "wh" / "documents.parquet").to_pylist()
    assert [(d["document"], d["status"]) for d in documents] == [("empty.txt", "quarantined")]
    assert pq.read_table(tmp_path / "wh" / "claims.parquet").num_rows == 0
    assert not (tmp_path / "wh" / "_staging").exists()


def test_a_failing_step_names_the_cause_not_dagsters_wrapper(tmp_path: Path):
    script = tmp_path / "full_disk.py"
    script.write_text(
        "import sys\n"
        "from claimtrack import cli, pipeline\n"
        "def full(*args, **kwargs):\n"
        "    raise OSError(28, 'No space left on device')\n"
        "pipeline.build_crossref = full\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    warehouse = tmp_path / "wh"
    done = subprocess.run(
        [sys.executable, str(script), "run", "--corpus", str(SAMPLES), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "claimtrack: run failed in crossref: OSError: [Errno 28] No space left on device; nothing was published"
    ]
    assert not (warehouse / "_staging").exists() or not any((warehouse / "_staging").iterdir())
    assert not (warehouse / "claims.parquet").exists()


def test_ctrl_c_prints_one_line_cleans_staging_and_exits_130(tmp_path: Path):
    warehouse = tmp_path / "wh"
    assert run("run", "--corpus", str(SAMPLES), "--warehouse", str(warehouse)).returncode == 0
    before = {p.name: p.read_bytes() for p in warehouse.glob("*.parquet")}
    process = subprocess.Popen(
        [*CLI, "run", "--corpus", str(SAMPLES), "--warehouse", str(warehouse)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    staging = warehouse / "_staging"
    deadline = time.monotonic() + 120
    while not (staging.exists() and any(staging.glob("*/*.parquet"))) and time.monotonic() < deadline:
        time.sleep(0.05)  # interrupt once the run has staged its first table
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    lines = stderr.strip().splitlines()  # one line, never a traceback, whenever the signal lands
    assert not staging.exists() or not any(staging.iterdir())
    if lines == ["claimtrack: interrupted after the run had published: the warehouse holds this run's tables"]:
        # the signal landed once publishing had begun (a loaded machine): the run finished it, whole
        assert {p.name for p in warehouse.glob("*.parquet")} == set(before)
        return
    assert lines == ["claimtrack: interrupted; nothing more was published and the warehouse is as it was"]
    assert {p.name: p.read_bytes() for p in warehouse.glob("*.parquet")} == before


def test_the_run_config_gives_the_job_every_setting_of_the_command_line():
    """`claimtrack run` hands its settings to a reconstructed job as run config: each must arrive."""
    resources = build_resources("/corpus", "/warehouse", progress=True, max_bytes=5, document_seconds=2.5, workers=2)
    config = dg.validate_run_config(all_tables_for_a_run(), {"resources": resources_config(resources)})["resources"]
    assert config["corpus"]["config"] == {"path": "/corpus", "max_bytes": 5, "document_seconds": 2.5, "workers": 2}
    assert config["io_manager"]["config"] == {"warehouse": "/warehouse"}
    assert config["warehouse"]["config"] == {"path": "/warehouse"}
    assert config["progress"]["config"] == {"enabled": True}


def test_every_step_of_a_cli_run_hands_back_the_memory_it_freed(tmp_path: Path, monkeypatch):
    """The job `claimtrack run` executes releases freed memory after each step (``release_memory`` hook)."""
    import pipelines.definitions as definitions

    released: list[int] = []
    monkeypatch.setattr(definitions, "release_unused", lambda: released.append(1))
    resources = build_resources(str(SAMPLES), str(tmp_path / "warehouse"))
    with dg.DagsterInstance.ephemeral() as instance:
        with dg.execute_job(
            dg.reconstructable(all_tables_for_a_run),
            instance=instance,
            run_config={"resources": resources_config(resources)},
        ) as result:
            assert result.success
            steps = len(result.get_step_success_events())
    assert steps > 10 and len(released) == steps
