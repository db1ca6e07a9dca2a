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
from collections.abc import Callable

from claimtrack.attribution_core import CONFIRMED
from claimtrack.cues import cues, has_reporting_word
from claimtrack.entities import Resolution
from claimtrack.expertise import describes_specialist, specialist_plural
from claimtrack.nlp import singular_noun
from claimtrack.orgnames import organisation_name

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


def _opens_with_carry(sentence: str) -> bool:
    lower = sentence.lower()
    return any(re.match(rf"{re.escape(opener)}\b", lower) for opener in cues().carry_openers)


# the columns of ``quotes`` that sourcing reads: the rest are left unread, since every quote of the corpus is a
# Python dict while the claims are sourced
QUOTE_COLUMNS = [
    "quote_id", "article_id", "doc_start", "doc_end", "text", "kind", "cue", "speaker", "expert", "affiliation",
    "via", "speaker_kind", "reason", "sentence_start", "sentence_end", "gap_start", "gap_end",
]  # fmt: skip


def attach_sources(claims: list[dict], quotes: list[dict], articles: list[dict], entities: Resolution) -> None:
    """Fill source, via, expert, attribution_reason and quote_id of each claim row, in place (``source_claims``
    over lists)."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for quote in quotes:
        by_article[quote["article_id"]].append(quote)
    article_of = {a["article_id"]: a for a in articles}
    confirming = [q for q in quotes if _confirms(q)]
    source_claims(claims, lambda article_id: by_article.get(article_id, []), article_of.get, confirming, entities)


def source_claims(
    claims: list[dict],
    quotes_of: Callable[[str], list[dict]],
    article_of: Callable[[str], dict | None],
    confirming: list[dict],
    entities: Resolution,
) -> None:
    """Fill source, via, expert, attribution_reason and quote_id of each claim row, in place. The claims are
    taken article by article, and only that article's quotes (``quotes_of``) and blocks (``article_of``) are
    asked for, so a caller can keep the corpus's quotes in Arrow and hand over one article's at a time;
    ``confirming`` are the corpus's confirmations (``confirmed_afterwards``)."""
    current: tuple[str, dict | None, _ArticleQuotes] | None = None
    for claim in sorted(claims, key=lambda c: (c["article_id"], c["doc_start"])):
        if current is None or current[0] != claim["article_id"]:
            article = article_of(claim["article_id"])
            current = (claim["article_id"], article, _ArticleQuotes(quotes_of(claim["article_id"]), article))
        _, article, index = current
        chosen, reason = index.containing(claim), None
        if chosen is not None:
            chosen = index.with_relay(claim, chosen)  # "X reported ..., according to Y data": Y's, relayed by X
            reason = chosen["reason"]
        else:
            chosen = index.carried(claim, article)
            reason = "carried from previous sentence" if chosen is not None else None
            if chosen is not None:  # the carried sentence can carry on to the next one
                start = _sentence_start(claim)
                index.add_carried(dict(chosen, sentence_start=start, sentence_end=start + len(claim["sentence"])))
        if chosen is not None:
            _fill(claim, chosen, reason, entities)
        agency = article.get("agency") if article else None
        if agency and not claim.get("via"):
            claim["via"] = entities.canonical(agency)
            if chosen is None:
                claim["attribution_reason"] = "dateline agency"
    confirmed_afterwards(claims, confirming, entities)


def _confirms(quote: dict) -> bool:
    """A confirmation with a speaker ("The health department confirmed the fatalities")."""
    return quote["reason"] == CONFIRMED and quote["speaker"] is not None


_WORDS = re.compile(r"[A-Za-z]+")


def confirmed_afterwards(claims: list[dict], quotes: list[dict], entities: Resolution) -> None:
    """'The death toll has reached 95, with fatalities in 21 counties. [...] The health department confirmed the
    fatalities.': a later confirmation of 'the fatalities' vouches for the earlier figures of the article that
    speak of fatalities and have no source of their own; the first such confirmation after a figure is its
    source."""
    confirmations: dict[str, list[tuple[dict, str]]] = defaultdict(list)  # article -> (quote, singular noun)
    for quote in sorted(quotes, key=lambda q: q["sentence_start"]):
        if _confirms(quote):
            noun = singular_noun(_WORDS.findall(quote["text"])[-1].lower())
            confirmations[quote["article_id"]].append((quote, noun))
    if not confirmations:
        return
    for claim in claims:
        if claim.get("source") or claim.get("expert") or claim["article_id"] not in confirmations:
            continue
        words = {singular_noun(w.lower()) for w in _WORDS.findall(claim["sentence"])}
        for quote, noun in confirmations[claim["article_id"]]:
            if quote["sentence_start"] > claim["doc_start"] and noun in words:
                via = claim.get("via")
                _fill(claim, quote, "confirmed afterwards", entities)
                claim["via"] = claim["via"] or via
                break


