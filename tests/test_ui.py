"""`dagster dev` on 127.0.0.1 serves the code location and lists the assets (what `make ui` runs)."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from claimtrack.schemas import TABLES
from expectations.suites import all_suites
from pipelines.definitions import all_tables_job, defs

PROJECT = Path(__file__).resolve().parents[1]


def test_definitions_load_and_the_job_resolves():
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert keys == set(TABLES) | {"publish", "report", "inbox_batch", "inbox_tables"}
    groups = {k.to_user_string(): repo.asset_graph.get(k).group_name for k in repo.asset_graph.get_all_asset_keys()}
    assert set(groups.values()) <= {"ingest", "extraction", "attribution", "validation", "crossref"}
    assert groups["documents"] == "ingest" and groups["claims"] == "extraction" and groups["quotes"] == "attribution"
    assert groups["claim_relations"] == groups["quantities"] == groups["report"] == "crossref"
    assert all(repo.asset_graph.get(k).owners == ["team:claimtrack"] for k in repo.asset_graph.get_all_asset_keys())
    assert {s.name for s in defs.sensors} == {"inbox_sensor", "inbox_batch_done"}
    assert {s.name for s in defs.schedules} == {"daily_inbox_tables"}
    checks = {(k.asset_key.to_user_string(), k.name) for k in repo.asset_graph.asset_check_keys}
    screened = {s.asset for s in all_suites() if s.has_quality_rules}
    assert checks == {(name, f"{name}_suite") for name in TABLES} | {(name, f"{name}_quality") for name in screened}
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


LOCATION_QUERY = "{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus } } } }"
ASSETS_QUERY = (
    "{ assetNodes { assetKey { path } groupName description "
    "assetChecksOrError { ... on AssetChecks { checks { name blocking } } } } }"
)


def _graphql(port: int, query: str) -> dict:
    return json.loads(_get(f"http://127.0.0.1:{port}/graphql", json.dumps({"query": query}).encode()))["data"]


@contextlib.contextmanager
def _dagster_dev(tmp_path: Path, corpus: Path | None = None) -> Iterator[int]:
    """`dagster dev` as `make ui` starts it, on a free port, in its own process group; yields the port once
    /server_info answers, then stops the group with TERM, then KILL. Its instance is `tmp_path/dagster_home`
    (kept when a CLI run made it first)."""
    port = _free_port()
    home = tmp_path / "dagster_home"
    home.mkdir(exist_ok=True)
    if not (home / "dagster.yaml").exists():
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
            **({"CLAIMTRACK_CORPUS": str(corpus)} if corpus is not None else {}),
        },
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, "dagster dev exited early"
            assert time.monotonic() < deadline, "dagster dev did not answer /server_info within 120 s"
            try:
                _get(f"http://127.0.0.1:{port}/server_info")
                break
            except OSError:
                time.sleep(1)
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait_loaded(port: int, timeout: float = 120) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        entries = _graphql(port, LOCATION_QUERY)["workspaceOrError"]["locationEntries"]
        if entries and all(e["loadStatus"] == "LOADED" for e in entries) or time.monotonic() > deadline:
            return entries
        time.sleep(1)


def _screenshot_asset_graph(port: int, groups: set[str], assets: set[str], path: Path) -> None:
    """The global asset graph with every group expanded, after checking each asset's node is drawn."""
    from browser import browser_page

    expanded = ",".join(f"global@global:{group}" for group in sorted(groups))
    with browser_page() as page:
        page.goto(f"http://127.0.0.1:{port}/asset-groups?expanded={expanded}")
        page.locator("foreignObject").first.wait_for(timeout=60_000)
        skip = page.get_by_role("button", name="Skip")  # the first visit's newsletter dialog
        with contextlib.suppress(Exception):
            skip.click(timeout=5_000)
        drawn = set()
        for _ in range(30):
            drawn = {
                a for a in assets if page.locator("foreignObject").filter(has=page.get_by_text(a, exact=True)).count()
            }
            if drawn == assets:
                break
            page.wait_for_timeout(500)
        assert drawn == assets, f"asset graph lacks nodes {sorted(assets - drawn)}"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))


def test_dagster_dev_serves_every_asset_and_check(tmp_path: Path):
    """UI smoke test: the location loads, GraphQL lists every asset (grouped, described) and every blocking
    suite check, and headless Chromium draws the asset graph; the screenshot is tests/artifacts/asset-graph.png."""
    from browser import ARTIFACTS

    repo = defs.get_repository_def()
    asset_keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    check_keys = {(k.asset_key.to_user_string(), k.name) for k in repo.asset_graph.asset_check_keys}
    with _dagster_dev(tmp_path) as port:
        entries = _wait_loaded(port)
        assert [(e["name"], e["loadStatus"]) for e in entries] == [("pipelines.definitions", "LOADED")]
        nodes = _graphql(port, ASSETS_QUERY)["assetNodes"]
        listed = {"/".join(n["assetKey"]["path"]): n for n in nodes}
        assert set(listed) == asset_keys
        assert all(n["description"] and n["groupName"] for n in nodes)
        checks = {
            (name, c["name"], c["blocking"]) for name, n in listed.items() for c in n["assetChecksOrError"]["checks"]
        }
        assert {(a, c) for a, c, _ in checks} == check_keys
        assert all(blocking == name.endswith("_suite") for _, name, blocking in checks)  # quality checks only warn
        groups = {n["groupName"] for n in nodes}
        _screenshot_asset_graph(port, groups, asset_keys, ARTIFACTS / "asset-graph.png")
    assert (ARTIFACTS / "asset-graph.png").stat().st_size > 20_000


