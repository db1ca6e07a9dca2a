"""Who "he", "the ministry" and "Serdjukov" are: speakers resolved inside one article only.

"he"/"she" go to a full name their own sentence gives outside the quote, else to the last person quoted,
skipping a person the article gives the other gender; "this specialist researcher" to the person just
quoted (kept as a role); "the president" to the earlier speaker with that title; "the ministry" to the last
ministry named; a one-word organisation that is the surname of the one person named earlier to that person.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS

from claimtrack.attribution_core import ArticleText, Attribution
from claimtrack.cues import cues
from claimtrack.speakers import PERSON_PRONOUNS


def resolve_speakers(found: list[Attribution], prepared: ArticleText, text: str) -> None:
    """Names for pronouns and descriptions, from earlier speakers and names of this article only."""
    persons: list[tuple[int, str]] = []  # (offset, name) of named people, in text order
    organisations: list[tuple[int, str]] = []
    for sent in prepared.sentences:
        if sent.parse is None:
            continue
        for ent in sent.parse.ents:
            if ent.label_ == "PERSON" and len(ent.text.split()) >= 1:
                persons.append((sent.start + ent.start_char, ent.text))
            elif ent.label_ == "ORG":
                organisations.append((sent.start + ent.start_char, ent.text))
    genders = _genders(found, prepared, text)
    last_speaker: Attribution | None = None
    for item in found:
        speaker = item.speaker
        if speaker is None:
            continue
        organisation = speaker.kind == "organisation"
        if organisation and (full := _surname_of_earlier_person(found, item, persons, text, prepared)):
            speaker = item.speaker = replace(speaker, name=full, kind="person")  # "Serdjukov said": the tagger's ORG
        if speaker.kind == "person" and speaker.name:
            item.expert = speaker.name
        elif speaker.kind == "pronoun" and speaker.head in PERSON_PRONOUNS and speaker.head not in ("i", "me"):
            item.expert = _last_person(found, item, persons, genders)
        elif speaker.kind == "description" and (titled := _titled_earlier(found, item)):
            item.expert = titled  # "the president" is the earlier speaker with that title, not the last one
            speaker.role = speaker.role or speaker.text
        elif speaker.kind == "description":
            if (
                last_speaker is not None
                and last_speaker.expert
                and last_speaker.speaker is not None
                and last_speaker.speaker.kind in ("person", "pronoun", "description")
                and item.unit - last_speaker.unit <= 1
                and re.match(r"(?i)(this|that|the)\b", speaker.text)
                and _names_a_role(speaker.text)
            ):
                item.expert = last_speaker.expert
                if speaker.role is None:
                    speaker.role = speaker.text
        elif speaker.kind == "pronoun" and speaker.head == "it":
            earlier = [a for a in found if a.start < item.start and a.speaker and a.speaker.kind == "organisation"]
            if earlier and earlier[-1].speaker is not None:
                item.expert = None
                item.speaker = replace(speaker, name=earlier[-1].speaker.name, kind="organisation")
        if speaker.kind == "organisation" and speaker.name and not _has_capital(speaker.text):
            same_kind = [name for pos, name in organisations if pos < speaker.start and speaker.head in name.lower()]
            earlier = [
                a.speaker.name
                for a in found
                if a.start < item.start
                and a.speaker
                and a.speaker.name
                and a.speaker.kind == "organisation"
                and speaker.head in a.speaker.name.lower()
                and _has_capital(a.speaker.name)
            ]
            candidates = earlier or same_kind
            if candidates:
                item.speaker = replace(item.speaker, name=candidates[-1])
        if item.via is not None and item.speaker is not None and item.speaker.kind == "person" and item.speaker.name:
            item.expert = item.speaker.name
        if item.expert or (item.speaker and item.speaker.kind == "person"):
            last_speaker = item


def _surname_of_earlier_person(
    found: list[Attribution], item: Attribution, persons: list[tuple[int, str]], text: str, prepared: ArticleText
) -> str | None:
    """The full name of the one person named earlier in the article whose surname is this one-word speaker:
    from the parsed names, earlier speakers, or a first name written before the surname in sentences that
    were not parsed ('grilled Wells Fargo CEO John Stumpf' ... 'Stumpf explained')."""
    assert item.speaker is not None
    word = item.speaker.text.strip()
    if not re.fullmatch(r"[A-Z][\w'’-]+", word):
        return None
    earlier = [name for pos, name in persons if pos < item.speaker.start]
    earlier += [a.expert for a in found if a.start < item.start and a.expert]
    before = text[prepared.units[0][0] if prepared.units else 0 : item.speaker.start]
    titles = cues().person_titles | cues().role_nouns
    for match in re.finditer(rf"\b([A-Z][a-z]+(?:\s+[A-Z]\.)?)\s+{re.escape(word)}\b", before):
        first = match.group(1).split()[0].lower()
        if first not in titles and first not in STOP_WORDS:  # 'Then Stumpf said' names nobody 'Then'
            earlier.append(f"{match.group(1)} {word}")
    full = {name for name in earlier if len(name.split()) >= 2 and name.split()[-1] == word}
    return full.pop() if len(full) == 1 else None


def _titled_earlier(found: list[Attribution], item: Attribution) -> str | None:
    """The last earlier speaker whose role or phrase carries the title named by 'the president'/'the senator'."""
    assert item.speaker is not None
    words = re.findall(r"[a-z]+", item.speaker.text.lower())
    if len(words) != 2 or words[0] != "the" or words[1] not in cues().person_titles:
        return None
    for earlier in reversed([a for a in found if a.start < item.start and a.expert and a.speaker]):
        described = f"{earlier.speaker.role or ''} {earlier.speaker.text}".lower()
        if re.search(rf"\b{words[1]}\b", described):
            return earlier.expert
    return None


def _names_a_role(text: str) -> bool:
    """'this specialist researcher from Eurasia', 'The ex-military': a role noun before any 'of/from' phrase."""
    head_part = re.split(r"\b(?:of|from|at|in|with|for)\b", text.lower())[0]
    words = set(re.findall(r"[a-z]+(?:-[a-z]+)?", head_part))
    words |= {part for word in list(words) for part in word.split("-")}
    return bool(words & cues().role_nouns)


def _has_capital(text: str) -> bool:
    return any(ch.isupper() for ch in text)


PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}


_GENDERED_WORDS = {
    "f": r"mrs|ms|miss|woman|spokeswoman|chairwoman|congresswoman|businesswoman|actress|widow|mother|wife|daughter|"
    r"sister|grandmother|queen",
    "m": r"mr|man|spokesman|chairman|congressman|businessman|actor|widower|father|husband|son|brother|grandfather|king",
}


def _genders(found: list[Attribution], prepared: ArticleText, text: str) -> dict[str, str]:
    """Surname -> 'm' or 'f' where the article says so: an honorific ('Mr. Clarke', 'Ms. LaBelle') or a gendered
    word in a named speaker's phrase or role ('spokeswoman', 'widow'). Conflicting evidence gives nothing.
    Read once per article, before any pronoun is resolved."""
    article = text[prepared.units[0][0] : prepared.units[-1][1]] if prepared.units else ""
    evidence: dict[str, set[str]] = {}
    for match in re.finditer(r"\b(Mrs|Ms|Miss|Mr)\.?\s+(?:[A-Z][\w.'’-]*\s+){0,2}?([A-Z][\w'’-]+)\b", article):
        evidence.setdefault(match.group(2), set()).add("m" if match.group(1) == "Mr" else "f")
    for item in found:
        speaker = item.speaker
        if speaker is not None and speaker.kind == "person" and speaker.name:
            words = f"{speaker.text} {speaker.role or ''}".lower()
            for gender, pattern in _GENDERED_WORDS.items():
                if re.search(rf"\b(?:{pattern})\b", words):
                    evidence.setdefault(speaker.name.split()[-1], set()).add(gender)
    return {surname: genders.pop() for surname, genders in evidence.items() if len(genders) == 1}


def _last_person(
    found: list[Attribution], item: Attribution, persons: list[tuple[int, str]], genders: dict[str, str]
) -> str | None:
    """The person a 'he'/'she' stands for; a name the article gives the other gender is skipped."""
    wanted = PRONOUN_GENDER.get(item.speaker.head if item.speaker else "")

    def fits(name: str) -> bool:
        return wanted is None or genders.get(name.split()[-1], wanted) == wanted

    speakers = [a.expert for a in found if a.start < item.start and a.expert and fits(a.expert)]
    pronoun_at = item.speaker.start if item.speaker else item.start
    named = [name for pos, name in persons if pos < pronoun_at and fits(name)]
    in_sentence = [
        name
        for pos, name in persons
        if item.sentence[0] <= pos < pronoun_at
        and not item.start <= pos < item.end
        and len(name.split()) >= 2
        and fits(name)
    ]  # a name inside what is said ('"Trump is wrong," she said') is not who says it
    if in_sentence:
        return in_sentence[0]  # 'Sen. Claire McCaskill scolded him: "...," she said': her own sentence names her
    if speakers:
        return speakers[-1]  # the model's names are noisy; the last person quoted is the safer antecedent
    return named[-1] if named else None