def _in_gap(quote: dict, start: int) -> bool:
    """'"A," Jane Roe, 25, said as hundreds marched. "B."': the writer's words between the pieces of a split quote
    are not the speaker's."""
    return quote.get("gap_start") is not None and quote["gap_start"] <= start < quote["gap_end"]


class _ArticleQuotes:
    """One article's attributions, indexed for its claims taken in text order.

    Looking through every attribution of the article for each claim was quadratic: a long article has
    thousands of both. Here the attributions that can hold a claim are the few open at its start (a sweep
    by start), and the last one before its sentence is found by bisection among those with a speaker."""

    def __init__(self, quotes: list[dict], article: dict | None) -> None:
        self.items = sorted(quotes, key=lambda q: (q["sentence_start"], q["doc_start"]))
        self.by_start = sorted(range(len(self.items)), key=lambda i: self.items[i]["doc_start"])
        self.entered = 0
        self.open: list[int] = []  # items started at or before the last claim and not ended before it
        self.spoken = [q for q in self.items if q["speaker"] is not None]  # with a speaker: what can carry
        self.spoken_starts = [q["sentence_start"] for q in self.spoken]
        blocks = sorted(((b["start"], b["end"]) for b in article["blocks"]) if article else [])
        self.blocks, self.block_starts = blocks, [start for start, _ in blocks]

    def containing(self, claim: dict) -> dict | None:
        """The smallest attribution holding the claim; an unresolved pronoun nested in a larger one gives way
        to it ('Administration officials said they hoped ...': the officials, not an unnamed 'they').
        Claims must come in order of ``doc_start``."""
        start, end = claim["doc_start"], claim["doc_end"]
        while self.entered < len(self.by_start) and self.items[self.by_start[self.entered]]["doc_start"] <= start:
            self.open.append(self.by_start[self.entered])
            self.entered += 1
        self.open = [i for i in self.open if self.items[i]["doc_end"] >= start]  # ended ones hold no later claim
        holding = sorted(
            (
                i
                for i in self.open
                if end <= self.items[i]["doc_end"]
                and self.items[i]["speaker"] is not None
                and not _in_gap(self.items[i], start)
            ),
            key=lambda i: (self.items[i]["doc_end"] - self.items[i]["doc_start"], i),
        )
        named = [i for i in holding if not (self.items[i]["speaker_kind"] == "pronoun" and not self.items[i]["expert"])]
        chosen = (named or holding or [None])[0]
        return None if chosen is None else self.items[chosen]

    def with_relay(self, claim: dict, chosen: dict) -> dict:
        """The origin of a figure the press relays, with the press as ``via``: of two attributions holding the
        claim, one by the press ("USA Today reported ...", "as reported by Reuters", "according to Reuters") and
        one by anyone else ("according to FlightAware data", "the minister said"), the other is the source."""
        if chosen["via"]:
            return chosen
        holding = [
            self.items[i]
            for i in self.open
            if self.items[i]["doc_start"] <= claim["doc_start"]
            and claim["doc_end"] <= self.items[i]["doc_end"]
            and self.items[i]["speaker"] is not None
            and not _in_gap(self.items[i], claim["doc_start"])
            and self.items[i]["speaker_kind"] != "pronoun"
            and (self.items[i]["expert"] or self.items[i]["speaker"]) != (chosen["expert"] or chosen["speaker"])
        ]
        if _press(chosen):
            origins = [q for q in holding if not _press(q)]
            if not origins:
                return chosen
            origin = min(origins, key=lambda q: q["doc_end"] - q["doc_start"])
            origin["via"] = _name(chosen)  # kept on the attribution: a sentence it carries to is relayed too
            return origin
        relays = [q for q in holding if _press(q)]
        if relays:
            chosen["via"] = _name(relays[0])
        return chosen

    def carried(self, claim: dict, article: dict | None) -> dict | None:
        """The last attributed sentence before the claim's, in the same paragraph."""
        if article is None or not self.items:
            return None
        paragraph = self._paragraph_of(claim["doc_start"])
        if paragraph is None:
            return None
        sentence_start = _sentence_start(claim)
        i = bisect.bisect_left(self.spoken_starts, sentence_start) - 1
        while i >= 0 and self.spoken[i]["sentence_end"] > claim["doc_start"]:
            i -= 1  # a sentence running past the claim's start (a labelled paragraph) carries nothing to it
        if i < 0:
            return None
        last = self.spoken[i]
        if not (paragraph[0] <= last["sentence_start"] < paragraph[1]):
            return None
        if _opens_with_carry(claim["sentence"]):
            return last
        adjacent = 0 <= sentence_start - last["sentence_end"] <= 2
        own_cue = has_reporting_word(claim["sentence"])
        if adjacent and not own_cue and last["kind"] != "direct" and last["reason"] in CARRIED:
            return last  # reported speech runs on into the next sentence; a quote's next sentence is the writer's
        return None

    def add_carried(self, carried: dict) -> None:
        """A carried sentence can carry on to the next one (it holds no claim the original does not)."""
        at = bisect.bisect_right(self.spoken_starts, carried["sentence_start"])
        self.spoken.insert(at, carried)
        self.spoken_starts.insert(at, carried["sentence_start"])

    def _paragraph_of(self, pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.block_starts, pos) - 1
        return self.blocks[i] if i >= 0 and pos < self.blocks[i][1] else None


