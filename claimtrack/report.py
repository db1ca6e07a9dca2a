"""``report.html``: where reports of the same quantity disagree or change, with who said what, and the rest.

The page shows only figures someone reported: each as written, with its interval in words ("≥ 400" for
"more than 400", "24–99" for "dozens"), who said it and for which day. Quantities with a conflict or an
update come first, each with an inline SVG timeline (no script, no network: it opens from a file or a mail
attachment the same in any browser): dates left to right (figures without a date in a last "no date"
column), values bottom to top; an exact figure is a point, any other a bar over its interval (an open bound
runs to the top edge with an arrow); colours are who said it, named in a legend under the chart that wraps
instead of cutting a name; a dashed line joins a figure to the one of the next date that replaced it. Then
the quantities whose figures agree, then every quantity reported once, in one compact table. The page is
rendered from ``claimtrack/templates/report.html.j2`` with Jinja2 (escaping on).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from claimtrack.intervals import claim_interval
from claimtrack.relations import attribution_label
from claimtrack.warehouse import write_text

MAX_CHARTS = 500
WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 16, 30
LABEL_WIDTH = 74  # room a date label needs on the time axis, in px: closer labels are thinned out
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"]
STATUS_ORDER = {"conflicting": 0, "updated": 1, "consistent": 2}


def _fmt(x: float | None) -> str:
    if x is None:
        return "open"
    if math.isinf(x):
        return "∞"
    return f"{x:,.0f}" if abs(x) >= 100 or float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """'1 sentence', '3 sentences', '1 quantity', '2 quantities'."""
    return f"{n} {noun if n == 1 else (nouns or noun + 's')}"


def span_text(low: float | None, high: float | None) -> str:
    """An interval in words, never a made-up midpoint: '78', '63–77', '≥ 400', '≤ 50'."""
    if low is None and high is None:
        return ""
    if high is None or math.isinf(high):
        return f"≥ {_fmt(low)}" if low is not None else ""
    if low is None or (math.isinf(low) and low < 0):
        return f"≤ {_fmt(high)}"
    return _fmt(low) if low == high else f"{_fmt(low)}–{_fmt(high)}"


def order(quantities: list[dict]) -> list[dict]:
    return sorted(quantities, key=lambda q: (STATUS_ORDER.get(q["status"], 3), -q["n_claims"], q["quantity_id"]))


def said_by(claim: dict) -> str:
    return claim.get("said_by") or attribution_label(claim) or "unattributed"


@dataclass
class Figure:
    claim: dict
    low: float
    high: float
    words: str  # the interval in words

    @property
    def exact(self) -> bool:
        return self.claim["qualifier"] == "exact" and self.claim.get("value") is not None


def figures_of(claims: list[dict]) -> list[Figure]:
    found = []
    for c in claims:
        interval = claim_interval(c["qualifier"], c.get("value"), c.get("low"), c.get("high"), c.get("surface") or "")
        if interval is None:
            continue
        words = _fmt(c["value"]) if c["qualifier"] == "exact" and c.get("value") is not None else None
        if c["qualifier"] == "upper_bound" and not math.isinf(interval.high):
            words = f"≤ {_fmt(interval.high)}"  # "up to 21%": nobody said anything about its lower end
        found.append(Figure(c, interval.low, interval.high, words or span_text(interval.low, interval.high)))
    return found


@dataclass
class Chart:
    svg_parts: list[str]
    legend: list[tuple[str, str]]  # (colour, who)
    n_figures: int


def chart(figures: list[Figure], relations: list[dict]) -> Chart:
    """One quantity's timeline: SVG elements (escaped here, marked safe in the template) and its legend."""
    dates = sorted({f.claim["as_of"] for f in figures if f.claim.get("as_of")})
    columns: list[date | None] = [*dates, *([None] if any(not f.claim.get("as_of") for f in figures) else [])]
    finite = [v for f in figures for v in (f.low, f.high) if not math.isinf(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    pad = (hi - lo) * 0.15 or max(abs(hi) * 0.15, 1.0)
    lo, hi = max(0.0, lo - pad), hi + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(v: float) -> float:
        return TOP + plot_h - (min(v, hi) - lo) / (hi - lo) * plot_h

    step = plot_w / max(len(columns), 1)
    every = max(1, math.ceil(LABEL_WIDTH / step))  # thin the date labels so that none overlaps the next
    who = sorted({said_by(f.claim) for f in figures})
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(who)}
    by_column: dict[object, list[Figure]] = defaultdict(list)
    for f in figures:
        by_column[f.claim.get("as_of")].append(f)
    parts = [f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ccc"/>']
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        parts.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11">{_fmt(v)}</text>')
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#eee"/>')
    positions: dict[str, tuple[float, float]] = {}
    for n, column in enumerate(columns):
        centre = LEFT + step * (n + 0.5)
        if n % every == 0 or n == len(columns) - 1 and (n % every) * step >= LABEL_WIDTH:
            label = column.isoformat() if column else "no date"
            parts.append(
                f'<text class="date" x="{centre:.1f}" y="{HEIGHT - 10}" text-anchor="middle" font-size="11">'
                f"{label}</text>"
            )
        group = by_column[column]
        for k, f in enumerate(group):
            c = f.claim
            x = centre + (k - (len(group) - 1) / 2) * min(14, step / max(len(group), 1))
            tip = escape(f"{c['surface']} ({f.words}) — {said_by(c)}")
            fill = colour[said_by(c)]
            claim_id = escape(c["claim_id"])
            if f.exact:
                cy = y(c["value"])
                parts.append(
                    f'<circle class="figure exact" data-claim="{claim_id}" cx="{x:.1f}" cy="{cy:.1f}" r="5" '
                    f'fill="{fill}"><title>{tip}</title></circle>'
                )
                positions[c["claim_id"]] = (x, cy)
                continue
            top, bottom = y(f.high), y(f.low)
            parts.append(
                f'<rect class="figure interval" data-claim="{claim_id}" x="{x - 3:.1f}" y="{top:.1f}" width="6" '
                f'height="{max(bottom - top, 2):.1f}" fill="{fill}" opacity="0.75"><title>{tip}</title></rect>'
            )
            if math.isinf(f.high):
                parts.append(
                    f'<path class="open-bound" d="M{x - 6:.1f},{top + 8:.1f} L{x:.1f},{top:.1f} L{x + 6:.1f},'
                    f'{top + 8:.1f}" fill="none" stroke="{fill}" stroke-width="2"/>'
                )
            point = c.get("value") if c.get("value") is not None else (f.low if math.isinf(f.high) else None)
            positions[c["claim_id"]] = (x, y(point) if point is not None else (top + bottom) / 2)
    column_of = {f.claim["claim_id"]: columns.index(f.claim.get("as_of")) for f in figures}
    for r in relations:  # only a step to the next date: longer links repeat what the steps already show
        a, b = r["claim_id_a"], r["claim_id_b"]
        if r["relation"] == "update" and a in positions and b in positions and column_of[b] == column_of[a] + 1:
            (x1, y1), (x2, y2) = positions[a], positions[b]
            parts.append(
                f'<line class="update-link" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                'stroke="#555" stroke-dasharray="4 3"/>'
            )
    return Chart(parts, [(colour[s], s) for s in who], len(figures))


def _latest(figures: list[Figure], latest_value: float | None) -> Figure | None:
    """The figure of the last day; of several that day, the one the quantity's latest value is."""
    dated = [f for f in figures if f.claim.get("as_of")]
    key = lambda f: (f.claim["as_of"], f.claim.get("value") == latest_value, f.claim["claim_id"])  # noqa: E731
    return max(dated, key=key) if dated else None


def _reported_span(figures: list[Figure]) -> str:
    """The lowest and the highest figure as reported: 'lowest 40, highest ≥ 90' (an open one stays open)."""
    lows = [f.low for f in figures if not math.isinf(f.low) and f.claim["qualifier"] != "upper_bound"]
    if not lows:
        return ""
    top = max(figures, key=lambda f: f.low if math.isinf(f.high) else f.high)
    highest = f"≥ {_fmt(top.low)}" if math.isinf(top.high) else _fmt(top.high)
    return f"lowest {_fmt(min(lows))}, highest {highest}"


def _section(quantity: dict, claims: list[dict], relations: list[dict]) -> dict:
    figures = figures_of(claims)
    latest = _latest(figures, quantity.get("latest_value"))
    listed = sorted((r for r in relations if r["relation"] in ("conflict", "update")), key=lambda r: r["relation"])
    sentences = sorted(claims, key=lambda c: (c.get("as_of") or date.max, c["claim_id"]))
    return {
        "quantity": quantity,
        "name": quantity.get("name") or quantity["counted"],
        "figures": plural(len(figures), "figure"),
        "sources": plural(quantity["n_sources"], "independent source"),
        "span": _reported_span(figures),
        "latest": latest,
        "latest_by": said_by(latest.claim) if latest else "",
        "chart": chart(figures, relations),
        "relations": listed,
        "sentences": [{"claim": c, "by": said_by(c)} for c in sentences],
        "sentences_label": plural(len(sentences), "sentence"),
    }


@cache
def _template():
    environment = Environment(
        loader=PackageLoader("claimtrack", "templates"), autoescape=select_autoescape(default=True)
    )
    environment.filters["safe_svg"] = lambda parts: Markup("".join(parts))  # built from escaped values above
    return environment.get_template("report.html.j2")


def render(quantities: list[dict], relations: list[dict], claims: list[dict], title: str = "claimtrack report") -> str:
    """The whole page."""
    return "".join(page_pieces(quantities, relations, claims, title))


def page_pieces(
    quantities: list[dict], relations: list[dict], claims: list[dict], title: str = "claimtrack report"
) -> Iterator[str]:
    """The page as the template produces it, piece by piece: at 10,000 articles it is some 50 MB of HTML, which
    is written out as it comes rather than held whole (and again as the joined string)."""
    by_id = {c["claim_id"]: c for c in claims}
    by_quantity: dict[str, list[dict]] = defaultdict(list)
    for r in relations:
        by_quantity[r["quantity_id"]].append(r)

    own = {q["quantity_id"]: [by_id[i] for i in q["claim_ids"] if i in by_id] for q in quantities}
    ordered = order(quantities)
    several = [q for q in ordered if len(own[q["quantity_id"]]) > 1][:MAX_CHARTS]  # beyond: in the table
    charted = {q["quantity_id"] for q in several}
    sections = {q["quantity_id"]: _section(q, own[q["quantity_id"]], by_quantity[q["quantity_id"]]) for q in several}
    changing = [sections[q["quantity_id"]] for q in several if q["status"] != "consistent"]
    agreeing = [sections[q["quantity_id"]] for q in several if q["status"] == "consistent"]
    single = []
    for q in ordered:
        if q["quantity_id"] in charted:
            continue
        figures = figures_of(own[q["quantity_id"]])
        f = figures[-1] if figures else None
        single.append({"quantity": q, "figure": f, "by": said_by(f.claim) if f else ""})
    counts = defaultdict(int)
    for q in quantities:
        counts[q["status"]] += 1
    return _template().generate(
        title=title,
        summary=(
            f"{plural(len(quantities), 'quantity', 'quantities')} from {plural(len(claims), 'figure')}: "
            f"{counts['conflicting']} conflicting, {counts['updated']} updated, {counts['consistent']} consistent."
        ),
        changing=changing,
        agreeing=agreeing,
        single=single,
        width=WIDTH,
        height=HEIGHT,
        plural=plural,
    )


# what the page shows of a claim: a run's claims table has more columns, and the page holds every claim of every
# quantity as a Python dict, so the others are left unread
CLAIM_COLUMNS = [
    "claim_id", "document", "doc_start", "doc_end", "surface", "sentence", "value", "low", "high", "qualifier",
    "counted", "as_of", "source", "via", "said_by",
]  # fmt: skip


def write_report(path: Path, quantities: list[dict], relations: list[dict], claims: list[dict], title: str) -> None:
    """Render the page and put it at ``path`` whole (a reader never sees half a report)."""
    write_text(path, page_pieces(quantities, relations, claims, title))


def summary_markdown(quantities: list[dict], rows: int = 20) -> str:
    """The same summary as a markdown table, for the asset's metadata in the Dagster UI."""
    lines = [
        "| quantity | unit | claims | sources | status | reported | latest |",
        "| --- | --- | ---: | ---: | --- | --- | --- |",
    ]
    for q in order(quantities)[:rows]:
        latest = f"{_fmt(q['latest_value'])} ({q.get('latest_source') or 'unattributed'})"
        reported = span_text(q["low"], q["high"]) if q["low"] is not None else ""
        lines.append(
            f"| {q.get('name') or q['counted']} | {q['unit']} | {q['n_claims']} | {q['n_sources']} | "
            f"{q['status']} | {reported} | {latest} |"
        )
    return "\n".join(lines)
