"""Great Expectations suites as blocking checks, write–audit–publish, and Data Docs, on real runs."""

import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from claimtrack import pipeline
from claimtrack.schemas import TABLES
from claimtrack.warehouse import JOURNAL, MANIFEST, Warehouse
from expectations.frames import validation_frame
from expectations.suites import Suite, add_reference_flags, all_suites, resolve_parameters
from expectations.validator import validate, validate_table
from pipelines.definitions import GRAPH, build_resources
from tests.conftest import PROJECT, SAMPLES

SUITES = {s.name: s for s in all_suites()}


def _digests(warehouse: Path) -> dict[str, str]:
    return {name: hashlib.sha256((warehouse / f"{name}.parquet").read_bytes()).hexdigest() for name in TABLES}


def _run(corpus: Path, warehouse: Path, **kwargs) -> dg.ExecuteInProcessResult:
    return dg.materialize(GRAPH, resources=build_resources(str(corpus), str(warehouse), **kwargs), raise_on_error=False)


def _suite_passes(warehouse: Path, corpus: Path, name: str, table: pa.Table | None = None):
    """Validate a table (the published one unless given) the way the check does."""
    suite = SUITES[name]

    def read(other: str) -> pa.Table:
        return pq.read_table(warehouse / f"{other}.parquet")

    data = table if table is not None else read(suite.asset)
    files = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file())
    return validate_table(suite, data, read, lambda: files)


