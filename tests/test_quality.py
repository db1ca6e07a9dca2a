"""Quality rules never block: rows that break one are moved to rejected_rows and the run publishes.

Each test corrupts the output of a real stage (the samples through the real Dagster assets) so that
every quality rule of every suite has a row that breaks it, then reads the published Parquet back.
"""

from __future__ import annotations

import importlib
import json
import math
import shutil
from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from claimtrack import pipeline
from claimtrack.schemas import TABLES
from expectations.suites import QUALITY, all_suites, rule_name, severity_of
from pipelines.definitions import GRAPH, build_resources
from tests.conftest import PROJECT, SAMPLES

CROSSREF = PROJECT / "tests" / "data" / "crossref"
crossref_assets = importlib.import_module("assets.crossref")  # the module; ``assets.crossref`` names the asset


def _set(table: pa.Table, column: str, row: int, value) -> pa.Table:
    values = table[column].to_pylist()
    values[row] = value
    field = table.schema.field(column)
    return table.set_column(table.schema.get_field_index(column), column, pa.array(values, field.type))


def _quality_rules() -> set[tuple[str, str]]:
    return {
        (suite.asset, rule_name(e))
        for suite in all_suites()
        for e in suite.body["expectations"]
        if severity_of(e) == QUALITY
    }


def _first_dated(table: pa.Table, skip: set[int]) -> int:
    return next(i for i, d in enumerate(table["published"].to_pylist()) if d and i not in skip)


def _break_articles(table: pa.Table, broken: dict) -> pa.Table:
    broken[("articles", "published_plausible")] = table["article_id"][0].as_py()
    broken[("articles", "language_code")] = table["article_id"][1].as_py()
    table = _set(table, "published", 0, date(1850, 1, 1))
    return _set(table, "language", 1, "English")


def _break_entities(table: pa.Table, broken: dict) -> pa.Table:
    twin = table.slice(0, 1).to_pylist()[0] | {"entity_id": "twin-of-the-first-entity"}
    broken[("entities", "one_entity_per_name")] = "twin-of-the-first-entity"
    broken[("entities", "mentions_cover_documents")] = table["entity_id"][2].as_py()
    table = _set(_set(table, "mentions", 2, 1), "documents", 2, 2)
    return pa.concat_tables([table, pa.Table.from_pylist([twin], schema=table.schema)])


def _break_claims(table: pa.Table, articles_published: dict, broken: dict) -> pa.Table:
    ids = table["claim_id"].to_pylist()
    ids_article = table["article_id"].to_pylist()
    dated = next(i for i, a in enumerate(ids_article) if articles_published.get(a) and i > 6)
    late = articles_published[ids_article[dated]] + timedelta(days=30)
    plan = {
        "unit_is_singular": (0, [("unit", "of-billions-of-dollars")]),
        "unit_is_a_noun": (1, [("unit", "km2")]),
        "value_finite": (2, [("qualifier", "approximate"), ("value", math.inf), ("low", None), ("high", None)]),
        "low_finite": (3, [("qualifier", "lower_bound"), ("value", 5.0), ("low", -math.inf), ("high", None)]),
        "high_finite": (4, [("qualifier", "upper_bound"), ("value", 5.0), ("low", None), ("high", math.inf)]),
        "as_of_after_1900": (5, [("as_of", date(1850, 1, 1))]),
        "attribution_has_rule": (6, [("source", "Interior Ministry"), ("attribution_reason", None)]),
        "as_of_not_after_publication": (dated, [("as_of", late)]),
    }
    for rule, (row, changes) in plan.items():
        broken[("claims", rule)] = ids[row]
        for column, value in changes:
            table = _set(table, column, row, value)
    return table


def _break_crossref(result: pipeline.CrossReference, broken: dict) -> pipeline.CrossReference:
    """One quantity with relations breaks a rule (its relations must go with it), three without relations
    break the others, and a relation of another quantity gets a reason too short to read."""
    quantities, relations = result.quantities, result.relations
    ids = quantities["quantity_id"].to_pylist()
    related = list(dict.fromkeys(relations["quantity_id"].to_pylist()))
    bounded = [i for i, q in enumerate(ids) if q not in related and quantities["low"][i].is_valid]
    bounded = [i for i in bounded if quantities["high"][i].is_valid]
    lone = [i for i, q in enumerate(ids) if q not in related and i not in bounded[:2]]
    n_claims = quantities["n_claims"].to_pylist()
    first = ids.index(related[0])
    plan = {
        "sources_within_claims": (first, [("n_sources", n_claims[first] + 1)]),
        "best_above_low": (bounded[0], [("best", quantities["low"][bounded[0]].as_py() - 1)]),
        "best_below_high": (bounded[1], [("best", quantities["high"][bounded[1]].as_py() + 1)]),
        "counted_named": (lone[0], [("counted", "")]),
        "quantity_named": (lone[1], [("name", "")]),
    }
    for rule, (row, changes) in plan.items():
        broken[("quantities", rule)] = ids[row]
        for column, value in changes:
            quantities = _set(quantities, column, row, value)
    row = relations["quantity_id"].to_pylist().index(related[1])
    broken[("claim_relations", "readable_reason")] = f"{relations['claim_id_a'][row]}|{relations['claim_id_b'][row]}"
    relations = _set(relations, "reason", row, "short")
    return pipeline.CrossReference(relations, quantities)


