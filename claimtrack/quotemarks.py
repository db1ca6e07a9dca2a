"""Pair quotation marks in a paragraph, whatever the glyphs and however many are missing.

News text mixes “curly”, "straight", «guillemets», „German“ and ‘single’ marks, and scraped or
machine-translated copy loses marks all the time. Quote extractors that pair marks naively
crash or swallow whole pages on an odd count. Here pairing is local to a paragraph:
- an opener is a mark that starts a word (space or an opening bracket before it), a closer
  one that ends a word; a straight ``"`` takes its role from the characters around it;
- a closer matches the open quote when its style matches (“ ” / « » / „ “ / ' ' ...);
- a paragraph that ends inside a quote is continued when the next paragraph opens one (the
  news convention for a quote running over several paragraphs); otherwise the open quote is
  returned as unclosed and callers decide what to do with it.
An apostrophe inside a word ("don’t", "Kazakhstan’s") is never a quotation mark.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_OPEN = {"“": "”", "«": "»", "„": "“”", "‹": "›", '"': '"', "''": "''", "``": "''", "»": "«"}
SINGLE_OPEN = {"‘": "’", "‚": "‘’", "'": "'"}
ALL_MARKS = "\"“”„‟«»‹›‘’‚'`"


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the paragraph end when unclosed)
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        """The quoted words without the marks."""
        return self.start + 1, self.end - (1 if self.closed else 0)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _glyph_at(text: str, i: int) -> str | None:
    if text.startswith("''", i) or text.startswith("``", i):
        return text[i : i + 2]
    ch = text[i]
    return ch if ch in ALL_MARKS else None


def _role(text: str, i: int, glyph: str, start: int, end: int) -> str | None:
    """'open', 'close', 'toggle' (a straight double mark) or None (an apostrophe or a stray mark)."""
    before = text[i - 1] if i > start else " "
    after = text[i + len(glyph)] if i + len(glyph) < end else " "
    if glyph in ('"', "''"):
        return "toggle"
    if glyph in ("'", "’", "‘") and _is_word(before) and _is_word(after):
        return None  # don't, Kazakhstan's, rock‘n’roll
    opens = before.isspace() or before in "([{—–-/:;,\u00a0" or i == start
    closes = after.isspace() or after in ".,;:!?)]}—–-…\u00a0" or i + len(glyph) >= end
    if glyph in ("'",):
        if opens and _is_word(after):
            return "open"
        return "close" if closes and not opens else None
    if glyph == "’" and before in "sS" and closes:
        return "close"  # a plural possessive (the ministers’) or a closing single quote: both close
    if glyph in ("“",):
        return "close" if closes and not opens else "open"
    if glyph in ("«", "„", "‹", "‘", "‚", "``"):
        return "open"
    if glyph == "»" and opens and not closes:
        return "open"  # »German« style
    return "close"


def _looks_closing(text: str, i: int, glyph: str, start: int, end: int) -> bool:
    """A straight mark glued to the word before it and followed by a space closes a quote opened elsewhere."""
    before = text[i - 1] if i > start else " "
    after = text[i + len(glyph)] if i + len(glyph) < end else " "
    return (before.isalnum() or before in ".,!?;") and (after.isspace() or after in ".,;:!?)")


def _closes(opener: str, glyph: str) -> bool:
    if opener in DOUBLE_OPEN:
        mixed = opener == "“" and glyph in '"“' or opener == '"' and glyph == "”"  # typos: “...", "...”, “...“
        return glyph in DOUBLE_OPEN[opener] or mixed
    if opener in SINGLE_OPEN:
        return glyph in SINGLE_OPEN[opener]
    return False


def _opens_nested(text: str, i: int, glyph: str, role: str, opener: str, start: int, end: int) -> bool:
    """An opening double mark of another style than the open quote's: a quote inside the quote."""
    if glyph == opener or glyph not in DOUBLE_OPEN or opener not in DOUBLE_OPEN or glyph in DOUBLE_OPEN[opener]:
        return False
    if role == "toggle":  # “He said "yes" to it”: a straight mark starting a word inside a curly quote
        before = text[i - 1] if i > start else " "
        return before.isspace() and i + 1 < end and text[i + 1].isalnum()
    return role == "open"


def pair_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Quotes in ``text[start:end]`` (one paragraph), with offsets into ``text``; never raises."""
    end = len(text) if end is None else end
    quotes: list[Quote] = []
    open_at: int | None = None
    opener = ""
    nested: list[str] = []  # "... I read the question: “Do you?” Yes, 43." : a quote of another style inside
    i = start
    while i < end:
        glyph = _glyph_at(text, i)
        if glyph is None:
            i += 1
            continue
        role = _role(text, i, glyph, start, end)
        is_single = glyph in ("'", "‘", "’", "‚")
        if role is None:
            pass
        elif open_at is None:
            stray_closer = role == "toggle" and _looks_closing(text, i, glyph, start, end)
            if role in ("open", "toggle") and i + len(glyph) < end and not stray_closer:
                open_at, opener = i, glyph
        elif is_single and opener not in SINGLE_OPEN:
            pass  # a ‘nested’ quote inside a double one
        elif nested and role in ("close", "toggle") and glyph in DOUBLE_OPEN[nested[-1]]:
            nested.pop()
        elif _opens_nested(text, i, glyph, role, opener, start, end):
            nested.append(glyph)
        elif role in ("close", "toggle") and _closes(opener, glyph):
            quotes.append(Quote(open_at, i + len(glyph), True))
            open_at, nested = None, []
        elif role == "open" and glyph == opener and not is_single:
            open_at = i  # two openers of one style in a row: the first was never closed
        i += len(glyph)
    if open_at is not None:
        quotes.append(Quote(open_at, end, False))
    return quotes


def pair_paragraphs(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """Quotes of consecutive paragraphs; an unclosed quote followed by a paragraph that opens one runs on."""
    found: list[Quote] = []
    pending: Quote | None = None
    for p_start, p_end in paragraphs:
        quotes = pair_quotes(text, p_start, p_end)
        first = _first_mark(text, p_start, p_end)
        if pending is not None:
            if quotes and first is not None and quotes[0].start == first:
                # the running quote goes on: merge it with this paragraph's first quote
                head = quotes.pop(0)
                merged = Quote(pending.start, head.end, head.closed)
                quotes.insert(0, merged)
            else:
                found.append(pending)
            pending = None
        if quotes and not quotes[-1].closed:
            pending = quotes.pop()
        found.extend(quotes)
    if pending is not None:
        found.append(pending)
    return found


def _first_mark(text: str, start: int, end: int) -> int | None:
    i = start
    while i < end and text[i].isspace():
        i += 1
    return i if i < end and text[i] in ALL_MARKS else None
