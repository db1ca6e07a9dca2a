"""Attribution rules read from punctuation and word order, for what the small model mis-parses.

The parse-based rules (``attribution.py``) miss a cue the tagger reads as a noun ("Trump charges that"), a
speaker and cue set off by commas in mid-sentence, a trailing participle (", explaining the firings amounted
to 1 percent"), a named poll or count ("In the latest Gallup poll, ...", "by one estimate"), and an
analysis signed near an article's start ("Analysis of X, researcher ..."). These rules add what the parse
did not find, and never replace a cue the parse already used.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from spacy.tokens import Token

from claimtrack.attribution_core import (
    ArticleText,
    Attribution,
    Sentence,
    doc_speaker,
    first_quote_ending_after,
    indirect,
    overlaps,
    quote_kind,
    span_chars,
    speaker_tokens,
    speaks,
    starts_with_contrast,
    subject_of,
)
from claimtrack.cues import FIGURES_ON_A_PAGE, authored_by, cues, source_phrase
from claimtrack.quotemarks import Quote
from claimtrack.speakers import Speaker, trim


def _cue_taken(found: list[Attribution], cue: tuple[int, int]) -> bool:
    """An attribution found by the parse already uses this cue: the surface rule adds nothing."""
    return any(a.cue is not None and overlaps(a.cue, cue) for a in found)


def _speaker_at(sent: Sentence, start: int, end: int) -> Speaker | None:
    """The speaker written at these offsets of the parsed sentence."""
    phrase = sent.parse.char_span(start, end, alignment_mode="expand") if sent.parse is not None else None
    return doc_speaker(phrase, sent) if phrase is not None else None


_TRAILING_CUE = re.compile(
    r",\s+(?:also\s+)?(?P<cue>adding|explaining|noting|saying|arguing|insisting|warning|stressing|claiming|"
    r"suggesting|estimating|predicting)\s+(?:that\s+)?(?=\S)"
)


def trailing_participle_cue(sent: Sentence, found: list[Attribution]) -> list[Attribution]:
    """'Stumpf tried to make the case ..., explaining the firings amounted to 1 percent': the clause after a
    participle cue is said by the sentence's subject, whatever the tagger made of the participle."""
    if sent.parse is None:
        return []
    extra: list[Attribution] = []
    for match in _TRAILING_CUE.finditer(sent.text):
        cue = (sent.start + match.start("cue"), sent.start + match.end("cue"))
        if _cue_taken(found, cue):
            continue
        roots = [t for t in sent.parse if t.dep_ == "ROOT" and t.idx < match.start()]
        subject = subject_of(roots[0]) if roots else None
        if subject is None or subject.idx > match.start():
            continue
        speaker = doc_speaker(speaker_tokens(subject), sent)
        if speaker is None or not speaks(speaker) or speaker.kind == "pronoun" and speaker.head == "you":
            continue
        start, end = trim(sent.text, match.end(), len(sent.text))
        if len(re.findall(r"\w+", sent.text[start:end])) >= 3:
            extra.append(indirect(sent, (sent.start + start, sent.start + end), "said-participle", cue, speaker))
    return extra


def named_document(sent: Sentence, found: list[Attribution], quotes: list[Quote], text: str) -> list[Attribution]:
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
    owner = re.match(r"(.+?)['’]s?\s+(?=[a-z])", phrase_text)
    if owner and owner.group(1)[:1].isupper():
        right = left + len(owner.group(1))  # "Trump's own admission": Trump
    speaker = _speaker_at(sent, left, right)
    if speaker is None or speaker.kind == "pronoun":
        return []
    keyword = re.match(r"\W*(\w+)", sent.text[match.start() :])
    cue = (sent.start + match.start() + keyword.start(1), sent.start + match.start() + keyword.end(1))
    if _cue_taken(found, (cue[0], sent.start + right)):
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
    item = indirect(sent, (sent.start + start, sent.start + end), reason, cue, speaker)
    # 'by this finding: "27 companies ..."': the whole quote, marks included. Quotes are sorted and disjoint: the
    # first that can touch the item is found by bisection, and none after one starting past its end can
    i = first_quote_ending_after(quotes, item.start - 1)
    while i < len(quotes) and quotes[i].start <= item.end:
        quote = quotes[i]
        if quote.closed and item.start <= quote.end:
            item.start, item.end = min(item.start, quote.start), max(item.end, quote.end)
        i += 1
    item.kind = quote_kind(text, item.start, item.end, quotes)
    return [item]


