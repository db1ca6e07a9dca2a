"""When in its day a figure holds: a clock time ("as of 8 a.m. ET", "by 5:00 p.m.") or a moment of the
report ("overnight", "an initial estimate" before "three days later", before "at the time of writing", "now").

Trackers and officials revise a count within a day ("more than 1,100 flights cancelled as of 8 a.m.",
"2200 at about 1:30 p.m."); ordering those figures makes them updates, not conflicts. A clock time orders
figures of any two reports of one day; a moment word only orders figures within one report, since
"now" in two reports is two moments. A clock time right after an event verb ("the quake hit at 11:11
p.m.") is the event's time, not the figure's. Words live in ``data/dates.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimtrack.lexicon import alternation, load_data

START_OF_DAY, LATER, WRITING = 0.0, 12.0, 24.0  # an earlier moment of the report, a later one, the moment of writing


@dataclass(frozen=True, slots=True)
class Moment:
    hour: float  # 0 (the day's start) to 24 (the moment of writing)
    clock: bool  # from a clock time: comparable across reports


@dataclass(frozen=True)
class _Patterns:
    clock: re.Pattern[str]
    earlier: re.Pattern[str]
    later: re.Pattern[str]
    current: re.Pattern[str]
    event_verb: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    data = load_data("dates.json")
    return _Patterns(
        clock=re.compile(
            rf"\b(?:{alternation(data['clock_prepositions'])})\s+"
            r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>[ap])\.?\s?m\b\.?",
            re.I,
        ),
        earlier=re.compile(rf"\b(?:{alternation(data['earlier_moments'])})\b", re.I),
        later=re.compile(rf"\b(?:{alternation(data['later_moments'])})\b", re.I),
        current=re.compile(rf"\b(?:{alternation(data['current_moments'])})\b", re.I),
        event_verb=re.compile(rf"\b(?:{alternation(data['event_verbs'])})\s+(?:\w+\s+){{0,2}}$", re.I),
    )


def moment_of(sentence: str, at: int = 0) -> Moment | None:
    """The moment of its day the figure at offset ``at`` of a sentence holds for, if the sentence says one: a
    clock time wins; else the moment word nearest before the figure ("Three days later, ... to $145 billion,
    explaining that the first estimate ..." is the later one), else the nearest after it."""
    p = _patterns()
    for m in p.clock.finditer(sentence):
        if p.event_verb.search(sentence[: m.start()]):
            continue
        hour = int(m.group("h")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
        if hour < 24:
            return Moment(hour + int(m.group("m") or 0) / 60, clock=True)
    words = [  # a moment word before the figure opens its clause ("Now, ..."); one after it, only when none is
        (m.start() > at, abs(m.start() - at), hour)
        for pattern, hour in ((p.earlier, START_OF_DAY), (p.later, LATER), (p.current, WRITING))
        for m in pattern.finditer(sentence)
    ]
    return Moment(min(words)[2], clock=False) if words else None


def order_within_day(a: Moment | None, b: Moment | None, same_report: bool) -> int:
    """-1 when ``a`` is before ``b``, 1 when after, 0 when their order is unknown or the same."""
    if a is None or b is None or a.hour == b.hour:
        return 0
    if not same_report and not (a.clock and b.clock):
        return 0
    return -1 if a.hour < b.hour else 1
