"""Who says what: attributions (quotes, reported speech, "according to") in every article.

Most attribution in news carries no quotation marks, so this is not a quote-mark finder. Each
sentence that could hold an attribution (``cues.might_attribute``) is parsed, and a few rules
read the parse:
- a cue verb ("said", "told", "estimated", "warned") with its subject as speaker and its clause
  or an adjacent quote as content ("X said that ...", '"...," X said', 'X said: "..."');
- a speaker after the cue ('..., says the Director General', '"...", observes David teurrie');
- "according to X" and kin; chains "Kazakh media reported, citing the Ministry of Interior"
  (source the ministry, via the media) and "X, quoted by Y";
- quotes (``quotemarks``) that no cue covers continue the previous speaker's quote in the
  paragraph, or in the previous paragraph when the quote opens its own paragraph.
Rules read from punctuation where the parse fails are in ``surface_rules``; speakers are then
resolved inside the article only (``coreference``). A speaker nobody can resolve stays as written.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from claimtrack.attribution_core import (
    CONFIRMED,
    CONTRASTS,
    ArticleText,
    Attribution,
    Sentence,
    doc_speaker,
    first_quote_ending_after,
    first_quote_starting_from,
    indirect,
    overlaps,
    quote_kind,
    quotes_over,
    speaker_tokens,
    speaks,
    starts_with_contrast,
    subject_of,
    subtree,
)
from claimtrack.coreference import resolve_speakers
from claimtrack.cues import DATA_VERBS, cues, might_attribute, revisions
from claimtrack.entities import Mention
from claimtrack.french import french_attributions
from claimtrack.issuers import record_nouns
from claimtrack.nlp import Parse
from claimtrack.quotemarks import Quote, pair_paragraphs
from claimtrack.segment import Article
from claimtrack.speakers import Speaker, trim
from claimtrack.surface_rules import (
    authored,
    cue_that_by_surface,
    figures_on_a_page,
    named_document,
    passive_agent,
    relayed_by,
    reported_with_reference,
    resumed_authored,
    set_off_by_punctuation,
    stop_at_next_speaker,
    trailing_participle_cue,
)

PARSED_KINDS = ("headline", "body", "caption")
MAX_PARSED_CHARS = 3_000
ESTIMATE_VERBS = {
    "estimate",
    "peg",
    "put",
    "calculate",
    "count",
    "report",
    "record",
    "register",
    "tally",
    "appreciate",
    "evaluate",
    "assess",
    "number",
    "announce",
    "confirm",
    "give",
    # findings: "a 2014 study found 31 incidents", "the tally shows 3.7 points", "the IMF forecast 3.1 percent"
    "find",
    "show",
    "forecast",
    "project",
    "predict",
    "disclose",
    "reveal",
    "list",
    "note",
    # the figure is the subject's own: "PolitiFact rated 32% of claims false", "Trump cited 88 generals"
    "rate",
    "cite",
    "unveil",
    "publish",
    "release",
    # what the subject talks up: "Trump brags about his 11 debates", "a web video references four cases"
    "brag",
    "boast",
    "tout",
    "reference",
    "highlight",
    "mention",
}
HANDING_VERBS = {"release", "give", "unveil", "publish"}  # with a sum as object they hand over, not report
TOPIC_VERBS = {"brag", "boast", "tout", "complain", "highlight", "mention"}  # the figure may sit after about/of/on
# "Trump's claim that there have been thousands of shootings", "the IMF's forecast of 3.1 percent": the owner speaks.
APPEAL_VERBS = {"call", "urge", "ask", "appeal", "invite", "encourage", "press", "tell"}
CALL_VERBS = {"call", "appeal"}  # an appeal whose content holds its own verb ("called the public to support ...")
MIN_UNATTRIBUTED_QUOTE_WORDS = 8  # a quote without a cue and no one before it is kept only when this long
FUTURE_MODALS = {"will", "'ll", "’ll", "shall"}


def quote_id(document: str, sha256: str, start: int, end: int) -> str:
    """The document name, its text's hash and the span: unique across identical files, the same on a rerun."""
    key = json.dumps([document, sha256, "q", start, end])  # JSON: no name can run into the next field
    return hashlib.sha256(key.encode()).hexdigest()[:16]


# ----------------------------------------------------------------- text units
def units_of(text: str, article: Article) -> list[tuple[int, int]]:
    """Paragraphs to read; a body paragraph that stops without final punctuation runs into the next one."""
    blocks = [b for b in article.blocks if b.kind in PARSED_KINDS]
    units: list[tuple[int, int]] = []
    joinable, tail = False, ""
    for block in blocks:
        body = text[block.start : block.end]
        if units and joinable and block.kind == "body" and _continues(tail, body):
            units[-1] = (units[-1][0], block.end)
        else:
            units.append((block.start, block.end))
        tail = body.rstrip()
        joinable = block.kind == "body" and bool(tail) and tail[-1] not in '.!?:;"”»)…]' and len(tail) > 40
    return units


