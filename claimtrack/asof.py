"""The date a figure holds for (``as_of``) and how it was found (``as_of_basis``).

A figure takes a date from the clause that states it, never from a date that only sets the scene:
"since Saturday", "protests that began on January 2", "Monday's earthquake", "the quake that struck on
Friday", "meetings dated May 3". Per figure, the first rule that applies wins:

1. ``stated`` / ``relative``: a date in the figure's clause that is not scene-setting for it: a full
   date ("on January 7, 2022"; "January 7" takes the article's year; "between July 18 and 22" its end),
   or a relative day resolved against the article's date ("today", "yesterday", a weekday, "last
   week/month/year"); else a date of the sentence's statement ("…, officials said Sunday"); else
   "Previously, …" (the day before). A date after the article's date (a deadline) is no figure's date.
2. ``none`` (null): a historical figure: a bare earlier year in its clause ("In 2004, 628 were
   killed"), or in the phrase a relative clause describes ("2005's storm, which killed 1,392").
3. a property of the event itself (its magnitude, depth, distance, wind speed: the units in
   ``data/dates.json``) takes the event's day, from the article's first "struck on Friday".
4. the story's day: a lead that dates its report a few days before publication ("Survivors searched
   on Sunday", published Monday) dates the article's undated figures.
5. the article's date, with its basis (``dateline``, ``published``, ``url``, ``inferred``); else null.

Clauses are read from punctuation and opener words (", which", ", killing", "after", ";"), so a
sentence is read once and each figure looks only at its own clause.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from claimtrack.dates import DATELINE, FULL_DATE, WEEKDAYS, date_parts, make_date
from claimtrack.lexicon import alternation, load_data

if TYPE_CHECKING:
    from claimtrack.segment import Article

STATED, RELATIVE, NONE = "stated", "relative", "none"
BASES = ("stated", "relative", "dateline", "published", "url", "inferred", "none")
STORY_WINDOW_DAYS = 6  # a lead dated up to six days before publication dates the story
LEAD_SENTENCES = 4  # a headline repeated, a caption, then the lead


@dataclass(frozen=True)
class _Patterns:
    weekday: re.Pattern[str]
    relative: re.Pattern[str]
    event_verb: re.Pattern[str]
    scene_before: re.Pattern[str]
    statement_before: re.Pattern[str]
    boundary: re.Pattern[str]
    relative_pronoun: re.Pattern[str]
    year: re.Pattern[str]
    property_units: frozenset[str]
    property_cue: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    data = load_data("dates.json")
    days = "|".join(WEEKDAYS)
    openers = alternation(data["clause_openers"])
    bare = alternation(data["bare_openers"])
    timeword = rf"(?:{days}|\d|(?:on|last|this|late|early)\s)"
    return _Patterns(
        weekday=re.compile(rf"\b(?P<day>{days})\b", re.I),
        relative=re.compile(
            r"\b(today|tonight|this morning|this evening|this afternoon|yesterday|last night|last week|last month"
            r"|last year)\b",
            re.I,
        ),
        event_verb=re.compile(rf"\b(?:{alternation(data['event_verbs'])})\b", re.I),
        scene_before=re.compile(rf"\b(?:{alternation(data['scene_openers'])})\s+(?:(?:on|late|early|last)\s+)*$", re.I),
        statement_before=re.compile(  # "said Sunday", "said in its storm update on Sunday"
            rf"\b(?:{alternation(data['statement_verbs'])})(?:\s+(?:(?:on|late|early|last)\s+)*"
            rf"|(?:\s+(?!(?:that|which|who|when|after|since|before)\b)[\w'’]+){{1,5}}\s+on\s+)$",
            re.I,
        ),
        boundary=re.compile(
            rf";|\s[—–-]{{1,2}}\s|—|,\s+(?:and\s+)?(?=(?:{openers})\b(?!\s+of\b)|[a-z]+ing\b)"
            rf"|\s(?=(?:{bare})\s+(?!{timeword}))",
            re.I,
        ),
        relative_pronoun=re.compile(
            r"\b(?:that|which|who)\s+(?:\w+ly\s+)?(?=\w+ed\b|(?:was|were|had|has|have|is|are|hit|struck|began|swept|"
            r"shook|tore|broke|came|made)\b)",
            re.I,
        ),
        year=re.compile(r"(?<![\d$£€.,])\b(1[89]\d\d|20\d\d)\b(?!\s*(?:%|percent|[-–]\d))(?P<pos>['’]s\b)?"),
        property_units=frozenset(u.lower() for u in data["event_property_units"]),
        property_cue=re.compile(
            rf"\b(?:{alternation(data['event_property_cues'])}|{alternation(data['event_verbs'])})\b", re.I
        ),
    )


@dataclass(frozen=True)
class TimeMention:
    """A date in a sentence: its span, the day it names and how (stated or relative)."""

    start: int
    end: int
    day: date | None
    basis: str
    scene: bool = False  # sets the scene for every figure ("since Monday", "Monday's earthquake")
    governor: int | None = None  # an event verb or relative pronoun before it: scene for figures outside
    statement: bool = False  # "officials said Sunday": dates the whole sentence's statement
    event: bool = False  # an event verb governs it: "the quake struck late on Friday" gives the event's day
    adverbial: bool = False  # "on Sunday", "said Sunday": dates an action or a statement, not a noun


@dataclass(frozen=True)
class ArticleDates:
    """What every sentence of an article shares: its date and basis, the event's day, the story's day."""

    published: date | None
    basis: str
    event_day: tuple[date, str] | None = None
    story_day: tuple[date, str] | None = None


def _resolve_month_day(month: int, day: int, reference: date | None) -> date | None:
    """ "January 7" with no year: the reference's year, or the year before when that would be after it."""
    if reference is None:
        return None
    found = make_date(reference.year, month, day)
    if found and found > reference + timedelta(days=1):
        found = make_date(reference.year - 1, month, day)
    return found


