"""The per-document time budget: a slow document becomes a failure with its reason, the corpus goes on,
and no alarm is left behind."""

import signal
import threading
import time
from pathlib import Path

import pytest

import claimtrack.attribution
import claimtrack.claims
import claimtrack.pipeline
from claimtrack.budget import OverBudget, time_budget
from claimtrack.pipeline import build_articles, build_attribution, build_claims, build_documents

SLOW = "Slowpoke"  # a document holding this word is made slow by the patched stage


@pytest.fixture
def no_alarm_left():
    """Every test here must leave the SIGALRM handler and the real-time timer as it found them."""
    handler = signal.getsignal(signal.SIGALRM)
    yield
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler


@pytest.fixture
def documents(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b", "c"):
        word = SLOW if name == "b" else "Smith"
        (corpus / f"{name}.txt").write_text(f"John {word} said at least 12 people were killed in {name}.\n")
    documents = build_documents(corpus).table
    articles = build_articles(documents, budget_seconds=None).table  # models load before any budget runs
    attribution = build_attribution(documents, articles, budget_seconds=None)
    build_claims(documents, articles, attribution.quotes, attribution.entities, budget_seconds=None)
    return documents


def _sleep_if_slow(text: str) -> None:
    if SLOW in text:
        time.sleep(5)


def test_a_budget_stops_the_block_and_clears_its_timer(no_alarm_left):
    started = time.monotonic()
    with pytest.raises(OverBudget, match="took longer than 0.2 s"), time_budget(0.2):
        time.sleep(5)
    assert time.monotonic() - started < 2


def test_no_budget_and_a_fast_block_change_nothing(no_alarm_left):
    with time_budget(None):
        time.sleep(0.01)
    with time_budget(5):
        time.sleep(0.01)


def test_an_outer_timer_is_resumed(no_alarm_left):
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with time_budget(5):
            time.sleep(0.01)
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.5
        time.sleep(0.7)
        assert fired == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_outside_the_main_thread_a_budget_does_nothing(no_alarm_left):
    errors = []

    def work():
        try:
            with time_budget(0.05):
                time.sleep(0.2)
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever escaped
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == []


def test_a_slow_segmentation_fails_that_document_only(documents, monkeypatch, no_alarm_left):
    segment = claimtrack.pipeline.segment

    def slow_segment(document, sha256, text, *args):
        _sleep_if_slow(text)
        return segment(document, sha256, text, *args)

    monkeypatch.setattr(claimtrack.pipeline, "segment", slow_segment)
    result = build_articles(documents, budget_seconds=0.2)
    assert result.failures == {"b.txt": "segmentation took longer than 0.2 s"}
    assert sorted(result.table["document"].to_pylist()) == ["a.txt", "c.txt"]


def test_a_slow_attribution_fails_that_document_only(documents, monkeypatch, no_alarm_left):
    articles = build_articles(documents, budget_seconds=None).table
    prepare = claimtrack.attribution.prepare

    def slow_prepare(text, article):
        _sleep_if_slow(text)
        return prepare(text, article)

    monkeypatch.setattr(claimtrack.attribution, "prepare", slow_prepare)
    result = build_attribution(documents, articles, budget_seconds=0.2)
    assert result.failures == {"b.txt": "attribution took longer than 0.2 s"}
    assert sorted(set(result.quotes["document"].to_pylist())) == ["a.txt", "c.txt"]


def test_a_slow_extraction_fails_that_document_only(documents, monkeypatch, no_alarm_left):
    articles = build_articles(documents, budget_seconds=None).table
    sentences = claimtrack.claims._sentences

    def slow_sentences(text, articles):
        _sleep_if_slow(text)
        return sentences(text, articles)

    monkeypatch.setattr(claimtrack.claims, "_sentences", slow_sentences)
    result = build_claims(documents, articles, budget_seconds=0.2)
    assert result.failures == {"b.txt": "claims took longer than 0.2 s"}
    assert sorted(result.table["document"].to_pylist()) == ["a.txt", "c.txt"]
    assert result.table["value"].to_pylist() == [12.0, 12.0]
