"""Corpus folder -> one ``documents`` row per input, decoded text or a quarantine reason.

Every offset in every later table refers to the ``text`` stored here, so decoding happens
once: BOMs and UTF-16 are recognised, anything else goes through charset-normalizer, the
result has ``\\r\\n`` folded to ``\\n`` (as Python reads a text file) and is otherwise kept as written:
no Unicode normalisation, so an offset into a file's text is an offset into the file as a reader opens
it, and a JSONL line's offsets refer to its ``text`` exactly. A bad input never stops the corpus: it
becomes a quarantined row that says why.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
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


def _guess_legacy_encoding(matches) -> str:
    """charset-normalizer's best guess, but Western European (cp1252) when it reads as cleanly.

    On short news snippets the detector sometimes prefers cp1250 or cp1257 for text that is
    plainly cp1252 ("arrêtées" read as "arrętées"); news corpora are overwhelmingly Western.
    """
    best = matches.best()
    if best is None:
        raise DecodeError("undecodable: no text encoding fits these bytes")
    for match in matches:
        if match.encoding in _WESTERN and match.chaos <= best.chaos + 0.02:
            return "cp1252" if match.encoding != "latin_1" else "latin_1"
    return best.encoding


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
            from charset_normalizer import from_bytes

            encoding = _guess_legacy_encoding(from_bytes(data))
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


def _read_plain(name: str, fmt: str, data: bytes) -> Document:
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        return _quarantine(name, fmt, data, str(exc))
    return Document(name, fmt, _sha256(data), len(data), encoding, "ok", None, text)


def _read_html(name: str, data: bytes) -> Document:
    try:
        html, encoding = decode(data)
    except DecodeError as exc:
        return _quarantine(name, "html", data, str(exc))
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_recall=True)
    body = (extracted.text if extracted is not None else None) or ""
    if not body.strip():
        return _quarantine(name, "html", data, "HTML has no main text (only markup or scripts)", encoding)
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


def _read_jsonl(rel: str, path: Path, max_bytes: int) -> Iterator[Document]:
    """One document a line, named ``<rel>#<id>``; a bad line is quarantined, the rest go on."""
    seen: set[str] = set()
    any_line = False
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            any_line = True
            name = f"{rel}#{lineno}"
            if len(raw) > max_bytes:
                yield _quarantine(
                    name, "jsonl", raw[:0], f"line {lineno} over the size limit ({len(raw)} > {max_bytes} bytes)"
                )
                continue
            try:
                line_text, _ = decode(raw)
                record = json.loads(line_text)
            except DecodeError as exc:
                yield _quarantine(name, "jsonl", raw, f"line {lineno}: {exc}")
                continue
            except json.JSONDecodeError as exc:
                yield _quarantine(
                    name, "jsonl", raw, f"line {lineno}: invalid or truncated JSON ({exc.msg} at column {exc.colno})"
                )
                continue
            if not isinstance(record, dict):
                yield _quarantine(
                    name, "jsonl", raw, f"line {lineno}: a JSON object is expected, got {type(record).__name__}"
                )
                continue
            doc_id = str(record["id"]) if record.get("id") not in (None, "") else str(lineno)
            name = f"{rel}#{doc_id}"
            text = record.get("text")
            if name in seen:
                yield _quarantine(
                    f"{rel}#{doc_id}@line{lineno}", "jsonl", raw, f"line {lineno}: duplicate id {doc_id!r}"
                )
                continue
            seen.add(name)
            if not isinstance(text, str) or not text.strip():
                yield _quarantine(name, "jsonl", raw, f'line {lineno}: missing or empty "text"')
                continue
            # as given: the contract's offsets refer to this line's "text" exactly
            body = text.encode("utf-8")
            published, note = _parse_date(record.get("published"))
            yield Document(
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
        if not any_line:
            yield _quarantine(rel, "jsonl", b"", "empty file (no JSON lines)")


def _str_or_none(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def corpus_files(corpus: Path) -> list[Path]:
    """Every file under ``corpus`` in a stable order; hidden files and folders are not inputs."""
    files = []
    for root, dirs, names in os.walk(corpus):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(root) / n for n in sorted(names) if not n.startswith("."))
    return sorted(files, key=lambda p: p.relative_to(corpus).as_posix())


def input_names(corpus: Path) -> list[str]:
    """Every input file as the ``documents`` table names it: its path relative to the corpus."""
    return [p.relative_to(corpus).as_posix() for p in corpus_files(corpus)]


def ingest(corpus: Path, max_bytes: int = DEFAULT_MAX_BYTES, progress=None) -> Iterator[Document]:
    """Read a corpus folder. Yields one ``Document`` per file (per line for JSONL), never raises on content.

    ``progress(done, total)`` is called after each file when given.
    """
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    files = corpus_files(corpus)
    for done, path in enumerate(files, start=1):
        yield from _read_file(corpus, path, max_bytes)
        if progress is not None:
            progress(done, len(files))


def _read_file(corpus: Path, path: Path, max_bytes: int) -> Iterator[Document]:
    rel = path.relative_to(corpus).as_posix()
    suffix = path.suffix.lower()
    fmt = suffix.lstrip(".")
    try:
        size = path.stat().st_size
        if suffix not in SUPPORTED_SUFFIXES:
            expected = ", ".join(SUPPORTED_SUFFIXES)
            reason = f"unsupported file type {suffix or '(none)'}; expected one of {expected}"
            yield Document(rel, fmt or "unknown", "", size, None, "quarantined", reason, None)
        elif suffix == ".jsonl":
            yield from _read_jsonl(rel, path, max_bytes)
        elif size > max_bytes:
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            reason = f"over the size limit ({size} > {max_bytes} bytes)"
            yield Document(rel, fmt, digest, size, None, "quarantined", reason, None)
        elif suffix in (".html", ".htm"):
            yield _read_html(rel, path.read_bytes())
        else:
            yield _read_plain(rel, fmt, path.read_bytes())
    except OSError as exc:  # unreadable file, broken symlink: a row that says so, and the corpus goes on
        yield Document(rel, fmt or "unknown", "", 0, None, "quarantined", f"unreadable: {exc.strerror or exc}", None)
