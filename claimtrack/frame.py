"""The quantity frame of a figure: what happened or holds (measure), who or what is counted (subject),
the area it covers (place) and which event it belongs to, read from the sentence's dependency parse.

Why a parse: the words that say what a figure counts are rarely next to it ("the number of fatalities from
the earthquake that hit on Friday has risen to 2,862"; "killed at least 2,012 people and injured 2,059
others"). Every word of the sentence that names a measure (``data/frames.json``) is a candidate; the one
closest to the figure in the parse tree decides, and a word closer to another figure of the same sentence
belongs to that figure. Places are the entity tagger's GPE/LOC/FAC names near the figure (a country is
the whole, not a part), and a year in the figure's clause other than the article's marks an earlier
event ("the 2004 quake killed 628"). Each distinct sentence is parsed once.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from babel import Locale
from spacy.tokens import Doc, Token

from claimtrack.dates import MONTHS
from claimtrack.lexicon import load_data
from claimtrack.nlp import Parse, parser

MAX_TREE_DISTANCE = 6
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
COUNTY = re.compile(
    r"(?<![\w'’.-])(?:(?:In|At|The|in|at|the)\s+)?"
    r"((?!(?:In|At|The)\s)[A-Z][\w'’.-]+(?:[ \t]+[A-Z][\w'’.-]+)*[ \t]+"
    r"(?:County|Province|Prefecture|Parish|District|Region|county|province|prefecture|parish|district|region))\b"
)


@dataclass(frozen=True)
class Frame:
    measure: str | None
    subject: str | None
    place: str | None
    event: str | None


FRAME_COLUMNS = ("measure", "subject", "place", "event")  # Frame's fields, as claim columns


@dataclass(frozen=True)
class _Lexicon:
    measure_of: dict[str, tuple[str, ...]]  # lemma or two-word lemma -> the measures it can name, in order
    money_only: frozenset[str]  # measures only money or a percentage can have (a loss, a share change)
    fixed: frozenset[str]
    cumulative: frozenset[str]
    generic_people: frozenset[str]
    intensifiers: frozenset[str]
    length_units: frozenset[str]
    unit_family: dict[str, str]
    revision_cues: tuple[str, ...]
    not_places: frozenset[str]
    storm_words: frozenset[str]
    landforms: frozenset[str]
    counted_things: dict[str, tuple[str, ...]]  # measure -> interchangeable counted nouns, the subject first
    later_shocks: frozenset[str]
    measure_cues: dict[str, frozenset[str]]  # measure -> words one of which the sentence must hold
    local_areas: frozenset[str]


@cache
def lexicon() -> _Lexicon:
    data = load_data("frames.json")
    measure_of: dict[str, tuple[str, ...]] = {}
    for measure, words in data["measures"].items():
        for word in words:
            measure_of[word] = (*measure_of.get(word, ()), measure)
    family = {form: name for name, forms in data["unit_families"].items() for form in forms}
    return _Lexicon(
        measure_of=measure_of,
        money_only=frozenset(data["money_measures"]),
        fixed=frozenset(data["fixed_measures"]),
        cumulative=frozenset(data["cumulative"]),
        generic_people=frozenset(data["generic_people"]),
        intensifiers=frozenset(data["intensifiers"]),
        length_units=frozenset(data["length_units"]),
        unit_family=family,
        revision_cues=tuple(data["revision_cues"]),
        not_places=frozenset(data["not_places"]),
        storm_words=frozenset(data["storm_words"]),
        landforms=frozenset(data["landforms"]),
        counted_things={m: tuple(words) for m, words in data["counted_things"].items()},
        later_shocks=frozenset(data["later_shocks"]),
        measure_cues={m: frozenset(words) for m, words in data["measure_cues"].items()},
        local_areas=frozenset(data["local_areas"]),
    )


@cache
def countries() -> frozenset[str]:
    """Country names (CLDR, through babel) and the usual short forms: a country's figure is the whole."""
    names = {name for code, name in Locale("en").territories.items() if code.isalpha()}
    names |= {"Russia", "America", "Britain", "United States", "US", "U.S.", "USA", "UK", "U.K.", "the United States"}
    return frozenset(n.casefold() for n in names)


@cache
def _country_keys() -> frozenset[str]:
    return frozenset(c.replace(".", "").removeprefix("the ") for c in countries())


def _is_country(name: str) -> bool:
    """A country name, however dotted or prefixed ("U.S", "the United States")."""
    return name.casefold().removeprefix("the ").replace(".", "") in _country_keys()


def unit_family(unit: str | None) -> str | None:
    """km, kilometer and kilometre are one unit; a mile is another."""
    if unit is None:
        return None
    return lexicon().unit_family.get(unit.lower(), unit)


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i and len(chain) < 64:
        chain.append(chain[-1].head)
    return chain


def tree_distance(a: Token, b: Token) -> int:
    """Edges on the path between two tokens of one parse."""
    up_a = {t.i: n for n, t in enumerate(_ancestors(a))}
    for n, t in enumerate(_ancestors(b)):
        if t.i in up_a:
            return up_a[t.i] + n
    return 99


def _measures_of(token: Token) -> tuple[str, ...]:
    lx = lexicon()
    lemma, lower = token.lemma_.lower(), token.lower_
    if token.i > 0:  # "market value", "price tag", "death toll", "insured losses"
        before = token.doc[token.i - 1]
        for pair in (f"{before.lemma_.lower()} {lemma}", f"{before.lower_} {lemma}"):
            if pair in lx.measure_of:
                return lx.measure_of[pair]
    if token.pos_ in ("NUM", "PUNCT", "DET", "PRON", "CCONJ") or token.ent_type_ in ("GPE", "ORG", "PERSON", "NORP"):
        return ()
    return lx.measure_of.get(lemma) or lx.measure_of.get(lower) or ()


def _measure_of(token: Token, money: bool = True) -> str | None:
    """The measure a word names, for a figure in money or a percentage (``money``) or a count: "damage" is
    a loss in dollars and a count of damaged homes otherwise."""
    money_only = lexicon().money_only
    return next((m for m in _measures_of(token) if money or m not in money_only), None)


def _anchor(doc: Doc, start: int, end: int) -> Token | None:
    """The figure's own token: the last number-like token of its span (the head of '2,012' in 'at least
    2,012'), else its last token."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    numbers = [t for t in span if t.like_num or t.pos_ == "NUM"]
    return (numbers or list(span))[-1]


def _closest(candidates: list[tuple[Token, str]], anchor: Token, others: list[Token]) -> tuple[Token, str] | None:
    """The candidate nearest the figure in the tree (then in the text), among those no other figure of the
    sentence is nearer to."""
    best = None
    for token, value in candidates:
        mine = tree_distance(anchor, token)
        if mine > MAX_TREE_DISTANCE or any(tree_distance(o, token) < mine for o in others):
            continue
        rank = (mine, abs(token.i - anchor.i))
        if best is None or rank < best[0]:
            best = (rank, (token, value))
    return best[1] if best else None


def _counted_noun(anchor: Token) -> Token | None:
    """The noun a figure counts: the head of a number modifier ('2,012 people'), or the noun after 'of'
    ('the lives of 2,000 people' counts people, 'millions of customers')."""
    if anchor.dep_ in ("nummod", "quantmod", "amod", "compound") and anchor.head.pos_ in ("NOUN", "PROPN"):
        return anchor.head
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


SKIPPABLE = {"AUX", "ADV", "PART"}
REPORTING = {"confirm", "report", "register", "record", "list", "count", "believe", "feared", "fear", "say"}


def _adjacent_measure(doc: Doc, anchor: Token, allowed: Callable[[Token], str | None]) -> str | None:
    """A measure word right after the figure or its counted people ("3,000 people dead", "5,600 injured",
    "2,946 people were confirmed dead"), or a verb right before it ("killing at least 12,000"): the
    written order is surer than a parse that attaches "dead" to the wrong figure."""
    lx = lexicon()
    i = anchor.i + 1
    if i < len(doc) and doc[i].lemma_.lower() in lx.generic_people:
        i += 1
    while i < len(doc) and (doc[i].pos_ in SKIPPABLE or doc[i].lemma_.lower() in REPORTING) and i - anchor.i < 5:
        i += 1
    if i < len(doc) and doc[i].pos_ in ("ADJ", "VERB", "NOUN") and (m := allowed(doc[i])):
        return m
    if (
        i + 1 < len(doc) and doc[i].lower_ == "without" and (m := allowed(doc[i + 1]))
    ):  # "4.7 million were without power"
        return m
    of = anchor.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" else None
    if of is not None and of.head.pos_ == "NOUN" and (m := allowed(of.head)):
        return m  # "an offset of $50 million in fuel bills": the noun the figure is "of"
    j = anchor.i - 1
    while j >= 0 and (doc[j].like_num or doc[j].pos_ in ("ADV", "ADP", "ADJ") and doc[j].lower_ != "of"):
        j -= 1  # "killing at least 12,000", "injured more than 2,000"
    if j >= 0 and doc[j].pos_ == "VERB" and (m := allowed(doc[j])):
        return m
    return None


MONEY_ALSO = {"affected"}  # besides the money measures, a sum can be a financial impact


@dataclass(frozen=True)
class _SentenceWords:
    lemmas: frozenset[str]
    lowers: frozenset[str]
    measures: frozenset[str]  # every measure some word of the sentence names


@lru_cache(maxsize=32)  # every figure of a sentence asks; the sentence's words are read once
def _words_of(doc: Doc) -> _SentenceWords:
    return _SentenceWords(
        lemmas=frozenset(t.lemma_.lower() for t in doc),
        lowers=frozenset(t.lower_ for t in doc),
        measures=frozenset(m for t in doc for m in _measures_of(t)),
    )


def _per_hour(doc: Doc, anchor: Token) -> bool:
    """Whether "per hour" / "an hour" follows the figure's unit, through a converted figure in parentheses."""
    following = doc[anchor.i + 1 : anchor.i + 8].text.lower()
    return bool(re.match(r"^\S+(?:\s*\([^)]*\))?\s+(?:per|an|a)\s+hour\b", following))