_LINKS = frozenset({"the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "but", "by", "with", "from"})


def _continues(line: str, following: str) -> bool:
    """A line without final punctuation (``line``, not empty) runs on into the next one when the next opens in
    lower case or the line stops on a link word, a comma or a cue ('... killing at least 296 of the' /
    'people'); 'How to help the victims' followed by 'The United Nations estimates ...' is a heading."""
    if not following.lstrip()[:1].isupper():
        return True
    last = line.split()[-1].lower()
    return last in _LINKS or last in cues().forms or last.endswith((",", "("))  # "Pachinian, said" / "Facebook"


def prepare(text: str, article: Article) -> ArticleText:
    from claimtrack.nlp import sentence_spans

    units = units_of(text, article)
    prepared = ArticleText(article, units, quotes=pair_paragraphs(text, units))
    for n, (u_start, u_end) in enumerate(units):
        for sent_start, sent_end in sentence_spans(text[u_start:u_end]):
            sent_text = text[u_start + sent_start : u_start + sent_end]
            s, e = trim_space(sent_text)
            if s < e:
                start = u_start + sent_start + s
                prepared.sentences.append(Sentence(start, start + e - s, sent_text[s:e], n))
    return prepared


def trim_space(text: str) -> tuple[int, int]:
    return len(text) - len(text.lstrip()), len(text.rstrip())


def needs_parse(sentence: Sentence) -> bool:
    return len(sentence.text) <= MAX_PARSED_CHARS and might_attribute(sentence.text)


def _is_cue(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") and not (token.tag_.startswith("VB")):
        return False
    return cue_lemma(token) in cues().verbs


def cue_lemma(token: Token) -> str:
    """The token's lemma, or the cue verb it inflects when the tagger's lemma is off ("rated" -> "rat")."""
    lemma = token.lemma_.lower()
    return lemma if lemma in cues().verbs else cues().lemma_of.get(token.lower_, lemma)


def _clause(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("ccomp",):
            return child
    lemma = cue_lemma(verb)
    if lemma in APPEAL_VERBS and any(c.dep_ == "dobj" for c in verb.children):
        for child in verb.children:
            if child.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in child.children):
                return child  # "called the public to support the government"
    if lemma not in cues().clause_only:
        for child in verb.children:
            if child.dep_ == "xcomp" and child.pos_ == "VERB" and not _trailing_participle(child):
                return child
    return None


def _asks_before(quote: Quote, sent: Sentence, text: str) -> bool:
    """'“... would have received almost 14 million votes?” Trump said': the question mark ended the
    sentence before the cue, but the quote is still what was said."""
    return (
        quote.closed
        and quote.end <= sent.start
        and _only_space(text, quote.end, sent.start)
        and (text[quote.end - 2 : quote.end - 1] in ("?", "!"))
    )


_NOT_SPACE = re.compile(r"\S")


def _only_space(text: str, start: int, end: int) -> bool:
    """``not text[start:end].strip()``, stopping at the first letter instead of copying the whole stretch."""
    return _NOT_SPACE.search(text, start, end) is None


def _quotes_of(sent: Sentence, quotes: list[Quote], text: str) -> list[Quote]:
    """The quotes a cue in ``sent`` can take: those overlapping it, after a question it follows ('asks_before')."""
    first = first_quote_ending_after(quotes, sent.start)
    inside = quotes_over(quotes, sent.start, sent.end)
    before = quotes[first - 1] if first > 0 else None  # the only one that can end just before, past spaces
    return [before, *inside] if before is not None and _asks_before(before, sent, text) else inside


def _trailing_participle(token: Token) -> bool:
    """'..., Trump said, smiling': a manner after a comma, not what was said."""
    return token.tag_ == "VBG" and token.i > 0 and token.doc[token.i - 1].text == ","


_INCLUDING = re.compile(r"\s*,\s*(?:including|excluding|not including)\b")
# 'X stated during a briefing, "..."', 'X told reporters on Monday: "..."': a short time, place or audience
# between the cue and the quote, ended by a comma or a colon
_ADVERBIAL_GAP = re.compile(
    r"\s+(?:(?:during|on|at|in|after|before|from|to|with|late|early|earlier|later|reporters|journalists)\b"
    r"[^\"“”«»‘’.!?;:,]{0,50})\s*[,:]\s*"
)


def _quote_touching(quotes: list[Quote], left: int, right: int, text: str) -> Quote | None:
    """A closed quote that ends at ``left`` or starts at ``right`` with only spaces and punctuation between."""
    for quote in quotes:
        if quote.end <= left and not re.search(r"[A-Za-z0-9]", text[quote.end : left]):
            return quote
        if quote.start >= right and (
            not re.search(r"[A-Za-z0-9.!?]", text[right : quote.start])
            or _ADVERBIAL_GAP.fullmatch(text, right, quote.start)
        ):
            return quote
    return None


POSTPOSED_SPEAKER_TOKENS = 40  # '..., said James Acton, a physicist who is co-director of the ... Program at ...'


def _postposed_speaker(verb: Token, sent: Sentence, force: bool = False) -> Span | None:
    """'..., says the Director General of X' / '" observes David teurrie': the words after the cue."""
    c = cues()
    if not force and (verb.lemma_.lower() not in c.postposed or verb.tag_ not in ("VBZ", "VBD", "VBP")):
        return None
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i > 0 else None
    after_comma = (
        before is None or before.text in {",", '"', "”", "»", "'", "’", ":", "—", "-", "–"} or (before.is_punct)
    )
    if not after_comma:
        return None
    i = verb.i + 1
    while (
        i < len(doc)
        and (doc[i].lower_ in c.speaker_stop_words or doc[i].like_num)
        and doc[i].lower_ not in ("this", "that")
    ):
        i += 1
    j = i
    apposed_at = None  # where ', a physicist who ...' starts: the description may be long, the name is not
    while j < len(doc) and doc[j].lower_ != "that":
        if doc[j].is_punct and doc[j].text not in "()-’'":
            apposition = doc[j].text == "," and j + 1 < len(doc) and doc[j + 1].lower_ in ("a", "an", "the", "who")
            if not apposition:
                break
            apposed_at = j if apposed_at is None else apposed_at
        if doc[j].text == "(":
            while j < len(doc) and doc[j].text != ")":
                j += 1
        j += 1
    named_part = (apposed_at if apposed_at is not None else j) - i
    if j <= i or named_part > 15 or j - i > POSTPOSED_SPEAKER_TOKENS:
        return None
    rest = doc[j:]
    trailing_clause = len(rest) > 1 and rest[0].text == "," and (rest[1].pos_ == "SCONJ" or rest[1].tag_ == "VBG")
    if any(t.is_alpha for t in rest) and not any(t.text in '"“”«»' for t in rest[:2]) and not trailing_clause:
        return None  # the phrase must end the sentence (or run into the next quote)
    return doc[i:j]


def find_in_sentence(sent: Sentence, quotes: list[Quote], text: str) -> list[Attribution]:
    """Attributions whose cue is in this sentence (article fields filled in later)."""
    doc = sent.parse
    if doc is None:
        return []
    found: list[Attribution] = []
    used: set[int] = set()
    inside = [q.inner for q in quotes_over(quotes, sent.start, sent.end) if q.closed]
    for token in doc:
        if token.i in used:
            continue
        position = sent.start + token.idx
        if any(a <= position < b for a, b in inside):
            continue  # "I think" inside a quote belongs to the quote, not to the article's voice
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            item = _according_to(token, sent)
        elif _nominal(token) and (token.lemma_.lower() in cues().noun_cues or _revised(token)):
            item = _noun_attribution(token, sent, text)
        elif _is_cue(token):
            item = _verb_attribution(token, sent, quotes, text)
        elif _mistagged_postposed_cue(token):
            item = _verb_attribution(token, sent, quotes, text, force_postposed=True)
        else:
            item = None
        if item is not None:
            found.append(item)
            used.add(token.i)
    if not found:
        item = _lead_in_by_subject(sent, quotes, text)
        found.extend([item] if item is not None else [])
    found.extend(named_document(sent, found, quotes, text))
    found.extend(trailing_participle_cue(sent, found))
    found.extend(cue_that_by_surface(sent, found, text))
    found.extend(relayed_by(sent, found))
    found.extend(reported_with_reference(sent, found))
    found.extend(passive_agent(sent, found))
    found.extend(figures_on_a_page(sent, found))
    found = stop_at_next_speaker(sent, set_off_by_punctuation(sent, _outer_stances(found)))
    return [_without_opener(a, sent) for a in found]


_OPENER = re.compile(r"\s*(?:(?:But|And|Yet|So|Or)\b|(?:However|Still|Meanwhile|Instead|Moreover|Indeed|Again)\s*,)\s*")


def _without_opener(item: Attribution, sent: Sentence) -> Attribution:
    """'But the vote, he said, was fair': the sentence's link word is the writer's, not what was said."""
    if item.start > sent.start + 2 or item.kind != "indirect":
        return item
    opener = _OPENER.match(sent.text, item.start - sent.start)
    if opener is None or opener.end() + sent.start >= item.end:
        return item
    return replace(item, start=sent.start + opener.end())


def _nominal(token: Token) -> bool:
    """A noun, or a word the tagger made a verb where only a noun can stand ('its growth forecast' as object)."""
    return token.pos_ == "NOUN" or (token.pos_ == "VERB" and token.dep_ in ("dobj", "nsubj", "pobj"))


def _outer_stances(found: list[Attribution]) -> list[Attribution]:
    """'The FBI decided not to recommend charges': one position of one speaker, not a second one inside it."""

    def inside_another(item: Attribution) -> bool:
        return any(
            other is not item
            and other.start <= item.cue[0] < other.end
            and other.speaker is not None
            and item.speaker is not None
            and (other.speaker.start, other.speaker.end) == (item.speaker.start, item.speaker.end)
            for other in found
        )

    return [a for a in found if a.reason != "stance-object" or a.cue is None or not inside_another(a)]


def _lead_in_by_subject(sent: Sentence, quotes: list[Quote], text: str) -> Attribution | None:
    """'On July 6, 2015, Sanders made the following comment:' with no cue verb: the sentence's subject
    speaks the quote that opens right after the colon."""
    roots = [t for t in sent.parse if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")]
    if not roots or not sent.text.rstrip().endswith(":"):
        return None
    subject = subject_of(roots[-1])
    content = _colon_lead_in(roots[-1], sent, quotes, text) if subject is not None else None
    if content is None:
        return None
    speaker = doc_speaker(speaker_tokens(subject), sent)
    if speaker is None or speaker.kind not in ("person", "organisation", "outlet", "agency"):
        return None
    colon = sent.start + sent.text.rstrip().rfind(":")
    start, end = content
    return Attribution(
        "",
        "",
        start,
        end,
        quote_kind(text, start, end, quotes),
        "colon-lead-in",
        cue=(colon, colon + 1),
        speaker=speaker,
        sentence=(sent.start, sent.end),
        unit=sent.unit,
    )


def _according_to(token: Token, sent: Sentence) -> Attribution | None:
    to = token.doc[token.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
    if not objects:
        return None
    phrase = speaker_tokens(objects[0])
    speaker = doc_speaker(phrase, sent)
    if speaker is None:
        return None
    phrase_start, phrase_end = token.idx, phrase.end_char
    left, right = (0, phrase_start), (phrase_end, len(sent.text))
    words = [len(re.findall(r"\w+", sent.text[a:b])) for a, b in (left, right)]
    content = right if words[1] > words[0] else left
    contrast = starts_with_contrast(sent.text[phrase_end:])
    if contrast and words[0] >= 3:
        content = left  # "A, according to X, but B": X says A only
    elif min(words) >= 3 and not contrast:
        content = (0, len(sent.text))  # "A, according to X, and B" / "A, according to X, twice B": X says all
    start, end = trim(sent.text, *content)
    if end - start < 3:
        return None
    cue = (sent.start + token.idx, sent.start + to.idx + len(to.text))
    return indirect(sent, (sent.start + start, sent.start + end), "according-to", cue, speaker)


def _citing(verb: Token, sent: Sentence) -> Speaker | None:
    """'..., citing the Ministry of Interior' or '..., quoting X': the origin behind the reporter."""
    for token in verb.doc[verb.i + 1 :]:
        if token.lemma_.lower() in cues().citing and token.tag_ == "VBG":
            objects = [c for c in token.children if c.dep_ in ("dobj", "pobj", "attr", "npadvmod", "appos")]
            if objects:
                return doc_speaker(speaker_tokens(objects[0]), sent)
            following = verb.doc[token.i + 1 : verb.doc[-1].i + 1]
            if len(following):
                return doc_speaker(following, sent)
    return None


def _mistagged_postposed_cue(token: Token) -> bool:
    """', remark stone ausor.': machine-translated text leaves cue verbs the tagger reads as nouns."""
    if token.dep_ in ("compound", "amod") and any(t.tag_.startswith("VB") for t in token.doc[token.i + 1 :]):
        return False  # ", state TV reported": a word of the speaker's name; the cue comes after it
    return token.lower_ in cues().postposed and token.i > 0 and token.doc[token.i - 1].text in ',"”»'


@dataclass
class _Cue:
    """A cue verb with its speaker phrase: what every content strategy of ``_verb_attribution`` reads."""

    verb: Token
    lemma: str
    sent: Sentence
    quotes: list[Quote]  # every quote of the article
    text: str
    phrase: Span  # the speaker as written
    subject: Token | None  # the verb's own subject, when the speaker is not postposed
    postposed: bool
    in_sentence: list[Quote]  # the quotes the cue can take
    chars: tuple[int, int]  # the cue verb (with its particle) in the document
    speaker_chars: tuple[int, int]

    @property
    def left(self) -> int:
        return min(self.chars[0], self.speaker_chars[0])

    @property
    def right(self) -> int:
        return max(self.chars[1], self.speaker_chars[1])


Content = tuple[tuple[int, int], str]  # (start, end) in the document and the rule's name


def _verb_attribution(
    verb: Token, sent: Sentence, quotes: list[Quote], text: str, force_postposed: bool = False
) -> Attribution | None:
    """A cue verb's attribution: its speaker, then the first content strategy that finds what was said
    (a clause, a quote beside the cue, the words before a postposed cue, a quote after a colon, an estimated
    object, a quoted object, a parenthetical position), then the checks on the speaker."""
    cue = _cue_of(verb, sent, quotes, text, force_postposed)
    if cue is None:
        return None
    found = _quote_content(cue, _clause_content(cue)) or _first_content(cue)
    if found is None:
        return None
    (start, end), reason = found
    start, end = trim(text, start, end)
    if end - start < 3:
        return None
    speaker = _through_relative_pronoun(doc_speaker(cue.phrase, sent, postposed=cue.postposed), cue)
    if not _speaker_fits(speaker, reason, cue):
        return None
    reason = "said-subject" if reason == "estimated-object" else reason
    for q in cue.in_sentence:
        if q.start <= start < q.end or q.start < end <= q.end:
            start, end = min(start, q.start), max(end, q.end if q.closed else end)
    kind = quote_kind(text, start, end, cue.in_sentence)
    gap = _cue_gap(start, end, cue.chars, cue.in_sentence)
    via = None
    origin = _citing(verb, sent)
    if origin is not None:
        speaker, via, reason = origin, speaker, "citing-chain"
    return Attribution(
        "",
        "",
        start,
        end,
        kind,
        reason,
        cue=cue.chars,
        speaker=speaker,
        via=via,
        sentence=(sent.start, sent.end),
        unit=sent.unit,
        gap=gap,
    )


_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


def _through_relative_pronoun(speaker: Speaker | None, cue: _Cue) -> Speaker | None:
    """'Hillary Clinton, who said ...', 'the ministry, which reported ...': the speaker as written stays the
    pronoun (PolNeAR's gold writes it so), its name and kind are the antecedent's."""
    subject, verb = cue.subject, cue.verb
    if speaker is None or subject is None or subject.lower_ not in _RELATIVE_PRONOUNS or verb.dep_ != "relcl":
        return speaker
    head, doc = verb.head, verb.doc
    last = verb.left_edge.i - 1
    institution = head.lower_ in cues().org_nouns or head.lower_ in cues().outlet_nouns
    if last < 1 or doc[last].text != "," or head.i != last - 1 or not (head.pos_ == "PROPN" or institution):
        return speaker  # 'Name, who ...', 'the ministry, which ...'; 'a xenophobe who ...' describes, not names
    antecedent = doc_speaker(doc[head.left_edge.i : last], cue.sent)
    if antecedent is None or not antecedent.name or antecedent.kind == "pronoun":
        return speaker
    if not (institution or antecedent.name[0].isupper()):
        return speaker
    return replace(antecedent, start=speaker.start, end=speaker.end, text=speaker.text, head=antecedent.head)


def _cue_gap(start: int, end: int, cue: tuple[int, int], quotes: list[Quote]) -> tuple[int, int] | None:
    """'"A," he said, "B."' as one attribution: the words between the quote that ends before the cue and the one
    that opens after it are the writer's."""
    if not start < cue[0] < end:
        return None
    before = [q.end for q in quotes if start <= q.start and q.end <= cue[0]]
    after = [q.start for q in quotes if q.start >= cue[1] and q.end <= end]
    return (max(before), min(after)) if before and after else None


def _cue_of(verb: Token, sent: Sentence, quotes: list[Quote], text: str, force_postposed: bool) -> _Cue | None:
    """The speaker phrase of a cue verb (its subject, or the words after a postposed cue), or None when the verb
    reports nothing: a passive, a future ('will announce'), a place that shows data."""
    lemma = cue_lemma(verb) if not force_postposed else verb.lower_
    subject = None if force_postposed else subject_of(verb)
    if subject is not None and subject.i < verb.i and (after := _subject_after_quote(verb)) is not None:
        subject = after  # '"..., it will at some point," said James Acton': the quote's 'it' is not the speaker
    own_subject = subject is not None and subject.head.i == verb.i
    if not own_subject and not force_postposed and (named := _person_before_participle(verb)) is not None:
        subject, own_subject = named, True  # "footage of Hillary Clinton asking, '...'": she asks, not the ad
    if subject is None and not force_postposed and (issuer := _issuer_of_record(verb)) is not None:
        subject, own_subject = issuer, True  # "the ministry issued a statement saying ...": the ministry says
    phrase: Span | None = speaker_tokens(subject) if subject is not None else None
    if subject is None and not force_postposed and (named := _name_before_misread_participle(verb)) is not None:
        subject, own_subject, phrase = named.root, True, named
    if phrase is not None:
        phrase = _name_cut_after_quote(phrase)
    postposed = None
    if not own_subject or subject.i > verb.i:
        postposed = _postposed_speaker(verb, sent, force_postposed)
    if postposed is not None:
        phrase, subject = postposed, None
    if phrase is None:
        return None
    misread = subject is not None and subject.i == verb.head.i and verb.dep_ == "acl"
    if any(t.dep_ == "nsubjpass" for t in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("amod", "acl") and not misread
    ):
        return None
    doc = verb.doc
    if any(
        t.dep_ == "aux"
        and t.lower_ in FUTURE_MODALS
        and not any(doc[k].text in _CLOSING_MARKS for k in range(t.i + 1, verb.i))  # not the quote's own 'will'
        for t in verb.children
    ):
        return None  # "the candidate will announce plans": nothing has been said yet
    if lemma in DATA_VERBS and _names_a_place(phrase):
        return None  # "South Carolina showed the most customers out": data about the place, not its report
    chars = (sent.start + verb.idx, sent.start + verb.idx + len(verb.text))
    particle = [ch for ch in verb.children if ch.dep_ == "prt" and ch.i == verb.i + 1]
    if particle:
        chars = (chars[0], sent.start + particle[0].idx + len(particle[0].text))
    speaker_chars = (sent.start + phrase.start_char, sent.start + phrase.end_char)
    in_sentence = _quotes_of(sent, quotes, text)
    return _Cue(
        verb, lemma, sent, quotes, text, phrase, subject, postposed is not None, in_sentence, chars, speaker_chars
    )


def _clause_content(cue: _Cue) -> Content | None:
    """said-subject: the clause the verb governs ('X said (that) A'), to the sentence end after the cue."""
    verb, sent = cue.verb, cue.sent
    clause = _clause(verb)
    if clause is None:
        return None
    content = tuple(x + sent.start for x in subtree(clause, skip=cue.subject))
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i < clause.i]
    if cue.lemma in APPEAL_VERBS and objects and clause.dep_ != "ccomp":
        # "urged Congress to act": whom and what to do; "called the public to support ...": a call is its verb too
        first = verb.idx if cue.lemma in CALL_VERBS else min(o.left_edge.idx for o in objects)
        content = (sent.start + first, content[1])
    if clause.i > verb.i and clause.dep_ == "ccomp":
        content = (content[0], _end_of_report(cue, content[0]))  # "X said that A, so B": to the sentence end
    elif clause.i < verb.i and _set_off(verb, cue.phrase):
        content = (sent.start, sent.end)  # "It was, the president said, ''a stone ...''": both sides
    marked = clause.left_edge.i > 0 and clause.doc[clause.left_edge.i].lower_ == "that"
    if cue.lemma in cues().clause_only and not marked and clause.i < verb.i:
        return None  # "the deal, polls show, ..." is fine; a bare clause before "think" is not
    return content, "said-subject"  # type: ignore[return-value]


_SPEAKER_CONTRAST = re.compile(r",\s+(?:but|though|although|even though|while)\s+(?:he|she|they)\b", re.IGNORECASE)


def _next_acts(verb: Token, clause: Token | None) -> list[Token]:
    """Cue verbs coordinated with the cue ('said A and called it B'), with no auxiliary ('but would eventually
    add $84 billion' is a prediction inside the report). The tagger often hangs them on the reported clause's
    verb instead ('said the bridge would reopen ... and called it ...'): there, one in the cue's own tense with
    no subject of its own, where the clause's verb has another tense, is the speaker's too."""
    candidates = [c for c in verb.children if c.dep_ == "conj"]
    if clause is not None and clause.tag_ != verb.tag_:
        candidates += [
            c
            for c in clause.children
            if c.dep_ == "conj"
            and c.tag_ == verb.tag_
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        ]
    return [c for c in candidates if _is_cue(c) and not any(g.dep_ in ("aux", "auxpass") for g in c.children)]


def _end_of_report(cue: _Cue, start: int) -> int:
    """Where a reported clause that runs on to the sentence end stops: before the speaker's next act ('X said A
    and called it B', 'promised A and said B') and before the writer turning to the speaker ('X said A, though
    she noted B'); a contrast with someone else ('..., but B would fall') is still what was reported."""
    verb, sent, text = cue.verb, cue.sent, cue.text
    doc = verb.doc
    end = sent.end
    if verb.dep_ == "relcl":  # 'The ministry, which said 40 died, gave no new toll': the relative clause ends it
        end = sent.start + subtree(verb)[1]
    for conj in _next_acts(verb, _clause(verb)):
        if sent.start + conj.idx > start:
            first = conj.left_edge.i
            while (
                first > 0
                and sent.start + doc[first - 1].idx > start
                and (doc[first - 1].dep_ in ("cc", "punct") or doc[first - 1].lower_ == "then")
            ):
                first -= 1  # ', and then said ...': the joint goes with the next act
            end = min(end, sent.start + doc[first].idx)
    contrast = _SPEAKER_CONTRAST.search(text, start, end)
    if contrast is not None and not any(q.start < contrast.start() < q.end for q in cue.in_sentence):
        end = contrast.start()
    return trim(text, start, end)[1]


def _quote_content(cue: _Cue, clause: Content | None) -> Content | None:
    """quote-cue: a closed quote touching the speaker and cue is what was said (the words around it are the
    writer's), unless the cue's clause lies elsewhere; without such a quote, the clause."""
    text, sent = cue.text, cue.sent
    left, right = cue.left, cue.right
    quote = _quote_touching(cue.in_sentence, left, right, text)
    if quote is None or not quote.closed:
        return clause
    following = [q for q in cue.in_sentence if q.start >= right and q is not quote and quote.end <= left]
    joined = bool(following) and _cue_between(cue, right, following[0].start)
    if clause is not None and not overlaps(clause[0], (quote.start, quote.end)):
        if not (joined and overlaps(clause[0], (following[0].start, following[0].end))):
            return clause  # the clause lies elsewhere; not '"A," he told the host, "B."' with B the clause
    content = (quote.start, quote.end)
    if joined:
        content = (content[0], following[0].end)  # '"A," he said, "B."': one attribution in two pieces
    if quote.end <= left and _INCLUDING.match(text, right, sent.end):
        content = (content[0], sent.end)  # '"This cost us $500 million," he said, including lost revenue'
    lead = text[sent.start : quote.start]
    if quote.end <= left and len(re.findall(r"\w+", lead)) >= 3 and re.search(r"[A-Za-z]\s*$", lead):
        content = (sent.start, content[1])  # 'The four loopholes he cited are “...,” The Hill reported'
    return content, "quote-cue"


def _cue_between(cue: _Cue, start: int, end: int) -> bool:
    """Only the cue clause lies between two pieces of a quote: punctuation, a short time or place
    ('during the briefing,'), or the cue verb's own words ('told the host,', 'said of the plan,')."""
    text = cue.text
    if not re.search(r"[A-Za-z0-9]", text[start:end]) or _ADVERBIAL_GAP.fullmatch(text, start, end):
        return True
    if not re.fullmatch(r"[^\"“”«».!?;:]{1,60},\s*", text[start:end]):
        return False
    offset = cue.sent.start
    words = [t for t in cue.verb.doc if start <= offset + t.idx < end and not t.is_punct and not t.is_space]
    return bool(words) and all(cue.verb in t.ancestors for t in words)


def _first_content(cue: _Cue) -> Content | None:
    """When neither a clause nor a quote holds what was said: the first of the remaining strategies."""
    verb, sent = cue.verb, cue.sent
    if cue.postposed:
        return (sent.start, cue.chars[0]), "said-after"
    lead_in = _colon_lead_in(verb, sent, cue.quotes, cue.text)
    if lead_in is not None:
        return lead_in, "colon-lead-in"
    if cue.lemma in ESTIMATE_VERBS and not (verb.tag_ == "VBG" and verb.dep_ in ("acl", "amod", "csubj")):
        estimated = _estimated_object(verb, sent)  # not "taxpayers reporting capital gains held for two years"
        if estimated is not None:
            return estimated, "estimated-object"
    found = _quoted_object(verb, sent) or _stance_object(cue) or _confirmed_object(cue)
    if found is not None or cue.lemma not in cues().reporting:
        return found
    return _parenthetical(verb, cue.phrase, sent)


def _speaker_fits(speaker: Speaker | None, reason: str, cue: _Cue) -> bool:
    """Who can be the speaker of this content: never the reader ('you think it will cost ...'); a quoted object
    needs someone who speaks; a finding needs a finder of figures, not 'Survivors struggled to find food'."""
    if speaker is None or (speaker.kind == "pronoun" and speaker.head == "you"):
        return False
    if reason in ("quoted-object", CONFIRMED) and not speaks(speaker):
        return False
    if reason == "stance-object" and not (speaks(speaker) or _records(speaker)):
        return False  # 'the poll asked about all four candidates', 'the report recommends 12 changes
    if reason == "estimated-object" and cue.lemma == "find" and speaker.kind == "description":
        return speaks(speaker) or _records(speaker)
    return True


def _issuer_of_record(verb: Token) -> Token | None:
    """The subject of the verb whose record a participle cue hangs on: 'the ministry issued a statement saying
    ...', 'the council said in a statement calling ...'."""
    record = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or record.lemma_.lower() not in record_nouns():
        return None
    holder = record.head if record.dep_ == "dobj" else record.head.head if record.dep_ == "pobj" else None
    return subject_of(holder) if holder is not None and holder.pos_ in ("VERB", "AUX") else None


_CLOSING_MARKS = frozenset({"”", '"', "’", "'", "»", "''"})


def _after_closing_mark(doc: Doc, i: int) -> bool:
    """Token ``i`` comes right after a closing quote mark, or after a comma right after one ('”, Name')."""
    if i == 0:
        return False
    before = doc[i - 1].text
    return before in _CLOSING_MARKS or before == "," and i > 1 and doc[i - 2].text in _CLOSING_MARKS


def _subject_after_quote(verb: Token) -> Token | None:
    """The subject after a cue that directly follows a closing quote mark ('," said James Acton')."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text not in _CLOSING_MARKS:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.i > verb.i), None)


def _name_cut_after_quote(phrase: Span) -> Span:
    """'"...," Tulsa police Chief Chuck Jordan said': the tagger may hang the first word of the speaker on the
    quote's verb; capitalised words right after the closing mark, before the subject, belong to the speaker."""
    doc = phrase.doc
    first = phrase.start
    while first > 0 and doc[first - 1].text[:1].isupper() and doc[first - 1].is_alpha:
        first -= 1  # whatever the tagger made of it ('Tulsa' read as a verb)
    return doc[first : phrase.end] if first < phrase.start and _after_closing_mark(doc, first) else phrase


def _name_before_misread_participle(verb: Token) -> Span | None:
    """'"...," Katie Patt of Fairfax, Virginia, posted on X.': the tagger reads the cue as a participle hung on
    the name ('the figures posted by X'); a name right after a closing quote, with no agent, is the speaker."""
    head = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or head.pos_ != "PROPN" or head.i >= verb.i:
        return None
    if any(c.dep_ == "agent" for c in verb.children):
        return None
    doc = verb.doc
    first = head.left_edge.i
    while first < head.i and doc[first].is_punct:
        first += 1  # the closing quote mark may hang on the name
    if not _after_closing_mark(doc, first):
        return None
    last = verb.i - 1
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return doc[first : last + 1]


def _person_before_participle(verb: Token) -> Token | None:
    """The person named right before a participle cue with no subject of its own ('of Hillary Clinton asking')."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    return before if before.ent_type_ == "PERSON" and before.pos_ == "PROPN" else None


def _noun_attribution(noun: Token, sent: Sentence, text: str) -> Attribution | None:
    """A possessor (or the subject of a light verb) and a cue noun with its content: a that-clause, or 'of'
    and a figure."""
    light_only = noun.lemma_.lower() in cues().light_only_nouns  # "in any case" names nobody
    owners = [] if light_only else [c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")]
    if not owners and not light_only and _owned_by_its_subject(noun):
        owners = [subject_of(noun.head)]  # "It edged up its forecast ... to 4.2 percent": the subject's own
    named = [] if light_only else [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
    phrase: Span | None = None
    if owners:
        tokens = [t for t in owners[0].subtree if t.dep_ != "case"]
        phrase = noun.doc[tokens[0].i : tokens[-1].i + 1]
    elif named:  # "a New York Times report that ...", "a CBO estimate of 3 percent"
        phrase = noun.doc[named[0].left_edge.i : named[-1].i + 1]
        phrase = phrase if any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) for t in phrase) else None
    elif noun.dep_ == "dobj" and noun.head.lemma_.lower() in cues().light_verbs:
        maker = subject_of(noun.head)  # "Stumpf tried to make the case that ...": the maker speaks
        phrase = speaker_tokens(maker) if maker is not None and maker.pos_ in ("PROPN", "NOUN", "PRON") else None
    if phrase is None:
        return None
    content: tuple[int, int] | None = None
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in ("acl", "ccomp", "relcl") and child.left_edge.lower_ == "that":
            content = subtree(child)
        elif child.dep_ == "prep" and child.lower_ == "of" and any(t.like_num for t in child.subtree):
            content = subtree(child)
        if content is not None:
            break
    if content is None:
        plan = noun.lemma_.lower() in cues().plan_nouns
        content = (_what_the_plan_does(noun) if owners else None) if plan else _revised_figure(noun)
    if content is None:
        return None
    speaker = doc_speaker(phrase, sent)
    if speaker is None or not speaks(speaker):
        return None
    start, end = trim(text, sent.start + content[0], sent.start + content[1])
    if end - start < 3:
        return None
    cue = (sent.start + noun.idx, sent.start + noun.idx + len(noun.text))
    return indirect(sent, (start, end), "noun-cue", cue, speaker)


def _what_the_plan_does(noun: Token) -> tuple[int, int] | None:
    """'Mrs. Clinton's plan would cap deductions at 28 percent' and 'Under Mrs. Clinton's plan, taxpayers would
    pay 39.6 percent': what someone's plan does is that person's position."""
    verb = noun.head
    if noun.dep_ == "nsubj" and verb.pos_ in ("VERB", "AUX") and verb.dep_ in ("ROOT", "conj", "ccomp"):
        start, end = subtree(verb, skip=noun)
        inside = verb.doc.char_span(start, end, alignment_mode="expand")
        kept = _without_asides(inside) if inside is not None else None
        return (kept.start_char, kept.end_char) if kept is not None else None
    if noun.dep_ == "pobj" and verb.lower_ == "under" and verb.i == 0:
        rest = verb.doc[verb.right_edge.i + 1 :]
        rest = rest[1:] if len(rest) and rest[0].is_punct else rest
        return (rest.start_char, rest.end_char) if len(rest) > 1 else None
    return None


def _owned_by_its_subject(noun: Token) -> bool:
    """'its forecast', 'their estimate' as the object of a verb, or any figure-holding noun a revising verb
    takes ('pushed those numbers up to ...'): the verb's subject owns the estimate."""
    return (
        noun.dep_ == "dobj"
        and (any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children) or _revised(noun))
        and subject_of(noun.head) is not None
    )


def _revised(noun: Token) -> bool:
    """'AccuWeather pushed those numbers up', 'the ministry raised the toll': a revising verb's object."""
    verbs, nouns = revisions()
    return noun.dep_ == "dobj" and noun.lemma_.lower() in nouns and noun.head.lemma_.lower() in verbs


def _revised_figure(noun: Token) -> tuple[int, int] | None:
    """'raised its estimate of losses to $1.5 billion', 'hold the IMF's estimate of growth steady at 3.1
    percent': an estimate revised or held by its verb, with the figure in the verb's complements."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ not in ("VERB", "AUX"):
        return None
    after = [t for t in _object_side(verb) if t.i >= noun.i]
    if not any(t.like_num for t in after):
        return None
    last = max(t.i for t in after)
    while last > noun.i and verb.doc[last].is_punct:
        last -= 1
    return noun.left_edge.idx, verb.doc[last].idx + len(verb.doc[last].text)


def _colon_lead_in(verb: Token, sent: Sentence, quotes: list[Quote], text: str) -> tuple[int, int] | None:
    """'The New York Times reports:' / 'Sanders made the following comment:' ending a sentence: what
    was said is the quote that opens right after the colon (its continuation paragraphs follow it
    as continued quotes). Unquoted text after the colon is not taken."""
    if not sent.text.rstrip().endswith(":"):
        return None
    after = [t for t in verb.doc if t.i > verb.i and not t.is_punct]
    if any(t.pos_ in ("VERB", "AUX") for t in after) or len(after) > 4:
        return None  # "said the plan would ...:" introduces a list, not a quote
    opens_at = _SPACES.match(text, sent.end).end()
    following = first_quote_starting_from(quotes, opens_at)
    if following < len(quotes) and quotes[following].start == opens_at:
        return quotes[following].start, quotes[following].end
    return None


_SPACES = re.compile(r"\s*")


def _estimated_object(verb: Token, sent: Sentence) -> tuple[int, int] | None:
    """'the ministry estimated the damage at 175 million euros', 'police put the toll at 40': the object."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objects and cue_lemma(verb) in TOPIC_VERBS:
        objects = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("about", "of", "on") and c.i > verb.i]
    if not objects or not any(t.like_num for t in _object_side(verb)):
        return None  # "struggled to find food ... as the toll of 2,100 rose": the figure is not what was found
    if cue_lemma(verb) in HANDING_VERBS and _is_amount(objects[0]):
        return None  # "France has released $5.4 million to help NGOs": money handed over, not a figure reported
    last = max(t.i for t in verb.subtree)
    end_token = verb.doc[last]
    while end_token.is_punct and end_token.i > objects[0].i:
        end_token = verb.doc[end_token.i - 1]
    return sent.start + objects[0].left_edge.idx, sent.start + end_token.idx + len(end_token.text)


def _names_a_place(phrase: Span) -> bool:
    """The phrase is a place: its head is inside a GPE or LOC entity ('South Carolina', 'the county')."""
    return any(e.label_ in ("GPE", "LOC") and e.start <= phrase.root.i < e.end for e in phrase.ents)


def _records(speaker: Speaker) -> bool:
    """'a 2014 study', 'the tally': a record whose findings are figures."""
    return speaker.head in cues().source_nouns


def _object_side(verb: Token) -> Iterable[Token]:
    """The words after the verb that belong to its object or its complements ('at 175 million euros'), not to
    a clause hanging off it ('as the toll rose')."""
    for child in verb.children:
        if child.i > verb.i and child.dep_ not in ("advcl", "ccomp", "conj", "cc", "xcomp", "punct"):
            yield from child.subtree


def _is_amount(token: Token) -> bool:
    """An object that is itself a sum or a count ('$5.4 million', '300 tents')."""
    return token.like_num or token.tag_ == "$" or any(c.like_num or c.tag_ == "$" for c in token.children)


def _quoted_object(verb: Token, sent: Sentence) -> tuple[tuple[int, int], str] | None:
    """'Clinton called half of Trump's supporters "deplorables"': a quoted object is what the speaker said."""
    for child in verb.children:
        if child.dep_ in ("dobj", "oprd", "xcomp", "prep", "ccomp") and child.i > verb.i:
            left, right = subtree(child)
            piece = sent.text[left:right]
            if any(mark in piece for mark in '"“”«»') or "''" in piece:
                named = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < child.i]
                if child.dep_ == "oprd" and named:
                    left = subtree(named[0])[0]  # 'called half of his supporters "deplorables"': both objects
                    rest = [c for c in verb.children if c.i > child.i and c.dep_ in ("prep", "conj", "cc")]
                    right = max([right, *(subtree(c)[1] for c in rest)])  # '"a clear violation" of five ...'
                return (sent.start + left, sent.start + right), "quoted-object"
    return None


_OBJECT_DEPS = ("dobj", "oprd", "xcomp", "ccomp", "pcomp")
_ADJUNCT_PREPOSITIONS = frozenset({"in", "during", "at", "after", "before", "since", "on", "amid", "over"})


def _stance_object(cue: _Cue) -> Content | None:
    """stance-object: the position a stance verb's subject holds ('called for a repeal', 'is proposing 500 million
    solar panels', 'criticized the law as a crazy system', 'accused the GOP of stoking it'): its objects and the
    objects of its listed particles, as one span. A lone pronoun ('attacked her') holds no position."""
    verb, sent = cue.verb, cue.sent
    particles = cues().stance.get(cue.lemma)
    if particles is None:
        return None
    pieces: list[Token] = []
    for child in verb.children:
        if child.i < verb.i:
            continue
        if child.dep_ in _OBJECT_DEPS:
            pieces.append(child)
        elif child.dep_ in ("prep", "prt") and child.lower_ in particles:
            pieces.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
        elif child.dep_ in ("prep", "dative") and pieces and child.lower_ not in _ADJUNCT_PREPOSITIONS:
            pieces.append(child)  # "criticized the law as a crazy system", "offered some advice to Clinton"
    if not pieces or all(p.pos_ == "PRON" and p.left_edge == p.right_edge for p in pieces):
        return None
    span = _without_asides(verb.doc[min(p.left_edge.i for p in pieces) : max(p.right_edge.i for p in pieces) + 1])
    return _in_document(span, sent, "stance-object")


def _confirmed_object(cue: _Cue) -> Content | None:
    """confirms-earlier: 'The health department confirmed the fatalities' names no figure; it vouches for the
    figures the article gave before (``claimtrack.sourcing.confirmed_afterwards``). The object is a definite
    plural with no number of its own."""
    if cue.lemma not in cues().confirming_verbs:
        return None
    objects = [c for c in cue.verb.children if c.dep_ == "dobj" and c.i > cue.verb.i]
    if not objects or objects[0].tag_ != "NNS":
        return None
    noun = objects[0]
    if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in noun.children):
        return None
    if any(t.like_num for t in noun.subtree):
        return None
    return _in_document(_without_asides(noun.doc[noun.left_edge.i : noun.right_edge.i + 1]), cue.sent, CONFIRMED)