def _range_end(sentence: str, m: re.Match[str], month: int, year: int | None) -> tuple[int, int | None]:
    """ "between July 18 and 22", "July 18-22": the end of the range and its day."""
    after = re.match(
        r"\s*(?:and|to|-|–|through)\s*(\d{1,2})\b(?![,.]?\d|\s*(?:%|percent|[a-z]))", sentence[m.end() :], re.I
    )
    before = re.search(r"\b(?:between|from)\s+(?:\w+\s+){0,3}$", sentence[max(0, m.start() - 40) : m.start()])
    if after and (before or after.group(0).strip()[:1] in "-–"):
        return m.end() + after.end(), int(after.group(1))
    return m.end(), None


def _full_dates(sentence: str, reference: date | None) -> list[TimeMention]:
    found = []
    for m in FULL_DATE.finditer(sentence):
        parts = date_parts(m)
        if parts is None:
            continue
        year, month, day = parts
        end, last = _range_end(sentence, m, month, year)
        day = last or day
        when = make_date(year, month, day) if year else _resolve_month_day(month, day, reference)
        if when is not None and reference is not None and when > reference + timedelta(days=1):
            when = None  # a deadline or a forecast, not the day a figure holds for
        found.append(_mention(sentence, m.start(), end, when, STATED, is_range=last is not None))
    return found


def _relative_day(word: str, reference: date) -> date:
    word = " ".join(word.lower().split())
    if word in ("yesterday", "last night"):
        return reference - timedelta(days=1)
    if word == "last week":
        return reference - timedelta(days=reference.weekday() + 1)
    if word == "last month":
        return reference.replace(day=1) - timedelta(days=1)
    if word == "last year":
        return date(reference.year - 1, 12, 31)
    return reference


