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
Then speakers are resolved inside the article only: "he"/"she" to the last named person,
"this specialist researcher" to the person just quoted (and kept as a role), "the ministry"
to the last organisation of that kind. A speaker nobody can resolve stays as written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from claimtrack.cues import authored_by, cues, might_attribute, source_phrase
from claimtrack.entities import Mention
from claimtrack.quotemarks import Quote, pair_paragraphs
from claimtrack.segment import Article
from claimtrack.speakers import PERSON_PRONOUNS, Speaker, analyse, trim

PARSED_KINDS = ("headline", "body", "caption")
MAX_PARSED_CHARS = 3_000
ESTIMATE_VERBS = {
    "estimate",
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
TOPIC_VERBS = {"brag", "boast", "tout", "complain", "highlight", "mention"}  # the figure may sit after about/of/on
# "Trump's claim that there have been thousands of shootings", "the IMF's forecast of 3.1 percent": the owner speaks.
APPEAL_VERBS = {"call", "urge", "ask", "appeal", "invite", "encourage", "press", "tell"}
MIN_UNATTRIBUTED_QUOTE_WORDS = 8  # a quote without a cue and no one before it is kept only when this long
FUTURE_MODALS = {"will", "'ll", "’ll", "shall"}
CONTRASTS = ("while", "but", "whereas", "although", "though", "yet", "however")  # what follows is not the speaker's
AUTHOR_LINE_WITHIN = 0.5  # share of an article (from its start) where 'Analysis of X, ...' names the author


@dataclass
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


def quote_id(sha256: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{sha256}:q:{start}:{end}".encode()).hexdigest()[:16]


# ----------------------------------------------------------------- text units
def units_of(text: str, article: Article) -> list[tuple[int, int]]:
    """Paragraphs to read; a body paragraph that stops without final punctuation runs into the next one."""
    blocks = [b for b in article.blocks if b.kind in PARSED_KINDS]
    units: list[tuple[int, int]] = []
    joinable = False
    for block in blocks:
        if units and joinable and block.kind == "body":
            units[-1] = (units[-1][0], block.end)
        else:
            units.append((block.start, block.end))
        tail = text[block.start : block.end].rstrip()
        joinable = block.kind == "body" and bool(tail) and tail[-1] not in '.!?:;"”»)…]' and len(tail) > 40
    return units


def prepare(text: str, article: Article) -> ArticleText:
    from claimtrack.nlp import sentencizer

    units = units_of(text, article)
    prepared = ArticleText(article, units, quotes=pair_paragraphs(text, units))
    nlp = sentencizer()
    for n, (u_start, u_end) in enumerate(units):
        for sent in nlp(text[u_start:u_end]).sents:
            s, e = trim_space(sent.text)
            if s < e:
                start = u_start + sent.start_char + s
                prepared.sentences.append(Sentence(start, start + e - s, sent.text[s:e], n))
    return prepared


def trim_space(text: str) -> tuple[int, int]:
    return len(text) - len(text.lstrip()), len(text.rstrip())


def needs_parse(sentence: Sentence) -> bool:
    return len(sentence.text) <= MAX_PARSED_CHARS and might_attribute(sentence.text)


# ----------------------------------------------------------------- one sentence
def _span_chars(tokens: Iterable[Token]) -> tuple[int, int]:
    tokens = list(tokens)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree(token: Token, skip: Token | None = None) -> tuple[int, int]:
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
    return _span_chars(doc[left : right + 1])


def _speaker_tokens(subject: Token) -> Span:
    """The subject phrase as written, appositions and relative clauses included
    ("Ronald R. Fieldstone, a Miami lawyer who has ...": the name is picked out later)."""
    doc = subject.doc
    left, right = subject.left_edge.i, subject.right_edge.i
    while left > 0 and doc[left - 1].dep_ == "nsubj" and doc[left - 1].head.i == subject.head.i:
        left = doc[left - 1].left_edge.i  # "The ex-military": the tokenizer split one subject in three
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left : right + 1]


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "expl")]
    if subjects:
        closest = subjects[-1] if subjects[-1].i < verb.i else subjects[0]
        return closest if closest.dep_ == "nsubj" else None
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head) if verb.dep_ != "advcl" or verb.tag_ == "VBG" else None
    return None


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
        and not text[quote.end : sent.start].strip()
        and (text[quote.end - 2 : quote.end - 1] in ("?", "!"))
    )


def _trailing_participle(token: Token) -> bool:
    """'..., Trump said, smiling': a manner after a comma, not what was said."""
    return token.tag_ == "VBG" and token.i > 0 and token.doc[token.i - 1].text == ","


def _quote_touching(quotes: list[Quote], left: int, right: int, text: str) -> Quote | None:
    """A closed quote that ends at ``left`` or starts at ``right`` with only spaces and punctuation between."""
    for quote in quotes:
        if quote.end <= left and not re.search(r"[A-Za-z0-9]", text[quote.end : left]):
            return quote
        if quote.start >= right and not re.search(r"[A-Za-z0-9.!?]", text[right : quote.start]):
            return quote
    return None


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
    while j < len(doc) and doc[j].lower_ != "that":
        if doc[j].is_punct and doc[j].text not in "()-’'":
            apposition = doc[j].text == "," and j + 1 < len(doc) and doc[j + 1].lower_ in ("a", "an", "the", "who")
            if not apposition:
                break
        if doc[j].text == "(":
            while j < len(doc) and doc[j].text != ")":
                j += 1
        j += 1
    if j <= i or j - i > 15:
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
    inside = [q.inner for q in quotes if q.closed and q.start < sent.end and q.end > sent.start]
    for token in doc:
        if token.i in used:
            continue
        position = sent.start + token.idx
        if any(a <= position < b for a, b in inside):
            continue  # "I think" inside a quote belongs to the quote, not to the article's voice
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            item = _according_to(token, sent)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in cues().noun_cues:
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
    found.extend(_named_document(sent, found, quotes, text))
    found.extend(_trailing_participle_cue(sent, found))
    found.extend(_cue_that_by_surface(sent, found, text))
    return _stop_at_next_speaker(sent, _set_off_by_punctuation(sent, found))


