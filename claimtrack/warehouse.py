"""The warehouse folder and its write–audit–publish protocol.

Every run writes its tables to ``<warehouse>/_staging/<run_id>/``; checks read them there;
only a publish moves them to ``<warehouse>/<table>.parquet``. A publish first writes a
journal (``_publishing.json``) naming every move, then renames file by file, then records
``_published.json`` and drops the journal. A publish killed half-way is rolled forward from
the journal by the next reader or writer, so the warehouse is never left mixing two runs for
longer than the renames take, and a run that dies before publishing leaves it untouched.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

STAGING = "_staging"
VALIDATION = "_validation"
REJECTED = "_rejected"  # per table, the rows its quality rules took out (gathered into rejected_rows)
FAILURES = "_failures"  # per stage, the documents it gave up on (quarantined at publish)
JOURNAL = "_publishing.json"
MANIFEST = "_published.json"
LOCK = ".publish.lock"
STALE_STAGING_SECONDS = 24 * 3600


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _safe_run_id(run_id: str) -> str:
    """Run ids become folder names: keep them to one path component."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in run_id)
    if not cleaned:
        raise ValueError(f"unusable run id {run_id!r}")
    return cleaned


def write_atomically(path: Path, write) -> None:
    """Call ``write(tmp_path)`` on a temp file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; a warehouse is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_json(path: Path, payload: dict) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())

    write_atomically(path, write)


def write_text(path: Path, text: str | Iterable[str]) -> None:
    """A text file (the report) written whole or not at all; ``text`` may come in pieces, written as they come."""

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.writelines([text] if isinstance(text, str) else text)

    write_atomically(path, write)


def file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@dataclass(frozen=True)
class Published:
    """What one publish moved into place."""

    run_id: str
    tables: dict[str, dict]


class Warehouse:
    """Paths and the publish transaction for one warehouse folder."""

    def __init__(self, root: Path | str):
        self.root = Path(root).absolute()

    # ---- where things are ----
    def published_path(self, table: str) -> Path:
        return self.root / f"{table}.parquet"

    def staging_dir(self, run_id: str) -> Path:
        return self.root / STAGING / _safe_run_id(run_id)

    def staged_path(self, run_id: str, table: str) -> Path:
        return self.staging_dir(run_id) / f"{table}.parquet"

    def staged_validation_dir(self, run_id: str) -> Path:
        return self.staging_dir(run_id) / VALIDATION

    @property
    def validation_dir(self) -> Path:
        return self.root / VALIDATION

    def current_path(self, run_id: str, table: str) -> Path:
        """This run's staged table if it wrote one, else the published one."""
        staged = self.staged_path(run_id, table)
        if staged.exists():
            return staged
        self.recover()
        return self.published_path(table)

    # ---- reading and writing tables ----
    def stage_table(self, run_id: str, table: str, data: pa.Table) -> Path:
        target = self.staged_path(run_id, table)
        write_atomically(target, lambda tmp: pq.write_table(data, tmp, compression="zstd"))
        return target

    def read(self, run_id: str, table: str) -> pa.Table:
        path = self.current_path(run_id, table)
        if not path.exists():
            raise FileNotFoundError(f"table {table!r} is neither staged by run {run_id} nor published in {self.root}")
        return pq.read_table(path)

    def stage_rejected(self, run_id: str, table: str, rejected: pa.Table) -> Path:
        """The rows ``table``'s quality rules rejected in this run (an empty file when none)."""
        target = self.staging_dir(run_id) / REJECTED / f"{table}.parquet"
        write_atomically(target, lambda tmp: pq.write_table(rejected, tmp, compression="zstd"))
        return target

    def staged_rejections(self, run_id: str) -> list[pa.Table]:
        folder = self.staging_dir(run_id) / REJECTED
        return [pq.read_table(p) for p in sorted(folder.glob("*.parquet"))] if folder.exists() else []

    def stage_failures(self, run_id: str, stage: str, failures: dict[str, str]) -> None:
        """Documents ``stage`` gave up on (an exception, the time budget): later stages skip them and the
        publish quarantines them with the reason."""
        write_json(self.staging_dir(run_id) / FAILURES / f"{stage}.json", failures)

    def failures(self, run_id: str) -> dict[str, str]:
        """Every document a stage of this run gave up on, with its reason (later stages skip a failed
        document, so each is named by one stage)."""
        folder = self.staging_dir(run_id) / FAILURES
        found: dict[str, str] = {}
        for path in sorted(folder.glob("*.json")) if folder.exists() else []:
            for document, reason in json.loads(path.read_text(encoding="utf-8")).items():
                found.setdefault(document, reason)
        return found

    def staged_tables(self, run_id: str) -> list[str]:
        folder = self.staging_dir(run_id)
        return sorted(p.stem for p in folder.glob("*.parquet")) if folder.exists() else []

    def manifest(self) -> dict | None:
        path = self.root / MANIFEST
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    # ---- the transaction ----
    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def publish(self, run_id: str, tables: list[str] | None = None, validation: Path | None = None) -> Published:
        """Move this run's staged tables (and Data Docs folder) into the warehouse, all or none."""
        tables = self.staged_tables(run_id) if tables is None else tables
        missing = [t for t in tables if not self.staged_path(run_id, t).exists()]
        if missing:
            raise FileNotFoundError(f"run {run_id} staged no {', '.join(missing)}; nothing was published")
        with self._locked():
            self._roll_forward()
            moves = [[str(self.staged_path(run_id, t)), str(self.published_path(t))] for t in tables]
            if validation is not None:
                moves.append([str(validation), str(self.validation_dir)])
            previous = self.manifest() or {"tables": {}}
            entries = dict(previous.get("tables", {}))
            for table in tables:
                staged = self.staged_path(run_id, table)
                entries[table] = {
                    "rows": pq.read_metadata(staged).num_rows,
                    "sha256": file_sha256(staged),
                    "run_id": run_id,
                }
            manifest = {
                "run_id": run_id,
                "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "tables": entries,
            }
            write_json(self.root / JOURNAL, {"run_id": run_id, "moves": moves, "manifest": manifest})
            self._roll_forward()
        self.sweep(keep=run_id)
        return Published(run_id, {t: entries[t] for t in tables})

    def recover(self) -> bool:
        """Finish a publish that was killed after its journal was written; True if there was one."""
        if not (self.root / JOURNAL).exists():
            return False
        with self._locked():
            return self._roll_forward()

    def _roll_forward(self) -> bool:
        journal_path = self.root / JOURNAL
        if not journal_path.exists():
            return False
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        for source, target in journal["moves"]:
            _move_into_place(Path(source), Path(target))
        write_json(self.root / MANIFEST, journal["manifest"])
        journal_path.unlink()
        shutil.rmtree(self.staging_dir(journal["run_id"]), ignore_errors=True)
        try:
            (self.root / STAGING).rmdir()  # only when no other run is staging
        except OSError:
            pass
        return True

    def sweep(self, keep: str | None = None, older_than: float = STALE_STAGING_SECONDS) -> list[str]:
        """Remove staging folders of runs that died long ago; a live run's folder is kept."""
        folder = self.root / STAGING
        removed: list[str] = []
        if not folder.exists():
            return removed
        now = time.time()
        for child in folder.iterdir():
            if keep and child.name == _safe_run_id(keep):
                continue
            if now - child.stat().st_mtime > older_than:
                shutil.rmtree(child, ignore_errors=True)
                removed.append(child.name)
        return removed


def _move_into_place(source: Path, target: Path) -> None:
    """Rename ``source`` onto ``target``; idempotent so that a journal can be replayed."""
    if not source.exists():
        return  # already moved by an earlier, interrupted replay
    if source.is_dir():
        if target.exists():
            retired = source.parent / f".retired-{target.name}-{os.getpid()}"
            shutil.rmtree(retired, ignore_errors=True)
            os.replace(target, retired)
            os.replace(source, target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(source, target)
        return
    os.replace(source, target)
