"""Hostile single documents: does each stage's time grow linearly with the input?

    python -m bench.hostile [--sizes 50 100 200 400] [--cap 120]

For each case (prose with many speakers, a sentence of numbers, runs of quote marks, a digest of many
articles, a line of photo credits) a document of each size (KB) is made on the fly and run through
build_articles, build_attribution and build_claims with no time budget. Prints seconds per stage and
the ratio to the size before: about 2 per doubling is linear, 4 quadratic. A case stops growing once
one size takes longer than --cap seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import time
from collections.abc import Callable

import pyarrow as pa

from claimtrack.pipeline import build_articles, build_attribution, build_claims
from claimtrack.schemas import to_table

_FIRST = ["John", "Maria", "Ahmed", "Olga", "Peter", "Aigul", "David", "Nina", "Sergei", "Laura"]
_SYLLABLES = ["stu", "mpf", "wel", "lsk", "org", "bax", "tre", "nko", "ka", "ro", "vel", "min"]


def _surnames() -> list[str]:
    """Distinct made-up surnames, so every paragraph brings new speakers (as a long live blog does)."""
    return [(a + b + c).capitalize() for a, b, c in itertools.product(_SYLLABLES, repeat=3)]


def speakers_text(size: int) -> str:
    """Ordinary news prose: every paragraph names a person, then quotes them by surname alone (which the
    tagger often reads as an organisation: 'Stumpf explained'), with figures."""
    paragraphs, total = [], 0
    for n, surname in enumerate(itertools.cycle(_surnames())):
        first = _FIRST[n % len(_FIRST)]
        paragraphs.append(
            f"Senators grilled Wells Fargo CEO {first} {surname} on Tuesday. {surname} explained that "
            f'{n % 900 + 3} accounts were opened. "We counted about {n % 90 + 10} cases," {surname} said, '
            f"and the ministry said 12 officers were hurt."
        )
        total += len(paragraphs[-1]) + 2
        if total >= size:
            break
    return "\n\n".join(paragraphs)[:size]


def numbers_text(size: int) -> str:
    """One sentence of numbers, '1, 2, 3, ...'."""
    parts, total = [], 0
    for n in itertools.count(1):
        parts.append(str(n))
        total += len(parts[-1]) + 2
        if total >= size:
            break
    return "The counts were " + ", ".join(parts) + "."


def straight_marks_text(size: int) -> str:
    """Nothing but straight double quote marks."""
    return '"' * size


def curly_marks_text(size: int) -> str:
    """Curly quotes alternating with words in one paragraph: a quote with a cue, then one without."""
    unit = "“We saw 5 of them here,” he said. “It was 12 more than the day before.” "
    return (unit * (size // len(unit) + 1))[:size]


def digest_text(size: int) -> str:
    """A digest of many short articles, each a headline and a dateline with no year."""
    unit = "Floods hit the north\n\nALMATY, January 9 (Reuters) - More than 5 people died on January 3, 2024.\n\n"
    return unit * (size // len(unit))


def credits_text(size: int) -> str:
    """One line of photo credits and their captions, thousands of them."""
    unit = "A man walks. © Reuters Caption of 3 people here. "
    return "Body text here. " + unit * (size // len(unit))


CASES: dict[str, Callable[[int], str]] = {
    "speakers": speakers_text,
    "numbers": numbers_text,
    "straight-marks": straight_marks_text,
    "curly-marks": curly_marks_text,
    "digest": digest_text,
    "credits": credits_text,
}


def document_table(text: str, name: str = "hostile.txt") -> pa.Table:
    """A one-row documents table holding ``text``, as ingest would make it."""
    row = {
        "document": name,
        "format": "txt",
        "sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        "bytes": len(text.encode("utf-8", "surrogatepass")),
        "encoding": "utf-8",
        "status": "ok",
        "reason": None,
        "text": text,
        "title": None,
        "url": None,
        "outlet": None,
        "published": None,
    }
    return to_table("documents", [row])


def stage_seconds(text: str) -> dict[str, float]:
    """Seconds per stage for one document, with no time budget; raises if a stage quarantined it."""
    documents = document_table(text)
    times: dict[str, float] = {}
    started = time.perf_counter()
    articles = build_articles(documents, budget_seconds=None)
    times["articles"] = time.perf_counter() - started
    started = time.perf_counter()
    attribution = build_attribution(documents, articles.table, budget_seconds=None)
    times["attribution"] = time.perf_counter() - started
    started = time.perf_counter()
    claims = build_claims(documents, articles.table, attribution.quotes, attribution.entities, budget_seconds=None)
    times["claims"] = time.perf_counter() - started
    failures = {**articles.failures, **attribution.failures, **claims.failures}
    if failures:
        raise RuntimeError(f"a stage failed: {failures}")
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400], help="document sizes in KB")
    ap.add_argument("--cap", type=float, default=120.0, help="stop a case after a size takes this many seconds")
    ap.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    args = ap.parse_args()
    stage_seconds("Warm-up: John Smith said 5 people came.")  # load the language model outside the timings
    print(f"{'case':<15} {'KB':>5} {'articles':>9} {'attrib.':>9} {'claims':>9} {'total s':>9} {'ratio':>6}")
    for case in args.cases:
        previous = None
        for size in args.sizes:
            times = stage_seconds(CASES[case](size * 1000))
            total = sum(times.values())
            ratio = f"{total / previous:.2f}" if previous else ""
            print(
                f"{case:<15} {size:>5} {times['articles']:>9.2f} {times['attribution']:>9.2f} "
                f"{times['claims']:>9.2f} {total:>9.2f} {ratio:>6}",
                flush=True,
            )
            previous = total
            if total > args.cap:
                print(f"{case:<15} stopped: {total:.0f} s > cap {args.cap:.0f} s", flush=True)
                break


if __name__ == "__main__":
    main()
