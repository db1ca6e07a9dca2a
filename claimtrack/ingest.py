"""Corpus folder -> one ``documents`` row per input, decoded text or a quarantine reason.

Every offset in every later table refers to the ``text`` stored here, so decoding happens
once: BOMs and UTF-16 are recognised, anything else goes through charset-normalizer, the
result has ``\\r\\n`` folded to ``\\n`` (as Python reads a text file) and is otherwise kept as written:
no Unicode normalisation, so an offset into a file's text is an offset into the file as a reader opens
it, and a JSONL line's offsets refer to its ``text`` exactly. A bad input never stops the corpus: it
becomes a quarantined row that says why.

Nothing under the corpus folder is dropped silently: hidden files, hidden folders (one row each, their
contents are not listed), symlinked folders (not followed) and anything that is not a regular file
(FIFO, device, socket: never opened) get a quarantined row, and ``input_names`` lists exactly the
names the table holds. Reads are bounded: at most ``max_bytes + 1`` bytes of a file, and of a JSONL line.
Names are valid UTF-8 (a file name byte that is not UTF-8 shows as ``\\xff``), and lone surrogates in
a JSONL text are replaced by U+FFFD (one code point for one, so offsets hold) with a note in ``reason``.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from claimtrack.dates import plausible_publication

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass
class Document:
    """A row of the ``documents`` table."""

    document: str
    format: str
    sha256: str
    bytes: int
    encoding: str | None
    status: str
    reason: str | None
    text: str | None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None

    def row(self) -> dict:
        return asdict(self)


class DecodeError(ValueError):
    """The bytes are not text we can read; the message is the quarantine reason."""


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no BOM shows as NUL bytes on every other position."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / (len(data) / 2)
    odd_nuls = data[1::2].count(0) / (len(data) / 2)
    for share, encoding in ((odd_nuls, "utf-16-le"), (even_nuls, "utf-16-be")):
        if share > 0.3:
            try:
                decoded = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _control_share(decoded) < 0.05:
                return encoding
    return None


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return controls / max(1, len(text))


_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_WINDOWS_PAGES = ["cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1257"]
# 0x80-0x9F bytes that the Windows code pages above read as the same punctuation or symbol (euro, low
# quotes, ellipsis, daggers, per mille, angle quotes, smart quotes, bullet, dashes, trademark; only cp1251
# has another 0x80); Mac and DOS code pages read them as letters ("\x93300 people\x94" as "ì300 people").
# A DOS or Mac text whose every 0x80-0x9F byte is one of these (a short one) would be misread: rare in news.
_WINDOWS_PUNCTUATION = frozenset(b"\x80\x82\x84\x85\x86\x87\x89\x8b\x91\x92\x93\x94\x95\x96\x97\x99\x9b")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")


def _windows_punctuation(data: bytes) -> bool:
    """The bytes hold 0x80-0x9F punctuation only a Windows code page has, and no other C1 byte."""
    found = set(_C1_BYTES.findall(data))
    return bool(found) and all(byte[0] in _WINDOWS_PUNCTUATION for byte in found)


def _guess_legacy_encoding(data: bytes) -> str:
    """charset-normalizer's best guess, but Western European (cp1252) when it reads as cleanly.

    On short news snippets the detector sometimes prefers cp1250 or cp1257 for text that is
    plainly cp1252 ("arrêtées" read as "arrętées"); news corpora are overwhelmingly Western.
    Smart quotes, dashes and the euro sign are bytes 0x80-0x9F that only the Windows code pages
    read as punctuation, so when those are all there is in that range the guess is made among
    the Windows code pages only (not mac_iceland or cp437), and cp1252 when it gives the same text.
    """
    from charset_normalizer import from_bytes

    windows = _windows_punctuation(data)
    matches = from_bytes(data, cp_isolation=_WINDOWS_PAGES) if windows else from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError("undecodable: no text encoding fits these bytes")
    for match in matches:
        if match.encoding in _WESTERN and match.chaos <= best.chaos + 0.02:
            return "cp1252" if match.encoding != "latin_1" else "latin_1"
    if windows and _same_text(data, best.encoding, "cp1252"):
        return "cp1252"  # the detector names one of the code pages that read these bytes alike
    return best.encoding


def _same_text(data: bytes, encoding: str, other: str) -> bool:
    try:
        return data.decode(encoding) == data.decode(other)
    except (UnicodeDecodeError, LookupError):
        return False


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding name). Raises ``DecodeError`` with a reason a person can act on."""
    if not data.strip():
        raise DecodeError("empty file")
    encoding: str | None = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    if encoding is None and b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise DecodeError("binary content (NUL bytes), not text")
    if encoding is None:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = _guess_legacy_encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"undecodable as {encoding}: {exc}") from None
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # not NFC: offsets must hold in the file as read
    if not text.strip():
        raise DecodeError("empty after decoding (whitespace only)")
    if _control_share(text) > 0.05:
        raise DecodeError(f"binary content ({_control_share(text):.0%} control characters), not text")
    return text, encoding


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parse_date(value: object) -> tuple[date | None, str | None]:
    """The ``published`` field as a date, and a note when a given value could not be used."""
    if not value:
        return None, None
    from dateutil import parser as dateparser

    try:
        parsed = dateparser.parse(str(value)).date()
    except (ValueError, OverflowError, TypeError):
        return None, f"published {str(value)[:40]!r} is not a date; left empty"
    if plausible_publication(parsed) is None:
        return None, f"published {parsed.isoformat()} is before 1900 or in the future; left empty"
    return parsed, None