_TRAILING_CUE = re.compile(
    r",\s+(?:also\s+)?(?P<cue>adding|explaining|noting|saying|arguing|insisting|warning|stressing|claiming|"
    r"suggesting|estimating|predicting)\s+(?:that\s+)?(?=\S)"
)


def _trailing_participle_cue(sent: Sentence, found: list[Attribution]) -> list[Attribution]:
    """'Stumpf tried to make the case ..., explaining the firings amounted to 1 percent': the clause after a
    participle cue is said by the sentence's subject, whatever the tagger made of the participle."""
    if sent.parse is None:
        return []
    extra: list[Attribution] = []
    for match in _TRAILING_CUE.finditer(sent.text):
        cue = (sent.start + match.start("cue"), sent.start + match.end("cue"))
        if any(a.cue is not None and _overlaps(a.cue, cue) for a in found):
            continue
        roots = [t for t in sent.parse if t.dep_ == "ROOT" and t.idx < match.start()]
        subject = _subject(roots[0]) if roots else None
        if subject is None or subject.idx > match.start():
            continue
        speaker = _doc_speaker(_speaker_tokens(subject), sent)
        if speaker is None or not _speaks(speaker) or speaker.kind == "pronoun" and speaker.head == "you":
            continue
        start, end = trim(sent.text, match.end(), len(sent.text))
        if len(re.findall(r"\w+", sent.text[start:end])) >= 3:
            extra.append(_indirect(sent, (sent.start + start, sent.start + end), "said-participle", cue, speaker))
    return extra


def _named_document(sent: Sentence, found: list[Attribution], quotes: list[Quote], text: str) -> list[Attribution]:
    """'In the latest Gallup poll, Clinton leads by 4 points' / '300,000 acres were damaged, by one estimate' /
    'By Trump's own admission, ...': the poll, estimate or owner of the count is the source of the sentence.
    A possessive pronoun owner ('In his report, ...') is left to the sentence's own cue, if any."""
    match = source_phrase(sent.text)
    if match is None or sent.parse is None:
        return []
    group = "lead" if match.group("lead") else "by"
    left, right = match.span(group)
    phrase_text = match.group(group)
    if re.match(r"(?i)(his|her|its|their|our|my|your)\b", phrase_text):
        return []
    owner = re.match(r"(.+?)['’]s?\s", phrase_text)
    if owner and owner.group(1)[:1].isupper():
        right = left + len(owner.group(1))  # "Trump's own admission": Trump
    phrase = sent.parse.char_span(left, right, alignment_mode="expand")
    speaker = _doc_speaker(phrase, sent) if phrase is not None else None
    if speaker is None or speaker.kind == "pronoun":
        return []
    keyword = re.match(r"\W*(\w+)", sent.text[match.start() :])
    cue = (sent.start + match.start() + keyword.start(1), sent.start + match.start() + keyword.end(1))
    if any(a.cue is not None and _overlaps(a.cue, (cue[0], sent.start + right)) for a in found):
        return []
    if group == "lead":
        participle = re.match(r"\w+ed\b[^,;]{0,60},\s+", sent.text[match.end() :])  # ", conducted in May,"
        content = trim(sent.text, match.end() + (participle.end() if participle else 0), len(sent.text))
    else:
        content = (
            trim(sent.text, 0, match.start())
            if match.start() > len(sent.text) / 2
            else trim(sent.text, match.end(), len(sent.text))
        )
    start, end = content
    if end - start < 3:
        return []
    reason = "named-document" if group == "lead" else "by-count"
    item = _indirect(sent, (sent.start + start, sent.start + end), reason, cue, speaker)
    for quote in quotes:  # 'by this finding: "27 companies ..."': the whole quote, marks included
        if quote.closed and quote.start <= item.end and item.start <= quote.end:
            item.start, item.end = min(item.start, quote.start), max(item.end, quote.end)
    item.kind = _kind(text, item.start, item.end, quotes)
    return [item]


def _stop_at_next_speaker(sent: Sentence, found: list[Attribution]) -> list[Attribution]:
    """'X estimates A; the Center for Y puts the figure at B': a report that ran to the sentence end stops at
    the semicolon that opens another speaker's report (a semicolon between items of one list does not)."""
    for item in found:
        for other in found:
            if other is item or other.speaker is None or not item.start < other.speaker.start < item.end:
                continue
            lead = sent.text[: other.speaker.start - sent.start]
            semicolon = lead.rstrip().rfind(";")
            if semicolon >= 0 and not lead[semicolon + 1 :].strip() and item.start < sent.start + semicolon:
                item.end = sent.start + semicolon
    return found


_SET_OFF_SPEAKER = (
    r"(?:[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|the|de|van|von|der)){0,5}"
    r"|(?:the|a|an|this|that)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?|he|she|they|it|officials|experts|analysts)"
)


