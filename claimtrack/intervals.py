"""Every claim as an interval of the values it allows, so that compatibility is interval overlap.

- exact: [v, v], widened for rounding when the figure is round: a figure ending in k zeros may
  stand for anything that rounds to it, so it gets ±min(10^k / 2, ``rounding_tolerance`` · v)
  ("5,000" in a headline holds 4,750–5,250 and so agrees with "5,135"; "8,200" holds 8,150–8,250);
- approximate ("about", "some", "roughly"): v ± ``approximate_tolerance`` · v (10 %), or the
  rounding width when it is wider;
- lower_bound ("more than 5,000"): [low, ∞); upper_bound ("up to 300"): [0, high], except just
  below a figure ("nearly 80", "almost 80": the ``just_below`` words) which is [high · (1 − 10 %), high];
- range: [low, high]; vague ("dozens"): the bounds the lexicon gives it (24–99), open when none.
The two tolerances live in ``claimtrack/data/quantities.json``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from claimtrack.lexicon import load_data


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float  # math.inf when open

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    def describe(self) -> str:
        if self.is_point:
            return _number(self.low)
        if math.isinf(self.high):
            return f"≥ {_number(self.low)}"
        return f"{_number(self.low)}–{_number(self.high)}"


def _number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() or abs(x) >= 100 else f"{x:,.2f}".rstrip("0").rstrip(".")


@cache
def _tolerances() -> tuple[float, float]:
    data = load_data("quantities.json")
    return float(data["approximate_tolerance"]), float(data["rounding_tolerance"])


@cache
def _just_below() -> re.Pattern[str]:
    words = load_data("quantities.json")["just_below"]
    return re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def rounding_width(value: float) -> float:
    """Half the step a round figure was rounded to, capped at a share of the figure."""
    if value <= 0 or not float(value).is_integer() or value < 10:
        return 0.0
    digits = str(int(value))
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return 0.0
    return min(10**zeros / 2, _tolerances()[1] * value)


def claim_interval(
    qualifier: str, value: float | None, low: float | None, high: float | None, surface: str = ""
) -> Interval | None:
    """The values a claim allows, or None when it gives no number to compare."""
    approximate, _ = _tolerances()
    if qualifier == "exact" and value is not None:
        width = rounding_width(value)
        return Interval(value - width, value + width)
    if qualifier == "approximate" and value is not None:
        width = max(approximate * abs(value), rounding_width(value))
        return Interval(value - width, value + width)
    if qualifier == "lower_bound" and (low if low is not None else value) is not None:
        return Interval(low if low is not None else value, math.inf)
    if qualifier == "upper_bound" and (high if high is not None else value) is not None:
        top = high if high is not None else value
        return Interval(top * (1 - approximate) if _just_below().match(surface) else 0.0, top)
    if qualifier in ("range", "vague") and (low is not None or high is not None):
        return Interval(low if low is not None else 0.0, high if high is not None else math.inf)
    return None


@cache
def _reading_tolerance() -> float:
    return float(load_data("quantities.json")["reading_tolerance"])


def reading_interval(
    qualifier: str, value: float | None, low: float | None, high: float | None, surface: str = ""
) -> Interval | None:
    """The values a reader takes a figure to mean when comparing two reports: an upper bound is "close to N"
    ("nearly 3,000", "as many as 1,684": a little under N, not anything below it), an approximate figure
    within ``reading_tolerance`` (5 %) of N; a lower bound reaches to twice its figure ("at least 40" holds
    "about 70", not a later 632 against "at least 296"; a raised bound on a later day is told apart by
    ``relations``); exact, range and vague as in ``claim_interval``. Used to relate figures; the claims keep
    their open bounds."""
    tolerance = _reading_tolerance()
    if qualifier == "approximate" and value is not None:
        width = max(tolerance * abs(value), rounding_width(value))
        return Interval(value - width, value + width)
    if qualifier == "lower_bound" and (low if low is not None else value) is not None:
        base = low if low is not None else value
        return Interval(base, 2 * base if base > 0 else math.inf)  # "at least 296" is not 632
    if qualifier == "upper_bound" and (high if high is not None else value) is not None:
        top = high if high is not None else value
        return Interval(top - max(2 * tolerance * abs(top), rounding_width(top)), top)
    return claim_interval(qualifier, value, low, high, surface)
