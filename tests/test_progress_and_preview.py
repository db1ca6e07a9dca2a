"""What the terminal progress line counts, and how the UI's table previews show empty cells."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from assets.resources import ProgressResource
from claimtrack import pipeline
from claimtrack.preview import markdown_preview


def test_progress_counts_input_files_when_reading_and_ok_documents_after(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [{"id": str(n), "text": f"Officials said {n * 10} people were hurt on Monday."} for n in range(1, 4)]
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    (corpus / "story.txt").write_text("Police said 40 people were detained.", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    seen: list[tuple[str, int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        seen.append((stage, done, total))

    documents = pipeline.build_documents(corpus, progress=progress).table
    articles = pipeline.build_articles(documents, progress).table
    pipeline.build_claims(documents, articles, progress=progress)
    last = {stage: (done, total) for stage, done, total in seen}
    assert last["documents"] == (3, 3)  # three input files, five documents (one quarantined as empty)
    assert documents.num_rows == 5
    assert last["articles"] == last["claims"] == (4, 4)  # the four documents that are not quarantined


def test_the_progress_line_names_what_it_counts(capsys):
    line = ProgressResource(enabled=True)
    line.update("documents", 3, 3)
    line.update("claims", 4, 4)
    err = capsys.readouterr().err
    assert "3/3       input files" in err and "4/4       ok documents" in err


def test_previews_show_empty_cells_not_nan_or_none():
    table = pa.table({"surface": ["5", "six"], "value": [5.0, None], "source": [None, "Police"]})
    preview = markdown_preview("claims", table)
    assert "nan" not in preview.lower() and "None" not in preview
    assert "Police" in preview and "six" in preview