def _finite_forms(lemmas: frozenset[str]) -> list[str]:
    """Third-person and past forms of these cue verbs ('says', 'charged', 'said'), longest first."""
    c = cues()
    past = {form for form, lemma in c.lemma_of.items() if form in c.irregular_past}
    return sorted(
        (f for f, lemma in c.lemma_of.items() if lemma in lemmas and (f.endswith(("ed", "s")) or f in past)),
        key=len,
        reverse=True,
    )


@cache
def _set_off_pattern() -> re.Pattern[str]:
    """', Stumpf explained earlier in the committee hearing, ': a speaker and a postposed cue verb between
    commas (or dashes), with at most a short adverbial after the verb."""
    forms = _finite_forms(cues().postposed)
    return re.compile(
        rf"[,—–]\s*(?P<speaker>{_SET_OFF_SPEAKER})\s+(?:also\s+|later\s+|then\s+)?(?P<cue>{'|'.join(forms)})"
        r"(?P<tail>\s+[^,;:.!?\"“”«»()]{1,60}?)?\s*[,—–]\s+(?=\S)"
    )


@cache
def _that_clause_pattern() -> re.Pattern[str]:
    """'Trump charges that ...' at a clause start: a named speaker, a finite cue verb and 'that'."""
    forms = _finite_forms(cues().verbs)
    return re.compile(
        rf"(?:^|[,;:]\s+|\b(?:and|but|while)\s+)(?P<speaker>{_SET_OFF_SPEAKER})\s+(?:also\s+|again\s+)?"
        rf"(?P<cue>{'|'.join(forms)})\s+that\s+(?=\S)"
    )


def _cue_that_by_surface(sent: Sentence, found: list[Attribution], text: str) -> list[Attribution]:
    """'Trump charges that countries donated millions': the that-clause is the speaker's even when the tagger
    reads 'charges' as a noun. Only where the parse found no attribution with that cue."""
    if sent.parse is None:
        return []
    extra: list[Attribution] = []
    for match in _that_clause_pattern().finditer(sent.text):
        cue = (sent.start + match.start("cue"), sent.start + match.end("cue"))
        if any(a.cue is not None and _overlaps(a.cue, cue) for a in found):
            continue
        phrase = sent.parse.char_span(*match.span("speaker"), alignment_mode="expand")
        speaker = _doc_speaker(phrase, sent) if phrase is not None else None
        if speaker is not None and speaker.kind == "description" and _written_as_a_name(speaker.text, text):
            speaker = replace(speaker, name=speaker.text, kind="organisation")  # resolved to a person later if one
        if speaker is None or not _speaks(speaker) or speaker.kind == "pronoun":
            continue
        start, end = trim(sent.text, match.end() - len("that "), len(sent.text))
        if len(re.findall(r"\w+", sent.text[start:end])) >= 4:
            extra.append(_indirect(sent, (sent.start + start, sent.start + end), "said-that", cue, speaker))
    return extra


def _written_as_a_name(phrase: str, text: str) -> bool:
    """Every word capitalised, and written so inside a sentence somewhere in the text: a name the tagger missed
    ('Trump charges that ...'), not a common noun that opens a sentence ('Officials charge that ...')."""
    words = phrase.split()
    if not words or len(words) > 4 or not all(w[:1].isupper() for w in words):
        return False
    return bool(re.search(rf"[a-z,;]\s+{re.escape(phrase)}\b", text))


def _set_off_by_punctuation(sent: Sentence, found: list[Attribution]) -> list[Attribution]:
    """'These employees, Stumpf explained earlier in the hearing, were well paid' and 'A, the agency said in a
    June report, and B': the whole sentence is reported, whatever the tagger made of the clause (it often reads
    the cue as the main verb). A cue the parse already used is only widened to the whole sentence."""
    for match in _set_off_pattern().finditer(sent.text):
        before, after = sent.text[: match.start()], sent.text[match.end() :]
        if len(re.findall(r"\w+", before)) < 2 or len(re.findall(r"\w+", after)) < 3:
            continue
        if re.match(rf"(?i)({'|'.join(CONTRASTS)})\b", after):
            continue
        cue = (sent.start + match.start("cue"), sent.start + match.end("cue"))
        same = [a for a in found if a.cue is not None and _overlaps(a.cue, cue)]
        if same:
            for item in same:
                if item.kind == "indirect":
                    item.start, item.end = trim(sent.text, 0, len(sent.text))[0] + sent.start, sent.end
            continue
        if sent.parse is None:
            continue
        phrase = sent.parse.char_span(*match.span("speaker"), alignment_mode="expand")
        speaker = _doc_speaker(phrase, sent) if phrase is not None else None
        if speaker is None or not _speaks(speaker):
            continue
        found.append(_indirect(sent, (sent.start, sent.end), "said-set-off", cue, speaker))
    return found