def _measure(doc: Doc, anchor: Token, others: list[Token], unit: str | None, surface: str = "") -> str | None:
    lx = lexicon()
    family = unit_family(unit)
    if family == "magnitude":
        return "magnitude"
    money = bool(unit and (unit.isupper() or unit == "percent"))

    currency = bool(unit and unit.isupper())
    cued = {m for m, cues in lx.measure_cues.items() if _words_of(doc).lemmas & cues}

    def allowed(token: Token) -> str | None:
        measure = _measure_of(token, money)
        if measure in lx.measure_cues and measure not in cued:  # "to restore buildings" restores no power
            return None
        # a sum of money is lost, paid, priced or given, never "restored" or "cancelled"
        return None if currency and measure not in lx.money_only | MONEY_ALSO else measure

    candidates = [(t, m) for t in doc if t.i != anchor.i and (m := allowed(t)) is not None]
    after = doc[anchor.i + 1].lower_ if anchor.i + 1 < len(doc) else ""  # "77 kilometers southwest": unit misread
    words = [] if money else [unit_family(w) for w in re.findall(r"[a-z]{2,}", f"{surface} {after}".lower())]
    lengths = family in lx.length_units or unit in lx.length_units or any(w in lx.length_units for w in words)
    if not lengths:  # "980 others in the southwestern province" is no distance: a distance needs a length
        candidates = [c for c in candidates if c[1] not in ("depth", "distance")]
    if lengths and _per_hour(doc, anchor):  # "140 miles (225 kilometers) per hour" is a speed, not a distance
        return "wind speed" if any(m == "wind speed" for _, m in candidates) else "speed"
    if lengths:
        near = [c for c in candidates if c[1] in ("depth", "distance")]  # "18 km below the surface", "71 km from X"
        found = _closest(near, anchor, others)
        return found[1] if found else "distance"
    adjacent = _adjacent_measure(doc, anchor, allowed)
    noun = _counted_noun(anchor)
    areas = noun is not None and noun.lemma_.lower() in PLACE_NOUNS | {"country", "nation"}
    # "killed at least 139 people in six states": a count of areas takes the measure though 139 is nearer
    found = (anchor, adjacent) if adjacent else _closest(candidates, anchor, [] if areas else others)
    intensified = any(t.lower_ in lx.intensifiers and tree_distance(t, anchor) <= 3 for t in doc)
    if intensified and (found is None or found[1] == "injured"):  # "including 51 seriously", "1,404 seriously injured"
        return "seriously injured"
    measure = found[1] if found else None
    return _market_measure(doc, anchor, measure, unit) if money else measure


def _market_measure(doc: Doc, anchor: Token, measure: str | None, unit: str | None) -> str | None:
    """A market figure read as what it can be: a percentage of a stock's price, value or shares lost or
    gained is a share change ("26.48% of its value", "21% knocked off its stock price"); a sum a share fall
    wiped off, or a loss "in market value", is market value lost."""
    words = _words_of(doc)
    if unit == "percent" and words.lemmas & STOCK_WORDS and measure in ("price", "loss", "market value lost", None):
        return "share change" if measure or words.measures & {"share change", "loss"} else None
    if unit != "percent" and measure == "share change":
        return "market value lost"
    if unit != "percent" and measure == "affected":  # "the financial impact on Delta could range from $350m"
        return "loss"
    uninsured = any(w.startswith("uninsured") for w in words.lowers)  # "insured and uninsured losses": all of it
    if unit != "percent" and measure == "loss" and not uninsured and "insured loss" in words.measures:
        return "insured loss"  # "insured losses ... will cost the market between $400m and $1.5bn"
    if unit != "percent" and measure == "loss":
        valued = [t for t in doc if "market value lost" in _measures_of(t) and tree_distance(t, anchor) <= 3]
        return "market value lost" if valued else measure
    return measure


STOCK_WORDS = frozenset({"share", "stock", "shareholder", "investor", "trading"})


