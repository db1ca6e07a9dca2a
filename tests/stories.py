"""One invented story through the whole core, and its rows: what the attribution tests read."""

from __future__ import annotations

from pathlib import Path

from claimtrack import pipeline


def run(tmp_path: Path, text: str) -> tuple[list[dict], list[dict], list[dict]]:
    """The story as ``story.txt`` of a corpus of its own: its quotes, claims and entities."""
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "story.txt").write_text(text, encoding="utf-8")
    built = pipeline.build_all(corpus)
    return built.attribution.quotes.to_pylist(), built.claims.to_pylist(), built.attribution.entities.to_pylist()


def claim(claims: list[dict], surface: str) -> dict:
    """The one claim written this way."""
    (row,) = [c for c in claims if c["surface"] == surface]
    return row
