"""The suites as data: load the JSON, and work out the runtime parameters each one names.

A suite is plain GX 1.x JSON (``gx.ExpectationSuite(**json)``). Its ``meta.claimtrack`` says
which asset it checks, which columns name an offending row, and where each ``$PARAMETER``
comes from: a date (``"1900-01-01"`` or ``"today+1"``), a column of another table
(``"articles.article_id"``, optionally only rows ``"where": {"status": "ok"}``), or the corpus listing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SUITES_DIR = Path(__file__).resolve().parent / "suites"
INTEGRITY = "integrity"  # ids, keys, spans, references, enums: a failure blocks the publish
QUALITY = "quality"  # heuristics on one row: offending rows are moved to rejected_rows, the run goes on


@dataclass(frozen=True)
class Suite:
    name: str
    asset: str
    index_columns: list[str]
    parameters: dict[str, dict]
    body: dict = field(repr=False)
    references: dict[str, dict] = field(default_factory=dict)

    def part(self, severity: str) -> Suite:
        """The same suite with only the expectations of one severity; the quality part is named
        ``<suite>_quality`` so that its results and Data Docs page stand beside the integrity ones."""
        body = dict(self.body)
        body["expectations"] = [e for e in self.body["expectations"] if severity_of(e) == severity]
        body["name"] = self.name if severity == INTEGRITY else f"{self.name}_{QUALITY}"
        return Suite(body["name"], self.asset, self.index_columns, self.parameters, body, self.references)

    @property
    def columns(self) -> set[str]:
        """Every column the suite reads: those its expectations and row conditions name, the keys that name an
        offending row, and the columns its reference flags are made from."""
        named: set[str] = set(self.index_columns)
        for expectation in self.body["expectations"]:
            named |= _named_columns(expectation.get("kwargs", {}))
        named |= {spec["column"] for spec in self.references.values()}
        return named

    @property
    def has_quality_rules(self) -> bool:
        return any(severity_of(e) == QUALITY for e in self.body["expectations"])


COLUMN_KEYS = ("column", "column_A", "column_B")


def _named_columns(kwargs: object) -> set[str]:
    """Column names anywhere in an expectation's kwargs: ``column``, ``column_A``/``column_B``, ``column_list``,
    and a row condition's ``{"column": {"name": ...}}`` at any depth (conditions nest with and/or)."""
    named: set[str] = set()
    if isinstance(kwargs, dict):
        for key, value in kwargs.items():
            if key in COLUMN_KEYS and isinstance(value, str):
                named.add(value)
            elif key == "column" and isinstance(value, dict) and isinstance(value.get("name"), str):
                named.add(value["name"])
            elif key == "column_list" and isinstance(value, list):
                named |= {c for c in value if isinstance(c, str)}
            else:
                named |= _named_columns(value)
    elif isinstance(kwargs, list):
        for value in kwargs:
            named |= _named_columns(value)
    return named


def severity_of(expectation: dict) -> str:
    """``integrity`` or ``quality``, from the expectation's meta; a rule that says nothing blocks."""
    severity = (expectation.get("meta") or {}).get("severity", INTEGRITY)
    if severity not in (INTEGRITY, QUALITY):
        raise ValueError(f"unknown severity {severity!r} in {expectation['type']}")
    return severity


def rule_name(expectation: dict) -> str:
    """A quality rule's short name (meta.rule), else its type and column."""
    meta = expectation.get("meta") or {}
    if meta.get("rule"):
        return meta["rule"]
    kwargs = expectation.get("kwargs", {})
    column = kwargs.get("column") or kwargs.get("column_A") or "+".join(kwargs.get("column_list", []))
    return f"{expectation['type']}({column})"


def load_suite(path: Path) -> Suite:
    body = json.loads(path.read_text(encoding="utf-8"))
    spec = body.get("meta", {}).get("claimtrack", {})
    return Suite(
        name=body["name"],
        asset=spec.get("asset", body["name"]),
        index_columns=list(spec.get("index_columns", [])),
        parameters=dict(spec.get("parameters", {})),
        body=body,
        references=dict(spec.get("references", {})),
    )


def all_suites(folder: Path = SUITES_DIR) -> list[Suite]:
    return [load_suite(p) for p in sorted(folder.glob("*.json"))]


def suite_named(name: str) -> Suite:
    return load_suite(SUITES_DIR / f"{name}.json")


def docs_suites(folder: Path = SUITES_DIR) -> list[Suite]:
    """What the Data Docs list: each suite's integrity part, and its quality part where it has one."""
    parts = []
    for suite in all_suites(folder):
        parts.append(suite.part(INTEGRITY))
        if suite.has_quality_rules:
            parts.append(suite.part(QUALITY))
    return parts


def _date(text: str, today: date) -> pd.Timestamp:
    if text.startswith("today"):
        offset = int(text[len("today") :] or 0)
        return pd.Timestamp(today + timedelta(days=offset))
    return pd.Timestamp(date.fromisoformat(text))


def _column_values(where_from: str, where: dict, read_table: Callable[[str], pa.Table]) -> list:
    """The distinct values of ``"table.column"``, of the rows matching ``where`` ({"status": "ok"})."""
    table_name, column = where_from.split(".", 1)
    table = read_table(table_name)
    for key, wanted in where.items():
        table = table.filter(pc.equal(table[key], wanted))
    return pc.unique(table[column]).to_pylist()


def add_reference_flags(suite: Suite, frame: pd.DataFrame, read_table: Callable[[str], pa.Table]) -> pd.DataFrame:
    """One boolean column per ``references`` entry: the row's value is null or found in the other table's
    column (``"in": "articles.article_id"``, optionally ``"where"``). The suite expects the flag to be true,
    so a broken reference still names its row, without handing GX the other table's ids as a value set
    (GX copies a value set with every expectation's configuration: minutes at 40,000 ids)."""
    for flag, spec in suite.references.items():
        known = pd.Index(_column_values(spec["in"], spec.get("where", {}), read_table))
        values = frame[spec["column"]]
        frame[flag] = values.isna() | values.isin(known)
    return frame


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
            found = _column_values(spec["column"], spec.get("where", {}), read_table)
            values[name] = sorted(v for v in found if v is not None)
        elif "corpus" in spec:
            if corpus_files is None:
                raise ValueError(f"suite {suite.name} needs the corpus listing for {name}")
            values[name] = sorted(corpus_files())
        else:
            raise ValueError(f"suite {suite.name}: parameter {name} has no known source: {spec}")
    return values
