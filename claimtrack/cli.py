"""``claimtrack run``: materialize the whole asset graph through Dagster, then print a summary.

The core package has no Dagster import; the CLI imports the definitions lazily so that
``claimtrack --help`` stays instant and the core stays usable without Dagster.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from claimtrack import __version__
from claimtrack.ingest import input_names
from claimtrack.paths import default_corpus, default_dagster_home, default_warehouse, instance_settings
from claimtrack.warehouse import JOURNAL, STAGING, Warehouse
from claimtrack.workers import MAX_DEFAULT_WORKERS


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit code 2 (or the code given)."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


@contextmanager
def _signals_seen() -> Iterator[Callable[[], set[int]]]:
    """Which signals arrived while the block ran, whoever handled them (Dagster swaps the SIGINT handler
    during a run and drops a Ctrl-C that lands between steps): the wakeup fd sees every one."""
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    os.set_blocking(write_end, False)
    try:
        previous = signal.set_wakeup_fd(write_end)
    except ValueError:  # not the main thread: nothing to watch
        os.close(read_end)
        os.close(write_end)
        yield set
        return
    seen: set[int] = set()
    open_ends = [read_end]

    def drain() -> set[int]:
        """The signals seen so far (and, once the block is left, all of them)."""
        for fd in open_ends:
            try:
                seen.update(os.read(fd, 1024))
            except BlockingIOError:
                pass
        return seen

    try:
        yield drain
    finally:
        drain()
        open_ends.clear()
        signal.set_wakeup_fd(previous)
        os.close(read_end)
        os.close(write_end)


INTERRUPTS = ("KeyboardInterrupt", "DagsterExecutionInterruptedError")


@contextmanager
def _interrupts_stay_quiet() -> Iterator[None]:
    """A Ctrl-C that Dagster's handler turns into an exception inside a weakref callback or a finaliser cannot
    propagate, and Python would print its traceback ("Exception ignored in ..."): the run's own outcome and
    the one line the CLI prints say what happened instead."""
    previous = sys.unraisablehook

    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        if unraisable.exc_type is None or unraisable.exc_type.__name__ not in INTERRUPTS:
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous


def _check_corpus(corpus: Path) -> None:
    if not corpus.exists():
        raise CliError(f"corpus folder not found: {corpus}")
    if not corpus.is_dir():
        raise CliError(f"corpus is not a folder: {corpus}")
    if not os.access(corpus, os.R_OK | os.X_OK):
        raise CliError(f"corpus folder is not readable: {corpus}")
    if not input_names(corpus):
        raise CliError(f"no input files in {corpus} (expected .txt, .md, .html or .jsonl files); nothing was published")


def _check_warehouse(warehouse: Path) -> None:
    try:
        warehouse.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=warehouse, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise CliError(f"cannot write to warehouse {warehouse}: {exc.strerror or exc}") from None


def run(
    corpus: Path,
    warehouse: Path,
    max_bytes: int | None,
    progress: bool,
    document_seconds: float | None = None,
    workers: int | None = None,
) -> int:
    _check_corpus(corpus)
    _check_warehouse(warehouse)
    import dagster as dg

    from pipelines.definitions import all_tables_for_a_run, build_resources, resources_config

    resources = build_resources(
        str(corpus),
        str(warehouse),
        progress=progress,
        max_bytes=max_bytes,
        document_seconds=document_seconds,
        workers=workers,
    )
    run_config = {
        "resources": resources_config(resources),
        # the summary or one line says what happened; Dagster's step tracebacks stay in its event log
        "loggers": {"console": {"config": {"log_level": "CRITICAL"}}},
    }
    started = time.monotonic()
    instance = _instance(dg)
    with instance, _signals_seen() as seen, _interrupts_stay_quiet():
        _release_dead_runs(dg, instance)
        with dg.execute_job(
            dg.reconstructable(all_tables_for_a_run),
            instance=instance,
            run_config=run_config,
            tags={RUN_PROCESS_TAG: _this_process()},
            raise_on_error=False,
        ) as result:
            _report(result, warehouse, seen, time.monotonic() - started)
    return 0


def _report(result, warehouse: Path, seen: Callable[[], set[int]], seconds: float) -> None:
    """The summary of a run that published, else a ``CliError`` (or ``KeyboardInterrupt``) saying why not."""
    # Dagster turns Ctrl-C inside a step into a failed step, and lets one between steps pass: both count
    if _was_interrupted(result) or signal.SIGINT in seen():
        if result.success:
            raise CliError("interrupted after the run had published: the warehouse holds this run's tables", 130)
        _drop_staging(Warehouse(warehouse), result.run_id)
        raise KeyboardInterrupt
    failed_checks = [e for e in result.get_asset_check_evaluations() if not e.passed and _blocks(e)]
    if failed_checks:
        raise CliError(_failed_checks_message(failed_checks, warehouse, result.run_id))
    if not result.success:
        _drop_staging(Warehouse(warehouse), result.run_id)
        failed = [e for e in result.all_events if e.is_step_failure]
        why = _root_cause(failed[0].step_failure_data.error) if failed else "unknown error"
        where = failed[0].step_key if failed else "a step"
        raise CliError(f"run failed in {where}: {why}; nothing was published")
    _summary(result, warehouse, seconds)


def _instance(dg):
    """The Dagster instance the UI reads: DAGSTER_HOME, else the project's ``.dagster/`` (what ``make ui``
    serves), so that the UI shows what the CLI made; in memory only when neither can be written."""
    home = Path(os.environ.get("DAGSTER_HOME") or default_dagster_home())
    try:
        home.mkdir(parents=True, exist_ok=True)
        settings = home / "dagster.yaml"
        if not settings.exists():
            shutil.copyfile(instance_settings(), settings)
        return dg.DagsterInstance.from_config(str(home))
    except OSError as exc:
        print(
            f"claimtrack: runs not recorded ({home}: {exc.strerror or exc}); the UI will not show them", file=sys.stderr
        )
        return dg.DagsterInstance.ephemeral()


RUN_PROCESS_TAG = "claimtrack/process"  # host:pid of the CLI process that runs it


def _this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(process: str) -> bool:
    host, _, pid = process.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's run: not ours to judge
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _release_dead_runs(dg, instance) -> None:
    """A CLI run killed mid-step (SIGKILL, a power cut) stays 'started' in the instance and keeps its slot of the
    publish pool, so every later run would wait for that slot forever. A run a CLI process started whose
    process is gone is marked failed and its slots are freed (the UI's runs have the daemon for this)."""
    active = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.NOT_STARTED]
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=active)):
        process = run.tags.get(RUN_PROCESS_TAG)
        if process is None or _alive(process):
            continue
        instance.report_run_failed(run, "its claimtrack process is gone (killed); the next run released it")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)


