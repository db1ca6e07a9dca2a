"""Who "he", "the ministry" and "Serdjukov" are: speakers resolved inside one article only.

"he"/"she" go to a full name their own sentence gives outside the quote, else to the last person quoted,
skipping a person the article gives the other gender; "this specialist researcher" to the person just
quoted (kept as a role); "the president" to the earlier speaker with that title; "the ministry" to the last
ministry named; a one-word organisation that is the surname of the one person named earlier to that person.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS

from claimtrack.attribution_core import ArticleText, Attribution
from claimtrack.cues import cues, generic_organisation_heads
from claimtrack.issuers import fuller_name, issued
from claimtrack.speakers import PERSON_PRONOUNS, Speaker, strip_determiner


def resolve_speakers(found: list[Attribution], prepared: ArticleText, text: str) -> None:
    """Names for pronouns and descriptions, from earlier speakers and names of this article only: each
    attribution, in text order, goes through the strategies of ``_Resolver``."""
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
    resolver = _Resolver(
        found,
        _Earlier(found, persons, organisations, genders, text, prepared),
        genders,
        text,
        prepared.article.doc_start,
    )
    for item in found:
        resolver.resolve(item)


class _Resolver:
    """The resolution strategies, applied to one attribution after another. Each reads the speaker as the
    strategies before it left it: a cited record becomes its issuer, a tagger's organisation a person, then
    the person, pronoun or description is named, then an organisation description ('the firm')."""

    def __init__(
        self, found: list[Attribution], earlier: _Earlier, genders: dict[str, str], text: str, article_start: int
    ) -> None:
        self.found, self.earlier, self.genders, self.text = found, earlier, genders, text
        self.article_start = article_start
        self.last_speaker: Attribution | None = None  # the last one with a person (or a resolved expert)
        self.last_spoken: Attribution | None = None  # who spoke last: who issued "the statement", if named

    def resolve(self, item: Attribution) -> None:
        self.earlier.advance(item)
        if item.speaker is None:
            return
        self.record(item)
        self.person_behind_organisation(item)
        speaker = item.speaker  # as the strategies above left it; the next ones may replace item.speaker
        self.name_the_speaker(item, speaker)
        self.organisation_description(item, speaker)
        if item.via is not None and item.speaker is not None and item.speaker.kind == "person" and item.speaker.name:
            item.expert = item.speaker.name
        if item.expert or (item.speaker and item.speaker.kind == "person"):
            self.last_speaker = item
        self.last_spoken = item

    def record(self, item: Attribution) -> None:
        """'a statement from the Ministry', 'the same source': the issuer (``claimtrack.issuers``); a bare
        'Ministry' takes the fuller name written before."""
        last = self.last_spoken
        near = last is not None and item.unit - last.unit <= 1
        record = issued(item.speaker, last.speaker if near and last is not None else None)
        if record is not None:
            item.speaker = record.speaker
            item.via = record.via or item.via
        speaker = item.speaker
        if speaker.kind == "organisation" and speaker.name:
            fuller = fuller_name(speaker.name, self.text, self.article_start, speaker.start)
            item.speaker = replace(speaker, name=fuller) if fuller else speaker

    def person_behind_organisation(self, item: Attribution) -> None:
        """'Serdjukov said': the tagger's one-word organisation is the one person named with that surname."""
        if item.speaker.kind == "organisation" and (full := self.earlier.surname_of_person(item)):
            item.speaker = replace(item.speaker, name=full, kind="person")

    def name_the_speaker(self, item: Attribution, speaker: Speaker) -> None:
        """The expert behind a person, 'he'/'she', 'the president' or 'this researcher'; the organisation behind
        'it'."""
        earlier = self.earlier
        if speaker.kind == "person" and speaker.name:
            item.expert = speaker.name
        elif speaker.kind == "pronoun" and speaker.head in PERSON_PRONOUNS and speaker.head not in ("i", "me"):
            item.expert = earlier.last_person(item) or _next_person(self.found, item, self.genders)
        elif speaker.kind == "description" and (titled := earlier.titled(item)):
            item.expert = titled  # "the president" is the earlier speaker with that title, not the last one
            speaker.role = speaker.role or speaker.text
        elif speaker.kind == "description":
            if self._points_back_to_a_person(item, speaker):
                item.expert = self.last_speaker.expert  # type: ignore[union-attr]
                if speaker.role is None:
                    speaker.role = speaker.text
        elif speaker.kind == "pronoun" and speaker.head == "it" and (own := earlier.organisation_before_cue(item)):
            item.expert = None  # "Georgia Power restored power to 740,000 customers, it said": the clause's subject
            item.speaker = replace(speaker, name=own, kind="organisation")
        elif speaker.kind == "pronoun" and speaker.head == "it":
            if earlier.last_organisation is not None and earlier.last_organisation.speaker is not None:
                item.expert = None
                item.speaker = replace(speaker, name=earlier.last_organisation.speaker.name, kind="organisation")

    def _points_back_to_a_person(self, item: Attribution, speaker: Speaker) -> bool:
        """'this specialist researcher', 'the ex-military' right after a person spoke: that person."""
        last = self.last_speaker
        return (
            last is not None
            and bool(last.expert)
            and last.speaker is not None
            and last.speaker.kind in ("person", "pronoun", "description")
            and item.unit - last.unit <= 1
            and re.match(r"(?i)(this|that|the)\b", speaker.text) is not None
            and _names_a_role(speaker.text)
        )

    def organisation_description(self, item: Attribution, speaker: Speaker) -> None:
        """'the ministry' is the last ministry named; 'the firm', 'the airline' the organisation spoken of last."""
        if speaker.kind not in ("organisation", "description") or _has_capital(strip_determiner(speaker.text)):
            return
        earlier = self.earlier
        named = earlier.named_organisation(speaker.head) or earlier.organisation_entity(speaker.head, speaker.start)
        generic = speaker.head in generic_organisation_heads()
        if named is None and generic:
            named = earlier.last_named_organisation(speaker.start)
        if named and (speaker.kind == "organisation" or generic):
            item.speaker = replace(item.speaker, name=named, kind="organisation")


