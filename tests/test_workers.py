"""Both cores: batches of documents on worker processes give the same tables as one process, in order, and a
worker that dies does not lose its batches."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.compute  # noqa: F401 (pa.compute)
import pyarrow.parquet as pq

from claimtrack import pipeline, spill, workers
from claimtrack.workers import map_in_workers, pool
from tests.conftest import SAMPLES

QUAKE = Path(__file__).parent / "data" / "crossref" / "quake.jsonl"
TABLES = ("documents", "articles", "quotes", "entities", "claims", "claim_relations", "quantities", "conflicts")


def _run(corpus: Path, warehouse: Path, workers: int) -> None:
    command = [sys.executable, "-m", "claimtrack.cli", "run", "--corpus", str(corpus), "--warehouse", str(warehouse)]
    done = subprocess.run([*command, "--workers", str(workers)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr


def _processes() -> int:
    """How many processes parsed the last run's batches (the claims materialization's metadata)."""
    with dg.DagsterInstance.get() as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey("claims"))
    return event.asset_materialization.metadata["worker_processes"].value


def test_tables_are_identical_with_one_and_two_workers(tmp_path: Path):
    """The samples and the quake feed (figures that conflict) through `claimtrack run --workers 1` and
    `--workers 2` (the real Dagster graph): every table the same, row for row."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    shutil.copy(QUAKE, corpus / "quake.jsonl")
    one, two = tmp_path / "one", tmp_path / "two"
    _run(corpus, one, 1)
    assert _processes() == 1
    _run(corpus, two, 2)
    assert _processes() == 2
    for name in TABLES:
        first, second = pq.read_table(one / f"{name}.parquet"), pq.read_table(two / f"{name}.parquet")
        assert first.num_rows > 0, name
        assert first.equals(second), name


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_work_runs_on_the_workers_and_results_keep_their_order():
    results = list(map_in_workers(_pid_and_square, range(40), 2))
    assert [square for _, square in results] == [n * n for n in range(40)]
    pids = {pid for pid, _ in results}
    assert os.getpid() not in pids and len(pids) == 2
    assert pool(2) is pool(2)  # kept for the next stage: the model loads once per run


def _die_on_seven(item: tuple[int, int]) -> tuple[int, int]:
    n, parent = item
    if n == 7 and os.getpid() != parent:
        os._exit(1)  # a worker killed mid-batch (out of memory, a signal)
    return os.getpid(), n


def test_a_dead_worker_loses_no_batch():
    results = list(map_in_workers(_die_on_seven, [(n, os.getpid()) for n in range(20)], 2))
    assert [n for _, n in results] == list(range(20))
    assert any(pid == os.getpid() for pid, _ in results)  # what was left was done here
    again = list(map_in_workers(_pid_and_square, range(4), 2))  # a new pool serves the next stage
    assert [square for _, square in again] == [0, 1, 4, 9]


def test_workers_must_be_a_positive_number(tmp_path: Path):
    command = [sys.executable, "-m", "claimtrack.cli", "run", "--corpus", str(SAMPLES), "--workers", "0"]
    done = subprocess.run([*command, "--warehouse", str(tmp_path / "wh")], capture_output=True, text=True)
    assert done.returncode == 2
    assert "--workers: must be a whole number of at least 1, not '0'" in done.stderr


def _name_length_pid(chunk: list) -> list[tuple[str, int, int]]:
    return [(doc.document, len(doc.text), os.getpid()) for doc in chunk]


def test_batch_results_wait_on_disk_until_the_workers_are_released(monkeypatch):
    """With worker processes, a batch's results go to a file where the batch ran; this process reads them back
    only once the workers are gone (so the two never hold memory at once), in order, and leaves no file."""
    documents = pipeline.build_documents(SAMPLES).table
    articles = pipeline.build_articles(documents).table
    seen: list[tuple[Path, int]] = []

    def read_back(path: Path):
        seen.append((path, len(workers._POOLS)))
        return spill.read_back(path)

    monkeypatch.setattr(pipeline, "read_back", read_back)
    found, failures, processes = pipeline._in_batches(
        documents, articles, "test", _name_length_pid, lambda *_: None, workers=2, last_parse=True
    )
    assert processes == 2 and not failures
    ok = documents.filter(pa.compute.equal(documents["status"], "ok"))
    assert [(name, size) for name, size, _ in found] == [
        (d["document"], len(d["text"])) for d in ok.select(["document", "text"]).to_pylist()
    ]
    assert os.getpid() not in {pid for _, _, pid in found}
    assert len(seen) > 1 and all(pools == 0 for _, pools in seen)  # every batch read after the release
    assert not seen[0][0].parent.exists()  # the spill folder is gone with its files
    monkeypatch.undo()
    alone, _, one = pipeline._in_batches(documents, articles, "test", _name_length_pid, lambda *_: None, workers=1)
    assert one == 1 and [row[:2] for row in alone] == [row[:2] for row in found]


def _batches_in_this_process(answers) -> None:
    """In a daemonic child: the articles and a batch run asking for two workers (each would start a pool)."""
    try:
        documents = pipeline.build_documents(SAMPLES).table
        articles = pipeline.build_articles(documents, workers=2).table
        found, failures, processes = pipeline._in_batches(
            documents, articles, "test", _name_length_pid, lambda *_: None, workers=2
        )
        answers.put((processes, len(found), failures, {pid for _, _, pid in found} == {os.getpid()}))
    except BaseException as exc:  # the parent sees the failure, not a timeout
        answers.put(repr(exc))


def test_a_daemonic_process_runs_the_batches_itself():
    """A Celery worker's process is daemonic and may not have children: there the stages run their batches in
    that process instead of failing with "daemonic processes are not allowed to have children"."""
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    child = context.Process(target=_batches_in_this_process, args=(answers,), daemon=True)
    child.start()
    answer = answers.get(timeout=300)
    child.join(60)
    assert answer[0] == 1 and answer[1] > 0 and not answer[2] and answer[3], answer
    assert workers.may_start_processes()  # this (test) process is not daemonic: it may start workers
