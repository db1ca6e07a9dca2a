"""Claims -> source, via, expert: the same attributions that make the quotes decide the claims.

A figure takes the attribution whose content holds it (the smallest one); else, inside the
same paragraph, the last attribution before its sentence carries over ("The ministry said 40
people were hurt. Nine of them remain in hospital."), as does a sentence opening with
"Accordingly,"; else the dateline agency is the ``via`` and ``source`` stays empty. Nothing
crosses an article boundary. A person is the ``expert`` (their organisation, when known, the
``source``); an organisation, outlet or agency is the ``source``.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from claimtrack.cues import cues, has_cue_word
from claimtrack.entities import Resolution

PEOPLE = ("person",)
# reported speech runs on into the next sentence; a report noun, a poll, a count or a quoted word does not
CARRIED = {
    "said-subject",
    "said-after",
    "said-parenthetical",
    "said-set-off",
    "according-to",
    "citing-chain",
    "quote-cue",
    "colon-lead-in",
    "speaker-label",
    "continued quote",
}


def _paragraph_of(blocks: list[dict], pos: int) -> tuple[int, int] | None:
    for block in blocks:
        if block["start"] <= pos < block["end"]:
            return block["start"], block["end"]
    return None


def _opens_with_carry(sentence: str) -> bool:
    lower = sentence.lower()
    return any(re.match(rf"{re.escape(opener)}\b", lower) for opener in cues().carry_openers)


def attach_sources(claims: list[dict], quotes: list[dict], articles: list[dict], entities: Resolution) -> None:
    """Fill source, via, expert, attribution_reason and quote_id of each claim row, in place."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for quote in quotes:
        by_article[quote["article_id"]].append(quote)
    for items in by_article.values():
        items.sort(key=lambda q: (q["sentence_start"], q["doc_start"]))
    article_of = {a["article_id"]: a for a in articles}
    for claim in sorted(claims, key=lambda c: (c["article_id"], c["doc_start"])):
        article = article_of.get(claim["article_id"])
        items = by_article.get(claim["article_id"], [])
        chosen, reason = _containing(claim, items), None
        if chosen is not None:
            reason = chosen["reason"]
        else:
            chosen = _carried(claim, items, article)
            reason = "carried from previous sentence" if chosen is not None else None
            if chosen is not None:  # the carried sentence can carry on to the next one
                start = _sentence_start(claim)
                carried = dict(chosen, sentence_start=start, sentence_end=start + len(claim["sentence"]))
                items.insert(bisect.bisect_right([q["sentence_start"] for q in items], start), carried)
        if chosen is not None:
            _fill(claim, chosen, reason, entities)
        agency = article.get("agency") if article else None
        if agency and not claim.get("via"):
            claim["via"] = entities.canonical(agency)
            if chosen is None:
                claim["attribution_reason"] = "dateline agency"


def _containing(claim: dict, items: list[dict]) -> dict | None:
    """The smallest attribution holding the claim; an unresolved pronoun nested in a larger one gives way to it
    ('Administration officials said they hoped ...': the officials, not an unnamed 'they')."""
    holding = [q for q in items if q["doc_start"] <= claim["doc_start"] and claim["doc_end"] <= q["doc_end"]]
    holding = sorted((q for q in holding if q["speaker"] is not None), key=lambda q: q["doc_end"] - q["doc_start"])
    named = [q for q in holding if not (q["speaker_kind"] == "pronoun" and not q["expert"])]
    return (named or holding or [None])[0]


def _carried(claim: dict, items: list[dict], article: dict | None) -> dict | None:
    """The last attributed sentence before the claim's, in the same paragraph."""
    if article is None or not items:
        return None
    paragraph = _paragraph_of(article["blocks"], claim["doc_start"])
    if paragraph is None:
        return None
    sentence_start = _sentence_start(claim)
    starts = [q["sentence_start"] for q in items]
    before = items[: bisect.bisect_left(starts, sentence_start)]
    before = [q for q in before if q["speaker"] is not None and q["sentence_end"] <= claim["doc_start"]]
    if not before:
        return None
    last = before[-1]
    if not (paragraph[0] <= last["sentence_start"] < paragraph[1]):
        return None
    if _opens_with_carry(claim["sentence"]):
        return last
    adjacent = 0 <= sentence_start - last["sentence_end"] <= 2
    if adjacent and not has_cue_word(claim["sentence"]) and last["kind"] != "direct" and last["reason"] in CARRIED:
        return last  # reported speech runs on into the next sentence; a quote's next sentence is the writer's
    return None


def _sentence_start(claim: dict) -> int:
    return claim["doc_start"] - max(0, claim["sentence"].find(claim["surface"]))


def _fill(claim: dict, quote: dict, reason: str | None, entities: Resolution) -> None:
    claim["quote_id"] = quote["quote_id"]
    claim["attribution_reason"] = reason
    claim["via"] = quote["via"]
    if quote["speaker_kind"] in PEOPLE:
        claim["expert"] = quote["expert"]
        claim["source"] = quote["affiliation"]
    elif quote["speaker_kind"] in ("organisation", "outlet", "agency"):
        claim["source"] = quote["expert"] or entities.canonical(quote["speaker"])
    elif quote["speaker_kind"] == "pronoun":
        claim["source"] = None  # an unresolved "he": nobody a reader could check
    else:
        claim["source"] = _described(quote["speaker"])  # "Federal and state officials", "the poll": as written


def _described(speaker: str | None) -> str | None:
    if not speaker:
        return None
    return re.sub(r"^(the|a|an)\s+", "", speaker.strip(), flags=re.IGNORECASE) or None
