"""Benchmark corpora: real-length news articles replicated with varied figures (or the samples, as a fallback).

``build_real`` takes the texts of ``../shared/eval/attribution-dev`` (PolNeAR: US political news, about
4.6 KB an article) and ``../shared/eval/realnews-dev`` (crawled disaster and business news) when they are
there, and writes copies of every article with new figures until the corpus has the articles asked for, as
JSONL shards of 100 articles (metadata kept). Copies are written copy by copy, so two copies of one article
are a whole source set apart and never share a batch (a batch parses each distinct sentence once).
``build`` replicates the bundled digests, whose short lines make claimtrack look faster than on real news.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

PLACES = ["Almaty", "Astana", "Bishkek", "Tashkent", "Dushanbe", "Tbilisi", "Yerevan", "Baku", "Minsk", "Kyiv"]
EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
SHARD = 100  # articles per JSONL file
FIELDS = ("id", "text", "title", "url", "outlet", "published")  # what a claimtrack JSONL line may hold


def vary(text: str, rng: random.Random) -> str:
    def number(m: re.Match[str]) -> str:
        digits = m.group()
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return digits  # keep years: they are time references in the text
        first = str(rng.randint(1, 9))
        return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

    text = re.sub(r"\d+", number, text)
    return re.sub(r"\bAlmaty\b", lambda _: rng.choice(PLACES), text)


def build(samples: Path, out: Path, copies: int, seed: int = 7) -> list[Path]:
    """``copies`` varied copies of every sample under ``out`` (recreated from scratch)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))}
    written = []
    for i in range(copies):
        folder = out / f"batch{i // 100:03d}"
        folder.mkdir(exist_ok=True)
        for name, text in texts.items():
            path = folder / f"{i:04d}_{name}"
            path.write_text(vary(text, rng), encoding="utf-8")
            written.append(path)
    return written


_POLNEAR_NAME = re.compile(r"(?P<outlet>[a-z-]+)_(?P<published>\d{4}-\d{2}-\d{2})_")


def real_articles(root: Path = EVAL) -> list[dict]:
    """Every real article of the shared eval sets this machine has, as JSONL records (text and metadata)."""
    found: list[dict] = []
    for path in sorted((root / "attribution-dev").glob("**/text/*.txt")):
        meta = _POLNEAR_NAME.match(path.name)
        record = {"id": path.stem, "text": path.read_text(encoding="utf-8")}
        if meta:
            record.update(outlet=meta["outlet"], published=meta["published"])
        found.append(record)
    for path in sorted((root / "realnews-dev").glob("*/corpus/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found.append({k: v for k, v in record.items() if k in FIELDS})
    return found


def build_real(out: Path, articles: int, seed: int = 7, root: Path = EVAL) -> tuple[list[Path], str]:
    """At least ``articles`` real-length articles under ``out`` (recreated), and what they were made from;
    the samples (``build``) when no shared eval set is there."""
    sources = real_articles(root)
    if not sources:
        samples = Path(__file__).resolve().parents[1] / "data" / "samples"
        return build(samples, out, max(1, -(-articles // 4)), seed), "copies of the bundled samples"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    records = []
    for copy in range(-(-articles // len(sources))):
        for source in sources:
            records.append({**source, "id": f"{copy:04d}-{source['id']}", "text": vary(source["text"], rng)})
    written = []
    for first in range(0, len(records), SHARD):
        path = out / f"part{first // SHARD:04d}.jsonl"
        lines = (json.dumps(r, ensure_ascii=False) for r in records[first : first + SHARD])
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written, f"{len(sources)} real articles of ../shared/eval, copied with new figures"
