"""The real Dagster assets, materialized into a temporary warehouse, read back three ways."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

from claimtrack.schemas import TABLES
from pipelines.definitions import GRAPH, build_resources
from tests.conftest import SAMPLES, write_bad_inputs


def materialize(corpus: Path, warehouse: Path, max_bytes: int = 1_000_000):
    resources = build_resources(str(corpus), str(warehouse), max_bytes=max_bytes)
    result = dg.materialize(GRAPH, resources=resources)
    assert result.success
    return result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SAMPLES, folder / "samples")
    bad = write_bad_inputs(folder / "bad")
    return folder, {f"bad/{name}": word for name, word in bad.items()}


@pytest.fixture(scope="module")
def warehouse(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("warehouse")
    materialize(corpus[0], out)
    return out


def test_every_table_is_parquet_with_its_schema(warehouse: Path):
    for name, schema in TABLES.items():
        table = pq.read_table(warehouse / f"{name}.parquet")
        assert table.schema.names == schema.names
        assert [f.type for f in table.schema] == [f.type for f in schema]
        # no sample row breaks a quality rule, and the samples report no figure that another contradicts
        assert table.num_rows > 0 or name in ("rejected_rows", "conflicts"), name


def test_duckdb_and_polars_read_the_same_rows(warehouse: Path):
    for name in TABLES:
        path = warehouse / f"{name}.parquet"
        rows = pq.read_table(path).num_rows
        assert duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchall()[0][0] == rows
        assert pl.read_parquet(path).height == rows


def test_every_claim_points_at_its_surface(warehouse: Path):
    docs = {r["document"]: r["text"] for r in pq.read_table(warehouse / "documents.parquet").to_pylist()}
    claims = pq.read_table(warehouse / "claims.parquet").to_pylist()
    assert len(claims) >= 20
    for c in claims:
        assert docs[c["document"]][c["doc_start"] : c["doc_end"]] == c["surface"]
    assert any(c["document"] == "bad/feed.jsonl#ok" and c["surface"] == "At least 12" for c in claims)


def test_claim_ids_are_unique_and_articles_exist(warehouse: Path):
    claims = pl.read_parquet(warehouse / "claims.parquet")
    articles = pl.read_parquet(warehouse / "articles.parquet")
    assert claims["claim_id"].n_unique() == claims.height
    assert set(claims["article_id"]) <= set(articles["article_id"])


def test_bad_inputs_are_quarantined_and_nothing_is_dropped(corpus, warehouse: Path):
    folder, bad = corpus
    docs = {r["document"]: r for r in pq.read_table(warehouse / "documents.parquet").to_pylist()}
    for name, word in bad.items():
        assert docs[name]["status"] == "quarantined"
        assert word.lower() in docs[name]["reason"].lower()
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    named = {d.split("#")[0] for d in docs}
    assert files == named


def test_seed_claims_are_found(warehouse: Path):
    claims = pq.read_table(warehouse / "claims.parquet").to_pylist()
    seen = {(c["surface"], c["qualifier"], c["unit"]) for c in claims}
    assert ("more than 5,000", "lower_bound", "person") in seen
    assert ("around 175 million euros", "approximate", "EUR") in seen
    assert ("dozens of", "vague", "person") in seen


def test_two_runs_give_the_same_ids_and_a_new_document_changes_none(corpus, warehouse: Path, tmp_path: Path):
    folder, _ = corpus
    first = set(pl.read_parquet(warehouse / "claims.parquet")["claim_id"])
    again = tmp_path / "again"
    materialize(folder, again)
    assert set(pl.read_parquet(again / "claims.parquet")["claim_id"]) == first

    grown = tmp_path / "grown"
    shutil.copytree(folder, grown)
    (grown / "extra.txt").write_text("MOSCOW, Jan 9 (Reuters) - At least 40 people were injured, officials said.")
    more = tmp_path / "more"
    materialize(grown, more)
    ids = set(pl.read_parquet(more / "claims.parquet")["claim_id"])
    assert first < ids


def test_assets_report_rows_schema_and_a_preview(tmp_path: Path):
    result = materialize(SAMPLES, tmp_path / "wh")
    for name in TABLES:
        (mat,) = [
            e.materialization for e in result.get_asset_materialization_events() if e.asset_key.to_user_string() == name
        ]
        meta = mat.metadata
        assert meta["dagster/row_count"].value == pq.read_table(tmp_path / "wh" / f"{name}.parquet").num_rows
        columns = meta["dagster/column_schema"].schema.columns
        assert [c.name for c in columns] == TABLES[name].names
        assert all(c.description and len(c.description) > 10 for c in columns), name  # the UI shows what each holds
        assert "nan" not in meta["preview"].value.split()  # an empty cell shows empty
        assert "|" in meta["preview"].value or meta["dagster/row_count"].value == 0  # a markdown table
        assert meta["dagster/uri"].value.endswith(f"{name}.parquet")
