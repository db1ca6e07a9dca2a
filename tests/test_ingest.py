"""Decoding and quarantine: every input gets a row, bad ones say why."""

import json
from pathlib import Path

import pytest

from claimtrack.ingest import decode, ingest
from tests.conftest import write_bad_inputs

TEXT = "Plus de 5 000 personnes ont été arrêtées – café, naïve, “quoted”"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16-le"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_common_encodings_to_the_same_text(data, encoding):
    text, found = decode(data)
    assert text == TEXT
    assert found == encoding


def test_latin1_text_is_read():
    text, _ = decode("Le café de la gare a fermé à Besançon, où 40 employés travaillaient.".encode("latin-1"))
    assert "Besançon" in text and "employés" in text


def test_text_keeps_its_characters_and_folds_newlines_as_python_reads_a_file(tmp_path: Path):
    raw = "cafe\u0301 12 people\r\nnext"
    text, _ = decode(raw.encode("utf-8"))
    assert text == "cafe\u0301 12 people\nnext"  # a decomposed accent is not composed: offsets hold in the file
    (tmp_path / "a.txt").write_bytes(raw.encode("utf-8"))
    assert text == (tmp_path / "a.txt").read_text(encoding="utf-8")


BAD_KINDS = ["empty.txt", "blank.md", "binary.txt", "huge.txt", "scripts.html", "feed.jsonl#2", "notes.pdf"]


@pytest.mark.parametrize("name", BAD_KINDS)
def test_each_bad_input_kind_is_quarantined_with_its_reason(tmp_path: Path, name: str):
    expected = write_bad_inputs(tmp_path / "corpus")
    rows = {d.document: d for d in ingest(tmp_path / "corpus", max_bytes=1_000_000)}
    assert rows[name].status == "quarantined"
    assert expected[name].lower() in rows[name].reason.lower(), rows[name].reason
    assert rows[name].text is None
    assert rows[name].sha256 or name.endswith(".pdf")


def test_good_lines_of_a_truncated_jsonl_survive(tmp_path: Path):
    write_bad_inputs(tmp_path / "corpus")
    rows = {d.document: d for d in ingest(tmp_path / "corpus", max_bytes=1_000_000)}
    assert rows["feed.jsonl#ok"].status == "ok"
    assert rows["feed.jsonl#ok"].text.startswith("At least 12")
    assert set(BAD_KINDS) | {"feed.jsonl#ok"} == set(rows)


def test_jsonl_names_ids_and_metadata(tmp_path: Path):
    corpus = tmp_path / "c"
    (corpus / "sub").mkdir(parents=True)
    lines = [
        {
            "id": "a1",
            "text": "Some 40 people died.",
            "title": "Floods",
            "url": "https://x.test/a",
            "outlet": "Wire",
            "published": "2022-01-09",
        },
        {"text": "12 soldiers were hurt."},
        {"id": "a1", "text": "duplicate id"},
        ["not", "an", "object"],
    ]
    (corpus / "sub" / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    rows = {d.document: d for d in ingest(corpus)}
    first = rows["sub/feed.jsonl#a1"]
    assert (first.title, first.outlet, str(first.published)) == ("Floods", "Wire", "2022-01-09")
    assert rows["sub/feed.jsonl#2"].text == "12 soldiers were hurt."
    assert "duplicate" in rows["sub/feed.jsonl#a1@line3"].reason
    assert "object" in rows["sub/feed.jsonl#4"].reason


def test_html_main_text_and_metadata(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "page.html").write_text(
        "<html><head><title>Riots in Almaty</title><meta name='date' content='2022-01-09'></head><body>"
        "<nav>Home | World</nav><article><h1>Riots in Almaty</h1>"
        "<p>More than 5,000 people were arrested in Almaty on Sunday, the ministry said in a statement.</p>"
        "<p>Around 175 million euros of damage was done to shops and banks across the country, officials said.</p>"
        "</article><footer>Copyright</footer></body></html>"
    )
    (doc,) = ingest(corpus)
    assert doc.status == "ok"
    assert "More than 5,000 people were arrested" in doc.text
    assert "Home | World" not in doc.text
    assert doc.title == "Riots in Almaty"
    assert str(doc.published) == "2022-01-09"


def test_missing_corpus_raises_a_clear_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="corpus folder not found"):
        list(ingest(tmp_path / "nope"))


def test_jsonl_offsets_refer_to_the_text_exactly_as_given(tmp_path: Path):
    from claimtrack import pipeline

    given = "Jose\u0301 Pen\u0303a said 12 people were hurt.\r\nPolice said 40 were arrested."
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "a", "text": given}) + "\n", encoding="utf-8")
    claims = pipeline.build_all(tmp_path).claims.to_pylist()
    assert {c["surface"] for c in claims} == {"12", "40"}
    assert all(given[c["doc_start"] : c["doc_end"]] == c["surface"] for c in claims)
