"""`dagster dev` on 127.0.0.1 serves the code location and lists the assets (what `make ui` runs)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dagster as dg

from claimtrack.schemas import TABLES
from pipelines.definitions import all_tables_job, defs

PROJECT = Path(__file__).resolve().parents[1]


def test_definitions_load_and_the_job_resolves():
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert keys == set(TABLES) | {"publish", "inbox_batch", "inbox_tables"}
    groups = {k.to_user_string(): repo.asset_graph.get(k).group_name for k in repo.asset_graph.get_all_asset_keys()}
    assert set(groups.values()) <= {"ingest", "extraction", "attribution", "validation", "crossref"}
    assert groups["documents"] == "ingest" and groups["claims"] == "extraction" and groups["quotes"] == "attribution"
    assert all(repo.asset_graph.get(k).owners == ["team:claimtrack"] for k in repo.asset_graph.get_all_asset_keys())
    assert {s.name for s in defs.sensors} == {"inbox_sensor", "inbox_batch_done"}
    assert {s.name for s in defs.schedules} == {"daily_inbox_tables"}
    checks = {(k.asset_key.to_user_string(), k.name) for k in repo.asset_graph.asset_check_keys}
    assert checks == {(name, f"{name}_suite") for name in TABLES}
    job = defs.resolve_job_def(all_tables_job.name)
    assert isinstance(job, dg.JobDefinition)
    for key in ("documents", "articles", "claims"):
        assert defs.get_assets_def(key).descriptions_by_key[dg.AssetKey(key)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, body: bytes | None = None) -> bytes:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read()


def test_dagster_dev_lists_the_assets(tmp_path: Path):
    port = _free_port()
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text((PROJECT / "deploy" / "dagster.yaml").read_text())  # what `make ui` uses
    dagster = Path(sys.executable).with_name("dagster")
    proc = subprocess.Popen(
        [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=PROJECT,
        env={
            **os.environ,
            "DAGSTER_HOME": str(home),
            "CLAIMTRACK_INBOX": str(tmp_path / "inbox"),  # the running sensor must not touch the project's folders
            "CLAIMTRACK_WAREHOUSE": str(tmp_path / "warehouse"),
        },
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        names: set[str] = set()
        query = json.dumps({"query": "{ assetNodes { assetKey { path } } }"}).encode()
        while time.monotonic() < deadline and not set(TABLES) <= names:
            assert proc.poll() is None, "dagster dev exited early"
            try:
                _get(f"http://127.0.0.1:{port}/server_info")
                data = json.loads(_get(f"http://127.0.0.1:{port}/graphql", query))
                names = {"/".join(n["assetKey"]["path"]) for n in data["data"]["assetNodes"]}
            except (OSError, KeyError, TypeError, ValueError):
                time.sleep(1)
        assert set(TABLES) <= names
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
