"""Mentions -> one entity per real thing, with its aliases.

Names of one organisation or person differ across languages, outlets and bad translations:
OTSC = CSTO = CPSO = OVKS, "Nazarbayev" = "Nazarbajev", "Ministry of Interior" = "Interior
Ministry". Mentions are joined (union-find) when
- their normalised keys are equal (case, articles, possessives and word order ignored:
  "Interior Ministry" = "Ministry of Interior");
- both fall in one group of the curated alias file (``data/aliases.json``);
- one is an acronym whose letters are the initials of the other's words, in any order
  (translations reorder words: OTSC = "Organization of the Collective Safety Treaty");
- a lone surname matches the last word of exactly one full name of a person ("Serdjukov");
- rapidfuzz finds them nearly equal (same kind, similarity >= 90: a transliteration).
The canonical name is the alias group's first name, else the most frequent full form.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from claimtrack.lexicon import load_data

KINDS = ("person", "organisation", "outlet", "agency", "place")
_STOP = {
    "the",
    "of",
    "for",
    "and",
    "a",
    "an",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "der",
    "die",
    "s",
    "on",
    "in",
    "to",
}
_TITLES = {"mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "president", "minister", "prime", "former"}
FUZZY_THRESHOLD = 92  # "Nazarbayev"/"Nazarbajev" join; "John Smith"/"John Smyth" (90) do not


@dataclass(slots=True)  # one per attribution or mention: a corpus holds hundreds of thousands
class Mention:
    name: str
    kind: str
    document: str = ""
    role: str | None = None
    affiliation: str | None = None


@dataclass
class Entity:
    entity_id: str
    name: str
    kind: str
    aliases: list[str]
    mentions: int
    documents: int
    role: str | None
    affiliation: str | None

    def row(self) -> dict:
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "kind": self.kind,
            "aliases": self.aliases,
            "mentions": self.mentions,
            "documents": self.documents,
            "role": self.role,
            "affiliation": self.affiliation,
        }


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def words_of(name: str) -> list[str]:
    """Lower-case words without accents, articles, possessives or titles."""
    words = re.findall(r"[^\W_]+", _fold(name).replace("’s", "").replace("'s", ""))
    return [w for w in words if w not in _STOP and w not in _TITLES]


def literal_key(name: str) -> str:
    """Case-, accent- and dot-free spelling: 'U.N.' -> 'un' (acronyms keep their letters' order)."""
    return _fold(name).replace(".", "")


def key_of(name: str) -> str:
    """Order-free key: 'Interior Ministry' and 'the Ministry of Interior' -> 'interior ministry'."""
    return " ".join(sorted(words_of(name)))


@cache
def alias_groups() -> dict[str, str]:
    """key -> canonical name, from the curated alias file."""
    groups = load_data("aliases.json")["groups"]
    table: dict[str, str] = {}
    for group in groups:
        for alias in group:
            table[key_of(alias)] = group[0]
            table[literal_key(alias)] = group[0]
    return table


@cache
def _curated_acronyms() -> re.Pattern[str] | None:
    acronyms = sorted(
        {a for group in load_data("aliases.json")["groups"] for a in group if a.isupper() and len(a) >= 3}
    )
    return re.compile(r"\b(" + "|".join(map(re.escape, acronyms)) + r")\b") if acronyms else None


def curated_mentions(text: str, document: str) -> list[Mention]:
    """Acronyms of the curated alias file wherever they appear ("the military alliance of OVKS"), even in
    sentences the parser never saw: the alias file already says what they are."""
    pattern = _curated_acronyms()
    return [Mention(m.group(1), "organisation", document) for m in pattern.finditer(text)] if pattern else []


def _acronym(name: str) -> str | None:
    compact = name.replace(".", "")
    return compact if re.fullmatch(r"[A-Z]{2,6}", compact) else None


def _initials(name: str) -> str | None:
    words = [w for w in re.findall(r"[^\W_]+", name) if w.lower() not in _STOP]
    return "".join(sorted(w[0].upper() for w in words)) if len(words) >= 2 else None


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Resolution:
    """The entities of a corpus and a lookup from any mentioned name to its entity."""

    entities: list[Entity] = field(default_factory=list)
    by_key: dict[str, Entity] = field(default_factory=dict)

    def lookup(self, name: str | None) -> Entity | None:
        if not name:
            return None
        return self.by_key.get(key_of(name)) or self.by_key.get(literal_key(name))

    @classmethod
    def from_rows(cls, rows: list[dict]) -> Resolution:
        """The lookup again, from rows of the ``entities`` table."""
        resolution = cls()
        for row in rows:
            entity = Entity(**{k: row[k] for k in Entity.__dataclass_fields__})
            resolution.entities.append(entity)
            for name in [entity.name, *entity.aliases]:
                resolution.by_key.setdefault(key_of(name), entity)
                resolution.by_key.setdefault(literal_key(name), entity)
        return resolution

    def canonical(self, name: str | None) -> str | None:
        entity = self.lookup(name)
        return entity.name if entity else name


def resolve(mentions: list[Mention]) -> Resolution:
    """Cluster mentions into entities (see the module docstring for the rules)."""
    names = sorted({(m.name.strip(), m.kind) for m in mentions if m.name and words_of(m.name)})
    keys = [key_of(n) for n, _ in names]
    uf = _UnionFind(len(names))
    first_with_key: dict[str, int] = {}
    groups = alias_groups()
    first_in_group: dict[str, int] = {}
    for i, (name, _) in enumerate(names):
        for key in (keys[i], literal_key(name)):
            if key in first_with_key:
                uf.union(i, first_with_key[key])
            first_with_key.setdefault(key, i)
        group = groups.get(keys[i]) or groups.get(literal_key(name))
        if group:
            if group in first_in_group:
                uf.union(i, first_in_group[group])
            first_in_group.setdefault(group, i)
    documents: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in mentions:
        if m.name:
            documents[(m.name.strip(), m.kind)].add(m.document)
    _join_acronyms(names, uf)
    _join_surnames(names, keys, uf, documents)
    _join_fuzzy(names, keys, uf)
    return _build(mentions, names, keys, uf, groups)


def _join_acronyms(names: list[tuple[str, str]], uf: _UnionFind) -> None:
    by_initials: dict[str, list[int]] = defaultdict(list)
    for i, (name, kind) in enumerate(names):
        initials = _initials(name)
        if initials and kind != "person":
            by_initials[initials].append(i)
    for i, (name, _) in enumerate(names):
        acronym = _acronym(name)
        if acronym:
            for j in by_initials.get("".join(sorted(acronym)), []):
                uf.union(i, j)


def _join_surnames(
    names: list[tuple[str, str]], keys: list[str], uf: _UnionFind, documents: dict[tuple[str, str], set[str]]
) -> None:
    full_names_by_last: dict[str, list[int]] = defaultdict(list)
    for i, (name, kind) in enumerate(names):
        words = words_of(name)
        if kind == "person" and len(words) >= 2:
            full_names_by_last[words[-1]].append(i)
    for i, (name, kind) in enumerate(names):
        words = words_of(name)
        if kind == "organisation" and len(words) == 1 and name[:1].isupper() and not name.isupper():
            # "Stumpf said" tagged ORG after "John Stumpf" in the same documents: the one person of that surname
            near = {
                uf.find(j) for j in full_names_by_last.get(words[0], []) if documents[names[i]] <= documents[names[j]]
            }
            if len(near) == 1:
                uf.union(i, next(iter(near)))
        if kind == "person" and len(words) == 1:
            full = full_names_by_last.get(words[0], [])
            if not full:  # "Nazarbajev" for "Nazarbayev": a transliterated surname
                full = [
                    j
                    for last, js in full_names_by_last.items()
                    if fuzz.ratio(last, words[0]) >= FUZZY_THRESHOLD - 2
                    for j in js
                ]
            roots = {uf.find(j) for j in full}
            if len(roots) == 1:
                uf.union(i, next(iter(roots)))


def _join_fuzzy(names: list[tuple[str, str]], keys: list[str], uf: _UnionFind) -> None:
    """Near-equal names of one kind, compared within blocks of the same first letter (not all pairs)."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (_, kind) in enumerate(names):
        if len(keys[i]) >= 6:
            blocks[(kind, keys[i][:1])].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        choices = [keys[i] for i in members]
        scores = process.cdist(choices, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        for a, b in zip(*scores.nonzero(), strict=True):
            if a < b:
                uf.union(members[a], members[b])


def _build(
    mentions: list[Mention], names: list[tuple[str, str]], keys: list[str], uf: _UnionFind, groups: dict[str, str]
) -> Resolution:
    index = {pair: i for i, pair in enumerate(names)}
    clusters: dict[int, list[Mention]] = defaultdict(list)
    surnames = {name.split()[-1] for name, kind in names if kind == "person" and len(words_of(name)) >= 2}
    for m in mentions:
        i = index.get((m.name.strip(), m.kind)) if m.name else None
        if i is not None:
            clusters[uf.find(i)].append(m)
    resolution = Resolution()
    for members in clusters.values():
        counts = Counter(m.name.strip() for m in members)
        kinds = Counter(m.kind for m in members)
        kind = _kind(kinds)
        if kind == "organisation" and 3 * kinds["person"] >= kinds.total() and counts.keys() & surnames:
            kind = "person"  # "Trump": the small model's ORG for a surname a third of the mentions call a person
        canonical = next((groups[key_of(n)] for n in counts if key_of(n) in groups), None)
        if canonical is None:
            full = [n for n in counts if len(words_of(n)) >= 2 and not _acronym(n)] or list(counts)
            canonical = max(full, key=lambda n: (counts[n], len(words_of(n)), -len(n), n))
        if kind != "person":
            canonical = re.sub(r"^(?:the|The)\s+", "", canonical)
        roles = [m.role for m in members if m.role]
        affiliations = [m.affiliation for m in members if m.affiliation]
        entity = Entity(
            entity_id=hashlib.sha256(f"{kind}:{canonical.lower()}".encode()).hexdigest()[:16],
            name=canonical,
            kind=kind,
            aliases=sorted(set(counts) - {canonical}),
            mentions=sum(counts.values()),
            documents=len({m.document for m in members}),
            role=roles[0] if roles else None,
            affiliation=affiliations[0] if affiliations else None,
        )
        resolution.entities.append(entity)
        for name in counts:
            resolution.by_key.setdefault(key_of(name), entity)
            resolution.by_key.setdefault(literal_key(name), entity)
    resolution.entities.sort(key=lambda e: (-e.mentions, e.name))
    return resolution


def _kind(kinds: Counter) -> str:
    """The mentions' majority kind; agencies and outlets win ties (a dateline names the wire, not a person)."""
    priority = {"agency": 4, "outlet": 3, "person": 2, "organisation": 1, "place": 0}
    return max(kinds, key=lambda k: (kinds[k], priority.get(k, -1)))
