"""Incremental ingest: an inbox folder processed batch by batch, corpus tables rebuilt from batches.

Files dropped into the inbox are registered by sha256. Each set of new or changed files becomes
one **batch**: its files are copied (frozen) into ``<store>/batches/<key>/input/`` and its key
is the hash of its (path, sha256) pairs, so the same change always gives the same key (a
deterministic run key) and a file edited again before its run still has the content that was
registered. A batch is extracted once, into its own Parquet tables and the raw entity mentions.

The corpus-wide tables are then assembled from the batches without extracting again: for every
file the inbox holds *now* (``state.json``), the rows of the batch that holds that content are
taken; a changed file's old rows drop out, a deleted file's rows are retired. Entities are
re-resolved from the live batches' mentions, and names in claims and quotes are mapped to the
corpus-wide canonical names. Claim relations and quantities are then cross-referenced over the
whole corpus (they link claims across batches, so no batch can hold them).

A batch per set of changes, not a partition per document: one run loads the spaCy pipeline and
pays Dagster's run start once, which costs more than extracting a typical article
(``make bench`` reports both).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from claimtrack import pipeline
from claimtrack.conflicts import conflict_rows, fill_said_by
from claimtrack.entities import Mention, resolve
from claimtrack.frame import canonical_places
from claimtrack.ingest import corpus_files, display_name
from claimtrack.quantity_keys import quantity_id, quantity_keys
from claimtrack.quarantine import relations_of_kept_quantities
from claimtrack.schemas import TABLES, to_table
from claimtrack.warehouse import file_sha256, write_atomically, write_json

BATCH_TABLES = ("documents", "articles", "quotes", "entities", "claims")
Screen = Callable[[str, pa.Table, dict[str, pa.Table]], pa.Table]
MENTIONS = "_mentions"
DONE = "_done.json"
NAME_COLUMNS = {"claims": ("source", "via", "expert"), "quotes": ("expert", "affiliation", "via")}


def scan(inbox: Path) -> dict[str, str]:
    """Every input file of the inbox (relative path -> sha256)."""
    if not inbox.is_dir():
        return {}
    return {path.relative_to(inbox).as_posix(): file_sha256(path) for path in corpus_files(inbox)}


def files_key(files: dict[str, str]) -> str:
    """The same files with the same contents always make the same key (a batch's, or the inbox state's)."""
    listing = "\n".join(f"{name}\t{sha}" for name, sha in sorted(files.items()))
    return hashlib.sha256(listing.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Changes:
    """What differs between the registered state and the inbox now."""

    added_or_changed: dict[str, str]
    deleted: list[str]
    state: dict[str, str]

    @property
    def any(self) -> bool:
        return bool(self.added_or_changed or self.deleted)


def compare(registered: dict[str, str], now: dict[str, str]) -> Changes:
    changed = {name: sha for name, sha in now.items() if registered.get(name) != sha}
    deleted = sorted(name for name in registered if name not in now)
    return Changes(changed, deleted, now)


class InboxStore:
    """``<root>/batches/<key>/`` (frozen input, manifest, tables) and ``<root>/state.json``."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def batch_dir(self, key: str) -> Path:
        return self.root / "batches" / key

    def state(self) -> dict[str, str]:
        path = self.root / "state.json"
        return json.loads(path.read_text())["files"] if path.exists() else {}

    def register(self, inbox: Path, changes: Changes) -> str | None:
        """Freeze the new or changed files as a batch and record the inbox state; the batch key, or
        None when only deletions happened."""
        key = None
        if changes.added_or_changed:
            key = files_key(changes.added_or_changed)
            folder = self.batch_dir(key)
            if not (folder / "manifest.json").exists():
                for name, sha in changes.added_or_changed.items():
                    target = folder / "input" / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(inbox / name, target)
                    if file_sha256(target) != sha:  # edited between the scan and the copy: the next scan sees it
                        shutil.rmtree(folder)
                        return None
                write_json(folder / "manifest.json", {"files": changes.added_or_changed})
        write_json(self.root / "state.json", {"files": changes.state})
        return key

    def manifest(self, key: str) -> dict[str, str]:
        return json.loads((self.batch_dir(key) / "manifest.json").read_text())["files"]

    def build(self, key: str) -> dict[str, int]:
        """Extract one batch into its own tables (idempotent: a rebuilt batch gives the same rows)."""
        folder = self.batch_dir(key)
        built = pipeline.build_all(folder / "input", workers=pipeline.AUTO_WORKERS)  # a big batch uses every core
        tables = {
            "documents": built.documents,
            "articles": built.articles,
            "quotes": built.attribution.quotes,
            "entities": built.attribution.entities,
            "claims": built.claims,
            MENTIONS: _mentions_table(built.attribution.mentions),
        }
        for name, table in tables.items():
            write_atomically(folder / f"{name}.parquet", lambda tmp, t=table: pq.write_table(t, tmp))
        counts = {name: table.num_rows for name, table in tables.items() if name != MENTIONS}
        write_json(folder / DONE, counts)
        return counts

    def unbuilt(self) -> list[str]:
        """Registered batches that were not built yet, oldest key first."""
        batches = self.root / "batches"
        folders = sorted(batches.iterdir()) if batches.is_dir() else []
        return [f.name for f in folders if (f / "manifest.json").exists() and not (f / DONE).exists()]

    def live_batches(self) -> dict[str, list[str]]:
        """For each built batch, the files whose current content it holds (first built batch wins)."""
        wanted = {(name, sha) for name, sha in self.state().items()}
        holders: dict[str, list[str]] = {}
        seen: set[str] = set()
        batches = self.root / "batches"
        for folder in sorted(batches.iterdir()) if batches.is_dir() else []:
            if not (folder / DONE).exists():
                continue
            for name, sha in sorted(self.manifest(folder.name).items()):
                if (name, sha) in wanted and name not in seen:
                    holders.setdefault(folder.name, []).append(name)
                    seen.add(name)
        return holders

    def pending(self, live: dict[str, list[str]]) -> list[str]:
        """Files of the current state that none of the ``live`` batches holds yet."""
        held = {name for names in live.values() for name in names}
        return sorted(set(self.state()) - held)

    def corpus_tables(self, live: dict[str, list[str]], screen: Screen | None = None) -> dict[str, pa.Table]:
        """The corpus-wide tables from the rows of the ``live`` batches (``live_batches``), names made canonical
        and quantities framed over the whole inbox. ``screen(name, table, tables)`` returns the rows of a table
        that pass its quality rules; it runs on each table before the tables made from it. ``rejected_rows``
        holds the relations that went with a rejected quantity."""
        screen = screen or (lambda name, table, tables: table)
        parts: dict[str, list[pa.Table]] = {name: [] for name in (*BATCH_TABLES, MENTIONS)}
        for key, files in live.items():
            for name in parts:
                table = pq.read_table(self.batch_dir(key) / f"{name}.parquet")
                parts[name].append(_rows_of_files(table, set(files)))
        mentions = [
            Mention(row["name"], row["kind"], row["document"], row["role"], row["affiliation"])
            for table in parts.pop(MENTIONS)
            for row in table.to_pylist()
        ]
        resolution = resolve(mentions)
        tables = {
            name: pa.concat_tables(parts[name]) if parts[name] else to_table(name, [])
            for name in ("documents", "articles", "quotes", "claims")
        }
        for name, columns in NAME_COLUMNS.items():
            tables[name] = _canonical(tables[name], columns, resolution.canonical)
        tables["entities"] = to_table("entities", [entity.row() for entity in resolution.entities])
        tables = {name: tables[name].cast(pa.schema(TABLES[name])) for name in BATCH_TABLES}
        tables["claims"] = _framed_corpus_wide(tables["claims"], tables["documents"])
        for name in ("articles", "entities", "claims"):
            tables[name] = screen(name, tables[name], tables)
        crossref = pipeline.build_crossref(tables["claims"], tables["articles"], tables["documents"])
        tables["quantities"] = screen("quantities", crossref.quantities, tables)
        kept = set(tables["quantities"]["quantity_id"].to_pylist())
        relations, tables["rejected_rows"] = relations_of_kept_quantities(crossref.relations, kept)
        tables["claim_relations"] = screen("claim_relations", relations, tables)
        found = conflict_rows(tables["claim_relations"], tables["quantities"], tables["claims"])
        tables["conflicts"] = screen("conflicts", found, tables)
        return tables


