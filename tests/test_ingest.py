"""Decoding and quarantine: every input gets a row, bad ones say why."""

import json
import os
import threading
from pathlib import Path

import pyarrow as pa
import pytest

from claimtrack.ingest import HTML_FALLBACK_NOTE, Document, corpus_files, decode, ingest, input_names
from claimtrack.schemas import to_table
from expectations.frames import source_file
from expectations.suites import all_suites
from expectations.validator import validate_table
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
    assert rows[name].sha256 or name in ("notes.pdf", "huge.txt")  # bytes never read: no hash


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


# ----------------------------------------------------------------- hostile input (issue 15)
STORY = (
    "At least 40 people were injured in Almaty on Sunday, police said.\n\nSome 12 shops were looted, officials said.\n"
)


def _rows(corpus: Path, **kwargs) -> dict[str, Document]:
    return {d.document: d for d in ingest(corpus, **kwargs)}


def _documents_suite(corpus: Path, documents: pa.Table):
    """The documents suite as the asset check runs it, with the corpus listing ``input_names`` gives."""
    suite = next(s for s in all_suites() if s.name == "documents")
    return validate_table(suite, documents, lambda name: documents, lambda: input_names(corpus))


def test_identical_files_get_their_own_ids_and_a_rerun_the_same(tmp_path: Path):
    from claimtrack import pipeline

    corpus = tmp_path / "c"
    (corpus / "wire").mkdir(parents=True)
    for name in ("a.txt", "wire/a.txt", "b.txt"):  # syndicated copies: the same bytes in three files
        (corpus / name).write_text(STORY)

    def ids() -> dict[str, list[str]]:
        built = pipeline.build_all(corpus)
        return {
            "article_id": built.articles["article_id"].to_pylist(),
            "claim_id": built.claims["claim_id"].to_pylist(),
            "quote_id": built.attribution.quotes["quote_id"].to_pylist(),
        }

    first = ids()
    assert len(first["article_id"]) >= 3 and len(first["claim_id"]) >= 6 and len(first["quote_id"]) >= 3
    for column, values in first.items():
        assert len(set(values)) == len(values), column
    assert ids() == first


