"""What a figure counts and in which unit, on real phrasings, with the real spaCy tagger."""

import pytest

from claimtrack.claims import claim_id, extract_claims
from claimtrack.segment import segment


def claims_of(text: str, published=None) -> list[dict]:
    articles = segment("t.txt", "0" * 64, text, published)
    return extract_claims("t.txt", "0" * 64, text, articles)


def one(text: str) -> dict:
    found = claims_of(text)
    assert len(found) == 1, [(c["surface"], c["unit"], c["counted"]) for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "unit", "counted"),
    [
        ("More than 5,000 people have been arrested in Almaty.", "person", "people arrested in Almaty"),
        ("More than 5,000 people have been arrested in connection with the protests.", "person", "people arrested"),
        ("More than 100 shops and banks were looted.", "shop", "shops and banks looted"),
        ("More than 400 vehicles were destroyed.", "vehicle", "vehicles destroyed"),
        ("The riots have made dozens of deaths.", "person", "deaths"),
        ("There were more than a thousand wounded.", "person", "wounded"),
        ("It is a huge country of eighteen million inhabitants.", "person", "inhabitants"),
        ("The alliance includes five former Soviet republics.", "country", "former soviet republics"),
        ("Some 100,000 soldiers have been posted along the border.", "person", "soldiers posted along border"),
        ("Millions of Uyghurs are persecuted there.", "person", "Uyghurs persecuted"),
        ("Apple sold 3 million iPhones in China.", "iphone", "iPhones"),
        ("The company will cut 1,200 jobs.", "job", "jobs"),
        ("Production reached 9.5 million barrels per day.", "barrel", "barrels"),
        ("The death toll rose to 45 on Sunday.", "person", "death toll"),
        ("Revenue of $4.5 billion beat forecasts.", "USD", "revenue"),
        ("Already more than 5000 arrests for protests in Kazakhstan", "person", "arrests"),
        ("The service now has 250 million users.", "person", "users"),
        ("He scored 3 goals in the final.", "goal", "goals"),
        ("The club has lost 12 of its last league games.", "game", "league games"),
        ("At least 30,000 runners took part.", "person", "runners"),
        ("Rates were cut by 25 basis points.", "basis point", None),
        ("The number of cholera cases has climbed to 1,345.", "case", "cholera cases"),
        ("The death toll from the earthquake rose to 45 on Wednesday.", "person", "death toll"),
        ("The magnitude 6.8 quake struck the coast.", "magnitude", "magnitude"),
        ("The suspect, aged 72, was arrested.", "year", "year"),
        ("The attack killed 12 on Sunday.", "person", "people killed"),
        ("Police arrested 45 after the match.", "person", "people arrested"),
        ("Tesla delivered 435,059 vehicles in the quarter.", "vehicle", "vehicles"),
        ("He scored 25 points in the win.", "point", "points"),
        ("A crowd of 60,000 watched the final.", "person", "crowd"),
    ],
)
def test_counted_and_unit(text, unit, counted):
    claim = one(text)
    assert (claim["unit"], claim["counted"]) == (unit, counted)


@pytest.mark.parametrize(
    "text",
    [
        "Seven people died, still 12 were hurt.",
        "Rescuers found 40 bodies, with dozens more missing.",
        "Three soldiers died and four others wounded.",
    ],
)
def test_people_in_a_state_without_a_noun(text):
    assert claims_of(text)[-1]["unit"] == "person"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("the Nazarbayev regime for three decades.", 30, "year"),
        ("The 55-year Timur Kulibajev resigned.", 55, "year"),
        ("It lasted two weeks.", 2, "week"),
        ("a 10-day mission", 10, "day"),
    ],
)
def test_time_spans(text, value, unit):
    claim = one(text)
    assert (claim["value"], claim["unit"]) == (value, unit)


@pytest.mark.parametrize("text", ["It was a few days ago.", "He called several times.", "Several of them left."])
def test_vague_words_without_a_countable_noun_are_not_claims(text):
    assert claims_of(text) == []


def test_offsets_point_at_the_surface():
    text = "Title line here\n\nOverall, 5135 people have been detained, the ministry said.\nAround 175 million euros."
    for claim in claims_of(text):
        assert text[claim["doc_start"] : claim["doc_end"]] == claim["surface"]
        assert claim["surface"] in claim["sentence"]


