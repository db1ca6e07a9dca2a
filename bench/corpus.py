"""Build a benchmark corpus by replicating the samples with varied figures and places.

Every copy keeps the digest structure (so segmentation has real work) but gets its own
numbers, so claim extraction cannot be served from a cache and ids differ between copies.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

PLACES = ["Almaty", "Astana", "Bishkek", "Tashkent", "Dushanbe", "Tbilisi", "Yerevan", "Baku", "Minsk", "Kyiv"]


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
