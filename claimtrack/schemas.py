"""One pyarrow schema per table: the contract in code.

The Parquet writer casts every table to its schema here, and the tests read the files back
against the same schemas, so a column cannot drift without a test noticing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

import pyarrow as pa

BLOCK = pa.struct(
    [
        pa.field("start", pa.int64(), nullable=False),
        pa.field("end", pa.int64(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
    ]
)

DOCUMENTS = pa.schema(
    [
        pa.field("document", pa.string(), nullable=False),
        pa.field("format", pa.string(), nullable=False),
        pa.field("sha256", pa.string(), nullable=False),
        pa.field("bytes", pa.int64(), nullable=False),
        pa.field("encoding", pa.string()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("reason", pa.string()),
        pa.field("text", pa.large_string()),
        pa.field("title", pa.string()),
        pa.field("url", pa.string()),
        pa.field("outlet", pa.string()),
        pa.field("published", pa.date32()),
    ]
)

ARTICLES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("document", pa.string(), nullable=False),
        pa.field("doc_start", pa.int64(), nullable=False),
        pa.field("doc_end", pa.int64(), nullable=False),
        pa.field("headline", pa.string()),
        pa.field("dateline", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("agency", pa.string()),
        pa.field("language", pa.string(), nullable=False),
        pa.field("blocks", pa.list_(BLOCK), nullable=False),
        pa.field("published_basis", pa.string()),
    ]
)

CLAIMS = pa.schema(
    [
        pa.field("claim_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("document", pa.string(), nullable=False),
        pa.field("doc_start", pa.int64(), nullable=False),
        pa.field("doc_end", pa.int64(), nullable=False),
        pa.field("surface", pa.string(), nullable=False),
        pa.field("sentence", pa.string(), nullable=False),
        pa.field("value", pa.float64()),
        pa.field("low", pa.float64()),
        pa.field("high", pa.float64()),
        pa.field("qualifier", pa.string(), nullable=False),
        pa.field("unit", pa.string()),
        pa.field("counted", pa.string()),
        pa.field("as_of", pa.date32()),
        pa.field("as_of_basis", pa.string(), nullable=False),
        pa.field("source", pa.string()),
        pa.field("via", pa.string()),
        pa.field("expert", pa.string()),
        pa.field("block_kind", pa.string(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
        pa.field("attribution_reason", pa.string()),
        pa.field("quote_id", pa.string()),
        # the quantity frame (claimtrack/frame.py) and the quantity it puts the figure in (null: none)
        pa.field("quantity_id", pa.string()),
        pa.field("measure", pa.string()),
        pa.field("subject", pa.string()),
        pa.field("place", pa.string()),
        pa.field("event", pa.string()),
        # who a reader would cite: the expert, else the source, else the relay, else the outlet
        pa.field("said_by", pa.string()),
    ]
)

QUOTES = pa.schema(
    [
        pa.field("quote_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("document", pa.string(), nullable=False),
        pa.field("doc_start", pa.int64(), nullable=False),
        pa.field("doc_end", pa.int64(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("cue", pa.string()),
        pa.field("cue_start", pa.int64()),
        pa.field("cue_end", pa.int64()),
        pa.field("speaker", pa.string()),
        pa.field("speaker_start", pa.int64()),
        pa.field("speaker_end", pa.int64()),
        pa.field("expert", pa.string()),
        pa.field("role", pa.string()),
        pa.field("affiliation", pa.string()),
        pa.field("via", pa.string()),
        pa.field("speaker_kind", pa.string()),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("sentence_start", pa.int64(), nullable=False),
        pa.field("sentence_end", pa.int64(), nullable=False),
        pa.field("gap_start", pa.int64()),
        pa.field("gap_end", pa.int64()),
    ]
)

ENTITIES = pa.schema(
    [
        pa.field("entity_id", pa.string(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("aliases", pa.list_(pa.string()), nullable=False),
        pa.field("mentions", pa.int64(), nullable=False),
        pa.field("documents", pa.int64(), nullable=False),
        pa.field("role", pa.string()),
        pa.field("affiliation", pa.string()),
    ]
)

CLAIM_RELATIONS = pa.schema(
    [
        pa.field("claim_id_a", pa.string(), nullable=False),
        pa.field("claim_id_b", pa.string(), nullable=False),
        pa.field("relation", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("quantity_id", pa.string(), nullable=False),
    ]
)

SUPERSEDED = pa.struct(
    [
        pa.field("claim_id", pa.string(), nullable=False),
        pa.field("superseded_by", pa.string(), nullable=False),
        pa.field("as_of", pa.date32()),
        pa.field("superseded_as_of", pa.date32()),
        pa.field("reported", pa.date32()),
    ]
)

QUANTITIES = pa.schema(
    [
        pa.field("quantity_id", pa.string(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("measure", pa.string()),
        pa.field("subject", pa.string()),
        pa.field("place", pa.string()),
        pa.field("event", pa.string()),
        pa.field("counted", pa.string(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("scope", pa.string()),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("claim_ids", pa.list_(pa.string()), nullable=False),
        pa.field("n_claims", pa.int64(), nullable=False),
        pa.field("n_sources", pa.int64(), nullable=False),
        pa.field("first_reported", pa.date32()),
        pa.field("last_reported", pa.date32()),
        pa.field("latest_as_of", pa.date32()),
        pa.field("latest_value", pa.float64()),
        pa.field("latest_source", pa.string()),
        pa.field("best", pa.float64()),  # a figure someone reported; null when only ranges or vague amounts
        pa.field("low", pa.float64()),  # null: no lower figure or bound given
        pa.field("high", pa.float64()),  # null: open ("more than 400")
        pa.field("status", pa.string(), nullable=False),
        pa.field("n_consistent", pa.int64(), nullable=False),
        pa.field("n_conflicts", pa.int64(), nullable=False),
        pa.field("n_updates", pa.int64(), nullable=False),
        pa.field("supersedes", pa.list_(SUPERSEDED), nullable=False),
    ]
)

# One row per conflicting pair of figures of one quantity, everything a fact-checker needs on the row.
CONFLICTS = pa.schema(
    [
        pa.field("quantity_id", pa.string(), nullable=False),
        pa.field("quantity", pa.string(), nullable=False),
        pa.field("claim_id_a", pa.string(), nullable=False),
        pa.field("claim_id_b", pa.string(), nullable=False),
        pa.field("figure_a", pa.string(), nullable=False),
        pa.field("figure_b", pa.string(), nullable=False),
        pa.field("value_a", pa.float64()),
        pa.field("value_b", pa.float64()),
        pa.field("low_a", pa.float64()),
        pa.field("low_b", pa.float64()),
        pa.field("high_a", pa.float64()),
        pa.field("high_b", pa.float64()),
        pa.field("said_by_a", pa.string()),
        pa.field("said_by_b", pa.string()),
        pa.field("as_of_a", pa.date32()),
        pa.field("as_of_b", pa.date32()),
        pa.field("document_a", pa.string(), nullable=False),
        pa.field("document_b", pa.string(), nullable=False),
        pa.field("sentence_a", pa.string(), nullable=False),
        pa.field("sentence_b", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
    ]
)

# A row a quality rule took out of its table (``table``), or a document a stage gave up on: what it was and why.
REJECTED_ROWS = pa.schema(
    [
        pa.field("table", pa.string(), nullable=False),
        pa.field("row_id", pa.string(), nullable=False),
        pa.field("document", pa.string()),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("why", pa.string(), nullable=False),
        pa.field("row", pa.large_string(), nullable=False),
    ]
)

# What each column holds, in a line: shown as the column descriptions of each table in the Dagster UI.
COLUMN_DOCS: dict[str, dict[str, str]] = {
    "documents": {
        "document": "path relative to the corpus; `<file>.jsonl#<id>` for a JSONL line",
        "format": "txt, md, html or jsonl",
        "sha256": "hash of the input's bytes (empty when they were not read)",
        "bytes": "size of the input in bytes",
        "encoding": "the detected text encoding",
        "status": "ok, or quarantined with the reason",
        "reason": "why the document was quarantined, or a note on its metadata",
        "text": "the decoded text every offset refers to",
        "title": "headline from the JSONL line or the HTML page",
        "url": "the page's address, from the JSONL line or the HTML page",
        "outlet": "the publisher, from the JSONL line",
        "published": "publication date from the metadata",
    },
    "articles": {
        "article_id": "hash of the document name, its sha256 and the start offset",
        "document": "the document the article is in",
        "doc_start": "offset of the article's first character in the document text",
        "doc_end": "offset just past the article's last character",
        "headline": "the article's headline, when it has one",
        "dateline": "the place of the dateline",
        "published": "from the dateline, else the metadata, else the page's own date; null when none",
        "agency": "the news agency of the dateline (Reuters, AFP, TASS ...)",
        "language": "ISO 639-1 code of the article's language",
        "blocks": "the article's blocks: start, end, kind (headline, body, caption, credit, boilerplate), language",
        "published_basis": "where the date comes from: dateline, published, url or inferred",
    },
    "claims": {
        "claim_id": "hash of the document name, its sha256 and the span: stable across runs",
        "article_id": "the article the claim is in",
        "document": "the document the claim is in",
        "doc_start": "offset of the figure in the document text",
        "doc_end": "offset just past the figure: text[doc_start:doc_end] == surface",
        "surface": "the figure as written",
        "sentence": "the sentence that holds the figure",
        "value": "the figure's value (null for a range or a vague amount)",
        "low": "the lowest value the figure allows (null: no lower bound given)",
        "high": "the highest value the figure allows (null: open, as in 'more than 400')",
        "qualifier": "exact, approximate, lower_bound, upper_bound, range or vague",
        "unit": "person, an ISO 4217 currency, percent, year, or the singular counted noun",
        "counted": "what is counted, as written ('people arrested')",
        "as_of": "the day the figure holds for",
        "as_of_basis": "how as_of was found: stated, relative, dateline, published, url, inferred or none",
        "source": "the organisation, outlet or agency the figure comes from; a person's organisation",
        "via": "who relays it (media citing a ministry, or the dateline agency)",
        "expert": "the person quoted for the figure, canonical name",
        "block_kind": "headline, body or caption",
        "language": "ISO 639-1 code of the sentence's language",
        "attribution_reason": "the rule that attributed the figure",
        "quote_id": "the attribution (quotes row) that holds the figure",
        "quantity_id": "the real-world quantity the figure is about (quantities row); null when none",
        "measure": "what happened or holds: killed, injured, detained, loss, magnitude ...",
        "subject": "who or what is counted: people, a subgroup, a thing, or the company money is about",
        "place": "the area the figure covers; null for the whole",
        "event": "null for the article's event; a year, or 'earlier', for another",
        "said_by": "who a reader would cite: the expert, else the source, else the relay, else the outlet",
    },
    "quotes": {
        "quote_id": "hash of the document, its sha256 and the content span",
        "article_id": "the article the attribution is in",
        "document": "the document the attribution is in",
        "doc_start": "offset of what was said",
        "doc_end": "offset just past what was said",
        "text": "what was said",
        "kind": "direct, indirect, mixed or authored",
        "cue": "the word that marks the attribution ('said', 'according to')",
        "cue_start": "offset of the cue",
        "cue_end": "offset just past the cue",
        "speaker": "the speaker as written ('he', 'the ministry')",
        "speaker_start": "offset of the speaker as written",
        "speaker_end": "offset just past the speaker as written",
        "expert": "the speaker resolved to a canonical name",
        "role": "the speaker's role ('researcher in international relations')",
        "affiliation": "the organisation the speaker speaks for",
        "via": "who relays what was said",
        "speaker_kind": "person, pronoun, organisation, outlet, agency or description",
        "reason": "the rule that found the attribution",
        "sentence_start": "offset of the sentence that holds the cue",
        "sentence_end": "offset just past that sentence",
        "gap_start": 'in a quote split by its cue (\'"A," he said, "B."\'): offset of the writer\'s words between',
        "gap_end": "offset just past those words; a figure there is not the speaker's",
    },
    "entities": {
        "entity_id": "hash of the kind and the canonical name",
        "name": "the canonical name",
        "kind": "person, organisation, outlet, agency or place",
        "aliases": "other names written for it",
        "mentions": "how many times the corpus names it",
        "documents": "in how many documents",
        "role": "its role, when the corpus gives one",
        "affiliation": "the organisation a person speaks for",
    },
    "claim_relations": {
        "claim_id_a": "the first claim (the earlier one of an update)",
        "claim_id_b": "the second claim",
        "relation": "consistent, conflict or update",
        "reason": "the two figures, their intervals, sources and dates, and the rule",
        "quantity_id": "the quantity both claims are about",
    },
    "quantities": {
        "quantity_id": "hash of unit, counted and scope",
        "name": "a readable name ('people killed · North Carolina')",
        "measure": "what happened or holds",
        "subject": "who or what is counted",
        "place": "the area it covers; null for the whole",
        "event": "null for the corpus's event; a year or 'earlier' for another",
        "counted": "the canonical counted noun",
        "unit": "the unit of its figures",
        "scope": "subgroup or city; null for the whole",
        "kind": "cumulative (a toll) or stock (people in shelters)",
        "claim_ids": "the claim_id of each of its figures",
        "n_claims": "how many claims",
        "n_sources": "how many independent origins",
        "first_reported": "the earliest publication date of its claims",
        "last_reported": "the latest publication date of its claims",
        "latest_as_of": "the day of its latest figure",
        "latest_value": "its latest figure",
        "latest_source": "who gave the latest figure",
        "best": "a figure someone reported; null when only ranges or vague amounts were given",
        "low": "the lowest latest figure or bound; null when none",
        "high": "the highest latest figure or bound; null when open",
        "status": "consistent, conflicting or updated",
        "n_consistent": "how many consistent pairs",
        "n_conflicts": "how many conflicting pairs",
        "n_updates": "how many updates",
        "supersedes": "the chain of figures later ones replaced",
    },
    "conflicts": {
        "quantity_id": "the quantity both figures are about",
        "quantity": "its readable name",
        "claim_id_a": "the first claim",
        "claim_id_b": "the second claim",
        "figure_a": "the first figure as written",
        "figure_b": "the second figure as written",
        "value_a": "the first figure's value",
        "value_b": "the second figure's value",
        "low_a": "the first figure's lower bound",
        "low_b": "the second figure's lower bound",
        "high_a": "the first figure's upper bound (null: open)",
        "high_b": "the second figure's upper bound (null: open)",
        "said_by_a": "who said the first figure",
        "said_by_b": "who said the second figure",
        "as_of_a": "the day the first figure holds for",
        "as_of_b": "the day the second figure holds for",
        "document_a": "the document of the first figure",
        "document_b": "the document of the second figure",
        "sentence_a": "the sentence of the first figure",
        "sentence_b": "the sentence of the second figure",
        "reason": "why they conflict",
    },
    "rejected_rows": {
        "table": "the table the row was taken out of",
        "row_id": "the row's key (claim_id, article_id, 'a|b' for a pair ...)",
        "document": "the document the row came from, when it has one",
        "rule": "the name of the quality rule it broke",
        "why": "the rule's reason and the values it saw",
        "row": "the whole row as JSON",
    },
}


TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "articles": ARTICLES,
    "claims": CLAIMS,
    "quotes": QUOTES,
    "entities": ENTITIES,
    "claim_relations": CLAIM_RELATIONS,
    "quantities": QUANTITIES,
    "conflicts": CONFLICTS,
    "rejected_rows": REJECTED_ROWS,
}


ROWS_PER_SLICE = 2_000  # rows turned into Arrow at a time when they come from an iterator


def batched(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    """Lists of ``size`` rows (the last may be shorter), as ``itertools.batched`` of Python 3.12 does."""
    it = iter(rows)
    while part := list(islice(it, size)):
        yield part


def to_table(name: str, rows: Iterable[dict]) -> pa.Table:
    """Rows -> a pyarrow Table with the table's schema (raises if a row breaks the contract). Rows from an
    iterator are converted ROWS_PER_SLICE at a time, so only that many are ever Python dicts at once: a
    corpus's rows (articles with their blocks, quotes) would otherwise all be, and the memory they leave
    behind stays with the process."""
    schema = TABLES[name]
    if isinstance(rows, list):
        return pa.Table.from_pylist(rows, schema=schema)
    slices = [pa.Table.from_pylist(part, schema=schema) for part in batched(rows, ROWS_PER_SLICE)]
    return pa.concat_tables(slices) if slices else schema.empty_table()


def conform(name: str, table: pa.Table) -> pa.Table:
    """Cast an arbitrary table to the declared schema: same columns, same order, same types."""
    schema = TABLES[name]
    return table.select(schema.names).cast(schema)


def column_description(table: str, column: str) -> str:
    """What a column holds (``COLUMN_DOCS``), for the Dagster UI and the docs."""
    return COLUMN_DOCS[table][column]