def _cli_with_patch(tmp_path: Path, patch: str, corpus: Path, warehouse: Path) -> subprocess.CompletedProcess:
    """A real `claimtrack run` process with ``patch`` applied first (a corrupted stage, a SIGKILL)."""
    script = tmp_path / "patched_cli.py"
    script.write_text(
        "import os, signal, sys\n"
        "import pyarrow as pa\n"
        "from claimtrack import cli, pipeline, warehouse\n"
        f"{patch}"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    return subprocess.run(
        [sys.executable, str(script), "run", "--corpus", str(corpus), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )


def _grown_corpus(tmp_path: Path) -> Path:
    """The samples plus one new article, so that a run's tables differ from the published ones."""
    corpus = tmp_path / "grown"
    shutil.copytree(SAMPLES, corpus)
    (corpus / "extra.txt").write_text("MOSCOW, Jan 9 (Reuters) - At least 40 people were injured, officials said.")
    return corpus


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The samples, materialized with every check and published."""
    warehouse = tmp_path_factory.mktemp("published")
    result = _run(SAMPLES, warehouse)
    assert result.success
    return warehouse


@pytest.fixture
def warehouse(published: Path, tmp_path: Path) -> Path:
    """A private copy of the published warehouse that a test may run over."""
    copy = tmp_path / "warehouse"
    shutil.copytree(published, copy)
    return copy


# ---- the suites pass on real output, and each rule fails on the row that breaks it ----


def test_every_table_has_a_suite_and_every_suite_passes_on_the_samples(published: Path):
    assert set(SUITES) == set(TABLES)
    for name in TABLES:
        outcome = _suite_passes(published, SAMPLES, name)
        assert outcome.success, outcome.failed
        assert outcome.evaluated == len(SUITES[name].body["expectations"]) >= 8


def _set(table: pa.Table, column: str, row: int, value) -> pa.Table:
    values = table[column].to_pylist()
    values[row] = value
    field = table.schema.field(column)
    return table.set_column(table.schema.get_field_index(column), column, pa.array(values, field.type))


def _row_of(table: pa.Table, qualifier: str) -> int:
    return table["qualifier"].to_pylist().index(qualifier)


def _dated_row(table: pa.Table, published: Path) -> int:
    articles = pq.read_table(published / "articles.parquet").to_pylist()
    dated = {a["article_id"] for a in articles if a["published"]}
    return next(i for i, a in enumerate(table["article_id"].to_pylist()) if a in dated)


# Each corruption: (which row to break, how). The suite must fail and name that row's claim_id.
CLAIM_CORRUPTIONS = {
    "low above high": (lambda t, w: 0, lambda t, i: _set(_set(t, "low", i, 10.0), "high", i, 5.0)),
    "unknown qualifier": (lambda t, w: 0, lambda t, i: _set(t, "qualifier", i, "roughly")),
    "lower bound with a high": (lambda t, w: _row_of(t, "lower_bound"), lambda t, i: _set(t, "high", i, 1e9)),
    "vague with a value": (lambda t, w: _row_of(t, "vague"), lambda t, i: _set(t, "value", i, 12.0)),
    "approximate without a value": (lambda t, w: _row_of(t, "approximate"), lambda t, i: _set(t, "value", i, None)),
    "empty span": (lambda t, w: 0, lambda t, i: _set(t, "doc_end", i, t["doc_start"][i].as_py())),
    "empty surface": (lambda t, w: 0, lambda t, i: _set(t, "surface", i, "")),
    "span off by one": (lambda t, w: 0, lambda t, i: _set(t, "doc_end", i, t["doc_end"][i].as_py() + 1)),
    "plural unit": (lambda t, w: 0, lambda t, i: _set(t, "unit", i, "soldiers")),
    "handle as unit": (lambda t, w: 0, lambda t, i: _set(t, "unit", i, "@nycsouthpaw")),
    "as_of before 1900": (lambda t, w: 0, lambda t, i: _set(t, "as_of", i, date(1850, 1, 1))),
    "as_of after publication": (_dated_row, lambda t, i: _set(t, "as_of", i, date(2099, 1, 1))),
    "infinite value": (lambda t, w: 0, lambda t, i: _set(t, "value", i, math.inf)),
    "unknown article": (lambda t, w: 0, lambda t, i: _set(t, "article_id", i, "no-such-article")),
    "attributed without a rule": (
        lambda t, w: 0,
        lambda t, i: _set(_set(t, "source", i, "Interior Ministry"), "attribution_reason", i, None),
    ),
}


@pytest.mark.parametrize("corruption", sorted(CLAIM_CORRUPTIONS))
def test_claims_suite_names_the_offending_claim(published: Path, corruption: str):
    claims = pq.read_table(published / "claims.parquet")
    pick, corrupt = CLAIM_CORRUPTIONS[corruption]
    row = pick(claims, published)
    outcome = _suite_passes(published, SAMPLES, "claims", corrupt(claims, row))
    assert not outcome.success
    assert outcome.offending == [claims["claim_id"][row].as_py()], outcome.failed


def test_duplicated_claim_ids_are_named(published: Path):
    claims = pq.read_table(published / "claims.parquet")
    duplicated = _set(claims, "claim_id", 1, claims["claim_id"][0].as_py())
    outcome = _suite_passes(published, SAMPLES, "claims", duplicated)
    (failure,) = outcome.failed
    assert failure["expectation"] == "expect_column_values_to_be_unique"
    assert failure["offending"] == [claims["claim_id"][0].as_py()]


def test_documents_suite_wants_every_input_file_once(published: Path, tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    (corpus / "late.txt").write_text("Arrived after the run: 12 people.")
    outcome = _suite_passes(published, corpus, "documents")
    assert [f["expectation"] for f in outcome.failed] == ["expect_column_distinct_values_to_equal_set"]

    documents = pq.read_table(published / "documents.parquet")
    no_reason = _set(_set(documents, "status", 0, "quarantined"), "reason", 0, None)
    failed = {f["expectation"] for f in _suite_passes(published, SAMPLES, "documents", no_reason).failed}
    assert "expect_column_values_to_not_be_null" in failed
    assert not _suite_passes(published, SAMPLES, "documents", _set(documents, "status", 0, "broken")).success


def test_quotes_and_entities_suites_catch_broken_rows(published: Path):
    quotes = pq.read_table(published / "quotes.parquet")
    outcome = _suite_passes(published, SAMPLES, "quotes", _set(quotes, "kind", 0, "rumour"))
    assert outcome.offending == [quotes["quote_id"][0].as_py()]
    entities = pq.read_table(published / "entities.parquet")
    outcome = _suite_passes(published, SAMPLES, "entities", _set(entities, "mentions", 0, 0))
    assert entities["entity_id"][0].as_py() in outcome.offending


# ---- write–audit–publish through the real assets ----


def _corrupt_claims(monkeypatch):
    """The real extraction stage, then a duplicated claim_id and a low above high (the issue's two faults)."""
    real = pipeline.build_extraction
    corrupted: dict[str, str] = {}

    def broken(*args, **kwargs):
        result = real(*args, **kwargs)
        table = result.claims.table
        ids = table["claim_id"].to_pylist()
        corrupted["duplicate"] = ids[0]
        table = _set(table, "claim_id", 1, ids[0])
        corrupted["inverted"] = ids[2]
        table = _set(_set(table, "low", 2, 9.0), "high", 2, 3.0)
        result.claims = pipeline.StageResult(table, result.claims.failures)
        return result

    monkeypatch.setattr(pipeline, "build_extraction", broken)
    return corrupted


def test_a_failing_check_blocks_downstream_and_leaves_the_warehouse_byte_identical(warehouse: Path, monkeypatch):
    before = _digests(warehouse)
    manifest = (warehouse / MANIFEST).read_bytes()
    corrupted = _corrupt_claims(monkeypatch)
    result = _run(SAMPLES, warehouse)
    assert not result.success
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert not checks["claims_suite"].passed
    assert all(e.passed for name, e in checks.items() if name != "claims_suite")
    named = checks["claims_suite"].metadata["offending_claim_id"].value
    assert corrupted["duplicate"] in named and corrupted["inverted"] in named
    failed = {f["expectation"] for f in checks["claims_suite"].metadata["failed_expectations"].value}
    assert {"expect_column_values_to_be_unique", "expect_column_pair_values_a_to_be_greater_than_b"} <= failed
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "claims" in materialized and "publish" not in materialized  # publish never ran
    assert _digests(warehouse) == before
    assert (warehouse / MANIFEST).read_bytes() == manifest


def test_a_failing_upstream_check_stops_every_downstream_asset(warehouse: Path, monkeypatch):
    before = _digests(warehouse)
    real = pipeline.build_articles

    def duplicated(*args, **kwargs):
        result = real(*args, **kwargs)
        return pipeline.StageResult(_set(result.table, "article_id", 1, result.table["article_id"][0].as_py()))

    monkeypatch.setattr(pipeline, "build_articles", duplicated)
    result = _run(SAMPLES, warehouse)
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert materialized == {"documents", "articles"}
    assert _digests(warehouse) == before


def test_the_cli_says_what_failed_and_exits_non_zero(warehouse: Path, tmp_path: Path):
    """A real process whose claims stage is corrupted: exit 2, the offending ids, an untouched warehouse."""
    before = _digests(warehouse)
    patch = (
        "real = pipeline.build_extraction\n"
        "def broken(*args, **kwargs):\n"
        "    result = real(*args, **kwargs)\n"
        "    claims = result.claims.table\n"
        "    ids = claims['claim_id'].to_pylist()\n"
        "    ids[1] = ids[0]\n"
        "    table = claims.set_column(0, 'claim_id', pa.array(ids))\n"
        "    result.claims = pipeline.StageResult(table, result.claims.failures)\n"
        "    return result\n"
        "pipeline.build_extraction = broken\n"
    )
    done = _cli_with_patch(tmp_path, patch, SAMPLES, warehouse)
    assert done.returncode == 2
    assert "validation failed" in done.stderr and "claims_suite" in done.stderr
    first_id = pq.read_table(warehouse / "claims.parquet")["claim_id"][0].as_py()
    assert first_id in done.stderr
    assert _digests(warehouse) == before


def test_a_run_killed_before_publish_leaves_the_last_warehouse_readable_and_valid(warehouse: Path, tmp_path: Path):
    """SIGKILL the CLI process at the moment it would publish: tables staged, none moved."""
    before = _digests(warehouse)
    patch = "def die(self, *a, **k):\n    os.kill(os.getpid(), signal.SIGKILL)\nwarehouse.Warehouse.publish = die\n"
    done = _cli_with_patch(tmp_path, patch, _grown_corpus(tmp_path), warehouse)
    assert done.returncode == -9
    staged = list((warehouse / "_staging").glob("*/claims.parquet"))
    assert staged, "the killed run had staged its tables"
    assert _digests(warehouse) == before
    for name in TABLES:
        assert _suite_passes(warehouse, SAMPLES, name).success


def test_a_publish_killed_half_way_is_rolled_forward_by_the_next_reader(warehouse: Path, tmp_path: Path):
    """SIGKILL after the journal and the first rename: the next reader finishes the publish."""
    corpus = _grown_corpus(tmp_path)
    patch = (
        "real = warehouse._move_into_place\n"
        "moved = []\n"
        "def move(source, target):\n"
        "    if moved:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    moved.append(target)\n"
        "    real(source, target)\n"
        "warehouse._move_into_place = move\n"
    )
    done = _cli_with_patch(tmp_path, patch, corpus, warehouse)
    assert done.returncode == -9
    assert (warehouse / JOURNAL).exists()
    store = Warehouse(warehouse)
    assert store.read("some-other-run", "claims").num_rows > 0  # reading recovers first
    assert not (warehouse / JOURNAL).exists()
    manifest = json.loads((warehouse / MANIFEST).read_text())
    for name in TABLES:
        digest = hashlib.sha256((warehouse / f"{name}.parquet").read_bytes()).hexdigest()
        assert digest == manifest["tables"][name]["sha256"]
        assert _suite_passes(warehouse, corpus, name).success
    documents = pq.read_table(warehouse / "documents.parquet")["document"].to_pylist()
    assert "extra.txt" in documents  # every table is the new run's
    # the killed run still holds the publish pool's slot in the instance: the next run releases it, not waits
    again = subprocess.run(
        [sys.executable, "-m", "claimtrack.cli", "run", "--corpus", str(corpus), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr


def test_publishing_moves_all_tables_and_records_a_manifest(published: Path):
    manifest = json.loads((published / MANIFEST).read_text())
    assert set(manifest["tables"]) == set(TABLES)
    for name, entry in manifest["tables"].items():
        path = published / f"{name}.parquet"
        assert entry["rows"] == pq.read_metadata(path).num_rows
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert not list((published / "_staging").glob("*"))  # the run's staging area is gone


# ---- Data Docs ----


def test_data_docs_list_every_suite_with_its_latest_validation(published: Path):
    html = (published / "_validation" / "index.html").read_text(encoding="utf-8")  # the offline index
    gx_html = (published / "_validation" / "index-gx.html").read_text(encoding="utf-8")  # GX's own
    for name in TABLES:
        assert f'href="suites/{name}.html"' in html
        assert (
            "expect_column_values_to_not_be_null" in (published / "_validation" / "suites" / f"{name}.html").read_text()
        )
        assert f"expectations/{name}.html" in gx_html
        assert re.search(rf"validations/{name}/[^\"']+/{name}\.html", gx_html)
        page = published / "_validation" / "expectations" / f"{name}.html"
        assert page.exists()
    (validation_page,) = (published / "_validation" / "validations" / "claims").rglob("claims.html")
    assert "expect_column_values_to_be_unique" in validation_page.read_text(encoding="utf-8") or "unique" in (
        validation_page.read_text(encoding="utf-8")
    )


def test_the_cli_prints_where_the_data_docs_are(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "claimtrack.cli", "run", "--corpus", str(SAMPLES), "--warehouse", str(tmp_path / "w")],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("data docs:"))
    assert Path(line.split(":", 1)[1].strip()).is_file()
    assert f"{len(TABLES)}/{len(TABLES)} integrity suites passed" in done.stdout
    line = next(x for x in done.stdout.splitlines() if x.startswith("report:"))
    assert Path(line.split(":", 1)[1].strip()).is_file()


# ---- bad input, end to end ----


def test_bad_inputs_are_quarantined_and_the_good_files_keep_all_their_claims(tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus / "good")
    bad = corpus / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    with open(bad / "huge.txt", "wb") as handle:  # 50 MB, over the default 10 MB limit
        handle.truncate(50 * 1024 * 1024)
    whole = json.dumps({"id": "whole", "text": "At least 12 people were killed, police said."})
    (bad / "feed.jsonl").write_text(whole + '\n{"id": "cut", "text": "tr')  # truncated JSON on line 2
    (bad / "nothing.jsonl").write_bytes(b"")
    future = {"id": "f", "text": "Some 40 people were hurt.", "published": "2999-01-01"}
    (bad / "future.jsonl").write_text(json.dumps(future) + "\n")
    (bad / "scripts.html").write_text("<html><head><script>var a=1;</script></head><body><script>x()</script></body>")
    # Wrong encodings that can still be read are decoded, not thrown away: their figures must come out.
    (bad / "utf16.txt").write_bytes("Some 3,000 people were evacuated, officials said.".encode("utf-16-le"))
    (bad / "cp1252.txt").write_bytes("Près de 200 personnes – more than 150 were arrested.".encode("cp1252"))

    result = _run(corpus, tmp_path / "wh")
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    documents = {r["document"]: r for r in pq.read_table(tmp_path / "wh" / "documents.parquet").to_pylist()}
    reasons = {
        "bad/empty.txt": "empty",
        "bad/binary.txt": "binary",
        "bad/huge.txt": "size limit",
        "bad/feed.jsonl#2": "json",
        "bad/scripts.html": "no main text",
        "bad/nothing.jsonl": "empty",
    }
    for name, word in reasons.items():
        assert documents[name]["status"] == "quarantined", name
        assert word in documents[name]["reason"].lower(), documents[name]["reason"]
    # A date no article can have is not used, and the row says so (the document itself is fine).
    assert documents["bad/future.jsonl#f"]["status"] == "ok" and documents["bad/future.jsonl#f"]["published"] is None
    assert "2999-01-01" in documents["bad/future.jsonl#f"]["reason"]
    assert documents["bad/utf16.txt"]["encoding"] == "utf-16-le" and documents["bad/utf16.txt"]["status"] == "ok"
    assert documents["bad/cp1252.txt"]["encoding"] == "cp1252" and "Près" in documents["bad/cp1252.txt"]["text"]

    claims = pq.read_table(tmp_path / "wh" / "claims.parquet")
    by_document = {}
    for row in claims.select(["document", "surface"]).to_pylist():
        by_document.setdefault(row["document"], set()).add(row["surface"])
    assert "At least 12" in by_document["bad/feed.jsonl#whole"]
    assert "Some 3,000" in by_document["bad/utf16.txt"]
    alone = _run(SAMPLES, tmp_path / "alone")
    assert alone.success
    good = pq.read_table(tmp_path / "alone" / "claims.parquet")
    expected = {(f"good/{r['document']}", r["surface"]) for r in good.select(["document", "surface"]).to_pylist()}
    found = {(r["document"], r["surface"]) for r in claims.select(["document", "surface"]).to_pylist()}
    assert expected <= found
    assert pc.sum(pc.equal(claims["document"], "bad/huge.txt")).as_py() in (None, 0)


def test_crossref_suites_catch_broken_rows(published: Path):
    relations = pq.read_table(published / "claim_relations.parquet")
    assert relations.num_rows > 0
    pair = [relations["claim_id_a"][0].as_py(), relations["claim_id_b"][0].as_py()]
    self_related = _set(relations, "claim_id_b", 0, pair[0])
    assert _suite_passes(published, SAMPLES, "claim_relations", self_related).offending == [f"{pair[0]}|{pair[0]}"]
    unknown = _set(relations, "claim_id_a", 0, "no-such-claim")
    assert _suite_passes(published, SAMPLES, "claim_relations", unknown).offending == [f"no-such-claim|{pair[1]}"]
    wrong_kind = _set(relations, "relation", 0, "same")
    assert not _suite_passes(published, SAMPLES, "claim_relations", wrong_kind).success
    quantities = pq.read_table(published / "quantities.parquet")
    qid = quantities["quantity_id"][0].as_py()
    above = _set(quantities, "best", 0, quantities["high"][0].as_py() + 1)
    assert _suite_passes(published, SAMPLES, "quantities", above).offending == [qid]
    below = _set(quantities, "best", 0, quantities["low"][0].as_py() - 1)
    assert _suite_passes(published, SAMPLES, "quantities", below).offending == [qid]


def test_gx_gets_only_the_columns_a_rule_reads_and_finds_the_same_failures(published: Path):
    """The frame a suite validates holds the columns its rules, row conditions, keys and reference flags name
    (a 100,000-row claims table is not copied whole into Python strings), and the outcome is the one the whole
    table gives, on a table with broken rows."""
    claims = pq.read_table(published / "claims.parquet")
    broken = _set(_set(claims, "qualifier", 0, "roughly"), "unit", 1, "soldiers")
    broken = _set(_set(broken, "low", 2, 10.0), "high", 2, 5.0)

    def read(other: str) -> pa.Table:
        return pq.read_table(published / f"{other}.parquet")

    parameters = resolve_parameters(SUITES["claims"], read)
    outcomes = {}
    for label, columns in (("needed", SUITES["claims"].columns), ("all", None)):
        frame = add_reference_flags(SUITES["claims"], validation_frame("claims", broken, read, columns), read)
        outcomes[label] = (validate(SUITES["claims"], frame, parameters), set(frame.columns))
    (needed, needed_columns), (whole, all_columns) = outcomes["needed"], outcomes["all"]
    assert needed_columns < all_columns and "sentence" in all_columns - needed_columns
    assert not needed.success and needed.failed == whole.failed
    assert {claims["claim_id"][i].as_py() for i in range(3)} <= set(needed.offending)


def test_a_column_named_only_in_a_nested_row_condition_is_read():
    expectation = {
        "type": "expect_column_values_to_not_be_null",
        "kwargs": {
            "column": "value",
            "row_condition": {
                "type": "and",
                "conditions": [
                    {"type": "comparison", "column": {"name": "qualifier"}, "operator": "IN", "parameter": ["exact"]},
                    {"type": "comparison", "column": {"name": "unit"}, "operator": "!=", "parameter": "percent"},
                ],
            },
        },
    }
    body = {"name": "toy", "expectations": [expectation]}
    suite = Suite("toy", "claims", ["claim_id"], {}, body, {"article_id_known": {"column": "article_id"}})
    assert suite.columns == {"value", "qualifier", "unit", "claim_id", "article_id"}
