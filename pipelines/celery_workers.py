"""Start Celery worker processes for ``pipelines.distributed``, run a command while they are up, stop them.

``python -m pipelines.celery_workers --count 2 -- dagster job execute -m pipelines.distributed -j
all_tables_distributed``. Each worker is ``dagster-celery worker start`` with one task at a time, in its
own process group so that stopping it (TERM, then KILL) also stops Celery's pool children.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CELERY_YAML = PROJECT / "deploy" / "celery.yaml"


def _ready(names: list[str], env: Mapping[str, str]) -> bool:
    """True once every named worker answers a ping through the broker."""
    from celery import Celery

    app = Celery(broker=env["CLAIMTRACK_CELERY_BROKER"])
    try:
        replies = app.control.ping(timeout=1.0) or []
    finally:
        app.close()
    answered = {name.split("@")[0] for reply in replies for name in reply}
    return set(names) <= answered


@contextlib.contextmanager
def celery_workers(count: int, env: Mapping[str, str], log_dir: Path, timeout: float = 120) -> Iterator[list[str]]:
    """Run ``count`` single-slot workers named claimtrack-1.. and yield their names once all answer."""
    dagster_celery = Path(sys.executable).with_name("dagster-celery")
    names = [f"claimtrack-{i}" for i in range(1, count + 1)]
    log_dir.mkdir(parents=True, exist_ok=True)
    # dagster-celery runs `celery` from PATH: the one beside this interpreter.
    env = {**env, "PATH": f"{dagster_celery.parent}{os.pathsep}{env.get('PATH', '')}"}
    procs = []
    try:
        for name in names:
            log = open(log_dir / f"{name}.log", "w")  # noqa: SIM115  (closed with the process below)
            cmd = [str(dagster_celery), "worker", "start", "-A", "dagster_celery.app", "-y", str(CELERY_YAML)]
            cmd += ["-n", name, "--", "--concurrency=1", "--without-gossip", "--without-mingle"]
            procs.append(
                (subprocess.Popen(cmd, cwd=PROJECT, env=env, stdout=log, stderr=log, start_new_session=True), log)
            )
        deadline = time.monotonic() + timeout
        while not _ready(names, env):
            for proc, _ in procs:
                if proc.poll() is not None:
                    raise RuntimeError(f"a Celery worker exited with {proc.returncode}; see {log_dir}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"Celery workers did not answer within {timeout:.0f} s; see {log_dir}")
            time.sleep(0.5)
        yield names
    finally:
        for proc, _ in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc, log in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--logs", type=Path, default=PROJECT / ".dagster" / "celery-logs")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="run this while the workers are up")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    for variable in ("DAGSTER_HOME", "CLAIMTRACK_CELERY_BROKER", "CLAIMTRACK_CELERY_BACKEND"):
        if not os.environ.get(variable):
            sys.exit(f"celery_workers: {variable} is not set (use `make distributed`)")
    with celery_workers(args.count, os.environ, args.logs) as names:
        print(f"celery workers up: {', '.join(names)} (logs in {args.logs})", flush=True)
        if not command:
            with contextlib.suppress(KeyboardInterrupt):
                signal.pause()
            return 0
        return subprocess.call(command, cwd=PROJECT)


if __name__ == "__main__":
    sys.exit(main())
