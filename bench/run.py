"""`make bench`: claimtrack on real-length news against the parser it is built on, and against quantulum3.

The corpus (``bench.corpus.build_real``): the real articles of ``../shared/eval`` copied with new figures to
``--articles`` (default 1,000); the bundled samples when those are not there. Prints, in one run, each
measurement in a process of its own:
- a bare spaCy parse (en_core_web_sm as shipped, ``nlp.pipe``, one process) of every sentence claimtrack
  reads: the floor any parse-based extractor pays; and the same parse on numpy's BLAS, as claimtrack runs it;
- claimtrack's core (every stage, no Dagster) with its default workers and in one process, each as
  ``core / full parse: R`` (lower is better);
- ``claimtrack run`` end to end: articles/s and peak memory of the whole process tree;
- quantulum3 on the same sentences (``extraction ratio vs quantulum3``), and the GX suites' cost.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.corpus import build_real
from bench.memory import measured
from claimtrack.workers import ONE_THREAD, default_workers

ROOT = Path(__file__).resolve().parents[1]


def worker(*args: str, env: dict | None = None) -> dict:
    command = [sys.executable, "-m", "bench.workers", *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"bench worker {args[0]} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1_000, help="articles in the benchmark corpus")
    args = ap.parse_args()
    corpus = ROOT / "bench" / ".corpus"
    warehouse = ROOT / "bench" / ".warehouse"
    files, made_from = build_real(corpus, args.articles)
    sentences_file = ROOT / "bench" / ".corpus.sentences.json"
    shape = worker("sentences", str(corpus), str(sentences_file))
    articles = shape["articles"]
    print(
        f"corpus: {len(files)} files, {articles} articles ({shape['chars'] / articles / 1000:.1f} KB each), "
        f"{shape['sentences']} sentences; {made_from} (bench/.corpus)"
    )

    bare = worker("parse", str(sentences_file), "blis")
    print(
        f"bare spaCy parse (en_core_web_sm {'+'.join(bare['pipes'])} as shipped, nlp.pipe, 1 process): "
        f"{bare['seconds']:.1f} s, {articles / bare['seconds']:.1f} articles/s, "
        f"{bare['sentences'] / bare['seconds']:.0f} sentences/s"
    )
    same_blas = worker("parse", str(sentences_file), "numpy", env={**os.environ, **ONE_THREAD})
    print(
        f"the same parse on numpy's OpenBLAS, 1 thread (as claimtrack runs the model): {same_blas['seconds']:.1f} s, "
        f"{articles / same_blas['seconds']:.1f} articles/s"
    )
    workers = default_workers()
    for n in dict.fromkeys((workers, 1)):
        core = worker("core", str(corpus), str(n))
        print(
            f"claimtrack core, all stages, {n} worker{'s' if n > 1 else ''}: {core['seconds']:.1f} s, "
            f"{articles / core['seconds']:.1f} articles/s, {core['found']} claims; "
            f"core / full parse: {core['seconds'] / bare['seconds']:.2f} "
            f"(against the OpenBLAS parse: {core['seconds'] / same_blas['seconds']:.2f})"
        )

    cli = str(Path(sys.executable).with_name("claimtrack"))
    run = measured([cli, "run", "--corpus", str(corpus), "--warehouse", str(warehouse), "--no-progress"], ROOT)
    if run["returncode"] != 0:
        sys.exit(f"claimtrack run failed:\n{run['stderr']}")
    print(
        f"claimtrack run (Dagster, end to end, {workers} workers): {run['seconds']:.1f} s, "
        f"{articles / run['seconds']:.1f} articles/s, peak memory {run['peak_tree_mb']:.0f} MB for all processes "
        f"({run['peak_main_mb']:.0f} MB the main one)"
    )

    quant = worker("quantulum3", str(sentences_file))
    extraction = worker("extraction", str(corpus))
    print(
        f"claim extraction alone, 1 process: {extraction['seconds']:.1f} s ({extraction['found']} claims); "
        f"quantulum3 0.10 on the same sentences: {quant['seconds']:.1f} s ({quant['found']} quantities)"
    )
    print(f"extraction ratio vs quantulum3: {quant['seconds'] / extraction['seconds']:.2f} (speed, higher is faster)")
    checks(warehouse, corpus, run["seconds"])


def checks(warehouse: Path, corpus: Path, run_seconds: float) -> None:
    gx = worker("checks", str(warehouse), str(corpus))
    suites = gx["suites"]
    total = sum(s["seconds"] for s in suites.values())
    print("validation (GX suites as the blocking checks run them, on the published tables):")
    for name, s in suites.items():
        print(f"  {name:<10} {s['rows']:>8} rows  {s['seconds']:6.2f} s  {'passed' if s['passed'] else 'FAILED'}")
    claims = suites["claims"]
    per_10k = claims["seconds"] * 10_000 / max(claims["rows"], 1)
    big = gx["claims_x10"]
    print(
        f"  claims suite: {per_10k:.2f} s per 10k claims; at {big['rows']} claims {big['seconds']:.2f} s "
        f"({big['seconds'] * 10_000 / big['rows']:.2f} s per 10k)"
    )
    share = (total + gx["gx_import_seconds"]) / run_seconds
    print(f"  all suites {total:.2f} s + GX import {gx['gx_import_seconds']:.2f} s: {share:.1%} of the end-to-end run")


if __name__ == "__main__":
    main()
