"""Articles -> numeric claims: the figure (from ``numbers``), what it counts, its unit and date.

The figure parser says *how much*; this module reads the words around it with spaCy tags:
the noun phrase after the number ("100 shops and banks"), a passive or reduced participle
("were looted", "posted"), an adjective that counts people ("a thousand wounded"), or, when
nothing follows, the noun before ("the death toll rose to 45").
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Token

from claimtrack.asof import ArticleDates, SentenceDates, article_dates
from claimtrack.dates import MONTHS, WEEKDAYS
from claimtrack.lexicon import lexicon
from claimtrack.nlp import Parse, singular_noun
from claimtrack.numbers import NumberMention, find_figures, might_hold_a_figure
from claimtrack.segment import Article

EXTRACTED_KINDS = ("headline", "body", "caption")
_AUX_OR_ADV = {"AUX", "ADV", "PART"}
_OPINION_VERBS = frozenset("expect forecast predict estimate anticipate project say see polled survey".split())
_LEFT_LINKS = frozenset(
    """of at to by was were is are be been reached totaled totalled stood stands rose risen fell climbed hit numbered
    around about over has have had jumped grew increased dropped declined""".split()
)


@dataclass
class Description:
    """What a figure counts: the noun phrase, the unit, a factor for the value, and whether it is a figure at all."""

    counted: str | None
    unit: str | None
    scale: float = 1.0  # "three decades" counts 30 years
    keep: bool = True


def claim_id(document: str, sha256: str, start: int, end: int) -> str:
    """Stable across runs and independent of the other documents: the document name, the text's hash
    and the span (the name keeps identical files' claims apart)."""
    key = json.dumps([document, sha256, start, end])  # JSON: no name can run into the next field
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _singular(token: Token) -> str:
    """The singular of a counted noun, hyphenated compounds whole ("sign-ups" -> "sign-up")."""
    doc = token.doc
    word = token.text.lower()
    prefix = ""
    if token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].is_alpha:
        prefix = f"{doc[token.i - 2].text.lower()}-"
    if token.tag_ in ("NNS", "NNPS") or (token.pos_ == "PROPN" and word.endswith("s")):
        return prefix + singular_noun(word)
    return prefix + (word if prefix else token.lemma_.lower())


# A unit is a currency code or a (possibly hyphenated or two-word) noun; a handle or a clitic is not.
_WORDLIKE_UNIT = re.compile(r"[A-Z]{3}|[^\W\d_]+(?:[ -][^\W\d_]+)*")
_WORD_AFTER = re.compile(r"\s*(?:de\s+|d['’])?([^\W\d_]+)")
MAX_SENTENCE_CHARS = 5_000  # a longer "sentence" (a table, a list of numbers) is stored as this much around a claim


def _unit_of_noun(token: Token) -> tuple[str | None, float]:
    lx = lexicon()
    word = token.text.lower()
    lemma = token.lemma_.lower()
    if word in lx.time_units:
        return lx.time_units[word], float(lx.time_multipliers.get(word, 1))
    if word in lx.person_nouns or lemma in lx.person_nouns or word.endswith(lx.person_suffixes):
        return "person", 1.0
    if token.text[:1].isupper() and (token.tag_ == "NNPS" or (token.pos_ == "PROPN" and word.endswith("s"))):
        return "person", 1.0  # demonyms: "millions of Uyghurs", "5,000 Russians"
    singular = _singular(token)
    unit = lx.normalise.get(singular, singular)
    return (unit or None), 1.0


def _phrase(tokens: list[Token]) -> str:
    text = " ".join(t.text if t.pos_ == "PROPN" else t.text.lower() for t in tokens)
    return re.sub(r"\s*-\s*", "-", text)  # "sign-ups", not "sign - ups"


