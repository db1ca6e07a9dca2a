"""The Data Docs index and one page per suite, rendered here from the stored validation results.

GX's own site loads jQuery, Bootstrap and its table scripts from CDNs, so without a network its
index is an empty page. These pages need nothing but the files themselves: no script, one inline
stylesheet, links only to each other (and to GX's pages, kept beside them as ``index-gx.html``).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, select_autoescape

from expectations.suites import QUALITY, Suite

GX_INDEX = "index-gx.html"
PAGES = "suites"

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #1d2430; padding: 0 1em; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { text-align: left; padding: .35em .6em; border-bottom: 1px solid #dde2ea; vertical-align: top; }
th { background: #f3f5f8; }
.ok { color: #146c2e; font-weight: 600; } .failed { color: #a4161a; font-weight: 600; }
.muted { color: #5b6472; } code { font-size: 12px; overflow-wrap: anywhere; }
"""

_INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>claimtrack validation</title><style>{{ style }}</style></head>
<body>
<h1>claimtrack validation</h1>
<p class="muted">Run {{ run }}. {{ passed }} of {{ rows | length }} suites passed. Integrity suites block the
publish; <code>_quality</code> suites move offending rows to <code>rejected_rows</code> and never block.</p>
<table>
<tr><th>suite</th><th>table</th><th>status</th><th>expectations</th><th>failed</th><th>run</th></tr>
{% for row in rows %}
<tr><td><a href="{{ pages }}/{{ row.name }}.html">{{ row.name }}</a></td><td>{{ row.table }}</td>
<td class="{{ 'ok' if row.success else 'failed' }}">{{ 'passed' if row.success else 'failed' }}</td>
<td>{{ row.evaluated }}</td><td>{{ row.failed }}</td><td class="muted">{{ row.run }}</td></tr>
{% endfor %}
</table>
<p class="muted"><a href="{{ gx_index }}">Great Expectations' own pages</a> (their styles and tables load from
the network).</p>
</body></html>
"""

_SUITE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ name }}</title><style>{{ style }}</style></head>
<body>
<p><a href="../index.html">all suites</a></p>
<h1>{{ name }} <span class="{{ 'ok' if success else 'failed' }}">{{ 'passed' if success else 'failed' }}</span></h1>
<p class="muted">Table <code>{{ table }}</code>, run {{ run }}, {{ evaluated }} expectations.</p>
<table>
<tr><th>expectation</th><th>column</th><th>why</th><th>status</th><th>unexpected</th>
<th>offending rows (first)</th></tr>
{% for item in items %}
<tr><td><code>{{ item.type }}</code></td><td><code>{{ item.column }}</code></td><td>{{ item.why }}</td>
<td class="{{ 'ok' if item.success else 'failed' }}">{{ 'passed' if item.success else 'failed' }}</td>
<td>{{ item.unexpected }}</td><td><code>{{ item.offending }}</code></td></tr>
{% endfor %}
</table>
</body></html>
"""

_ENVIRONMENT = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def _column(kwargs: dict) -> str:
    return kwargs.get("column") or kwargs.get("column_A") or ", ".join(kwargs.get("column_list", []))


def _item(result: dict) -> dict:
    config = result.get("expectation_config", {})
    outcome = result.get("result") or {}
    offending = outcome.get("partial_unexpected_list") or outcome.get("unexpected_index_list") or []
    return {
        "type": config.get("type", ""),
        "column": _column(config.get("kwargs", {})),
        "why": (config.get("meta") or {}).get("why", ""),
        "success": bool(result.get("success")),
        "unexpected": outcome.get("unexpected_count", ""),
        "offending": ", ".join(str(v) for v in offending[:10]),
    }


def write_offline_site(suites: list[Suite], results: dict[str, dict], target: Path, run_name: str) -> Path:
    """``index.html`` and ``suites/<suite>.html`` in ``target`` from the results by suite name; GX's index,
    if there, is kept as ``index-gx.html``. Returns the index."""
    gx_index = target / "index.html"
    if gx_index.exists():
        gx_index.replace(target / GX_INDEX)
    (target / PAGES).mkdir(parents=True, exist_ok=True)
    tables = {name: suite.asset for suite in suites for name in (suite.name, f"{suite.name}_{QUALITY}")}
    rows = []
    for name, result in sorted(results.items()):
        statistics = result.get("statistics", {})
        run = (result.get("meta") or {}).get("claimtrack_run") or run_name
        row = {
            "name": name,
            "table": tables.get(name, name.removesuffix("_quality")),
            "success": bool(result.get("success")),
            "evaluated": statistics.get("evaluated_expectations", 0),
            "failed": statistics.get("unsuccessful_expectations", 0),
            "run": run,
        }
        rows.append(row)
        page = _ENVIRONMENT.from_string(_SUITE).render(
            style=_STYLE, items=[_item(r) for r in result.get("results", [])], **row
        )
        (target / PAGES / f"{name}.html").write_text(page, encoding="utf-8")
    index = _ENVIRONMENT.from_string(_INDEX).render(
        style=_STYLE,
        rows=rows,
        run=run_name,
        passed=sum(r["success"] for r in rows),
        pages=PAGES,
        gx_index=GX_INDEX,
    )
    (target / "index.html").write_text(index, encoding="utf-8")
    return target / "index.html"
