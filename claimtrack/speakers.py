"""Who is speaking: a speaker phrase -> name, role, affiliation and kind.

"The OTSC President, Prime Minister Armenian Nikol Pachinian" is a person (Nikol Pachinian)
with a role ("OTSC President, Prime Minister Armenian"); "Philip the Corre, researcher in
international relations (Harvard Kennedy School)" has an affiliation in parentheses; "the
ministry" or "this specialist researcher" name nobody and are resolved later against the
article's earlier speakers (see ``attribution.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from claimtrack.cues import cues
from claimtrack.orgnames import organisation_name

PERSON_PRONOUNS = {"he", "she", "i", "him", "her", "me"}
GROUP_PRONOUNS = {"they", "we", "them", "us", "it", "who", "which", "that", "you"}
_EDGE = re.compile(r"^[\s,;:.\-–—\"“”«»'‘’()<>]+|[\s,;:\-–—\"“”«»'‘’(<>]+$")
_LEADING_DETERMINER = re.compile(r"^(the|a|an|this|that|these|those|its|his|her|their)\s+", re.IGNORECASE)


@dataclass(slots=True)  # one per attribution or mention: a corpus holds hundreds of thousands
class Speaker:
    start: int  # character offsets in the sentence's own text
    end: int
    text: str  # as written
    name: str | None  # a proper name inside the phrase, if any
    kind: str | None  # person, organisation, outlet, agency, pronoun, description
    role: str | None = None
    affiliation: str | None = None
    head: str = ""  # lower-case head word of the phrase ("ministry", "researcher", "he")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces and punctuation at both ends."""
    piece = text[start:end]
    lead = _EDGE.match(piece)
    start += lead.end() if lead else 0
    piece = text[start:end]
    tail = _EDGE.search(piece)
    end -= (len(piece) - tail.start()) if tail and piece else 0
    return start, max(start, end)


def strip_determiner(text: str) -> str:
    """'the airline' -> 'airline': a phrase without its leading determiner."""
    return _LEADING_DETERMINER.sub("", text.strip()).strip()


def _name_entity(span: Span, labels: tuple[str, ...]) -> Span | None:
    """The named entity holding the phrase's head ("The Georgian Young Lawyers' Association (GYLA)": the
    association, not its acronym), else the last one."""
    found = [e for e in span.ents if e.label_ in labels]
    holding = [e for e in found if e.start <= span.root.i < e.end]
    return (holding or found or [None])[-1]


def _proper_run(tokens: list[Token], root: Token) -> list[Token]:
    """The run of proper nouns holding the phrase's head ("Gallup, a polling firm"), else the last
    one ("Nikol Pachinian"), titles left out."""
    titles = cues().person_titles
    runs: list[list[Token]] = [[]]
    for n, token in enumerate(tokens):
        if token.pos_ == "PROPN" and token.lower_.rstrip(".") not in titles:
            runs[-1].append(token)
        elif runs[-1] and _continues_name(tokens, n):
            runs[-1].append(token)  # "Alliance to Reclaim Our Schools", "Center for Federal Tax Policy"
        elif runs[-1]:
            runs.append([])
    runs = [run for run in runs if run]
    holding = [run for run in runs if root in run]
    return holding[0] if holding else (runs[-1] if runs else [])


NAME_CONNECTORS = {"of", "for", "to", "on", "and", "&"}


def _continues_name(tokens: list[Token], n: int) -> bool:
    """Inside a run of capitalised words: a capitalised word of any tag ('Reclaim Our'), or a connector
    between two capitalised words."""
    token = tokens[n]
    if token.text[:1].isupper() and token.is_alpha:
        return True
    following = tokens[n + 1] if n + 1 < len(tokens) else None
    return token.lower_ in NAME_CONNECTORS and following is not None and following.text[:1].isupper()


HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "gov", "governor", "president", "judge"}


def _after_honorific(phrase: str, name: str) -> bool:
    """The word right before the name is a personal honorific or title ('Mr. Trump', 'Sen. Lynch')."""
    before = phrase[: phrase.find(name)] if name in phrase else ""
    words = re.findall(r"[A-Za-z]+", before)
    return bool(words) and words[-1].lower() in HONORIFICS and before.rstrip(" .")[-len(words[-1]) :] == words[-1]


def _modifies(token: Token, head: Token) -> bool:
    """The token is a compound or possessive modifier of the head, directly or through other modifiers."""
    while token.dep_ in ("compound", "poss", "nmod", "amod") and token.head.i != token.i:
        token = token.head
        if token.i == head.i:
            return True
    return False