def _noun_phrase_after(tokens: list[Token]) -> tuple[list[Token], Token | None, int]:
    """Modifiers and nouns right after the figure, with coordination ("shops and banks")."""
    phrase: list[Token] = []
    head: Token | None = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.lower_ in TIME_WORDS:
            break  # "1,250 flights yesterday": the day, not what is counted
        if tok.pos_ in ("NOUN", "PROPN"):
            phrase.append(tok)
            head = tok
        elif tok.pos_ == "ADJ" or (tok.tag_ in ("VBN", "VBG") and nxt is not None and nxt.pos_ in ("NOUN", "ADJ")):
            if head is not None:
                break
            phrase.append(tok)
        elif tok.text == "-" and phrase and nxt is not None and nxt.is_alpha:
            phrase.extend((tok, nxt))  # "battery-electric cars", "state-owned banks"
            i += 2
            continue
        elif tok.lower_ in ("and", "or", "&") and head is not None and nxt is not None and nxt.pos_ == "NOUN":
            phrase.append(tok)
        else:
            break
        i += 1
    if head is None:
        return [], None, 0
    rest = tokens[len(phrase) :]
    verb = next((t for t in rest[:3] if t.pos_ != "AUX"), None)
    passive = any(t.pos_ == "AUX" and t.lemma_ == "be" for t in rest[:2])  # "runners are expected to run"
    if verb is not None and verb.pos_ == "VERB" and verb.lemma_.lower() in _OPINION_VERBS and not passive:
        return [], None, 0  # "190,000 economists had expected": the noun is the next clause's subject
    while phrase and phrase[-1].pos_ not in ("NOUN", "PROPN"):
        phrase.pop()
    first_head = next((t for t in phrase if t.pos_ in ("NOUN", "PROPN")), head)
    # the head is the last noun of the first conjunct: "former Soviet republics", "shops (and banks)"
    for t in phrase:
        if t.lower_ in ("and", "or", "&"):
            break
        if t.pos_ in ("NOUN", "PROPN"):
            first_head = t
    return phrase, first_head, len(phrase)


def _participle_after(tokens: list[Token]) -> Token | None:
    """'were looted', 'have been arrested', 'having been posted', 'posted': the verb that says what happened."""
    for tok in tokens[:4]:
        if tok.tag_ == "VBN" and tok.pos_ == "VERB":
            return tok
        if tok.pos_ in _AUX_OR_ADV or tok.lower_ in ("having", "being", "been"):
            continue
        break
    return None


_PLACE_PREPOSITIONS = frozenset("along across near at in on inside outside around throughout within".split())


def _place_after(participle: Token) -> str:
    """' along Ukrainian border' in 'soldiers posted along the Ukrainian border': where it happened, up to a noun."""
    doc = participle.doc
    i = participle.i + 1
    if i >= len(doc) or doc[i].lower_ not in _PLACE_PREPOSITIONS:
        return ""
    words = [doc[i].lower_]
    for tok in doc[i + 1 : i + 6]:
        if tok.pos_ == "DET":
            continue
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN"):
            return ""
        words.append(tok.text if tok.pos_ == "PROPN" else tok.lower_)
        if tok.pos_ in ("NOUN", "PROPN") and not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in ("NOUN", "PROPN")):
            generic = words[0] in ("in", "at", "on") and tok.pos_ != "PROPN"  # "in connection", "on trial"
            when = tok.lower_ in MONTHS or tok.lower_ in WEEKDAYS  # "on Sunday" is a date, not a place
            return "" if generic or when else " " + " ".join(words)
    return ""


def _noun_before(tokens: list[Token]) -> list[Token]:
    """'the death toll rose to 45', 'revenue of $5bn': the noun the figure is a value of."""
    i = len(tokens) - 1
    links = 0
    while i >= 0 and tokens[i].lower_ in _LEFT_LINKS and links < 3:
        i -= 1
        links += 1
    if links == 0 or i < 0 or tokens[i].pos_ != "NOUN" or not tokens[i].is_alpha:
        return []
    j = i
    while j - 1 >= 0 and tokens[j - 1].pos_ in ("NOUN", "ADJ") and i - j < 3:
        j -= 1
    return tokens[j : i + 1]


def _people_total_in_clause(tokens: list[Token]) -> list[Token]:
    """'The death toll from the earthquake rose to 45', 'the number of injured reached 310': a total of
    people named earlier in the clause."""
    lx = lexicon()
    for i in range(len(tokens) - 1, max(-1, len(tokens) - 25), -1):
        if tokens[i].is_punct and tokens[i].text in ",;:()":
            break
        if (
            tokens[i].lower_ in lx.person_adjectives
            and i >= 2
            and tokens[i - 1].lower_ == "of"
            and tokens[i - 2].lower_ in ("number", "count", "total")
        ):
            return tokens[i - 2 : i + 1]
        if tokens[i].lower_ in lx.people_totals:
            j = i - 1 if i > 0 and tokens[i - 1].pos_ == "NOUN" else i
            return tokens[j : i + 1]
    return []


