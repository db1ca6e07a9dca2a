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


def _plain_columns(table: pa.Table) -> pa.Table:
    """Nested columns (article blocks, entity aliases) carry no expectations; leave them out."""
    keep = [f.name for f in table.schema if not pa.types.is_nested(f.type)]
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


def validation_frame(name: str, table: pa.Table, read_table: Callable[[str], pa.Table]) -> pd.DataFrame:
    plain = _plain_columns(table)
    frame = _dates_as_timestamps(plain.to_pandas(), plain)
    derive = DERIVED.get(name)
    return derive(frame, table, read_table) if derive else frame