def _subject(doc: Doc, anchor: Token, others: list[Token], unit: str | None) -> str | None:
    """People (the generic count), a named subgroup ('children', 'police officers'), the counted thing
    ('flights', 'homes'), or for money and percentages the organisation the figure is about."""
    lx = lexicon()
    noun = _counted_noun(anchor)
    if unit_family(unit) in lx.length_units or unit_family(unit) == "magnitude":
        return None  # a property of the event: the unit says it all
    if unit == "person":
        if noun is None or noun.ent_type_ == "NORP" or noun.lemma_.lower() in lx.generic_people:
            return "people"
        if noun.pos_ == "PROPN":  # "Virginia two" in a list counts people, not Virginia
            return "people"
        if noun.lemma_.lower() in lx.measure_of or noun.lower_ in lx.measure_of:
            return "people"
        words = [c.lemma_.lower() for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
        return " ".join([*words, noun.lemma_.lower()])
    if unit and (unit.isupper() or unit == "percent"):
        found = _closest(_concerned(doc), anchor, others)
        return _clean_name(found[1]) if found else None
    actor = _actor(anchor)
    if actor is not None:  # "Delta cancelled 3,500 flights": the airline's flights, not every flight
        return actor
    if noun is not None and noun.pos_ == "NOUN":
        return noun.lemma_.lower()
    return None


NOT_ACTORS = {"GPE", "DATE", "TIME", "PERSON", "NORP", "CARDINAL", "ORDINAL"}


def _actor(anchor: Token) -> str | None:
    """The organisation that did what a count counts: the subject of the verb governing it ("Delta scratched
    5,000 flights"), or of the verb that made it do so ("forced Delta to cancel 7,000 flights") — never one
    that only says or shows it ("FlightAware data showed")."""
    token = _counted_noun(anchor) or anchor
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() in SPEAKING:
        return None
    # "forced Delta to cancel", "Delta has scratched 5,000 and delayed another 1,700": the governing verb's subject
    # "the airline experienced 2,200 cancellations, contributing to a total of more than 6,000": the participle's
    participle = token.dep_ == "advcl" and token.tag_ == "VBG"
    verbs = [token, token.head] if token.dep_ in ("xcomp", "conj") or participle else [token]
    for verb in verbs:
        for child in verb.children:
            made_to = verb is not token and token.dep_ == "xcomp" and child.dep_ == "dobj"  # "forced Delta to"
            acting = child.dep_ in ("nsubj", "nsubjpass") or made_to
            named = child.pos_ == "PROPN" and child.ent_type_ and child.ent_type_ not in NOT_ACTORS
            company = [c for c in child.children if c.dep_ == "compound" and c.ent_type_ == "ORG"]  # "Duke energy"
            measure_word = child.lemma_.lower() in lexicon().measure_of or child.lower_ in lexicon().measure_of
            event = measure_word and (child.ent_type_ != "ORG" or _title_case(child.doc))  # "Georgia Power restored"
            if acting and named and not event:  # a headline's "Outage Affects 8.5 Million": no actor
                return _clean_name(_proper_name(child))
            if acting and _definite_description(child):  # "the airline experienced 2,200 cancellations"
                return f"{DEFINITE}{child.lower_}"
            if acting and child.lower_ in ("it", "they") and verb.dep_ == "ccomp" and verb.head.lemma_ in SPEAKING:
                speaker = _actor_of_statement(verb.head)  # "Duke Energy said that it has restored power to"
                if speaker is not None:
                    return speaker
            if acting and company and not event:
                return _clean_name(child.doc[company[0].i : child.i + 1].text)
    return None


DEFINITE = "the "  # a subject "the airline" still to resolve to the organisation named before it


def _title_case(doc: Doc) -> bool:
    """A headline in title case ("Global Outage Affects 8.5 Million Computers"), whose entity tags are guesses."""
    words = [t for t in doc if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.8 * len(words)


def _actor_of_statement(verb: Token) -> str | None:
    """The organisation that says a statement, when it is named as a company ("Duke Energy said ...")."""
    for child in verb.children:
        if child.dep_ == "nsubj" and child.pos_ == "PROPN" and child.ent_type_ == "ORG":
            return _clean_name(_proper_name(child))
    return None


def _definite_description(token: Token) -> bool:
    """ "The airline", "the carrier", "this company": a noun that describes an organisation, made definite."""
    from claimtrack.cues import cues

    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children)
    return token.pos_ == "NOUN" and definite and token.lower_ in cues().descriptor_nouns


def _definite_actors(claims: list[dict], texts: dict[str, str]) -> None:
    """ "The airline" that did what a figure counts is the organisation named last before the figure's sentence
    (at most LOOK_BACK characters back, tagged here once per sentence: such subjects are rare); with none in
    reach the subject stays unresolved."""
    named: dict[tuple[str, int], str | None] = {}
    for claim in claims:
        if not (claim.get("subject") or "").startswith(DEFINITE):
            continue
        text = texts.get(claim["document"], "")
        start = _sentence_start(text, claim)
        if start < 0:  # a sentence not found as written: from the figure's place in it
            start = claim["doc_start"] - max(0, (claim.get("sentence") or "").find(claim["surface"]))
        if (claim["document"], start) not in named:
            organisations = [
                e for e in parser()(text[max(0, start - LOOK_BACK) : max(0, start)]).ents if e.label_ == "ORG"
            ]
            named[(claim["document"], start)] = _clean_name(organisations[-1].text) if organisations else None
        claim["subject"] = named[(claim["document"], start)]


LOOK_BACK = 400  # about two sentences


PLACE_SUFFIX = re.compile(r"\s+(?:County|Province|Prefecture|Parish|District|Region|State)$", re.IGNORECASE)


SPEAKING = {"say", "estimate", "report", "tell", "calculate", "put", "forecast", "accord", "project", "expect",
            "note", "write", "tally", "show", "find", "peg"}  # fmt: skip


OWN_RESULTS = {"report", "post", "record", "book", "announce", "disclose"}  # a company reports its own loss


def _concerned(doc: Doc) -> list[tuple[Token, str]]:
    """Organisations a money figure is about: the owner ("Delta's losses"), the one that lost, paid or fell
    ("Delta lost"), the one it cost ("a cost to Delta") — not one named in passing ("a CrowdStrike loss")
    nor the one that says or estimates it (the figure's source)."""
    found = []
    for entity in doc.ents:
        if entity.label_ not in ("ORG", "PRODUCT", "PERSON"):
            continue
        root = entity.root
        owner = root.dep_ == "poss"  # "Delta's losses", "CrowdStrike's market cap", "the CEO's stock"
        if entity.label_ == "PERSON":  # a person's own holding, never a person who only speaks
            if owner:
                found.append((root, entity.text))
            continue
        verb = root.head
        own_result = verb.lemma_.lower() in OWN_RESULTS and any(  # "Delta reported a financial hit of $550m"
            c.dep_ == "dobj" and _measure_of(c) is not None for c in verb.children
        )
        actor = root.dep_ in ("nsubj", "nsubjpass") and (verb.lemma_.lower() not in SPEAKING or own_result)
        payer = (
            root.dep_ == "pobj"
            and root.head.lower_ in ("to", "for", "on")
            and root.head.head.lemma_.lower() not in (SPEAKING)
        )  # "a cost to Delta"
        if owner or actor or payer:
            found.append((root, entity.text))
    return found


def _clean_name(text: str) -> str:
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    text = re.sub(r"['’]s?$", "", text).strip()
    return re.sub(r"[\s\d.,]+$", "", text).strip()  # "Georgia 33" in a list is Georgia


def _place_key(name: str) -> str:
    """One spelling per place: "Buncombe County" and "Buncombe", "Taroudant Province" and "Taroudant"."""
    return PLACE_SUFFIX.sub("", name).strip()


PLACE_PREPOSITIONS = {"in", "at", "across", "throughout", "near", "outside", "around", "inside"}
PLACE_NOUNS = {"province", "prefecture", "county", "state", "region", "city", "town", "village", "district", "area"}
PART_NOUNS = {"county", "city", "town", "village", "district", "area"}  # "an Ohio county": part of Ohio


def _proper_name(token: Token) -> str:
    """A proper noun with the compound words before it ('Al Haouz', 'North Carolina')."""
    words = [
        t for t in token.subtree if t.i <= token.i and (t.pos_ == "PROPN" or t.dep_ == "compound" or t.text in "-–")
    ]
    start = token.i
    while start - 1 >= 0 and any(w.i == start - 1 for w in words):
        start -= 1
    return token.doc[start : token.i + 1].text


@lru_cache(maxsize=32)  # every figure of a sentence asks; the doc is parsed once, its places read once
def _places(doc: Doc) -> list[tuple[Token, str]]:
    """Places near figures: the tagger's GPE/LOC/FAC names, a proper noun after 'in'/'across'/..., or after
    'province of' / 'the city of', or before 'County'/'Province', or owning a measure ("North Carolina's
    death toll"). The small model's tagger often misses or mislabels a province, so syntax counts too."""
    found = [(e.root, _area_name(doc, e.start, e.end)) for e in doc.ents if e.label_ == "GPE"]
    for token in doc:
        if token.pos_ != "PROPN" or token.dep_ == "compound":
            continue
        head = token.head
        by_preposition = token.dep_ == "pobj" and head.lower_ in PLACE_PREPOSITIONS
        of_place = token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS
        owner = token.dep_ == "poss" and _measure_of(head) is not None
        reference = token.dep_ == "pobj" and head.lower_ in ("of", "from") and _measure_of(head.head) == "distance"
        if (by_preposition or of_place or owner or reference) and token.ent_type_ not in (
            "PERSON",
            "DATE",
            "ORG",
            "NORP",
        ):
            found.append((token, _clean_name(_proper_name(token))))
        elif of_place or reference:  # "the province of Al Haouz", "72 km southwest of X", whatever the tagger says
            found.append((token, _clean_name(_proper_name(token))))
    for m in COUNTY.finditer(doc.text):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None and not (m.group(1)[-1].islower() and _some_part_of(doc, span.start, span.end - 1)):
            found.append((span.root, _clean_name(m.group(1))))
    return [(t, name) for t, name in found if _is_area(name)]


def _is_area(name: str) -> bool:
    """An area a figure can cover: not a weekday or a month, not a named storm ("Hurricane Helene") and not
    a landform ("the Blue Ridge Mountains", a river), which no count is kept for."""
    lx = lexicon()
    words = name.split()
    if not words or name in lx.not_places or name.lower() in MONTHS:
        return False
    return words[0].lower() not in lx.storm_words and words[-1].lower() not in lx.landforms


def _own_phrase(anchor: Token, others: list[Token]) -> set[int]:
    """The figure's own phrase: the subtree of the noun it counts, else of the figure itself, less the
    phrases of the figures inside it ("45 in X and 9 in Y": Y is 9's)."""
    noun = _counted_noun(anchor)
    own = {t.i for t in (noun or anchor).subtree}
    for other in others:
        if other.i in own and other.i != anchor.i:
            own -= {t.i for t in other.subtree}
    return own


def _in_other_clause(token: Token, anchor: Token) -> bool:
    """A place in a clause that does not hold the figure sets the scene ("the quake, which struck the province
    of X, left 632 dead"): it says where the event began, not what the figure covers."""
    for ancestor in _ancestors(token)[1:]:
        if ancestor.dep_ in ("relcl", "advcl", "acl") and anchor.i not in {t.i for t in ancestor.subtree}:
            return True
        if anchor.i in {t.i for t in ancestor.subtree}:
            return False
    return False


def _unnamed_local_area(doc: Doc, anchor: Token, others: list[Token]) -> str | None:
    """One place the text does not name ("rescuers at the village retrieved 65 bodies", "in this hamlet, 90
    are dead"): a local count, never the country's. Only a singular local-area noun with its determiner."""
    areas = [
        (t, f"{t.lemma_.lower()} (unnamed)")
        for t in doc
        if t.lemma_.lower() in lexicon().local_areas
        and t.tag_ == "NN"
        and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "one") for c in t.children)
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children)  # "the village of X" is named
    ]
    found = _closest(areas, anchor, [])  # "100 homes in this hamlet, yet more than 90 are dead": both its
    return found[1] if found else None