def _serves(token: Token, role: Token) -> bool:
    """The name is the object of 'for'/'to'/'of' attached to the role noun ('spokeswoman for X', 'aide to X')."""
    preposition = token.head
    return (
        token.dep_ == "pobj"
        and preposition.lower_ in ("for", "to", "of", "with")
        and preposition.head.i == role.i
        and preposition.i > role.i
    )


def _kind_of(head: str, text: str, name_label: str | None) -> str:
    c = cues()
    lower = text.lower()
    if lower in c.agencies:
        return "agency"
    if name_label == "PERSON":
        return "person"
    if head in c.outlet_nouns or any(f" {noun}" in f" {lower}" for noun in ("media", "news agenc", "newspaper")):
        return "agency" if "agenc" in head else "outlet"
    if head in c.org_nouns or name_label in ("ORG", "NORP"):
        return "organisation"
    if head in c.role_nouns or head.endswith(("ist", "er", "or")):
        return "description" if name_label is None else "person"
    return "organisation" if name_label else "description"


def _person_tokens(entity: Span, span: Span) -> tuple[Token, Token]:
    """The person's name: the entity grown over adjacent proper nouns and unknown words ('David teurrie'),
    without leading titles or nationality words ('Prime Minister Armenian Nikol Pachinian' -> 'Nikol Pachinian')."""
    from claimtrack.nlp import is_demonym, is_known_word

    doc = span.doc
    first, last = entity.start, entity.end - 1
    while last + 1 < span.end and (
        doc[last + 1].pos_ == "PROPN"
        or (
            doc[last + 1].is_alpha
            and not doc[last + 1].is_stop
            and not is_known_word(doc[last + 1].text)
            and not is_known_word(doc[last + 1].lemma_)
        )
    ):
        last += 1
    while first - 1 >= span.start and doc[first - 1].pos_ == "PROPN" and doc[first - 1].text[:1].isupper():
        first -= 1
    if first < entity.start and first > span.start and doc[first - 1].lower_ == "of":
        first = entity.start  # "Secretary of State Hillary Clinton": State belongs to the title
    titles = cues().person_titles
    heads = titles | cues().role_nouns
    for i in range(entity.start - 1, first - 1, -1):
        if doc[i].lower_.rstrip(".") in heads:
            first = i + 1  # "Senate Minority Leader Harry Reid": words up to the title are the role
            break
    while first < last and (
        doc[first].lower_.rstrip(".") in titles or (last - first >= 2 and is_demonym(doc[first].text))
    ):
        first += 1  # "Armenian Nikol Pachinian" loses the nationality; "Sean Spicer" keeps a first name
    return doc[first], doc[last]


def _looks_like_a_name(tokens: list[Token]) -> bool:
    words = [t for t in tokens if not t.is_punct]
    return (
        1 <= len(words) <= 3
        and all(t.is_alpha for t in words)
        and words[0].pos_ not in ("DET", "PRON")
        and words[-1].lower_ not in cues().role_nouns | cues().org_nouns
    )


def _apposed_proper_head(root: Token) -> bool:
    """A proper-noun head with an apposition describing a person ('Rendell, a Clinton surrogate')."""
    if root.pos_ != "PROPN" or root.ent_type_ not in ("", "PERSON", "ORG"):
        return False
    appositions = [c for c in root.children if c.dep_ == "appos" and c.i > root.i]
    return bool(appositions) and appositions[0].lower_ not in cues().org_nouns and appositions[0].pos_ == "NOUN"


def _in_relative_clause(token: Token, root: Token) -> bool:
    """The token sits in a clause that describes the root ('a speech [she delivered]')."""
    while token.i != root.i and token.head.i != token.i:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False


