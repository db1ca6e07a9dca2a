"""``report.html``: per quantity, a timeline of its reported figures by source, and the conflicts.

Each quantity gets an inline SVG chart (no script, no network, so it opens from a file or a mail
attachment and renders the same in any browser): dates run left to right (figures without a date
in a last "no date" column), values bottom to top; an exact figure is a point, an approximate or
bounded one a bar over its interval (an open bound runs to the top edge with an arrow), colours are
sources, and a dashed line joins each superseded figure to the figure of the next date that replaced it. Under the
chart come the conflicts and updates with their reasons, and every figure's sentence with its
document and span. Quantities are ordered conflicting, updated, then by number of claims;
beyond ``MAX_CHARTS`` the rest are listed in a table without a chart.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from datetime import date
from pathlib import Path

from claimtrack.intervals import claim_interval
from claimtrack.relations import attribution_label
from claimtrack.warehouse import write_text

MAX_CHARTS = 500
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 16, 40
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"]
STATUS_ORDER = {"conflicting": 0, "updated": 1, "consistent": 2}


def _fmt(x: float | None) -> str:
    if x is None:
        return "open"  # no figure given for that end ("more than 400" has no high)
    if math.isinf(x):
        return "∞"
    return f"{x:,.0f}" if abs(x) >= 100 or float(x).is_integer() else f"{x:,.2f}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _esc(text: object) -> str:
    return html.escape("" if text is None else str(text))


def order(quantities: list[dict]) -> list[dict]:
    return sorted(quantities, key=lambda q: (STATUS_ORDER.get(q["status"], 3), -q["n_claims"], q["quantity_id"]))


def _source(claim: dict) -> str:
    return attribution_label(claim) or "unattributed"


def chart(quantity: dict, claims: list[dict], relations: list[dict]) -> str:
    """One quantity's timeline as an SVG element with id ``chart-<quantity_id>``."""
    figures = []
    for c in claims:
        interval = claim_interval(c["qualifier"], c.get("value"), c.get("low"), c.get("high"), c.get("surface") or "")
        if interval is not None:
            figures.append((c, interval))
    dates = sorted({c["as_of"] for c, _ in figures if c.get("as_of")})
    columns: list[date | None] = [*dates, *([None] if any(not c.get("as_of") for c, _ in figures) else [])]
    finite = [v for _, i in figures for v in (i.low, i.high) if not math.isinf(v)]
    finite += [c["value"] for c, _ in figures if c.get("value") is not None]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    pad = (hi - lo) * 0.15 or max(abs(hi) * 0.15, 1.0)
    lo, hi = max(0.0, lo - pad), hi + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(v: float) -> float:
        v = min(v, hi)
        return TOP + plot_h - (v - lo) / (hi - lo) * plot_h

    step = plot_w / max(len(columns), 1)
    sources = sorted({_source(c) for c, _ in figures})
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sources)}
    by_column: dict[object, list] = defaultdict(list)
    for c, i in figures:
        by_column[c.get("as_of")].append((c, i))
    parts = [
        f'<svg id="chart-{_esc(quantity["quantity_id"])}" class="quantity-chart" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" data-claims="{len(figures)}" '
        f'aria-label="{_esc(quantity["counted"])}: figures over time">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ccc"/>',
    ]
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        parts.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11">{_fmt(v)}</text>')
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#eee"/>')
    positions: dict[str, tuple[float, float]] = {}
    for n, column in enumerate(columns):
        centre = LEFT + step * (n + 0.5)
        label = column.isoformat() if column else "no date"
        parts.append(f'<text x="{centre:.1f}" y="{HEIGHT - 18}" text-anchor="middle" font-size="11">{label}</text>')
        group = by_column[column]
        for k, (c, i) in enumerate(group):
            x = centre + (k - (len(group) - 1) / 2) * min(14, step / max(len(group), 1))
            tip = _esc(f"{c['surface']} — {_source(c)} — {i.describe()}")
            fill = colour[_source(c)]
            if c["qualifier"] == "exact" and c.get("value") is not None:  # as stated, without the rounding width
                cy = y(c["value"])
                parts.append(
                    f'<circle class="figure exact" data-claim="{_esc(c["claim_id"])}" cx="{x:.1f}" '
                    f'cy="{cy:.1f}" r="5" fill="{fill}"><title>{tip}</title></circle>'
                )
                positions[c["claim_id"]] = (x, cy)
            else:
                top, bottom = y(i.high), y(i.low)
                parts.append(
                    f'<rect class="figure interval" data-claim="{_esc(c["claim_id"])}" x="{x - 3:.1f}" '
                    f'y="{top:.1f}" width="6" height="{max(bottom - top, 2):.1f}" fill="{fill}" opacity="0.75">'
                    f"<title>{tip}</title></rect>"
                )
                if math.isinf(i.high):
                    parts.append(f'<path d="M{x - 6:.1f},{top + 8:.1f} L{x:.1f},{top:.1f} L{x + 6:.1f},{top + 8:.1f}" '
                                 f'fill="none" stroke="{fill}" stroke-width="2"/>')  # fmt: skip
                point = c.get("value") if c.get("value") is not None else (i.low if math.isinf(i.high) else None)
                positions[c["claim_id"]] = (x, y(point) if point is not None else (top + bottom) / 2)
    column_of = {c["claim_id"]: columns.index(c.get("as_of")) for c, _ in figures}
    for r in relations:  # only a step to the next date: longer links repeat what the steps already show
        a, b = r["claim_id_a"], r["claim_id_b"]
        if r["relation"] == "update" and a in positions and b in positions and column_of[b] == column_of[a] + 1:
            (x1, y1), (x2, y2) = positions[r["claim_id_a"]], positions[r["claim_id_b"]]
            parts.append(
                f'<line class="update-link" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                'stroke="#555" stroke-dasharray="4 3"/>'
            )
    for n, s in enumerate(sources[:6]):
        lx = LEFT + n * (plot_w / min(len(sources), 6))
        parts.append(f'<circle cx="{lx + 6:.1f}" cy="{HEIGHT - 6}" r="4" fill="{colour[s]}"/>')
        parts.append(f'<text x="{lx + 14:.1f}" y="{HEIGHT - 2}" font-size="10">{_esc(s[:28])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _section(quantity: dict, claims: list[dict], relations: list[dict]) -> str:
    qid = quantity["quantity_id"]
    scope = f" — {_esc(quantity['scope'])}" if quantity.get("scope") else ""
    head = (
        f'<section class="quantity" id="{_esc(qid)}"><h2>{_esc(quantity.get("name") or quantity["counted"])} '
        f'<small>({_esc(quantity["unit"])}{scope})</small> <span class="status {quantity["status"]}">'
        f"{quantity['status']}</span></h2>"
        f"<p>{_count(quantity['n_claims'], 'figure')} from {_count(quantity['n_sources'], 'independent source')}; best "
        f"{_fmt(quantity['best'])} (low {_fmt(quantity['low'])}, high {_fmt(quantity['high'])}); latest "
        f"{_fmt(quantity['latest_value'])} from {_esc(quantity.get('latest_source') or 'an unattributed report')}"
        f"{' as of ' + quantity['latest_as_of'].isoformat() if quantity.get('latest_as_of') else ''}.</p>"
    )
    listed = sorted((r for r in relations if r["relation"] in ("conflict", "update")), key=lambda r: r["relation"])
    items = "".join(
        f'<li class="{r["relation"]}"><b>{r["relation"]}</b>: {_esc(r["reason"])} '
        f'(<a href="#claim-{_esc(r["claim_id_a"])}">first</a>, '
        f'<a href="#claim-{_esc(r["claim_id_b"])}">second</a>)</li>'
        for r in listed
    )
    sentences = "".join(
        f'<li id="claim-{_esc(c["claim_id"])}"><q>{_esc(c["sentence"])}</q> — {_esc(_source(c))}, '
        f"{_esc(c['as_of'] or 'no date')}, <code>{_esc(c['document'])} [{c['doc_start']}:{c['doc_end']}]</code></li>"
        for c in sorted(claims, key=lambda c: (c.get("as_of") or date.max, c["claim_id"]))
    )
    return (
        head
        + chart(quantity, claims, relations)
        + (f'<ul class="relations">{items}</ul>' if items else "")
        + f"<details><summary>The {len(claims)} sentences</summary><ul>{sentences}</ul></details></section>"
    )


def render(quantities: list[dict], relations: list[dict], claims: list[dict], title: str = "claimtrack report") -> str:
    """The whole page."""
    by_id = {c["claim_id"]: c for c in claims}
    by_quantity: dict[str, list[dict]] = defaultdict(list)
    for r in relations:
        by_quantity[r["quantity_id"]].append(r)
    ordered = order(quantities)
    charted, rest = ordered[:MAX_CHARTS], ordered[MAX_CHARTS:]
    counts = defaultdict(int)
    for q in quantities:
        counts[q["status"]] += 1
    sections = "".join(
        _section(q, [by_id[i] for i in q["claim_ids"] if i in by_id], by_quantity[q["quantity_id"]]) for q in charted
    )
    rest_rows = "".join(
        f"<tr><td>{_esc(q['counted'])}</td><td>{_esc(q['unit'])}</td><td>{_esc(q.get('scope') or '')}</td>"
        f"<td>{q['n_claims']}</td><td>{_fmt(q['best'])}</td><td>{q['status']}</td></tr>"
        for q in rest
    )
    rest_table = (
        f"<h2>{len(rest)} more quantities</h2><table><tr><th>counted</th><th>unit</th><th>scope</th><th>claims</th>"
        f"<th>best</th><th>status</th></tr>{rest_rows}</table>"
        if rest
        else ""
    )
    style = (
        "body{font-family:system-ui,sans-serif;max-width:760px;margin:2em auto;color:#222}"
        "section{border-top:1px solid #ddd;padding-top:.5em}.status{font-size:.7em;padding:2px 6px;border-radius:4px}"
        ".conflicting{background:#fdd}.updated{background:#ffd}.consistent{background:#dfd}"
        "li.conflict b{color:#b00}li.update b{color:#a60}q{font-style:italic}small{color:#666}"
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{_esc(title)}</title>'
        f"<style>{style}</style></head><body><h1>{_esc(title)}</h1>"
        f"<p>{len(quantities)} quantities from {len(claims)} claims: {counts['conflicting']} conflicting, "
        f"{counts['updated']} updated, {counts['consistent']} consistent. Bars are intervals (approximate, "
        "bounded or vague figures), points exact figures, dashed lines join a figure to the one that replaced it.</p>"
        f"{sections}{rest_table}</body></html>"
    )


def write_report(path: Path, quantities: list[dict], relations: list[dict], claims: list[dict], title: str) -> None:
    """Render the page and put it at ``path`` whole (a reader never sees half a report)."""
    write_text(path, render(quantities, relations, claims, title))


def summary_markdown(quantities: list[dict], rows: int = 20) -> str:
    """The same summary as a markdown table, for the asset's metadata in the Dagster UI."""
    lines = [
        "| counted | unit | scope | claims | sources | status | best | low | high | latest |",
        "| --- | --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for q in order(quantities)[:rows]:
        latest = f"{_fmt(q['latest_value'])} ({q.get('latest_source') or 'unattributed'})"
        lines.append(
            f"| {q['counted']} | {q['unit']} | {q.get('scope') or ''} | {q['n_claims']} | {q['n_sources']} | "
            f"{q['status']} | {_fmt(q['best'])} | {_fmt(q['low'])} | {_fmt(q['high'])} | {latest} |"
        )
    return "\n".join(lines)