def _lead_in_by_subject(sent: Sentence, quotes: list[Quote], text: str) -> Attribution | None:
    """'On July 6, 2015, Sanders made the following comment:' with no cue verb: the sentence's subject
    speaks the quote that opens right after the colon."""
    roots = [t for t in sent.parse if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")]
    if not roots or not sent.text.rstrip().endswith(":"):
        return None
    subject = _subject(roots[-1])
    content = _colon_lead_in(roots[-1], sent, quotes, text) if subject is not None else None
    if content is None:
        return None
    speaker = _doc_speaker(_speaker_tokens(subject), sent)
    if speaker is None or speaker.kind not in ("person", "organisation", "outlet", "agency"):
        return None
    colon = sent.start + sent.text.rstrip().rfind(":")
    start, end = content
    return Attribution(
        "",
        "",
        start,
        end,
        _kind(text, start, end, quotes),
        "colon-lead-in",
        cue=(colon, colon + 1),
        speaker=speaker,
        sentence=(sent.start, sent.end),
        unit=sent.unit,
    )


def _doc_speaker(phrase: Span, sent: Sentence, postposed: bool = False) -> Speaker | None:
    speaker = analyse(phrase, sent.text, postposed=postposed)
    if speaker is None:
        return None
    return replace(speaker, start=speaker.start + sent.start, end=speaker.end + sent.start)


def _according_to(token: Token, sent: Sentence) -> Attribution | None:
    to = token.doc[token.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
    if not objects:
        return None
    phrase = _speaker_tokens(objects[0])
    speaker = _doc_speaker(phrase, sent)
    if speaker is None:
        return None
    phrase_start, phrase_end = token.idx, phrase.end_char
    left, right = (0, phrase_start), (phrase_end, len(sent.text))
    words = [len(re.findall(r"\w+", sent.text[a:b])) for a, b in (left, right)]
    content = right if words[1] > words[0] else left
    contrast = re.match(rf"[\s,;]*({'|'.join(CONTRASTS)})\b", sent.text[phrase_end:], re.I)
    if contrast and words[0] >= 3:
        content = left  # "A, according to X, but B": X says A only
    elif min(words) >= 3 and not contrast:
        content = (0, len(sent.text))  # "A, according to X, and B" / "A, according to X, twice B": X says all
    start, end = trim(sent.text, *content)
    if end - start < 3:
        return None
    cue = (sent.start + token.idx, sent.start + to.idx + len(to.text))
    return _indirect(sent, (sent.start + start, sent.start + end), "according-to", cue, speaker)


def _indirect(
    sent: Sentence, content: tuple[int, int], reason: str, cue: tuple[int, int], speaker: Speaker
) -> Attribution:
    """Reported speech found inside one sentence (article fields filled in later)."""
    return Attribution(
        "", "", *content, "indirect", reason, cue=cue, speaker=speaker, sentence=(sent.start, sent.end), unit=sent.unit
    )


def _citing(verb: Token, sent: Sentence) -> Speaker | None:
    """'..., citing the Ministry of Interior' or '..., quoting X': the origin behind the reporter."""
    for token in verb.doc[verb.i + 1 :]:
        if token.lemma_.lower() in cues().citing and token.tag_ == "VBG":
            objects = [c for c in token.children if c.dep_ in ("dobj", "pobj", "attr", "npadvmod", "appos")]
            if objects:
                return _doc_speaker(_speaker_tokens(objects[0]), sent)
            following = verb.doc[token.i + 1 : verb.doc[-1].i + 1]
            if len(following):
                return _doc_speaker(following, sent)
    return None


def _mistagged_postposed_cue(token: Token) -> bool:
    """', remark stone ausor.': machine-translated text leaves cue verbs the tagger reads as nouns."""
    return token.lower_ in cues().postposed and token.i > 0 and token.doc[token.i - 1].text in ',"”»'


def _verb_attribution(
    verb: Token, sent: Sentence, quotes: list[Quote], text: str, force_postposed: bool = False
) -> Attribution | None:
    c = cues()
    lemma = cue_lemma(verb) if not force_postposed else verb.lower_
    subject = None if force_postposed else _subject(verb)
    own_subject = subject is not None and subject.head.i == verb.i
    if not own_subject and not force_postposed and (named := _person_before_participle(verb)) is not None:
        subject, own_subject = named, True  # "footage of Hillary Clinton asking, '...'": she asks, not the ad
    phrase: Span | None = _speaker_tokens(subject) if subject is not None else None
    postposed = None
    if not own_subject or subject.i > verb.i:
        postposed = _postposed_speaker(verb, sent, force_postposed)
    if postposed is not None:
        phrase, subject = postposed, None
    if phrase is None:
        return None
    if any(t.dep_ == "nsubjpass" for t in verb.children) or verb.tag_ == "VBN" and verb.dep_ in ("amod", "acl"):
        return None
    if any(t.dep_ == "aux" and t.lower_ in FUTURE_MODALS for t in verb.children):
        return None  # "the candidate will announce plans": nothing has been said yet
    in_sentence = [q for q in quotes if q.start < sent.end and q.end > sent.start or _asks_before(q, sent, text)]
    clause = _clause(verb)
    cue = (sent.start + verb.idx, sent.start + verb.idx + len(verb.text))
    particle = [ch for ch in verb.children if ch.dep_ == "prt" and ch.i == verb.i + 1]
    if particle:
        cue = (cue[0], sent.start + particle[0].idx + len(particle[0].text))
    speaker_chars = (sent.start + phrase.start_char, sent.start + phrase.end_char)
    content: tuple[int, int] | None = None
    reason = "said-subject"
    if clause is not None:
        content = tuple(x + sent.start for x in _subtree(clause, skip=subject))  # type: ignore[assignment]
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i < clause.i]
        if lemma in APPEAL_VERBS and objects:
            content = (sent.start + verb.idx, content[1])  # "called the public to support ...": the appeal itself
        if clause.i > verb.i and clause.dep_ == "ccomp":
            content = (content[0], sent.end)  # "X said that A, so B": the report runs to the sentence end
        elif clause.i < verb.i and _set_off(verb, phrase):
            content = (sent.start, sent.end)  # "It was, the president said, ''a stone ...''": both sides
        marked = clause.left_edge.i > 0 and clause.doc[clause.left_edge.i].lower_ == "that"
        if lemma in c.clause_only and not marked and clause.i < verb.i:
            content = None  # "the deal, polls show, ..." is fine; a bare clause before "think" is not
    left = min(cue[0], speaker_chars[0])
    right = max(cue[1], speaker_chars[1])
    quote = _quote_touching(in_sentence, left, right, text)
    if quote is not None and quote.closed and (content is None or _overlaps(content, (quote.start, quote.end))):
        content = (quote.start, quote.end)  # the quote is what was said; words around it are the writer's
        following = [q for q in in_sentence if q.start >= right and q is not quote and quote.end <= left]
        if following and not re.search(r"[A-Za-z0-9]", text[right : following[0].start]):
            content = (content[0], following[0].end)  # '"A," he said, "B."': one attribution in two pieces
        reason = "quote-cue"
        lead = text[sent.start : quote.start]
        if quote.end <= left and len(re.findall(r"\w+", lead)) >= 3 and re.search(r"[A-Za-z]\s*$", lead):
            content = (sent.start, content[1])  # 'The four loopholes he cited are “...,” The Hill reported'
    if content is None and postposed is not None:
        content = (sent.start, cue[0])
        reason = "said-after"
    if content is None:
        lead_in = _colon_lead_in(verb, sent, quotes, text)
        if lead_in is not None:
            content, reason = lead_in, "colon-lead-in"
    if (
        content is None
        and lemma in ESTIMATE_VERBS
        and not (verb.tag_ == "VBG" and verb.dep_ in ("acl", "amod", "csubj"))
    ):
        content = _estimated_object(verb, sent)  # not "taxpayers reporting capital gains held for two years"
    if content is None:
        content, reason = _quoted_object(verb, sent) or _parenthetical(verb, phrase, sent) or (None, reason)
    if content is None:
        return None
    start, end = trim(text, *content)
    if end - start < 3:
        return None
    speaker = _doc_speaker(phrase, sent, postposed=postposed is not None)
    if speaker is None or (speaker.kind == "pronoun" and speaker.head == "you"):
        return None  # "you think it will cost $160,000", "You want to abolish ...": the reader or the addressee
    if reason == "quoted-object" and not _speaks(speaker):
        return None
    for q in in_sentence:
        if q.start <= start < q.end or q.start < end <= q.end:
            start, end = min(start, q.start), max(end, q.end if q.closed else end)
    kind = _kind(text, start, end, in_sentence)
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
        cue=cue,
        speaker=speaker,
        via=via,
        sentence=(sent.start, sent.end),
        unit=sent.unit,
    )


