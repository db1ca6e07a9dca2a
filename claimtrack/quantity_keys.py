"""Which claims are figures of the same real-world quantity: one key per claim.

A key is (unit, counted, scope):
- ``counted`` is the event or thing counted after normalisation: the phrase's words are
  singularised and looked up in the synonym classes of ``claimtrack/data/quantities.json``
  ("people arrested", "arrests", "detainees" → detained; "deaths", "death toll", "dead" → killed;
  "troops", "soldiers", "servicemen" → troops). A phrase with no class keeps its content words.
- ``scope`` says which part of the whole: the phrase's other content words (a subgroup: "law
  enforcement officers killed", "Russian paratroopers") and a place named in the claim's clause
  ("in Almaty"). A country is not a scope: the national figure is the figure.
- A bare "people" takes the event named closest to it in its clause ("the earthquake killed 43
  people", "12 people died"); with none ("Overall, 5,135 people have been set") it takes the key of the
  claim just before it in the same sentence, or in the article when a totalising word
  ("overall", "in total") says the figure sums up what came before.
Claims with no unit, a unit of time ("years", "weeks"), no counted words, two event classes at
once ("killed or injured") or only generic words get no key and join no quantity. A key of one bare
noun outside the synonym classes ("195 countries", "four candidates") holds for its own article
only: nothing says another article's countries are the same ones.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from babel import Locale

from claimtrack.frame import lexicon as frame_lexicon
from claimtrack.frame import unit_family
from claimtrack.lexicon import load_data
from claimtrack.nlp import singular_noun

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
PLACE = re.compile(r"\b(?:[Ii]n|at|near|outside)\s+(?:the\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")
CLAUSE_BREAK = re.compile(r"[,;:()\u2014]")
NOT_PLACES = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class QuantityKey:
    unit: str
    counted: str  # the measure ("killed", "share change") or, without one, the counted words
    scope: str  # "" for the whole: the subgroup, place and earlier event, joined by "; "
    kind: str  # cumulative (a toll that only grows) or stock (a snapshot, such as troops deployed)
    article: str | None = None  # set when the words alone cannot say which quantity it is ("4 candidates")
    fixed: bool = False  # a property of the event (a magnitude): readings differ, they are not updated


def quantity_id(key: QuantityKey) -> str:
    """Stable across runs: a hash of what the key says."""
    text = "\x1f".join([key.unit, key.counted, key.scope, *([key.article] if key.article else [])])
    return "q_" + hashlib.sha256(text.encode()).hexdigest()[:16]


PRONOUNS = {"it", "he", "she", "they", "we", "you", "his", "her", "its", "their", "this", "these", "those", "there"}
EVENT_WORD = re.compile(r"[a-z]+")
CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][A-Za-z]{2,}|[A-Z]{3,})\b", re.MULTILINE)


@dataclass(frozen=True)
class _Rules:
    classes: dict[str, str]  # word -> class
    cumulative: frozenset[str]
    generic: frozenset[str]
    neutral: frozenset[str]
    time_units: frozenset[str]
    totalizers: tuple[str, ...]
    partitives: tuple[str, ...]
    event_nouns: dict[str, str]  # word -> event family ("riot" -> unrest)


@cache
def _rules() -> _Rules:
    data = load_data("quantities.json")
    classes = {word: name for name, words in data["classes"].items() for word in words}
    return _Rules(
        classes=classes,
        cumulative=frozenset(data["cumulative"]),
        generic=frozenset(data["generic_heads"]),
        neutral=frozenset(data["neutral_words"]),
        time_units=frozenset(data["time_units"]),
        totalizers=tuple(data["totalizers"]),
        partitives=tuple(data["partitives"]),
        event_nouns={word: family for family, words in data["event_families"].items() for word in words},
    )


@cache
def _countries() -> frozenset[str]:
    names = {name for code, name in Locale("en").territories.items() if code.isalpha()}
    return frozenset(names | {"Russia", "America", "Britain", "the United States", "US", "USA", "UK"})


@cache
def _singular(word: str) -> str:
    """``singular_noun`` remembered: the same few thousand words come back in every article."""
    return singular_noun(word)


def _words(counted: str) -> list[str]:
    return [_singular(w.lower().replace("’", "'")) for w in WORD.findall(counted)]


def _clause(sentence: str, surface: str) -> str:
    """The stretch of the sentence between the punctuation marks around the figure."""
    at = sentence.find(surface)
    if at < 0:
        return sentence
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(sentence)]
    start = max((b for b in breaks if b < at), default=-1) + 1
    end = min((b for b in breaks if b >= at + len(surface)), default=len(sentence))
    return sentence[start:end]


def places_of(sentence: str, surface: str) -> list[str]:
    """Places (not countries) named in the figure's clause or in a sentence-opening "In X,"."""
    found = [m.group(1) for m in PLACE.finditer(_clause(sentence, surface))]
    opening = re.match(r"\s*(?:In|At)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)(?:\s+alone)?\s*,", sentence)
    if opening:
        found.append(opening.group(1))
    return sorted({p for p in found if p not in _countries() and p not in NOT_PLACES})


