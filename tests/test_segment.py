"""Digests split into articles, with headlines, datelines, captions, credits and languages."""

from datetime import date

from claimtrack.ingest import ingest
from claimtrack.segment import segment
from tests.conftest import SAMPLES


def sample_articles(name: str):
    (doc,) = [d for d in ingest(SAMPLES) if d.document == name]
    return doc.text, segment(doc.document, doc.sha256, doc.text, doc.published, doc.title)


def test_digest_is_split_at_repeated_headlines():
    text, articles = sample_articles("001_97fc4c4c295cdc3c.txt")
    headlines = [a.headline for a in articles]
    assert "Already more than 5000 arrests for protests in Kazakhstan" in headlines
    assert 'Kazakhstan-of "strategic sites" are under control after the violence' in headlines
    for a, b in zip(articles, articles[1:], strict=False):
        assert a.doc_end <= b.doc_start


def test_dateline_gives_place_agency_and_date_with_the_year_from_the_text():
    _, articles = sample_articles("001_97fc4c4c295cdc3c.txt")
    dated = [a for a in articles if a.agency == "Reuters"]
    assert len(dated) == 1
    assert dated[0].dateline == "Almaty"
    assert dated[0].published == date(2022, 1, 9)


def test_with_afp_marks_the_agency():
    _, articles = sample_articles("000_2bbba43c695979e5.txt")
    assert any(a.agency == "AFP" for a in articles)


def test_credits_captions_and_french_lines_are_blocks():
    text, articles = sample_articles("000_2bbba43c695979e5.txt")
    blocks = [(b.kind, b.language, text[b.start : b.end]) for a in articles for b in a.blocks]
    assert ("credit", "en", "© Reuters, Stringer") in blocks
    assert any(k == "caption" and lang == "fr" and t.startswith("Des parachutistes") for k, lang, t in blocks)
    assert any(k == "caption" and lang == "en" and t.startswith("Russian paratroopers board") for k, lang, t in blocks)
    assert any(k == "boilerplate" and t == "with AFP" for k, _, t in blocks)


def test_blocks_stay_inside_their_article_and_do_not_overlap():
    for name in ("000_2bbba43c695979e5.txt", "001_97fc4c4c295cdc3c.txt"):
        _, articles = sample_articles(name)
        for article in articles:
            last = article.doc_start
            for block in article.blocks:
                assert article.doc_start <= block.start < block.end <= article.doc_end
                assert block.start >= last
                last = block.end


def test_single_wire_story_is_one_article():
    text = "MOSCOW, Jan 9 (Reuters) - At least 12 people were killed, officials said.\n\nMore later."
    (article,) = segment("w.txt", "0" * 64, text)
    assert (article.dateline, article.agency, article.published) == ("MOSCOW", "Reuters", None)


def test_metadata_date_gives_the_dateline_year():
    text = "PARIS, 9 janvier (AFP) - Plus de 5 000 personnes ont été arrêtées."
    (article,) = segment("w.txt", "0" * 64, text, published=date(2022, 1, 10))
    assert article.published == date(2022, 1, 9)
    assert article.language == "fr"


def test_markdown_dateline_is_recognised():
    text = "# Floods hit the north\n\n**KYIV, March 3 (Reuters)** - At least 12 people were killed, officials said."
    (article,) = segment("a.md", "0" * 64, text)
    assert (article.dateline, article.agency) == ("KYIV", "Reuters")