def _quarantine(name: str, fmt: str, data: bytes, reason: str, encoding: str | None = None) -> Document:
    return Document(name, fmt, _sha256(data), len(data), encoding, "quarantined", reason, None)


def _not_read(name: str, fmt: str, size: int, reason: str) -> Document:
    """A quarantined row for an input whose bytes were not read (no hash: empty ``sha256``)."""
    return Document(name, fmt, "", size, None, "quarantined", reason, None)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads joins valid pairs, so any left is alone


def _valid_unicode(value: str) -> tuple[str, int]:
    """``value`` with lone surrogates (which UTF-8 cannot encode) replaced by U+FFFD, one for one."""
    return _LONE_SURROGATE.subn("\ufffd", value)


def _with_valid_unicode(doc: Document) -> Document:
    """A row Parquet can write: lone surrogates in its strings replaced, the text's count noted in ``reason``."""
    changes: dict[str, str] = {}
    for field_name in ("title", "url", "outlet"):
        value = getattr(doc, field_name)
        if value is not None and _LONE_SURROGATE.search(value):
            changes[field_name] = _valid_unicode(value)[0]
    if doc.text is not None:
        text, count = _valid_unicode(doc.text)
        if count:
            note = f"{count} lone surrogate code point(s) in the text replaced by U+FFFD (offsets unchanged)"
            changes["text"] = text
            changes["reason"] = f"{doc.reason}; {note}" if doc.reason else note
    return replace(doc, **changes) if changes else doc


def _read_plain(name: str, fmt: str, data: bytes) -> Document:
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        return _quarantine(name, fmt, data, str(exc))
    return Document(name, fmt, _sha256(data), len(data), encoding, "ok", None, text)