def _skip_partitive(after: list[Token]) -> list[Token]:
    """'12 of its last 15 league games', 'a third of scheduled flights': the counted noun comes after 'of' and
    its determiners."""
    if not after or after[0].lower_ != "of":
        return after
    i = 1
    while i < len(after) and (
        after[i].pos_ in ("DET", "PRON", "NUM", "PART")
        or after[i].lower_ in ("last", "first", "next")
        or (after[i].pos_ in ("PROPN", "NOUN") and i + 1 < len(after) and after[i + 1].tag_ == "POS")  # "Peru's 25"
    ):
        i += 1
    modifier = i + 1 < len(after) and after[i].tag_ in ("VBN", "VBG") and after[i + 1].pos_ == "NOUN"
    return after[i:] if i < len(after) and (after[i].pos_ in ("NOUN", "ADJ", "PROPN") or modifier) else after


def _is_age_apposition(mention: NumberMention, before: list[Token], after: list[Token]) -> bool:
    """'Messi, 36, ...': a bare whole number set off by commas right after a name is an age."""
    if mention.qualifier != "exact" or mention.value is None or not 1 <= mention.value <= 120:
        return False
    if len(before) < 2 or before[-1].text != "," or not before[-2].text[:1].isupper():
        return False
    return not after or after[0].text in (",", ".", ";", ")")


def _person_state_after(after: list[Token]) -> Token | None:
    """'a thousand wounded', 'dozens more missing', '12 were hurt', 'four others killed'."""
    lx = lexicon()
    for tok in after[:3]:
        if tok.lower_ in lx.person_adjectives or (tok.tag_ == "VBN" and tok.lower_ in lx.person_nouns):
            return tok
        if not (tok.pos_ in ("AUX", "ADV") or tok.lower_ in ("more", "others", "other", "still")):
            return None
    return None


def describe(mention: NumberMention, doc: Doc) -> Description:
    """What a figure counts and in which unit, from the tagged sentence it sits in."""
    lx = lexicon()
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return Description(None, mention.unit)
    after, before = list(doc[span.end :]), list(doc[: span.start])
    if before and before[-1].lower_ in lx.unit_before:  # "a magnitude 6.8 quake"
        unit = lx.unit_before[before[-1].lower_]
        return Description(unit, unit)
    if mention.attached_noun:  # "a 55-year man", "a 10-day mission", "a two-year contract"
        word = mention.attached_noun
        unit = lx.time_units.get(word) or lx.normalise.get(word, word)
        return Description(word, unit, float(lx.time_multipliers.get(word, 1)))
    if mention.unit in lx.iso_codes or mention.unit in ("percent", "percentage point", "basis point"):
        left = _noun_before(before)  # "revenue of $4.5 billion", "a stake of 12%"
        if left:
            return Description(_phrase(left), mention.unit)
    after = after if mention.qualifier == "vague" else _skip_partitive(after)
    phrase, head, used = _noun_phrase_after(after)
    if head is not None and head.lower_ in lx.level_nouns:  # "crossed the 200 threshold": a level, not a noun counted
        phrase, head, used = [], None, 0
    if head is not None:
        unit, scale = _unit_of_noun(head)
        idiom = head.lower_ in lx.not_counted_after_vague
        if mention.needs_noun and (unit in set(lx.time_units.values()) or unit is None or idiom):
            return Description(None, None, keep=False)  # "a few days", "several times": not a figure
        counted = _phrase(phrase)
        participle = _participle_after(after[used:])
        if participle is not None:
            counted = f"{counted} {participle.text.lower()}{_place_after(participle)}"
        return Description(counted, mention.unit or unit, scale if mention.unit is None else 1.0)
    state = _person_state_after(after)
    if state is not None:
        return Description(state.lower_, mention.unit or "person")
    if mention.needs_noun:
        return Description(None, None, keep=False)
    if _is_age_apposition(mention, before, after):
        return Description("age", "year")  # "LeBron James, 39, scored"
    verb = next((t for t in reversed(before[-2:]) if t.pos_ == "VERB"), None)
    if verb is not None and verb.lemma_.lower() in lx.person_verbs and mention.unit is None:
        return Description(f"people {verb.lower_}", "person")  # "the attack killed 12", "arrested 45"
    total = _people_total_in_clause(before)
    if total and mention.unit is None:
        return Description(_phrase(total), "person")
    if mention.qualifier == "vague" and mention.unit is None:
        return Description(None, "person")  # "thousands fled", "tens of thousands protest": bare amounts are people
    left = _noun_before(before)
    if left:
        head = left[-1]
        countable = head.tag_ == "NNS" and mention.unit is None  # "cases has climbed to 1,345"
        return Description(_phrase(left), mention.unit or (_unit_of_noun(head)[0] if countable else None))
    return Description(None, mention.unit)