def _person_before_participle(verb: Token) -> Token | None:
    """The person named right before a participle cue with no subject of its own ('of Hillary Clinton asking')."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    return before if before.ent_type_ == "PERSON" and before.pos_ == "PROPN" else None


def _noun_attribution(noun: Token, sent: Sentence, text: str) -> Attribution | None:
    """A possessor (or the subject of a light verb) and a cue noun with its content: a that-clause, or 'of'
    and a figure."""
    owners = [c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")]
    if noun.lemma_.lower() in cues().light_only_nouns:
        owners = []
    phrase: Span | None = None
    named = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
    if owners:
        tokens = [t for t in owners[0].subtree if t.dep_ != "case"]
        phrase = noun.doc[tokens[0].i : tokens[-1].i + 1]
    elif named and noun.lemma_.lower() not in cues().light_only_nouns:
        phrase = noun.doc[
            named[0].left_edge.i : named[-1].i + 1
        ]  # "a New York Times report that ...", "a CBO estimate"
        phrase = phrase if any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) for t in phrase) else None
    elif noun.dep_ == "dobj" and noun.head.lemma_.lower() in cues().light_verbs:
        maker = _subject(noun.head)  # "Stumpf tried to make the case that ...": the maker speaks
        phrase = _speaker_tokens(maker) if maker is not None and maker.pos_ in ("PROPN", "NOUN", "PRON") else None
    if phrase is None:
        return None
    content: tuple[int, int] | None = None
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in ("acl", "ccomp", "relcl") and child.left_edge.lower_ == "that":
            content = _subtree(child)
        elif child.dep_ == "prep" and child.lower_ == "of" and any(t.like_num for t in child.subtree):
            content = _subtree(child)
        if content is not None:
            break
    if content is None:
        return None
    speaker = _doc_speaker(phrase, sent)
    if speaker is None or not _speaks(speaker):
        return None
    start, end = trim(text, sent.start + content[0], sent.start + content[1])
    if end - start < 3:
        return None
    cue = (sent.start + noun.idx, sent.start + noun.idx + len(noun.text))
    return _indirect(sent, (start, end), "noun-cue", cue, speaker)


def _colon_lead_in(verb: Token, sent: Sentence, quotes: list[Quote], text: str) -> tuple[int, int] | None:
    """'The New York Times reports:' / 'Sanders made the following comment:' ending a sentence: what
    was said is the quote that opens right after the colon (its continuation paragraphs follow it
    as continued quotes). Unquoted text after the colon is not taken."""
    if not sent.text.rstrip().endswith(":"):
        return None
    after = [t for t in verb.doc if t.i > verb.i and not t.is_punct]
    if any(t.pos_ in ("VERB", "AUX") for t in after) or len(after) > 4:
        return None  # "said the plan would ...:" introduces a list, not a quote
    rest = text[sent.end :]
    gap = len(rest) - len(rest.lstrip())
    for quote in quotes:
        if quote.start == sent.end + gap:
            return quote.start, quote.end
    return None


def _estimated_object(verb: Token, sent: Sentence) -> tuple[int, int] | None:
    """'the ministry estimated the damage at 175 million euros', 'police put the toll at 40': the object."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objects and cue_lemma(verb) in TOPIC_VERBS:
        objects = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("about", "of", "on") and c.i > verb.i]
    if not objects or not any(t.like_num for t in verb.subtree if t.i > verb.i):
        return None
    last = max(t.i for t in verb.subtree)
    end_token = verb.doc[last]
    while end_token.is_punct and end_token.i > objects[0].i:
        end_token = verb.doc[end_token.i - 1]
    return sent.start + objects[0].left_edge.idx, sent.start + end_token.idx + len(end_token.text)