def _listed_with_other_places(token: Token, places: list[tuple[Token, str]], others: list[Token]) -> bool:
    """A place coordinated with other places and no figure between them ("killed 90 people in North
    Carolina, Georgia and Florida"): the figure covers them all, so it is the whole, not the first one's
    part ("23 in South Carolina and 11 in Florida" gives each place its own figure; "Marrakech, Morocco" is
    one place)."""
    place_tokens = {t.i for t, _ in places}
    cluster, coordinated, todo = {token.i: token}, False, [token]
    while todo:
        current = todo.pop()
        linked = [(c, c.dep_) for c in current.children if c.dep_ in ("conj", "appos")]
        if current.dep_ in ("conj", "appos"):
            linked.append((current.head, current.dep_))
        for other, dep in linked:
            if other.i in place_tokens and other.i not in cluster:
                cluster[other.i] = other
                coordinated |= dep == "conj"
                todo.append(other)
    if len(cluster) < 2:
        return False
    low, high = min(cluster), max(cluster)
    if any(low < o.i < high for o in others):
        return False
    areas = [t for t in cluster.values() if not _is_country(t.text)]
    return coordinated or len(areas) >= 3  # "Charlotte, North Carolina" is a city and its state, not a list


def _place(doc: Doc, anchor: Token, others: list[Token]) -> str | None:
    """The most specific area near the figure (first in its own phrase: "190 in the province of X"); a
    country (or none) is the whole."""
    # a name that heads another figure's list item ("Georgia 33", "Georgia (1,063,000)") is that figure's
    places = [
        p
        for p in _places(doc)
        if not _in_other_clause(p[0], anchor) and not any(_names_the_figure(p[0], o) for o in _numbers(doc, anchor))
    ]
    own = _own_phrase(anchor, others)
    listed = [p for p in places if _names_the_figure(p[0], anchor)]
    found = (listed or [None])[0] or _place_after(doc, anchor)
    found = found or _closest([p for p in places if p[0].i in own], anchor, [])
    found = found or _closest(places, anchor, others)
    if found is None:
        return _unnamed_local_area(doc, anchor, others)
    if not listed and _listed_with_other_places(found[0], places, others):
        return None
    name = _place_key(found[1])
    if re.search(r"\band\b", name):  # "North and South Carolina": more than one area is no single part
        return None
    country = _is_country(name)
    return None if country and not _listed_with_areas(found[0], _places(doc), [anchor, *others]) else name


def _numbers(doc: Doc, anchor: Token) -> list[Token]:
    """Every other number of the sentence, whether or not it became a claim ("Georgia 33, Florida 19")."""
    return [t for t in doc if t.i != anchor.i and (t.like_num or t.pos_ == "NUM")]


AFTER_WINDOW = 8


def _place_after(doc: Doc, anchor: Token) -> tuple[Token, str] | None:
    """The area written right after the figure's phrase, before any other number or clause break: "13 in the
    prefecture of X", "1,604 fatalities in X", "980 others in the southwestern X Province". The written order
    is surer than a parse of a long list, and the tagger often calls a province a person."""
    i = start = anchor.i + 1
    while i < len(doc) and i - start < AFTER_WINDOW:
        token = doc[i]
        if token.text == "," and i + 1 < len(doc) and doc[i + 1].lower_ == "or":
            close = next((t.i for t in doc[i + 2 : i + 2 + AFTER_WINDOW] if t.text == ","), None)
            if close is not None:  # "As many as 1,684, or more than half of the deaths, were located in X"
                i = start = close + 1
                continue
        if token.like_num or token.pos_ == "NUM" or token.text in (",", ";", ":", "(", "—", "–"):
            return None
        if token.lower_ in PLACE_PREPOSITIONS:
            return _area_from(doc, i + 1)
        i += 1
    return None


def _distance_of(doc: Doc, anchor: Token) -> str | None:
    """The place a distance is given for, when it is not the event's: "the village of X, some 60 km south of
    Y", "a resident of X, 200 km west of Y" (a name, a comma, then the figure)."""
    start = min([anchor.i, *(t.i for t in anchor.subtree if t.i < anchor.i)])
    while start > 0 and doc[start - 1].lower_ in ("some", "about", "around", "roughly", "nearly", "almost"):
        start -= 1
    if start >= 2 and doc[start - 1].text == "," and doc[start - 2].pos_ == "PROPN":
        return _clean_name(_proper_name(doc[start - 2]))
    return None


def _reference_after(doc: Doc, anchor: Token) -> str | None:
    """The place a distance is from, written after it: "74 km southwest of X", "44 miles (71 kilometres)
    southwest of X" (a conversion in parentheses is skipped), "200 km from X"."""
    depth = 0
    for token in doc[anchor.i + 1 : anchor.i + 1 + 2 * AFTER_WINDOW]:
        depth += token.text == "("
        depth -= token.text == ")"
        if depth > 0 or token.text == ")":
            continue
        if token.like_num or token.text in (",", ";", ":"):
            return None
        if token.lower_ in ("of", "from") and token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            end = token.i + 1
            while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN":
                end += 1
            name = _clean_name(doc[token.i + 1 : end + 1].text)
            return None if _is_country(name) or not _is_area(name) else _place_key(name)
    return None


def _area_from(doc: Doc, i: int) -> tuple[Token, str] | None:
    """The area a preposition opens: "the province of X", "the southwestern X Province", "Greater X"."""
    while i < len(doc) and (doc[i].pos_ in ("DET", "ADJ") or doc[i].lower_ in ("central", "northern", "southern")):
        i += 1
    named_area = i + 1 < len(doc) and doc[i].lower_ in PLACE_NOUNS and doc[i + 1].lower_ == "of"
    if named_area:  # "the prefecture of X": X is an area, whatever the tagger calls it
        i += 2
    if i >= len(doc) or doc[i].pos_ != "PROPN" or (not named_area and doc[i].ent_type_ in ("ORG", "DATE", "NORP")):
        return None
    end = i
    while end + 1 < len(doc) and (doc[end + 1].pos_ == "PROPN" or doc[end + 1].text in "-–"):
        end += 1
    if _some_part_of(doc, i, end + 1):
        return doc[end], _part_name(doc, i, end + 1)
    name = _clean_name(doc[i : end + 1].text)
    if _coordinated_name_follows(doc, end + 1):  # "across North and South Carolina, Georgia": all of them
        return None
    return (doc[end], name) if _is_area(name) else None


def _some_part_of(doc: Doc, start: int, after: int) -> bool:
    """ "the devastated X county" (a known area, then a lowercase noun of a smaller area) is some county of X,
    not X; "Y province", "Y region", "Y state" name the area Y itself."""
    return after < len(doc) and doc[after].lower_ in PART_NOUNS and doc[start].ent_type_ == "GPE"


def _area_name(doc: Doc, start: int, end: int) -> str:
    """The name of a tagged area, or of the unnamed part of one it is ("the Ohio county", tagged whole or not)."""
    if end - start > 1 and doc[end - 1].text in PART_NOUNS and doc[start].ent_type_ == "GPE":
        return _part_name(doc, start, end - 1)
    return _part_name(doc, start, end) if _some_part_of(doc, start, end) else _clean_name(doc[start:end].text)


