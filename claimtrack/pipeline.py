"""The three stages as table -> table functions: what the Dagster assets call, and what the
benchmark calls without Dagster.

Each stage isolates failures per document: if segmenting or extracting one document raises, or
takes longer than its time budget (``budget_seconds``, DEFAULT_DOCUMENT_SECONDS per document), that
document's rows are left out and the failure is returned as a quarantine note ("attribution took
longer than 60 s"), so one bad document never stops the corpus and nothing is dropped silently.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyarrow as pa

from claimtrack.attribution import attribute_many
from claimtrack.budget import OverBudget, time_budget
from claimtrack.claims import DocumentInput, extract_many
from claimtrack.conflicts import fill_said_by
from claimtrack.entities import Mention, Resolution, curated_mentions, resolve
from claimtrack.expertise import specialists_from_speakers, specialists_from_text
from claimtrack.frame import add_frames
from claimtrack.ingest import DEFAULT_MAX_BYTES, ingest
from claimtrack.published import CorpusDates, own_date
from claimtrack.quantity_keys import quantity_id, quantity_keys
from claimtrack.quotes import quote_row, speaker_mentions, titles_from_text
from claimtrack.relations import cross_reference
from claimtrack.schemas import to_table
from claimtrack.segment import Article, Block, segment
from claimtrack.sourcing import attach_sources, each_place_reports_its_own

Progress = Callable[[str, int, int], None]
# what each stage's progress counts: reading counts input files (a .jsonl holds many documents), the later
# stages the documents that were not quarantined
PROGRESS_UNITS = {"documents": "input files"}
DEFAULT_PROGRESS_UNIT = "ok documents"

DEFAULT_DOCUMENT_SECONDS = 60.0  # per document and stage; a stage is linear, so only a pathological input gets near


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
    cols = ["document", "sha256", "text", "published", "title", "url"]
    ok = documents.filter(pa.compute.equal(documents["status"], "ok")).select(cols)
    return ok.to_pylist()


def _corpus_dates(docs: list[dict]) -> CorpusDates:
    """The dates the documents give themselves (metadata, else a date stamp or the URL), read once before
    segmenting: they complete a date without a year and anchor an undated document's weekdays."""
    return CorpusDates.of([doc["published"] or own_date(doc["text"] or "", doc["url"])[0] for doc in docs])


def _articles_by_document(articles: pa.Table) -> dict[str, list[Article]]:
    grouped: dict[str, list[Article]] = {}
    for row in articles.to_pylist():
        blocks = [Block(**b) for b in row.pop("blocks")]
        grouped.setdefault(row["document"], []).append(Article(**row, blocks=blocks))
    return grouped


def _failure(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__}: {exc} (at {Path(last.filename).name}:{last.lineno})"


def _over_budget(stage: str, seconds: float | None) -> str:
    return f"{stage} took longer than {seconds:g} s"


def build_articles(
    documents: pa.Table, progress: Progress = _no_progress, *, budget_seconds: float | None = DEFAULT_DOCUMENT_SECONDS
) -> StageResult:
    docs = _ok_documents(documents)
    corpus = _corpus_dates(docs)
    rows: list[dict] = []
    failures: dict[str, str] = {}
    for n, doc in enumerate(docs, start=1):
        try:
            with time_budget(budget_seconds):
                articles = segment(
                    doc["document"], doc["sha256"], doc["text"], doc["published"], doc["title"], doc["url"], corpus
                )
            rows.extend(a.row() for a in articles)
        except OverBudget:
            failures[doc["document"]] = _over_budget("segmentation", budget_seconds)
        except Exception as exc:  # one document's failure must not stop the corpus
            failures[doc["document"]] = f"segmentation failed: {_failure(exc)}"
        progress("articles", n, len(docs))
    return StageResult(to_table("articles", rows), failures)


def _one_by_one(
    chunk: list[DocumentInput], stage: str, work: Callable[[list[DocumentInput]], list], budget: float | None
) -> tuple[list, dict[str, str]]:
    """Each document of a failed batch alone, with its own budget: finds the one at fault, keeps the others."""
    results: list = []
    failures: dict[str, str] = {}
    for item in chunk:
        try:
            with time_budget(budget):
                results.extend(work([item]))
        except OverBudget:
            failures[item.document] = _over_budget(stage, budget)
        except Exception as exc:
            failures[item.document] = f"{stage} failed: {_failure(exc)}"
    return results, failures


