"""What every attribution rule shares: the records (an attribution, a sentence, a prepared article) and the
helpers that read a parse into a speaker and a content span."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from claimtrack.cues import cues
from claimtrack.entities import Mention
from claimtrack.quotemarks import Quote
from claimtrack.segment import Article
from claimtrack.speakers import Speaker, analyse


@dataclass(slots=True)  # one per attribution or mention: a corpus holds hundreds of thousands
class Attribution:
    """One attribution; every offset is into the document text."""

    article_id: str
    document: str
    start: int  # content
    end: int
    kind: str  # direct, indirect, mixed, authored
    reason: str
    cue: tuple[int, int] | None = None
    speaker: Speaker | None = None  # offsets in the document
    via: Speaker | None = None
    expert: str | None = None  # the resolved name
    unit: int = 0  # the paragraph it sits in
    sentence: tuple[int, int] = (0, 0)
    gap: tuple[int, int] | None = None  # the writer's words between two pieces of a quote split by its cue


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    unit: int
    parse: Doc | None = None


@dataclass
class ArticleText:
    article: Article
    units: list[tuple[int, int]]  # paragraphs; a paragraph broken mid-sentence is joined with the next
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


CONTRASTS = ("while", "but", "whereas", "although", "though", "yet", "however")  # what follows is not the speaker's
_CONTRAST_AHEAD = re.compile(rf"[\s,;]*(?:{'|'.join(CONTRASTS)})\b", re.IGNORECASE)


def starts_with_contrast(text: str) -> bool:
    """'..., but B' / 'while B': what follows a cue clause is set against it, not said by its speaker."""
    return bool(_CONTRAST_AHEAD.match(text))


# ----------------------------------------------------------------- one sentence
def span_chars(tokens: Iterable[Token]) -> tuple[int, int]:
    tokens = list(tokens)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def subtree(token: Token, skip: Token | None = None) -> tuple[int, int]:
    """Character span of a token's subtree, stopping before ``skip``'s subtree when it sits at an edge."""
    left, right = token.left_edge.i, token.right_edge.i
    doc = token.doc
    if skip is not None:
        s_left, s_right = skip.left_edge.i, skip.right_edge.i
        if s_left <= left <= s_right:
            left = s_right + 1
        if s_left <= right <= s_right:
            right = s_left - 1
    if left > right:
        return token.idx, token.idx
    return span_chars(doc[left : right + 1])


_DASHES = frozenset({"—", "–", "--", "―"})


def speaker_tokens(subject: Token) -> Span:
    """The subject phrase as written, appositions and relative clauses included
    ("Ronald R. Fieldstone, a Miami lawyer who has ...": the name is picked out later)."""
    doc = subject.doc
    left, right = subject.left_edge.i, subject.right_edge.i
    while left > 0 and doc[left - 1].dep_ == "nsubj" and doc[left - 1].head.i == subject.head.i:
        left = doc[left - 1].left_edge.i  # "The ex-military": the tokenizer split one subject in three
    while right + 1 < subject.head.i and doc[right + 1].pos_ == "PROPN" and doc[right + 1].head.i == subject.head.i:
        right += 1  # "Modeling firm Parametrix estimated": the tagger hung the name on the verb
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    dashes = [t.i for t in doc[left : subject.i] if t.text in _DASHES]
    if dashes:
        left = dashes[-1] + 1  # "FLINT, Mich., Oct. 4 (UPI) — Former President Bill Clinton": the dateline is not his
    return doc[left : right + 1]


def subject_of(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "expl")]
    if subjects:
        closest = subjects[-1] if subjects[-1].i < verb.i else subjects[0]
        return closest if closest.dep_ == "nsubj" else None
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return subject_of(verb.head) if verb.dep_ != "advcl" or verb.tag_ == "VBG" else None
    return None


def doc_speaker(phrase: Span, sent: Sentence, postposed: bool = False) -> Speaker | None:
    speaker = analyse(phrase, sent.text, postposed=postposed)
    if speaker is None:
        return None
    return replace(speaker, start=speaker.start + sent.start, end=speaker.end + sent.start)


def indirect(
    sent: Sentence, content: tuple[int, int], reason: str, cue: tuple[int, int], speaker: Speaker
) -> Attribution:
    """Reported speech found inside one sentence (article fields filled in later)."""
    return Attribution(
        "", "", *content, "indirect", reason, cue=cue, speaker=speaker, sentence=(sent.start, sent.end), unit=sent.unit
    )


CONFIRMED = "confirms-earlier"  # the reason of 'X confirmed the fatalities': X vouches for the earlier figures


def speaks(speaker: Speaker) -> bool:
    """Someone who can say something: a person, a pronoun, an organisation, or a role ('the senator')."""
    roles = cues().role_nouns
    return speaker.kind in ("person", "pronoun", "organisation", "outlet", "agency") or (
        speaker.kind == "description" and (speaker.head in roles or speaker.head.removesuffix("s") in roles)
    )


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _quote_start(quote: Quote) -> int:
    return quote.start


def _quote_end(quote: Quote) -> int:
    return quote.end


def first_quote_ending_after(quotes: list[Quote], pos: int) -> int:
    """Index of the first quote that ends after ``pos`` (``quotes`` sorted and disjoint, see ``quotes_over``)."""
    return bisect.bisect_right(quotes, pos, key=_quote_end)


def first_quote_starting_from(quotes: list[Quote], pos: int) -> int:
    """Index of the first quote that starts at or after ``pos``."""
    return bisect.bisect_left(quotes, pos, key=_quote_start)


def quotes_over(quotes: list[Quote], start: int, end: int) -> list[Quote]:
    """The quotes overlapping [start, end), by bisection. ``quotes`` come from ``pair_paragraphs`` (or are a part
    of its list): sorted and disjoint, so their ends are sorted too. Scanning every quote of the article for
    each sentence and cue was quadratic in an article with thousands of quotes."""
    return quotes[first_quote_ending_after(quotes, start) : first_quote_starting_from(quotes, end)]


def quote_kind(text: str, start: int, end: int, quotes: list[Quote]) -> str:
    """direct when the content is a quote, mixed when a quote is part of it, else indirect."""
    quotes = quotes_over(quotes, start, end)
    quoted = sum(max(0, min(end, q.end) - max(start, q.start)) for q in quotes)
    if not quoted:
        return "indirect"
    words = len(re.findall(r"\w+", text[start:end]))
    quoted_words = sum(len(re.findall(r"\w+", text[max(start, q.start) : min(end, q.end)])) for q in quotes)
    return "direct" if quoted_words >= 0.8 * words else "mixed"
