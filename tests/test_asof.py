"""as_of: the date a figure holds for, from the sentence and the article date; never invented."""

from datetime import date

import pytest

from claimtrack.asof import resolve_as_of

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
