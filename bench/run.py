"""`make bench`: claimtrack extraction against quantulum3 on the same sentences, and the full run.

Prints, in one run: core extraction sentences/s (no Dagster, one process) next to quantulum3 0.10
on the same sentences, end-to-end `claimtrack run` seconds and peak memory, each as a ratio
against its peer. The last line is `extraction ratio vs quantulum3: R`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import build

ROOT = Path(__file__).resolve().parents[1]


def worker(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.workers", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench worker {args[0]} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=300, help="copies of each sample (4 articles per sample)")
    args = ap.parse_args()
    corpus = ROOT / "bench" / ".corpus"
    warehouse = ROOT / "bench" / ".warehouse"
    files = build(ROOT / "data" / "samples", corpus, args.copies)
    sentences_file = ROOT / "bench" / ".corpus.sentences.json"
    shape = worker("sentences", str(corpus), str(sentences_file))
    print(
        f"corpus: {len(files)} documents, {shape['articles']} articles, {shape['sentences']} sentences (bench/.corpus)"
    )

    core = worker("core", str(corpus))
    quant = worker("quantulum3", str(sentences_file))
    core_rate = shape["sentences"] / core["seconds"]
    quant_rate = quant["sentences"] / quant["seconds"]
    print(
        f"claimtrack core:  {core_rate:8.0f} sentences/s  ({core['seconds']:.1f} s, {core['found']} claims, "
        f"peak {core['peak_mb']:.0f} MB)"
    )
    print(
        f"quantulum3 0.10:  {quant_rate:8.0f} sentences/s  ({quant['seconds']:.1f} s, {quant['found']} quantities, "
        f"peak {quant['peak_mb']:.0f} MB)"
    )

    started = time.perf_counter()
    cmd = [
        str(Path(sys.executable).with_name("claimtrack")),
        "run",
        "--corpus",
        str(corpus),
        "--warehouse",
        str(warehouse),
        "--no-progress",
    ]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    e2e = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"claimtrack run failed:\n{done.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"claimtrack run (Dagster, end to end): {e2e:.1f} s, peak memory {peak:.0f} MB "
        f"({e2e / core['seconds']:.2f}x the core extraction time, {peak / max(core['peak_mb'], 1):.2f}x its memory)"
    )
    print(f"extraction ratio vs quantulum3: {core_rate / quant_rate:.2f}")

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
    in_process = (total + gx["gx_import_seconds"]) / e2e
    multiprocess = (total + len(suites) * gx["gx_import_seconds"]) / e2e
    print(
        f"  all suites {total:.2f} s + GX import {gx['gx_import_seconds']:.2f} s: {in_process:.1%} of the end-to-end "
        f"run in process (claimtrack run); {multiprocess:.1%} with one GX import per step process (dagster dev)"
    )


if __name__ == "__main__":
    main()
