"""Attributions -> rows of the ``quotes`` and ``entities`` tables.

Speakers are resolved to corpus entities here, so a quote's ``expert`` is the canonical name
("Nazarbayev" and "Nazarbajev" give one), and a person's role comes from the quote itself or,
when the quote has none ("ensures Vladimir Putin"), from the entity ("President Putin").
"""

from __future__ import annotations

import re

from claimtrack.attribution import Attribution, quote_id
from claimtrack.entities import Mention, Resolution
from claimtrack.speakers import Speaker

SPEAKER_KINDS = {"person": "person", "organisation": "organisation", "outlet": "outlet", "agency": "agency"}


def speaker_mentions(document: str, attributions: list[Attribution]) -> list[Mention]:
    """Mentions the attributions add: named speakers (with their roles), the persons pronouns
    and descriptions resolve to, vias and affiliations."""
    mentions: list[Mention] = []
    for item in attributions:
        speaker = item.speaker
        if speaker is None:
            continue
        if speaker.kind == "person" and speaker.name:
            mentions.append(Mention(speaker.name, "person", document, speaker.role, speaker.affiliation))
        elif item.expert and speaker.kind == "description":
            mentions.append(Mention(item.expert, "person", document, speaker.role, speaker.affiliation))
        elif speaker.kind in ("organisation", "outlet", "agency") and speaker.name:
            mentions.append(Mention(speaker.name, speaker.kind, document))
        if speaker.affiliation:
            mentions.append(Mention(speaker.affiliation, "organisation", document))
        if item.via is not None and item.via.name:
            mentions.append(Mention(item.via.name, item.via.kind or "outlet", document))
    return mentions


def quote_row(sha256: str, text: str, item: Attribution, entities: Resolution) -> dict:
    speaker: Speaker | None = item.speaker
    expert = item.expert or (speaker.name if speaker and speaker.kind in SPEAKER_KINDS else None)
    entity = entities.lookup(expert)
    role = speaker.role if speaker else None
    affiliation = speaker.affiliation if speaker else None
    if entity is not None and entity.kind == "person" and len(entity.name.split()) >= 2:
        # a bare surname ("Clinton") may be several people across the corpus: its roles are not borrowed
        role = role if role and (speaker is None or speaker.kind == "person") else entity.role or role
        affiliation = affiliation or entity.affiliation
    return {
        "quote_id": quote_id(item.document, sha256, item.start, item.end),
        "article_id": item.article_id,
        "document": item.document,
        "doc_start": item.start,
        "doc_end": item.end,
        "text": text[item.start : item.end],
        "kind": item.kind,
        "cue": text[item.cue[0] : item.cue[1]] if item.cue else None,
        "cue_start": item.cue[0] if item.cue else None,
        "cue_end": item.cue[1] if item.cue else None,
        "speaker": speaker.text if speaker else None,
        "speaker_start": speaker.start if speaker else None,
        "speaker_end": speaker.end if speaker else None,
        "expert": entity.name if entity else expert,
        "role": role,
        "affiliation": entities.canonical(affiliation) if affiliation else None,
        "via": entities.canonical(item.via.name or item.via.text) if item.via else None,
        "speaker_kind": (entity.kind if entity else speaker.kind) if speaker else None,
        "reason": item.reason,
        "sentence_start": item.sentence[0],
        "sentence_end": item.sentence[1],
        "gap_start": item.gap[0] if item.gap else None,
        "gap_end": item.gap[1] if item.gap else None,
    }


_TITLE = (
    r"(?:[Ff]ormer\s+)?(?:Prime\s+Minister|Foreign\s+Minister|Deputy\s+Prime\s+Minister|President|Minister|Senator|"
    r"Governor|General|Mayor|Chancellor|King|Queen|Secretary|Ambassador|Premier|Chairman|Director|Professor|Judge)"
)


def titles_from_text(resolution: Resolution, texts: list[str]) -> None:
    """A person quoted without a role ('ensures Vladimir Putin') takes a title the corpus gives them
    elsewhere ('President Putin during a videoconference'), in place."""
    lacking = {}
    for entity in resolution.entities:
        if entity.kind == "person" and not entity.role:
            surname = entity.name.split()[-1]
            if len(surname) >= 3:
                lacking.setdefault(surname, entity)
    if not lacking:
        return
    names = "|".join(re.escape(s) for s in sorted(lacking, key=len, reverse=True))
    pattern = re.compile(rf"\b({_TITLE})\s+(?:[A-Z][\w'’-]+\s+){{0,2}}?({names})\b")
    for text in texts:
        for match in pattern.finditer(text):
            entity = lacking.get(match.group(2))
            if entity is not None and not entity.role:
                entity.role = match.group(1)
