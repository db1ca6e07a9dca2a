"""The fact-checker's three questions, answered by the README's DuckDB queries on the earthquake test corpus,
materialized through the real Dagster assets."""

import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import GRAPH, build_resources

README = Path(__file__).resolve().parents[1] / "README.md"
QUAKE = Path(__file__).resolve().parent / "data" / "crossref"


def queries() -> list[str]:
    section = README.read_text().split("## Who says what, and where they disagree", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.DOTALL)


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("quake")
    (corpus / "quake.jsonl").write_text((QUAKE / "quake.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    warehouse = tmp_path_factory.mktemp("warehouse")
    assert dg.materialize(GRAPH, resources=build_resources(str(corpus), str(warehouse))).success
    return warehouse / "claimtrack.duckdb"


def answer(database: Path, index: int) -> list[dict]:
    with duckdb.connect(str(database), read_only=True) as con:
        result = con.execute(queries()[index])
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def test_the_readme_has_three_queries():
    assert len(queries()) == 3


def test_conflicting_figures_with_who_said_each(database: Path):
    rows = answer(database, 0)
    pairs = {(r["figure_a"], r["said_by_a"], r["figure_b"], r["said_by_b"]) for r in rows}
    assert ("43", "Health Ministry", "About 70", "National Union of Rescue Workers") in pairs
    assert ("61", "Health Ministry", "At least 90", "hospital records") in pairs
    assert all(r["quantity"] == "people killed" and len(r["reason"]) >= 20 for r in rows)
    assert all(r["as_of_a"] == r["as_of_b"] for r in rows)  # a conflict is two figures for the same day


def test_the_latest_figure_of_each_quantity_and_its_source(database: Path):
    rows = {r["quantity"]: r for r in answer(database, 1)}
    killed = rows["people killed"]
    assert (killed["latest_value"], killed["latest_source"], str(killed["latest_as_of"])) == (
        78.0,
        "Health Ministry",
        "2025-03-13",
    )
    assert rows["people injured"]["status"] == "updated"


def test_every_figure_of_one_quantity_in_date_order(database: Path):
    rows = answer(database, 2)
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates) and len(rows) >= 6
    assert rows[0]["figure"] == "At least 40" and rows[0]["said_by"] == "Civil Defence Institute"
    assert {"43", "61", "78"} <= {r["figure"] for r in rows}


def test_every_claim_says_who_said_it(database: Path):
    with duckdb.connect(str(database), read_only=True) as con:
        missing = con.execute(
            "SELECT count(*) FROM claims WHERE said_by IS NULL AND coalesce(expert, source, via) IS NOT NULL"
        ).fetchone()[0]
        said = con.execute("SELECT count(*) FROM claims WHERE said_by IS NOT NULL").fetchone()[0]
    assert missing == 0 and said > 0