_REPORTING_CUE = re.compile(r"\breport(?:s|ed|ing)?\b", re.IGNORECASE)


def _press(quote: dict) -> bool:
    """The press relaying what it found: a news outlet or agency, or an organisation that 'reported'."""
    if quote["speaker_kind"] in ("outlet", "agency"):
        return True
    cue = quote["cue"] or ""
    reporter = quote["reason"] != "passive-agent"  # "the 312 reported by the ministry": the ministry's own count
    return reporter and quote["speaker_kind"] == "organisation" and _REPORTING_CUE.search(cue) is not None


def _name(quote: dict) -> str | None:
    return quote["expert"] or organisation_name(quote["speaker"])


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
        claim["source"] = quote["expert"] or entities.canonical(organisation_name(quote["speaker"]))
    elif quote["speaker_kind"] == "pronoun":
        claim["source"] = None  # an unresolved "he": nobody a reader could check
    else:  # "Federal and state officials", "the poll": as written; "FlightAware data": the name it holds
        named = organisation_name(quote["speaker"])
        claim["source"] = entities.canonical(named) if named != quote["speaker"] else _described(named)
    if quote["speaker_kind"] not in (*PEOPLE, "pronoun", "outlet", "agency"):
        _mark_specialist(claim, quote, entities)


def _mark_specialist(claim: dict, quote: dict, entities: Resolution) -> None:
    """An analyst's figure names the analyst ('Deutsche Bank analysts', 'Modelling firm CyberCube', a firm the
    corpus describes as one elsewhere); the house they work for stays the source."""
    speaker = quote["speaker"] or ""
    plural = specialist_plural(speaker)
    if plural is not None:
        claim["expert"], claim["source"] = plural[0], entities.canonical(plural[1])
        return
    entity = entities.lookup(claim["source"])
    if describes_specialist(speaker) or (entity is not None and describes_specialist(entity.role)):
        claim["expert"] = claim["source"]


def _described(speaker: str | None) -> str | None:
    if not speaker:
        return None
    return re.sub(r"^(the|a|an)\s+", "", speaker.strip(), flags=re.IGNORECASE) or None


def each_place_reports_its_own(claims: list[dict]) -> None:
    """'South Carolina has reported 41 fatalities, Georgia 33, Florida 19': the places listed after the speaking
    place report their own figures (the verb is left out, not the speaker), in place. Needs the claims' ``place``
    (``claimtrack.frame``): a figure takes its place as source when its attribution's speaker is the place of
    another figure of the same attribution."""
    by_quote: dict[str, list[dict]] = defaultdict(list)
    for claim in claims:
        if claim.get("quote_id") and claim.get("source"):
            by_quote[claim["quote_id"]].append(claim)
    for listed in by_quote.values():
        places = {c.get("place") for c in listed}
        speaker = listed[0]["source"]
        if len(places - {None}) < 2 or speaker not in places or any(c["source"] != speaker for c in listed):
            continue
        for claim in listed:
            if claim.get("place") and claim["place"] != speaker:
                claim["source"] = claim["place"]