def _quoted_object(verb: Token, sent: Sentence) -> tuple[tuple[int, int], str] | None:
    """'Clinton called half of Trump's supporters "deplorables"': a quoted object is what the speaker said."""
    for child in verb.children:
        if child.dep_ in ("dobj", "oprd", "xcomp", "prep", "ccomp") and child.i > verb.i:
            left, right = _subtree(child)
            piece = sent.text[left:right]
            if any(mark in piece for mark in '"“”«»') or "''" in piece:
                return (sent.start + left, sent.start + right), "quoted-object"
    return None


def _speaks(speaker: Speaker) -> bool:
    """Someone who can say something: a person, a pronoun, an organisation, or a role ('the senator')."""
    return speaker.kind in ("person", "pronoun", "organisation", "outlet", "agency") or (
        speaker.kind == "description" and speaker.head in cues().role_nouns
    )


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


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _with_quote(content: tuple[int, int] | None, quote: Quote) -> tuple[int, int]:
    if content is None:
        return quote.start, quote.end
    return min(content[0], quote.start), max(content[1], quote.end)


def _kind(text: str, start: int, end: int, quotes: list[Quote]) -> str:
    """direct when the content is a quote, mixed when a quote is part of it, else indirect."""
    quoted = sum(max(0, min(end, q.end) - max(start, q.start)) for q in quotes)
    if not quoted:
        return "indirect"
    words = len(re.findall(r"\w+", text[start:end]))
    quoted_words = sum(len(re.findall(r"\w+", text[max(start, q.start) : min(end, q.end)])) for q in quotes)
    return "direct" if quoted_words >= 0.8 * words else "mixed"


# ----------------------------------------------------------------- one article
def attribute_article(text: str, prepared: ArticleText) -> list[Attribution]:
    """Every attribution of one article, speakers resolved, in text order."""
    article = prepared.article
    found: list[Attribution] = []
    for sent in prepared.sentences:
        found.extend(find_in_sentence(sent, prepared.quotes, text))
    found = _drop_same_span(found)
    found.extend(_labelled_paragraphs(text, prepared, found))
    found.extend(_authored(text, prepared))
    found.extend(_uncued_quotes(text, prepared, found))
    found.sort(key=lambda a: (a.start, a.end))
    for item in found:
        item.article_id, item.document = article.article_id, article.document
    _resolve(found, prepared, text)
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
        while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.i < head.i:
            head = head.head.head  # "the Head of Mission, Andrej Serdjukov": the role starts at "Head"
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


def _sentence_of(prepared: ArticleText, pos: int) -> Sentence | None:
    for sent in prepared.sentences:
        if sent.start <= pos < sent.end:
            return sent
    return None


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
    """Quotes no cue covers: a continuation of the last quoted speaker, or unattributed when long."""
    extra: list[Attribution] = []
    everything = sorted(found, key=lambda a: a.start)
    for quote in prepared.quotes:
        inner_start, inner_end = quote.inner
        words = len(re.findall(r"\w+", text[inner_start:inner_end]))
        if words < 3 or any(_overlaps((a.start, a.end), (quote.start, quote.end)) for a in everything + extra):
            continue
        sent = _sentence_of(prepared, quote.start)
        unit = sent.unit if sent else 0
        unit_start = prepared.units[unit][0] if unit < len(prepared.units) else quote.start
        opens_paragraph = not text[unit_start : quote.start].strip()
        previous = [a for a in everything + extra if a.end <= quote.start and a.speaker is not None]
        last = previous[-1] if previous else None
        same_unit = last is not None and last.unit == unit
        continues = (
            last is not None
            and last.kind in ("direct", "mixed")
            and (same_unit or (opens_paragraph and last.unit == unit - 1))
        )
        sentence_words = len(re.findall(r"\w+", sent.text)) if sent else words
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
        elif continues and words >= 0.5 * sentence_words:
            extra.append(_quoted(quote, "continued quote", unit, sentence, last.speaker))
        elif words >= MIN_UNATTRIBUTED_QUOTE_WORDS and opens_paragraph:
            extra.append(_quoted(quote, "unattributed quote", unit, sentence))
    return extra


def _authored(text: str, prepared: ArticleText) -> list[Attribution]:
    """'Analysis of Philip the Corre, researcher in international relations (Harvard Kennedy School).' near
    the start: everything after that sentence is the author's, unless a closer attribution says otherwise
    (claims take the smallest attribution that holds them)."""
    if not prepared.units:
        return []
    first, last = prepared.units[0][0], prepared.units[-1][1]
    for sent in prepared.sentences:
        if sent.start > first + AUTHOR_LINE_WITHIN * (last - first):
            break  # headers, captions and a lede come first; an author named late signs nothing that follows
        match = authored_by(sent.text)
        speaker = _author(sent, match) if match is not None else None
        if speaker is None:
            continue
        start, end = trim(text, sent.end, prepared.units[-1][1])
        if end - start < 3:
            continue
        cue = (sent.start, sent.start + len(sent.text[: match.start(1)].rstrip()))
        return [
            Attribution(
                "",
                "",
                start,
                end,
                "authored",
                "authored",
                cue=cue,
                speaker=speaker,
                unit=sent.unit,
                sentence=(sent.start, sent.end),
            )
        ]
    return []