def _blocks(evaluation) -> bool:
    """Only an ERROR check (an integrity rule) stops a publish; a quality WARN never does."""
    return getattr(evaluation.severity, "value", str(evaluation.severity)) == "ERROR"


def _root_cause(error) -> str:
    """The innermost error Dagster wrapped ("Error occurred while executing op ..." says nothing)."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    lines = [line for line in (error.message or "").strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else error.cls_name or "unknown error"


def _was_interrupted(result) -> bool:
    for event in result.all_events:
        error = event.step_failure_data.error if event.is_step_failure else None
        while error is not None:
            if "Interrupt" in (error.cls_name or ""):
                return True
            error = error.cause
    return False


def _drop_staging(store: Warehouse, run_id: str) -> None:
    """An interrupted run's staging folder goes, unless its publish had begun: then the journal finishes it,
    so the warehouse holds either the last published tables or this run's, never a mix."""
    journal = store.root / JOURNAL
    if journal.exists() and run_id in journal.read_text(encoding="utf-8"):
        store.recover()
    shutil.rmtree(store.staging_dir(run_id), ignore_errors=True)
    try:
        (store.root / STAGING).rmdir()  # only when no other run is staging
    except OSError:
        pass


def _failed_checks_message(failed, warehouse: Path, run_id: str) -> str:
    lines = ["validation failed; nothing was published and the warehouse keeps its previous tables."]
    for evaluation in failed:
        meta = evaluation.metadata
        count = meta["offending_count"].value if "offending_count" in meta else "?"
        table = evaluation.asset_key.path[-1]
        lines.append(f"  {table}: suite {evaluation.check_name} failed ({count} offending rows)")
        if "summary" in meta:
            lines.extend(f"    {line}" for line in meta["summary"].value.splitlines() if line.startswith("- "))
    lines.append(f"  rejected tables and full results: {warehouse / '_staging' / run_id}")
    return "\n".join(lines)