# "the Interior Ministry", "the Office of the Chief Medical Examiner"
_CAPITALISED = r"[A-Z][\w.&'’-]*"
_NAME = rf"(?:the\s+)?{_CAPITALISED}(?:\s+(?:(?:of|for|and)(?:\s+the)?\s+|&\s+)?{_CAPITALISED})*"
_RELAYED_BY = re.compile(
    r"(?:^|[,;(—–]\s*)(?P<cue>(?i:(?:as\s+)?(?:reported|quoted|cited)\s+by|as\s+per|in\s+the\s+words\s+of))\s+"
    rf"(?P<who>{_NAME})"
)
_PASSIVE_AGENT = re.compile(
    r"(?<![Aa]s )\b(?P<cue>(?:confirmed|reported|announced|released|given|estimated|recorded|compiled|provided|"
    rf"issued|published|counted|tallied|cited|imposed|levied|appointed|ordered|approved|awarded)\s+by)\s+(?P<who>officials|authorities|{_NAME})"
)
_CLAUSE_OPENING = re.compile(r";|,\s+(?:and|but|while|whereas)\s+|\bthan\s+")


def _name_span(match: re.Match[str]) -> tuple[int, int]:
    """The matched name without a sentence's closing period ("by the Daily Star.")."""
    start, end = match.span("who")
    return start, end - (len(match.group("who")) - len(match.group("who").rstrip(".")))


def relayed_by(sent: Sentence, found: list[Attribution]) -> list[Attribution]:
    """'2200 flights had been canceled, as reported by Reuters at 1:30 p.m., according to FlightAware': the
    named reporter holds the rest of the sentence like 'according to'; the press among two holders is the relay
    (``claimtrack.sourcing``)."""
    if sent.parse is None:
        return []
    extra: list[Attribution] = []
    for match in _RELAYED_BY.finditer(sent.text):
        cue = (sent.start + match.start("cue"), sent.start + match.end("cue"))
        if _cue_taken(found, cue):
            continue
        who_start, who_end = _name_span(match)
        head = re.match(r"\s+([a-z]+)\b", sent.text[who_end:])
        if head and head.group(1) in cues().org_nouns:
            who_end += head.end()  # "as per the Royal office"
        speaker = _speaker_at(sent, who_start, who_end)
        if speaker is None or speaker.kind in ("pronoun", "description"):
            continue
        before = trim(sent.text, 0, match.start())
        after = trim(sent.text, match.end(), len(sent.text))
        start, end = before if before[1] - before[0] >= after[1] - after[0] else after
        if len(re.findall(r"\w+", sent.text[start:end])) >= 3:
            extra.append(indirect(sent, (sent.start + start, sent.start + end), "according-to", cue, speaker))
    return extra


_WITH_REFERENCE = re.compile(
    rf"\b(?P<cue>informs|reports|writes|says|notes|tells)\s+(?P<via>{_NAME})"
    r"(?:\s+(?:publication|newspaper|agency|portal|website|outlet|edition|channel|daily))?\s*,?\s+"
    r"(?:with\s+(?:a\s+)?reference\s+to|referring\s+to|citing)\s+"
    rf"(?:(?:the\s+)?(?:data|information|figures|reports?|a\s+statement)\s+(?:from|of|by)\s+)?(?P<who>{_NAME})"
)


def reported_with_reference(sent: Sentence, found: list[Attribution]) -> list[Attribution]:
    """'Death toll rises to 2012 informs Hespress publication with reference to data from the Ministry of
    Internal Affairs': machine-translated wire copy ('сообщает X со ссылкой на Y') names the relay after the
    figure and the origin after 'with reference to'; the origin is the source, the relay the ``via``."""
    if sent.parse is None:
        return []
    match = _WITH_REFERENCE.search(sent.text)
    if match is None:
        return []
    cue = (sent.start + match.start("cue"), sent.start + match.end("cue"))
    if _cue_taken(found, cue):
        return []
    speaker = _speaker_at(sent, *_name_span(match))
    relay = _speaker_at(sent, *match.span("via"))
    if speaker is None or relay is None or speaker.kind == "pronoun" or relay.kind == "pronoun":
        return []
    start, end = trim(sent.text, 0, match.start())
    if len(re.findall(r"\w+", sent.text[start:end])) < 3:
        return []
    item = indirect(sent, (sent.start + start, sent.start + end), "citing-chain", cue, speaker)
    return [replace(item, via=relay)]


