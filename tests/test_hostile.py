"""Hostile single documents through the real stages: each used to take minutes (the stages were quadratic in
it); here they only have to give the right rows. How the time grows is measured in ``bench.hostile``."""

import hashlib
import itertools

import pytest

from claimtrack.claims import MAX_SENTENCE_CHARS
from claimtrack.pipeline import build_articles, build_attribution, build_claims
from claimtrack.schemas import to_table

SIZE = 200_000  # characters


def document_table(text: str):
    digest = hashlib.sha256(text.encode()).hexdigest()
    row = {"document": "hostile.txt", "format": "txt", "sha256": digest, "bytes": len(text.encode())}
    row |= {"encoding": "utf-8", "status": "ok", "reason": None, "text": text}
    row |= {"title": None, "url": None, "outlet": None, "published": None}
    return to_table("documents", [row])


def numbers_text(size: int) -> str:
    numbers = itertools.takewhile(lambda n: n * 7 < size, itertools.count(1))  # about 7 characters a number
    return "The counts were " + ", ".join(map(str, numbers)) + "."


def straight_marks_text(size: int) -> str:
    return '"' * size


def curly_marks_text(size: int) -> str:
    unit = "“We saw 5 of them here,” he said. “It was 12 more than the day before.” "
    return unit * (size // len(unit))


def speakers_text(size: int) -> str:
    """Paragraphs each naming a new person, quoting them, then their surname alone as the speaker."""
    syllables = ["ka", "ro", "vel", "min", "tor", "sa", "len", "dor", "ba", "ni", "gus", "ter"]
    surnames = ("".join(parts).capitalize() for parts in itertools.product(syllables, repeat=3))
    paragraphs = []
    for n, surname in zip(range(size // 300), surnames, strict=False):
        paragraphs.append(
            f"John {surname}, a spokesman for the regional administration, said {n % 90 + 10} people were "
            f'detained. "We counted about {n % 900 + 100} protesters in the square," {surname} said. '
            f"{surname} told reporters the figure could rise."
        )
    return "\n\n".join(paragraphs)


def run(text: str):
    """Articles, attribution and claims of one document, with no failure."""
    documents = document_table(text)
    articles = build_articles(documents)
    attribution = build_attribution(documents, articles.table)
    claims = build_claims(documents, articles.table, attribution.quotes, attribution.entities)
    assert {**articles.failures, **attribution.failures, **claims.failures} == {}
    return attribution, claims.table.to_pylist()


def test_a_sentence_of_numbers_gives_every_number_with_a_bounded_sentence():
    text = numbers_text(SIZE)
    _, claims = run(text)
    values = [c["value"] for c in claims]
    last = int(text.rstrip(".").rsplit(", ", 1)[1])
    assert values == [float(n) for n in range(1, last + 1) if not 1500 <= n <= 2199]  # 1500-2199 read as years
    for claim in claims[:: len(claims) // 50]:
        assert text[claim["doc_start"] : claim["doc_end"]] == claim["surface"]
        assert len(claim["sentence"]) <= MAX_SENTENCE_CHARS and claim["surface"] in claim["sentence"]


def test_a_number_with_a_zero_width_space_is_one_claim_whose_surface_is_the_span():
    text = "Police said 5\u200b135 people were detained in the capital on Monday."
    _, claims = run(text)
    assert [(c["surface"], c["value"]) for c in claims] == [("5\u200b135", 5135.0)]
    assert text[claims[0]["doc_start"] : claims[0]["doc_end"]] == "5\u200b135"


@pytest.mark.parametrize("make", [straight_marks_text, curly_marks_text], ids=["straight", "curly"])
def test_runs_of_quote_marks(make):
    text = make(SIZE)
    attribution, claims = run(text)
    if make is straight_marks_text:
        assert attribution.quotes.num_rows == 0 and claims == []
    else:  # '“We saw 5 of them here,” he said. “It was 12 more than the day before.” ' again and again
        units = text.count("he said")
        assert attribution.quotes.num_rows >= units
        assert sorted({c["value"] for c in claims}) == [5.0, 12.0]


def test_prose_with_many_speakers_resolves_each_surname_to_its_person():
    text = speakers_text(SIZE)
    attribution, claims = run(text)
    quotes = attribution.quotes.to_pylist()
    by_surname = [q for q in quotes if q["speaker"] and " " not in q["speaker"] and q["expert"]]
    assert by_surname, "the one-word speakers ('Karoka said') must be there"
    assert all(q["expert"].startswith("John ") for q in by_surname)  # similar surnames may merge corpus-wide
    assert any(c["expert"] for c in claims)


def test_a_digest_of_many_short_articles_splits_into_every_article():
    unit = "Floods hit the north\n\nALMATY, January 9 (Reuters) - More than 5 people died on January 3, 2024.\n\n"
    documents = document_table(unit * (SIZE // len(unit)))
    articles = build_articles(documents).table.to_pylist()
    assert len(articles) == SIZE // len(unit)
    assert {(a["dateline"], a["agency"], str(a["published"])) for a in articles} == {
        ("ALMATY", "Reuters", "2024-01-09")  # the year from the full date in the text
    }


def test_a_line_of_thousands_of_photo_credits_gives_each_its_block():
    unit = "A man walks. © Reuters Caption of 3 people here. "
    text = "Body text here. " + unit * (SIZE // len(unit))
    (article,) = build_articles(document_table(text)).table.to_pylist()
    credits = [b for b in article["blocks"] if b["kind"] == "credit"]
    assert len(credits) == SIZE // len(unit)
    assert {text[b["start"] : b["end"]] for b in credits} == {"© Reuters"}
