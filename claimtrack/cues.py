"""The attribution vocabulary (``claimtrack/data/attribution.json``) and the cheap pre-filter.

Parsing is the expensive step of attribution, so a sentence is parsed only when it could hold
an attribution: a cue word form, a quotation mark, "according to" or a colon.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from claimtrack.lexicon import lexicon, load_data
from claimtrack.quotemarks import ALL_MARKS


@dataclass(frozen=True)
class Cues:
    verbs: frozenset[str]
    clause_only: frozenset[str]
    postposed: frozenset[str]
    forms: frozenset[str]  # every inflected form of a cue verb, lower case
    lemma_of: dict[str, str]  # inflected form -> cue verb ("rated" -> "rate"), for the tagger's slips ("rat")
    irregular_past: frozenset[str]  # said, told, wrote, ...: finite forms that end in neither -s nor -ed
    according_to: tuple[str, ...]
    citing: frozenset[str]
    role_nouns: frozenset[str]
    person_titles: frozenset[str]
    org_nouns: frozenset[str]
    outlet_nouns: frozenset[str]
    carry_openers: tuple[str, ...]
    speaker_stop_words: frozenset[str]
    agencies: dict[str, str]
    authored_openers: tuple[str, ...]  # 'Analysis of X, researcher ...': X wrote the rest of the article
    noun_cues: frozenset[str]
    plan_nouns: frozenset[str]  # a plan's owner holds what it does ('Mrs. X's plan would cap ...')
    confirming_verbs: frozenset[str]  # 'X confirmed the fatalities': X vouches for the earlier figures
    light_verbs: frozenset[str]
    light_only_nouns: frozenset[str]
    source_nouns: tuple[str, ...]
    descriptor_nouns: frozenset[str]
    furniture_labels: frozenset[str]  # "Credit:", "Photo:": labels of page furniture, never a speaker
    stance: dict[str, frozenset[str]]  # stance verb -> the particles after which its object is the position held
    reporting: frozenset[str]  # cue_verbs: the verbs that report (stance verbs alone do not stop a report carrying)


def _inflections(lemma: str) -> set[str]:
    """Regular English forms of a verb: say -> says, saying; note -> noted, notes, noting."""
    forms = {lemma, lemma + "s", lemma + "ing", lemma + "ed", lemma + "d"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es"}
    if re.fullmatch(r".*[^aeiou][aeiou][bdgmnprt]", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@cache
def cues() -> Cues:
    data = load_data("attribution.json")
    stance = {verb: frozenset(particles) for verb, particles in data["stance_verbs"].items()}
    verbs = frozenset(data["cue_verbs"]) | frozenset(stance)
    lemma_of = dict(data["irregular_forms"])
    for verb in sorted(verbs):
        for form in _inflections(verb):
            lemma_of.setdefault(form, verb)
    return Cues(
        verbs=verbs,
        clause_only=frozenset(data["clause_only_verbs"]),
        postposed=frozenset(data["postposed_verbs"]),
        forms=frozenset(lemma_of),
        lemma_of=lemma_of,
        irregular_past=frozenset(f for f in data["irregular_forms"] if not f.endswith(("s", "ed", "ing", "en", "wn"))),
        according_to=tuple(data["according_to"]),
        citing=frozenset(data["citing"]),
        role_nouns=frozenset(data["role_nouns"]),
        person_titles=frozenset(data["person_titles"]),
        org_nouns=frozenset(data["org_nouns"]),
        outlet_nouns=frozenset(data["outlet_nouns"]),
        carry_openers=tuple(data["carry_openers"]),
        speaker_stop_words=frozenset(data["speaker_stop_words"]),
        agencies=lexicon().agencies,
        authored_openers=tuple(data["authored_openers"]),
        noun_cues=frozenset(data["noun_cues"] + data["plan_nouns"]),
        plan_nouns=frozenset(data["plan_nouns"]),
        confirming_verbs=frozenset(data["confirming_verbs"]),
        light_verbs=frozenset(data["light_verbs"]),
        light_only_nouns=frozenset(data["light_only_nouns"]),
        source_nouns=tuple(data["source_nouns"]),
        descriptor_nouns=frozenset(data["descriptor_nouns"] + data["org_nouns"] + data["outlet_nouns"]),
        furniture_labels=frozenset(data["furniture_labels"]),
        stance=stance,
        reporting=frozenset(data["cue_verbs"]),
    )


@cache
def generic_organisation_heads() -> frozenset[str]:
    """Heads of a description that stands for the organisation named before it ('the firm', 'the airline')."""
    data = load_data("attribution.json")
    described = {w for w in data["descriptor_nouns"] if w not in cues().role_nouns and w[:-1] not in cues().role_nouns}
    return frozenset(data["generic_organisation_heads"]) | described


_WORD = re.compile(r"[A-Za-z]+")


def _cue_lemmas(sentence: str) -> Iterator[str]:
    """The cue verbs the sentence's words are forms of, in order."""
    lemma_of = cues().lemma_of
    return (lemma_of[w] for w in (word.lower() for word in _WORD.findall(sentence)) if w in lemma_of)


