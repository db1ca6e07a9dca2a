"""The date a figure holds for (``as_of``), from the sentence and the article's date.

Rules, in order (the first that applies wins):
(A dateline at the start of the sentence is left out: it dates the report, not the figure.)
1. a full date in the sentence ("on January 7, 2022"; "January 7" takes the article's year)
   that is not after the article's date;
2. relative words against the article's date: "today"/"tonight" -> that day, "yesterday" -> the
   day before, a weekday ("on Sunday", "said Sunday") -> the latest such day on or before it
   (not "Monday's earthquake" or "since Monday", which name another time),
   "last week" -> the Sunday that ended the previous week, "last month" -> that month's last day,
   "last year" -> 31 December of the previous year;
3. otherwise the article's date (dateline or metadata);
4. with no article date and no full date in the sentence: null. A date is never invented.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from claimtrack.dates import DATELINE, FULL_DATE, WEEKDAYS, date_parts, make_date

_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_RELATIVE_RE = re.compile(
    r"\b(today|tonight|this morning|this evening|yesterday|last week|last month|last year)\b", re.IGNORECASE
)


def _explicit_date(sentence: str, published: date | None) -> date | None:
    for m in FULL_DATE.finditer(sentence):
        year, month, day = date_parts(m)
        year = year or (published.year if published else None)
        found = make_date(year, month, day) if year else None
        if found and (published is None or found <= published + timedelta(days=1)):
            return found
    return None


def _relative_date(sentence: str, published: date) -> date | None:
    m = _RELATIVE_RE.search(sentence)
    if m:
        word = m.group(1).lower()
        if word in ("today", "tonight", "this morning", "this evening"):
            return published
        if word == "yesterday":
            return published - timedelta(days=1)
        if word == "last week":
            return published - timedelta(days=published.weekday() + 1)
        if word == "last month":
            return published.replace(day=1) - timedelta(days=1)
        return date(published.year - 1, 12, 31)
    for m in _WEEKDAY_RE.finditer(sentence):
        if _names_another_time(sentence, m):
            continue
        target = WEEKDAYS[m.group(1).lower()]
        return published - timedelta(days=(published.weekday() - target) % 7)
    return None


def _names_another_time(sentence: str, m: re.Match[str]) -> bool:
    """ "Monday's earthquake" names the event and "since Monday" the start of a count: neither is the day
    the figure holds for ("The toll from Monday's earthquake rose to 61 on Tuesday")."""
    possessive = re.match(r"['’]s\b", sentence[m.end() :])
    since = re.search(r"\b(?:since|from)\s+$", sentence[: m.start()], re.IGNORECASE)
    return bool(possessive or since)


def resolve_as_of(sentence: str, published: date | None) -> date | None:
    """The date the figures of ``sentence`` hold for, or None when the text does not say."""
    dateline = DATELINE.search(sentence[:200])
    if dateline:  # "MOSCOW, Jan 9 (Reuters) - ... on Saturday": the dateline dates the report, not the event
        sentence = sentence[dateline.end() :]
    explicit = _explicit_date(sentence, published)
    if explicit:
        return explicit
    if published is None:
        return None
    return _relative_date(sentence, published) or published