class _PlainText(HTMLParser):
    """Text outside scripts and styles, a line per block. It keeps no tree, so no depth stops it."""

    SKIP = frozenset({"script", "style", "noscript", "template", "title", "svg", "math", "iframe", "object"})
    BLOCKS = frozenset(
        "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table section article aside header footer nav main "
        "blockquote pre figure figcaption hr form address".split()
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.skipping: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skipping[tag] = self.skipping.get(tag, 0) + 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping.get(tag):
            self.skipping[tag] -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skipping.get("title") and not any(n for t, n in self.skipping.items() if t != "title"):
            self.title_parts.append(data)
        elif not any(self.skipping.values()):
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def plain_html_text(html: str) -> tuple[str, str | None]:
    """(text, title) of an HTML page without main-text detection: the fallback when trafilatura finds
    nothing, e.g. on pages nested deeper than lxml's tree allows (about 255 levels)."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    title = " ".join("".join(parser.title_parts).split())
    return parser.text(), title or None


HTML_FALLBACK_NOTE = "main text read by the plain HTML fallback: trafilatura found none (e.g. nested too deep)"


def _read_html(name: str, data: bytes) -> Document:
    try:
        html, encoding = decode(data)
    except DecodeError as exc:
        return _quarantine(name, "html", data, str(exc))
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_recall=True)
    body = (extracted.text if extracted is not None else None) or ""
    if not body.strip():
        body, title = plain_html_text(html)
        if not body.strip():
            return _quarantine(name, "html", data, "HTML has no main text (only markup or scripts)", encoding)
        return Document(name, "html", _sha256(data), len(data), encoding, "ok", HTML_FALLBACK_NOTE, body, title=title)
    return Document(
        name,
        "html",
        _sha256(data),
        len(data),
        encoding,
        "ok",
        None,
        body,
        title=extracted.title,
        url=extracted.url,
        outlet=extracted.sitename,
        published=_parse_date(extracted.date)[0],
    )


# ----------------------------------------------------------------- JSONL
def _lines(handle, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes or None when over ``limit``, length) for each line, never holding more than
    ``limit + 1`` bytes: the rest of a longer line is read past in chunks."""
    lineno = 0
    while raw := handle.readline(limit + 1):
        lineno += 1
        size = len(raw)
        if size <= limit:
            yield lineno, raw, size
            continue
        while not raw.endswith(b"\n") and (raw := handle.readline(1 << 20)):
            size += len(raw)
        yield lineno, None, size


def _record(raw: bytes) -> dict | None:
    """A line's JSON object, or None when the line is not one."""
    try:
        record = json.loads(decode(raw)[0])
    except (DecodeError, json.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None


def _explicit_id(record: dict) -> str | None:
    value = record.get("id")
    return None if value in (None, "") else _valid_unicode(str(value))[0]


def _claimed_names(rel: str, handle, limit: int) -> set[str]:
    """First pass: the names the lines' explicit ids claim, so a quarantined line never takes one."""
    claimed: set[str] = set()
    for _, raw, _ in _lines(handle, limit):
        if raw is not None and raw.strip() and (record := _record(raw)) is not None:
            if (doc_id := _explicit_id(record)) is not None:
                claimed.add(f"{rel}#{doc_id}")
    return claimed


def _free_name(name: str, lineno: int, claimed: set[str], taken: set[str]) -> str:
    """``name`` when no line has or claims it, else ``name@line<n>`` (and a count if even that is taken)."""
    candidate, count = name, 1
    while candidate in claimed or candidate in taken:
        candidate = f"{name}@line{lineno}" + (f".{count}" if count > 1 else "")
        count += 1
    return candidate


def _read_jsonl(rel: str, handle, max_bytes: int) -> Iterator[Document]:
    """One document a line, named ``<rel>#<id>`` (id defaulting to the line number); a bad line is
    quarantined, the rest go on. Every name is unique: a line that cannot be read is ``<rel>#<line>``
    unless another line's explicit id claims that name, then ``<rel>#<line>@line<line>``; a repeated
    id is quarantined as ``<rel>#<id>@line<line>``. Two passes, both streaming (ids first)."""
    claimed = _claimed_names(rel, handle, max_bytes)
    handle.seek(0)
    taken: set[str] = set()
    any_line = False
    for lineno, raw, size in _lines(handle, max_bytes):
        if raw is not None and not raw.strip():
            continue
        any_line = True
        doc = _jsonl_line(rel, lineno, raw, size, max_bytes, claimed, taken)
        taken.add(doc.document)
        yield doc
    if not any_line:
        yield _quarantine(rel, "jsonl", b"", "empty file (no JSON lines)")


def _jsonl_line(
    rel: str, lineno: int, raw: bytes | None, size: int, max_bytes: int, claimed: set[str], taken: set[str]
) -> Document:
    """The row of one non-blank line; ``taken`` holds the names given so far in this file."""
    unnamed = _free_name(f"{rel}#{lineno}", lineno, claimed, taken)
    if raw is None:
        return _not_read(unnamed, "jsonl", size, f"line {lineno} over the size limit ({size} > {max_bytes} bytes)")
    try:
        record = json.loads(decode(raw)[0])
    except DecodeError as exc:
        return _quarantine(unnamed, "jsonl", raw, f"line {lineno}: {exc}")
    except json.JSONDecodeError as exc:
        reason = f"line {lineno}: invalid or truncated JSON ({exc.msg} at column {exc.colno})"
        return _quarantine(unnamed, "jsonl", raw, reason)
    if not isinstance(record, dict):
        reason = f"line {lineno}: a JSON object is expected, got {type(record).__name__}"
        return _quarantine(unnamed, "jsonl", raw, reason)
    doc_id = _explicit_id(record) or str(lineno)
    name = f"{rel}#{doc_id}"
    if name in taken:
        duplicate = _free_name(f"{name}@line{lineno}", lineno, claimed, taken)
        return _quarantine(duplicate, "jsonl", raw, f"line {lineno}: duplicate id {doc_id!r}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return _quarantine(name, "jsonl", raw, f'line {lineno}: missing or empty "text"')
    # as given: the contract's offsets refer to this line's "text" exactly; lone surrogates, which UTF-8
    # cannot hold, are replaced (one for one) and noted by _with_valid_unicode, and hashed so here
    body = _valid_unicode(text)[0].encode("utf-8")
    published, note = _parse_date(record.get("published"))
    return Document(
        name,
        "jsonl",
        _sha256(body),
        len(body),
        "utf-8",
        "ok",
        note,  # an ok document's reason is a note on metadata that was not used
        text,
        title=_str_or_none(record.get("title")),
        url=_str_or_none(record.get("url")),
        outlet=_str_or_none(record.get("outlet")),
        published=published,
    )


def _str_or_none(value: object) -> str | None:
    return None if value in (None, "") else str(value)


# ----------------------------------------------------------------- the corpus listing
@dataclass(frozen=True)
class Entry:
    """One name of the corpus listing: a file to read, or something listed but not read (``skip`` says why)."""

    name: str  # as the documents table names it
    path: Path
    skip: str | None = None


HIDDEN_FILE = "hidden file: skipped"
HIDDEN_FOLDER = "hidden folder: not read"
SYMLINKED_FOLDER = "symlinked folder: not followed"


def display_name(relative: str) -> str:
    """A relative path as valid UTF-8: a name byte that is not UTF-8 (which ``os.walk`` gives as a
    surrogate escape) is shown as ``\\xff``, so the name can be written to Parquet and printed."""
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def document_name(corpus: Path, path: Path) -> str:
    """The name the ``documents`` table gives ``path``: relative to the corpus, valid UTF-8."""
    return display_name(path.relative_to(corpus).as_posix())


def corpus_entries(corpus: Path) -> list[Entry]:
    """Every name under ``corpus``, each once, in a stable order: hidden files and folders and symlinked
    folders are listed (with why they are not read) but not entered; a folder that cannot be listed too."""
    entries: list[Entry] = []

    def unlisted(exc: OSError) -> None:
        path = Path(exc.filename)
        if path == corpus:
            raise exc
        entries.append(Entry(document_name(corpus, path), path, f"unreadable folder: {exc.strerror or exc}"))

    for root, dirs, names in os.walk(corpus, onerror=unlisted):
        folder = Path(root)
        entered = []
        for name in sorted(dirs):
            path = folder / name
            skip = HIDDEN_FOLDER if name.startswith(".") else SYMLINKED_FOLDER if path.is_symlink() else None
            if skip:
                entries.append(Entry(document_name(corpus, path), path, skip))
            else:
                entered.append(name)
        dirs[:] = entered
        for name in sorted(names):
            path = folder / name
            entries.append(Entry(document_name(corpus, path), path, HIDDEN_FILE if name.startswith(".") else None))
    return sorted(entries, key=lambda e: e.name)


def corpus_files(corpus: Path) -> list[Path]:
    """The regular, non-hidden files under ``corpus`` (symlinks to files followed), in a stable order:
    what the inbox registers by content. Everything else is only listed (``corpus_entries``)."""
    return [e.path for e in corpus_entries(corpus) if e.skip is None and e.path.is_file()]


def input_names(corpus: Path) -> list[str]:
    """Every name the ``documents`` table gives a file (or a skipped folder) its rows under: the
    corpus listing, read or not."""
    return [e.name for e in corpus_entries(corpus)]


def ingest(corpus: Path, max_bytes: int = DEFAULT_MAX_BYTES, progress=None) -> Iterator[Document]:
    """Read a corpus folder. Yields one ``Document`` per listed name (per line for JSONL), never raises
    on content.

    ``progress(done, total)`` is called after each file when given.
    """
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    entries = corpus_entries(corpus)
    for done, entry in enumerate(entries, start=1):
        for doc in _read_entry(entry, max_bytes):
            yield _with_valid_unicode(doc)
        if progress is not None:
            progress(done, len(entries))


# ----------------------------------------------------------------- reading one file
_FILE_KINDS = (
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISDIR, "folder"),
)


def _kind(mode: int) -> str | None:
    """What a non-regular file is ("FIFO", "character device" ...); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _FILE_KINDS if test(mode)), "unknown file type")


class _NotRegular(OSError):
    """The path turned into something else than a regular file between the listing and the open."""


def _open_regular(path: Path):
    """A binary handle on ``path``, only if it is a regular file. Non-blocking open, so a FIFO swapped in
    after the check cannot hang the run; the check is made again on the open file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    kind = _kind(os.fstat(fd).st_mode)
    if kind is not None:
        os.close(fd)
        raise _NotRegular(f"not a regular file ({kind})")
    return os.fdopen(fd, "rb")


def _read_entry(entry: Entry, max_bytes: int) -> Iterator[Document]:
    rel, path = entry.name, entry.path
    suffix = path.suffix.lower()
    fmt = suffix.lstrip(".") or "unknown"
    if entry.skip is not None:
        yield _not_read(rel, "unknown", _lsize(path), entry.skip)
        return
    try:
        info = path.stat()  # follows a symlink: what would be read
        kind = _kind(info.st_mode)
        if kind is not None:
            yield _not_read(rel, fmt, 0, f"not a regular file ({kind})")  # never opened: a FIFO would hang
        elif suffix not in SUPPORTED_SUFFIXES:
            expected = ", ".join(SUPPORTED_SUFFIXES)
            reason = f"unsupported file type {suffix or '(none)'}; expected one of {expected}"
            yield _not_read(rel, fmt, info.st_size, reason)
        elif suffix == ".jsonl":
            with _open_regular(path) as handle:
                yield from _read_jsonl(rel, handle, max_bytes)
        elif info.st_size > max_bytes:
            yield _not_read(rel, fmt, info.st_size, f"over the size limit ({info.st_size} > {max_bytes} bytes)")
        else:
            with _open_regular(path) as handle:
                data = handle.read(max_bytes + 1)  # bounded even if the file grew since the size check
            if len(data) > max_bytes:
                reason = f"over the size limit (> {max_bytes} bytes: it grew while being read)"
                yield _not_read(rel, fmt, len(data), reason)
            elif suffix in (".html", ".htm"):
                yield _read_html(rel, data)
            else:
                yield _read_plain(rel, fmt, data)
    except _NotRegular as exc:
        yield _not_read(rel, fmt, 0, str(exc))
    except OSError as exc:  # unreadable file, broken symlink: a row that says so, and the corpus goes on
        yield _not_read(rel, fmt, 0, f"unreadable: {exc.strerror or exc}")


def _lsize(path: Path) -> int:
    """The size of a skipped regular file (a symlink is not followed); 0 for anything else or when it is gone."""
    try:
        info = path.lstat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0