def _in_document(span: Span | None, sent: Sentence, reason: str) -> Content | None:
    """A span of the sentence's parse as content in document offsets, with the rule's name."""
    return None if span is None else ((sent.start + span.start_char, sent.start + span.end_char), reason)


def _without_asides(span: Span) -> Span | None:
    """A position up to the writer's first aside: ', who is 70', ', which, at 35 percent, is ...' are the writer's
    description, not what the speaker holds."""
    doc = span.doc
    last = span.end - 1
    for token in span:
        if token.dep_ == "relcl" and token.left_edge.i > span.start and doc[token.left_edge.i - 1].text == ",":
            last = min(last, token.left_edge.i - 2)
    return doc[span.start : last + 1] if last >= span.start else None


def _parenthetical(verb: Token, phrase: Span, sent: Sentence) -> tuple[tuple[int, int], str] | None:
    """'The museum, Mr. Bush said, celebrated ...' / '..., he said.': the cue clause is set off by commas."""
    doc = verb.doc
    if any(c.dep_ in ("dobj", "attr") for c in verb.children):
        return None
    first, before, after = _cue_clause_edges(verb, phrase)
    if before not in (",", "—", "–") or after not in (",", ".", "", "—", "–", ";"):
        return None
    clause_start = sent.start + doc[first].idx
    last = max(phrase.end - 1, verb.i)
    contrast = last + 2 < len(doc) and doc[last + 2].lower_ in CONTRASTS  # "A, officials said, but B": only A
    if after in (".", "", ";") or contrast:
        return (sent.start, clause_start), "said-parenthetical"
    return (sent.start, sent.end), "said-parenthetical"