def passive_agent(sent: Sentence, found: list[Attribution]) -> list[Attribution]:
    """'two more deaths were confirmed by Gov. X' / 'far more than the 312 reported by the Interior Ministry': the
    agent of a passive report gives the clause before it, from the clause's opening (', and', ';', 'than') on:
    the closest attribution that covers a figure, ahead of the sentence's main speaker."""
    if sent.parse is None:
        return []
    extra: list[Attribution] = []
    for match in _PASSIVE_AGENT.finditer(sent.text):
        cue = (sent.start + match.start("cue"), sent.start + match.end("cue"))
        if _cue_taken(found, cue):
            continue
        who_start, who_end = _name_span(match)
        plural = re.match(r"\s+([a-z]+)s\b", sent.text[who_end:])
        if plural and plural.group(1) in cues().role_nouns:
            who_end += plural.end()  # "appointed by Democratic presidents"
        speaker = _speaker_at(sent, who_start, who_end)
        if speaker is None or not speaks(speaker) or speaker.kind == "pronoun":
            continue
        relative = _RELATIVE_PASSIVE.search(sent.text, 0, match.start())
        if relative is not None:
            antecedent = _antecedent(sent, relative.start("pronoun"))
            if antecedent is None:
                continue  # "the fatalities, which were reported by the examiner": no figure of its own
            start, end = antecedent
        else:
            openings = [m.end() for m in _CLAUSE_OPENING.finditer(sent.text, 0, match.start())]
            start, end = trim(sent.text, openings[-1] if openings else 0, match.start())
            start, end = _passive_subject(sent, match.start("cue"), (start, end))
        if len(re.findall(r"\w+", sent.text[start:end])) >= 2 or _is_figure(sent, start, end):
            extra.append(indirect(sent, (sent.start + start, sent.start + end), "passive-agent", cue, speaker))
    return extra


def _is_figure(sent: Sentence, start: int, end: int) -> bool:
    """A one-word span that is a number ('six were appointed by ...')."""
    span = sent.parse.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].like_num


def _passive_subject(sent: Sentence, participle_at: int, clause: tuple[int, int]) -> tuple[int, int]:
    """What the participle is said of: the noun phrase it modifies ('a record $100 million penalty imposed by
    X'), or the subject of the passive ('Of the 10 judges, six were appointed by X': six); else the clause."""
    token = _token_at(sent, participle_at)
    if token is None:
        return clause
    if token.dep_ == "acl" and token.head.i < token.i:
        return span_chars(t for t in token.head.subtree if t.i < token.i)
    subjects = [c for c in token.children if c.dep_ == "nsubjpass"]
    if subjects:
        start, end = span_chars(subjects[0].subtree)
        return max(clause[0], start), min(clause[1], end)
    return clause


def _token_at(sent: Sentence, offset: int) -> Token | None:
    """The parsed token that starts at this offset of the sentence."""
    return next((t for t in sent.parse if t.idx == offset), None)


_RELATIVE_PASSIVE = re.compile(r",?\s*\b(?P<pronoun>which|that|who)\s+(?:were|was|are|is|(?:had|have|has)\s+been)\s+$")


def _antecedent(sent: Sentence, pronoun_at: int) -> tuple[int, int] | None:
    """The noun phrase a passive relative clause describes ('the 312 deaths, which were reported by X'), when
    it holds a figure; its span in the sentence."""
    token = _token_at(sent, pronoun_at)
    if token is None or token.head.dep_ != "relcl":
        return None
    noun = token.head.head
    words = [t for t in noun.subtree if t.i < token.i and not (t.is_punct and t.i == token.i - 1)]
    if not words or not any(t.like_num for t in words):
        return None
    return span_chars(words)


def figures_on_a_page(sent: Sentence, found: list[Attribution]) -> list[Attribution]:
    """'those numbers on FlightAware's "Misery Map" had dropped to about 1400', 'figures from the ministry's
    website show ...': the owner of the page, map or site that shows the figures is their source."""
    match = FIGURES_ON_A_PAGE.search(sent.text) if sent.parse is not None else None
    if match is None:
        return []
    cue = (sent.start + match.start(), sent.start + match.end("who"))
    if _cue_taken(found, cue) or any(a.start <= sent.start + match.start() < a.end for a in found):
        return []
    speaker = _speaker_at(sent, *match.span("who"))
    if speaker is None or speaker.kind in ("pronoun", "description"):
        return []
    start, end = trim(sent.text, match.start(), len(sent.text))
    return [indirect(sent, (sent.start + start, sent.start + end), "named-document", cue, speaker)]


