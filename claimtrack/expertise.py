"""Who is an independent specialist: a figure an analyst, a modelling firm or a forecaster gives gets ``expert``.

A reader weighs "insured losses of $1.5bn, CyberCube estimates" differently from a figure an airline or a ministry
gives about itself, so an analyst's figure names the analyst in ``expert`` (and the firm stays its ``source``).
Whether an organisation is one is read from what the corpus writes about it, never from a list of names:
- a description before its name: "Modelling firm CyberCube", "modeling and analytics firm Karen Clark & Co.";
- an appositive after it: "Parametrix, a provider of cloud monitoring, modeling and insurance services";
- the speaker phrase itself: "Deutsche Bank analysts", "Analysts", "an analysis performed by S&P Global …".
The words that make a specialist are data (``specialist_words`` in ``attribution.json``); officials, ministries,
companies speaking of themselves and news outlets carry none of them and never get ``expert``.
"""

from __future__ import annotations

import re
from functools import cache

from claimtrack.cues import cues
from claimtrack.entities import Resolution
from claimtrack.lexicon import PhraseFinder, load_data
from claimtrack.speakers import strip_determiner

_WORD = re.compile(r"[A-Za-z][\w-]*")
_DESCRIPTION_WORD = re.compile(r"[a-z][\w-]*|and|&")
_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s+([^.;:()\n]{3,140})")
_APPOSITIVE_END = re.compile(
    r",\s+(?=(?:which|who|that|said|says|and\s+[A-Z]|[A-Z]))|\s+(?:said|says|estimated|estimates)\b"
)
_ORG_KINDS = ("organisation", "outlet", "agency")


@cache
def specialist_words() -> frozenset[str]:
    return frozenset(load_data("attribution.json")["specialist_words"])


def describes_specialist(text: str | None) -> bool:
    """'modelling firm', 'a provider of cloud monitoring, modeling and insurance services', 'Deutsche Bank analysts'."""
    if not text:
        return False
    words = {w.lower() for w in _WORD.findall(text)}
    return bool(words & specialist_words())


def specialist_plural(phrase: str) -> tuple[str, str] | None:
    """'Deutsche Bank analysts' -> ('Deutsche Bank analysts', 'Deutsche Bank'): the specialists and the house
    they work for. None when the phrase does not end in a specialist noun after a name."""
    found = re.fullmatch(r"(?:[Tt]he\s+)?((?:[A-Z][\w.&'’-]*\s+)+)([a-z]+)", phrase.strip())
    if found is None or found.group(2) not in specialist_words():
        return None
    house = re.sub(r"^[Tt]he\s*", "", found.group(1).strip())
    if not house:
        return None  # "The researchers": nobody named
    return f"{house} {found.group(2)}", house


def specialists_from_text(resolution: Resolution, texts: list[str]) -> None:
    """Give an organisation entity without a role the specialist description the corpus writes next to one of
    its names (before it, or as an appositive after it), in place; ``entities.role`` then shows it."""
    lacking = {}
    for entity in resolution.entities:
        if entity.kind in _ORG_KINDS and not entity.role:
            for name in {entity.name, *entity.aliases}:
                if len(name) >= 3:
                    lacking[name] = entity
    if not lacking:
        return
    names = PhraseFinder(lacking)
    for text in texts:
        for start, end, name in names.finditer(text):
            entity = lacking[name]
            if entity.role:
                continue
            description = _written_before(text, start) or _apposed(text, end)
            if describes_specialist(description):
                entity.role = description


def _written_before(text: str, at: int) -> str | None:
    """The lower-case words right before a name that end in a noun describing an organisation
    ('Modelling firm X', 'reinsurance broker X'); the first word may open a sentence."""
    words: list[str] = []
    pos = at
    while len(words) < 6:
        found = re.search(r"([A-Za-z][\w-]*|&)[ \t]+$", text[max(0, pos - 40) : pos])
        if found is None:
            break
        word = found.group(1)
        start = pos - (len(text[max(0, pos - 40) : pos]) - found.start())
        opening = start == 0 or text[start - 1] == "\n" or re.search(r"[.!?]\s+$", text[max(0, start - 3) : start])
        if not (_DESCRIPTION_WORD.fullmatch(word) or (opening and word[:1].isupper() and word[1:].islower())):
            break
        words.insert(0, word)
        pos = start
        if opening:
            break
    heads = cues().org_nouns | cues().descriptor_nouns
    if not words or words[-1].lower() not in heads:
        return None
    return " ".join(words).lower()


def _apposed(text: str, at: int) -> str | None:
    """'X, a provider of cloud monitoring, modeling and insurance services' -> the words after the article."""
    found = _APPOSITIVE.match(text, at, at + 160)
    if found is None:
        return None
    description = found.group(1)
    ends = _APPOSITIVE_END.search(description)
    return (description[: ends.start()] if ends else description).strip() or None


def specialists_from_speakers(resolution: Resolution, speakers: list[tuple[str, str]]) -> None:
    """An organisation a speaker phrase describes as a specialist ('said the weather forecasting firm', resolved
    to the firm named before) is one everywhere in the corpus: its entity takes that description as its role,
    in place. ``speakers``: (phrase as written, resolved name) of organisation speakers."""
    for phrase, name in speakers:
        entity = resolution.lookup(name)
        if entity is not None and entity.kind in _ORG_KINDS and not entity.role and describes_specialist(phrase):
            entity.role = strip_determiner(phrase).lower()