def _relative_dates(sentence: str, reference: date | None, taken: list[tuple[int, int]]) -> list[TimeMention]:
    p = _patterns()
    found = []
    for m in p.relative.finditer(sentence):
        when = _relative_day(m.group(1), reference) if reference else None
        found.append(_mention(sentence, m.start(), m.end(), when, RELATIVE))
    for m in p.weekday.finditer(sentence):
        if any(s - 4 <= m.end() and m.start() < e for s, e in taken):
            continue  # "Thursday (September 26)", "Tuesday, October 1": the full date says it
        if re.search(r"\bnext\s+$", sentence[max(0, m.start() - 6) : m.start()], re.I):
            continue
        when = None
        if reference:
            back = (reference.weekday() - WEEKDAYS[m.group("day").lower()]) % 7
            if back == 0 and re.search(r"\blast\s+$", sentence[max(0, m.start() - 6) : m.start()], re.I):
                back = 7  # "last Friday" said on a Friday: a week ago
            when = reference - timedelta(days=back)
        found.append(_mention(sentence, m.start(), m.end(), when, RELATIVE))
    return found


def _mention(sentence: str, start: int, end: int, when: date | None, basis: str, is_range: bool = False) -> TimeMention:
    """A date with what the words around it say about it: scene-setting, governed by a verb, a statement's."""
    p = _patterns()
    before = sentence[max(0, start - 60) : start]
    possessive = re.match(r"['’]s\b", sentence[end:])
    scene = bool(possessive) or (not is_range and bool(p.scene_before.search(before)))
    scene = scene or bool(re.search(r"\bof\s+(?:last\s+)?$", before, re.I))  # "the earthquake of last Friday"
    governor, event = _governor(sentence, start)
    statement = bool(p.statement_before.search(before)) or bool(
        re.match(r"\s*(?:,\s*)?(?:" + "|".join(("said", "reported", "announced", "told")) + r")\b", sentence[end:])
    )
    opening = re.fullmatch(r"\W*(?:(?:on|late|early|as of)\s+)*", sentence[:start], re.I)
    adverbial = statement or bool(opening) or bool(re.search(r"\bon\s+(?:(?:late|early)\s+)?$", before, re.I))
    return TimeMention(start, end, when, basis, scene, governor, statement, event, adverbial)


def _governor(sentence: str, start: int) -> tuple[int | None, bool]:
    """Where an event verb ("struck", "made landfall") or a relative clause ("that affected") governing
    the date begins, within its clause and twelve words before it (None when nothing governs it), and
    whether an event verb is among them."""
    p = _patterns()
    window_start = start
    for _ in range(12):
        space = sentence.rfind(" ", 0, window_start - 1)
        if space < 0:
            window_start = 0
            break
        window_start = space
    window = sentence[window_start:start]
    cut = max((m.end() for m in p.boundary.finditer(window)), default=0)
    window = window[cut:]
    events = [m.start() for m in p.event_verb.finditer(window)]
    hits = events + [m.start() for m in p.relative_pronoun.finditer(window)]
    return (window_start + cut + min(hits) if hits else None), bool(events)


_THEN = re.compile(r"\W*(?:at\s+(?:the|that)\s+time|back\s+then|at\s+that\s+point)\b", re.I)


def _set_in_an_earlier_year(sentence: str | None, reference: date | None) -> bool:
    """A sentence holding a bare year before the article's ("Accel invested in 2012."), which an "At the
    time, ..." after it points back to."""
    if not sentence or reference is None:
        return False
    return any(int(m.group(1)) < reference.year for m in _patterns().year.finditer(sentence))