def test_claim_id_depends_only_on_the_document_name_hash_and_span():
    assert claim_id("a.txt", "a" * 64, 10, 15) == claim_id("a.txt", "a" * 64, 10, 15)
    assert claim_id("a.txt", "a" * 64, 10, 15) != claim_id("a.txt", "b" * 64, 10, 15)
    assert claim_id("a.txt", "a" * 64, 10, 15) != claim_id("a.txt", "a" * 64, 10, 16)
    assert claim_id("a.txt", "a" * 64, 10, 15) != claim_id("copy/a.txt", "a" * 64, 10, 15)  # syndicated copies


def test_french_caption_is_not_parsed_as_english():
    text = (
        "Headline about the riots in the country\n\n"
        "Headline about the riots in the country Des parachutistes russes embarquent pour le Kazakhstan sur une "
        "base militaire près de Moscou, le 6 janvier 2022. © AFP Russian paratroopers board a plane near Moscow. "
        "More than 3,000 troops were sent."
    )
    found = claims_of(text)
    assert [c["surface"] for c in found] == ["More than 3,000"]
    assert found[0]["language"] == "en"


@pytest.mark.parametrize(
    ("text", "surface", "unit"),
    [
        ("Netflix now has 15 million users, up from 13 million a year ago.", "13 million", "person"),
        ("The club paid €180 million plus up to 30 million in add-ons.", "up to 30 million", "EUR"),
        ("LeBron James, 39, scored the winner.", "39", "year"),
        ("Flooding forces thousands from their homes.", "thousands", "person"),
        ("The jobs figure beat the 190,000 economists had expected.", "190,000", None),
        ("Protests spread to 12 of Peru's 25 regions.", "25", "region"),
        ("Tesla sold 526,409 battery-electric cars.", "526,409", "car"),
        ("Seven of nine policymakers voted to hold rates.", "nine", "person"),
    ],
)
def test_units_from_context(text, surface, unit):
    found = {c["surface"]: c for c in claims_of(text)}
    assert found[surface]["unit"] == unit, found


def test_a_huge_run_on_line_is_read_to_the_end():
    """A scraped table or a 1 MB line with no full stop: every figure found, none lost to the tagger's limits."""
    text = "Headline of the table\n\n" + " ".join(f"district {i} reported {i + 7} cases," for i in range(3000))
    found = claims_of(text)
    assert len(found) == 3000
    assert found[-1]["value"] == 3006
    assert all(text[c["doc_start"] : c["doc_end"]] == c["surface"] for c in found)


def test_a_passive_expectation_keeps_its_noun():
    (claim,) = claims_of("At least 30,000 runners are expected to take part in Sunday's race.")
    assert claim["unit"] == "person"


def test_no_dot_does_not_end_a_sentence():
    assert claims_of("Harry Kane wears the No. 9 shirt and has scored in 8 straight games.")[0]["surface"] == "8"


def test_spelled_out_units_keep_the_texts_spelling_and_abbreviations_expand():
    units = [c["unit"] for c in claims_of("The storm dumped 85 millimetres of rain over 12 km.")]
    assert units == ["millimetre", "kilometer"]


def test_a_day_a_level_and_a_fraction_are_not_what_a_figure_counts():
    found = claims_of(
        "Delta cuts flights\n\nThe airline scrapped an additional 1,250 flights yesterday on top of the 3,500 already "
        "cancelled. It has scratched a third of scheduled flights for a total of 5,000 since Friday, and delayed "
        "another 1,700. The toll crossed the 200 threshold on Thursday."
    )
    units = {c["surface"]: (c["unit"], c["counted"]) for c in found}
    assert units["1,250"] == ("flight", "flights")  # not "flights yesterday"
    assert units["3,500"][0] == "flight"  # what the figure before it counts
    assert units["a third"] == ("percent", "scheduled flights")
    assert units["5,000"][0] == units["1,700"][0] == "flight"  # a total of the flights; never the fraction's percent
    assert units["200"][0] != "threshold"


@pytest.mark.parametrize(
    "text",
    ["Quake news\n\n1694279958\n\nIt hit hard.", "Quake news\n\n.layout-ratio{ padding-bottom: 79.13%; }\n\nIt hit."],
)
def test_stamps_and_style_sheets_hold_no_claims(text):
    assert claims_of(text) == []
