"""Rules that are data: loaded once from ``claimtrack/data/*.json``.

Keeping the word lists in JSON (not in code) means a reviewer changes a qualifier or a
currency name without touching the parser, and the README can point to one place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


def load_data(name: str) -> dict:
    text = resources.files("claimtrack").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class VagueAmount:
    phrase: str
    low: float | None
    high: float | None
    needs_noun: bool


@dataclass(frozen=True)
class Lexicon:
    pre_qualifiers: dict[str, str]  # phrase (lower case) -> qualifier
    post_qualifiers: dict[str, str]
    vague: dict[str, VagueAmount]
    currency_symbols: dict[str, str]
    currency_names: dict[str, str]
    currency_after_scale: dict[str, str]
    currency_subunits: dict[str, str]
    iso_codes: frozenset[str]
    person_nouns: frozenset[str]
    person_adjectives: frozenset[str]
    people_totals: frozenset[str]
    not_counted_after_vague: frozenset[str]
    level_nouns: frozenset[str]
    unit_before: dict[str, str]
    symbol_units: dict[str, str]
    person_verbs: frozenset[str]
    person_suffixes: tuple[str, ...]
    time_units: dict[str, str]
    time_multipliers: dict[str, int]
    normalise: dict[str, str]
    unit_suffixes: frozenset[str]
    label_nouns: frozenset[str]
    scale_words: dict[str, int]
    scale_needs_money: frozenset[str]
    percent_words: dict[str, str]
    agencies: dict[str, str]


def _babel_currency_names() -> dict[str, str]:
    """English currency names from Babel ("Kenyan shillings" -> KES); metals and historic codes left out."""
    from babel import Locale
    from babel.numbers import get_currency_name

    names: dict[str, str] = {}
    for code in Locale("en").currencies:
        if not re.fullmatch(r"[A-Z]{3}", code) or code.startswith("X"):
            continue
        for count in (1, 2):
            name = get_currency_name(code, count=count, locale="en").lower()
            if "(" not in name and name not in names:
                names[name] = code
    return names


def _iso_codes() -> frozenset[str]:
    """Every ISO 4217 code Babel knows (current and historic), so 'KZT 5bn' is read as money."""
    from babel import Locale

    return frozenset(code for code in Locale("en").currencies if re.fullmatch(r"[A-Z]{3}", code))


@cache
def lexicon() -> Lexicon:
    """The one lexicon of the process (cached: the JSON is read once)."""
    qualifiers = load_data("qualifiers.json")
    vague = load_data("vague_amounts.json")
    currencies = load_data("currencies.json")
    units = load_data("units.json")
    agencies = load_data("agencies.json")
    needs_noun = set(vague["needs_noun"])

    def flip(section: dict[str, list[str]]) -> dict[str, str]:
        return {phrase.lower(): kind for kind, phrases in section.items() for phrase in phrases}

    return Lexicon(
        pre_qualifiers=flip(qualifiers["pre"]),
        post_qualifiers=flip(qualifiers["post"]),
        vague={
            a["phrase"]: VagueAmount(a["phrase"], a["low"], a["high"], a["phrase"] in needs_noun)
            for a in vague["amounts"]
        },
        currency_symbols=currencies["symbols"],
        currency_names={**_babel_currency_names(), **currencies["names"]},
        currency_after_scale=currencies["ambiguous_after_scale_only"],
        currency_subunits=currencies["subunits"],
        iso_codes=_iso_codes(),
        person_nouns=frozenset(units["person_nouns"]),
        person_adjectives=frozenset(units["person_adjectives"]),
        people_totals=frozenset(units["people_totals"]),
        not_counted_after_vague=frozenset(units["not_counted_after_vague"]),
        level_nouns=frozenset(units["level_nouns"]),
        unit_before=units["unit_before"],
        symbol_units=units["symbol_units"],
        person_verbs=frozenset(units["person_verbs"]),
        person_suffixes=tuple(units["person_suffixes"]),
        time_units=units["time_units"],
        time_multipliers=units["time_multipliers"],
        normalise=units["normalise"],
        unit_suffixes=frozenset(units["unit_suffixes"]),
        label_nouns=frozenset(units["label_nouns"]),
        scale_words=units["scale_words"],
        scale_needs_money=frozenset(units["scale_needs_money"]),
        percent_words=units["percent_words"],
        agencies={alias.lower(): name for name, aliases in agencies["agencies"].items() for alias in [name, *aliases]},
    )


def alternation(phrases: list[str] | set[str] | dict) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


_CHUNK = re.compile(r"\S*")


class PhraseFinder:
    """The matches ``re.finditer(rf"(?<![\\w&])({alternation(phrases)})(?![\\w&])", text)`` finds, in the same
    order and with the same phrase chosen at each place, without its cost: Python's regex tries every
    alternative at every position, so thousands of entity names over a corpus took time in the square of its
    size. Here only the places where a phrase's first word is written are tried, and only those phrases."""

    def __init__(self, phrases: list[str] | set[str] | dict) -> None:
        self._by_first: dict[str, list[tuple[int, str, re.Pattern[str]]]] = {}
        for rank, phrase in enumerate(sorted(phrases, key=len, reverse=True)):
            first = phrase.split(" ", 1)[0]
            pattern = re.compile(re.escape(phrase).replace(r"\ ", r"\s+") + r"(?![\w&])")
            self._by_first.setdefault(first, []).append((rank, phrase, pattern))
        initials = "".join(sorted({re.escape(first[0]) for first in self._by_first if first}))
        self._starts = re.compile(rf"(?<![\w&])(?=[{initials}])") if initials else None

    def finditer(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of each non-overlapping match, left to right."""
        found: list[tuple[int, int, str]] = []
        if self._starts is None:
            return found
        done = 0
        for start in self._starts.finditer(text):
            at = start.start()
            if at < done:
                continue
            chunk = _CHUNK.match(text, at).group()
            candidates = sorted(c for n in range(1, len(chunk) + 1) for c in self._by_first.get(chunk[:n], ()))
            for _, phrase, pattern in candidates:
                match = pattern.match(text, at)
                if match is not None:
                    found.append((at, match.end(), phrase))
                    done = match.end()
                    break
        return found
