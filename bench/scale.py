"""`make bench`, at scale: the full run on N real-length articles (default 10,000; ``bench.corpus.build_real``),
what 10 more articles cost through the inbox, and the same asset job in process against two Celery workers,
all measured in one run.

    python -m bench.scale [--articles 10000] [--skip-distributed]

Prints full-run seconds, articles/s and peak memory (every process of the run: the CLI and its workers);
the inbox's initial build of the same corpus; the +10 articles pass (a fresh process: tick, batch run, corpus
tables) as a share of the full run; and the distributed wall time as a ratio of the in-process one (needs
deploy/services.sh start: PostgreSQL and Redis).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from bench.corpus import build_real, vary
from bench.memory import measured as measured_tree
from bench.run import worker

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".scale"


def measured(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process, read with wait4 so nothing else is counted."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(cmd[:4])} failed:\n{proc.stderr.read().decode()[-3000:]}")
    return seconds, usage.ru_maxrss / 1024


def inbox_pass(folder: Path, warehouse: Path, home: Path) -> dict:
    return worker("inbox", str(folder), str(warehouse), str(home))


def new_articles(warehouse: Path, out: Path, count: int, seed: int = 11) -> int:
    """``count`` single-article files cut from the corpus's own articles, with new figures."""
    rng = random.Random(seed)
    texts = {r["document"]: r["text"] for r in pq.read_table(warehouse / "documents.parquet").to_pylist()}
    out.mkdir(parents=True)
    articles = pq.read_table(warehouse / "articles.parquet").to_pylist()[:count]
    for i, article in enumerate(articles):
        body = texts[article["document"]][article["doc_start"] : article["doc_end"]]
        (out / f"new_{i:02d}.txt").write_text(vary(body, rng), encoding="utf-8")
    return len(articles)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--skip-distributed", action="store_true")
    args = ap.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    corpus = WORK / "inbox"  # the inbox is the corpus folder, so both paths see the same files
    files, made_from = build_real(corpus, args.articles, seed=13)
    bin_dir = Path(sys.executable).parent

    full_wh = WORK / "warehouse-full"
    run = [str(bin_dir / "claimtrack"), "run", "--corpus", str(corpus), "--warehouse", str(full_wh), "--no-progress"]
    full = measured_tree(run, ROOT)
    if full["returncode"] != 0:
        sys.exit(f"bench: claimtrack run failed:\n{full['stderr']}")
    full_s = full["seconds"]
    articles = pq.read_metadata(full_wh / "articles.parquet").num_rows
    claims = pq.read_metadata(full_wh / "claims.parquet").num_rows
    print(f"scale corpus: {len(files)} files, {articles} articles, {claims} claims; {made_from} (bench/.scale)")
    print(
        f"full run (claimtrack run, default workers): {full_s:.1f} s, {articles / full_s:.1f} articles/s, "
        f"peak memory {full['peak_tree_mb']:.0f} MB for all processes ({full['peak_main_mb']:.0f} MB the main one)"
    )
    stage = worker("crossref", str(full_wh))
    first = stage["steps"][0]
    for step in stage["steps"]:
        growth = step["claims"] / first["claims"]
        print(
            f"  relation stage on {step['claims']:>6} claims: {step['seconds']:6.2f} s "
            f"({step['seconds'] / first['seconds']:.1f}x the time for {growth:.0f}x the claims; "
            f"{step['relations']} relations, {step['quantities']} quantities)"
        )

    inbox_wh, home = WORK / "warehouse-inbox", WORK / "dagster_home"
    first = inbox_pass(corpus, inbox_wh, home)
    print(
        f"inbox, first pass over the same files: {first['seconds']:.1f} s "
        f"(batch {first['batch']:.1f} s, corpus tables {first['tables']:.1f} s), peak {first['peak_mb']:.0f} MB"
    )
    added = new_articles(full_wh, corpus / "new", 10)
    second = inbox_pass(corpus, inbox_wh, home)
    share = second["seconds"] / full_s
    print(
        f"+{added} articles through the inbox: {second['seconds']:.1f} s = {share:.1%} of the full run "
        f"(process start and imports {second['imports']:.1f} s, tick {second['tick']:.1f} s, "
        f"batch {second['batch']:.1f} s, corpus tables {second['tables']:.1f} s; goal <= 5 %)"
    )
    shutil.rmtree(corpus / "new")

    if args.skip_distributed:
        return
    from pipelines.celery_workers import celery_workers

    dist_wh = WORK / "warehouse-distributed"
    subprocess.run(["bash", "deploy/services.sh", "start"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    dist_home = WORK / "dagster_home_distributed"
    dist_home.mkdir()
    shutil.copy(ROOT / "deploy" / "dagster-postgres.yaml", dist_home / "dagster.yaml")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(dist_home),
        "CLAIMTRACK_CORPUS": str(corpus),
        "CLAIMTRACK_WAREHOUSE": str(dist_wh),
    }
    job = [str(bin_dir / "dagster"), "job", "execute", "-m", "pipelines.distributed", "-j", "all_tables_distributed"]
    with celery_workers(2, env, WORK / "celery-logs"):
        dist_s, _ = measured(job, env)
    same = pq.read_table(dist_wh / "claims.parquet").equals(pq.read_table(full_wh / "claims.parquet"))
    print(
        f"distributed (dagster-celery, Redis, 2 workers, PostgreSQL instance): {dist_s:.1f} s = "
        f"{dist_s / full_s:.2f}x the in-process run; claims identical: {same}"
    )


if __name__ == "__main__":
    main()