def _set_off(verb: Token, phrase: Span) -> bool:
    """The cue clause sits between commas with words on both sides: 'A, the president said, B'."""
    _, before, after = _cue_clause_edges(verb, phrase)
    last = max(phrase.end - 1, verb.i)
    return before == "," and after == "," and any(t.is_alpha for t in verb.doc[last + 2 :])


def _cue_clause_edges(verb: Token, phrase: Span) -> tuple[int, str, str]:
    """The first token of the speaker-and-cue clause, and the tokens just before and after it ('' at an edge)."""
    doc = verb.doc
    first, last = min(phrase.start, verb.i), max(phrase.end - 1, verb.i)
    before = doc[first - 1].text if first > 0 else ""
    after = doc[last + 1].text if last + 1 < len(doc) else ""
    return first, before, after


# ----------------------------------------------------------------- one article
def attribute_article(text: str, prepared: ArticleText) -> list[Attribution]:
    """Every attribution of one article, speakers resolved, in text order."""
    article = prepared.article
    found: list[Attribution] = []
    for sent in prepared.sentences:
        in_sentence = find_in_sentence(sent, prepared.quotes, text)
        if not in_sentence:
            in_sentence = french_attributions(sent)  # "…, a annoncé le ministère": never an English rule
        found.extend(in_sentence)
    found = _drop_same_span(found)
    found.extend(_labelled_paragraphs(text, prepared, found))
    found.extend(authored(text, prepared))
    found.extend(_uncued_quotes(text, prepared, found))
    found.sort(key=lambda a: (a.start, a.end))
    found = _join_continued_quotes(found)
    for item in found:
        item.article_id, item.document = article.article_id, article.document
    resolve_speakers(found, prepared, text)
    prepared.mentions = harvest_mentions(prepared)
    return found