def _part_name(doc: Doc, start: int, after: int) -> str:
    """A part of a known area the text does not name: "county in North Carolina" (its own quantity, never
    the whole area's)."""
    return f"{doc[after].lower_} in {_clean_name(doc[start:after].text)}"


def _coordinated_name_follows(doc: Doc, i: int) -> bool:
    """Whether another name (not a country: "Marrakech, Morocco" is one place) is joined on at ``i``."""
    if i + 1 >= len(doc) or doc[i].lower_ not in (",", "and", "or", "&"):
        return False
    j = i + 1
    while j < len(doc) and doc[j].pos_ in ("DET", "CCONJ"):
        j += 1
    if j >= len(doc) or doc[j].pos_ != "PROPN":
        return False
    end = j
    while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN":
        end += 1
    return not _is_country(doc[j : end + 1].text)


def _names_the_figure(place: Token, anchor: Token) -> bool:
    """A list item's name right before its figure: "South Carolina 41, Georgia 33", "Georgia (1,063,000)",
    "Virginia (just over 78,000)"."""
    between = place.doc[place.i + 1 : anchor.i]
    own = {t.i for t in anchor.subtree}
    return place.i < anchor.i and len(between) <= 4 and all(t.text == "(" or t.i in own for t in between)


def _item_place(token: Token, figures: list[Token]) -> bool:
    """A place that is a list item's own: "1,030,511 in Georgia" (in, attached to a figure or its noun)."""
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "in" and any(head.head.i in (f.i, f.head.i) for f in figures)


def _listed_with_areas(token: Token, places: list[tuple[Token, str]], figures: list[Token]) -> bool:
    """A country's name in a list of areas that are not countries is one of those areas (the state of
    Georgia beside Florida and North Carolina): coordinated with one, or each the place of a figure of one
    list ("1,182,921 in Florida; 1,030,511 in Georgia")."""
    areas = {t.i for t, name in places if not _is_country(_place_key(name))}
    if _item_place(token, figures) and any(_item_place(t, figures) for t, _ in places if t.i in areas):
        return True
    seen, todo = {token.i}, [token]
    while todo:
        current = todo.pop()
        linked = [c for c in current.children if c.dep_ in ("conj", "appos")]
        if current.dep_ in ("conj", "appos"):
            linked.append(current.head)
        for other in linked:
            if other.i in areas:
                return True
            if other.i not in seen:
                seen.add(other.i)
                todo.append(other)
    return False


def _figurative(shock: Token) -> bool:
    """ "The outage's aftershocks", "market aftershocks": a later shock of something that does not shake."""
    owners = [c for c in shock.children if c.dep_ in ("compound", "poss", "nmod")]
    return any(c.lemma_.lower() not in MAIN_SHOCKS | {"magnitude", "richter"} and c.pos_ != "NUM" for c in owners)


def _event(doc: Doc, anchor: Token, others: list[Token], year: int | None) -> str | None:
    """An earlier event: a year in the figure's reach other than the article's ('the 2004 quake'), not a
    date's year ('September 9, 2023') and not a span start ('since 1960'); or a later shock of the same event
    named near the figure ("the aftershock had a depth of 10 km")."""
    lx = lexicon()
    shocks = [(t, "aftershock") for t in doc if t.lemma_.lower() in lx.later_shocks and not _figurative(t)]
    if shocks:  # nearer the aftershock than the quake: the aftershock's figure
        mains = [(t, "") for t in doc if t.lemma_.lower() in MAIN_SHOCKS]
        shock = _closest(shocks + mains, anchor, others)
        if shock is not None and shock[1]:
            return shock[1]
    years = []
    for token in doc:
        if token.i == anchor.i or not YEAR.match(token.text):
            continue
        before = doc[token.i - 1].lower_ if token.i > 0 else ""
        governs = anchor.i in {t.i for t in token.subtree}  # "since 1960, when a quake ... killed 12,000"
        if before in ("since", "than") and not governs:
            continue
        if before == "," or before.isdigit() or before.rstrip(".") in MONTHS:
            continue
        if year is not None and int(token.text) >= year:
            continue
        years.append((token, token.text))
    found = _closest(years, anchor, others)
    return found[1] if found else None


def counted_thing(measure: str | None, noun: str | None) -> str | None:
    """One subject for the interchangeable nouns a measure is counted in: customers, homes and outages
    without power are customers; a cancellation is a cancelled flight; a noun outside them stays itself."""
    things = lexicon().counted_things.get(measure or "")
    if things and (noun is None or noun.lower() in things):
        return things[0]
    return noun


def _refined(measure: str | None, noun: str | None, doc: Doc | None = None) -> str | None:
    """A general measure made specific by what it counts: devices "affected" are "affected devices", and
    customers "affected" by power outages named in the sentence are customers without power."""
    if measure is None or noun is None:
        return measure
    named = _words_of(doc).measures if doc is not None and measure == "affected" else frozenset()
    for specific, things in lexicon().counted_things.items():
        if noun.lower() in things and (specific.startswith(measure + " ") or specific in named):
            return specific
    return measure


PEAK_WORDS = {"peak", "height"}
MAIN_SHOCKS = {"earthquake", "quake", "tremor", "temblor"}
INCREMENT_BEFORE = {"additional", "extra", "further"}  # "killed 820 and another 672 injured" adds nothing


WINDOW_NOUNS = {"month", "week", "day", "session", "year", "quarter", "hour", "pre-market", "premarket"}
WINDOW_PREPOSITIONS = {"in", "over", "from", "during", "for"}


def _figure_phrase(anchor: Token) -> list[Token]:
    """The figure's own phrase: the noun it counts and, for "losses of 41.77%", the noun it is "of"."""
    head = anchor
    while head.dep_ in ("nummod", "quantmod", "compound", "amod") and head.head is not head:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
        head = head.head.head
    return list(head.subtree)


def _window(anchor: Token) -> str | None:
    """A span of time or a rate the figure is for, written in its own phrase: "in the previous month", "from
    the latest trading session", "per company" — a figure of another window than the running total."""
    for token in _figure_phrase(anchor):
        prep = token.head
        if token.dep_ != "pobj" or token.i < anchor.i:
            continue
        if prep.lower_ == "per":
            return f"per {token.lemma_.lower()}"
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        owned = following is not None and following.tag_ == "POS"  # "from last week's outage" names an event
        word = token.lemma_.lower()
        if token.i >= 2 and token.doc[token.i - 1].text == "-":  # "in the pre-market", tokenized in three
            word = f"{token.doc[token.i - 2].lower_}-{word}"
        if prep.lower_ in WINDOW_PREPOSITIONS and word in WINDOW_NOUNS and not owned:
            words = [c.lower_ for c in token.children if c.dep_ in ("amod", "compound", "nummod")]
            return " ".join([prep.lower_, *words, word])
    return None


def _at_peak(doc: Doc, anchor: Token, others: list[Token]) -> bool:
    """A figure of a count's high point written as one ("from a peak of more than 4.5 million"), which the
    count now is not."""
    before = [t.lower_ for t in doc[max(0, anchor.i - 5) : anchor.i]]
    if any(w in PEAK_WORDS and nxt == "of" for w, nxt in zip(before, before[1:], strict=False)):
        return True
    # "from the peak of the storm, when 4.7 million were without power"
    start = min([anchor.i, *(t.i for t in anchor.subtree if t.i < anchor.i)])
    lead = [t.lower_ for t in doc[max(0, start - 8) : start]]
    return len(lead) >= 2 and lead[-1] == "when" and lead[-2] == "," and any(w in PEAK_WORDS for w in lead)


def _increment(anchor: Token) -> bool:
    """A figure that adds to a count rather than states it: "two more", "1,000 more flights", "an additional
    1,250" (not "more than 200", where "more" comes first)."""
    doc = anchor.doc
    after = doc[anchor.i + 1].lower_ if anchor.i + 1 < len(doc) else ""
    start = anchor.i
    while start > 0 and (doc[start - 1].pos_ in ("NUM", "SYM") or doc[start - 1].is_currency):
        start -= 1  # "an additional $170 million": past the currency sign and the digits
    before = doc[start - 1].lower_ if start > 0 else ""
    return after == "more" or before in INCREMENT_BEFORE


def _more_than_another_group(doc: Doc, anchor: Token, others: list[Token], measure: str) -> bool:
    """ "killed more than 1,300 people and injured hundreds more": "more" than the dead, not more injured
    than an earlier count of injured — when an earlier figure of the sentence has another measure."""
    if not (anchor.i + 1 < len(doc) and doc[anchor.i + 1].lower_ == "more"):
        return False
    earlier = [o for o in others if o.i < anchor.i]
    return any(_measure(doc, o, [anchor], None) not in (None, measure) for o in earlier)