def analyse(span: Span, sentence: str, offset: int = 0, postposed: bool = False) -> Speaker | None:
    """A speaker phrase (a spaCy span of the sentence) -> Speaker; None when it holds no word."""
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return None
    start, end = trim(sentence, span.start_char - offset, span.end_char - offset)
    if start >= end:
        return None
    text = sentence[start:end]
    root = span.root
    head = root.lower_
    clause = root.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in root.children)
    if (clause and not postposed) or tokens[0].pos_ == "SCONJ" or tokens[0].lower_ in ("before", "after", "because"):
        return None  # "before he died", "regulators did not consider him an option": a clause, not a speaker
    if len(tokens) == 1 and head in ("'s", "’s"):
        head = "us"  # "Let's say ...": the 's is "us"
    if len(tokens) == 1 and head in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return Speaker(start, end, text, None, "pronoun", head=head)
    person = _name_entity(span, ("PERSON",))
    if person is not None and not person.start <= root.i < person.end and _apposed_proper_head(root):
        person = span.doc[root.i : root.i + 1]  # "Rendell, a Clinton surrogate": Rendell speaks, not Clinton
    if person is not None and not person.start <= root.i < person.end and _in_relative_clause(person.root, root):
        person = None  # "a speech Mrs. Clinton delivered at New York University": the speech, not her
    if person is not None and root.tag_ == "NNS" and person.root.dep_ == "compound" and person.root.head.i == root.i:
        person = None  # "Clinton supporters", "Trump aides": the group speaks, not the person it is named after
    if person is not None and root.lower_ in cues().org_nouns and _modifies(person.root, root):
        person = None  # "the Trump campaign", "the Obama administration": the organisation speaks
    if person is not None and root.pos_ == "NOUN" and root.lower_ in cues().role_nouns and _serves(person.root, root):
        person = None  # "a spokeswoman for Hillary Clinton", "an aide to Trump": the spokeswoman speaks
    entity = person or _name_entity(span, ("ORG", "NORP", "GPE"))
    if entity is not None and person is None and not (entity.start <= root.i < entity.end):
        entity = None  # "this specialist researcher from Eurasia" is a researcher, not Eurasia
    name: str | None = None
    label: str | None = None
    if person is not None:
        first, last = _person_tokens(person, span)
        name, label = sentence[first.idx - offset : last.idx - offset + len(last.text)], "PERSON"
    elif entity is not None:
        name, label = entity.text, entity.label_
        if label == "NORP" and root.pos_ == "NOUN":
            name, label = None, None  # "Kazakh media": an adjective, not the name
    if name is None:
        run = _proper_run(tokens, root)
        if run and root in run:
            name = sentence[run[0].idx - offset : run[-1].idx - offset + len(run[-1].text)]
            label = "PERSON" if len(run) >= 2 and not any(t.lower_ in cues().org_nouns for t in run) else "ORG"
    if name is None and postposed and _looks_like_a_name(tokens):
        name, label = text, "PERSON"  # "remark stone ausor": a garbled, lower-case name after the cue
    if label == "GPE":
        label = "ORG" if head in cues().org_nouns else label
    if name and label != "PERSON" and _after_honorific(sentence[start:end], name):
        label = "PERSON"  # "Mr. Trump", "Sen. Warren": the tagger's ORG is a person
    kind = _kind_of(head, strip_determiner(text), label)
    if label == "GPE" and kind == "description":
        kind = "organisation"  # "Kazakhstan said": the government speaks
    speaker = Speaker(start, end, text, name, kind, head=head)
    if kind == "person" and name:
        speaker.role, speaker.affiliation = _role_and_affiliation(text, name)
    elif kind == "description":
        speaker.role, speaker.affiliation = _role_and_affiliation(text, None)
    if kind in ("organisation", "outlet", "agency") and not name:
        speaker.name = organisation_name(strip_determiner(text))  # "Modeling firm X" (the tagger missed X): X
    return speaker


_PARENTHESES = re.compile(r"\(([^()]{2,80})\)")
_OF_ORGANISATION = re.compile(
    r"\b(?:of|at|from|with)\s+(?:the\s+)?([A-Z][\w.&'’-]*(?:\s+(?:of|for|and|the|de|du|des|[A-Z][\w.&'’-]*))*)"
)


def _names_an_organisation(name: str) -> bool:
    """'the Broadcasting Board of Governors', 'Harvard University', 'FMES' yes; 'State', 'California' no."""
    words = name.lower().replace("’s", "").split()
    if len(words) == 1 and words[0] in cues().org_nouns:
        return False  # "Head of Mission": a bare "Mission" names no organisation
    return any(w in cues().org_nouns for w in words) or bool(re.fullmatch(r"[A-Z]{2,6}", name.strip()))


def _role_and_affiliation(text: str, name: str | None) -> tuple[str | None, str | None]:
    """'Philip the Corre, researcher in international relations (Harvard Kennedy School)' ->
    ('researcher in international relations', 'Harvard Kennedy School')."""
    rest = text.replace(name, " ", 1) if name else text
    affiliation = None
    parentheses = _PARENTHESES.search(rest)
    if parentheses:
        affiliation = parentheses.group(1).strip()
        rest = rest[: parentheses.start()] + rest[parentheses.end() :]
    else:
        organisation = _OF_ORGANISATION.search(rest)
        if organisation and _names_an_organisation(organisation.group(1)):
            affiliation = organisation.group(1).strip()
    role = re.sub(r"\s+", " ", rest)
    role = strip_determiner(_EDGE.sub("", role.strip()))
    role = re.sub(r"\s*,\s*,\s*", ", ", role).strip(" ,")
    role = re.sub(r"^(?:the|a|an|this|that)\s+", "", role, flags=re.IGNORECASE)
    if not role or not re.search(r"[A-Za-z]{2}", role):
        role = None
    if affiliation and name and affiliation == name:
        affiliation = None
    return role, affiliation