_ENTITY_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}


def harvest_mentions(prepared: ArticleText) -> list[Mention]:
    """Named entities of the parsed sentences, with a person's title or apposition as role
    ("President Putin", "the Head of Mission, Andrej Serdjukov")."""
    from claimtrack.speakers import _person_tokens, _role_and_affiliation

    document = prepared.article.document
    mentions: list[Mention] = []
    for sent in prepared.sentences:
        doc = sent.parse
        if doc is None:
            continue
        for ent in doc.ents:
            kind = _ENTITY_KINDS.get(ent.label_)
            if kind is None:
                continue
            if kind != "person":
                mentions.append(Mention(ent.text, _org_kind(ent.text, kind), document))
                continue
            first, last = _person_tokens(ent, doc[:])
            name = doc[first.i : last.i + 1].text
            role = _person_role(doc, first, last, ent)
            affiliation = _role_and_affiliation(role, None)[1] if role else None
            mentions.append(Mention(name, "person", document, role, affiliation))
    return mentions


def _org_kind(name: str, default: str) -> str:
    lower = name.lower()
    if lower in cues().agencies:
        return "agency"
    return default


def _person_role(doc: Doc, first: Token, last: Token, ent: Span) -> str | None:
    titles = cues().person_titles | cues().role_nouns
    left = first.i
    while left > 0 and doc[left - 1].lower_.rstrip(".") in titles and doc[left - 1].text[:1].isupper():
        left -= 1
    if left < first.i:
        return doc[left : first.i].text
    root = last
    if root.dep_ == "appos" and root.head.i < first.i:
        head = root.head
        while (
            head.dep_ == "pobj"
            and head.head.dep_ == "prep"
            and head.head.lower_ == "of"
            and head.head.head.i < head.i
            and head.head.head.pos_ in ("NOUN", "PROPN")
        ):
            head = head.head.head  # "the Head of Mission, Andrej Serdjukov": the role starts at "Head"; in
            # "campaigned for his wife Hillary Clinton" it stops at "wife"
        span = doc[head.left_edge.i : first.i]
        start, end = trim(doc.text, span.start_char, span.end_char)
        text = doc.text[start:end].strip()
        text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
        return text or None
    for child in root.children:
        if child.dep_ == "appos" and child.i > last.i:
            a, b = trim(doc.text, child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text))
            return re.sub(r"^(the|a|an)\s+", "", doc.text[a:b], flags=re.IGNORECASE) or None
    return None


