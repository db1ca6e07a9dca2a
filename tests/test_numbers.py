"""The figure parser on real phrasings: what is a figure, its value, bounds and qualifier."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.numbers import find_figures


def figures(text: str, lang: str = "en") -> list[tuple[str, float | None, float | None, float | None, str, str | None]]:
    return [(text[m.start : m.end], m.value, m.low, m.high, m.qualifier, m.unit) for m in find_figures(text, lang)]


def only(text: str, lang: str = "en"):
    found = figures(text, lang)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("5135 people have been set", "5135", 5135),
        ("a rapid force of 20,000 men", "20,000", 20000),
        ("about 20 000 men were sent", "about 20 000", 20000),
        ("a peacekeeping force of 3,600 members", "3,600", 3600),
        ("growth of 2.5 in the quarter", "2.5", 2.5),
        ("a country of eighteen million inhabitants", "eighteen million", 18_000_000),
        ("five former Soviet republics", "five", 5),
        ("Thirty years ago", "Thirty", 30),
        ("two hundred and fifty soldiers", "two hundred and fifty", 250),
        ("twenty-five protesters", "twenty-five", 25),
        ("1.5 million workers", "1.5 million", 1_500_000),
        ("2.3bn in sales", "2.3bn", 2_300_000_000),
        ("a dozen eggs", "a dozen", 12),
        ("half a dozen cars", "half a dozen", 6),
        ("two dozen cars", "two dozen", 24),
        ("1.234.567 visitors", "1.234.567", 1_234_567),
        ("COVID-19 killed 5m people", "5m", 5_000_000),
    ],
)
def test_plain_values(text, surface, value):
    found = only(text)
    assert found[0] == surface
    assert math.isclose(found[1], value)
    assert found[4] in ("exact", "approximate")


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("the ministry appreciated around 175 million euros.", "around 175 million euros", 175_000_000, "EUR"),
        ("Revenue was $4.5 billion", "$4.5 billion", 4_500_000_000, "USD"),
        ("paid £5m in fines", "£5m", 5_000_000, "GBP"),
        ("a €3bn package", "€3bn", 3_000_000_000, "EUR"),
        ("US$ 40 a barrel", "US$ 40", 40, "USD"),
        ("KZT 500 per litre", "KZT 500", 500, "KZT"),
        ("earned 2,000 dollars", "2,000 dollars", 2000, "USD"),
        ("a loan of 10 billion rubles", "10 billion rubles", 10_000_000_000, "RUB"),
        ("spent 3 million yen", "3 million yen", 3_000_000, "JPY"),
        ("Sales rose 12%", "12%", 12, "percent"),
        ("inflation of 8.5 per cent", "8.5 per cent", 8.5, "percent"),
        ("a rise of 5 percentage points", "5 percentage points", 5, "percentage point"),
    ],
)
def test_money_and_percent(text, surface, value, unit):
    found = only(text)
    assert (found[0], found[5]) == (surface, unit)
    assert math.isclose(found[1], value)


@pytest.mark.parametrize(
    ("text", "surface", "qualifier", "low", "high"),
    [
        ("more than 5,000 people have been arrested", "more than 5,000", "lower_bound", 5000, None),
        ("Already more than 5000 arrests", "more than 5000", "lower_bound", 5000, None),
        ("more than a thousand wounded", "more than a thousand", "lower_bound", 1000, None),
        ("at least 12 people were killed", "at least 12", "lower_bound", 12, None),
        ("over 300 flights were cancelled", "over 300", "lower_bound", 300, None),
        ("5,000-plus fans", "5,000-plus", "lower_bound", 5000, None),
        ("300 or more vehicles", "300 or more", "lower_bound", 300, None),
        ("up to 12 people", "up to 12", "upper_bound", None, 12),
        ("nearly 40% of voters", "nearly 40%", "upper_bound", None, 40),
        ("almost 200 homes", "almost 200", "upper_bound", None, 200),
        ("fewer than 7 players", "fewer than 7", "upper_bound", None, 7),
        ("less than $1 million", "less than $1 million", "upper_bound", None, 1_000_000),
        ("some 100,000 soldiers", "some 100,000", "approximate", None, None),
        ("around 175 million euros", "around 175 million euros", "approximate", None, None),
        ("about 40 people", "about 40", "approximate", None, None),
        ("roughly 3,000 jobs", "roughly 3,000", "approximate", None, None),
        ("an estimated 2,000 protesters", "an estimated 2,000", "approximate", None, None),
        ("between 2,500 and 3,000 protesters", "between 2,500 and 3,000", "range", 2500, 3000),
        ("2,500-3,000 people", "2,500-3,000", "range", 2500, 3000),
        ("from 10 to 20 soldiers", "from 10 to 20", "range", 10, 20),
        ("$2-3 billion in damage", "$2-3 billion", "range", 2_000_000_000, 3_000_000_000),
        ("two or three days", "two or three", "range", 2, 3),
        ("growth of 8-8.5% this year", "8-8.5%", "range", 8, 8.5),
    ],
)
def test_qualifiers_and_bounds(text, surface, qualifier, low, high):
    found = only(text)
    assert (found[0], found[4], found[2], found[3]) == (surface, qualifier, low, high)
    if qualifier == "range":
        assert found[1] is None


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("dozens of deaths", 24, 99),
        ("hundreds of people", 200, 999),
        ("thousands of protesters", 2000, 9999),
        ("tens of thousands of protesters", 20000, 99999),
        ("hundreds of thousands of refugees", 200000, 999999),
        ("millions of Uyghurs", 2_000_000, None),
        ("several thousand troops", 3000, 9999),
        ("des dizaines de morts", 24, 99),
        ("plusieurs centaines de morts", 300, 999),
    ],
)
def test_vague_amounts(text, low, high):
    found = only(text, "fr" if text.startswith(("des", "plusieurs")) else "en")
    assert found[1:5] == (None, low, high, "vague")


def test_rose_from_to_is_two_figures_not_a_range():
    assert [f[4] for f in figures("Profit rose from 5% to 7% in the quarter")] == ["exact", "exact"]


def test_scores_are_not_ranges():
    assert all(f[4] != "range" for f in figures("Chelsea beat Arsenal 3-1 on Sunday"))


@pytest.mark.parametrize(
    "text",
    [
        "A man walking in the streets of Almaty, on January 7, 2022.",
        "It happened on 9 March in the capital.",
        "Le 6 janvier 2022, des parachutistes russes ont embarqué.",
        "Tokayev had succeeded him in 2019, and nothing changed.",
        "Founded in 2002, the alliance grew.",
        "the 2012-13 season was his best",
        "in the 1990s the city grew",
        "The meeting starts at 10:30 a.m. local time.",
        "The polls close at 8 pm.",
        "the social contract is broken [1].",
        "He finished in 21st place.",
        "See page 5 of the report.",
        "Route 66 is closed.",
        "Channel 5 said the talks failed.",
        "G7 leaders met in Italy.",
        "The Boeing 737 was grounded.",
        "COVID-19 spread quickly.",
        "Windows 11 ships today.",
        "The S&P 500 closed higher.",
        "He wore No. 10 for the club.",
        "Call +44 20 7946 0958 for details.",
        "version 2.3.1 fixes the bug",
        "One of them was arrested.",
        "No one was hurt.",
        "an F-16 crashed",
        "Reports dated 2022-01-06 said so.",
        "The 5G network and 4K screens.",
        "Watch it on BBC One, Channel 5, and ITV.",
    ],
)
def test_not_figures(text):
    assert figures(text) == []


def test_a_list_of_names_and_their_counts_is_a_list_of_figures():
    text = "Ohio has reported 41 deaths, Iowa 33, Utah 19, Maine 11 and Vermont two for a total of 106."
    assert [f[1] for f in figures(text)] == [41, 33, 19, 11, 2, 106]
    assert [f[1] for f in figures("They bought 3 cars, Apollo 11 and more.")] == [3]  # one name: a label


def test_french_numbers_use_comma_decimals_and_words():
    assert only("un taux de 3,5 %", "fr")[1] == 3.5
    assert only("cinq mille personnes", "fr")[1] == 5000
    assert figures("sur une base militaire", "fr") == []
    assert only("plus de 5,000 personnes", "fr")[1] == 5000  # a thousands group, whatever the language


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parser_never_raises_on_arbitrary_text(text):
    for m in find_figures(text):
        assert 0 <= m.start < m.end <= len(text)
        assert m.qualifier in ("exact", "approximate", "lower_bound", "upper_bound", "range", "vague")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 ,.-–$€%kmbn()[]abcdefghijklmnopqrstuvwxyzAMTo", max_size=60))
def test_parser_never_raises_on_number_like_text(text):
    for m in find_figures(text):
        assert m.low is None or m.high is None or m.low <= m.high


@pytest.mark.parametrize(
    ("text", "surface", "value", "qualifier"),
    [
        ("the deficit will make up 1,8% of GDP", "1,8%", 1.8, "exact"),
        ("a loan of 3,5 billion rubles", "3,5 billion rubles", 3_500_000_000, "exact"),
        ("the population reached 3 millions of persons", "3 millions of", 3_000_000, "exact"),
        ("spending of 228 billions of rubles", "228 billions of rubles", 228_000_000_000, "exact"),
        ("registered 1 thousand 200 cases", "1 thousand 200", 1200, "exact"),
        ("Half a million citizens signed", "Half a million", 500_000, "exact"),
        ("a temperature of minus 35 degrees", "minus 35", -35, "exact"),
        ("shares fell -3.2% on the day", "-3.2%", -3.2, "exact"),
        ("a $700 million deal over 10 years", "10", 10, "exact"),
        ("trade has grown up to 190 billion dollars", "190 billion dollars", 190_000_000_000, "exact"),
        ("Near 500 persons took part", "Near 500", 500, "approximate"),
        ("damage estimated at 2 billion euros", "estimated at 2 billion euros", 2_000_000_000, "approximate"),
        ("He signed a two-year contract", "two", 2, "exact"),
    ],
)
def test_translated_and_contextual_phrasings(text, surface, value, qualifier):
    found = [f for f in figures(text) if f[0] == surface]
    assert found, figures(text)
    assert math.isclose(found[0][1], value) and found[0][4] == qualifier


@pytest.mark.parametrize(
    "text",
    [
        "For details call 1-800-555-0199 today.",
        "The Yankees won 7-2, extending their streak.",
        "Manchester City beat Arsenal 3-1 on Sunday.",
        "Boeing delivered its first 737 MAX to the airline.",
        "Microsoft offered a free upgrade to Windows 10 users.",
        "The iPhone 15 Pro starts at a higher price.",
        "Matchday 12 fixtures were moved.",
        "Drivers should leave at exit 14.",
    ],
)
def test_more_numbers_that_name_things(text):
    assert figures(text) == []


def test_acronym_before_a_plural_noun_still_counts():
    assert figures("30 NATO countries signed")[0][1] == 30


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("a 5,000mAh battery", "milliampere hour"),
        ("a 50MP camera", "megapixel"),
        ("a 3nm chip", "nanometer"),
        ("128GB of storage", "gigabyte"),
        ("a 65W charger", "watt"),
        ("warming of 1.5°C", "degree Celsius"),
        ("a 25 basis-point hike", "basis point"),
    ],
)
def test_units_written_with_the_number(text, unit):
    assert only(text)[5] == unit


@pytest.mark.parametrize(
    "text", ["open 24/7 since 9/11", "The strike began at 0800 GMT.", "the ratio 1/3", "flags at half mast"]
)
def test_digit_fractions_and_clock_times_are_not_figures(text):
    assert figures(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nearly half of the deaths were in Ohio.", ("Nearly half", 50.0, "upper_bound", "percent")),
        ("About half the victims were children.", ("About half", 50.0, "approximate", "percent")),
        ("It scrapped a third of its flights.", ("a third", 33.33, "exact", "percent")),
        ("Two-thirds of the homes were lost.", ("Two-thirds", 66.67, "exact", "percent")),
    ],
)
def test_a_share_written_as_a_fraction_is_a_percentage(text, expected):
    surface, value, _, _, qualifier, unit = only(text)
    assert (surface, value, qualifier, unit) == expected


@pytest.mark.parametrize(
    "text", ["in more than half a century", "a third night in the open", "in the first half of the year"]
)
def test_fraction_words_that_are_no_share(text):
    assert figures(text) == []


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Unemployment ticked up to 4.0% in May.", "exact"),
        ("Siemens wants to cut up to 2,500 jobs.", "upper_bound"),
        ("The startup has raised up to $4 billion.", "upper_bound"),
        ("It was finished in under 20 minutes.", "upper_bound"),
        ("Prices have doubled over the past 10 years.", "exact"),
        ("Market value climbed past $1.3 trillion.", "lower_bound"),
        ("The valuation fell to between $4 billion and $5 billion.", "range"),
    ],
)
def test_qualifier_depends_on_the_verb(text, qualifier):
    assert only(text)[4] == qualifier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Airbus handed over 53 jets in May.", [("53", "exact")]),
        ("The water level reached in Raciborz 6.8 metres.", [("6.8", "exact")]),
        ("The strike starts at 12.15 hours on Monday.", []),
        ("He was promoted to League One last season.", []),
        ("The Formula One season opens in March.", []),
        ("It cost 346 billion Kenyan shillings.", [("346 billion Kenyan shillings", "exact")]),
    ],
)
def test_phrasal_verbs_names_and_clock_times(text, expected):
    assert [(f[0], f[4]) for f in figures(text)] == expected


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The bank kept rates at 4.35%, as expected.", "4.35%"),
        ("Shares closed at 14.20 dollars on Monday.", "14.20 dollars"),
        ("She lowered the record by 0.07 seconds.", "0.07"),
        ("the worst violence since its Independence Thirty years ago", "Thirty"),
    ],
)
def test_decimals_after_prepositions_are_figures(text, surface):
    assert [f[0] for f in figures(text)] == [surface]


def test_until_after_a_change_verb_is_a_target():
    assert only("The number of victims has grown till 23 persons.")[4] == "exact"
    assert only("The yen has weakened till 150 yen per dollar.")[4] == "exact"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bayern won 3:0 against Dortmund.", []),
        ("Output fell by 2.08 million to 1.41 billion.", [("2.08 million", "exact"), ("1.41 billion", "exact")]),
        ("The death toll passed the 2,000 mark.", [("2,000", "lower_bound")]),
        ("Parliament passed 3 laws on Friday.", [("3", "exact")]),
        ("Its market value topped $3 trillion.", [("$3 trillion", "lower_bound")]),
        ("The dollar exceeded 100 rubles.", [("100 rubles", "lower_bound")]),
        ("Tuchel, whose contract until 2025 runs, spoke.", []),
        ("A stamp now costs 45 cents.", [("45 cents", "exact")]),
        ("Several thousands of persons marched.", [("Several thousands of", "vague")]),
    ],
)
def test_verbs_scores_years_and_subunits(text, expected):
    assert [(f[0], f[4]) for f in figures(text)] == expected


@pytest.mark.parametrize(
    "separator",
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200b\u2060", "\u202f", "\u2009"],
    ids=["zero-width-space", "zwnj", "zwj", "word-joiner", "bom", "two-invisible", "narrow-nbsp", "thin-space"],
)
def test_an_invisible_or_thin_separator_inside_a_number_keeps_one_figure(separator):
    text = f"Officials counted 5{separator}135 people."
    (found,) = find_figures(text)
    assert text[found.start : found.end] == f"5{separator}135"  # the surface keeps the character
    assert found.value == 5135
    assert text[found.number_start : found.number_end] == f"5{separator}135"


def test_invisible_characters_shift_the_figures_after_them():
    text = "\ufeffThey saw about 1\u200b200 people and 7 cars, then 3\u2060000 more."
    assert figures(text) == [
        ("about 1\u200b200", 1200, None, None, "approximate", None),
        ("7", 7, 7, 7, "exact", None),
        ("3\u2060000", 3000, 3000, 3000, "exact", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They counted 5\u200b people.", [("5", 5)]),  # an invisible character after a number is not part of it
        ("Results were 5,\u200b135 and 7.", [("5", 5), ("135", 135), ("7", 7)]),  # nor one not between digits
        ("They counted 5 135 people.", [("5 135", 5135)]),  # a plain space between digit groups: as before
        ("The rooms were 5 135 and 200.", [("5 135", 5135), ("200", 200)]),
        ("Numbers 1, 2, 3 and 4 were drawn.", [("2", 2), ("3", 3), ("4", 4)]),  # a list: as before
    ],
)
def test_separators_that_do_not_join_numbers_keep_todays_reading(text, expected):
    assert [(f[0], f[1]) for f in figures(text)] == expected


def test_a_sentence_of_30000_numbers_gives_every_number():
    numbers = range(1, 30_001)  # 200 KB: quadratic, this took minutes
    text = "The counts were " + ", ".join(map(str, numbers)) + "."
    found = find_figures(text)
    assert [m.value for m in found] == [float(n) for n in numbers if n < 1500 or n > 2199]  # years are dates
    assert all(text[m.start : m.end] == str(int(m.value)) for m in found)


def test_a_change_to_a_range_keeps_the_range():
    found = [
        (m.qualifier, m.low, m.high)
        for m in find_figures("The firm raised its estimate to $145 billion to $160 billion.")
    ]
    assert found == [("range", 145e9, 160e9)]
    assert [m.qualifier for m in find_figures("Sales rose from 5% to 7%.")] == [
        "exact",
        "exact",
    ]  # a change: two figures


@pytest.mark.parametrize(
    "text",
    ["It lost value between July 18 and 22.", "The fair ran from March 3 to 7, 2024.", "Meetings on Sept. 9 and 14."],
)
def test_the_second_day_of_a_date_range_is_no_figure(text):
    assert find_figures(text) == []


def test_a_count_after_a_date_stays_a_figure():
    assert [m.value for m in find_figures("On May 3 and 40 people died; on March 3, 7 more were hurt.")] == [40, 7]


@pytest.mark.parametrize(
    "text", ["several people were hurt", "after several countries offered aid", "a handful of protesters"]
)
def test_words_with_no_number_in_them_are_no_figure(text):
    assert find_figures(text) == []  # "several countries" reports no figure; "several thousand" does


@pytest.mark.parametrize("text", ["4 Min Read", "a mix of 911 calls and appeals on social media"])
def test_page_furniture_and_emergency_numbers_are_no_figure(text):
    assert find_figures(text) == []