def _scaled(mention: NumberMention, factor: float) -> NumberMention:
    if factor == 1.0:
        return mention

    def times(x: float | None) -> float | None:
        return None if x is None else x * factor

    return replace(mention, value=times(mention.value), low=times(mention.low), high=times(mention.high))


def _simple_description(mention: NumberMention, sentence: str) -> Description:
    """For blocks not in English: the word after the figure, no tagging (the English model would guess)."""
    lx = lexicon()
    m = _WORD_AFTER.match(sentence, mention.end)  # at the figure's end: no copy of the rest per figure
    word = m.group(1).lower() if m else None
    if mention.unit or word is None:
        return Description(word, mention.unit, keep=not mention.needs_noun or word is not None)
    unit = "person" if word in lx.person_nouns else lx.time_units.get(word, word)
    return Description(word, unit)


@dataclass
class _Sentence:
    article: Article
    block_kind: str
    language: str
    start: int  # offset of the sentence in the document
    text: str
    mentions: list[NumberMention]
    previous: str = ""  # the sentence right before it in its article ("In 2012, ..." before "At the time, ...")


_STYLE_RULE = re.compile(r"\{[^{}]*:[^{}]*\}|@media\b")


def _prose(sentence: str) -> bool:
    """Words someone reads: not a line of digits and stamps ("11, 202302:50", "1694279958") nor a style
    sheet a crawler kept (".layout-ratio{ padding-bottom: 79.13%; }")."""
    return any(c.isalpha() for c in sentence) and not _STYLE_RULE.search(sentence)


def _sentences(text: str, articles: Iterable[Article]) -> Iterable[_Sentence]:
    from claimtrack.nlp import sentence_spans

    for article in articles:
        previous = ""
        for block in article.blocks:
            if block.kind not in EXTRACTED_KINDS:
                continue
            block_text = text[block.start : block.end]
            if not might_hold_a_figure(block_text):
                previous = ""
                continue
            for sent_start, sent_end in sentence_spans(block_text):
                sent_text = block_text[sent_start:sent_end]
                stripped = sent_text.strip()
                if not stripped:
                    continue
                start = block.start + sent_start + (len(sent_text) - len(sent_text.lstrip()))
                mentions = find_figures(stripped, block.language) if _prose(stripped) else []
                if mentions:
                    yield _Sentence(article, block.kind, block.language, start, stripped, mentions, previous)
                previous = stripped


def _sentence_around(sent: _Sentence, start: int, end: int) -> str:
    """The claim's sentence; of one longer than MAX_SENTENCE_CHARS, the MAX_SENTENCE_CHARS around the claim
    (``start``, ``end`` in the document): every claim of a sentence of a million numbers copying all of it
    would make the table grow with the square of the text."""
    if len(sent.text) <= MAX_SENTENCE_CHARS:
        return sent.text
    half = max(0, MAX_SENTENCE_CHARS - (end - start)) // 2
    return sent.text[max(0, start - sent.start - half) : end - sent.start + half]


@dataclass
class DocumentInput:
    """What extraction needs of one document: its name, hash, text and articles."""

    document: str
    sha256: str
    text: str
    articles: list[Article]


FigureSentences = list[tuple[DocumentInput, _Sentence]]


def figure_sentences(documents: list[DocumentInput]) -> FigureSentences:
    """Every sentence of several documents that holds a figure, with its document."""
    return [(doc, sent) for doc in documents for sent in _sentences(doc.text, doc.articles)]


def _taggable(work: FigureSentences) -> list[int]:
    from claimtrack.nlp import MAX_TAGGED_CHARS

    return [i for i, (_, sent) in enumerate(work) if sent.language == "en" and len(sent.text) <= MAX_TAGGED_CHARS]