def _drop_same_span(found: list[Attribution]) -> list[Attribution]:
    """One attribution per content span. A nested one stays: in 'the researchers reported that A, and the
    report says that B' the report is B's closer source, and claims take the smallest attribution."""
    kept: list[Attribution] = []
    spans: set[tuple[int, int]] = set()
    for item in sorted(found, key=lambda a: (a.start, -(a.end - a.start))):
        if (item.start, item.end) not in spans:
            spans.add((item.start, item.end))
            kept.append(item)
    return kept


def _sentence_of(prepared: ArticleText, starts: list[int], pos: int) -> Sentence | None:
    """The sentence holding ``pos``; ``starts`` are the sentences' starts (sorted, sentences are disjoint)."""
    i = bisect.bisect_right(starts, pos) - 1
    return prepared.sentences[i] if i >= 0 and pos < prepared.sentences[i].end else None


def _quoted(
    quote: Quote,
    reason: str,
    unit: int,
    sentence: tuple[int, int],
    speaker: Speaker | None = None,
    cue: tuple[int, int] | None = None,
) -> Attribution:
    """A direct quote found by its marks rather than by a cue verb."""
    return Attribution(
        "", "", quote.start, quote.end, "direct", reason, cue=cue, speaker=speaker, unit=unit, sentence=sentence
    )


