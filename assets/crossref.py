"""Cross-reference: relations between figures of one quantity, the quantities, and the report."""

import dagster as dg
import pyarrow as pa

from assets.resources import CorpusResource
from assets.screening import Screening, quality_check_spec, quality_result
from assets.tables import OWNERS, table_out, table_output, value_counts
from claimtrack import pipeline
from claimtrack.conflicts import conflict_rows
from claimtrack.quarantine import relations_of_kept_quantities
from claimtrack.report import CLAIM_COLUMNS, summary_markdown, write_report
from expectations.resource import GreatExpectationsResource
from pipelines.io_manager import WarehouseResource


@dg.multi_asset(
    outs={
        "claim_relations": table_out(
            "crossref",
            (
                "Pairs of claims about the same quantity (same unit, same counted event or thing after synonyms, "
                "same scope): consistent (intervals overlap), conflict (disjoint, same date, different sources) or "
                "update (a later figure replaces an earlier one), each with a reason a fact-checker can read."
            ),
        ),
        "quantities": table_out(
            "crossref",
            (
                "One row per real-world quantity: canonical counted, unit, scope, kind (cumulative or stock), its "
                "claims, independent sources, first and last reported, latest figure and source, best/low/high "
                "estimates, status (consistent, conflicting, updated) and the chain of superseded figures."
            ),
        ),
        "conflicts": table_out(
            "crossref",
            (
                "One row per conflicting pair of figures of one quantity: the quantity's name, both figures as "
                "written with their values and bounds, who said each (`said_by`: expert, else source, else relay, "
                "else outlet), both dates, documents and sentences, and the reason; no join needed."
            ),
        ),
    },
    check_specs=[
        quality_check_spec("quantities"),
        quality_check_spec("claim_relations"),
        quality_check_spec("conflicts"),
    ],
)
def crossref(
    context: dg.AssetExecutionContext,
    claims: pa.Table,
    articles: pa.Table,
    documents: pa.Table,
    corpus: CorpusResource,
    great_expectations: GreatExpectationsResource,
    warehouse: WarehouseResource,
):
    screening = Screening(context, great_expectations, warehouse, corpus)
    result = pipeline.build_crossref(claims, articles, documents)
    inputs = {"claims": claims, "articles": articles, "documents": documents}
    quantities = screening.screen("quantities", result.quantities, inputs)
    kept = set(quantities.table["quantity_id"].to_pylist())
    relations, orphaned = relations_of_kept_quantities(result.relations, kept)
    relations_screened = screening.screen("claim_relations", relations, {**inputs, "quantities": quantities.table})
    if orphaned.num_rows:  # a relation inside a rejected quantity goes with it, and says so
        relations_screened.rejected = pa.concat_tables([relations_screened.rejected, orphaned])
        relations_screened.by_rule["quantity_rejected"] = orphaned.num_rows
        screening.stage("claim_relations", relations_screened)
    found = conflict_rows(relations_screened.table, quantities.table, claims)
    conflicts = screening.screen(
        "conflicts", found, {**inputs, "quantities": quantities.table, "claim_relations": relations_screened.table}
    )
    yield table_output(
        "claim_relations",
        pipeline.StageResult(relations_screened.table),
        {"by_relation": value_counts(relations_screened.table, "relation")},
        output_name="claim_relations",
        rejected=relations_screened,
    )
    yield table_output(
        "quantities",
        pipeline.StageResult(quantities.table),
        {"by_status": value_counts(quantities.table, "status")},
        output_name="quantities",
        rejected=quantities,
    )
    yield table_output(
        "conflicts",
        pipeline.StageResult(conflicts.table),
        {"quantities_in_conflict": len(set(conflicts.table["quantity_id"].to_pylist()))},
        output_name="conflicts",
        rejected=conflicts,
    )
    yield quality_result("quantities", quantities)
    yield quality_result("claim_relations", relations_screened)
    yield quality_result("conflicts", conflicts)


@dg.asset(
    deps=["publish"],
    description=(
        "`<warehouse>/report.html` from the published tables: per quantity a timeline of its figures by source "
        "(intervals as bars, exact figures as points, updates linked), its conflicts and updates with reasons, "
        "and links to every sentence. The same summary is a markdown table in this asset's metadata."
    ),
    group_name="crossref",
    kinds={"html"},
    owners=OWNERS,
    tags={"layer": "report"},
)
def report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    store = warehouse.store()

    def rows(name: str, columns: list[str] | None = None) -> list[dict]:
        table = store.read(context.run.run_id, name)
        return (table.select(columns) if columns else table).to_pylist()

    quantities, relations = rows("quantities"), rows("claim_relations")
    claims = rows("claims", CLAIM_COLUMNS)
    path = store.root / "report.html"
    write_report(path, quantities, relations, claims, title="claimtrack report")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "url": dg.MetadataValue.url(path.resolve().as_uri()),
            "quantities": len(quantities),
            "summary": dg.MetadataValue.md(summary_markdown(quantities)),
        }
    )
