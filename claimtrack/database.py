"""``<warehouse>/claimtrack.duckdb``: one DuckDB database whose views read the published Parquet.

The views hold no data, so the database is rebuilt after every publish in a moment and never goes
stale: a query always reads the tables the warehouse holds now. Next to every table there is a
``timeline`` view (each figure of each quantity with its date and who said it), so that the
fact-checker's questions are one short query each (see the README). The paths inside the views are
absolute: after moving the warehouse folder, ``claimtrack run`` (or ``write_database``) rebuilds them.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from claimtrack.schemas import TABLES

DATABASE = "claimtrack.duckdb"

TIMELINE = """
SELECT q.name AS quantity, c.quantity_id, COALESCE(c.as_of, a.published) AS date,
       CASE WHEN c.as_of IS NULL THEN 'published' ELSE 'as_of' END AS date_basis,
       c.surface AS figure, c.value, c.low, c.high, c.qualifier, c.said_by, c.source, c.via, c.expert,
       c.document, c.sentence, c.claim_id
FROM claims AS c
JOIN quantities AS q USING (quantity_id)
LEFT JOIN articles AS a USING (article_id)
"""


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def write_database(root: Path | str) -> Path:
    """(Re)build the database of the warehouse at ``root`` over the tables it holds; written whole or not at all."""
    root = Path(root).absolute()
    target = root / DATABASE
    tmp = root / f".{DATABASE}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    present = [name for name in TABLES if (root / f"{name}.parquet").exists()]
    with duckdb.connect(str(tmp)) as con:
        for name in present:
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_literal(root / f'{name}.parquet')})")
        if {"claims", "quantities", "articles"} <= set(present):
            con.execute(f"CREATE VIEW timeline AS {TIMELINE}")
    os.replace(tmp, target)
    return target