def _summary(result, warehouse: Path, seconds: float) -> None:
    events = result.get_asset_materialization_events()
    tables = [e for e in events if "dagster/row_count" in e.materialization.metadata]
    print(f"claimtrack: materialized {len(tables)} tables in {seconds:.1f} s")
    for event in tables:
        mat = event.materialization
        name = mat.asset_key.path[-1]
        meta = mat.metadata
        rows = meta["dagster/row_count"].value
        extra = ""
        if "quarantined" in meta:
            extra = f"  ({meta['quarantined'].value} quarantined)"
        if meta.get("failed_documents") and meta["failed_documents"].value:
            extra += f"  ({meta['failed_documents'].value} documents failed: see the asset's 'failures')"
        print(f"  {name:<15} {rows:>8} rows  {warehouse / (name + '.parquet')}{extra}")
    checks = [e for e in result.get_asset_check_evaluations() if _blocks(e)]
    print(f"validation: {sum(e.passed for e in checks)}/{len(checks)} integrity suites passed")
    for event in tables:
        meta = event.materialization.metadata
        if event.materialization.asset_key.path[-1] == "rejected_rows" and "by_table" in meta:
            for table, count in sorted(meta["by_table"].value.items()):
                rows = "row" if count == 1 else "rows"
                print(f"{table}: {count} {rows} rejected by quality rules: see rejected_rows")
    for event in events:
        meta = event.materialization.metadata
        if "stage_failures" in meta:
            for document, reason in sorted(meta["stage_failures"].value.items()):
                print(f"quarantined {document}: {reason}")
    print(f"data docs: {warehouse / '_validation' / 'index.html'}")
    if (warehouse / "report.html").exists():
        print(f"report: {warehouse / 'report.html'}")
    print(f"warehouse: {warehouse}")


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="claimtrack", description="Numeric claims from news text, as Parquet tables.")
    parser.add_argument("--version", action="version", version=f"claimtrack {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    run_cmd = commands.add_parser("run", help="materialize every table through Dagster")
    run_cmd.add_argument(
        "--corpus",
        type=Path,
        default=default_corpus(),
        help="folder of .txt, .md, .html, .jsonl files (default: the bundled samples)",
    )
    run_cmd.add_argument(
        "--warehouse",
        type=Path,
        default=Path(os.environ.get("CLAIMTRACK_WAREHOUSE", default_warehouse())),
        help="folder for <table>.parquet (default: ./warehouse at the project root)",
    )
    run_cmd.add_argument("--max-bytes", type=int, default=None, help="quarantine files larger than this")
    run_cmd.add_argument(
        "--document-seconds",
        type=float,
        default=None,
        help="seconds a stage may spend on one document before it quarantines it (default 60)",
    )
    run_cmd.add_argument(
        "--workers",
        type=_positive,
        default=None,
        help=f"processes that parse batches of documents (default: one per core, at most {MAX_DEFAULT_WORKERS}, "
        "and one for a corpus under about 50 articles)",
    )
    run_cmd.add_argument("--no-progress", action="store_true", help="no progress line even on a terminal")
    args = parser.parse_args(argv)
    try:
        return run(
            args.corpus.resolve(),
            args.warehouse.resolve(),
            args.max_bytes,
            progress=sys.stderr.isatty() and not args.no_progress,
            document_seconds=args.document_seconds,
            workers=args.workers,
        )
    except CliError as exc:
        print(f"claimtrack: {exc}", file=sys.stderr)
        return exc.code
    except Exception as exc:  # a bug or an environment problem: one line, the traceback on request
        if os.environ.get("CLAIMTRACK_DEBUG"):
            raise
        print(
            f"claimtrack: unexpected error: {type(exc).__name__}: {exc} (set CLAIMTRACK_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("claimtrack: interrupted; nothing more was published and the warehouse is as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
