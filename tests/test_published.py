"""A page's own date when metadata lacks it: a stamp, a dateline, the URL, or inferred from the corpus."""

from datetime import date

import pytest

from claimtrack.published import CorpusDates, infer_date, stamp_date, url_date, year_from_weekday
from claimtrack.segment import segment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Flood waters recede\n\n2025-03-10 08:12:40\n\nThe river fell overnight.", date(2025, 3, 10)),
        ("Flood waters recede\nMarch 10, 2025\nThe river fell overnight.", date(2025, 3, 10)),
        ("Flood waters recede\nPublished Mar 10, 2025 9:04 am\nThe river fell.", date(2025, 3, 10)),
        ("Last updated: Monday, March 10, 2025 10:28PM GMT\nThe river fell.", date(2025, 3, 10)),
        ("10 Mar, 2025\n\nThe river fell overnight.", date(2025, 3, 10)),
        ("The river, which flooded on March 10, 2025, fell overnight after days of rain.", None),
    ],
)
def test_stamp_date(text, expected):
    assert stamp_date(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.org/world/2025/03/10/river-falls", date(2025, 3, 10)),
        ("https://example.com/content/2025-03-10-river-falls", date(2025, 3, 10)),
        ("https://example.com/a/20250310/river", date(2025, 3, 10)),
        ("https://example.com/story/4935397-river", None),
        (None, None),
    ],
)
def test_url_date(url, expected):
    assert url_date(url) == expected


def test_a_year_from_the_corpus_and_from_the_weekday():
    corpus = CorpusDates.of([date(2025, 3, 10), None, date(2025, 3, 12)])
    assert corpus.year_for(3, 11) == 2025
    assert CorpusDates.of([]).year_for(3, 11) is None
    assert year_from_weekday(6, 1, 9, 2023) == 2022  # a Sunday, January 9


def test_an_undated_text_takes_the_latest_date_it_gives_its_report():
    corpus = CorpusDates.of([date(2025, 3, 7), date(2025, 3, 20)])
    text = "The governor said on Tuesday (March 18) that 40 people were missing. The storm hit on March 7."
    assert infer_date(text, corpus) == date(2025, 3, 18)


def test_an_undated_text_with_weekdays_only_counts_from_the_corpus_start():
    corpus = CorpusDates.of([date(2025, 3, 7), date(2025, 3, 20)])  # a Friday
    assert infer_date("Officials said Sunday that 12 people died.", corpus) == date(2025, 3, 9)
    later = "The mayor said Tuesday that 30 remain missing nearly two weeks after the flood."
    assert infer_date(later, corpus) == date(2025, 3, 18)
    assert infer_date("Officials said 12 people died.", corpus) is None
    assert infer_date("Losses from last week's outage may reach $2bn.", corpus) == date(2025, 3, 14)  # a week on
    filing = "The outage last month cost the airline $500 million, it said in a filing on Thursday."
    assert infer_date(filing, corpus) == date(2025, 4, 3)  # the first Thursday of the next month


def test_segment_dates_an_article_and_says_how():
    text = "River falls\n\nPublished Mar 10, 2025\n\nThe river fell by 2 metres overnight, officials said."
    (article,) = segment("a.txt", "0" * 64, text)
    assert (article.published, article.published_basis) == (date(2025, 3, 10), "dateline")
    (article,) = segment("b.txt", "0" * 64, "River falls\n\nThe river fell by 2 metres.", date(2025, 3, 9))
    assert (article.published, article.published_basis) == (date(2025, 3, 9), "published")
    (article,) = segment("c.txt", "0" * 64, "The river fell.", url="https://x.org/2025/03/08/river")
    assert (article.published, article.published_basis) == (date(2025, 3, 8), "url")
    corpus = CorpusDates.of([date(2025, 3, 7)])
    (article,) = segment("d.txt", "0" * 64, "The river fell, officials said Sunday.", corpus=corpus)
    assert (article.published, article.published_basis) == (date(2025, 3, 9), "inferred")
    (article,) = segment("e.txt", "0" * 64, "The river fell.")
    assert (article.published, article.published_basis) == (None, None)


def test_a_dateline_without_a_year_takes_the_corpus_year():
    text = "Dam bursts\n\nLIMA, March 9 (Reuters) - The dam burst, flooding 300 homes."
    (article,) = segment("f.txt", "0" * 64, text, corpus=CorpusDates.of([date(2025, 3, 10)]))
    assert (article.published, article.published_basis) == (date(2025, 3, 9), "inferred")