def _uncued_quotes(text: str, prepared: ArticleText, found: list[Attribution]) -> list[Attribution]:
    """Quotes no cue covers: a continuation of the last quoted speaker, or unattributed when long.

    Linear in the article: quotes are sorted and disjoint, so one sweep over the attributions (by start for
    overlaps, by end for the last one before) serves every quote."""
    extra: list[Attribution] = []
    everything = sorted(found, key=lambda a: a.start)
    reach = list(itertools.accumulate((a.end for a in everything), max, initial=-1))  # reach[i]: max end of [:i]
    starts = [a.start for a in everything]
    by_end = sorted(range(len(everything)), key=lambda i: everything[i].end)
    ended = 0  # everything[by_end[:ended]] end before the current quote
    last_everything = -1  # index in ``everything`` of the last of them with a speaker
    extra_reach = -1
    last_extra: Attribution | None = None  # the last extra with a speaker (every extra ends before this quote)
    sentence_starts = [sent.start for sent in prepared.sentences]
    sentence_words: dict[int, int] = {}
    for quote in prepared.quotes:
        inner_start, inner_end = quote.inner
        words = len(re.findall(r"\w+", text[inner_start:inner_end]))
        overlapped = reach[bisect.bisect_left(starts, quote.end)] > quote.start or extra_reach > quote.start
        if words < 3 or overlapped:
            continue  # extras come from earlier quotes, so they start before this one ends
        sent = _sentence_of(prepared, sentence_starts, quote.start)
        unit = sent.unit if sent else 0
        unit_start = prepared.units[unit][0] if unit < len(prepared.units) else quote.start
        opens_paragraph = _only_space(text, unit_start, quote.start)
        while ended < len(by_end) and everything[by_end[ended]].end <= quote.start:
            if everything[by_end[ended]].speaker is not None:
                last_everything = max(last_everything, by_end[ended])
            ended += 1
        before = [a for a in (last_extra, everything[last_everything] if last_everything >= 0 else None) if a]
        last = max(before, key=lambda a: a.end) if before else None  # the closest speaker before this quote
        if last is not None and last is not last_extra:
            last = _quoted_in_sentence(everything, last_everything, last)
        same_unit = last is not None and last.unit == unit
        next_paragraph = opens_paragraph and last is not None and last.unit == unit - 1
        continues = (
            last is not None
            and (last.kind in ("direct", "mixed") or next_paragraph and _named_person(last))
            and (same_unit or next_paragraph)
        )  # 'Teacher Hamid Afkar said he had fled.' then a paragraph that opens with a quote: his words
        if sent is not None and sent.start not in sentence_words:
            sentence_words[sent.start] = len(re.findall(r"\w+", sent.text))
        sentence_words_here = sentence_words[sent.start] if sent else words
        signed = _DASH_SIGNATURE.match(
            text, quote.end, prepared.units[unit][1] if unit < len(prepared.units) else len(text)
        )
        sentence = (sent.start, sent.end) if sent else (quote.start, quote.end)
        if signed and quote.closed:
            name_start, name_end = signed.span(1)
            name = text[name_start:name_end]
            speaker = Speaker(name_start, name_end, name, name, "person")
            cue = (signed.start(), name_start)
            extra.append(_quoted(quote, "dash-signature", unit, (quote.start, signed.end()), speaker, cue))
        elif continues and words >= 0.5 * sentence_words_here:
            extra.append(_quoted(quote, "continued quote", unit, sentence, last.speaker))
        elif words >= MIN_UNATTRIBUTED_QUOTE_WORDS and opens_paragraph:
            extra.append(_quoted(quote, "unattributed quote", unit, sentence))
        if extra:
            extra_reach = max(extra_reach, extra[-1].end)
            last_extra = extra[-1] if extra[-1].speaker is not None else last_extra
    return extra