def frame_of(doc: Doc, start: int, end: int, unit: str | None, others: list[Token], year: int | None) -> Frame:
    anchor = _anchor(doc, start, end)
    if anchor is None:
        return Frame(None, None, None, None)
    others = [o for o in others if o.i != anchor.i]
    measure = _measure(doc, anchor, others, unit, doc.text[start:end])
    if measure is None and _at_peak(doc, anchor, others):  # "Outages decreased from a peak of 4.5 million"
        measure = _measure(doc, anchor, [], unit, doc.text[start:end])
    subject = None if measure in lexicon().fixed else _subject(doc, anchor, others, unit)
    measure = _refined(measure, subject, doc)
    if measure in lexicon().counted_things:  # "Duke Energy has outages with 486,461 customers": its own count
        subject = _actor(anchor) or counted_thing(measure, subject)
    window = _window(anchor)
    if measure and window:  # "losses of 41.77% in the previous month", "$44 million in losses per company"
        subject = f"{subject} {window}" if subject else window
    elif (
        measure and _increment(anchor) and not _more_than_another_group(doc, anchor, others, measure)
    ):  # "two more were recorded", "an additional 1,250 flights"
        default = "people" if unit in (None, "person") else None  # "an additional $170 million" counts no people
        subject = " ".join(filter(None, ["additional", subject or default]))
    elif measure and measure not in lexicon().cumulative and _at_peak(doc, anchor, others):
        subject = f"peak {subject or 'people'}"  # "a peak of more than 4.5 million": not the count now
    counts_areas = subject in PLACE_NOUNS | {"country", "nation"}  # "killed across five states, including..."
    if measure == "distance":  # the place a distance is measured from: "71 km (44 miles) southwest of X"
        place = _reference_after(doc, anchor)
        subject = _distance_of(doc, anchor) or subject
    elif counts_areas or measure in lexicon().fixed:  # a magnitude or a depth is the event's, not a place's
        place = None
    else:
        place = _place(doc, anchor, others)
    return Frame(
        measure=measure,
        subject=subject,
        place=place,
        event=_event(doc, anchor, others, year),
    )


CONVERSION = re.compile(
    r"^\s*(?:[^\W\d]+\s*){0,2}(?:\(|,?\s*or\s+|/)\s*(?:about|some|around|roughly|almost|nearly)?\s*$", re.IGNORECASE
)


def _converts(text: str, start: int, previous_end: int) -> bool:
    """A figure right after another in parentheses or after "or" converts it ("44 miles (71 kilometres)",
    "30,000 dirhams, or almost $3,000"): it takes that figure's measure, place and event."""
    return 0 <= previous_end <= start and bool(CONVERSION.match(text[previous_end:start]))


def _headlines_restate_their_body(claims: list[dict]) -> None:
    """A headline compresses its body: "CyberCube pegs global loss at $1.5bn" over "insured losses ... between
    $400m and $1.5bn" is the body figure's quantity. A headline figure equal to a body figure of its article,
    or to an end of its range, takes that figure's frame when the body gives it one frame only: all of it when
    the body names a narrower measure ("insured loss" for "loss"), else the parts the headline does not say."""
    body: dict[str, list[dict]] = defaultdict(list)
    for claim in claims:
        if claim.get("block_kind") != "headline" and claim.get("measure"):
            body[claim["article_id"]].append(claim)
    for claim in claims:
        value = claim.get("value")
        if claim.get("block_kind") != "headline" or value is None:
            continue
        frames = {
            tuple(other.get(c) for c in FRAME_COLUMNS)
            for other in body.get(claim["article_id"], ())
            if other.get("unit") == claim.get("unit")
            and any(v is not None and math.isclose(v, value, rel_tol=0.005) for v in _values_of(other))
        }
        if len(frames) != 1:
            continue
        frame = dict(zip(FRAME_COLUMNS, next(iter(frames)), strict=True))
        if claim.get("measure") == frame["measure"]:  # "57 deaths in Buncombe County" keeps its own place
            claim.update({c: claim.get(c) or frame[c] for c in FRAME_COLUMNS})
        elif not claim.get("measure") or frame["measure"].endswith(" " + claim["measure"]):
            claim.update(frame)  # "loss" in the headline, "insured losses" in the body


def _values_of(claim: dict) -> tuple[float | None, ...]:
    return claim.get("value"), claim.get("low"), claim.get("high")