def _framed_corpus_wide(claims: pa.Table, documents: pa.Table) -> pa.Table:
    """Each batch framed its own claims; one spelling per place, the quantity ids and ``said_by`` (from the
    corpus-wide canonical names) are corpus-wide."""
    rows = claims.to_pylist()
    canonical_places(rows)
    keys = quantity_keys(rows)
    for row in rows:
        key = keys.get(row["claim_id"])
        row["quantity_id"] = quantity_id(key) if key is not None else None
    fill_said_by(rows, documents)
    return to_table("claims", rows)


def _mentions_table(mentions: list[Mention]) -> pa.Table:
    return pa.table(
        {
            "name": [m.name for m in mentions],
            "kind": [m.kind for m in mentions],
            "document": [m.document for m in mentions],
            "role": pa.array([m.role for m in mentions], pa.string()),
            "affiliation": pa.array([m.affiliation for m in mentions], pa.string()),
        }
    )


def _rows_of_files(table: pa.Table, files: set[str]) -> pa.Table:
    """Rows whose ``document`` is one of ``files`` or a line of one (``news.jsonl#3``, ``news.jsonl#a#b``),
    compared as the documents table writes names (valid UTF-8)."""
    if table.num_rows == 0 or "document" not in table.column_names:
        return table
    names = {display_name(name) for name in files}
    keep = [_of_files(document, names) for document in table["document"].to_pylist()]
    return table.filter(pa.array(keep, pa.bool_()))


def _of_files(document: str, names: set[str]) -> bool:
    """The document is a file of ``names`` or a line of one; a '#' may be in a file name or a JSONL id."""
    return document in names or any(document[:i] in names for i, ch in enumerate(document) if ch == "#")


def _canonical(table: pa.Table, columns: tuple[str, ...], canonical) -> pa.Table:
    for column in columns:
        values = [canonical(value) if value else value for value in table[column].to_pylist()]
        index = table.schema.get_field_index(column)
        table = table.set_column(index, column, pa.array(values, table.schema.field(column).type))
    return table