@dataclass
class SentenceDates:
    """The dates of one sentence and its clauses, read once; ``figure`` answers for each figure."""

    text: str
    article: ArticleDates
    mentions: list[TimeMention]
    bounds: list[int]  # segment starts
    openers: list[str]  # the word that opened each segment ("" for the first and after ";")
    previously: bool
    looks_back: bool = False  # "At the time, ..." after a sentence set in an earlier year

    @classmethod
    def read(cls, sentence: str, article: ArticleDates, previous: str | None = None) -> SentenceDates:
        reference = article.published
        dateline = DATELINE.search(sentence[:200])
        if dateline:  # "MOSCOW, Jan 9 (Reuters) - ... on Saturday": the dateline dates the report, not the event
            sentence = " " * dateline.end() + sentence[dateline.end() :]
        full = _full_dates(sentence, reference)
        mentions = sorted(full + _relative_dates(sentence, reference, [(m.start, m.end) for m in full]), key=_start)
        bounds, openers = [0], [""]
        for m in _patterns().boundary.finditer(sentence):
            word = re.match(r"[;,—–\s-]*(?:and\s+)?(\w*)", m.group(0) + sentence[m.end() : m.end() + 20])
            bounds.append(m.start())
            openers.append(word.group(1).lower() if word and m.group(0).strip() not in (";",) else "")
        previously = bool(re.match(r"\W*previously\b", sentence, re.I))
        looks_back = bool(_THEN.match(sentence)) and _set_in_an_earlier_year(previous, reference)
        return cls(sentence, article, mentions, bounds, openers, previously, looks_back)

    def _segment(self, pos: int) -> int:
        return bisect_right(self.bounds, pos) - 1

    def _holds_for(self, mention: TimeMention, start: int, end: int) -> bool:
        """Whether ``mention`` can date the figure at [start, end): not scene-setting for it."""
        if mention.day is None or mention.scene:
            return False
        if mention.governor is not None and not (mention.governor <= start and end <= mention.start):
            return False  # "the quake that struck on Friday(, killing 300)": the figure is outside that clause
        return True

    def figure(self, start: int, end: int, unit: str | None = None) -> tuple[date | None, str]:
        """(as_of, as_of_basis) of the figure at [start, end) of the sentence."""
        segment = self._segment(start)
        own = [m for m in self.mentions if self._segment(m.start) == segment and self._holds_for(m, start, end)]
        if own:
            best = min(own, key=lambda m: abs(m.start - start))
            return best.day, best.basis
        if self.looks_back or self._historical(segment, start, end):
            return None, NONE
        said = [m for m in self.mentions if m.statement and self._holds_for(m, start, end)]
        if said:
            best = min(said, key=lambda m: abs(m.start - start))
            return best.day, best.basis
        reference = self.article.published
        if self.previously and reference is not None:
            return reference - timedelta(days=1), RELATIVE
        if self.article.event_day and self._event_property(start, end, unit):
            return self.article.event_day
        if self.article.story_day:
            return self.article.story_day
        if reference is None:
            return None, NONE
        return reference, self.article.basis

    def _event_property(self, start: int, end: int, unit: str | None) -> bool:
        """A measure of the event itself (a magnitude, a depth, a distance, a wind speed) in a sentence
        about the event: "the quake hit 70 km southwest of the city", "winds of 140 mph"."""
        p = _patterns()
        if not p.property_cue.search(self.text):
            return False
        near = self.text[max(0, start - 12) : start] + " " + self.text[end : end + 24]
        return bool((unit and unit.lower() in p.property_units) or re.search(r"magnitude|richter", near, re.I))

    def _historical(self, segment: int, start: int, end: int) -> bool:
        """An earlier year in the figure's clause, or in the phrase its relative clause describes."""
        reference = self.article.published
        if reference is None:
            return False
        first = segment
        while first > 0 and (
            self.openers[first] in ("which", "who", "when", "where") or self.openers[first].endswith("ing")
        ):
            first -= 1
        lo = self.bounds[first]
        hi = self.bounds[segment + 1] if segment + 1 < len(self.bounds) else len(self.text)
        stated = [(m.start, m.end) for m in self.mentions]
        for m in _patterns().year.finditer(self.text, lo, hi):
            if int(m.group(1)) >= reference.year or any(s <= m.start() < e for s, e in [*stated, (start, end)]):
                continue
            before = self.text[max(0, m.start() - 12) : m.start()]
            since = re.search(r"\b(?:since|from|until|by|before)\s+$", before, re.I)
            when_after = re.match(r"\s*,?\s*when\b", self.text[m.end() :], re.I)
            if since and not (m.group("pos") or when_after):
                continue
            governor = _governor(self.text, m.start())[0]
            if governor is not None and not when_after and not (governor <= start and end <= m.start()):
                continue  # "Unemployment, which peaked in 2020, fell to 4%": the year is the relative clause's
            return True
        return False


def _start(m: TimeMention) -> int:
    return m.start