def test_a_hash_in_a_file_name_is_part_of_the_file(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a#1.txt").write_text(STORY)
    (corpus / "a#1.txt.bak").write_text(STORY)
    lines = [{"id": "x#y", "text": STORY}, {"text": STORY}]
    (corpus / "b#2.JSONL").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    documents = to_table("documents", [d.row() for d in ingest(corpus)])
    names = documents["document"].to_pylist()
    assert sorted(names) == ["a#1.txt", "a#1.txt.bak", "b#2.JSONL#2", "b#2.JSONL#x#y"]
    assert source_file("a#1.txt", "txt") == "a#1.txt"
    assert source_file("b#2.JSONL#x#y", "jsonl") == "b#2.JSONL"
    assert source_file("feed.jsonl#3@line3", "jsonl") == "feed.jsonl"
    assert source_file("feed.jsonl", "jsonl") == "feed.jsonl"  # a whole-file quarantine has no '#'
    outcome = _documents_suite(corpus, documents)
    assert outcome.success, outcome.failed


def test_a_quarantined_jsonl_line_never_takes_a_name_a_later_id_claims(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    lines = [
        "42",  # line 1: not an object
        '{"id": "2", "text": "tr',  # line 2: truncated, and its number is claimed by the id on line 4
        json.dumps({"id": "1", "text": STORY}),  # line 3 claims feed.jsonl#1
        json.dumps({"id": "2", "text": STORY}),
        json.dumps({"id": "1", "text": "a repeated id"}),
        json.dumps({"text": STORY}),  # line 6: feed.jsonl#6
    ]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n")
    documents = list(ingest(corpus))
    names = [d.document for d in documents]
    assert len(set(names)) == len(names)
    rows = {d.document: d for d in documents}
    assert {n for n, d in rows.items() if d.status == "ok"} == {"feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#6"}
    assert "object" in rows["feed.jsonl#1@line1"].reason
    assert "JSON" in rows["feed.jsonl#2@line2"].reason
    assert "duplicate id '1'" in rows["feed.jsonl#1@line5"].reason
    outcome = _documents_suite(corpus, to_table("documents", [d.row() for d in documents]))
    assert outcome.success, outcome.failed


def test_a_jsonl_line_over_the_limit_is_quarantined_without_being_held(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    long_line = json.dumps({"text": "Some 5 people were hurt. " * 4000})  # 100 kB on one line
    (corpus / "feed.jsonl").write_text(long_line + "\n" + json.dumps({"text": STORY}) + "\n")
    rows = _rows(corpus, max_bytes=10_000)
    assert rows["feed.jsonl#1"].status == "quarantined"
    assert rows["feed.jsonl#1"].reason == f"line 1 over the size limit ({len(long_line) + 1} > 10000 bytes)"
    assert rows["feed.jsonl#2"].text == STORY


def test_a_lone_surrogate_in_a_jsonl_text_is_replaced_and_noted(tmp_path: Path):
    from claimtrack import pipeline

    corpus = tmp_path / "c"
    corpus.mkdir()
    given = "Police said \\ud800 40 people were injured \\udc00 in Almaty."  # valid JSON escapes, lone surrogates
    (corpus / "feed.jsonl").write_text(f'{{"id": "s\\udfff", "title": "T\\ud800", "text": "{given}"}}\n')
    built = pipeline.build_all(corpus)  # Parquet cannot hold a lone surrogate: this used to raise
    (doc,) = built.documents.to_pylist()
    assert doc["status"] == "ok"
    assert doc["document"] == "feed.jsonl#s\ufffd"
    assert doc["text"] == "Police said \ufffd 40 people were injured \ufffd in Almaty."
    assert doc["title"] == "T\ufffd"
    assert doc["reason"] == "2 lone surrogate code point(s) in the text replaced by U+FFFD (offsets unchanged)"
    (claim,) = built.claims.to_pylist()
    assert doc["text"][claim["doc_start"] : claim["doc_end"]] == "40"


def test_a_file_name_that_is_not_utf8_gets_a_valid_name_the_listing_shares(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    with open(os.fsencode(corpus) + b"/caf\xe9.txt", "wb") as handle:  # Latin-1 name, as an old archive has it
        handle.write("Au café, 30 personnes ont été blessées.".encode("latin-1"))
    documents = to_table("documents", [d.row() for d in ingest(corpus)])  # writing the name used to raise
    (doc,) = documents.to_pylist()
    assert doc["document"] == "caf\\xe9.txt" and doc["status"] == "ok"
    assert "30 personnes" in doc["text"]
    assert input_names(corpus) == ["caf\\xe9.txt"]
    outcome = _documents_suite(corpus, documents)
    assert outcome.success, outcome.failed


def _ingest_within(corpus: Path, seconds: float, **kwargs) -> dict[str, Document]:
    """``ingest`` in a thread, so that a hang fails the test instead of stopping the suite."""
    found: dict[str, Document] = {}
    worker = threading.Thread(target=lambda: found.update(_rows(corpus, **kwargs)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "ingest hangs"
    return found


def test_a_fifo_and_a_device_are_quarantined_without_being_read(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(STORY)
    os.mkfifo(corpus / "x.txt")  # opening it for reading would wait for a writer forever
    (corpus / "zero.txt").symlink_to("/dev/zero")  # st_size 0, endless bytes
    (corpus / "feed.jsonl").symlink_to("/dev/zero")
    (corpus / "gone.txt").symlink_to(corpus / "nowhere.txt")
    rows = _ingest_within(corpus, 60, max_bytes=1_000_000)
    assert rows["x.txt"].reason == "not a regular file (FIFO)"
    assert rows["zero.txt"].reason == "not a regular file (character device)"
    assert rows["feed.jsonl"].reason == "not a regular file (character device)"
    assert rows["gone.txt"].reason == "unreadable: No such file or directory"
    assert rows["good.txt"].status == "ok"
    assert sorted(rows) == input_names(corpus)
    assert corpus_files(corpus) == [corpus / "good.txt"]  # the inbox registers regular files only


def test_a_file_that_grows_past_the_limit_while_read_is_quarantined(tmp_path: Path, monkeypatch):
    import claimtrack.ingest as ingest_module

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "live.txt").write_text(STORY)  # under the limit when its size is checked
    opened = ingest_module._open_regular

    def grow_then_open(path: Path):
        with path.open("ab") as handle:
            handle.write(b"More text arrives. " * 1000)
        return opened(path)

    monkeypatch.setattr(ingest_module, "_open_regular", grow_then_open)
    (doc,) = ingest(corpus, max_bytes=1000)
    assert doc.status == "quarantined"
    assert doc.reason == "over the size limit (> 1000 bytes: it grew while being read)"
    assert doc.bytes == 1001  # never more than the limit and one byte read


CP1252_LINES = [
    "“5,000 people”, €5 million — officials said.",
    "Police said “300 people” were detained – the ministry’s figure…",
    "The company’s shares fell 4% • €1.2 billion ™ wiped off – analysts said.",
    "Plus de 5 000 personnes ont été arrêtées – « café » — “quoted”, a-t-il dit.",
]


@pytest.mark.parametrize("line", CP1252_LINES)
def test_cp1252_smart_quotes_and_euro_are_not_read_as_a_mac_or_dos_code_page(line: str):
    text, encoding = decode(line.encode("cp1252"))
    assert (text, encoding) == (line, "cp1252")


@pytest.mark.parametrize(
    ("line", "encoding"),
    [
        ("По данным МВД, „более 300 человек“ задержаны – сообщил представитель.", "cp1251"),
        ("Le café de la gare a fermé à Besançon, où 40 employés travaillaient.", "latin-1"),
    ],
)
def test_other_legacy_text_keeps_its_code_page(line: str, encoding: str):
    assert decode(line.encode(encoding))[0] == line


def test_html_nested_too_deep_for_lxml_is_read_by_the_plain_fallback(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    paragraph = "<p>At least 40 people were injured, police said.</p><script>track()</script>"
    (corpus / "deep.html").write_text(
        "<html><head><title>Clashes</title><style>p {}</style></head><body>"
        + "<div>" * 300
        + paragraph
        + "</div>" * 300
        + "</body></html>"
    )
    (corpus / "scripts.html").write_text("<html><body>" + "<div>" * 300 + "<script>go()</script>" + "</div>" * 300)
    rows = _rows(corpus)
    assert rows["deep.html"].status == "ok", rows["deep.html"].reason
    assert rows["deep.html"].text == "At least 40 people were injured, police said."
    assert rows["deep.html"].title == "Clashes"
    assert rows["deep.html"].reason == HTML_FALLBACK_NOTE
    assert rows["scripts.html"].reason == "HTML has no main text (only markup or scripts)"


def test_hidden_files_and_folders_and_symlinked_folders_each_get_a_row(tmp_path: Path):
    corpus = tmp_path / "c"
    (corpus / "sub" / ".cache").mkdir(parents=True)
    (corpus / "sub" / ".cache" / "old.txt").write_text(STORY)
    (corpus / "sub" / "b.md").write_text(STORY)
    (corpus / ".git").mkdir()
    (corpus / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (corpus / ".draft.txt").write_text(STORY)
    (corpus / "a.txt").write_text(STORY)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "c.txt").write_text(STORY)
    (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
    (corpus / "copy.txt").symlink_to(corpus / "a.txt")  # a symlinked file is read
    documents = to_table("documents", [d.row() for d in ingest(corpus)])
    rows = {r["document"]: r for r in documents.to_pylist()}
    assert {name: r["reason"] for name, r in rows.items() if r["status"] == "quarantined"} == {
        ".draft.txt": "hidden file: skipped",
        ".git": "hidden folder: not read",
        "sub/.cache": "hidden folder: not read",
        "linked": "symlinked folder: not followed",
    }
    assert {name for name, r in rows.items() if r["status"] == "ok"} == {"a.txt", "copy.txt", "sub/b.md"}
    assert sorted(rows) == input_names(corpus)
    outcome = _documents_suite(corpus, documents)
    assert outcome.success, outcome.failed
    # the inbox registers what it always did: regular files that are not hidden
    assert corpus_files(corpus) == [corpus / "a.txt", corpus / "copy.txt", corpus / "sub" / "b.md"]