def _in_batches(
    documents: pa.Table,
    articles: pa.Table,
    stage: str,
    work: Callable[[list[DocumentInput]], list],
    progress: Progress,
    batch: int = 64,
    budget_seconds: float | None = DEFAULT_DOCUMENT_SECONDS,
) -> tuple[list, dict[str, str]]:
    """Run ``work`` over batches of ok documents, a batch within ``budget_seconds`` per document; a batch that
    fails or runs over is retried one document at a time, each with ``budget_seconds``."""
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
            with time_budget(None if budget_seconds is None else budget_seconds * len(chunk)):
                found = work(chunk)
            results.extend(found)
        except (Exception, OverBudget):  # find the document at fault; the others still count
            found, failed = _one_by_one(chunk, stage, work, budget_seconds)
            results.extend(found)
            failures.update(failed)
        progress(stage, min(first + batch, len(docs)), len(docs))
    return results, failures


@dataclass
class AttributionResult:
    quotes: pa.Table
    entities: pa.Table
    failures: dict[str, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)  # what entities were resolved from


def build_attribution(
    documents: pa.Table,
    articles: pa.Table,
    progress: Progress = _no_progress,
    *,
    budget_seconds: float | None = DEFAULT_DOCUMENT_SECONDS,
) -> AttributionResult:
    """Quotes and entities: attributions of every article, speakers resolved to corpus-wide entities."""
    found, failures = _in_batches(
        documents, articles, "attribution", attribute_many, progress, budget_seconds=budget_seconds
    )
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
    texts = [doc.text for doc, _, _ in found]
    titles_from_text(entities, texts)
    specialists_from_text(entities, texts)
    specialists_from_speakers(
        entities,
        [
            (item.speaker.text, item.speaker.name)
            for _, attributions, _ in found
            for item in attributions
            if item.speaker is not None and item.speaker.kind == "organisation" and item.speaker.name
        ],
    )
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


def build_all(corpus: Path, *, budget_seconds: float | None = DEFAULT_DOCUMENT_SECONDS) -> CorpusTables:
    """All stages in order, in this process (the Dagster assets run the same stages one by one)."""
    documents = build_documents(corpus).table
    articles = build_articles(documents, budget_seconds=budget_seconds).table
    attribution = build_attribution(documents, articles, budget_seconds=budget_seconds)
    claims = build_claims(
        documents, articles, attribution.quotes, attribution.entities, budget_seconds=budget_seconds
    ).table
    return CorpusTables(documents, articles, attribution, claims, build_crossref(claims, articles, documents))


def build_claims(
    documents: pa.Table,
    articles: pa.Table,
    quotes: pa.Table | None = None,
    entities: pa.Table | None = None,
    progress: Progress = _no_progress,
    *,
    budget_seconds: float | None = DEFAULT_DOCUMENT_SECONDS,
) -> StageResult:
    """Claims of every ok document, tagged in batches; with quotes and entities, each gets its source; then
    each gets its quantity frame (one parse per sentence) and the quantity it belongs to, corpus-wide."""
    rows, failures = _in_batches(documents, articles, "claims", extract_many, progress, budget_seconds=budget_seconds)
    if quotes is not None:
        resolution = Resolution.from_rows(entities.to_pylist() if entities is not None else [])
        attach_sources(
            rows, quotes.to_pylist(), articles.select(["article_id", "agency", "blocks"]).to_pylist(), resolution
        )
    frame_claims(rows, documents, articles)
    each_place_reports_its_own(rows)
    fill_said_by(rows, documents)
    return StageResult(to_table("claims", rows), failures)


def frame_claims(rows: list[dict], documents: pa.Table, articles: pa.Table) -> None:
    """measure, subject, place, event and quantity_id of every claim row (``claimtrack.frame``,
    ``claimtrack.quantity_keys``)."""
    with_claims = {r["document"] for r in rows}
    texts = {d["document"]: d["text"] for d in _ok_documents(documents) if d["document"] in with_claims}
    years = {
        a["article_id"]: a["published"].year if a["published"] else None
        for a in articles.select(["article_id", "published"]).to_pylist()
    }
    add_frames(rows, texts, years)
    keys = quantity_keys(rows)
    for row in rows:
        key = keys.get(row["claim_id"])
        row["quantity_id"] = quantity_id(key) if key is not None else None
