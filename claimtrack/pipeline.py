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

from claimtrack.attribution import attribute_many
from claimtrack.claims import DocumentInput, extract_many
from claimtrack.entities import Mention, Resolution, curated_mentions, resolve
from claimtrack.ingest import DEFAULT_MAX_BYTES, ingest
from claimtrack.quotes import quote_row, speaker_mentions, titles_from_text
from claimtrack.relations import cross_reference
from claimtrack.schemas import to_table
from claimtrack.segment import Article, Block, segment
from claimtrack.sourcing import attach_sources

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


def _in_batches(
    documents: pa.Table,
    articles: pa.Table,
    stage: str,
    work: Callable[[list[DocumentInput]], list],
    progress: Progress,
    batch: int = 64,
) -> tuple[list, dict[str, str]]:
    """Run ``work`` over batches of ok documents; a failing batch is retried one document at a time."""
    docs = _ok_documents(documents)
    by_document = _articles_by_document(articles)
    results: list = []
    failures: dict[str, str] = {}
    for first in range(0, len(docs), batch):
        chunk = [
            DocumentInput(d["document"], d["sha256"], d["text"], by_document.get(d["document"], []))
            for d in docs[first : first + batch]
        ]
        try:
            results.extend(work(chunk))
        except Exception:  # find the document at fault; the others still count
            for item in chunk:
                try:
                    results.extend(work([item]))
                except Exception as exc:
                    failures[item.document] = f"{stage} failed: {_failure(exc)}"
        progress(stage, min(first + batch, len(docs)), len(docs))
    return results, failures


@dataclass
class AttributionResult:
    quotes: pa.Table
    entities: pa.Table
    failures: dict[str, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)  # what entities were resolved from


def build_attribution(documents: pa.Table, articles: pa.Table, progress: Progress = _no_progress) -> AttributionResult:
    """Quotes and entities: attributions of every article, speakers resolved to corpus-wide entities."""
    found, failures = _in_batches(documents, articles, "attribution", attribute_many, progress)
    mentions = []
    for doc, attributions, article_mentions in found:
        mentions.extend(article_mentions)
        mentions.extend(speaker_mentions(doc.document, attributions))
    for doc in {doc.document: doc for doc, _, _ in found}.values():
        mentions.extend(curated_mentions(doc.text, doc.document))
    for row in articles.select(["document", "agency"]).to_pylist():
        if row["agency"]:
            mentions.append(Mention(row["agency"], "agency", row["document"]))
    entities = resolve(mentions)
    titles_from_text(entities, [doc.text for doc, _, _ in found])
    rows = [quote_row(doc.sha256, doc.text, item, entities) for doc, attributions, _ in found for item in attributions]
    return AttributionResult(
        to_table("quotes", rows), to_table("entities", [e.row() for e in entities.entities]), failures, mentions
    )


@dataclass
class CrossReference:
    relations: pa.Table
    quantities: pa.Table


ARTICLE_CONTEXT = ["article_id", "document", "doc_start", "doc_end", "dateline", "published", "agency"]


def build_crossref(claims: pa.Table, articles: pa.Table, documents: pa.Table) -> CrossReference:
    """Relations between figures of one quantity, and one row per quantity (``claimtrack.relations``)."""
    relations, quantities = cross_reference(
        claims.to_pylist(),
        articles.select(ARTICLE_CONTEXT).to_pylist(),
        documents.select(["document", "outlet", "text"]).to_pylist(),
    )
    return CrossReference(to_table("claim_relations", relations), to_table("quantities", quantities))


@dataclass
class CorpusTables:
    """Every table of one corpus, and the mentions its entities were resolved from."""

    documents: pa.Table
    articles: pa.Table
    attribution: AttributionResult
    claims: pa.Table
    crossref: CrossReference


def build_all(corpus: Path) -> CorpusTables:
    """All stages in order, in this process (the Dagster assets run the same stages one by one)."""
    documents = build_documents(corpus).table
    articles = build_articles(documents).table
    attribution = build_attribution(documents, articles)
    claims = build_claims(documents, articles, attribution.quotes, attribution.entities).table
    return CorpusTables(documents, articles, attribution, claims, build_crossref(claims, articles, documents))


def build_claims(
    documents: pa.Table,
    articles: pa.Table,
    quotes: pa.Table | None = None,
    entities: pa.Table | None = None,
    progress: Progress = _no_progress,
) -> StageResult:
    """Claims of every ok document, tagged in batches; with quotes and entities, each gets its source."""
    rows, failures = _in_batches(documents, articles, "claims", extract_many, progress)
    if quotes is not None:
        resolution = Resolution.from_rows(entities.to_pylist() if entities is not None else [])
        attach_sources(
            rows, quotes.to_pylist(), articles.select(["article_id", "agency", "blocks"]).to_pylist(), resolution
        )
    return StageResult(to_table("claims", rows), failures)