def sentences_to_tag(work: FigureSentences) -> list[str]:
    """The figure sentences extraction reads with tags: English ones of sentence length."""
    return [work[i][1].text for i in _taggable(work)]


def extract_many(
    documents: list[DocumentInput],
    tag: Parse | None = None,
    work: FigureSentences | None = None,
) -> list[dict]:
    """Claims of several documents, tagging all their figure sentences in one batch (much faster than one by one).
    ``tag`` (texts -> Docs) may be a full parse a caller shares with attribution: only tags and lemmas are read."""
    from claimtrack.nlp import tagger

    work = figure_sentences(documents) if work is None else work
    english = _taggable(work)
    pipe = tag or (lambda texts: tagger().pipe(texts, batch_size=256))
    tagged = dict(zip(english, pipe([work[i][1].text for i in english]), strict=True))
    rows: list[dict] = []
    dated: dict[str, ArticleDates] = {}
    for i, (doc, sent) in enumerate(work):
        spacy_doc = tagged.get(i)
        described = []
        for mention in sent.mentions:
            info = describe(mention, spacy_doc) if spacy_doc is not None else _simple_description(mention, sent.text)
            if info.keep:
                described.append((mention, info))
        if not described:
            continue
        article = sent.article
        if article.article_id not in dated:  # once per article: its date, the event's and the story's day
            dated[article.article_id] = article_dates(doc.text, article)
        dates = SentenceDates.read(sent.text, dated[article.article_id], sent.previous)  # once per sentence
        for mention, info in _carry_units(described, sent.text):
            figure = _scaled(mention, info.scale)
            start, end = sent.start + figure.start, sent.start + figure.end
            as_of = dates.figure(figure.start, figure.end, info.unit)
            rows.append(_row(doc.document, doc.sha256, doc.text, sent, figure, info, start, end, as_of))
    return rows


TOTAL_WORDS = frozenset({"total", "tally", "sum", "number", "count"})  # "a total of 5,000": counts what came before
TIME_WORDS = frozenset({"yesterday", "today", "tonight", "tomorrow", "overnight", *(d.lower() for d in WEEKDAYS)})


def _carry_units(
    described: list[tuple[NumberMention, Description]], text: str
) -> list[tuple[NumberMention, Description]]:
    """'15 million users, up from 13 million': a figure with no noun of its own counts what the one before it
    counts, as does 'a total of 5,000'. After a fraction ('a third of scheduled flights') that is the
    fraction's noun, not its percent: 'and delayed another 1,700' counts flights."""
    time_units = set(lexicon().time_units.values())
    out: list[tuple[NumberMention, Description]] = []
    last: Description | None = None
    for mention, info in described:
        if last is not None and info.unit is None and (info.counted is None or info.counted in TOTAL_WORDS):
            info = replace(info, unit=last.unit, counted=last.counted if info.counted is None else info.counted)
        if info.unit is not None and info.unit not in time_units:
            last = info
            if info.unit == "percent" and not re.search(r"\d", text[mention.start : mention.end]):
                noun = (info.counted or "").split()
                last = replace(info, unit=singular_noun(noun[-1])) if noun else None
        out.append((mention, info))
    return out


def extract_claims(document: str, sha256: str, text: str, articles: list[Article]) -> list[dict]:
    """Every numeric claim of one document, as rows of the ``claims`` table."""
    return extract_many([DocumentInput(document, sha256, text, articles)])


def _row(
    document: str,
    sha256: str,
    text: str,
    sent: _Sentence,
    figure: NumberMention,
    info: Description,
    start: int,
    end: int,
    as_of: tuple[date | None, str],
) -> dict:
    return {
        "claim_id": claim_id(document, sha256, start, end),
        "article_id": sent.article.article_id,
        "document": document,
        "doc_start": start,
        "doc_end": end,
        "surface": text[start:end],
        "sentence": _sentence_around(sent, start, end),
        "value": figure.value,
        "low": figure.low,
        "high": figure.high,
        "qualifier": figure.qualifier,
        "unit": info.unit if info.unit and _WORDLIKE_UNIT.fullmatch(info.unit) else None,
        "counted": info.counted,
        "as_of": as_of[0],
        "as_of_basis": as_of[1],
        "source": None,
        "via": None,
        "expert": None,
        "block_kind": sent.block_kind,
        "language": sent.language,
        "attribution_reason": None,
        "quote_id": None,
    }