_AUTHOR = re.compile(r"([A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,4}?)(?:\s*,\s*([^()]+?))?\s*(?:\(([^()]+)\))?\s*\.?$")


def _author(sent: Sentence, match: re.Match[str]) -> Speaker | None:
    """'Philip the Corre, researcher in international relations (Harvard Kennedy School)': name, role and
    affiliation by their punctuation, which garbled names keep even when the tagger cannot read them."""
    author = _AUTHOR.fullmatch(sent.text, match.start(1))
    if author is None:
        return None
    name_start, name_end = author.span(1)
    if author.group(1).endswith(".") and author.end(1) == len(sent.text):
        name_end -= 1  # the sentence's full stop
    role = author.group(2).strip() if author.group(2) else None
    affiliation = author.group(3).strip() if author.group(3) else None
    return Speaker(
        sent.start + name_start,
        sent.start + name_end,
        sent.text[name_start:name_end],
        sent.text[name_start:name_end],
        "person",
        role=role,
        affiliation=affiliation,
        head=sent.text[name_start:name_end].split()[-1].lower(),
    )


_DASH_SIGNATURE = re.compile(
    r"[ \t\u00a0]*[―—–]+[ \t\u00a0]*([A-Z][\w.'’-]*(?:[ \t\u00a0]+(?:[A-Z][\w.'’-]*|de|la|van|von|da|del)){0,4})"
)
_SPEAKER_LABEL = re.compile(r"([A-Z][A-Za-z.'’-]+(?:[ \t][A-Z][A-Za-z.'’-]+){0,3}):[ \t]+(?=\S)")


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
    for n, (u_start, u_end) in enumerate(prepared.units):
        lead = len(text[u_start:u_end]) - len(text[u_start:u_end].lstrip(" \t\"“”'"))
        match = _SPEAKER_LABEL.match(text, u_start + lead, u_end)
        if not match:
            continue
        label = match.group(1)
        words = label.split()
        shouting = label.isupper() and len(label) >= 3
        known = all(w.lower() in people for w in words)
        if not (shouting or known):
            continue
        start, end = trim(text, match.end(), u_end)
        if end - start < 3 or any(
            _overlaps((a.start, a.end), (start, end)) and a.speaker
            for a in found
            if not (start <= a.start and a.end <= end)
        ):
            continue  # a report inside the turn ("as the Journal wrote, ...") is nested in it, not a rival
        speaker = Speaker(match.start(1), match.end(1), label, label.title() if shouting else label, "person")
        colon = match.end(1)
        extra.append(
            Attribution(
                "",
                "",
                start,
                end,
                _kind(text, start, end, prepared.quotes),
                "speaker-label",
                cue=(colon, colon + 1),
                speaker=speaker,
                unit=n,
                sentence=(u_start, u_end),
            )
        )
    return extra


def _resolve(found: list[Attribution], prepared: ArticleText, text: str) -> None:
    """Names for pronouns and descriptions, from earlier speakers and names of this article only."""
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
    last_speaker: Attribution | None = None
    for item in found:
        speaker = item.speaker
        if speaker is None:
            continue
        organisation = speaker.kind == "organisation"
        if organisation and (full := _surname_of_earlier_person(found, item, persons, text, prepared)):
            speaker = item.speaker = replace(speaker, name=full, kind="person")  # "Serdjukov said": the tagger's ORG
        if speaker.kind == "person" and speaker.name:
            item.expert = speaker.name
        elif speaker.kind == "pronoun" and speaker.head in PERSON_PRONOUNS and speaker.head not in ("i", "me"):
            item.expert = _last_person(found, item, persons, _genders(found, prepared, text))
        elif speaker.kind == "description" and (titled := _titled_earlier(found, item)):
            item.expert = titled  # "the president" is the earlier speaker with that title, not the last one
            speaker.role = speaker.role or speaker.text
        elif speaker.kind == "description":
            if (
                last_speaker is not None
                and last_speaker.expert
                and last_speaker.speaker is not None
                and last_speaker.speaker.kind in ("person", "pronoun", "description")
                and item.unit - last_speaker.unit <= 1
                and re.match(r"(?i)(this|that|the)\b", speaker.text)
                and _names_a_role(speaker.text)
            ):
                item.expert = last_speaker.expert
                if speaker.role is None:
                    speaker.role = speaker.text
        elif speaker.kind == "pronoun" and speaker.head == "it":
            earlier = [a for a in found if a.start < item.start and a.speaker and a.speaker.kind == "organisation"]
            if earlier and earlier[-1].speaker is not None:
                item.expert = None
                item.speaker = replace(speaker, name=earlier[-1].speaker.name, kind="organisation")
        if speaker.kind == "organisation" and speaker.name and not _has_capital(speaker.text):
            same_kind = [name for pos, name in organisations if pos < speaker.start and speaker.head in name.lower()]
            earlier = [
                a.speaker.name
                for a in found
                if a.start < item.start
                and a.speaker
                and a.speaker.name
                and a.speaker.kind == "organisation"
                and speaker.head in a.speaker.name.lower()
                and _has_capital(a.speaker.name)
            ]
            candidates = earlier or same_kind
            if candidates:
                item.speaker = replace(item.speaker, name=candidates[-1])
        if item.via is not None and item.speaker is not None and item.speaker.kind == "person" and item.speaker.name:
            item.expert = item.speaker.name
        if item.expert or (item.speaker and item.speaker.kind == "person"):
            last_speaker = item


