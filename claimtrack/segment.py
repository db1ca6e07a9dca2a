"""Document text -> articles, each with blocks (headline, body, caption, credit, boilerplate).

News digests glue several articles together: a headline line, then a paragraph that repeats
the headline, a photo credit ("© Reuters, Stringer"), its caption, the body, "with AFP",
"See also", French caption lines. Articles start at headlines we can be sure of:
- a short line repeated at the start of the next paragraph,
- a short line followed by a dateline ("Almaty, January 9 (Reuters) -"),
- a short line after an end marker ("with AFP", "See also", a footnote line),
- a line ending in " ." directly followed by a long body line (a machine-translated title).
Everything stays as offsets into the document text.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources

from claimtrack.dates import DATELINE, FULL_DATE, date_parts, make_date, plausible_publication
from claimtrack.lexicon import alternation, lexicon
from claimtrack.published import CorpusDates, infer_date, own_date

LANGUAGES = ["en", "fr", "de", "ru", "es", "it", "pt", "nl"]
_CREDIT = re.compile(r"©|\(c\)\s|\bPhoto\s*:|\bCrédit\s*:", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»']?\s+(?=[A-Z\"“«])|\)\s+(?=[A-Z])")


@dataclass
class Block:
    start: int
    end: int
    kind: str  # headline | body | caption | credit | boilerplate
    language: str

    def row(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "language": self.language}


@dataclass
class Article:
    article_id: str
    document: str
    doc_start: int
    doc_end: int
    headline: str | None
    dateline: str | None
    published: date | None
    agency: str | None
    language: str
    blocks: list[Block] = field(default_factory=list)
    published_basis: str | None = None  # dateline | published | url | inferred; None when undated

    def row(self) -> dict:
        return {
            "article_id": self.article_id,
            "document": self.document,
            "doc_start": self.doc_start,
            "doc_end": self.doc_end,
            "headline": self.headline,
            "dateline": self.dateline,
            "published": self.published,
            "agency": self.agency,
            "language": self.language,
            "blocks": [b.row() for b in self.blocks],
            "published_basis": self.published_basis,
        }


@dataclass
class _Line:
    start: int
    end: int
    text: str
    para: int


@cache
def _boilerplate() -> re.Pattern[str]:
    data = json.loads(resources.files("claimtrack").joinpath("data", "boilerplate.json").read_text("utf-8"))
    phrases = alternation(data["phrases"])
    agencies = "|".join(re.escape(a) for a in sorted(lexicon().agencies, key=len, reverse=True))
    return re.compile(rf"(?:{phrases}|(?:with|avec|mit)\s+(?:{agencies})\b)", re.IGNORECASE)


@cache
def _langid():
    import py3langid

    py3langid.set_languages(LANGUAGES)
    return py3langid


def detect_language(text: str, default: str = "en") -> str:
    """The block's language; short or ambiguous text keeps the article's language."""
    if len(re.findall(r"[^\W\d_]{2,}", text)) < 6:
        return default
    return _langid().classify(text)[0]


def article_id(document: str, sha256: str, start: int) -> str:
    """The document name, its text's hash and the start: syndicated copies (same bytes, other files)
    get ids of their own, and a rerun gives the same ids."""
    key = json.dumps([document, sha256, start])  # JSON: no name can run into the next field
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _lines(text: str) -> list[_Line]:
    """Non-blank lines with stripped offsets; a blank line starts a new paragraph."""
    lines: list[_Line] = []
    para = 0
    for m in re.finditer(r"[^\n]+|\n\s*\n", text):
        raw = m.group()
        if not raw.strip():
            para += 1
            continue
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        lines.append(_Line(m.start() + lead, m.start() + lead + len(stripped), stripped, para))
    return lines


def _is_title_like(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 200:
        return False
    if line.endswith(" ."):
        return True
    return not re.search(r"[.,;:]$", line)


def _is_end_marker(line: str) -> bool:
    return bool(_boilerplate().fullmatch(line) or re.match(r"\[\d+\]\s", line))


def _headline_starts(lines: list[_Line]) -> list[int]:
    """Indexes of lines that certainly start an article."""
    starts = []
    for i, line in enumerate(lines):
        if not _is_title_like(line.text):
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None:
            continue
        probe = line.text[:40]
        repeated = nxt.para != line.para and probe in nxt.text[:300]
        dateline = nxt.para != line.para and _known_agency(nxt.text[:300])
        after_marker = i > 0 and _is_end_marker(lines[i - 1].text) and len(nxt.text) > 200
        garbled_title = line.text.endswith(" .") and nxt.para == line.para and len(nxt.text) > 150
        if repeated or dateline or after_marker or garbled_title:
            starts.append(i)
    return starts


def _known_agency(text: str) -> bool:
    return any(lexicon().agencies.get(m.group("agency").strip().lower()) for m in DATELINE.finditer(text))


def _split_line(text: str, line: _Line, headline: str | None, language: str) -> list[Block]:
    """One line -> blocks: a repeated headline, boilerplate, credits and their captions, body."""
    blocks: list[Block] = []
    pos = line.start
    end = line.end
    if headline:
        at = text.find(headline[:40], line.start, min(end, line.start + 300))
        if at >= 0:
            stop = at + _common_prefix_words(headline, text[at:end])
            blocks.append(Block(line.start, stop, "headline", language))
            pos = _skip_space(text, stop)
    for m in _boilerplate().finditer(text, pos, end):
        if m.start() > pos:
            blocks.extend(_credits(text, pos, m.start(), language))
        blocks.append(Block(m.start(), m.end(), "boilerplate", language))
        pos = _skip_space(text, m.end())
    if pos < end:
        blocks.extend(_credits(text, pos, end, language))
    return [b for b in blocks if b.end > b.start]


def _common_prefix_words(headline: str, text: str) -> int:
    """Length of the repeated headline at the start of ``text``, ending on a word boundary."""
    n = 0
    while n < min(len(headline), len(text)) and headline[n] == text[n]:
        n += 1
    if not (n == len(headline) or n == len(text) or not text[n - 1 : n + 1].isalnum()):
        n = len(text[:n].rsplit(" ", 1)[0]) if " " in text[:n] else n
    return len(text[:n].rstrip())


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


_TOKEN = re.compile(r"[^\s]+")


def _credit_end(text: str, start: int, end: int) -> int:
    """A credit runs over names and separators up to the capitalised word that starts the caption.

    Tokens are read one ahead as needed, not listed to the end of the line for every credit (a line of
    thousands of credits was quadratic)."""
    tokens = _TOKEN.finditer(text, start, end)
    next(tokens, None)  # the credit mark itself
    tok = next(tokens, None)
    while tok is not None:
        following = next(tokens, None)
        word = tok.group()
        nxt = following.group() if following is not None else ""
        if word[0].isupper() and nxt and not (nxt[0].isupper() or nxt in ("/", "-", "–", ",") or nxt[0].isdigit()):
            return tok.start()
        if not (word[0].isupper() or word in ("/", "-", "–", "via", "Via", "&") or word.endswith(",")):
            return tok.start()
        tok = following
    return end


def _credits(text: str, start: int, end: int, language: str) -> list[Block]:
    """Split a stretch at photo credits: [caption-or-body] credit caption [body]."""
    blocks: list[Block] = []
    pos = start
    for m in _CREDIT.finditer(text, start, end):
        if m.start() < pos:
            continue
        before = text[pos : m.start()].strip()
        if before:
            lang = detect_language(before, language)
            kind = "caption" if lang != language else "body"
            blocks.append(Block(pos, pos + len(text[pos : m.start()].rstrip(" ;")), kind, lang))
        credit_stop = _credit_end(text, m.start(), end)
        credit_end = m.start() + len(text[m.start() : credit_stop].rstrip())  # the mark is no space
        blocks.append(Block(m.start(), credit_end, "credit", language))
        cap_start = _skip_space(text, credit_stop)
        sentence_end = _SENTENCE_END.search(text, cap_start, end)
        cap_end = sentence_end.start() + 1 if sentence_end else end
        cap_end = min(max(cap_end, cap_start), end)
        if cap_end > cap_start:
            caption = text[cap_start:cap_end]
            blocks.append(Block(cap_start, cap_end, "caption", detect_language(caption, language)))
        pos = _skip_space(text, cap_end)
    if pos < end:
        body = text[pos:end]
        blocks.append(Block(pos, end, "body", detect_language(body, language)))
    return blocks


@lru_cache(maxsize=1)
def _full_dates(text: str) -> tuple[date, ...]:
    """Every full date written in ``text``, read once per document, not once per article of a digest."""
    return tuple(found for m in FULL_DATE.finditer(text) if (p := date_parts(m)) and p[0] and (found := make_date(*p)))


def _infer_year(text: str, month: int, day: int, hint: date | None) -> int | None:
    """The year of a dateline that gives none: from metadata, or a full date within 45 days in the same text."""
    anchors = [hint] if hint else []
    anchors += _full_dates(text)
    for anchor in anchors:
        candidate = make_date(anchor.year, month, day)
        if candidate and abs((candidate - anchor).days) <= 45:
            return anchor.year
    return None


def _dateline(text: str, start: int, end: int, published_hint: date | None, corpus: CorpusDates | None = None):
    """(dateline place, published date, agency, basis) from 'Almaty, January 9 (Reuters) -' near the start; a
    dateline without a year takes it from the text, else from the corpus (basis ``inferred``)."""
    window = text[start : min(end, start + 700)]
    for m in DATELINE.finditer(window):
        agency = lexicon().agencies.get(m.group("agency").strip().lower())
        if not agency:
            continue
        parts = date_parts(m)
        published, basis = None, "dateline"
        if parts:
            year, month, day = parts
            year = year or _infer_year(text, month, day, published_hint)
            if year is None and corpus is not None:
                year, basis = corpus.year_for(month, day), "inferred"
            published = plausible_publication(make_date(year, month, day)) if year else None
        return m.group("place").strip(), published, agency, basis
    return None, None, None, None


def _agency_from_markers(text: str, blocks: list[Block]) -> str | None:
    for b in blocks:
        if b.kind == "boilerplate":
            m = re.match(r"(?:with|avec|mit)\s+(.+)$", text[b.start : b.end], re.IGNORECASE)
            if m:
                return lexicon().agencies.get(m.group(1).strip().lower())
    return None


def segment(
    document: str,
    sha256: str,
    text: str,
    published: date | None = None,
    title: str | None = None,
    url: str | None = None,
    corpus: CorpusDates | None = None,
) -> list[Article]:
    """Split one document's text into articles with blocks; offsets refer to ``text``. An article's date is
    its dateline's, else ``published`` (metadata), else the document's own (a date stamp, the URL, or
    inferred with ``corpus``: see ``claimtrack.published``)."""
    lines = _lines(text)
    if not lines:
        return []
    doc_language = detect_language(text[:3000])
    starts = _headline_starts(lines)
    first_headline = None
    if not starts or starts[0] != 0:
        preamble = lines[: starts[0]] if starts else lines
        if starts and all(_is_title_like(ln.text) for ln in preamble):
            first_headline = starts[0]  # section labels and the digest title belong to the first article
            starts = [0, *starts[1:]]
        else:
            starts = [0, *starts]
    articles = _build(document, sha256, text, lines, starts, doc_language, published, title, first_headline, corpus)
    _date_undated(articles, text, url, corpus)
    return articles


def _date_undated(articles: list[Article], text: str, url: str | None, corpus: CorpusDates | None) -> None:
    """Articles with neither a dateline date nor metadata take the document's own date, found once."""
    undated = [a for a in articles if a.published is None]
    if not undated:
        return
    found, basis = own_date(text, url)
    if found is None and corpus is not None:
        found, basis = infer_date(text, corpus), "inferred"
    for article in undated:
        article.published = found
        article.published_basis = basis if found else None


