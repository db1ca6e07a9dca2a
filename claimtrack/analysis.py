"""One pass over a batch of documents: attribution, claim extraction and the per-sentence quantity frames
read one shared parse of each sentence.

Parsing is most of the cost of the core. Attribution parses the sentences with a cue word or a quotation
mark, extraction tags the sentences with a figure, and the frames parse the figure sentences again: without
sharing, a figure sentence that someone said was analysed three times. Here the union of those sentences is
parsed once (the full pipeline; its tags and lemmas are the tagger's own, the same model's tok2vec and
tagger), and each stage takes its Docs from ``SentenceParses``. What a batch returns is plain data (no spaCy
object), so a batch can run in a worker process (``claimtrack.workers``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from claimtrack.attribution import attribute_many, prepare_many, sentences_to_parse
from claimtrack.attribution_core import Attribution
from claimtrack.claims import DocumentInput, extract_many, figure_sentences, sentences_to_tag
from claimtrack.entities import Mention
from claimtrack.frame import frame_sentences

PARSE_BATCH = 32  # texts per nlp.pipe call: 128 took a worker 70 MB more at the same speed within 6 %


class SentenceParses:
    """The full pipeline's Doc of each distinct sentence text of one batch, parsed once and handed to every
    stage that asks."""

    def __init__(self) -> None:
        self._docs: dict[str, Doc] = {}

    def prefetch(self, texts: Iterable[str]) -> None:
        """Parse, in one ``nlp.pipe`` call, every text not parsed yet."""
        from claimtrack.nlp import parser

        todo = list(dict.fromkeys(t for t in texts if t not in self._docs))
        for text, doc in zip(todo, parser().pipe(todo, batch_size=PARSE_BATCH), strict=True):
            self._docs[text] = doc

    def __call__(self, texts: list[str]) -> list[Doc]:
        self.prefetch(texts)
        return [self._docs[t] for t in texts]


@dataclass
class DocumentAnalysis:
    """What one document yields before the corpus-wide steps: its attributions and entity mentions, and its
    claims with the frame each sentence decides alone."""

    document: str
    attributions: list[Attribution] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    organisations: dict[str, Counter[str]] = field(default_factory=dict)  # article -> names beside its figures


def _years(documents: list[DocumentInput]) -> dict[str, int | None]:
    return {a.article_id: a.published.year if a.published else None for doc in documents for a in doc.articles}


def analyse(documents: list[DocumentInput]) -> list[DocumentAnalysis]:
    """Attributions, mentions and framed claims of each document, every sentence parsed at most once."""
    parses = SentenceParses()
    prepared = prepare_many(documents)
    work = figure_sentences(documents)
    parses.prefetch([*sentences_to_parse(prepared), *sentences_to_tag(work)])
    by_document = {doc.document: DocumentAnalysis(doc.document) for doc in documents}
    for doc, attributions, mentions in attribute_many(documents, parses, prepared):
        by_document[doc.document].attributions.extend(attributions)
        by_document[doc.document].mentions.extend(mentions)
    rows = extract_many(documents, parses, work)
    texts = {doc.document: doc.text for doc in documents}
    organisations = frame_sentences(rows, texts, _years(documents), parses)
    articles = {a.article_id: doc.document for doc in documents for a in doc.articles}
    for row in rows:
        by_document[row["document"]].claims.append(row)
    for article_id, names in organisations.items():
        by_document[articles[article_id]].organisations[article_id] = names
    return list(by_document.values())
