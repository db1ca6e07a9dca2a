"""Number expressions in a sentence -> value, bounds, qualifier, and currency or percent.

A pure function of the text (no spaCy, no I/O) so it can be tested on thousands of
phrasings and fuzzed. What a figure *counts* is decided later, in ``claims.py``; here we
decide what is a figure at all: dates, times, years used as time references, footnote
markers, ordinals, labels ("page 5") and names ("Channel 5", "G7", "Boeing 737") are not.

Number words go through text2num (English and French), not a home-made word table.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, replace
from functools import cache

from text_to_num import find_numbers, text2num

from claimtrack.dates import MONTHS, WEEKDAYS
from claimtrack.lexicon import alternation, lexicon

QUALIFIERS = ("exact", "approximate", "lower_bound", "upper_bound", "range", "vague")  # the claims.qualifier set

_MONTH_EN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_FR = r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre)"
_MONTH_DE = r"(?:Januar|Februar|M[äa]rz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
_YEAR = r"(?:1[5-9]\d\d|20\d\d|21\d\d)"
_ORD = r"(?:st|nd|rd|th)?"

# Spans that are never figures: dates, times, footnotes, year ranges, decades, versions, URLs.
_DAY = r"(?:[12]?\d|3[01])"
_NOT_FIGURES = [
    re.compile(  # "between July 18 and 22", "from March 3 to 7", "Sept. 9 and 14": both days are the date's
        rf"\b{_MONTH_EN}\s+{_DAY}{_ORD}\s*(?:and|to|through|[-–&])\s*{_DAY}{_ORD}\b(?![.,]\d|\s?%|\s?per\s?cent)"
        rf"(?:\s*,?\s*{_YEAR}\b)?"
    ),
    re.compile(rf"\b{_MONTH_EN}\s+\d{{1,2}}{_ORD}\b(?![.,]\d|\s?%|\s?per\s?cent)(?:\s*,?\s*{_YEAR}\b)?"),
    re.compile(rf"\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH_EN}(?:\s*,?\s*{_YEAR}\b)?"),
    re.compile(rf"\b{_MONTH_EN}\s*,?\s+{_YEAR}\b"),
    re.compile(rf"\b\d{{1,2}}(?:er)?\s+{_MONTH_FR}(?:\s+{_YEAR})?\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH_FR}\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b\d{{1,2}}\.\s*{_MONTH_DE}(?:\s+{_YEAR})?\b"),
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b"),
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?", re.IGNORECASE),
    re.compile(r"\b\d{1,2}(?:[.h]\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|CET\b|EST\b|CEST\b)"),
    re.compile(
        r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*o['’]clock\b", re.IGNORECASE
    ),
    re.compile(r"\b\d{1,2}[.h]\d{2}\s*(?:hours|hrs)\b", re.IGNORECASE),  # "at 12.15 hours"
    re.compile(r"\[\d{1,3}\]|\(\d{1,2}\)|^\s*\d{1,2}[.)]\s"),
    re.compile(rf"\b{_YEAR}\s*[-–—/]\s*(?:{_YEAR}|\d\d)\b"),
    re.compile(rf"\b{_YEAR}['’]?s\b|['’]\d0s\b|\b\d0['’]?s\b"),  # decades: 1990s, '90s, 90's
    re.compile(r"\bv\d+(?:\.\d+)+\b|\b(?!\d{1,3}(?:\.\d{3}){2,}\b)\d+(?:\.\d+){2,}\b"),
    re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+"),
    re.compile(r"\b\d{1,3}\s*min(?:ute)?s?\.?\s+read\b", re.IGNORECASE),  # page furniture: "4 Min Read"
    re.compile(r"\b(?:911|999|112)\s+(?:calls?|callers?|dispatch\w*|operators?|cent(?:er|re)s?|lines?)\b", re.I),
    re.compile(r"#\d+|\bNo\.\s*\d+|\bnº\s*\d+", re.IGNORECASE),
    re.compile(r"\b\d+/\d+\b(?!/)"),  # fractions, ratios, "9/11", "24/7"
    re.compile(r"\b0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}\b|\b\d{3}[ -]\d{3}[ -]\d{4}\b"),  # phone numbers
    re.compile(r"\b\d{4}\s*(?:GMT|UTC|CET|EST|ET|hrs)\b|\b\d{4}\s+local\s+time\b"),
    re.compile(r"\+\d[\d\s()-]{7,}\d|\b\d{1,4}(?:-\d{2,4}){2,}\b|\(\d{3}\)\s?\d{3}[-.]\d{4}\b"),
]
_SCORE = re.compile(
    r"(?<![\d,.$€£:-])(\d{1,3})\s?[-–:]\s?(\d{1,3})(?!\d|[,.:]\d|%|\s?(?:percent|per cent|million|billion))"
)
_SPORT_WORDS = re.compile(
    r"\b(?:won|win|wins|beat|beats|beating|lost|lose|loses|drew|draw|defeated|victory|defeat|score|scored|"
    r"scoreline|led|lead|trailing|trailed|rout|thrashed|edged)\b",
    re.IGNORECASE,
)

# Digit groups are separated by a comma, or a space, no-break space, narrow no-break space or thin space.
_DIGITS = {
    "en": re.compile(
        r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,.]\d)(?:\.\d+)?"
        r"|\d{1,3}(?:\.\d{3}){2,}(?![\d.])|\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?|\.\d+)"
    ),
    "comma": re.compile(
        r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+(?![\d,])"
        r"|\d{1,3}(?:[ \u00a0\u202f\u2009.]\d{3})+(?:,\d+)?(?![\d])|\d+(?:,\d+)?)"
    ),
}

_CHANGE_VERBS = re.compile(
    r"\b(?:rose|risen|rise|rises|rising|fell|fallen|fall|falls|falling|increased?|increases|increasing|decreased?|"
    r"declined?|grew|grown|grows?|jumped|jumps?|climbed|climbs?|dropped|drops?|up|down|cut|cuts|raised?|lowered|"
    r"revised|changed|went|surged|soared|slipped|slid|plunged|tumbled|doubled|tripled|expanded|shrank|shrunk|"
    r"narrowed|widened|moved|boosted|reduced|swung|rebounded|recovered|edged|gained|lost|slumped|sank|ticked|"
    r"inched|crept|grown|progressed)\b",
    re.IGNORECASE,
)
_FUNCTION_WORDS = frozenset(
    """a an the in on at by of for from to into and or but nor since until till with without after before during
    only just almost already another all every each these those this that its their his her our my your some any
    exactly last first next nearly about around over under up down than more less fewer least most as per
    total overall roughly approximately estimated still even both either further
    also then now so yet while when where which who whom whose because although though if whether between
    among amid across against toward towards within beyond through via vs versus plus minus times""".split()
)
# "rose up to 5%" means rose to 5%; "cut up to 2,500 jobs" or "raised up to $4 billion" is a bound
_TO_TARGET_VERBS = re.compile(
    r"rose|risen|rises?|grew|grown|grows|climbed|climbs|increased|increases|jumped|ticked|inched|crept|edged|fell|"
    r"fallen|falls|dropped|declined|decreased|slipped|surged|soared|progressed|went|gone"
)
_PHRASAL_OVER = re.compile(
    r"(?:hand|turn|take|pass|carry|hold|roll|sign|give|make|hunt|pick|kick|look|think|win|boil|spill|knock)"
    r"(?:s|ed|ing|en|n)?|took|taken|gave|given|made|held|won|handing|turning|taking|handed|turned"
)
_MEASURE_WORDS = frozenset(
    """metres meters metre meter kilometres kilometers km miles mile tonnes tons tonne kilograms kilos kg degrees
    litres liters hectares acres feet foot inches centimetres centimeters cm millimetres millimeters mm barrels
    percent per points seconds minutes hours days weeks months years""".split()
)
_NOT_AFTER_ONE = frozenset(
    """of another day year month week hour decade time way thing side hand point after by more or and who which that
    is was has can could would will""".split()
) | {""}
_BOUND_VERBS = re.compile(
    r"exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|top(?:s|ped|ping)|pass(?:es|ed|ing)?|cross(?:es|ed|ing)?|"
    r"overtook|overtaken|outnumber(?:s|ed)?"
)
_TIME_PREPOSITIONS = frozenset("since until till in by before after from through during of circa around".split())
_LOOKBACK = 80  # characters looked at before a number: keeps every check linear in the sentence length
_DURATION_WORDS = frozenset(
    """year years month months week weeks day days decade decades hour hours minute minutes season seasons quarter
    quarters period periods term terms night nights weekend weekends century centuries""".split()
)
_NOT_PLURAL_S = frozenset("was has is as this its us thus plus less yes his hers bus gas news series species".split())
# What follows a number, matched at its end with pattern.match(text, pos): slicing text[end:] per number
# copied the rest of the sentence each time (a sentence of 1,000,000 numbers never finished).
_HYPHEN_WORD = re.compile(r"-([^\W\d_]+)")
_OF = re.compile(r"\s+of\b")
_REST_OF_THOUSAND = re.compile(r"\s+(?:and\s+)?(\d{1,3})(?![\d,.])")
_MONEY_SCALE = re.compile(r"\s?([mkbMKB])\b")
_SUBUNIT = re.compile(r"\s*(cents?|pence|p\b|kopecks?|centimes?)\b", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s*([^\W\d_][\w'’-]*)")
_CAPITALS_AFTER = re.compile(r"\s*([A-Z]{2,})\b\s*([^\W\d_]*)")
_DIGIT_AHEAD = re.compile(r"\s*\d")


@dataclass(frozen=True)
class NumberMention:
    """One figure found in a text: its span, value, bounds, qualifier and (when the text says) unit."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None = None  # ISO 4217 code, "percent", "percentage point", or a suffix unit ("kilometre")
    attached_noun: str | None = None  # "year" in "a 55-year man"
    needs_noun: bool = False  # "several", "a few": only a figure when a countable noun follows
    number_start: int = 0
    number_end: int = 0


