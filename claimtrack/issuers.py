"""Who issued a record that a text cites: "according to a statement from the Ministry" is the ministry speaking.

News cites documents as often as people: "a report by X citing Y", "an updated report established on Saturday by
the Ministry of the Interior", "an analysis performed by S&P Global Market Intelligence", and then, further on,
"according to the statement", "according to the same source". A reader cites the issuer, not the document, so:

- a record noun with its issuer ("by"/"from"/"of" and a name) speaks for that issuer; "…, citing Y" inside the
  phrase makes Y the origin and the issuer the relay (``via``);
- a bare record ("the statement", "the announcement", "the same source") is the last named speaker before it in
  the same article, the one who issued it ("the royal office announced … According to the announcement, …");
- a capitalised bare head ("the Ministry") is the fuller name written earlier in the article ("The Moroccan
  Ministry of Interior"), as a reader would take it.

The record nouns are data: ``source_nouns`` and ``record_nouns`` of ``attribution.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from claimtrack.cues import cues
from claimtrack.lexicon import load_data
from claimtrack.speakers import Speaker

NAMED_KINDS = ("person", "organisation", "outlet", "agency")
_NAME = r"(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:of|for|and|the|de|du|des|&|[A-Z][\w.&'’-]*))*"


@dataclass(frozen=True)
class Issued:
    """What a record phrase resolves to: the issuer's name and, for 'X citing Y', the relay X."""

    speaker: Speaker
    via: Speaker | None = None


@cache
def record_nouns() -> frozenset[str]:
    data = load_data("attribution.json")
    return frozenset({*cues().source_nouns, *data["record_nouns"]})


@cache
def _issuer_pattern() -> re.Pattern[str]:
    return re.compile(rf"\b(?:by|from|of)\s+({_NAME})(?:\s*,?\s+(?:citing|quoting)\s+({_NAME}))?\s*$")


_RECORD_MODIFIERS = frozenset(
    {"the", "a", "an", "this", "that", "its", "their", "same", "new", "latest", "updated", "official", "initial"}
    | {"preliminary", "final", "earlier", "previous", "last", "first"}
)


def _head(text: str) -> str | None:
    """The record noun a phrase opens with, past determiners and adjectives: 'an updated report …' -> 'report';
    whole words only ('a 52-count complaint' opens with no record)."""
    for word in text.lower().split()[:4]:
        word = word.strip(",;:'\"“”‘’()")
        if word in record_nouns():
            return word
        if word not in _RECORD_MODIFIERS:
            return None
    return None


def _named(speaker: Speaker, name: str) -> Speaker:
    """The issuer behind a record phrase; the phrase as written stays the speaker's text and span."""
    bare = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return replace(speaker, name=bare, kind="organisation", head=bare.split()[-1].lower(), role=None, affiliation=None)


_DESCRIBED_OWNER = re.compile(r"(?:the|this|that)\s+([a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})['’]s\s+(.+)", re.IGNORECASE)


def _owner_of_record(speaker: Speaker) -> Speaker | None:
    """'the company's cyber catastrophe model', 'the ministry's latest report': a described owner issued the
    record; the description is named later, like any 'the company' or 'the ministry' that speaks."""
    found = _DESCRIBED_OWNER.fullmatch(speaker.text.strip())
    if found is None or found.group(1)[:1].isupper():
        return None
    words = [w.strip(",;:'\"“”‘’()").lower() for w in found.group(2).split()[:4]]
    if not any(w in record_nouns() for w in words):
        return None
    owner = found.group(1).lower()
    return replace(speaker, name=owner, kind="organisation", head=owner.split()[-1], role=None, affiliation=None)


def issued(speaker: Speaker, previous: Speaker | None) -> Issued | None:
    """The issuer a record phrase stands for, or None when the phrase is no record ('the ministry');
    ``previous`` is the speaker of the attribution just before, in this paragraph or the one before."""
    if speaker.kind != "person" and not speaker.name and (owner := _owner_of_record(speaker)) is not None:
        return Issued(owner)
    if speaker.kind == "person" or _head(speaker.text) is None:
        return None
    found = _issuer_pattern().search(speaker.text)
    if found:
        issuer = _named(speaker, found.group(1))
        if found.group(2):
            relay_start = speaker.start + found.start(1)
            relay = replace(issuer, start=relay_start, end=relay_start + len(found.group(1)), text=found.group(1))
            return Issued(_named(speaker, found.group(2)), via=relay)
        return Issued(issuer)
    if speaker.name and speaker.name != re.sub(r"^(?:the|a|an)\s+", "", speaker.text, flags=re.IGNORECASE):
        return None  # "the IMF report": the phrase names its issuer already
    if not _anaphoric(speaker.text):
        return None  # "a source close to the talks" is somebody else
    if previous is not None and previous.kind in NAMED_KINDS and previous.name:
        return Issued(replace(speaker, name=previous.name, kind=previous.kind, role=None, affiliation=None))
    return None


def _anaphoric(text: str) -> bool:
    """'the statement', 'this report', 'the same source' point back to who issued them; 'a source', 'a report'
    do not, nor does a study's 'this finding' or 'the poll' (its own source, as written)."""
    lower = text.lower().strip()
    head = _head(text)
    if not re.match(r"(?:the|this|that|these|its|their)\b", lower) or head not in _issued_nouns():
        return False
    return head != "source" or bool(re.search(r"\bsame\b", lower))


@cache
def _issued_nouns() -> frozenset[str]:
    return frozenset({*load_data("attribution.json")["record_nouns"], "report"})


def fuller_name(name: str, text: str, start: int = 0, end: int | None = None) -> str | None:
    """'Ministry' -> 'Moroccan Ministry of Interior' when the article wrote that fuller name in text[start:end]
    (before the speaker; the whole text by default); a name of two words or more is kept as it is. The text
    is searched in place, not copied: an article has many organisation speakers."""
    if len(name.split()) != 1 or name.lower() not in cues().org_nouns:
        return None
    fuller = [
        re.sub(r"^The\s+", "", run.strip())
        for run in _fuller_pattern(name).findall(text, start, len(text) if end is None else end)
    ]
    fuller = [run for run in fuller if len(run.split()) >= 2]
    return fuller[-1] if fuller else None


@cache
def _fuller_pattern(name: str) -> re.Pattern[str]:
    capitalised, joiner = r"[A-Z][\w'’-]*", r"[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?"
    return re.compile(rf"((?:{capitalised}[ \t]+)*{re.escape(name)}(?:{joiner}{capitalised})*)")