def _event_in_clause(sentence: str, surface: str) -> str | None:
    """The event class named closest to the figure in its clause ("the earthquake killed 43 people",
    "12 people died"), when one is clearly closest."""
    rules = _rules()
    clause = _clause(sentence, surface)
    at = clause.find(surface)
    if at < 0:
        return None
    found = []
    for m in WORD.finditer(clause):
        name = rules.classes.get(_singular(m.group().lower()))
        if name is not None:
            distance = at - m.end() if m.end() <= at else m.start() - (at + len(surface))
            found.append((distance, name))
    found.sort()
    if not found or (len(found) > 1 and found[1][0] == found[0][0] and found[1][1] != found[0][1]):
        return None
    return found[0][1]


def _mentions_any(text: str, phrases: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(p)}\b", lowered) for p in phrases)


def _kind(event: str) -> str:
    return "cumulative" if event in _rules().cumulative else "stock"


PERSON_MEASURES = {"killed", "injured", "seriously injured", "missing", "detained", "displaced", "evacuated", "rescued"}


def _frame_key(claim: dict) -> QuantityKey | None:
    """The key from the claim's quantity frame (``claimtrack.frame``): measure, unit, and as scope the
    subgroup, the place and an earlier event; None when the frame names no measure."""
    measure = claim.get("measure")
    lx = frame_lexicon()
    unit = _frame_unit(claim, measure)
    read_unit = (claim.get("unit") or "").lower()
    if read_unit in _rules().time_units:  # "deadliest in more than six decades" counts no dead
        return None
    # "five states" counts states; "crossed the 200 threshold Thursday" counts the dead
    counts_a_thing = claim.get("subject") not in (None, "people") and claim.get("subject") == read_unit
    people = measure in PERSON_MEASURES and not counts_a_thing and not (unit and (unit.isupper() or unit == "percent"))
    if people:  # "the toll rose to 2012, informs ...": a misread unit still counts the dead
        unit = "person"
    things = lx.counted_things.get(measure or "", ())
    if things and (not read_unit or read_unit in things or unit in things):  # "1,100 cancellations", "1,100 flights"
        unit = things[0]
    if not measure or not unit or unit in _rules().time_units:
        return None
    subject = claim.get("subject") if not people or read_unit == "person" else "people"
    part = subject if subject and subject not in ("people", unit) else None
    scope = "; ".join(p for p in (part, claim.get("place"), _event_of(claim)) if p)
    kind = "cumulative" if measure in lx.cumulative else "stock"
    # a property of the event, or a figure of an earlier event: dates do not order its readings
    return QuantityKey(unit, measure, scope, kind, fixed=measure in lx.fixed or bool(_event_of(claim)))


def _one_incident(claim: dict) -> bool:
    """ "One person was killed when a sign fell on a car": a count of exactly one tells of an incident, not a
    toll that reports could state and revise."""
    return claim.get("qualifier") == "exact" and claim.get("value") == 1 and claim.get("unit") in ("person", None)


def _spans_time(claim: dict) -> bool:
    """ "the deadliest quake in more than six decades": a span of time, whatever unit it was read with."""
    words = _words(claim.get("surface") or "")
    return bool(words) and words[-1] in _rules().time_units


def _event_of(claim: dict) -> str | None:
    """The event a figure belongs to when it is not the article's: a year in its reach, or "earlier" for a
    figure the dates say holds for no day of the report (as_of null by the clause: "Katrina killed 1,392")."""
    if claim.get("event"):
        return claim["event"]
    return "earlier" if claim.get("as_of") is None and claim.get("as_of_basis") == "none" else None


def _frame_unit(claim: dict, measure: str | None) -> str | None:
    """The unit a frame's figure is in: a magnitude is a magnitude whatever noun follows ("a 6.8 quake"); a
    depth or distance takes the first length word of its unit, counted words or surface ("77 kilometers
    southwest" read with unit "southwest")."""
    if measure == "magnitude":
        return "magnitude"
    if measure in ("wind speed", "speed"):  # "140 MPH Thursday", "140 miles (225 kilometers) per hour"
        text = " ".join(filter(None, (claim.get("unit"), claim.get("counted"), claim.get("surface")))).lower()
        if re.search(r"\bmph\b|\bmiles?\b", text):
            return "mph"
        if re.search(r"\bkm|\bkilomet", text):
            return "km/h"
        if re.search(r"\bknots?\b", text):
            return "knot"
    unit = unit_family(claim.get("unit"))
    if measure in ("depth", "distance"):
        lengths = frame_lexicon().length_units
        for text in (claim.get("unit"), claim.get("counted"), claim.get("surface")):
            for word in re.findall(r"[a-z]+", (text or "").lower()):
                if word in lengths or unit_family(word) in lengths:
                    return unit_family(word)
    return unit