def _named_person(item: Attribution) -> bool:
    return item.speaker is not None and item.speaker.kind == "person" and bool(item.speaker.name)


def _quoted_in_sentence(everything: list[Attribution], index: int, last: Attribution) -> Attribution:
    """'"A," said Don Fowler, who has backed Hillary Clinton. "B."': a position inside the cue clause (a relative
    or participle clause after the quote) does not take over the sentence; its quote does."""
    for item in reversed(everything[:index]):
        if item.sentence != last.sentence or item.end > last.start:
            break
        if _opens_a_quote(item) and item.speaker is not None:
            return item
    return last


def _opens_a_quote(item: Attribution) -> bool:
    """A quote its cue follows, which a continued quote can join: '"A," he said.'"""
    return item.reason == "quote-cue" or item.reason == "said-subject" and item.kind == "direct"


_LONGEST_CUE_GAP = 200  # characters between a quote and its continuation: the cue clause, not a paragraph


def _join_continued_quotes(found: list[Attribution]) -> list[Attribution]:
    """'"A," Shah told InsideSources. "B."': the quote that goes on right after its cue is one attribution
    with it, from A to B, as a reader (and PolNeAR) takes it; only the cue lies between the two pieces."""
    joined: list[Attribution] = []
    for item in found:
        previous = joined[-1] if joined else None
        if item.reason == "continued quote" and previous is not None and previous.sentence != item.sentence:
            # a position inside the cue clause ('who has backed X') sits between the quote and its continuation
            previous = next(
                (a for a in reversed(joined) if a.sentence == previous.sentence and _opens_a_quote(a)), previous
            )
        if (
            item.reason == "continued quote"
            and previous is not None
            and _opens_a_quote(previous)
            and previous.speaker is item.speaker
            and previous.unit == item.unit
            and previous.cue is not None
            and previous.end <= previous.cue[0]
            and previous.cue[1] <= item.start
            and item.start - previous.end <= _LONGEST_CUE_GAP
        ):
            previous.gap = previous.gap or (previous.end, item.start)  # one gap: the cue clause's
            previous.end = item.end
            previous.kind = "direct" if previous.kind == item.kind == "direct" else "mixed"
            continue
        joined.append(item)
    return joined


_DASH_SIGNATURE = re.compile(
    r"[ \t\u00a0]*[―—–]+[ \t\u00a0]*([A-Z][\w.'’-]*(?:[ \t\u00a0]+(?:[A-Z][\w.'’-]*|de|la|van|von|da|del)){0,4})"
)
_SPEAKER_LABEL = re.compile(r"([A-Z][A-Za-z.'’-]+(?:[ \t][A-Z][A-Za-z.'’-]+){0,3}):[ \t]+(?=\S)")


_LABEL_LEAD = re.compile(r"[ \t\"“”']*")


class _Spoken:
    """Attributions with a speaker, sorted by start, to ask which cross a span in logarithmic time: one
    check per paragraph over every attribution was quadratic in a long transcript."""

    def __init__(self, found: list[Attribution]) -> None:
        self.items = sorted((a for a in found if a.speaker), key=lambda a: a.start)
        self.starts = [a.start for a in self.items]
        self.reach = list(itertools.accumulate((a.end for a in self.items), max, initial=-1))

    def crossing(self, start: int, end: int) -> bool:
        """Does one overlap [start, end) without lying inside it? Spans asked about must be disjoint and in
        order for the scan inside them to stay linear overall (paragraphs are)."""
        first = bisect.bisect_left(self.starts, start)
        if self.reach[first] > start:
            return True  # starts before the span and reaches into it
        i = first
        while i < len(self.items) and self.starts[i] < end:
            if self.items[i].end > end:
                return True  # starts inside and runs past the end
            i += 1
        return False


def _labelled_paragraphs(text: str, prepared: ArticleText, found: list[Attribution]) -> list[Attribution]:
    """'PENCE: Well, ...' (a transcript) or 'Pence: Flowers won't be at debate' (a headline): the label speaks.

    The label must be in capitals or the name of a person found in the article, so that "Update:" or
    "Photo:" never speak."""
    people = set()
    for sent in prepared.sentences:
        if sent.parse is not None:
            for ent in sent.parse.ents:
                if ent.label_ == "PERSON":
                    people.update(w.lower() for w in ent.text.split())
    extra: list[Attribution] = []
    rivals = _Spoken(found)
    for n, (u_start, u_end) in enumerate(prepared.units):
        lead = _LABEL_LEAD.match(text, u_start, u_end).end() - u_start
        match = _SPEAKER_LABEL.match(text, u_start + lead, u_end)
        if not match:
            continue
        label = match.group(1)
        if label.lower() in cues().furniture_labels:
            continue  # "Credit: Jane Roe/AJC", "Photo: ...": page furniture, whoever the tagger sees in it
        words = label.split()
        shouting = label.isupper() and len(label) >= 3
        known = all(w.lower() in people for w in words)
        if not (shouting or known):
            continue
        start, end = trim(text, match.end(), u_end)
        if end - start < 3 or rivals.crossing(start, end):
            continue  # a report inside the turn ("as the Journal wrote, ...") is nested in it, not a rival
        speaker = Speaker(match.start(1), match.end(1), label, label.title() if shouting else label, "person")
        colon = match.end(1)
        extra.append(
            Attribution(
                "",
                "",
                start,
                end,
                quote_kind(text, start, end, prepared.quotes),
                "speaker-label",
                cue=(colon, colon + 1),
                speaker=speaker,
                unit=n,
                sentence=(u_start, u_end),
            )
        )
    return extra


# ----------------------------------------------------------------- many documents
def prepare_many(documents: list) -> list[tuple[object, ArticleText]]:
    """Every article of several documents (``claims.DocumentInput``), split into paragraphs and sentences."""
    return [(doc, prepare(doc.text, article)) for doc in documents for article in doc.articles]


def _to_parse(prepared: list[tuple[object, ArticleText]]) -> list[Sentence]:
    return [sent for _, p in prepared for sent in p.sentences if needs_parse(sent)]


def sentences_to_parse(prepared: list[tuple[object, ArticleText]]) -> list[str]:
    """The sentences attribution reads with the parser: those with a cue word or a quotation mark."""
    return [sent.text for sent in _to_parse(prepared)]


def attribute_many(
    documents: list, parse: Parse | None = None, prepared: list[tuple[object, ArticleText]] | None = None
) -> list[tuple[object, list[Attribution], list[Mention]]]:
    """Attributions and entity mentions of several documents (``claims.DocumentInput``), per article,
    parsing all their candidate sentences in one batch (``parse``: texts -> Docs, the full pipeline; a caller
    that parsed them already passes its own)."""
    from claimtrack.nlp import parser

    prepared = prepare_many(documents) if prepared is None else prepared
    parse = parse or (lambda texts: parser().pipe(texts, batch_size=128))
    todo = _to_parse(prepared)
    for sent, parsed in zip(todo, parse([s.text for s in todo]), strict=True):
        sent.parse = parsed
    results = []
    author: tuple[str, Attribution] | None = None  # the document's analysis author, if one signed it
    for doc, p in prepared:
        found = attribute_article(doc.text, p)
        if author is not None and author[0] == doc.document:
            resumed = resumed_authored(doc.text, author[1], p)
            if resumed is not None:
                found.append(resumed)
                found.sort(key=lambda a: (a.start, a.end))
        signed = [a for a in found if a.kind == "authored"]
        if signed and (author is None or author[0] != doc.document):
            author = (doc.document, signed[0])
        results.append((doc, found, p.mentions))
        for sent in p.sentences:
            sent.parse = None  # parses are large; keep only what the attributions hold
    return results