def stop_at_next_speaker(sent: Sentence, found: list[Attribution]) -> list[Attribution]:
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
    return sorted(
        (
            f
            for f, lemma in c.lemma_of.items()
            if lemma in lemmas and (f.endswith(("ed", "s")) or f in c.irregular_past)
        ),
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


def cue_that_by_surface(sent: Sentence, found: list[Attribution], text: str) -> list[Attribution]:
    """'Trump charges that countries donated millions': the that-clause is the speaker's even when the tagger
    reads 'charges' as a noun. Only where the parse found no attribution with that cue."""
    if sent.parse is None:
        return []
    extra: list[Attribution] = []
    for match in _that_clause_pattern().finditer(sent.text):
        cue = (sent.start + match.start("cue"), sent.start + match.end("cue"))
        if _cue_taken(found, cue):
            continue
        speaker = _speaker_at(sent, *match.span("speaker"))
        if speaker is not None and speaker.kind == "description" and _written_as_a_name(speaker.text, text):
            speaker = replace(speaker, name=speaker.text, kind="organisation")  # resolved to a person later if one
        if speaker is None or not speaks(speaker) or speaker.kind == "pronoun":
            continue
        start, end = trim(sent.text, match.end() - len("that "), len(sent.text))
        if len(re.findall(r"\w+", sent.text[start:end])) >= 4:
            extra.append(indirect(sent, (sent.start + start, sent.start + end), "said-that", cue, speaker))
    return extra


def _written_as_a_name(phrase: str, text: str) -> bool:
    """Every word capitalised, and written so inside a sentence somewhere in the text: a name the tagger missed
    ('Trump charges that ...'), not a common noun that opens a sentence ('Officials charge that ...')."""
    words = phrase.split()
    if not words or len(words) > 4 or not all(w[:1].isupper() for w in words):
        return False
    return bool(re.search(rf"[a-z,;]\s+{re.escape(phrase)}\b", text))


def set_off_by_punctuation(sent: Sentence, found: list[Attribution]) -> list[Attribution]:
    """'These employees, Stumpf explained earlier in the hearing, were well paid' and 'A, the agency said in a
    June report, and B': the whole sentence is reported, whatever the tagger made of the clause (it often reads
    the cue as the main verb). A cue the parse already used is only widened to the whole sentence."""
    for match in _set_off_pattern().finditer(sent.text):
        before, after = sent.text[: match.start()], sent.text[match.end() :]
        if len(re.findall(r"\w+", before)) < 2 or len(re.findall(r"\w+", after)) < 3:
            continue
        if starts_with_contrast(after):
            continue
        cue = (sent.start + match.start("cue"), sent.start + match.end("cue"))
        same = [a for a in found if a.cue is not None and overlaps(a.cue, cue)]
        if same:
            for item in same:
                if item.kind == "indirect":
                    item.start, item.end = trim(sent.text, 0, len(sent.text))[0] + sent.start, sent.end
            continue
        if sent.parse is None:
            continue
        speaker = _speaker_at(sent, *match.span("speaker"))
        if speaker is None or not speaks(speaker):
            continue
        found.append(indirect(sent, (sent.start, sent.end), "said-set-off", cue, speaker))
    return found


AUTHOR_LINE_WITHIN = 0.5  # share of an article's body text (from its start) where 'Analysis of X' names the author


def _body_before(bodies: list[tuple[int, int]], pos: int) -> int:
    """Characters of body paragraphs before ``pos``: headlines, captions and credits (a digest's photo captions
    can fill half an article before its text starts) do not count."""
    return sum(max(0, min(end, pos) - start) for start, end in bodies)


def authored(text: str, prepared: ArticleText) -> list[Attribution]:
    """'Analysis of Philip the Corre, researcher in international relations (Harvard Kennedy School).' near
    the start: everything after that sentence is the author's, unless a closer attribution says otherwise
    (claims take the smallest attribution that holds them)."""
    if not prepared.units:
        return []
    bodies = [(b.start, b.end) for b in prepared.article.blocks if b.kind == "body"]
    body = sum(end - start for start, end in bodies)
    for sent in prepared.sentences:
        if _body_before(bodies, sent.start) > AUTHOR_LINE_WITHIN * body:
            break  # a lede comes first; an author named late signs nothing that follows
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


def resumed_authored(text: str, author: Attribution, later: ArticleText) -> Attribution | None:
    """A digest interleaves an analysis with other articles' teasers: a later article of the same document
    whose body, after its own first paragraph, breaks off into a paragraph that opens in lower case
    ('with the recovery in brutal hand orchestrated - ...') is the analysis resuming, from there to that
    article's last body paragraph before an end marker ('See also', a footnote). An article's own first
    paragraph is its lede, whatever its case."""
    blocks = later.article.blocks
    bodies = [b for b in blocks if b.kind == "body"]
    for block in bodies[1:]:
        opening = text[block.start : block.end].lstrip()[:1]
        if opening.isalpha() and opening.islower():
            start = block.start
            marker = next((b.start for b in blocks if b.kind == "boilerplate" and b.start > start), None)
            end = max(b.end for b in bodies if b.start >= start and (marker is None or b.end <= marker))
            unit = next((i for i, (u_start, u_end) in enumerate(later.units) if u_start <= start < u_end), 0)
            return Attribution(
                later.article.article_id,
                later.article.document,
                start,
                end,
                "authored",
                "authored-resumed",
                cue=author.cue,
                speaker=author.speaker,
                unit=unit,
                sentence=author.sentence,
            )
    return None


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