MATERIALIZED_QUERY = "{ assetNodes { assetKey { path } assetMaterializations(limit: 1) { runId } } }"
LAUNCH = """
mutation Launch($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on InvalidSubsetError { message }
  }
}
"""
RUN_STATUS = "query Status($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"


def _graphql_with(port: int, query: str, variables: dict) -> dict:
    body = json.dumps({"query": query, "variables": variables}).encode()
    return json.loads(_get(f"http://127.0.0.1:{port}/graphql", body))["data"]


def _run_through_the_ui(port: int, location: str, assets: list[str]) -> tuple[str, float]:
    """Launch the corpus tables as "Materialize all" does (the implicit asset job with an asset selection) and
    wait for the run to end; its status and seconds from launch to end."""
    params = {
        "selector": {
            "repositoryLocationName": location,
            "repositoryName": "__repository__",
            "pipelineName": "__ASSET_JOB",
            "assetSelection": [{"path": [key]} for key in assets],
        },
        "mode": "default",
        "executionMetadata": {"tags": [{"key": "dagster/from_ui", "value": "true"}]},
    }
    started = time.monotonic()
    launched = _graphql_with(port, LAUNCH, {"params": params})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    while True:
        status = _graphql_with(port, RUN_STATUS, {"id": run_id})["runOrError"]["status"]
        if status in ("SUCCESS", "FAILURE", "CANCELED"):
            return status, time.monotonic() - started
        assert time.monotonic() - started < 600, f"run {run_id} still {status} after 600 s"
        time.sleep(0.5)


def test_the_ui_shows_what_the_cli_made_and_runs_the_tables_as_fast(tmp_path: Path):
    """`claimtrack run` records its run where the UI looks (DAGSTER_HOME, else the project's .dagster/ that
    `make ui` serves); the UI then shows every table materialized, and the same tables launched through the UI's
    GraphQL API, as "Materialize all" launches them, succeed within 1.5 times the CLI's time."""
    home = tmp_path / "dagster_home"
    corpus = PROJECT / "data" / "samples"
    cli = Path(sys.executable).with_name("claimtrack")
    started = time.monotonic()
    done = subprocess.run(
        [str(cli), "run", "--corpus", str(corpus), "--warehouse", str(tmp_path / "warehouse"), "--no-progress"],
        env={**os.environ, "DAGSTER_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    cli_seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    corpus_tables = [*TABLES, "publish", "report"]
    with _dagster_dev(tmp_path, corpus) as port:
        (entry,) = _wait_loaded(port)
        nodes = _graphql(port, MATERIALIZED_QUERY)["assetNodes"]
        made = {"/".join(n["assetKey"]["path"]) for n in nodes if n["assetMaterializations"]}
        assert set(corpus_tables) <= made  # the CLI's run is in the instance the UI reads
        status, ui_seconds = _run_through_the_ui(port, entry["name"], corpus_tables)
    print(f"samples: CLI {cli_seconds:.1f} s, the same tables launched through the UI {ui_seconds:.1f} s")
    assert status == "SUCCESS"
    assert ui_seconds <= 1.5 * cli_seconds, f"UI run {ui_seconds:.0f} s against the CLI's {cli_seconds:.0f} s"


RUNS = "{ runsOrError { ... on Runs { results { runId status assetSelection { path } } } } }"


def test_materialize_all_on_the_lineage_page_launches_a_run_that_succeeds(tmp_path: Path):
    """'Materialize all' on the global asset lineage launches one run of every asset (no partition dialog: the
    inbox batch asset is not partitioned) and it succeeds, the inbox being empty."""
    from browser import browser_page

    with _dagster_dev(tmp_path, PROJECT / "data" / "samples") as port:
        _wait_loaded(port)
        with browser_page() as page:
            page.goto(f"http://127.0.0.1:{port}/asset-groups")
            page.locator("foreignObject").first.wait_for(timeout=60_000)
            with contextlib.suppress(Exception):
                page.get_by_role("button", name="Skip").click(timeout=5_000)
            page.get_by_role("button", name="Materialize all").click()
            deadline = time.monotonic() + 60
            while not _graphql(port, RUNS)["runsOrError"]["results"]:
                assert page.locator("[role=dialog]").count() == 0, page.locator("[role=dialog]").first.inner_text()
                assert time.monotonic() < deadline, "no run was launched"
                page.wait_for_timeout(500)
        deadline = time.monotonic() + 600
        while True:
            (run,) = _graphql(port, RUNS)["runsOrError"]["results"]
            if run["status"] in ("SUCCESS", "FAILURE", "CANCELED"):
                break
            assert time.monotonic() < deadline, f"run still {run['status']}"
            time.sleep(1)
    assert run["status"] == "SUCCESS"
    selected = {"/".join(key["path"]) for key in run["assetSelection"] or []}
    assert {"claims", "conflicts", "publish", "inbox_batch"} <= selected
    assert (tmp_path / "warehouse" / "claimtrack.duckdb").exists()
