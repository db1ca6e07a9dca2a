"""The three stages as table -> table functions: what the Dagster assets call, and what the
benchmark calls without Dagster.

Each stage isolates failures per document: if segmenting or extracting one document raises, or
takes longer than its time budget (``budget_seconds``, DEFAULT_DOCUMENT_SECONDS per document), that
document's rows are left out and the failure is returned as a quarantine note ("attribution took
longer than 60 s"), so one bad document never stops the corpus and nothing is dropped silently.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyarrow as pa

from claimtrack.analysis import analyse
from claimtrack.attribution import attribute_many
from claimtrack.attribution_core import CONFIRMED, Attribution
from claimtrack.budget import OverBudget, time_budget
from claimtrack.claims import DocumentInput, extract_many
from claimtrack.conflicts import fill_said_by
from claimtrack.entities import Mention, Resolution, curated_mentions, resolve
from claimtrack.expertise import specialists_from_speakers, specialists_from_text
from claimtrack.frame import add_frames, finish_frames
from claimtrack.ingest import DEFAULT_MAX_BYTES, ingest
from claimtrack.published import CorpusDates, own_date
from claimtrack.quantity_keys import quantity_id, quantity_keys
from claimtrack.quotes import quote_row, speaker_mentions, titles_from_text
from claimtrack.relations import CLAIM_COLUMNS_READ, cross_reference
from claimtrack.schemas import ROWS_PER_SLICE, to_table
from claimtrack.segment import Article, Block, segment
from claimtrack.sourcing import QUOTE_COLUMNS, each_place_reports_its_own, source_claims
from claimtrack.spill import read_back, spill_folder, spilled
from claimtrack.workers import default_workers, map_in_workers, may_start_processes, shut_down, warm_up

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
    rows = (d.row() for d in ingest(corpus, max_bytes=max_bytes, progress=partial(progress, "documents")))
    return StageResult(to_table("documents", rows))


OK_COLUMNS = ["document", "sha256", "text", "published", "title", "url"]


def _ok_table(documents: pa.Table) -> pa.Table:
    return documents.filter(pa.compute.equal(documents["status"], "ok")).select(OK_COLUMNS)


def _ok_documents(documents: pa.Table) -> list[dict]:
    return _ok_table(documents).to_pylist()


def _corpus_dates(docs: Iterable[dict]) -> CorpusDates:
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
    documents: pa.Table,
    progress: Progress = _no_progress,
    *,
    budget_seconds: float | None = DEFAULT_DOCUMENT_SECONDS,
    workers: int = 1,
) -> StageResult:
    """Articles of every ok document. When ``build_extraction`` will use worker processes (``workers``, see
    ``_pooled``), they start now and load the model while this process segments."""
    ok = _ok_table(documents)
    pooled = _pooled(_characters(ok), workers)
    if pooled > 1:
        warm_up(pooled)
    corpus = _corpus_dates(_sliced_rows(ok.select(["published", "text", "url"])))
    failures: dict[str, str] = {}

    def rows() -> Iterator[dict]:
        for n, doc in enumerate(_sliced_rows(ok), start=1):
            try:
                with time_budget(budget_seconds):
                    articles = segment(
                        doc["document"], doc["sha256"], doc["text"], doc["published"], doc["title"], doc["url"], corpus
                    )
                yield from (a.row() for a in articles)
            except OverBudget:
                failures[doc["document"]] = _over_budget("segmentation", budget_seconds)
            except Exception as exc:  # one document's failure must not stop the corpus
                failures[doc["document"]] = f"segmentation failed: {_failure(exc)}"
            progress("articles", n, ok.num_rows)

    return StageResult(to_table("articles", rows()), failures)


def _sliced_rows(table: pa.Table, size: int = 500) -> Iterator[dict]:
    """The rows of ``table`` as dicts, ``size`` at a time: the corpus's texts are never all Python strings at once
    unless the reader keeps them."""
    for batch in table.to_batches(max_chunksize=size):
        yield from batch.to_pylist()


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


def _run_chunk(
    stage: str, work: Callable[[list[DocumentInput]], list], budget: float | None, chunk: list[DocumentInput]
) -> tuple[list, dict[str, str]]:
    """``work`` on one batch within ``budget`` seconds per document; a batch that fails or runs over is retried
    one document at a time, each with ``budget``. Runs where the batch runs (this process or a worker)."""
    try:
        with time_budget(None if budget is None else budget * len(chunk)):
            return work(chunk), {}
    except (Exception, OverBudget):  # find the document at fault; the others still count
        return _one_by_one(chunk, stage, work, budget)


BATCH = 64  # documents per batch in one process
BATCHES_PER_WORKER = 16  # with workers, smaller batches: the last one keeps the others waiting less
MIN_POOLED_BATCH = 8  # documents: fewer would make each parse call and transfer mostly overhead
POOL_MIN_CHARS = 250_000  # about 50 news articles: less text is parsed before worker processes have started


AUTO_WORKERS = 0  # ``workers`` value: one per core (``default_workers``) when the corpus is worth it


def _pooled(characters: int, workers: int) -> int:
    """How many processes run the batches: ``workers`` when given (1: this process), else (AUTO_WORKERS) one per
    core, but this process alone for less than POOL_MIN_CHARS of text (``characters`` in the corpus), where
    starting workers and their models costs more than they save. A process that may not have children (a
    Celery worker's) runs them itself."""
    if not may_start_processes():
        return 1
    if workers != AUTO_WORKERS:
        return workers
    return default_workers() if characters >= POOL_MIN_CHARS else 1


def _characters(ok: pa.Table) -> int:
    return pa.compute.sum(pa.compute.utf8_length(ok["text"])).as_py() or 0


def _batch_size(documents: int, workers: int) -> int:
    """BATCH in one process; with workers, BATCHES_PER_WORKER each, but no fewer than MIN_POOLED_BATCH documents
    unless that would leave a worker without a batch."""
    if workers <= 1:
        return BATCH
    floor = min(MIN_POOLED_BATCH, -(-documents // workers))
    return max(1, min(BATCH, max(floor, -(-documents // (workers * BATCHES_PER_WORKER)))))


def _document_batches(ok: pa.Table, articles: pa.Table, size: int) -> Iterator[list[DocumentInput]]:
    """The ok documents with their articles, ``size`` at a time, made as they are asked for: only the batches in
    flight are Python objects, never the whole corpus."""
    rows_of = _positions(articles, "document")
    for first in range(0, ok.num_rows, size):
        docs = ok.slice(first, size).select(["document", "sha256", "text"]).to_pylist()
        wanted = [index for d in docs for index in rows_of.get(d["document"], [])]
        by_document = _articles_by_document(articles.take(wanted))
        yield [DocumentInput(d["document"], d["sha256"], d["text"], by_document.get(d["document"], [])) for d in docs]


def _in_batches(
    documents: pa.Table,
    articles: pa.Table,
    stage: str,
    work: Callable[[list[DocumentInput]], list],
    progress: Progress,
    budget_seconds: float | None = DEFAULT_DOCUMENT_SECONDS,
    workers: int = 1,
    last_parse: bool = False,
) -> tuple[list, dict[str, str], int]:
    """Run ``work`` over batches of ok documents (``_run_chunk``), on worker processes (``_pooled``) when there
    is more than one batch; results keep the documents' order. Also returns how many processes ran them.

    Each batch's results wait on disk (``claimtrack.spill``) until every batch is done; when this is the
    ``last_parse`` of the run, the workers are released before the results are read back, so their memory and
    the results' are never held at once."""
    ok = _ok_table(documents)
    total = ok.num_rows
    workers = _pooled(_characters(ok), workers)
    size = _batch_size(total, workers)
    pooled = workers if total > size else 1
    results: list = []
    failures: dict[str, str] = {}
    done = 0
    with spill_folder() as folder:
        run = partial(spilled, folder, partial(_run_chunk, stage, work, budget_seconds))
        saved: list[Path] = []
        for path, count in map_in_workers(partial(_counted, run), _document_batches(ok, articles, size), pooled):
            saved.append(path)
            done += count
            progress(stage, done, total)
        if last_parse:
            shut_down(wait=True)
        for path in saved:
            found, failed = read_back(path)
            results.extend(found)
            failures.update(failed)
    return results, failures, pooled


def _counted(run: Callable[[list[DocumentInput]], Path], chunk: list[DocumentInput]) -> tuple[Path, int]:
    """Where ``run`` saved one batch's results, and how many documents it had (for the progress)."""
    return run(chunk), len(chunk)


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
    """Quotes and entities alone: attributions of every article, speakers resolved to corpus-wide entities
    (``build_extraction`` makes them with the claims, from the same parses)."""
    found, failures, _ = _in_batches(
        documents, articles, "attribution", attribute_many, progress, budget_seconds=budget_seconds
    )
    return _attribution_tables(found, articles, failures)


def _attribution_tables(
    found: list[tuple[DocumentInput, list[Attribution], list[Mention]]], articles: pa.Table, failures: dict[str, str]
) -> AttributionResult:
    """Corpus-wide: entities resolved from every document's mentions, then one quote row per attribution."""
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
    rows = (quote_row(doc.sha256, doc.text, item, entities) for doc, attributions, _ in found for item in attributions)
    return AttributionResult(
        to_table("quotes", rows), to_table("entities", [e.row() for e in entities.entities]), failures, mentions
    )


@dataclass
class Extraction:
    """Quotes, entities and claims of a corpus, made from one parse of each sentence."""

    attribution: AttributionResult
    claims: StageResult
    processes: int = 1  # how many processes parsed the batches


def _texts(documents: pa.Table, names: set[str]) -> dict[str, DocumentInput]:
    """Name, hash and text of the named documents, without their articles: what the corpus-wide steps read."""
    ok = _ok_table(documents).select(["document", "sha256", "text"])
    ok = ok.filter(pa.compute.is_in(ok["document"], pa.array(sorted(names), pa.string())))
    return {d["document"]: DocumentInput(d["document"], d["sha256"], d["text"], []) for d in ok.to_pylist()}


def build_extraction(
    documents: pa.Table,
    articles: pa.Table,
    progress: Progress = _no_progress,
    *,
    budget_seconds: float | None = DEFAULT_DOCUMENT_SECONDS,
    workers: int = 1,
) -> Extraction:
    """Attribution and claims of every ok document in one pass (``claimtrack.analysis``: each sentence parsed
    at most once), batches on ``workers`` processes; then the corpus-wide steps: entities, quote rows, each
    claim's source, the rest of its frame and its quantity. A document that fails is left out of every table
    with one reason ("analysis took longer than 60 s")."""
    found, failures, processes = _in_batches(
        documents,
        articles,
        "analysis",
        analyse,
        progress,
        budget_seconds=budget_seconds,
        workers=workers,
        last_parse=True,
    )
    texts = _texts(documents, {item.document for item in found})
    attribution = _attribution_tables(
        [(texts[item.document], item.attributions, item.mentions) for item in found], articles, failures
    )
    rows = [row for item in found for row in item.claims]
    organisations = {article: names for item in found for article, names in item.organisations.items()}
    _source_claims(rows, articles, attribution.quotes, attribution.entities)
    finish_frames(rows, organisations)
    _quantities_and_speakers(rows, documents)
    return Extraction(attribution, StageResult(to_table("claims", rows), failures), processes)


@dataclass
class CrossReference:
    relations: pa.Table
    quantities: pa.Table


ARTICLE_CONTEXT = ["article_id", "document", "doc_start", "doc_end", "dateline", "published", "agency"]


def build_crossref(claims: pa.Table, articles: pa.Table, documents: pa.Table) -> CrossReference:
    """Relations between figures of one quantity, and one row per quantity (``claimtrack.relations``)."""
    relations, quantities = cross_reference(
        _sliced_rows(claims.select(CLAIM_COLUMNS_READ), ROWS_PER_SLICE),
        articles.select(ARTICLE_CONTEXT).to_pylist(),
        _sliced_rows(documents.select(["document", "outlet", "text"])),
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


def build_all(
    corpus: Path, *, budget_seconds: float | None = DEFAULT_DOCUMENT_SECONDS, workers: int = 1
) -> CorpusTables:
    """All stages in order, batches on ``workers`` processes (the Dagster assets run the same stages one by
    one)."""
    documents = build_documents(corpus).table
    articles = build_articles(documents, budget_seconds=budget_seconds, workers=workers).table
    extraction = build_extraction(documents, articles, budget_seconds=budget_seconds, workers=workers)
    claims = extraction.claims.table
    crossref = build_crossref(claims, articles, documents)
    return CorpusTables(documents, articles, extraction.attribution, claims, crossref)


def build_claims(
    documents: pa.Table,
    articles: pa.Table,
    quotes: pa.Table | None = None,
    entities: pa.Table | None = None,
    progress: Progress = _no_progress,
    *,
    budget_seconds: float | None = DEFAULT_DOCUMENT_SECONDS,
) -> StageResult:
    """Claims alone (``build_extraction`` makes them with the attribution, from the same parses): tagged in
    batches; with quotes and entities, each gets its source; then each gets its quantity frame (one parse per
    sentence) and the quantity it belongs to, corpus-wide."""
    rows, failures, _ = _in_batches(
        documents, articles, "claims", extract_many, progress, budget_seconds=budget_seconds
    )
    if quotes is not None:
        _source_claims(rows, articles, quotes, entities)
    frame_claims(rows, documents, articles)
    _quantities_and_speakers(rows, documents)
    return StageResult(to_table("claims", rows), failures)


def _source_claims(rows: list[dict], articles: pa.Table, quotes: pa.Table, entities: pa.Table | None) -> None:
    """Each claim's source from the quotes of its article: the quotes (only the columns sourcing reads) and the
    articles' blocks stay in Arrow and become dicts one article at a time."""
    resolution = Resolution.from_rows(entities.to_pylist() if entities is not None else [])
    table = quotes.select(QUOTE_COLUMNS)
    confirming = table.filter(pa.compute.equal(table["reason"], CONFIRMED))  # sourcing keeps those with a speaker
    blocks = _rows_by(articles.select(["article_id", "agency", "blocks"]), "article_id")
    source_claims(
        rows,
        _rows_by(table, "article_id"),
        lambda article_id: next(iter(blocks(article_id)), None),
        confirming.to_pylist(),
        resolution,
    )


def _positions(table: pa.Table, column: str) -> dict[str, list[int]]:
    """Each value of ``column`` -> the positions of its rows, in table order."""
    positions: dict[str, list[int]] = {}
    for position, value in enumerate(table[column].to_pylist()):
        positions.setdefault(value, []).append(position)
    return positions


def _rows_by(table: pa.Table, column: str) -> Callable[[str], list[dict]]:
    """The rows of ``table`` whose ``column`` is a given value, as dicts in table order, made when asked for."""
    positions = _positions(table, column)

    def rows(value: str) -> list[dict]:
        return table.take(positions[value]).to_pylist() if value in positions else []

    return rows


def _quantities_and_speakers(rows: list[dict], documents: pa.Table) -> None:
    """The quantity each claim belongs to, corpus-wide; each place reporting its own; who says it."""
    keys = quantity_keys(rows)
    for row in rows:
        key = keys.get(row["claim_id"])
        row["quantity_id"] = quantity_id(key) if key is not None else None
    each_place_reports_its_own(rows)
    fill_said_by(rows, documents)


def frame_claims(rows: list[dict], documents: pa.Table, articles: pa.Table) -> None:
    """measure, subject, place and event of every claim row (``claimtrack.frame``)."""
    with_claims = {r["document"] for r in rows}
    texts = {d["document"]: d["text"] for d in _ok_documents(documents) if d["document"] in with_claims}
    years = {
        a["article_id"]: a["published"].year if a["published"] else None
        for a in articles.select(["article_id", "published"]).to_pylist()
    }
    add_frames(rows, texts, years)
