"""`make eval`: every gold set this machine has, one line each, so that every change is measured.

    python -m bench.eval [--shared ../shared] [--only NAME ...] [--keep DIR]

Each set is run through `claimtrack run` (the real Dagster graph) into a fresh warehouse, then scored
with the shared scorers in ``<shared>/tools`` (never copied into the project):
- the project's own fixture ``tests/data/crossref`` (fictional earthquake reports with gold relations);
- the seeds (``<shared>/corpus/seeds`` with ``<shared>/eval/seed_claims.gold.jsonl``, and how many of the quotes
  of ``seed_quotes.gold.jsonl`` keep their speaker);
- each ``<shared>/eval/realnews-dev/<set>`` (real news: claims, as_of, relations, quantities);
- the PolNeAR dev split of ``<shared>/eval/attribution-dev`` (quotes and the source of figures).
Sets whose files are missing are skipped with a line that says so.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


@dataclass
class GoldSet:
    name: str
    corpus: Path
    gold: Path | None  # claims/relations/quantities gold for score.py; None for the attribution set
    kind: str = "claims"  # "claims" or "attribution"


def gold_sets(shared: Path) -> list[GoldSet]:
    sets = [
        GoldSet("fixture-quake", PROJECT / "tests" / "data" / "crossref", PROJECT / "tests/data/crossref/gold.json")
    ]
    sets.append(GoldSet("seeds", shared / "corpus" / "seeds", shared / "eval" / "seed_claims.gold.jsonl"))
    for folder in sorted((shared / "eval" / "realnews-dev").glob("*/")):
        if (folder / "gold.json").exists():
            sets.append(GoldSet(f"realnews-{folder.name}", folder / "corpus", folder / "gold.json"))
    polnear = shared / "eval" / "attribution-dev" / "polnear" / "dev" / "text"
    sets.append(GoldSet("polnear-dev", polnear, None, "attribution"))
    return sets


def _corpus_of(gold_set: GoldSet, scratch: Path) -> Path:
    """The fixture folder holds its gold beside the feed: give the run only the feed."""
    if gold_set.name != "fixture-quake":
        return gold_set.corpus
    corpus = scratch / "fixture-corpus"
    corpus.mkdir(exist_ok=True)
    shutil.copy(gold_set.corpus / "quake.jsonl", corpus / "quake.jsonl")
    return corpus


def _scorer_output(tool: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, str(tool), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "scorer failed")
    return done.stdout.strip()


def _score(tool: Path, *args: str) -> dict:
    return json.loads(_scorer_output(tool, *args, "--json").splitlines()[-1])


def _fmt(value) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def claims_line(name: str, claims: dict, quantities: dict | None) -> str:
    parts = [
        f"{name}:",
        f"P {_fmt(claims['precision'])} R {_fmt(claims['recall'])} F1 {_fmt(claims['f1'])}",
        f"value {_fmt(claims['value_ok'])} qualifier {_fmt(claims['qualifier_ok'])} unit {_fmt(claims['unit_ok'])}",
        f"as_of {_fmt(claims['as_of_ok'])} source {_fmt(claims['source_ok'])} via {_fmt(claims['via_ok'])}",
        f"expert {_fmt(claims['expert_ok'])}",
    ]
    if "relation_accuracy" in claims:
        parts.append(
            f"| relations {_fmt(claims['relation_accuracy'])} ({claims['relations_right']}/{claims['relations_gold']})"
            f" false links {claims['false_conflicts']}/{claims['unrelated_pairs']}"
        )
    if quantities:
        parts.append(
            f"| quantity pairs P {_fmt(quantities['pair_precision'])} R {_fmt(quantities['pair_recall'])} "
            f"F1 {_fmt(quantities['pair_f1'])} whole {quantities['quantities_whole']}/{quantities['gold_quantities']}"
        )
    return " ".join(parts)


def evaluate(gold_set: GoldSet, shared: Path, scratch: Path) -> str:
    tools = shared / "tools"
    if not gold_set.corpus.exists() or (gold_set.gold is not None and not gold_set.gold.exists()):
        return f"{gold_set.name}: skipped (no {gold_set.corpus})"
    warehouse = scratch / gold_set.name
    started = time.monotonic()
    command = [str(Path(sys.executable).parent / "claimtrack"), "run", "--no-progress"]
    command += ["--corpus", str(_corpus_of(gold_set, scratch)), "--warehouse", str(warehouse)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        return f"{gold_set.name}: claimtrack run failed: {done.stderr.strip()[-300:]}"
    seconds = time.monotonic() - started
    if not (tools / "score.py").exists():
        return f"{gold_set.name}: ran in {seconds:.0f} s; no scorer in {tools}"
    if gold_set.kind == "attribution":
        summary = _scorer_output(tools / "score_attribution.py", "--warehouse", str(warehouse)).splitlines()[-1]
        line = f"{gold_set.name}: {summary}"
    else:
        claims = _score(tools / "score.py", "--warehouse", str(warehouse), "--gold", str(gold_set.gold))
        quantities = None
        if gold_set.gold.suffix == ".json" and "quantities" in json.loads(gold_set.gold.read_text(encoding="utf-8")):
            quantities = _score(
                tools / "score_quantities.py", "--warehouse", str(warehouse), "--gold", str(gold_set.gold)
            )
        line = claims_line(gold_set.name, claims, quantities)
        quotes_gold = gold_set.gold.with_name("seed_quotes.gold.jsonl")
        if gold_set.name == "seeds" and quotes_gold.exists():
            line += " | " + seed_quote_speakers(warehouse, quotes_gold)
    return f"{line} ({seconds:.0f} s)"


def _words(name: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", (name or "").lower()) if len(w) > 2}


def seed_quote_speakers(warehouse: Path, gold: Path) -> str:
    """How many annotated seed quotes (their text holds the gold phrase) keep their speaker: the quote's resolved
    name or its speaker as written shares at least half of the gold speaker's words."""
    import pyarrow.parquet as pq

    quotes = pq.read_table(warehouse / "quotes.parquet").to_pylist()
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    kept = 0
    for row in rows:
        wanted = _words(row["speaker"])
        for quote in quotes:
            if not str(quote["document"]).endswith(row["document"]) or row["quote_contains"] not in quote["text"]:
                continue
            said = _words(quote["expert"]) | _words(quote["speaker"])
            if wanted and len(wanted & said) >= len(wanted) / 2:
                kept += 1
                break
    return f"quote speakers {kept}/{len(rows)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=PROJECT.parent / "shared")
    parser.add_argument("--only", nargs="+", help="set names (or a part of them) to run")
    parser.add_argument("--keep", type=Path, help="keep the warehouses in this folder")
    args = parser.parse_args()
    sets = gold_sets(args.shared.resolve())
    if args.only:
        sets = [s for s in sets if any(part in s.name for part in args.only)]
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="claimtrack-eval-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        for gold_set in sets:
            print(evaluate(gold_set, args.shared.resolve(), scratch), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
