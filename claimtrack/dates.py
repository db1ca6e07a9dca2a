"""Calendar words and date mentions, shared by segmentation (datelines), the figure parser (what is not
a figure) and ``as_of`` resolution, so that every stage reads "January 9" the same way."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "januar"),
            ("february", "feb", "février", "fevrier", "februar"),
            ("march", "mar", "mars", "märz"),
            ("april", "apr", "avril"),
            ("may", "mai"),
            ("june", "jun", "juin", "juni"),
            ("july", "jul", "juillet", "juli"),
            ("august", "aug", "août", "aout"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre", "oktober"),
            ("november", "nov", "novembre"),
            ("december", "dec", "décembre", "decembre", "dezember"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS: dict[str, int] = {
    day: i for i, day in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_MD = rf"(?P<month>(?i:{_MONTH_RE}))\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"
_DATE_DM = rf"(?P<day2>\d{{1,2}})(?:er|st|nd|rd|th)?\.?\s+(?P<month2>(?i:{_MONTH_RE}))\.?(?:,?\s+(?P<year2>\d{{4}}))?"
FULL_DATE = re.compile(rf"\b(?:{_DATE_MD}|{_DATE_DM})")
DATELINE = re.compile(
    rf"(?<!\w)(?P<place>[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){{0,3}})\s*,?\s*(?:(?:{_DATE_MD}|{_DATE_DM})\s*)?"
    rf"\((?P<agency>[A-Za-z][\w .-]{{0,30}}?)\)[*_]*\s*[-–—]"
)


def date_parts(m: re.Match[str]) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a FULL_DATE or DATELINE match; None when it holds no date."""
    month_name = m.group("month") or m.group("month2")
    if not month_name:
        return None
    year = m.group("year") or m.group("year2")
    return (int(year) if year else None), MONTHS[month_name.lower().rstrip(".")], int(m.group("day") or m.group("day2"))


EARLIEST_PUBLICATION = date(1900, 1, 1)


def plausible_publication(day: date | None, today: date | None = None) -> date | None:
    """A publication date between 1900 and tomorrow (time zones), else None: a typo or a wrong field."""
    if day is None:
        return None
    latest = (today or date.today()) + timedelta(days=1)
    return day if EARLIEST_PUBLICATION <= day <= latest else None


def make_date(year: int, month: int, day: int) -> date | None:
    """The date, or None for an impossible one ("February 30")."""
    try:
        return date(year, month, day)
    except ValueError:
        return None