def _surname_of_earlier_person(
    found: list[Attribution], item: Attribution, persons: list[tuple[int, str]], text: str, prepared: ArticleText
) -> str | None:
    """The full name of the one person named earlier in the article whose surname is this one-word speaker:
    from the parsed names, earlier speakers, or a first name written before the surname in sentences that
    were not parsed ('grilled Wells Fargo CEO John Stumpf' ... 'Stumpf explained')."""
    assert item.speaker is not None
    word = item.speaker.text.strip()
    if not re.fullmatch(r"[A-Z][\w'’-]+", word):
        return None
    earlier = [name for pos, name in persons if pos < item.speaker.start]
    earlier += [a.expert for a in found if a.start < item.start and a.expert]
    before = text[prepared.units[0][0] if prepared.units else 0 : item.speaker.start]
    titles = cues().person_titles | cues().role_nouns
    for match in re.finditer(rf"\b([A-Z][a-z]+(?:\s+[A-Z]\.)?)\s+{re.escape(word)}\b", before):
        first = match.group(1).split()[0].lower()
        if first not in titles and first not in STOP_WORDS:  # 'Then Stumpf said' names nobody 'Then'
            earlier.append(f"{match.group(1)} {word}")
    full = {name for name in earlier if len(name.split()) >= 2 and name.split()[-1] == word}
    return full.pop() if len(full) == 1 else None


def _titled_earlier(found: list[Attribution], item: Attribution) -> str | None:
    """The last earlier speaker whose role or phrase carries the title named by 'the president'/'the senator'."""
    assert item.speaker is not None
    words = re.findall(r"[a-z]+", item.speaker.text.lower())
    if len(words) != 2 or words[0] != "the" or words[1] not in cues().person_titles:
        return None
    for earlier in reversed([a for a in found if a.start < item.start and a.expert and a.speaker]):
        described = f"{earlier.speaker.role or ''} {earlier.speaker.text}".lower()
        if re.search(rf"\b{words[1]}\b", described):
            return earlier.expert
    return None


def _names_a_role(text: str) -> bool:
    """'this specialist researcher from Eurasia', 'The ex-military': a role noun before any 'of/from' phrase."""
    head_part = re.split(r"\b(?:of|from|at|in|with|for)\b", text.lower())[0]
    words = set(re.findall(r"[a-z]+(?:-[a-z]+)?", head_part))
    words |= {part for word in list(words) for part in word.split("-")}
    return bool(words & cues().role_nouns)


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
    word in a speaker's phrase or role ('spokeswoman', 'widow'). Conflicting evidence gives nothing."""
    article = text[prepared.units[0][0] : prepared.units[-1][1]] if prepared.units else ""
    evidence: dict[str, set[str]] = {}
    for match in re.finditer(r"\b(Mrs|Ms|Miss|Mr)\.?\s+(?:[A-Z][\w.'’-]*\s+){0,2}?([A-Z][\w'’-]+)\b", article):
        evidence.setdefault(match.group(2), set()).add("m" if match.group(1) == "Mr" else "f")
    for item in found:
        if item.expert and item.speaker is not None and item.speaker.kind == "person":
            words = f"{item.speaker.text} {item.speaker.role or ''}".lower()
            for gender, pattern in _GENDERED_WORDS.items():
                if re.search(rf"\b(?:{pattern})\b", words):
                    evidence.setdefault(item.expert.split()[-1], set()).add(gender)
    return {surname: genders.pop() for surname, genders in evidence.items() if len(genders) == 1}


def _last_person(
    found: list[Attribution], item: Attribution, persons: list[tuple[int, str]], genders: dict[str, str]
) -> str | None:
    """The person a 'he'/'she' stands for; a name the article gives the other gender is skipped."""
    wanted = PRONOUN_GENDER.get(item.speaker.head if item.speaker else "")

    def fits(name: str) -> bool:
        return wanted is None or genders.get(name.split()[-1], wanted) == wanted

    speakers = [a.expert for a in found if a.start < item.start and a.expert and fits(a.expert)]
    pronoun_at = item.speaker.start if item.speaker else item.start
    named = [name for pos, name in persons if pos < pronoun_at and fits(name)]
    in_sentence = [
        name
        for pos, name in persons
        if item.sentence[0] <= pos < pronoun_at
        and not item.start <= pos < item.end
        and len(name.split()) >= 2
        and fits(name)
    ]  # a name inside what is said ('"Trump is wrong," she said') is not who says it
    if in_sentence:
        return in_sentence[0]  # 'Sen. Claire McCaskill scolded him: "...," she said': her own sentence names her
    if speakers:
        return speakers[-1]  # the model's names are noisy; the last person quoted is the safer antecedent
    return named[-1] if named else None


# ----------------------------------------------------------------- many documents
def attribute_many(documents: list) -> list[tuple[object, list[Attribution], list[Mention]]]:
    """Attributions and entity mentions of several documents (``claims.DocumentInput``), per article,
    parsing all their candidate sentences in one batch."""
    from claimtrack.nlp import parser

    prepared = [(doc, prepare(doc.text, article)) for doc in documents for article in doc.articles]
    todo = [sent for _, p in prepared for sent in p.sentences if needs_parse(sent)]
    for sent, parsed in zip(todo, parser().pipe([s.text for s in todo], batch_size=128), strict=True):
        sent.parse = parsed
    results = []
    for doc, p in prepared:
        results.append((doc, attribute_article(doc.text, p), p.mentions))
        for sent in p.sentences:
            sent.parse = None  # parses are large; keep only what the attributions hold
    return results
