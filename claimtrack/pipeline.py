"""The three stages as table -> table functions: what the Dagster assets call, and what the
benchmark calls without Dagster.

Each stage isolates failures per document: if segmenting or extracting one document raises,
that document's rows are left out and the failure is returned as a quarantine note, so one bad
document never stops the corpus and nothing is dropped silently.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyarrow as pa

from claimtrack.claims import DocumentInput, extract_many
from claimtrack.ingest import DEFAULT_MAX_BYTES, ingest
from claimtrack.schemas import to_table
from claimtrack.segment import Article, Block, segment

Progress = Callable[[str, int, int], None]


@dataclass
class StageResult:
    table: pa.Table
    failures: dict[str, str] = field(default_factory=dict)  # document -> reason


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def build_documents(corpus: Path, max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress = _no_progress) -> StageResult:
    rows = [d.row() for d in ingest(corpus, max_bytes=max_bytes, progress=partial(progress, "documents"))]
    return StageResult(to_table("documents", rows))


def _ok_documents(documents: pa.Table) -> list[dict]:
    cols = ["document", "sha256", "text", "published", "title"]
    ok = documents.filter(pa.compute.equal(documents["status"], "ok")).select(cols)
    return ok.to_pylist()


def _articles_by_document(articles: pa.Table) -> dict[str, list[Article]]:
    grouped: dict[str, list[Article]] = {}
    for row in articles.to_pylist():
        blocks = [Block(**b) for b in row.pop("blocks")]
        grouped.setdefault(row["document"], []).append(Article(**row, blocks=blocks))
    return grouped


def _failure(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__}: {exc} (at {Path(last.filename).name}:{last.lineno})"


def build_articles(documents: pa.Table, progress: Progress = _no_progress) -> StageResult:
    docs = _ok_documents(documents)
    rows: list[dict] = []
    failures: dict[str, str] = {}
    for n, doc in enumerate(docs, start=1):
        try:
            articles = segment(doc["document"], doc["sha256"], doc["text"], doc["published"], doc["title"])
            rows.extend(a.row() for a in articles)
        except Exception as exc:  # one document's failure must not stop the corpus
            failures[doc["document"]] = f"segmentation failed: {_failure(exc)}"
        progress("articles", n, len(docs))
    return StageResult(to_table("articles", rows), failures)


def build_claims(
    documents: pa.Table, articles: pa.Table, progress: Progress = _no_progress, batch: int = 64
) -> StageResult:
    """Claims of every ok document, tagged in batches of documents; a failing batch is retried one by one."""
    docs = _ok_documents(documents)
    by_document = _articles_by_document(articles)
    rows: list[dict] = []
    failures: dict[str, str] = {}
    for first in range(0, len(docs), batch):
        chunk = [
            DocumentInput(d["document"], d["sha256"], d["text"], by_document.get(d["document"], []))
            for d in docs[first : first + batch]
        ]
        try:
            rows.extend(extract_many(chunk))
        except Exception:  # find the document at fault; the others still count
            for item in chunk:
                try:
                    rows.extend(extract_many([item]))
                except Exception as exc:
                    failures[item.document] = f"claim extraction failed: {_failure(exc)}"
        progress("claims", min(first + batch, len(docs)), len(docs))
    return StageResult(to_table("claims", rows), failures)
