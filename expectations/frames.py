"""Table -> the pandas frame a suite validates: dates as timestamps, plus derived columns.

GX compares dates only as timestamps, and a few rules need a value from another table
(a claim's article's publication date); both are prepared here so that the suites stay
plain GX JSON.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import pyarrow as pa

ONE_DAY = pd.Timedelta(days=1)


def _dates_as_timestamps(frame: pd.DataFrame, table: pa.Table) -> pd.DataFrame:
    for f in table.schema:
        if pa.types.is_date(f.type):
            frame[f.name] = pd.to_datetime(frame[f.name])
    return frame


def _plain_columns(table: pa.Table, wanted: set[str] | None) -> pa.Table:
    """The columns a suite reads (``wanted``; all when None) and those its derived columns are made from.
    Nested columns (article blocks, entity aliases) carry no expectations and are always left out; so is every
    column no rule reads, since the frame holds each string as a Python object (a claims table of 100,000 rows
    would otherwise cost hundreds of megabytes for its sentences alone)."""
    keep = [
        f.name
        for f in table.schema
        if not pa.types.is_nested(f.type) and (wanted is None or f.name in wanted or f.name in DERIVED_FROM_ALL)
    ]
    return table.select(keep)


_JSONL_FILE = re.compile(r"^(.*?\.jsonl)#", re.IGNORECASE)


def source_file(document: str, fmt: str | None) -> str:
    """The input file a document comes from: a JSONL line's name is ``<file>.jsonl#<id>``, any other
    document is its file (a '#' in a file name, ``a#1.txt``, is part of the name)."""
    if fmt == "jsonl" and (match := _JSONL_FILE.match(document)):
        return match.group(1)
    return document


def _documents(frame: pd.DataFrame, table: pa.Table, read_table) -> pd.DataFrame:
    frame["file"] = [source_file(doc, fmt) for doc, fmt in zip(frame["document"], frame["format"], strict=True)]
    return frame


def _claims(frame: pd.DataFrame, table: pa.Table, read_table) -> pd.DataFrame:
    articles = read_table("articles").select(["article_id", "published"]).to_pandas()
    published = pd.to_datetime(articles.set_index("article_id")["published"])
    # to_datetime: an empty or all-null column must still be dates, or GX cannot compare it with as_of
    by_article = published.to_dict()  # a dict: Series.map on an empty frame cannot cast the dates
    frame["published_plus_one_day"] = pd.to_datetime(frame["article_id"].map(by_article)) + ONE_DAY
    texts = dict(zip(*read_table("documents").select(["document", "text"]).to_pydict().values(), strict=True))
    frame["text_at_span"] = [
        (texts.get(doc) or "")[start:end]
        for doc, start, end in zip(frame["document"], frame["doc_start"], frame["doc_end"], strict=True)
    ]
    return frame


def _claim_relations(frame: pd.DataFrame, table: pa.Table, read_table) -> pd.DataFrame:
    frame["same_claim"] = frame["claim_id_a"] == frame["claim_id_b"]
    return frame


DERIVED: dict[str, Callable] = {"documents": _documents, "claims": _claims, "claim_relations": _claim_relations}
# the columns each table's derived columns are made from
DERIVED_FROM = {
    "documents": {"document", "format"},
    "claims": {"article_id", "document", "doc_start", "doc_end"},
    "claim_relations": {"claim_id_a", "claim_id_b"},
}
DERIVED_FROM_ALL = set().union(*DERIVED_FROM.values())


def validation_frame(
    name: str, table: pa.Table, read_table: Callable[[str], pa.Table], columns: set[str] | None = None
) -> pd.DataFrame:
    """The frame a suite validates: ``columns`` of ``table`` (all plain ones when None), dates as timestamps,
    and the table's derived columns."""
    plain = _plain_columns(table, None if columns is None else columns | DERIVED_FROM.get(name, set()))
    frame = _dates_as_timestamps(plain.to_pandas(), plain)
    derive = DERIVED.get(name)
    return derive(frame, table, read_table) if derive else frame
