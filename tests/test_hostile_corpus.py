"""A corpus of everything a new user's folder may hold, through `claimtrack run`: it always publishes.

The corpus is generated here (nothing large is stored): one file of each hostile kind the project
knows, the bad inputs of ``write_bad_inputs``, and good files whose claims must all come through.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bench.hostile import curly_marks_text, numbers_text, speakers_text, straight_marks_text
from claimtrack import analysis
from claimtrack.schemas import TABLES
from pipelines.definitions import GRAPH, build_resources
from tests.conftest import write_bad_inputs

GOOD = "MOSCOW, Jan 9 (Reuters) - At least 40 people were injured and 5,135 detained, the Interior Ministry said."
CP1252 = "“300 people” were evacuated and €5 million was pledged – officials said.\n".encode("cp1252")


def hostile_corpus(folder: Path) -> dict[str, tuple[str, str | None]]:
    """Write the corpus; returns document name -> (status, a word its reason must contain)."""
    expected = {name: ("quarantined", word) for name, word in write_bad_inputs(folder).items()}
    expected["feed.jsonl#ok"] = ("ok", None)
    (folder / "good.txt").write_text(GOOD)
    (folder / "syndicated.txt").write_text(GOOD)  # identical files: distinct ids
    (folder / "a#1.txt").write_text(GOOD)
    (folder / "units.txt").write_text("The ministry said 12 élèves and 30 человек were evacuated.\n")
    lines = ["42", json.dumps({"id": "1", "text": GOOD}), json.dumps({"text": "About 20 homes \ud800 burned."})]
    (folder / "ids.jsonl").write_text("\n".join(lines) + "\n")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(GOOD)
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "cp1252.txt").write_bytes(CP1252)
    (folder / "zero-width.txt").write_text("Officials said 5\u200b135 people were detained.")
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 300 + "<p>At least 40 people were injured, police said.</p>" + "</div>" * 300
    )
    (folder / ".hidden.txt").write_text(GOOD)
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (folder / "elsewhere").mkdir()
    (folder / "elsewhere" / "inside.txt").write_text(GOOD)
    (folder / "linked").symlink_to(folder / "elsewhere", target_is_directory=True)
    (folder / "speakers.jsonl").write_text(json.dumps({"id": "live", "text": speakers_text(100_000)}) + "\n")
    (folder / "numbers.txt").write_text(numbers_text(100_000))
    (folder / "straight-marks.txt").write_text(straight_marks_text(200_000))
    (folder / "curly-marks.txt").write_text(curly_marks_text(100_000))
    ok = ["good.txt", "syndicated.txt", "a#1.txt", "units.txt", "ids.jsonl#1", "ids.jsonl#3"]
    ok += ["caf\\xe9.txt", "cp1252.txt", "zero-width.txt", "deep.html", "elsewhere/inside.txt"]
    ok += ["speakers.jsonl#live", "numbers.txt", "straight-marks.txt", "curly-marks.txt"]
    expected.update({name: ("ok", None) for name in ok})
    expected.update(
        {
            "ids.jsonl#1@line1": ("quarantined", "JSON object"),
            "pipe.txt": ("quarantined", "FIFO"),
            "zero.txt": ("quarantined", "not a regular file"),
            ".hidden.txt": ("quarantined", "hidden file"),
            ".git": ("quarantined", "hidden folder"),
            "linked": ("quarantined", "symlinked folder"),
        }
    )
    return expected


def _run(corpus: Path, warehouse: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "claimtrack.cli", "run", "--corpus", str(corpus), "--warehouse", str(warehouse)]
    command += ["--max-bytes", str(1024 * 1024)]  # huge.txt of write_bad_inputs is over it
    return subprocess.run(command, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def hostile_runs(tmp_path_factory) -> tuple[dict, Path, Path, subprocess.CompletedProcess]:
    corpus = tmp_path_factory.mktemp("hostile")
    expected = hostile_corpus(corpus)
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    done = _run(corpus, first)
    assert done.returncode == 0, done.stderr
    assert _run(corpus, second).returncode == 0
    return expected, first, second, done


def test_every_input_is_a_document_with_the_right_status_and_reason(hostile_runs):
    expected, warehouse, _, done = hostile_runs
    assert done.stderr == ""  # no traceback, no log line: the summary says it all
    rows = {r["document"]: r for r in pq.read_table(warehouse / "documents.parquet").to_pylist()}
    assert set(rows) == set(expected)
    for name, (status, word) in expected.items():
        assert rows[name]["status"] == status, (name, rows[name]["reason"])
        if word:
            assert word.lower() in rows[name]["reason"].lower(), (name, rows[name]["reason"])
    assert "U+FFFD" in rows["ids.jsonl#3"]["reason"]


def test_the_good_files_keep_all_their_claims(hostile_runs):
    _, warehouse, _, _ = hostile_runs
    claims = pq.read_table(warehouse / "claims.parquet").to_pylist()
    by_document: dict[str, list[dict]] = {}
    for claim in claims:
        by_document.setdefault(claim["document"], []).append(claim)
    for name in ("good.txt", "syndicated.txt", "a#1.txt", "ids.jsonl#1", "caf\\xe9.txt", "elsewhere/inside.txt"):
        assert sorted(c["value"] or c["low"] for c in by_document[name]) == [40.0, 5135.0], name
    assert len({c["claim_id"] for c in claims}) == len(claims)  # syndicated copies get their own ids
    units = {c["unit"] for c in by_document["units.txt"]}
    assert {"élève", "человек"} <= units
    assert [(c["value"], c["unit"]) for c in by_document["zero-width.txt"]] == [(5135.0, "person")]
    cp1252 = {(c["surface"], c["value"], c["unit"]) for c in by_document["cp1252.txt"]}
    assert ("300", 300.0, "person") in cp1252 and ("€5 million", 5_000_000.0, "EUR") in cp1252
    assert [c["value"] for c in by_document["deep.html"]] == [40.0]
    assert len(by_document["numbers.txt"]) > 10_000 and len(by_document["speakers.jsonl#live"]) > 1_000


def test_a_second_run_gives_identical_tables(hostile_runs):
    _, first, second, _ = hostile_runs
    for name in TABLES:
        assert pq.read_table(first / f"{name}.parquet").equals(pq.read_table(second / f"{name}.parquet")), name


def test_a_document_over_its_time_budget_is_quarantined_and_the_corpus_goes_on(tmp_path: Path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD)
    (corpus / "slow.txt").write_text(GOOD.replace("40", "41"))
    real = analysis.attribute_many

    def slow_on_one(batch, *args):
        if any(item.document == "slow.txt" for item in batch):
            import time

            time.sleep(30)
        return real(batch, *args)

    monkeypatch.setattr(analysis, "attribute_many", slow_on_one)
    warehouse = tmp_path / "wh"
    resources = build_resources(str(corpus), str(warehouse), document_seconds=3)
    result = dg.materialize(GRAPH, resources=resources, raise_on_error=False)
    assert result.success
    documents = {r["document"]: r for r in pq.read_table(warehouse / "documents.parquet").to_pylist()}
    assert documents["slow.txt"]["status"] == "quarantined" and documents["slow.txt"]["text"] is None
    assert documents["slow.txt"]["reason"] == "analysis took longer than 3 s"
    assert documents["good.txt"]["status"] == "ok"
    for name in ("articles", "quotes", "claims"):
        table: pa.Table = pq.read_table(warehouse / f"{name}.parquet")
        assert "slow.txt" not in table["document"].to_pylist(), name
    assert "good.txt" in pq.read_table(warehouse / "claims.parquet")["document"].to_pylist()