def _repeated_figures_share_a_scope(claims: list[dict]) -> None:
    """A figure an article states twice is one figure ("at least 115 deaths in North Carolina" in the lead,
    "the toll of 115" later, with or without its qualifier): the repeat with no place or event takes the one
    the other gives."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for claim in claims:
        if claim.get("measure"):
            figure = claim.get("value") if claim.get("value") is not None else (claim.get("low"), claim.get("high"))
            groups[(claim["article_id"], claim["measure"], claim.get("unit"), figure)].append(claim)
    for group in groups.values():
        for column in ("place", "event"):
            given = {c[column] for c in group if c.get(column)}
            if len(given) == 1:
                (value,) = given
                for claim in group:
                    claim[column] = claim.get(column) or value


def canonical_places(claims: list[dict]) -> None:
    """One spelling per place across the corpus ("Marrakesh" and "Marrakech", "Al-Haouz" and "Al Haouz"):
    names that match closely (rapidfuzz ratio ≥ 88 on letters only) take the most frequent spelling."""
    from rapidfuzz import fuzz

    counts: dict[str, int] = defaultdict(int)
    for claim in claims:
        if claim.get("place"):
            counts[claim["place"]] += 1

    def letters(name: str) -> str:
        return re.sub(r"[^a-z]", "", name.casefold())

    chosen: dict[str, str] = {}
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        match = next((c for c in set(chosen.values()) if fuzz.ratio(letters(c), letters(name)) >= 88), None)
        chosen[name] = match or name
    for claim in claims:
        if claim.get("place"):
            claim["place"] = chosen[claim["place"]]


def _elided(frame: Frame, previous: Frame, anchor: Token) -> Frame:
    """A list item that names no measure of its own takes the one before it ("290 deaths in X, 190 in Y"),
    unless it counts a noun of its own."""
    noun = _counted_noun(anchor)
    named = noun is not None and (noun.pos_ == "PROPN" or noun.ent_type_ == "GPE")  # "Georgia 33" counts no Georgia
    if noun is not None and not named and noun.lemma_.lower() not in lexicon().generic_people:
        return frame
    return Frame(previous.measure, frame.subject or previous.subject, frame.place, frame.event or previous.event)


MAX_FRAME_CHARS = 1_000  # a news sentence is far shorter; a longer one is a list or a table
MAX_FRAME_FIGURES = 24


def _frameable(group: list[dict]) -> bool:
    """Whether a sentence gets a parse: frames compare every figure with every other, so a sentence of
    thousands of numbers keeps no frame (its claims fall back to their counted words) and stays linear."""
    return len(group) <= MAX_FRAME_FIGURES and len(group[0].get("sentence") or "") <= MAX_FRAME_CHARS


@cache
def _time_units() -> frozenset[str]:
    return frozenset(load_data("quantities.json")["time_units"])


def _is_duration(claim: dict) -> bool:
    """A span of time ("three weeks after") measures no quantity, so it competes for no place or measure."""
    return (claim.get("unit") or "").lower() in _time_units()


def _sentence_start(text: str, claim: dict) -> int:
    sentence = claim.get("sentence") or ""
    at = text.rfind(sentence, max(0, claim["doc_start"] - len(sentence)), claim["doc_end"] + len(sentence))
    return at if at >= 0 else -1


RESTATING_NOUNS = {"figure", "number", "toll", "tally", "total", "count", "estimate"}


def _appositive_of(anchor: Token, at: dict[int, dict]) -> dict | None:
    """The figure an appositive restates ("rose to 97, a figure that later climbed to 108"): the claim whose
    number heads an appositive phrase above this figure."""
    doc = anchor.doc
    earlier = [i for i in at if i < anchor.i]
    if earlier:  # "rose to 97, a figure that later climbed to 108" (the parser may not call it an appositive)
        before = max(earlier)
        words = [t.lower_ for t in doc[before + 1 : before + 5]]
        if len(words) == 4 and words[0] == "," and words[2] in RESTATING_NOUNS and words[3] in ("that", "which"):
            return at[before]
    token = anchor
    for _ in range(5):
        if token.head is token:
            return None
        if token.dep_ == "appos" and token.pos_ == "NOUN" and token.head.i in at:  # not a list's next item
            return at[token.head.i]
        token = token.head
    return None


def _list_partner(anchor: Token, later: list[tuple[Token, dict]]) -> dict | None:
    """A later figure of the same list ("1,239,359 customers in X; 1,182,921 in Y ... were without power"):
    one coordinated with this one or sharing its head, that names a measure."""
    mine = {anchor.i, anchor.head.i}
    noun = _counted_noun(anchor)
    if noun is not None:
        mine |= {noun.i, noun.head.i}
    children = {t.i for t in anchor.children}
    for token, claim in later:
        if claim.get("measure") and (token.head.i in mine or token.i in children):
            return claim
    return None


def _sentence_links(group: list[dict], anchors: list[Token | None]) -> None:
    """What one figure of a sentence takes from another: an appositive's figure takes the frame of the figure
    it restates; the first item of a list that names no measure takes the measure a later item names."""
    at = {a.i: c for a, c in zip(anchors, group, strict=True) if a is not None}
    ordered = sorted(((a, c) for a, c in zip(anchors, group, strict=True) if a is not None), key=lambda x: x[0].i)
    for n, (anchor, claim) in enumerate(ordered):
        restated = _appositive_of(anchor, at)
        if restated is not None and restated is not claim and restated.get("measure"):
            for column in FRAME_COLUMNS:
                claim[column] = claim.get(column) if column == "subject" and claim.get("measure") else restated[column]
            continue
        if claim.get("measure") is None:
            partner = _list_partner(anchor, ordered[n + 1 :])
            if partner is not None:
                claim["measure"] = partner["measure"]
                claim["subject"] = counted_thing(partner["measure"], claim.get("subject"))
        if n and _contrasted(ordered[n - 1], (anchor, claim)):
            claim["subject"] = ordered[n - 1][1]["subject"]
        if n and _share_of(ordered[n - 1], (anchor, claim)):
            claim["place"] = ordered[n - 1][1]["place"]
    _respectively(ordered)


def _respectively(ordered: list[tuple[Token, dict]]) -> None:
    """ "followed by Yancey and Henderson, with 11 and 7 deaths, respectively": the n-th figure of a list
    is the n-th name of the list of names before it (a company's, when the names are companies)."""
    if not ordered or not any(t.lower_ == "respectively" for t in ordered[0][0].doc):
        return
    doc, anchors = ordered[0][0].doc, [a for a, _ in ordered]
    figures = [a for a in anchors if a.dep_ == "conj" and a.head in anchors] + [a for a in anchors if a.conjuncts]
    figures = sorted({a.i: a for a in figures}.values(), key=lambda t: t.i)
    if len(figures) < 2:
        return
    names = [
        [t, *t.conjuncts]
        for t in doc[: figures[0].i]
        if t.pos_ == "PROPN" and t.dep_ != "conj" and len(t.conjuncts) == len(figures) - 1
    ]
    if not names:
        return
    claims = {a.i: c for a, c in ordered}
    listed = sorted(names[-1], key=lambda t: t.i)
    companies = all(t.ent_type_ == "ORG" for t in listed)  # the tagger errs on one name, rarely on all
    for figure, name in zip(figures, listed, strict=True):
        written = _clean_name(_proper_name(name))
        claims[figure.i].update(subject=written) if companies else claims[figure.i].update(place=_place_key(written))


OWNED_AREA = re.compile(r"\b(?:his|her|their|its)\s+(?P<noun>state|county|province|prefecture|region)\b", re.I)


def _owned_area(group: list[dict], anchors: list[Token | None], doc: Doc) -> None:
    """ "Georgia Governor Brian Kemp told a briefing in his state, where he said the number of dead has risen to
    33": a figure after "his state" with no place of its own is in the one area the sentence named before it."""
    owned = OWNED_AREA.search(doc.text)
    if owned is None:
        return
    areas = {
        _place_key(_clean_name(e.text))
        for e in doc.ents
        if e.label_ == "GPE" and e.end_char <= owned.start()  # "Georgia Governor ... his state": the state
    }
    if len(areas) != 1:
        return
    for claim, anchor in zip(group, anchors, strict=True):
        if anchor is not None and anchor.idx > owned.end() and claim.get("measure") and not claim.get("place"):
            claim["place"] = next(iter(areas))


SHARE_LINK = re.compile(r",\s+(?:accounting for|representing|making up|or)$", re.I)


def _share_of(first: tuple[Token, dict], second: tuple[Token, dict]) -> bool:
    """ "118 deaths in North Carolina, accounting for nearly half of the total": the share is North Carolina's."""
    (a, one), (b, other) = first, second
    phrase_start = min(min((t.i for t in b.subtree), default=b.i), b.i)  # "nearly" before "half"
    between = a.doc[a.i + 1 : phrase_start].text
    return (
        other.get("unit") == "percent"
        and bool(one.get("place"))
        and not other.get("place")
        and one.get("measure") == other.get("measure") is not None
        and SHARE_LINK.search(between.strip()) is not None
    )


def _contrasted(first: tuple[Token, dict], second: tuple[Token, dict]) -> bool:
    """ "Duke Energy has 486,461 customers without power in South Carolina, while 335,134 in North Carolina
    remain without power": the contrasted count is the same company's, in another place."""
    (a, one), (b, other) = first, second
    subject = one.get("subject") or ""
    between = a.doc[a.i + 1 : b.i].text
    return (
        bool(subject[:1].isupper())
        and one.get("measure") == other.get("measure") is not None
        and other.get("subject") == counted_thing(other.get("measure"), None)
        and re.search(r",\s+(?:while|whereas)\b", between) is not None
    )


def _named_parts(claims: list[dict], texts: dict[str, str]) -> None:
    """ "the devastated North Carolina county" is the one county the document names ("Buncombe County
    officials reported ..."), when it names exactly one; else it stays an unnamed part."""
    named: dict[tuple[str, str], set[str]] = {}
    for claim in claims:
        place = claim.get("place") or ""
        noun, _, area = place.partition(" in ")
        if noun not in PART_NOUNS or (claim["document"], place) in named:
            continue
        text = texts.get(claim["document"], "")[:SCAN_PARTS]
        found = {_place_key(m.group(1)) for m in COUNTY.finditer(text) if m.group(1).lower().endswith(" " + noun)}
        named[(claim["document"], place)] = found - {area}  # "the North Carolina county" names no county
    for claim in claims:
        found = named.get((claim["document"], claim.get("place") or ""), set())
        if len(found) == 1:
            claim["place"] = next(iter(found))


SCAN_PARTS = 20_000
ANAPHORA = re.compile(
    r"\b(?:the|those|these|that|its|their)\s+(?:\w+\s+)?(?:total|figures?|numbers?|estimates?|range|tally|sum|amount)\b",
    re.IGNORECASE,
)
ANAPHORA_REACH = 1_500  # characters: a few sentences back


def _anaphoric_sums(claims: list[dict]) -> None:
    """A sum with no measure of its own that points back ("pegged the total at", "pushed those numbers up to
    $145 billion") takes the frame of the article's last sum before it that has one."""
    last: dict[str, dict] = {}
    for claim in sorted(claims, key=lambda c: (c["article_id"], c["doc_start"])):
        if not (claim.get("unit") or "").isupper():
            continue
        before = last.get(claim["article_id"])
        if claim.get("measure"):
            last[claim["article_id"]] = claim
        elif (
            before is not None
            and claim["doc_start"] - before["doc_end"] <= ANAPHORA_REACH
            and ANAPHORA.search(claim.get("sentence") or "")
        ):
            for column in FRAME_COLUMNS:
                claim[column] = before[column]


COMPANY_MEASURES = {"share change", "market value lost", "price", "loss"}
DOMINANT = 2  # an article is about the company it names at least twice as often as any other
_TICKER = re.compile(r"(?P<name>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)\s*\((?:[A-Z]{2,8}\s*:\s*)(?P<ticker>[A-Z]{1,5})\)")


def _article_company(claims: list[dict], organisations: dict[str, Counter[str]]) -> None:
    """A market figure that names no company is about the company its article is about ("shares fell 15%" in
    a story on one firm): the organisation its figures' sentences name most, at least twice, that is not the
    figure's own source nor an analyst whose estimates the article gives (an analyst's or a modeller's estimate is
    not about the analyst)."""
    companies = {article: _one_count_per_company(names) for article, names in organisations.items()}
    specialists = _specialists_by_article(claims)
    for claim in claims:
        if (
            claim.get("measure") in COMPANY_MEASURES
            and (claim.get("subject") or "").casefold() in specialists[claim["article_id"]]
        ):
            claim["subject"] = None  # "AccuWeather pushed those numbers up to $145 billion": the estimator acts
        if claim.get("measure") not in COMPANY_MEASURES or claim.get("subject"):
            continue
        sources = {(claim.get(k) or "").casefold() for k in ("source", "via")} | specialists[claim["article_id"]]
        ranked = sorted(((n, name) for name, n in companies.get(claim["article_id"], Counter()).items()), reverse=True)
        if not ranked or ranked[0][0] < 2 or (len(ranked) > 1 and ranked[0][0] < DOMINANT * ranked[1][0]):
            continue
        name = ranked[0][1].casefold()
        if not any(name in s or (s and s in name) for s in sources):
            claim["subject"] = ranked[0][1]


def _specialists_by_article(claims: list[dict]) -> dict[str, set[str]]:
    """The analysts whose estimates each article gives (their figures have an ``expert``), case-folded."""
    specialists: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        if claim.get("expert"):
            specialists[claim["article_id"]].update((claim.get(k) or "").casefold() for k in ("source", "expert"))
    return specialists


def _mentions_in_articles(
    claims: list[dict], texts: dict[str, str], organisations: dict[str, Counter[str]]
) -> dict[str, Counter[str]]:
    """How often each organisation the tagger found beside a figure is named in its article, from the first
    figure to the last: the tagger reads one mention of "Delta" as a company and the next as a place, but
    an article about a company names it throughout."""
    spans: dict[str, tuple[str, int, int]] = {}
    for claim in claims:
        document, start, end = spans.get(claim["article_id"], (claim["document"], claim["doc_start"], 0))
        spans[claim["article_id"]] = (document, min(start, claim["doc_start"]), max(end, claim["doc_end"]))
    counted: dict[str, Counter[str]] = {}
    tickers: dict[str, dict[str, str]] = {}  # document -> "CRWD" -> "CrowdStrike", from "CrowdStrike (NASDAQ: CRWD)"
    for article, names in organisations.items():
        document, start, end = spans[article]
        text = texts.get(document, "")[start:end]
        if document not in tickers:
            tickers[document] = {m["ticker"]: m["name"] for m in _TICKER.finditer(texts.get(document, ""))}
        found: Counter[str] = Counter()
        for name, n in names.items():
            found[tickers[document].get(name, name)] += max(
                n, len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", text))
            )
        counted[article] = found
    return counted


def _one_count_per_company(names: Counter[str]) -> Counter[str]:
    """ "Delta", "Delta Air Lines" and "Delta Air" counted as one company, under its longest name."""
    merged: Counter[str] = Counter()
    for name, n in sorted(names.items(), key=lambda x: -len(x[0])):
        words = name.casefold().split()
        same = next((m for m in merged if _starts_with(m.casefold().split(), words)), None)
        merged[same or name] += n
    return merged


def add_frames(claims: list[dict], texts: dict[str, str], years: dict[str, int | None]) -> None:
    """Fill ``measure``, ``subject``, ``place`` and ``event`` of every claim row, parsing each sentence once.
    ``texts`` are the documents' texts, ``years`` each article's publication year."""
    finish_frames(claims, frame_sentences(claims, texts, years))


def frame_sentences(
    claims: list[dict], texts: dict[str, str], years: dict[str, int | None], parse: Parse | None = None
) -> dict[str, Counter[str]]:
    """The part of the frames each document decides alone (a sentence's parse, its document's text): what it
    can run where the sentences were parsed. Returns how often each article names each organisation beside its
    figures, for ``finish_frames``. ``parse`` (texts -> Docs, the full pipeline) may be a caller's shared one."""
    parse = parse or (lambda sentences: parser().pipe(sentences, batch_size=64))
    by_sentence: dict[tuple[str, int], list[dict]] = defaultdict(list)
    starts: dict[tuple[str, str], list[int]] = defaultdict(list)  # a long sentence is searched for once
    for claim in claims:
        sentence = claim.get("sentence") or ""
        known = starts[(claim["document"], sentence)]
        start = next((k for k in known if k <= claim["doc_start"] < k + len(sentence)), None)
        if start is None:
            start = _sentence_start(texts.get(claim["document"], ""), claim)
            known.append(start)
        by_sentence[(claim["document"], start)].append(claim)
    for claim in claims:  # a frame only where a parse can tell figures apart (not a table of 10,000 numbers)
        claim.update(dict.fromkeys(FRAME_COLUMNS))
    keys = [k for k in by_sentence if _frameable(by_sentence[k])]
    sentences = [by_sentence[k][0].get("sentence") or "" for k in keys]
    organisations: dict[str, Counter[str]] = defaultdict(Counter)  # article -> the companies its figures name
    for key, doc in zip(keys, parse(sentences), strict=True):
        group = by_sentence[key]
        organisations[group[0]["article_id"]].update(_clean_name(e.text) for e in doc.ents if e.label_ == "ORG")
        offset = key[1]
        spans = [(c["doc_start"] - offset, c["doc_end"] - offset) for c in group]
        anchors = [_anchor(doc, s, e) for s, e in spans] if offset >= 0 else [None] * len(group)
        previous: Frame | None = None
        previous_end = -1
        for claim, (s, e), anchor in sorted(zip(group, spans, anchors, strict=True), key=lambda x: x[1]):
            if anchor is None:
                frame = Frame(None, None, None, None)
            else:
                others = [a for a, c in zip(anchors, group, strict=True) if a is not None and not _is_duration(c)]
                frame = frame_of(doc, s, e, claim.get("unit"), others, years.get(claim["article_id"]))
            if frame.measure is None and previous is not None and previous.measure and anchor is not None:
                frame = _elided(frame, previous, anchor)
            if previous is not None and _converts(doc.text, s, previous_end):
                frame = Frame(previous.measure, frame.subject, previous.place, previous.event)
            claim.update(measure=frame.measure, subject=frame.subject, place=frame.place, event=frame.event)
            previous, previous_end = (frame, e) if frame.measure else (previous, previous_end)
        _sentence_links(group, anchors)
        _owned_area(group, anchors, doc)
    _named_parts(claims, texts)
    _anaphoric_sums(claims)
    _definite_actors(claims, texts)
    return _mentions_in_articles(claims, texts, organisations)


def finish_frames(claims: list[dict], organisations: dict[str, Counter[str]]) -> None:
    """The corpus-wide part of the frames, once every claim has its source (``frame_sentences`` did the rest):
    a market figure's company, headlines and repeated figures, one name per place and per organisation."""
    _article_company(claims, organisations)
    _headlines_restate_their_body(claims)
    _repeated_figures_share_a_scope(claims)
    canonical_places(claims)
    canonical_subjects(claims)


def canonical_subjects(claims: list[dict]) -> None:
    """One name per organisation a figure is about: "Delta" and "Delta Air Lines" (one name's words start
    the other's) take the most frequent, then the longest."""
    counts: dict[str, int] = defaultdict(int)
    for claim in claims:
        if claim.get("subject") and claim["subject"][:1].isupper():
            counts[claim["subject"]] += 1
    names = sorted(counts, key=lambda n: (-counts[n], -len(n), n))
    chosen: dict[str, str] = {}
    for name in names:
        words = name.casefold().split()
        chosen[name] = next(
            (c for c in names[: names.index(name)] if c == chosen[c] and _starts_with(c.casefold().split(), words)),
            name,
        )
    for claim in claims:
        if claim.get("subject") in chosen:
            claim["subject"] = chosen[claim["subject"]]


def _starts_with(a: list[str], b: list[str]) -> bool:
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return longer[: len(shorter)] == shorter


@cache
def _revision_cue() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in lexicon().revision_cues) + r")\b", re.IGNORECASE)


def has_revision_cue(sentences: Iterable[str]) -> bool:
    """A sentence saying its figure replaces an earlier one ("rose to", "updated", "previously")."""
    return any(_revision_cue().search(s) for s in sentences)