@dataclass
class _Atom:
    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    vague: bool = False
    needs_noun: bool = False
    is_word: bool = False
    scaled: bool = False
    raw: str = ""
    currency: str | None = None
    percent: str | None = None
    suffix_unit: str | None = None
    attached_noun: str | None = None
    number_start: int = 0
    number_end: int = 0
    drop: bool = False


class _Tok:
    """The token protocol text2num's ``find_numbers`` expects."""

    __slots__ = ("t", "start", "end")

    def __init__(self, t: str, start: int, end: int) -> None:
        self.t, self.start, self.end = t, start, end

    def text(self) -> str:
        return self.t

    def nt_separated(self, previous: _Tok) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False


# A fast pre-check, not a word table: text2num still decides what a number word is and its value.
# A sentence with no digit and none of these stems cannot hold a figure, so it is not tokenised.
_WORD_HINT = re.compile(
    r"\b(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|"
    r"billion|trillion|milliard|dozen|score|several|few|handful|couple|half|third|quarter|un|une|deux|trois|quatre|cinq|six|sept|"
    r"huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|mille|"
    r"dizaine|centaine|millier|plusieurs|des)(?:s|es)?\b"
)


def might_hold_a_figure(text: str) -> bool:
    """False only when ``text`` certainly holds no figure (no digit, no number-word stem)."""
    return any(ch.isdigit() for ch in text) or _WORD_HINT.search(text) is not None


