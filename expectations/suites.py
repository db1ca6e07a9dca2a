"""The suites as data: load the JSON, and work out the runtime parameters each one names.

A suite is plain GX 1.x JSON (``gx.ExpectationSuite(**json)``). Its ``meta.claimtrack`` says
which asset it checks, which columns name an offending row, and where each ``$PARAMETER``
comes from: a date (``"1900-01-01"`` or ``"today+1"``), a column of another table
(``"articles.article_id"``, optionally filtered by a pandas query), or the corpus listing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa

SUITES_DIR = Path(__file__).resolve().parent / "suites"


@dataclass(frozen=True)
class Suite:
    name: str
    asset: str
    index_columns: list[str]
    parameters: dict[str, dict]
    body: dict = field(repr=False)

    @property
    def tables_needed(self) -> list[str]:
        """Other tables the parameters read (their rows decide referential checks)."""
        tables = {spec["column"].split(".")[0] for spec in self.parameters.values() if "column" in spec}
        return sorted(tables - {self.asset})

    @property
    def needs_corpus(self) -> bool:
        return any("corpus" in spec for spec in self.parameters.values())

    def expectation_lines(self) -> list[str]:
        """One readable line per expectation, for docs and check descriptions."""
        lines = []
        for exp in self.body["expectations"]:
            kwargs = {k: v for k, v in exp["kwargs"].items() if k != "condition_parser"}
            why = exp.get("meta", {}).get("why")
            lines.append(f"{exp['type']}({json.dumps(kwargs)})" + (f" — {why}" if why else ""))
        return lines


def load_suite(path: Path) -> Suite:
    body = json.loads(path.read_text(encoding="utf-8"))
    spec = body.get("meta", {}).get("claimtrack", {})
    return Suite(
        name=body["name"],
        asset=spec.get("asset", body["name"]),
        index_columns=list(spec.get("index_columns", [])),
        parameters=dict(spec.get("parameters", {})),
        body=body,
    )


def all_suites(folder: Path = SUITES_DIR) -> list[Suite]:
    return [load_suite(p) for p in sorted(folder.glob("*.json"))]


def _date(text: str, today: date) -> pd.Timestamp:
    if text.startswith("today"):
        offset = int(text[len("today") :] or 0)
        return pd.Timestamp(today + timedelta(days=offset))
    return pd.Timestamp(date.fromisoformat(text))


def resolve_parameters(
    suite: Suite,
    read_table: Callable[[str], pa.Table],
    corpus_files: Callable[[], list[str]] | None = None,
    today: date | None = None,
) -> dict[str, object]:
    """Values for every ``$PARAMETER`` of the suite, read from the run's tables and corpus."""
    today = today or date.today()
    values: dict[str, object] = {}
    for name, spec in suite.parameters.items():
        if "date" in spec:
            values[name] = _date(spec["date"], today)
        elif "column" in spec:
            table_name, column = spec["column"].split(".", 1)
            columns = [column] + ([c for c in _query_columns(spec["where"])] if "where" in spec else [])
            frame = read_table(table_name).select(sorted(set(columns))).to_pandas()
            if "where" in spec:
                frame = frame.query(spec["where"])
            values[name] = sorted(frame[column].dropna().unique().tolist())
        elif "corpus" in spec:
            if corpus_files is None:
                raise ValueError(f"suite {suite.name} needs the corpus listing for {name}")
            values[name] = sorted(corpus_files())
        else:
            raise ValueError(f"suite {suite.name}: parameter {name} has no known source: {spec}")
    return values


def _query_columns(query: str) -> list[str]:
    """Column names a simple ``col == 'x'`` filter uses."""
    return [token for token in query.replace("(", " ").replace(")", " ").split() if token.isidentifier()][:1]