def has_cue_word(sentence: str) -> bool:
    """True when the sentence names a way of saying: a cue verb form or 'according'."""
    return any(True for _ in _cue_lemmas(sentence)) or "according" in sentence.lower()


DATA_VERBS = frozenset({"show"})  # with a place as subject, what it shows is data about it ("Florida showed ...")


def has_reporting_word(sentence: str) -> bool:
    """A cue word other than a data verb: in a sentence without an attribution of its own, 'Florida showed the
    most customers out' shows data, not a new speaker, so the report before it runs on; 'agreed', 'put' do not."""
    reporting = cues().reporting
    return any(lemma in reporting and lemma not in DATA_VERBS for lemma in _cue_lemmas(sentence)) or (
        "according" in sentence.lower()
    )


@cache
def revisions() -> tuple[frozenset[str], frozenset[str]]:
    """Verbs that revise a figure and the nouns they revise (``revisions`` in attribution.json)."""
    data = load_data("attribution.json")["revisions"]
    return frozenset(data["verbs"]), frozenset(data["nouns"])


@cache
def _revision_pattern() -> re.Pattern[str]:
    verbs, nouns = revisions()
    forms = sorted({form for verb in verbs for form in _inflections(verb)} | {"cut", "upped"}, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(forms)})\b[^.;]{{0,40}}?\b(?:{'|'.join(sorted(nouns))})s?\b", re.IGNORECASE)


def revises_a_figure(sentence: str) -> bool:
    """'pushed those numbers up to ...', 'raised the toll to ...': worth a parse."""
    return _revision_pattern().search(sentence) is not None


FIGURES_ON_A_PAGE = re.compile(
    r"\b(?:numbers?|figures?|data|statistics|counts?|tally|tallies|totals?)\s+(?:on|from|in|at)\s+(?:the\s+)?"
    r"(?P<who>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*)['’]s?\s"
)


def might_attribute(sentence: str) -> bool:
    """True when the sentence has a cue word form, a quotation mark, 'according to' or a colon."""
    if any(mark in sentence for mark in ALL_MARKS if mark not in "'’") or ":" in sentence:
        return True
    if re.search(r"\s'[A-Za-z]|[A-Za-z][.,!?]?'(\s|$)|‘", sentence):
        return True
    if _owned_cue_noun(sentence) or authored_by(sentence) is not None or source_phrase(sentence) is not None:
        return True
    lower = sentence.lower()
    if any(phrase in lower for phrase in cues().according_to if " " in phrase):  # "as per", "in the words of"
        return True
    return has_cue_word(sentence) or revises_a_figure(sentence) or FIGURES_ON_A_PAGE.search(sentence) is not None


@cache
def _owned_cue_noun_pattern() -> re.Pattern[str]:
    nouns = "|".join(sorted(cues().noun_cues))
    owner = r"(?i:['’]s?|\b(?:made|makes|making|make|pressed|repeated|offered|raised))|(?<=\s)[A-Z][\w.&]*"
    return re.compile(rf"(?:{owner})\s+(?:[\w.&-]+\s+){{0,2}}(?i:{nouns})s?\b")


def _owned_cue_noun(sentence: str) -> bool:
    """'Stumpf's repeated emphasis that', 'made the case that', 'a New York Times report that': a cue noun after
    a possessive, a light verb or a name (a capitalised word that does not open the sentence)."""
    return bool(_owned_cue_noun_pattern().search(sentence))


@cache
def _source_phrase_pattern() -> re.Pattern[str]:
    nouns = "|".join(sorted(cues().source_nouns, key=len, reverse=True))
    name = r"[A-Z][\w.&/-]*(?:\s+[A-Z][\w.&/-]*)*['’]s?"
    owner = rf"(?:one|some|most|many|other|its|his|her|their|our|the|this|that|a|an|{name})"
    word = r"(?!(?:in|of|on|at|for|with|to|from|by|and|or)\b)[\w.&/’'-]+"
    phrase = rf"{owner}(?:\s+{word}){{0,5}}?\s+(?:{nouns})s?"
    return re.compile(
        rf"^In\s+(?P<lead>{phrase})\b[^,;]{{0,60}},\s+(?=\S)|\b(?i:by)\s+(?P<by>{phrase})(?=\s*[,.;:]|\s*$)"
    )


def source_phrase(sentence: str) -> re.Match[str] | None:
    """'In the latest Gallup poll, ...' opening a sentence, or 'by one estimate' / 'by Trump's own count' in it:
    the named document or count is the source of the sentence's figures (group 'lead' or 'by')."""
    return _source_phrase_pattern().search(sentence)


@cache
def _authored_pattern() -> re.Pattern[str]:
    openers = "|".join(re.escape(o) for o in sorted(cues().authored_openers, key=len, reverse=True))
    return re.compile(rf"(?i:{openers})\s+(?:of|by|from)\s+([A-Z].*)$")


def authored_by(sentence: str) -> re.Match[str] | None:
    """'Analysis of Philip the Corre, researcher ...' / 'Opinion by ...': group 1 is the author phrase."""
    return _authored_pattern().match(sentence.strip())