_WORD_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|[^\w\s]")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lx = lexicon()
    vague = alternation(list(lx.vague))
    scales = alternation(list(lx.scale_words) + ["dozen"])
    names = alternation(list(lx.currency_names))
    after_scale = alternation(list(lx.currency_after_scale))
    symbols = alternation(list(lx.currency_symbols))
    percents = alternation(list(lx.percent_words))
    return {
        "vague": re.compile(rf"\b(?:{vague})\b(?:\s+of\b)?", re.IGNORECASE),
        "scale": re.compile(rf"[ \t\u00a0-]*({scales})\b", re.IGNORECASE),
        "suffix": re.compile(r"[^\W\d_]+"),
        "currency_before": re.compile(rf"(?:{symbols}|\b[A-Z]{{3}})\s?$"),
        "currency_after": re.compile(rf"\s*(?:(?:{names})\b|[A-Z]{{3}}\b)", re.IGNORECASE),
        "currency_after_scale": re.compile(rf"\s*(?:{after_scale})\b(?!\s+(?:of|in|per)\b)", re.IGNORECASE),
        "symbol_unit": re.compile(rf"\s?(?:{alternation(list(lx.symbol_units))})"),
        "percent": re.compile(rf"\s*(?:{percents})(?![\w])", re.IGNORECASE),
        "pre_qualifier": re.compile(rf"(?:^|[\s(\"'“])({alternation(lx.pre_qualifiers)})\s*$", re.IGNORECASE),
        "post_qualifier": re.compile(rf"(?:\s*({alternation(lx.post_qualifiers)}))(?![\w])", re.IGNORECASE),
    }


