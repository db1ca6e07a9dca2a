"""Shared fixtures: the bundled samples, and corpora of bad inputs made on the fly."""

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

PROJECT = Path(__file__).resolve().parents[1]
SAMPLES = PROJECT / "data" / "samples"


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory) -> Iterator[Path]:
    """The CLI records its runs in DAGSTER_HOME (else the project's .dagster/ that `make ui` reads): tests
    record theirs in a home of their own, inherited by every process they start."""
    home = tmp_path_factory.mktemp("dagster_home")
    settings = (PROJECT / "deploy" / "dagster.yaml").read_text()
    (home / "dagster.yaml").write_text(settings + "telemetry:\n  enabled: false\n")  # no first-run banner
    before = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    yield home
    if before is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = before


@pytest.fixture
def samples_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    return corpus


def write_bad_inputs(folder: Path) -> dict[str, str]:
    """One file of each bad kind; returns document name -> the word its quarantine reason must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_bytes(b"   \n\n  ")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "huge.txt").write_bytes(b"More than 5,000 people. " * 50_000)  # 1.2 MB, over a 1 MB limit
    (folder / "scripts.html").write_text(
        "<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>"
    )
    lines = [
        json.dumps({"id": "ok", "text": "At least 12 people were killed, police said."}),
        '{"id": "cut", "text": "trunc',
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines))
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    return {
        "empty.txt": "empty",
        "blank.md": "empty",
        "binary.txt": "binary",
        "huge.txt": "size limit",
        "scripts.html": "no main text",
        "feed.jsonl#2": "JSON",
        "notes.pdf": "unsupported",
    }


@pytest.fixture
def postgres_instance(tmp_path: Path):
    """A Dagster instance on the PostgreSQL server of `make test-services`, wiped first.

    Its home is `tmp_path/dagster_home`, so a subprocess given that DAGSTER_HOME shares it."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "deploy" / "dagster-postgres.yaml", home / "dagster.yaml")
    for variable in ("CLAIMTRACK_PG_HOST", "CLAIMTRACK_PG_PORT", "CLAIMTRACK_PG_USER", "CLAIMTRACK_PG_DB"):
        assert os.environ.get(variable), f"{variable} is not set: run `make test-services`"
    instance = dg.DagsterInstance.from_config(str(home))
    instance.wipe()  # the test database is the project's own throw-away one
    try:
        yield instance
    finally:
        instance.dispose()