def _next_person(found: list[Attribution], item: Attribution, genders: dict[str, str]) -> str | None:
    """A 'he said' with nobody before it (a page cut above its first paragraph) is the first person of that
    gender quoted by name after it."""
    wanted = PRONOUN_GENDER.get(item.speaker.head if item.speaker else "")
    for later in found:
        speaker = later.speaker
        if later.start <= item.start or speaker is None or speaker.kind != "person" or not speaker.name:
            continue
        if wanted is None or genders.get(speaker.name.split()[-1], wanted) == wanted:
            return speaker.name
    return None


_FIRST_NAME_THEN_CAPITAL = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z]\.)?)\s+(?=([A-Z][\w'’-]+))")
_SURNAME = re.compile(r"[A-Z][\w'’-]+")
_LONGEST_INDEXED = 64  # characters of a surname looked up in the index; a longer "word" is read directly


class _Distinct:
    """Names in text order, answering 'the distinct names before position x' as at most two of them: enough
    to tell 'exactly one person' from 'several', in logarithmic time."""

    def __init__(self) -> None:
        self.positions: list[int] = []
        self.prefix: list[tuple[str, ...]] = [()]  # prefix[i]: up to two distinct names among the first i

    def add(self, position: int, name: str) -> None:
        seen = self.prefix[-1]
        self.positions.append(position)
        self.prefix.append(seen if name in seen or len(seen) == 2 else (*seen, name))

    def before(self, position: int, inclusive: bool = False) -> tuple[str, ...]:
        find = bisect.bisect_right if inclusive else bisect.bisect_left
        return self.prefix[find(self.positions, position)]


class _Earlier:
    """What ``resolve_speakers`` asks about the article before a speaker, from indexes built once per article.

    Asking by rescanning every earlier attribution, name and the text before each speaker was quadratic: a
    5 MB line of prose with many speakers ran for over 21 minutes. Attributions enter in text order once
    they are resolved (``advance``): an attribution that started before the current one is final by then."""

    def __init__(
        self,
        found: list[Attribution],
        persons: list[tuple[int, str]],
        organisations: list[tuple[int, str]],
        genders: dict[str, str],
        text: str,
        prepared: ArticleText,
    ) -> None:
        self.found, self.persons, self.organisations, self.genders = found, persons, organisations, genders
        self.text, self.prepared = text, prepared
        self.starts = [a.start for a in found]
        self.entered = 0
        self.person_positions = [pos for pos, _ in persons]
        self.organisation_positions = [pos for pos, _ in organisations]
        self.persons_by_surname: dict[str, _Distinct] = defaultdict(_Distinct)
        for pos, name in persons:
            if len(name.split()) >= 2:
                self.persons_by_surname[name.split()[-1]].add(pos, name)
        self.experts_by_surname: dict[str, _Distinct] = defaultdict(_Distinct)
        self.written: dict[str, _Distinct] | None = None  # built on the first one-word organisation speaker
        self.last_expert: dict[str | None, str] = {}  # wanted gender -> the last expert who fits it
        self.fitting_persons: dict[str | None, list[tuple[int, str]]] = {}
        self.last_organisation: Attribution | None = None
        self.capitalised_organisations: list[str] = []
        self.by_head: dict[str, tuple[int, str | None]] = {}  # head -> (organisations scanned, last match)
        self.entities_by_head: dict[str, tuple[list[int], list[str]]] = {}
        self.titled_speakers: list[Attribution] = []
        self.by_title: dict[str, tuple[int, str | None]] = {}

    def advance(self, item: Attribution) -> None:
        """Enter every attribution that starts before ``item`` (all resolved already: ``found`` is in order)."""
        upto = bisect.bisect_left(self.starts, item.start)
        for a in self.found[self.entered : upto]:
            if a.expert:
                if len(a.expert.split()) >= 2:
                    self.experts_by_surname[a.expert.split()[-1]].add(a.start, a.expert)
                for wanted in (None, "m", "f"):
                    if self._fits(a.expert, wanted):
                        self.last_expert[wanted] = a.expert
                if a.speaker:
                    self.titled_speakers.append(a)
            if a.speaker and a.speaker.kind == "organisation":
                self.last_organisation = a
                if a.speaker.name and _has_capital(a.speaker.name):
                    self.capitalised_organisations.append(a.speaker.name)
        self.entered = max(self.entered, upto)

    def _fits(self, name: str, wanted: str | None) -> bool:
        return wanted is None or self.genders.get(name.split()[-1], wanted) == wanted

    def surname_of_person(self, item: Attribution) -> str | None:
        """The full name of the one person named earlier in the article whose surname is this one-word speaker:
        from the parsed names, earlier speakers, or a first name written before the surname in sentences that
        were not parsed ('grilled Wells Fargo CEO John Stumpf' ... 'Stumpf explained')."""
        assert item.speaker is not None
        word = item.speaker.text.strip()
        if not _SURNAME.fullmatch(word):
            return None
        at = item.speaker.start
        names = set(self.persons_by_surname[word].before(at))
        names.update(self.experts_by_surname[word].before(item.start))
        names.update(self._written_before(word, at))
        return names.pop() if len(names) == 1 else None

    def _written_before(self, word: str, at: int) -> tuple[str, ...]:
        """Up to two distinct 'First Surname' (or 'First X. Surname') written in the article before ``at``."""
        if len(word) > _LONGEST_INDEXED:
            return tuple(dict.fromkeys(_written_full_names(self.text, self.prepared, word, at)))[:2]
        if self.written is None:
            self.written = _index_written_names(self.text, self.prepared)
        return self.written[word].before(at, inclusive=True) if word in self.written else ()

    def last_person(self, item: Attribution) -> str | None:
        """The person a 'he'/'she' stands for; a name the article gives the other gender is skipped."""
        wanted = PRONOUN_GENDER.get(item.speaker.head if item.speaker else "")
        pronoun_at = item.speaker.start if item.speaker else item.start
        i = bisect.bisect_left(self.person_positions, item.sentence[0])
        while i < len(self.persons) and self.persons[i][0] < pronoun_at:
            pos, name = self.persons[i]
            if not item.start <= pos < item.end and len(name.split()) >= 2 and self._fits(name, wanted):
                return name  # 'Sen. Claire McCaskill scolded him: "...," she said': her own sentence names her
            i += 1  # a name inside what is said ('"Trump is wrong," she said') is not who says it
        if wanted in self.last_expert:
            return self.last_expert[wanted]  # the model's names are noisy; the last person quoted is safer
        if wanted not in self.fitting_persons:
            self.fitting_persons[wanted] = [(pos, name) for pos, name in self.persons if self._fits(name, wanted)]
        fitting = self.fitting_persons[wanted]
        i = bisect.bisect_left(fitting, pronoun_at, key=lambda p: p[0])
        return fitting[i - 1][1] if i > 0 else None

    def named_organisation(self, head: str) -> str | None:
        """The last earlier organisation speaker written with a capital whose name holds ``head``."""
        scanned, last = self.by_head.get(head, (0, None))
        for name in self.capitalised_organisations[scanned:]:
            if _holds_word(name, head):
                last = name
        self.by_head[head] = (len(self.capitalised_organisations), last)
        return last

    def organisation_entity(self, head: str, before: int) -> str | None:
        """The last organisation the tagger names before ``before`` whose name holds ``head``."""
        if head not in self.entities_by_head:
            kept = [(pos, name) for pos, name in self.organisations if _holds_word(name, head)]
            self.entities_by_head[head] = ([pos for pos, _ in kept], [name for _, name in kept])
        positions, names = self.entities_by_head[head]
        i = bisect.bisect_left(positions, before)
        return names[i - 1] if i > 0 else None

    def organisation_before_cue(self, item: Attribution) -> str | None:
        """The organisation that opens the sentence of a postposed 'it said' ('X restored ..., it said')."""
        assert item.speaker is not None
        if item.speaker.start < item.start:
            return None  # "It said that ...": the pronoun comes first and points back
        i = bisect.bisect_left(self.organisation_positions, item.sentence[0])
        if i < len(self.organisations) and self.organisations[i][0] < item.start + 40:
            return self.organisations[i][1]
        return None

    def last_named_organisation(self, before: int) -> str | None:
        """The organisation spoken of last before ``before``: the last capitalised organisation speaker, else the
        tagger's last organisation name."""
        if self.capitalised_organisations:
            return self.capitalised_organisations[-1]
        i = bisect.bisect_left([pos for pos, _ in self.organisations], before)
        return self.organisations[i - 1][1] if i > 0 else None

    def titled(self, item: Attribution) -> str | None:
        """The last earlier speaker whose role or phrase carries the title named by 'the president'/'the senator'."""
        assert item.speaker is not None
        words = re.findall(r"[a-z]+", item.speaker.text.lower())
        if len(words) != 2 or words[0] != "the" or words[1] not in cues().person_titles:
            return None
        scanned, last = self.by_title.get(words[1], (0, None))
        for earlier in self.titled_speakers[scanned:]:
            assert earlier.speaker is not None
            described = f"{earlier.speaker.role or ''} {earlier.speaker.text}".lower()
            if re.search(rf"\b{words[1]}\b", described):
                last = earlier.expert
        self.by_title[words[1]] = (len(self.titled_speakers), last)
        return last


def _first_name_counts(first: str) -> bool:
    """'Then Stumpf said' names nobody 'Then'; 'CEO John Stumpf' names John."""
    word = first.split()[0].lower()
    return word not in cues().person_titles and word not in cues().role_nouns and word not in STOP_WORDS


def _index_written_names(text: str, prepared: ArticleText) -> dict[str, _Distinct]:
    """Surname -> the 'First Surname' written in the article, by where the surname ends; one pass over the text.

    Matches as the per-surname search ``_written_full_names`` would, left to right and never overlapping."""
    start = prepared.units[0][0] if prepared.units else 0
    end = prepared.units[-1][1] if prepared.units else 0
    article = text[start:end]
    found: dict[str, list[tuple[int, int, str]]] = defaultdict(list)  # surname -> (match start, end, first)
    for match in _FIRST_NAME_THEN_CAPITAL.finditer(article):
        at, token = match.end(), match.group(2)
        for length in range(2, min(len(token), _LONGEST_INDEXED) + 1):
            after = at + length
            if after < len(article) and (article[after - 1].isalnum() or article[after - 1] == "_") == (
                article[after].isalnum() or article[after] == "_"
            ):
                continue  # no word boundary after this prefix
            if after == len(article) and not (article[after - 1].isalnum() or article[after - 1] == "_"):
                continue
            found[token[:length]].append((match.start(), after, match.group(1)))
    index: dict[str, _Distinct] = {}
    for surname, matches in found.items():
        names = index[surname] = _Distinct()
        reached = -1
        for match_start, match_end, first in matches:
            if match_start < reached:
                continue  # overlaps the match before: a search for this surname would not have seen it
            reached = match_end
            if _first_name_counts(first):
                names.add(start + match_end, f"{first} {surname}")
    return index


def _written_full_names(text: str, prepared: ArticleText, word: str, at: int) -> list[str]:
    """'First Surname' written before ``at`` for one surname, by a search of the text (for a long 'surname')."""
    before = text[prepared.units[0][0] if prepared.units else 0 : at]
    pattern = rf"\b([A-Z][a-z]+(?:\s+[A-Z]\.)?)\s+{re.escape(word)}\b"
    return [f"{m.group(1)} {word}" for m in re.finditer(pattern, before) if _first_name_counts(m.group(1))]


def _names_a_role(text: str) -> bool:
    """'this specialist researcher from Eurasia', 'The ex-military': a role noun before any 'of/from' phrase."""
    head_part = re.split(r"\b(?:of|from|at|in|with|for)\b", text.lower())[0]
    words = set(re.findall(r"[a-z]+(?:-[a-z]+)?", head_part))
    words |= {part for word in list(words) for part in word.split("-")}
    return bool(words & cues().role_nouns)


def _holds_word(name: str, word: str) -> bool:
    """'Interior Ministry' holds 'ministry'; 'Senate banking committee' does not hold 'bank'."""
    return re.search(rf"\b{re.escape(word)}\b", name.lower()) is not None


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