def _mask(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in _NOT_FIGURES:
        spans.extend(m.span() for m in pattern.finditer(text))
    for m in _SCORE.finditer(text):  # "beat Arsenal 3-1", "a 2-1 win": a score, not a range
        first, second = int(m.group(1)), int(m.group(2))
        if first >= second or _SPORT_WORDS.search(text, max(0, m.start() - 40), m.end() + 20):
            spans.append(m.span())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Does [start, end) overlap a span? ``spans`` are disjoint and sorted (see ``_mask``), so one look suffices."""
    i = bisect.bisect_left(spans, (end, -1))
    return i > 0 and spans[i - 1][1] > start


def _parse_digits(raw: str, decimal_comma: bool) -> float | None:
    s = re.sub(r"[ \u00a0\u202f\u2009]", "", raw)
    if decimal_comma and re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        # "5,000" is a thousands group even in a French line: a misread language must not make it 5.0
        s = s.replace(",", "")
    elif decimal_comma:
        s = s.replace(".", "").replace(",", ".")
    elif s.count(".") >= 2:  # 1.234.567 in an English text is a thousands separator
        s = s.replace(".", "")
    elif re.fullmatch(r"\d+,\d{1,2}", s):  # "1,8%": a decimal comma left by machine translation
        s = s.replace(",", ".")
    else:
        s = s.replace(",", "")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _word_before_skipping_the(text: str, pos: int) -> str:
    m = re.search(r"(\S+)\s+(?:the\s+)?$", text[max(0, pos - _LOOKBACK) : pos], re.IGNORECASE)
    return m.group(1).lower() if m else ""


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, pos - _LOOKBACK) : pos])
    return m.group(1) if m else ""


def _digit_atoms(text: str, lang: str) -> list[_Atom]:
    lx = lexicon()
    decimal_comma = lang in ("fr", "de", "es", "it", "ru")
    pattern = _DIGITS["comma" if decimal_comma else "en"]
    atoms: list[_Atom] = []
    for m in pattern.finditer(text):
        start, end, raw = m.start(), m.end(), m.group()
        before = text[max(0, start - 2) : start]
        if before.endswith("-") and len(before) == 2 and before[0].isalpha():
            continue  # COVID-19, F-16, Su-27
        after = text[end : end + 3]
        if re.match(r"[.,]\d", after):
            continue  # a structure we do not read (1.2.3, 5,00,000)
        value = _parse_digits(raw, decimal_comma)
        if value is None or re.match(r"0\d", raw):
            continue  # "0800", "007": a code, not a quantity
        sign = re.search(r"(?:\bminus\s+|(?:^|(?<=[\s(]))[-−])$", text[max(0, start - 8) : start], re.IGNORECASE)
        if sign:
            value, start = -value, start - len(sign.group())
        atom = _Atom(start, end, value, raw=raw, number_start=start, number_end=end)
        suffix = _patterns()["suffix"].match(text, end)
        if suffix:
            word = suffix.group()
            if re.fullmatch(r"(?:st|nd|rd|th|er|e|ème|eme)", word, re.IGNORECASE):
                continue  # ordinal: 21st, 1er
            if word.lower() in lx.scale_words and word.lower() not in lx.scale_needs_money:
                atom.end = suffix.end()
                atom.value = value * lx.scale_words[word.lower()]
                atom.scaled = True
            elif word.lower() in lx.scale_needs_money:
                pass  # "$5m" is money, "5m" is metres: decided once the currency is known
            elif word in lx.unit_suffixes or word.lower() in lx.unit_suffixes and len(word) > 1:
                atom.suffix_unit = lx.normalise.get(word.lower(), word.lower())
            else:
                continue  # 5G, 4K, 737MAX: part of a name
        hyphen = _HYPHEN_WORD.match(text, atom.end)
        if hyphen and not suffix and hyphen.group(1).lower() not in lx.post_qualifiers:
            atom.attached_noun = hyphen.group(1).lower()
        atoms.append(atom)
    return atoms


def _word_atoms(text: str, lang: str) -> list[_Atom]:
    if _WORD_HINT.search(text) is None:
        return []
    tokens = [_Tok(m.group(), m.start(), m.end()) for m in _WORD_TOKEN.finditer(text)]
    if not tokens:
        return []
    try:
        found = find_numbers(tokens, "fr" if lang == "fr" else "en", 0)
    except Exception:  # text2num is a compiled library: never let one odd token stop a document
        return []
    atoms: list[_Atom] = []
    covered = {i for occ in found for i in range(occ.start, occ.end)}
    for i, tok in enumerate(tokens):
        if i in covered or "-" not in tok.t:
            continue
        head, _, rest = tok.t.partition("-")
        try:
            value = float(text2num(head.lower(), "fr" if lang == "fr" else "en"))
        except ValueError:
            continue  # "two-year" is a figure with its noun; "non-stop" is not
        end = tok.start + len(head)
        atoms.append(
            _Atom(
                tok.start,
                end,
                value,
                is_word=True,
                raw=head,
                attached_noun=rest.lower(),
                number_start=tok.start,
                number_end=end,
            )
        )
    for occ in found:
        span = tokens[occ.start : occ.end]
        if occ.is_ordinal or any(t.t.isdigit() for t in span) or span[-1].t.lower().endswith("s"):
            continue  # "hundreds", "thousands": vague amounts, not 100 and 1000
        start, end = span[0].start, span[-1].end
        value = float(occ.value)
        if occ.start > 0 and tokens[occ.start - 1].t.lower() in ("a", "an") and value in (100, 1000, 1e6, 1e9, 1e12):
            start = tokens[occ.start - 1].start
        atoms.append(_Atom(start, end, value, is_word=True, raw=text[start:end], number_start=start, number_end=end))
    for m in re.finditer(r"\b(half\s+an?|an?)\s+(dozen|hundred|thousand|million|billion)\b(?!s)", text, re.I):
        base = 0.5 if m.group(1).lower().startswith("half") else 1.0  # "half a million", "a dozen"
        factor = 12 if m.group(2).lower() == "dozen" else lexicon().scale_words[m.group(2).lower()]
        atom = _Atom(m.start(), m.end(), base * factor, is_word=True, raw=m.group(), scaled=True)
        atom.number_start, atom.number_end = m.start(), m.end()
        atoms.append(atom)
    return atoms


FRACTIONS = {"half": 50.0, "third": 33.33, "quarter": 25.0, "two thirds": 66.67, "three quarters": 75.0}
FRACTION = re.compile(
    r"\b(?:(?P<lead>a|one)[\s-]+)?(?P<word>half|third|quarter|two[\s-]+thirds|three[\s-]+quarters)"
    r"(?=\s+(?:of|the)\b)",
    re.IGNORECASE,
)


def _fraction_atoms(text: str) -> list[_Atom]:
    """'Nearly half of the deaths', 'about half the victims', 'a third of scheduled flights': a share of a
    whole, in percent. A fraction needs "of" or "the" after it, and "third" or "quarter" its "a"/"one" before:
    not "half a century", "half-mast", "a third night" or "the current quarter"."""
    atoms = []
    for m in FRACTION.finditer(text):
        word = re.sub(r"[\s-]+", " ", m.group("word").lower())
        if word in ("third", "quarter") and not m.group("lead"):
            continue
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"\b(?:first|second|last|other|in)\s+$", before):  # "the first half of", "cut in half"
            continue
        value = FRACTIONS[word]
        atoms.append(
            _Atom(
                m.start(),
                m.end(),
                value,
                value,
                value,
                is_word=True,
                raw=m.group(),
                percent="percent",
                number_start=m.start(),
                number_end=m.end(),
            )
        )
    return atoms


def _vague_atoms(text: str) -> list[_Atom]:
    lx = lexicon()
    atoms = []
    for m in _patterns()["vague"].finditer(text):
        phrase = re.sub(r"\s+of$", "", re.sub(r"\s+", " ", m.group().lower()))
        amount = lx.vague.get(phrase)
        if amount is None:
            continue
        atoms.append(
            _Atom(
                m.start(),
                m.end(),
                None,
                amount.low,
                amount.high,
                vague=True,
                needs_noun=amount.needs_noun,
                raw=m.group(),
                number_start=m.start(),
                number_end=m.end(),
            )
        )
    return atoms


def _absorb_scale_words(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """'3 millions of': a vague word right after a number is that number's scale, not a vague amount."""
    kept: list[_Atom] = []
    for atom in atoms:
        previous = kept[-1] if kept else None
        if (
            atom.vague
            and previous is not None
            and not previous.vague
            and not text[previous.end : atom.start].strip()
            and atom.raw.split()[0].lower() in lexicon().scale_words
        ):
            continue
        kept.append(atom)
    return kept


def _drop_overlaps(atoms: list[_Atom]) -> list[_Atom]:
    """Keep the longer of two overlapping atoms ("several thousand" over "thousand"). Longest first; the
    characters taken are marked in a bytearray, so each check costs the atom's length, not the atoms kept."""
    if not atoms:
        return []
    taken = bytearray(max(a.end for a in atoms))
    kept: list[_Atom] = []
    for atom in sorted(atoms, key=lambda a: (-(a.end - a.start), a.start)):
        if taken.find(1, atom.start, atom.end) != -1:
            continue
        taken[atom.start : atom.end] = b"\x01" * (atom.end - atom.start)
        kept.append(atom)
    kept.sort(key=lambda a: a.start)
    return kept


def _attach_scale_and_unit(text: str, atom: _Atom) -> None:
    lx = lexicon()
    pats = _patterns()
    if not atom.vague and not atom.scaled:
        m = pats["scale"].match(text, atom.end)
        if m:
            word = m.group(1).lower()
            factor = 12 if word == "dozen" else lx.scale_words[word]
            if word not in lx.scale_needs_money:
                atom.value = (atom.value or 0) * factor
                atom.end = m.end()
                atom.scaled = True
                of = _OF.match(text, atom.end) if word.endswith("s") else None
                if of:  # "3 millions of persons", "228 billions of rubles" (translated)
                    atom.end = of.end()
                rest = _REST_OF_THOUSAND.match(text, atom.end) if factor >= 1000 else None
                if rest and int(rest.group(1)) < factor:  # "1 thousand 200 cases"
                    atom.value += int(rest.group(1))
                    atom.end = rest.end()
    # currency before: "$5", "US$ 5", "USD 5", "more than €100"
    m = pats["currency_before"].search(text, max(0, atom.start - 8), atom.start)
    if m:
        token = m.group().strip()
        code = lx.currency_symbols.get(token) or (token if token in lx.iso_codes else None)
        if code:
            atom.currency = code
            atom.start = m.start()
    # money scale abbreviations that need money: "$5m", "5k euros"
    if not atom.vague and not atom.scaled:
        m = _MONEY_SCALE.match(text, atom.end)
        money = m and (atom.currency or pats["currency_after"].match(text, m.end()))
        attached = m and not m.group().startswith(" ")
        counted = attached and m.group(1).islower() and _followed_by_count_noun(text, _extended(atom, m.end()))
        if m and (money or counted):
            atom.value = (atom.value or 0) * lx.scale_words[m.group(1).lower()]
            atom.end = m.end()
            atom.scaled = True
        elif attached and m.group(1) == "m":
            atom.suffix_unit = lx.normalise["m"]  # "a 100m sprint"
        elif attached:
            atom.drop = True  # "4K screens", "5B": a name or a format, not a figure
    if atom.currency is None:
        m = pats["currency_after"].match(text, atom.end)
        if m:
            token = re.sub(r"\s+", " ", m.group().strip())
            code = lx.currency_names.get(token.lower()) or (token if token in lx.iso_codes else None)
            if code:
                atom.currency = code
                atom.end = m.end()
        elif atom.scaled:
            m = pats["currency_after_scale"].match(text, atom.end)
            if m:
                atom.currency = lx.currency_after_scale[m.group().strip().lower()]
                atom.end = m.end()
    if atom.currency is None and not atom.vague:
        m = _SUBUNIT.match(text, atom.end)
        if m and (m.group(1).lower() != "p" or not atom.scaled):
            code = lx.currency_subunits[m.group(1).lower().rstrip("s") if m.group(1).lower() != "pence" else "pence"]
            atom.currency, atom.value = code, (atom.value or 0) / 100  # "45 cents" = 0.45 USD
            atom.end = m.end()
            return
    if atom.currency is None and atom.suffix_unit is None:
        m = pats["symbol_unit"].match(text, atom.end)
        if m:  # "1.5°C"
            atom.suffix_unit = lx.symbol_units[m.group().strip()]
            atom.end = m.end()
            return
    if atom.currency is None:
        m = pats["percent"].match(text, atom.end)
        if m:
            atom.percent = lx.percent_words[re.sub(r"\s+", " ", m.group().strip().lower())]
            atom.end = m.end()


def _extended(atom: _Atom, end: int) -> _Atom:
    """A copy of ``atom`` reaching to ``end`` (to look past a suffix)."""
    return _Atom(atom.start, end, atom.value)


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(1) if m else ""


def _followed_by_count_noun(text: str, atom: _Atom) -> bool:
    lx = lexicon()
    word = _next_word(text, atom.end)
    low = word.lower()
    if atom.attached_noun:
        return True
    if low in lx.person_nouns or low in lx.person_adjectives:
        return True
    if low.endswith("s") and word.islower() and len(low) > 3 and low not in _NOT_PLURAL_S:
        return True
    return False


def _is_year(text: str, atom: _Atom) -> bool:
    """A bare 1500-2199 integer is a year unless money, percent or a counted noun says otherwise."""
    if atom.is_word or atom.vague or atom.scaled or atom.currency or atom.percent or atom.suffix_unit:
        return False
    if not re.fullmatch(r"\d{4}", atom.raw) or not 1500 <= (atom.value or 0) <= 2199:
        return False
    if _word_before(text, atom.start).lower() in _TIME_PREPOSITIONS:  # "whose contract until 2025 runs"
        return _next_word(text, atom.end).lower() not in lexicon().person_nouns
    return not _followed_by_count_noun(text, atom)


def _is_label_or_name(text: str, atom: _Atom) -> bool:
    """'page 5', 'Channel 5', 'Boeing 737', 'S&P 500': a number naming a thing, not counting it."""
    if atom.vague or atom.currency or atom.percent:
        return False
    prev = _word_before(text, atom.start)
    if not prev or prev[-1] in ",;:()\"'“”«»":
        return False
    low = prev.lower()
    if re.search(r"['’]s$", prev):
        return False  # "Peru's 25 regions", "Tesla's 484,507 cars"
    if low in lexicon().label_nouns or (
        low.endswith("s") and low[:-1] in lexicon().label_nouns
    ):  # "page 5", "Matchday 12"; but "over the past week 300 people"
        return prev[0].isupper() or not _followed_by_count_noun(text, atom)
    if atom.is_word:  # "League One", "Formula One", "Air Force One"; not "Independence Thirty years ago"
        raw = text[atom.number_start : atom.number_end]
        if _next_word(text, atom.end).lower() in _MEASURE_WORDS:
            return False
        return raw[:1].isupper() and prev[:1].isupper() and low not in _FUNCTION_WORDS and not prev.endswith(".")
    after = _CAPITALS_AFTER.match(text, atom.end)
    if after and after.group(1).lower() not in lexicon().unit_suffixes and after.group(1) not in lexicon().iso_codes:
        nxt = after.group(2)
        if not (nxt.islower() and nxt.endswith("s") and nxt not in _NOT_PLURAL_S):
            return True  # "737 MAX", "A 320 NEO": a model name; but "30 NATO countries" counts
    bare = low.strip(".")
    if bare in _FUNCTION_WORDS or bare in WEEKDAYS or bare in MONTHS or bare in lexicon().pre_qualifiers:
        return False
    if prev[0].isupper() or prev.endswith("&P") or re.search(r"[a-z][A-Z]", prev):
        measured = _next_word(text, atom.end).lower() in _MEASURE_WORDS  # "reached in Raciborz 6.8 metres"
        return not (atom.scaled or measured or _list_item(text, atom, prev))  # "Channel 5", "iPhone 15"
    return False


NUMBER_WORD = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
NAMED_ITEM_BEFORE = re.compile(rf"[A-Z][\w.'’-]*\s+{NUMBER_WORD}\s*[,;]\s*(?:and\s+)?$")
NAMED_ITEM_AFTER = re.compile(rf"\s*(?:[,;]\s*(?:and\s+)?|\s+and\s+)(?:[A-Z][\w.'’-]*\s+){{1,3}}{NUMBER_WORD}")


def _list_item(text: str, atom: _Atom, prev: str) -> bool:
    """'41 deaths, Georgia 33, Florida 19 and Virginia two': a name and its figure in a list of such pairs
    (another "Name N" right before or after it) is a count for that name, not a label like "Channel 5"."""
    name_start = atom.start - len(prev) - 1
    before = text[max(0, name_start - 40) : name_start]
    return bool(NAMED_ITEM_BEFORE.search(before) or NAMED_ITEM_AFTER.match(text, atom.end))


def _is_pronoun_one(text: str, atom: _Atom) -> bool:
    """'one of them', 'no one', 'at one point': the word 'one' rarely counts anything."""
    if not atom.is_word or atom.value != 1 or atom.scaled:
        return False
    prev = _word_before(text, atom.start).lower()
    nxt = _next_word(text, atom.end).lower()
    if prev in ("no", "any", "every", "each", "the", "this", "that", "which", "someone", "anyone", "at", "only", "one"):
        return True
    return nxt in _NOT_AFTER_ONE


def _merge_range(text: str, a: _Atom, b: _Atom) -> _Atom | None:
    between = text[a.end : b.start]
    m = re.fullmatch(r"\s*(-|–|—|to|and|or|à|et|bis)\s*", between, re.IGNORECASE)
    if not m or a.vague or b.vague or a.value is None or b.value is None:
        return None
    connector = m.group(1).lower()
    head = text[max(0, a.start - 60) : a.start]
    lead = re.search(r"\b(between|from|entre|de|zwischen|von)\s*$", head, re.IGNORECASE)
    if connector in ("and", "et") and not (lead and lead.group(1).lower() in ("between", "entre", "zwischen")):
        return None
    target = re.search(
        r"(?:\bto|[—–])\s*$", head, re.IGNORECASE
    )  # "rose to $145 billion to $160 billion": the new range
    if connector in ("to", "à", "bis") and not target and _CHANGE_VERBS.search(" ".join(head.split()[-4:])):
        return None  # "rose from 5% to 7%" is two figures, not a range
    if connector in ("to", "à", "bis") and re.search(r"\bby\s*$", head, re.IGNORECASE):
        return None  # "fell by 2.08 million to 1.41 billion": a change and a level
    if a.percent and not b.percent:
        return None  # "by 54% to 800"; but "8-8.5%" is a range of percentages
    unit_a, unit_b = a.currency or a.percent, b.currency or b.percent
    if unit_a and unit_b and unit_a != unit_b:
        return None
    low = a.value
    if b.scaled and not a.scaled and b.raw and low is not None:
        factor = (b.value or 0) / (_parse_digits(b.raw, False) or 1) if not b.is_word else None
        if factor and factor > 1 and low * factor <= b.value:
            low = low * factor
    if not (low is not None and low < b.value):
        return None
    start = a.start - len(head) + lead.start() if lead else a.start
    merged = _Atom(
        start,
        b.end,
        None,
        low,
        b.value,
        raw=text[a.start : b.end],
        currency=a.currency or b.currency,
        percent=a.percent or b.percent,
        number_start=a.number_start,
        number_end=b.number_end,
    )
    return merged


def _qualify(text: str, atom: _Atom, is_range: bool) -> NumberMention:
    pats = _patterns()
    lx = lexicon()
    start, end = atom.start, atom.end
    qualifier = "range" if is_range else ("vague" if atom.vague else "exact")
    if not is_range:
        m = pats["pre_qualifier"].search(text, max(0, start - _LOOKBACK), start)
        if m and not atom.vague:
            phrase = re.sub(r"\s+", " ", m.group(1).lower())
            qualifier = lx.pre_qualifiers[phrase]
            start = m.start(1)
            verb = _word_before(text, m.start(1)).lower()
            if (phrase == "up to" and _TO_TARGET_VERBS.fullmatch(verb)) or (
                phrase in ("until", "till") and (_TO_TARGET_VERBS.fullmatch(verb) or verb.endswith("ed"))
            ):
                qualifier, start = "exact", atom.start  # "has grown up to 190 billion dollars": up to = to
            if phrase == "over" and _PHRASAL_OVER.fullmatch(verb):
                qualifier, start = "exact", atom.start  # "Airbus handed over 53 jets": a phrasal verb
            if phrase in ("over", "past") and _next_word(text, end).lower() in _DURATION_WORDS:
                qualifier, start = "exact", atom.start  # "over 10 years", "over four seasons": a duration
        verb = _word_before_skipping_the(text, start)
        if qualifier == "exact" and not atom.vague and _BOUND_VERBS.fullmatch(verb):
            if not (verb.startswith(("pass", "cross")) and _followed_by_count_noun(text, atom)):
                qualifier = "lower_bound"  # "deaths passed the 2,000", "topped $3 trillion"; not "passed 3 laws"
        m = pats["post_qualifier"].match(text, end)
        if m and not atom.vague:
            word = re.sub(r"\s+", " ", m.group(1).lower())
            if word != "plus" or not _DIGIT_AHEAD.match(text, m.end()):
                if qualifier == "exact":
                    qualifier = lx.post_qualifiers[word]
                end = m.end()
    v = atom.value
    value, low, high = {
        "exact": (v, v, v),
        "lower_bound": (v, v, None),
        "upper_bound": (v, None, v),
        "approximate": (v, None, None),
        "range": (None, atom.low, atom.high),
        "vague": (None, atom.low, atom.high),
    }[qualifier]
    unit = atom.currency or atom.percent or atom.suffix_unit
    return NumberMention(
        start,
        end,
        value,
        low,
        high,
        qualifier,
        unit,
        atom.attached_noun,
        atom.needs_noun,
        atom.number_start,
        atom.number_end,
    )


# Invisible characters scraped or typeset copy leaves between digits: zero-width space, non-joiner and
# joiner, word joiner, BOM. "5\u200b135" is one number, 5135, and its surface keeps the character.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_IN_DIGITS = re.compile(rf"(?<=\d)[{INVISIBLE}]+(?=\d)")


def find_figures(text: str, lang: str = "en") -> list[NumberMention]:
    """Every figure in ``text`` (a sentence), with offsets into it. Never raises on any string."""
    if not any(ch in text for ch in INVISIBLE):
        return _figures(text, lang)
    removed = [i for m in _INVISIBLE_IN_DIGITS.finditer(text) for i in range(*m.span())]
    if not removed:
        return _figures(text, lang)
    visible = _INVISIBLE_IN_DIGITS.sub("", text)
    return [_in_original(m, removed) for m in _figures(visible, lang)]


def _in_original(mention: NumberMention, removed: list[int]) -> NumberMention:
    """``mention`` with offsets into the text before the invisible characters in ``removed`` were taken out;
    a span takes in the characters inside it ("5\u200b135"), never one at its edge."""
    shifts = [i - k for k, i in enumerate(removed)]  # where each removed character sat in the visible text

    def start(pos: int) -> int:
        return pos + bisect.bisect_right(shifts, pos)

    def end(pos: int) -> int:
        return start(pos - 1) + 1 if pos > 0 else 0

    return replace(
        mention,
        start=start(mention.start),
        end=end(mention.end),
        number_start=start(mention.number_start),
        number_end=end(mention.number_end),
    )


def _figures(text: str, lang: str) -> list[NumberMention]:
    """``find_figures`` on a text with no invisible character between digits."""
    if not text or not might_hold_a_figure(text):
        return []
    has_digit = any(ch.isdigit() for ch in text)
    # Every masked pattern holds a digit, but for "o'clock" ("three o'clock" is a time, not a figure).
    masked = _mask(text) if has_digit or "clock" in text else []
    atoms = [a for a in _digit_atoms(text, lang) if not _overlaps(a.start, a.end, masked)] if has_digit else []
    atoms += [a for a in _word_atoms(text, lang) if not _overlaps(a.start, a.end, masked)]
    atoms += _vague_atoms(text)
    atoms += _fraction_atoms(text) if lang == "en" else []
    atoms = _absorb_scale_words(text, _drop_overlaps(atoms))
    for atom in atoms:
        _attach_scale_and_unit(text, atom)
    atoms = _drop_overlaps(atoms)
    atoms = [
        a
        for a in atoms
        if not (
            a.drop
            or _is_year(text, a)
            or _is_label_or_name(text, a)
            or _is_pronoun_one(text, a)
            or (lang != "en" and a.is_word and a.value == 1)
        )  # French "un"/"une" are articles
    ]
    mentions: list[NumberMention] = []
    i = 0
    while i < len(atoms):
        merged = _merge_range(text, atoms[i], atoms[i + 1]) if i + 1 < len(atoms) else None
        if merged:
            mentions.append(_qualify(text, merged, True))
            i += 2
        else:
            mentions.append(_qualify(text, atoms[i], False))
            i += 1
    return mentions
