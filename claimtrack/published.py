"""A document's own date when its metadata has none, and the corpus years that complete a date without one.

In order: a date stamp near the top of the text ("2023-09-12", "September 12, 2023", "Published Sep 12,
2023 10:04 am", "Last updated: Tuesday, October 1, 2024"), basis ``dateline``; a date in the URL
(``/2023/09/12/``, ``2023-09-12``), basis ``url``; else ``inferred``: the latest date the text gives
its report ("announced on Tuesday (October 15)", the year from the corpus), or, with weekdays only,
the first day on or after the corpus's earliest date on which the text's weekdays ("officials said
Sunday") have all passed, moved on by "three weeks after". An agency dateline is read per article in
``segment``. Each document's text is read once, up to ``SCAN_CHARS``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from claimtrack.dates import FULL_DATE, WEEKDAYS, date_parts, make_date, plausible_publication
from claimtrack.lexicon import load_data

STAMP_CHARS = 600  # a date stamp is printed within the first lines
SCAN_CHARS = 20_000  # an undated text is dated from its first pages, not a whole book
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)([/_-])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?!\d)")
_URL_COMPACT = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])([0-2]\d|3[01])/")
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?", re.I)
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
_ELAPSED = re.compile(
    r"\b(?P<cue>nearly|almost|about|more than|over)?\s*(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|ten)\s+"
    r"(?P<unit>days?|weeks?|months?)\s+(?:after|ago|later|since)\b",
    re.I,
)

_LAST_WEEKS = re.compile(r"\blast\s+week['’]s\b", re.I)
_LAST_MONTH = re.compile(r"\blast\s+month\b", re.I)


@cache
def _stamp_words() -> re.Pattern[str]:
    words = "|".join(sorted(load_data("dates.json")["stamp_words"], key=len, reverse=True))
    return re.compile(rf"\b(?:{words}|on|at|by|gmt|utc|et|est|edt|bst|cet|ist)\b", re.I)


@dataclass
class CorpusDates:
    """The dates the corpus's documents give themselves: the years and the earliest day an undated
    document's weekdays count from."""

    known: list[date] = field(default_factory=list)  # sorted

    @classmethod
    def of(cls, dates: list[date | None]) -> CorpusDates:
        return cls(sorted(d for d in dates if d is not None))

    @property
    def anchor(self) -> date | None:
        return self.known[0] if self.known else None

    def year_for(self, month: int, day: int) -> int | None:
        """The corpus year that puts month/day nearest the corpus's dates; the commonest year on a tie."""
        if not self.known:
            return None
        counts = Counter(d.year for d in self.known)
        best: tuple[int, int] | None = None
        for year in sorted(counts, key=lambda y: -counts[y]):
            candidate = make_date(year, month, day)
            if candidate is None:
                continue
            at = bisect_left(self.known, candidate)
            near = [self.known[i] for i in (at - 1, at) if 0 <= i < len(self.known)]
            distance = min(abs((candidate - d).days) for d in near)
            if best is None or distance < best[0]:
                best = (distance, year)
        return best[1] if best else None


def year_from_weekday(weekday: int, month: int, day: int, around: int) -> int | None:
    """The year nearest ``around`` in which month/day falls on ``weekday`` ("Sunday, January 9" -> 2022)."""
    for offset in range(0, 12):
        for year in (around - offset, around + offset):
            found = make_date(year, month, day)
            if found and found.weekday() == weekday:
                return year
    return None


def stamp_date(text: str) -> date | None:
    """A line near the top that is a date stamp: a full date with its year and little else."""
    for line in text[:STAMP_CHARS].splitlines():
        if not line.strip() or len(line) > 100:
            continue
        found = _ISO.search(line)
        day = make_date(*map(int, found.groups())) if found else None
        if day is None:
            m = next((m for m in FULL_DATE.finditer(line) if (p := date_parts(m)) and p[0]), None)
            day = make_date(*date_parts(m)) if m else None
            found = m
        if day is None:
            continue
        rest = line[: found.start()] + " " + line[found.end() :]
        rest = _stamp_words().sub(" ", _TIME.sub(" ", rest))
        rest = re.sub(r"\b(?:" + "|".join(WEEKDAYS) + r")\b", " ", rest, flags=re.I)
        if len(re.findall(r"[^\W\d_]{2,}", rest)) <= 3:
            return plausible_publication(day)
    return None


def url_date(url: str | None) -> date | None:
    """``/2023/09/12/``, ``2023-09-12`` or ``/20230912/`` in a URL's path."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]*", "", url, flags=re.I)
    for pattern in (_URL_DATE, _URL_COMPACT):
        m = pattern.search(path)
        if m:
            groups = [g for g in m.groups() if g not in ("/", "-", "_")]
            found = plausible_publication(make_date(*map(int, groups)))
            if found:
                return found
    return None


def own_date(text: str, url: str | None) -> tuple[date | None, str | None]:
    """The document's date from its text's stamp, else its URL, with the basis."""
    stamped = stamp_date(text)
    if stamped:
        return stamped, "dateline"
    from_url = url_date(url)
    return (from_url, "url") if from_url else (None, None)


def infer_date(text: str, corpus: CorpusDates) -> date | None:
    """An undated text's day: the latest date it gives its report, else its weekdays after the corpus's start."""
    from claimtrack.asof import framing_dates

    body = text[:SCAN_CHARS]
    full, weekdays = framing_dates(body)
    own_years = Counter(year for year, _, _, _ in full if year)
    dated: list[date] = []
    for year, month, day, weekday in full:
        year = year or (own_years.most_common(1)[0][0] if own_years else None) or corpus.year_for(month, day)
        if year is None and weekday is not None:
            year = year_from_weekday(weekday, month, day, corpus.anchor.year if corpus.anchor else date.today().year)
        found = make_date(year, month, day) if year else None
        if found:
            dated.append(found)
    if dated:
        return plausible_publication(max(dated))
    if corpus.anchor is None:
        return None
    if not weekdays:  # "last week's outage": a week after the corpus's start
        return corpus.anchor + timedelta(days=7) if _LAST_WEEKS.search(body) else None
    return _after_weekdays(weekdays, _elapsed_start(body, corpus.anchor))


def _elapsed_start(text: str, anchor: date) -> date:
    """The corpus's start moved on by the text's first "three weeks after" ("nearly" a little less), or to
    the next month's first day when the text calls the event "last month"."""
    m = _ELAPSED.search(text)
    if not m:
        if _LAST_MONTH.search(text):
            return date(anchor.year + anchor.month // 12, anchor.month % 12 + 1, 1)
        return anchor
    n = int(m.group("n")) if m.group("n").isdigit() else _NUMBER_WORDS[m.group("n").lower()]
    days = n * {"d": 1, "w": 7, "m": 30}[m.group("unit")[0].lower()]
    slack = 3 if (m.group("cue") or "").lower() in ("nearly", "almost", "about") else 0
    return anchor + timedelta(days=max(0, days - slack))


def _after_weekdays(weekdays: list[int], start: date) -> date:
    """The first day on or after ``start`` by which every weekday named has come (at most two days early)."""
    for offset in range(7):
        day = start + timedelta(days=offset)
        if all((day - timedelta(days=(day.weekday() - w) % 7)) >= start - timedelta(days=2) for w in weekdays):
            return day
    return start
