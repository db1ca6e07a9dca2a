"""as_of: the date a figure holds for, from the sentence and the article date; never invented."""

from datetime import date

import pytest

from claimtrack.asof import ArticleDates, SentenceDates, lead_days, resolve_as_of

SUNDAY = date(2022, 1, 9)


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("5135 people were detained, media reported on Sunday.", SUNDAY, date(2022, 1, 9)),
        ("The ministry said on Thursday that 3,000 troops arrived.", SUNDAY, date(2022, 1, 6)),
        ("Troops were sent last week.", SUNDAY, date(2022, 1, 2)),
        ("Yesterday 40 people were hurt.", SUNDAY, date(2022, 1, 8)),
        ("A man walking in Almaty, on January 7, 2022.", SUNDAY, date(2022, 1, 7)),
        ("On January 7 about 40 people were hurt.", SUNDAY, date(2022, 1, 7)),
        ("About 40 people were hurt.", SUNDAY, SUNDAY),
        ("About 40 people were hurt on Sunday.", None, None),
        ("A man walking in Almaty, on January 7, 2022.", None, date(2022, 1, 7)),
        ("It will be finished by March 3, 2030.", SUNDAY, SUNDAY),
    ],
)
def test_resolve_as_of(sentence, published, expected):
    assert resolve_as_of(sentence, published) == expected


def test_a_dateline_dates_the_report_not_the_figure():
    sentence = "MOSCOW, Jan 9 (Reuters) - Police detained 150 people on Saturday, the ministry said."
    assert resolve_as_of(sentence, SUNDAY) == date(2022, 1, 8)


# Per figure: the clause that states it, not a date that sets the scene (issue 16).
MONDAY = date(2025, 3, 10)


def _figure(sentence: str, figure: str, dates: ArticleDates | None = None, unit: str | None = None):
    start = sentence.index(figure)
    return SentenceDates.read(sentence, dates or ArticleDates(MONDAY, "published")).figure(
        start, start + len(figure), unit
    )


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        # scene-setting dates are not the figure's
        ("Rallies that began on March 2 have led to 310 arrests, the ministry said.", "310", (MONDAY, "published")),
        ("Since Saturday, 45 people have been detained.", "45", (MONDAY, "published")),
        ("The toll from Sunday's flood rose to 52.", "52", (MONDAY, "published")),
        ("A storm struck the coast late on Friday, killing at least 80 people.", "80", (MONDAY, "published")),
        ("The blast, which hit the port on Friday, wounded 140 people.", "140", (MONDAY, "published")),
        ("Losses from last week's outage reached $2 billion.", "$2 billion", (MONDAY, "published")),
        ("The fire that swept the valley on Saturday has destroyed 90 homes.", "90", (MONDAY, "published")),
        # the figure's own clause dates it
        ("Police detained 150 people on Saturday, officials said.", "150", (date(2025, 3, 8), "relative")),
        ("The toll hit 61 on Sunday.", "61", (date(2025, 3, 9), "relative")),
        ("Shares closed on March 6 at $41.20.", "$41.20", (date(2025, 3, 6), "stated")),
        ("The fund lost $9 million between March 3 and 7.", "$9 million", (date(2025, 3, 7), "stated")),
        ("About 300 homes were flooded, the agency said on Sunday.", "300", (date(2025, 3, 9), "relative")),
        ("Previously, it was reported that 40 people had died.", "40", (date(2025, 3, 9), "relative")),
        ("The firm took a $90 million hit following an outage last month.", "$90 million", (MONDAY, "published")),
        (
            "The utility restored power to 7,400 homes following the storm, it said in an update on Sunday.",
            "7,400",
            (date(2025, 3, 9), "relative"),
        ),
    ],
)
def test_the_figure_clause_dates_it(sentence, figure, expected):
    assert _figure(sentence, figure) == expected


def test_each_figure_takes_the_date_of_its_own_clause():
    sentence = "The stock ended on March 6 at $41.20, and when trading resumed on March 7, it opened at $35.10."
    assert _figure(sentence, "$41.20") == (date(2025, 3, 6), "stated")
    assert _figure(sentence, "$35.10") == (date(2025, 3, 7), "stated")


def test_a_participle_clause_does_not_inherit_the_main_clause_date():
    sentence = "On March 7, the carrier scrapped 900 flights, bringing its total to more than 4,000."
    assert _figure(sentence, "900") == (date(2025, 3, 7), "stated")
    assert _figure(sentence, "more than 4,000") == (MONDAY, "published")


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("In 1998, at least 540 people were killed when a quake hit the region.", "540"),
        ("It was the deadliest since 2011's tsunami, which killed 1,870 people.", "1,870"),
        ("The valley's last big flood came in 1987, when 2,300 homes were lost.", "2,300"),
        ("The last major quake in the region occurred in 2009, when a 6.1 tremor killed more than 300.", "300"),
    ],
)
def test_historical_figures_have_no_date(sentence, figure):
    assert _figure(sentence, figure) == (None, "none")


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Unemployment has fallen by 3% since 2019.", "3%"),
        ("Prices, which peaked in 2022, fell 4% this month.", "4%"),
        ("The toll rose to 2012, officials said.", "2012"),
    ],
)
def test_a_year_that_does_not_date_the_figure_keeps_it_current(sentence, figure):
    assert _figure(sentence, figure)[0] == MONDAY


def test_event_properties_take_the_event_day_and_counts_the_story_day():
    event_day = (date(2025, 3, 7), "relative")
    dates = ArticleDates(MONDAY, "published", event_day=event_day, story_day=(date(2025, 3, 9), "relative"))
    assert _figure("The tremor's epicentre was 30 km deep.", "30 km", dates, "kilometer") == event_day
    assert _figure("The quake measured 6.1 on the Richter scale.", "6.1", dates) == event_day
    assert _figure("Some 40 km from the city, rescuers searched the rubble.", "40 km", dates, "kilometer") == (
        date(2025, 3, 9),
        "relative",
    )
    assert _figure("At least 70 people died.", "70", dates) == (date(2025, 3, 9), "relative")


def test_lead_days():
    sentences = [
        "Rescuers dug through rubble on Sunday after a strong quake struck the hills late on Friday.",
        "The toll rose to 70, state radio said.",
    ]
    assert lead_days(sentences, MONDAY) == ((date(2025, 3, 7), "relative"), (date(2025, 3, 9), "relative"))
    assert lead_days(["Officials said on Monday that 70 people died."], MONDAY) == (None, None)
    assert lead_days(["A report published on March 3 put the loss at $5 billion."], MONDAY) == (None, None)


def test_undated_article_gives_none():
    assert _figure("About 40 people were hurt.", "40", ArticleDates(None, "none")) == (None, "none")


def test_at_the_time_points_back_to_the_earlier_year_of_the_sentence_before():
    dates = ArticleDates(MONDAY, "published")
    before = "Accel first invested in the startup in 2012."
    looking_back = "At the time, the startup was reportedly valued at $51 million."
    start = looking_back.index("$51 million")
    read = SentenceDates.read(looking_back, dates, before)
    assert read.figure(start, start + len("$51 million")) == (None, "none")  # a historical figure
    now = SentenceDates.read(looking_back, dates, "The company said on Friday its shares fell.")
    assert now.figure(start, start + len("$51 million")) == (MONDAY, "published")