def _own_key(claim: dict) -> tuple[QuantityKey | None, bool]:
    """The claim's key, and whether it is a bare generic count that may inherit one. A vague amount
    ("millions", "dozens") sizes a quantity rather than reports it, and joins none."""
    if claim.get("qualifier") == "vague" or _spans_time(claim) or _one_incident(claim):
        return None, False
    return _counted_key(claim)


def _counted_key(claim: dict) -> tuple[QuantityKey | None, bool]:
    """The claim's key from its frame, else its own words, and whether it is a bare generic count that
    may inherit one."""
    framed = _frame_key(claim)
    if framed is not None:
        return framed, False
    key, bare = _word_key(claim)
    extra = [p for p in (claim.get("place"), claim.get("event")) if p and p not in (key.scope if key else "")]
    if key is not None and extra:  # the frame's place and earlier event still tell quantities apart
        key = replace(key, scope="; ".join(p for p in (key.scope, *extra) if p))
    return key, bare


def _word_key(claim: dict) -> tuple[QuantityKey | None, bool]:
    """The key from the counted words alone (a claim whose frame names no measure)."""
    rules = _rules()
    unit, counted = claim.get("unit"), claim.get("counted")
    if not unit or unit in rules.time_units or not counted:
        return None, False
    words = _words(counted)
    classes = {rules.classes[w] for w in words if w in rules.classes}
    if len(classes) > 1:
        return None, False
    generic = any(w in rules.generic for w in words)
    rest = sorted({w for w in words if w not in rules.neutral and w not in rules.generic and w not in rules.classes})
    places = places_of(claim.get("sentence") or "", claim.get("surface") or "")
    if classes:  # a participle beside a known event says how it was reported ("bodies delivered"), not a part
        (name,) = classes
        rest = [w for w in rest if not w.endswith("ed")]
        return QuantityKey(unit, name, "; ".join([*rest, *places]), _kind(name)), False
    if generic:
        event = _event_in_clause(claim.get("sentence") or "", claim.get("surface") or "")
        if event is not None:
            return QuantityKey(unit, event, "; ".join([*rest, *places]), _kind(event)), False
        return None, True
    if not rest:
        return None, False
    # One bare noun ("195 countries", "four candidates") names no quantity that other articles could share.
    article = claim["article_id"] if len(rest) < 2 and not places else None
    return QuantityKey(unit, " ".join(rest), "; ".join(places), "stock", article), False


@cache
def _event_forms() -> dict[str, str]:
    """Every event noun and its plural -> its family, so that an article is scanned with set lookups."""
    forms = {}
    for word, family in _rules().event_nouns.items():
        for form in (word, word + "s", word + "es", word[:-1] + "ies" if word.endswith("y") else word):
            forms[form] = family
    return forms


def anchors(text: str, dateline: str | None = None) -> frozenset[str]:
    """What an article is about, to tell two events apart: its dateline place, the names capitalised
    inside its sentences (places, organisations, people; not weekdays or months) and the families of
    the event nouns it uses ("riot", "protest", "clash" -> unrest; "quake", "aftershock" -> earthquake).
    Two figures can only conflict when their articles share one."""
    rules = _rules()
    capitalised = {m.group(1).casefold() for m in CAPITALISED.finditer(text)}
    names = {w for w in capitalised if w.title() not in NOT_PLACES and w not in rules.neutral and w not in PRONOUNS}
    forms = _event_forms()
    events = {forms[w] for w in set(EVENT_WORD.findall(text.lower())) if w in forms}
    place = {dateline.casefold()} if dateline else set()
    return frozenset(names | events | place)


def quantity_keys(claims: list[dict]) -> dict[str, QuantityKey]:
    """claim_id -> key, for the claims that have one; ``claims`` are rows of the claims table."""
    rules = _rules()
    keys: dict[str, QuantityKey] = {}
    ordered = sorted(claims, key=lambda c: (c["article_id"], c["doc_start"]))
    previous: dict[tuple[str, str], dict] = {}  # (article, unit) -> last keyed claim
    dated = {c["article_id"] for c in claims if c.get("as_of") is not None}
    for claim in ordered:
        # an article with no date anywhere gives its figures no date: that is no sign of an earlier event
        key, bare = _own_key(claim if claim["article_id"] in dated else {**claim, "as_of_basis": "undated"})
        if bare:
            before = previous.get((claim["article_id"], claim.get("unit")))
            sentence = claim.get("sentence") or ""
            if (
                before is not None
                and not _mentions_any(sentence, rules.partitives)
                and (before["sentence"] == sentence or _mentions_any(sentence, rules.totalizers))
            ):
                key = keys[before["claim_id"]]
        if key is not None:
            keys[claim["claim_id"]] = key
            previous[(claim["article_id"], key.unit)] = claim
    return keys
