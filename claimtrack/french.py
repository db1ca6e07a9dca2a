"""Attribution of French lines: digests and wire copy glue French sentences between English ones.

The English parser misreads French, so French lines get their own small rules, read from word order and
punctuation, and only where the cue is unmistakable; any other French line stays unattributed:
- ``according-to``: "Selon le ministère de l'Intérieur, …" and "…, selon l'AFP." (also "d'après");
- ``said-after``: "…, a annoncé le ministère de la Santé dimanche." (the speaker after an inverted cue);
- ``said-that``: "L'opposition affirme que …", "Le président a déclaré que …".
The cue verbs and the nouns that make a speaker an organisation are data (``french`` in ``attribution.json``).
"""

from __future__ import annotations

import re
from functools import cache

from claimtrack.attribution_core import Attribution, Sentence, indirect
from claimtrack.lexicon import alternation, load_data
from claimtrack.speakers import Speaker, trim

_DETERMINER = re.compile(r"^(?:le|la|les|l['’]|un|une|des|du)\s*", re.IGNORECASE)
_ARTICLE = r"(?:[Ll]e|[Ll]a|[Ll]es|[Ll]['’]|[Uu]n|[Uu]ne|[Dd]es|[Dd]u)\s*"
_PHRASE = rf"(?:{_ARTICLE})?[\w'’-]+(?:\s+(?:de|du|des|d['’]|la|le|les|et|[\w'’-]+)){{0,6}}?"


@cache
def _vocabulary() -> dict:
    return load_data("attribution.json")["french"]


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    vocab = _vocabulary()
    according = alternation(vocab["according_to"])
    finite = alternation(vocab["cue_verbs"])
    return (
        re.compile(rf"^(?P<cue>{according})\s+(?P<who>[^,]{{2,80}}?)\s*,\s*(?=\S)", re.IGNORECASE),
        re.compile(rf",\s*(?P<cue>{according})\s+(?P<who>[^,.;]{{2,80}}?)\s*[.;]?\s*$", re.IGNORECASE),
        re.compile(rf",\s*(?P<cue>{finite})\s+(?P<who>(?!que\b)[^,.;]{{2,80}}?)\s*(?:[.;]\s*)?$"),
        re.compile(rf"^(?P<who>{_PHRASE})\s+(?P<cue>{finite})\s+qu(?:e\s+|['’])(?=\S)"),
    )


def french_attributions(sent: Sentence) -> list[Attribution]:
    """The attributions of one French sentence; none when no French cue is unmistakable."""
    opening, closing, inverted, that = _patterns()
    text = sent.text
    found: list[Attribution] = []
    for pattern, reason, content_after in (
        (opening, "according-to", True),
        (closing, "according-to", False),
        (inverted, "said-after", False),
        (that, "said-that", True),
    ):
        match = pattern.search(text)
        if match is None:
            continue
        start, end = trim(text, match.end(), len(text)) if content_after else trim(text, 0, match.start())
        if len(re.findall(r"\w+", text[start:end])) < 3:
            continue
        speaker = _speaker(text, *match.span("who"), sent.start)
        if speaker is None:
            continue
        cue = (sent.start + match.start("cue"), sent.start + match.end("cue"))
        found.append(indirect(sent, (sent.start + start, sent.start + end), reason, cue, speaker))
        break
    return found


def _speaker(text: str, start: int, end: int, offset: int) -> Speaker | None:
    """'le ministère de la Santé' -> an organisation named 'ministère de la Santé'; a trailing time ('dimanche',
    'lundi soir') is no part of the speaker."""
    phrase = text[start:end]
    times = alternation(_vocabulary()["time_words"])
    phrase = re.sub(rf"(?:\s+(?:{times})\b.*)$", "", phrase, flags=re.IGNORECASE).strip()
    if not phrase:
        return None
    name = _DETERMINER.sub("", phrase).strip()
    words = re.findall(r"[\w'’-]+", name.lower())
    if not words:
        return None
    pronoun = _vocabulary()["pronouns"].get(words[0])
    if pronoun is not None:  # "il a déclaré que ...": resolved like "he said"
        return Speaker(offset + start, offset + start + len(phrase), phrase, None, "pronoun", head=pronoun)
    head = words[0]
    capitalised = [w for w in name.split() if w[:1].isupper()]
    if head in _vocabulary()["org_nouns"]:
        kind = "organisation"
    elif len(capitalised) >= 2 and len(capitalised) == len(name.split()):
        kind = "person"  # "Emmanuel Macron"
    else:
        kind = "organisation" if name[:1].isupper() else "description"
    return Speaker(offset + start, offset + start + len(phrase), phrase, name, kind, head=head)