def _build(
    document: str,
    sha256: str,
    text: str,
    lines: list[_Line],
    starts: list[int],
    doc_language: str,
    published: date | None,
    title: str | None,
    first_headline: int | None = None,
    corpus: CorpusDates | None = None,
) -> list[Article]:
    """Articles from the line indexes where they start; ``first_headline`` is the first article's real headline."""
    articles: list[Article] = []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk = lines[first:last]
        head_index = first_headline if (n == 0 and first_headline is not None) else first
        head_line = lines[head_index]
        headline = head_line.text if _is_title_like(head_line.text) else (title if n == 0 else None)
        blocks: list[Block] = []
        for i, line in enumerate(chunk, start=first):
            if i <= head_index and _is_title_like(line.text) and (i == head_index or n == 0):
                blocks.append(Block(line.start, line.end, "headline", doc_language))
                continue
            if _is_end_marker(line.text):
                blocks.append(Block(line.start, line.end, "boilerplate", doc_language))
                continue
            blocks.extend(_split_line(text, line, headline, doc_language))
        start, end = chunk[0].start, chunk[-1].end
        place, dated, agency, dated_basis = _dateline(text, start, end, published, corpus)
        agency = agency or _agency_from_markers(text, blocks)
        body_langs: dict[str, int] = {}
        for b in blocks:
            if b.kind in ("body", "caption"):
                body_langs[b.language] = body_langs.get(b.language, 0) + b.end - b.start
        language = max(body_langs, key=body_langs.get) if body_langs else doc_language
        articles.append(
            Article(
                article_id(document, sha256, start),
                document,
                start,
                end,
                headline,
                place,
                dated or published,
                agency,
                language,
                blocks,
                dated_basis if dated else ("published" if published else None),
            )
        )
    return articles
