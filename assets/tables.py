"""documents -> articles -> claims, each a Parquet table in the warehouse."""

from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from assets.resources import CorpusResource, ProgressResource
from assets.screening import Screening, quality_check_spec, quality_result
from claimtrack import pipeline
from claimtrack.preview import markdown_preview
from claimtrack.schemas import TABLES, column_description
from expectations.resource import GreatExpectationsResource
from expectations.screen import Screened
from pipelines.io_manager import WarehouseResource

OWNERS = ["team:claimtrack"]  # who to ask about a table, shown in the Dagster UI


def table_out(group: str, description: str) -> dg.AssetOut:
    """One output of a multi-asset that makes a corpus-wide table, shown like the single-table assets."""
    return dg.AssetOut(
        description=description, group_name=group, kinds={"parquet"}, owners=OWNERS, tags={"layer": "corpus"}
    )


def value_counts(table: pa.Table, column: str) -> dict:
    """How many rows hold each value of ``column``, for the asset's metadata."""
    return {v["values"]: v["counts"] for v in pc.value_counts(table[column]).to_pylist()} if table.num_rows else {}


def table_output(
    name: str,
    result: pipeline.StageResult,
    extra: dict | None = None,
    output_name: str = "result",
    rejected: Screened | None = None,
) -> dg.Output[pa.Table]:
    columns = [dg.TableColumn(f.name, str(f.type), description=column_description(name, f.name)) for f in TABLES[name]]
    metadata: dict = {
        "dagster/row_count": result.table.num_rows,
        "dagster/column_schema": dg.TableSchema(columns=columns),
        "preview": dg.MetadataValue.md(markdown_preview(name, result.table)),
        "failed_documents": len(result.failures),
        "rejected_rows": len(rejected.rejected_ids) if rejected is not None else 0,
    }
    if result.failures:
        lines = "\n".join(f"- `{doc}`: {reason}" for doc, reason in sorted(result.failures.items()))
        metadata["failures"] = dg.MetadataValue.md(lines)
    metadata.update(extra or {})
    return dg.Output(result.table, output_name=output_name, metadata=metadata)


@dg.asset(
    description=(
        "One row per input file (per line for .jsonl) of the corpus folder: the decoded text that every offset "
        "refers to, its sha256, size and detected encoding, and status ok or quarantined with the reason "
        "(empty, binary, undecodable, over the size limit, invalid JSON, no main text in HTML)."
    ),
    group_name="ingest",
    kinds={"parquet"},
    owners=OWNERS,
    tags={"layer": "corpus"},
)
def documents(
    context: dg.AssetExecutionContext, corpus: CorpusResource, progress: ProgressResource
) -> dg.Output[pa.Table]:
    result = pipeline.build_documents(Path(corpus.path), corpus.max_bytes, progress.update)
    quarantined = pc.sum(pc.equal(result.table["status"], "quarantined")).as_py() or 0
    context.log.info(f"{result.table.num_rows} documents, {quarantined} quarantined")
    return table_output("documents", result, {"quarantined": quarantined, "corpus": corpus.path})


@dg.asset(
    description=(
        "Articles found inside each document (digests glue several together): span, headline, dateline place, "
        "published date (dateline or metadata, else null) and news agency, with blocks marked headline, body, "
        "caption, credit or boilerplate and their language."
    ),
    group_name="ingest",
    kinds={"parquet"},
    owners=OWNERS,
    tags={"layer": "corpus"},
    check_specs=[quality_check_spec("articles")],
)
def articles(
    context: dg.AssetExecutionContext,
    documents: pa.Table,
    progress: ProgressResource,
    corpus: CorpusResource,
    great_expectations: GreatExpectationsResource,
    warehouse: WarehouseResource,
):
    screening = Screening(context, great_expectations, warehouse, corpus)
    result = pipeline.build_articles(
        documents, progress.update, budget_seconds=corpus.document_seconds, workers=corpus.workers
    )
    screening.record_failures("articles", result.failures)
    screened = screening.screen("articles", result.table, {"documents": documents})
    yield table_output("articles", pipeline.StageResult(screened.table, result.failures), rejected=screened)
    yield quality_result("articles", screened)


@dg.multi_asset(
    outs={
        "quotes": table_out(
            "attribution",
            (
                "Every attribution: direct quotes (any quotation-mark style, across paragraphs), reported speech "
                "('X said that ...', 'according to X', 'Kazakh media reported, citing the ministry'), mixed and "
                "authored. Content, cue and speaker spans with offsets; the speaker as written and resolved "
                "(`expert`, canonical across the corpus), role, affiliation, via, and the rule that fired."
            ),
        ),
        "entities": table_out(
            "attribution",
            (
                "One row per person, organisation, outlet, agency or place in the corpus: canonical name, kind, "
                "aliases joined across languages, acronyms and spellings (OTSC = CSTO = OVKS; Nazarbayev = "
                "Nazarbajev), mention and document counts, role and affiliation."
            ),
        ),
        "claims": table_out(
            "extraction",
            (
                "Every numeric claim: value, low/high bounds, qualifier (exact, approximate, lower_bound, "
                "upper_bound, range, vague), unit (person, ISO 4217 currency, percent, year, or the counted noun), "
                "what is counted, the date it holds for, and its exact span: text[doc_start:doc_end] == surface. "
                "Each claim carries its source, via and expert from the attribution that holds it (see `quotes`), "
                "names made canonical by `entities`, and `attribution_reason` saying which rule decided."
            ),
        ),
    },
    check_specs=[quality_check_spec("entities"), quality_check_spec("claims")],
    description=(
        "Attribution and claim extraction in one pass over the documents, so that each sentence is parsed once "
        "for both; batches run on `workers` processes (the corpus resource)."
    ),
)
def extraction(
    context: dg.AssetExecutionContext,
    documents: pa.Table,
    articles: pa.Table,
    progress: ProgressResource,
    corpus: CorpusResource,
    great_expectations: GreatExpectationsResource,
    warehouse: WarehouseResource,
):
    screening = Screening(context, great_expectations, warehouse, corpus)
    documents = screening.without_failed(documents)
    result = pipeline.build_extraction(
        documents, articles, progress.update, budget_seconds=corpus.document_seconds, workers=corpus.workers
    )
    failures = result.claims.failures
    screening.record_failures("analysis", failures)
    attribution = result.attribution
    entities = screening.screen("entities", attribution.entities, {"documents": documents, "articles": articles})
    quotes_out = pipeline.StageResult(attribution.quotes, failures)
    yield table_output(
        "quotes", quotes_out, {"by_kind": value_counts(attribution.quotes, "kind")}, output_name="quotes"
    )
    yield table_output("entities", pipeline.StageResult(entities.table), output_name="entities", rejected=entities)
    yield quality_result("entities", entities)
    claims = screening.screen(
        "claims", result.claims.table, {"documents": documents, "articles": articles, "quotes": attribution.quotes}
    )
    attributed = pc.sum(pc.is_valid(claims.table["attribution_reason"])).as_py() or 0
    yield table_output(
        "claims",
        pipeline.StageResult(claims.table, failures),
        {"attributed": attributed, "worker_processes": result.processes},
        output_name="claims",
        rejected=claims,
    )
    yield quality_result("claims", claims)
