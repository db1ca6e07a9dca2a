"""The organisation a speaker phrase names, without what the text says of it.

"the airline industry flight tracker FlightAware", "FlightAware data" and "Modeling and analytics firm X" name
FlightAware and X: one origin, one name, wherever a figure is cited from (``claimtrack.sourcing``) and whoever
speaks (``claimtrack.speakers``)."""

from __future__ import annotations

import re

from claimtrack.cues import cues

_NAME_WORD = re.compile(r"[A-Z0-9][\w.&'’-]*")
_NAME_JOINERS = {"of", "and", "for", "de", "du", "des", "la", "le", "the", "&"}
# a preposition before the name makes the words a place or a relation, not a description; "and" does not
# ("modeling and analytics firm X")
_NOT_DESCRIPTORS = frozenset({"in", "of", "at", "for", "from", "with", "on", "by", "near", "to"})


def organisation_name(speaker: str | None) -> str | None:
    """The organisation a speaker phrase names, without what the text says of it, so one origin is one name:
    "the airline industry flight tracker FlightAware" and "FlightAware data" are FlightAware; "MarketWatch's
    price tracker" is MarketWatch. A phrase whose words before the name hold a preposition ("officials in
    Ohio") or whose word before the name is no description of an organisation ("the poll released Friday")
    is returned as written, like any phrase without a name."""
    if not speaker:
        return speaker
    owner = re.match(r"^((?:[A-Z][\w.&-]*\s+)*[A-Z][\w.&-]*)['’]s?\s+[a-z][\w\s-]*$", speaker)
    if owner and not _is_determiner(owner.group(1)):
        return owner.group(1)
    words = speaker.split()
    kept = words
    record_nouns = {*cues().source_nouns, "tracker"}
    while len(kept) > 1 and kept[-1] in record_nouns and _is_name_word(kept[-2]):
        kept = kept[:-1]  # "FlightAware data", not "official figures", "The study" or "U.S. Geological Survey"
    name_start = len(kept)
    while name_start > 0 and (_is_name_word(kept[name_start - 1]) or kept[name_start - 1].lower() in _NAME_JOINERS):
        name_start -= 1
    while name_start < len(kept) and not _is_name_word(kept[name_start]):
        name_start += 1  # a name starts with a name word, not "of" or "the"
    if 0 < name_start < len(kept) and kept[name_start - 1].lower() in cues().descriptor_nouns:
        if not _NOT_DESCRIPTORS & {w.lower() for w in kept[:name_start]}:  # "flight tracker FlightAware"
            kept = kept[name_start:]
    return speaker if kept == words else " ".join(kept)


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our"})


def _is_determiner(word: str) -> bool:
    return word.lower() in _DETERMINERS


def _is_name_word(word: str) -> bool:
    """'FlightAware', '3M'; not 'the', nor a year ('A 2014 study' names nobody)."""
    return bool(_NAME_WORD.fullmatch(word)) and not _is_determiner(word) and any(ch.isalpha() for ch in word)