def _break_conflicts(real_conflicts, broken: dict):
    """Two kept relations are read as conflicts; one gets a reason too short to read, the other a quantity with
    no name."""

    def conflicts(relations: pa.Table, quantities: pa.Table, claims: pa.Table) -> pa.Table:
        kinds = relations["relation"].to_pylist()
        picked = [i for i, kind in enumerate(kinds) if kind != "conflict"][:2]
        for i in picked:
            relations = _set(relations, "relation", i, "conflict")
        found = real_conflicts(relations, quantities, claims)
        sides = found["claim_id_a"].to_pylist(), found["claim_id_b"].to_pylist()
        pairs = [f"{a}|{b}" for a, b in zip(*sides, strict=True)]
        for rule, column, value in (("readable_reason", "reason", "short"), ("named_quantity", "quantity", "")):
            row = next(i for i, pair in enumerate(pairs) if pair not in broken.values())
            broken[("conflicts", rule)] = pairs[row]
            found = _set(found, column, row, value)
        return found

    return conflicts


@pytest.fixture(scope="module")
def corrupted_run(tmp_path_factory) -> tuple[Path, dict, dg.ExecuteInProcessResult]:
    """The samples and the quake feed through the real assets with one row broken for every quality rule."""
    warehouse = tmp_path_factory.mktemp("quality")
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SAMPLES, corpus, dirs_exist_ok=True)
    shutil.copy(CROSSREF / "quake.jsonl", corpus / "quake.jsonl")  # many related figures
    broken: dict[tuple[str, str], str] = {}
    real = {name: getattr(pipeline, name) for name in ("build_articles", "build_extraction")}
    real_crossref = pipeline.build_crossref
    published: dict[str, date] = {}

    def articles(*args, **kwargs):
        result = real["build_articles"](*args, **kwargs)
        table = _break_articles(result.table, broken)
        published.update(zip(table["article_id"].to_pylist(), table["published"].to_pylist(), strict=True))
        return pipeline.StageResult(table, result.failures)

    def extraction(*args, **kwargs):
        result = real["build_extraction"](*args, **kwargs)
        result.attribution.entities = _break_entities(result.attribution.entities, broken)
        claims = _break_claims(result.claims.table, published, broken)
        return pipeline.Extraction(result.attribution, pipeline.StageResult(claims, result.claims.failures))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "build_articles", articles)
        patch.setattr(pipeline, "build_extraction", extraction)
        patch.setattr(pipeline, "build_crossref", lambda *a, **k: _break_crossref(real_crossref(*a, **k), broken))
        patch.setattr(crossref_assets, "conflict_rows", _break_conflicts(crossref_assets.conflict_rows, broken))
        result = dg.materialize(GRAPH, resources=build_resources(str(corpus), str(warehouse)), raise_on_error=False)
    return warehouse, broken, result


def test_every_quality_rule_is_exercised_here(corrupted_run):
    _, broken, _ = corrupted_run
    assert set(broken) == _quality_rules()


def test_a_row_that_breaks_a_quality_rule_is_rejected_and_the_run_publishes(corrupted_run):
    warehouse, broken, result = corrupted_run
    assert result.success
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"publish", "report", "rejected_rows"} <= materialized
    rejected = pq.read_table(warehouse / "rejected_rows.parquet").to_pylist()
    found = {(r["table"], r["rule"]): r for r in rejected}
    for (table, rule), row_id in broken.items():
        assert (table, rule) in found, (table, rule)
        assert any(r["row_id"] == row_id for r in rejected if (r["table"], r["rule"]) == (table, rule)), (table, rule)
    unit_row = next(r for r in rejected if r["rule"] == "unit_is_singular")
    assert "of-billions-of-dollars" in unit_row["why"]
    assert json.loads(unit_row["row"])["unit"] == "of-billions-of-dollars"
    assert unit_row["document"] in pq.read_table(warehouse / "documents.parquet")["document"].to_pylist()


def test_rejected_rows_are_left_out_and_nothing_points_at_them(corrupted_run):
    warehouse, broken, _ = corrupted_run
    tables = {name: pq.read_table(warehouse / f"{name}.parquet") for name in TABLES}
    keys = {"articles": "article_id", "entities": "entity_id", "claims": "claim_id", "quantities": "quantity_id"}
    for (table, _rule), row_id in broken.items():
        if table in keys:
            assert row_id not in tables[table][keys[table]].to_pylist(), (table, row_id)
    claim_ids = set(tables["claims"]["claim_id"].to_pylist())
    relations = tables["claim_relations"]
    assert set(relations["claim_id_a"].to_pylist()) | set(relations["claim_id_b"].to_pylist()) <= claim_ids
    assert set(relations["quantity_id"].to_pylist()) <= set(tables["quantities"]["quantity_id"].to_pylist())
    assert {c for ids in tables["quantities"]["claim_ids"].to_pylist() for c in ids} <= claim_ids
    assert set(tables["claims"]["article_id"].to_pylist()) <= set(tables["articles"]["article_id"].to_pylist())
    rejected_article = broken[("articles", "published_plausible")]
    assert rejected_article not in tables["quotes"]["article_id"].to_pylist()
    orphaned = pc.equal(tables["rejected_rows"]["rule"], "quantity_rejected")
    assert pc.sum(orphaned).as_py() >= 1  # relations inside a rejected quantity went with it


def test_quality_checks_warn_and_integrity_checks_pass(corrupted_run):
    _, _, result = corrupted_run
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    for table in {t for t, _ in _quality_rules()}:
        check = checks[f"{table}_quality"]
        assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN
        assert check.metadata["rejected"].value >= 1
    assert all(e.passed for name, e in checks.items() if name.endswith("_suite"))


def test_the_data_docs_list_the_quality_results(corrupted_run):
    warehouse, _, _ = corrupted_run
    index = (warehouse / "_validation" / "index.html").read_text(encoding="utf-8")
    assert "claims_quality" in index and "claims" in index