def lead_days(sentences: list[str], published: date | None) -> tuple[tuple[date, str] | None, tuple[date, str] | None]:
    """(event day, story day) from an article's first sentences: the first date an event verb governs
    ("the quake struck late on Friday") and the first date a lead gives its report when it is a few days
    before publication ("Survivors searched for food on Sunday", published on Monday)."""
    event_day = story_day = None
    lead_open = True
    n = 0  # the lead's sentences: lines of a few words (a credit, a byline) do not count
    for sentence in sentences:
        n += len(sentence.split()) >= 8
        for m in SentenceDates.read(sentence, ArticleDates(published, "published")).mentions:
            if m.day is None:
                continue
            if event_day is None and m.event and m.day <= (published or m.day):
                event_day = (m.day, m.basis)
            elif lead_open and n <= LEAD_SENTENCES and m.basis == RELATIVE and m.adverbial and m.governor is None:
                lead_open = False  # the lead's first weekday of an action or a statement decides ("on Sunday")
                recent = published is not None and published - timedelta(days=STORY_WINDOW_DAYS) <= m.day < published
                if recent and not m.scene:
                    story_day = (m.day, m.basis)
    return event_day, story_day


def resolve_as_of(sentence: str, published: date | None) -> date | None:
    """The date the figures of ``sentence`` hold for (its first figure's clause), or None when the text
    does not say; kept for callers that date a sentence, not a figure."""
    dates = SentenceDates.read(sentence, ArticleDates(published, "published"))
    digit = re.search(r"\d", sentence)
    start = digit.start() if digit else 0
    return dates.figure(start, start + 1)[0]


_ROUGH_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])|\n+")
_FUTURE_BEFORE = re.compile(r"\b(?:will|next|scheduled|due|until|by|before)\b[^.]{0,40}$", re.I)


def framing_dates(text: str) -> tuple[list[tuple[int | None, int, int, int | None]], list[int]]:
    """The dates a text gives its own report, for dating an undated text: full dates (year or None, month,
    day, the weekday written beside it or None) and weekdays, each neither scene-setting, governed by an
    event verb, nor a deadline ("by March 3")."""
    p = _patterns()
    full: list[tuple[int | None, int, int, int | None]] = []
    weekdays: list[int] = []
    for sentence in _ROUGH_SENTENCE.split(text):
        spans = []
        for m in FULL_DATE.finditer(sentence):
            parts = date_parts(m)
            if parts is None:
                continue
            spans.append((m.start(), m.end()))
            mention = _mention(sentence, m.start(), m.end(), None, STATED)
            if mention.scene or mention.governor is not None or _FUTURE_BEFORE.search(sentence[: m.start()]):
                continue
            beside = re.search(rf"\b({'|'.join(WEEKDAYS)})\W{{0,3}}$", sentence[: m.start()], re.I)
            full.append((*parts, WEEKDAYS[beside.group(1).lower()] if beside else None))
        for m in p.weekday.finditer(sentence):
            if any(s - 4 <= m.end() and m.start() < e for s, e in spans):
                continue
            mention = _mention(sentence, m.start(), m.end(), None, RELATIVE)
            if not (mention.scene or mention.governor is not None or _FUTURE_BEFORE.search(sentence[: m.start()])):
                weekdays.append(WEEKDAYS[m.group("day").lower()])
    return full, weekdays


def article_dates(text: str, article: Article) -> ArticleDates:
    """An article's date and basis with the event's and the story's day from its first sentences."""
    from claimtrack.nlp import sentence_spans

    basis = getattr(article, "published_basis", None) or ("published" if article.published else NONE)
    sentences: list[str] = []
    size = 0
    for block in (b for b in article.blocks if b.kind == "body"):
        for line in text[block.start : min(block.end, block.start + 3000)].splitlines():
            if line.strip():
                sentences.extend(line[s:e] for s, e in sentence_spans(line))
                size += len(line)
        if size > 3000:
            break
    event_day, story_day = lead_days(sentences, article.published)
    return ArticleDates(article.published, basis, event_day, story_day)
