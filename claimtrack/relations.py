"""Cross-reference: how figures of the same quantity relate (``claim_relations``) and one row per
quantity (``quantities``).

Candidates are blocked by quantity key (``claimtrack.quantity_keys``), so the work grows with the
size of each block, not with the corpus. Within a block, two claims are
- ``consistent`` when their intervals (``claimtrack.intervals``) overlap;
- an ``update`` when they do not and hold for different dates (``as_of``, else the date the
  article was published): the later figure supersedes the earlier; a cumulative count that goes
  down is flagged in the reason;
- a ``conflict`` when they do not, hold for the same date, come from different origins and their
  articles share a name or an event noun (so two events of one day in a digest never conflict);
- nothing otherwise (no date, same origin on the same day, or two figures of one article):
  a false conflict is worse than a missed one.
A claim's origin is where the figure comes from: its ``source``, else its ``via``, else the
article's agency or outlet, else the article itself; two outlets citing one ministry are one origin.
Blocks larger than ``PAIRWISE_LIMIT`` compare each claim with its ``NEIGHBOURS`` nearest ones in
date order instead of every pair, which keeps a block of thousands of claims linear.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from claimtrack.intervals import Interval, claim_interval
from claimtrack.quantity_keys import QuantityKey, anchors, quantity_keys

PAIRWISE_LIMIT = 60
NEIGHBOURS = 4


@dataclass(frozen=True)
class Figure:
    """A claim as cross-referencing sees it."""

    claim_id: str
    article_id: str
    surface: str
    sentence: str
    interval: Interval
    qualifier: str
    value: float | None
    low: float | None
    high: float | None
    holds_for: date | None  # as_of, else the publication date
    reported: date | None  # publication date, else as_of
    origin: str
    origin_label: str  # for reasons: "Ministry of Interior via Kazakh media"
    source: str | None
    anchors: frozenset[str]  # what the article is about (``quantity_keys.anchors``)


@dataclass(frozen=True)
class Relation:
    claim_id_a: str
    claim_id_b: str
    relation: str
    reason: str
    quantity_id: str


def quantity_id(key: QuantityKey) -> str:
    text = "\x1f".join([key.unit, key.counted, key.scope, *([key.article] if key.article else [])])
    return "q_" + hashlib.sha256(text.encode()).hexdigest()[:16]


def attribution_label(claim: dict) -> str | None:
    """Who a figure is from, as a reader would say it: "Ministry of Interior via Kazakh media"."""
    source, via = claim.get("source"), claim.get("via")
    return f"{source} via {via}" if source and via else source or via


def _label(claim: dict, article: dict) -> tuple[str, str]:
    fallback = article.get("agency") or article.get("outlet")
    origin = claim.get("source") or claim.get("via") or fallback or f"article {claim['article_id']}"
    return origin.casefold(), attribution_label(claim) or fallback or "unattributed"


def figures(claims: list[dict], articles: dict[str, dict]) -> dict[str, tuple[QuantityKey, Figure]]:
    """claim_id -> (its quantity key, its figure) for every claim with a key and an interval;
    ``articles`` carry their document's ``document_text`` (sliced here, only for articles with claims)."""
    keys = quantity_keys(claims)
    about: dict[str, frozenset[str]] = {}
    found = {}
    for claim in claims:
        key = keys.get(claim["claim_id"])
        interval = claim_interval(
            claim["qualifier"], claim.get("value"), claim.get("low"), claim.get("high"), claim.get("surface") or ""
        )
        if key is None or interval is None:
            continue
        article = articles.get(claim["article_id"], {})
        if claim["article_id"] not in about:  # the outlet's own name says nothing about the event
            byline = " ".join(filter(None, [article.get("agency"), article.get("outlet")])).casefold().split()
            text = (article.get("document_text") or "")[article.get("doc_start", 0) : article.get("doc_end", 0)]
            about[claim["article_id"]] = anchors(text, article.get("dateline")) - set(byline)
        published = article.get("published")
        origin, label = _label(claim, article)
        found[claim["claim_id"]] = (
            key,
            Figure(
                claim_id=claim["claim_id"],
                article_id=claim["article_id"],
                surface=claim["surface"],
                sentence=claim.get("sentence") or "",
                interval=interval,
                qualifier=claim["qualifier"],
                value=claim.get("value"),
                low=claim.get("low"),
                high=claim.get("high"),
                holds_for=claim.get("as_of") or published,
                reported=published or claim.get("as_of"),
                origin=origin,
                origin_label=label,
                source=claim.get("source") or claim.get("via"),
                anchors=about[claim["article_id"]],
            ),
        )
    return found


def _show(f: Figure) -> str:
    when = f.holds_for.isoformat() if f.holds_for else "date unknown"
    return f'"{f.surface}" ({f.interval.describe()}; {f.origin_label}, {when})'


def _what(key: QuantityKey) -> str:
    return f'"{key.counted}" ({key.unit}' + (f", {key.scope})" if key.scope else ")")


def relate(a: Figure, b: Figure, key: QuantityKey) -> tuple[str, Figure, Figure, str] | None:
    """The relation between two figures of one quantity, ordered (earlier first), with its reason."""
    what = _what(key)
    if a.interval.overlaps(b.interval):
        return "consistent", a, b, f"{_show(a)} and {_show(b)} overlap: consistent figures of {what}."
    if a.article_id == b.article_id or a.holds_for is None or b.holds_for is None:
        return None
    if a.holds_for != b.holds_for:
        earlier, later = (a, b) if a.holds_for < b.holds_for else (b, a)
        reason = f"{_show(later)} is a later figure of {what} than {_show(earlier)} and replaces it (update)."
        if key.kind == "cumulative" and later.interval.high < earlier.interval.low:
            reason += " The later figure is lower although this count only grows: check it."
        return "update", earlier, later, reason
    shared = sorted(a.anchors & b.anchors)
    if a.origin != b.origin and shared:
        return (
            "conflict",
            a,
            b,
            f"{_show(a)} and {_show(b)} do not overlap, hold for the same date and come from different "
            f"sources, in reports that share {', '.join(shared[:3])}: conflicting figures of {what}.",
        )
    return None


def _pairs(block: list[Figure]) -> list[tuple[Figure, Figure]]:
    ordered = sorted(block, key=lambda f: (f.holds_for or date.max, f.interval.low, f.claim_id))
    if len(ordered) <= PAIRWISE_LIMIT:
        return [(x, y) for i, x in enumerate(ordered) for y in ordered[i + 1 :]]
    return [(x, y) for i, x in enumerate(ordered) for y in ordered[i + 1 : i + 1 + NEIGHBOURS]]


def relations(found: dict[str, tuple[QuantityKey, Figure]]) -> tuple[dict[QuantityKey, list[Figure]], list[Relation]]:
    """Blocks of figures by quantity, and every relation inside each block."""
    blocks: dict[QuantityKey, list[Figure]] = defaultdict(list)
    for key, figure in found.values():
        blocks[key].append(figure)
    out = []
    for key, block in blocks.items():
        qid = quantity_id(key)
        for x, y in _pairs(block):
            related = relate(x, y, key)
            if related:
                kind, first, second, reason = related
                out.append(Relation(first.claim_id, second.claim_id, kind, reason, qid))
    return dict(blocks), out


def _point(f: Figure) -> float:
    """One number for a figure: its value, else the middle of a closed interval, else its lower bound."""
    if f.value is not None:
        return float(f.value)
    if f.interval.high != math.inf:
        return (f.interval.low + f.interval.high) / 2
    return f.interval.low


def _estimates(f: Figure) -> tuple[float, float]:
    """The lowest and highest figure a claim states (not its rounding width): an exact or approximate
    figure is itself, a bound is its bound, a range or vague amount its two ends."""
    if f.qualifier in ("exact", "approximate") and f.value is not None:
        return f.value, f.value
    low = f.low if f.low is not None else f.interval.low
    high = f.high if f.high is not None else (f.interval.high if f.interval.high != math.inf else low)
    return low, max(low, high)


def _chain(related: list[Relation], by_id: dict[str, Figure]) -> list[Relation]:
    """The updates that make the chain: each figure to the figures of the next date that replaced it
    (43 -> 61 -> 78, not also 43 -> 78)."""
    updates = [r for r in related if r.relation == "update"]
    next_date: dict[str, date] = {}
    for r in updates:
        when = by_id[r.claim_id_b].holds_for
        if r.claim_id_a not in next_date or when < next_date[r.claim_id_a]:
            next_date[r.claim_id_a] = when
    return [r for r in updates if by_id[r.claim_id_b].holds_for == next_date[r.claim_id_a]]


def summarise(key: QuantityKey, block: list[Figure], related: list[Relation]) -> dict:
    """One ``quantities`` row. best/low/high come from the latest figures (those holding for the last
    date, or all when no date is known), the way conflict datasets keep best, low and high estimates:
    low is the lowest figure or bound among them, high the highest (an open bound counts as its own
    figure), best the median of their exact or approximate figures (of all their figures when none is),
    clamped into [low, high]."""
    dated = [f for f in block if f.holds_for is not None]
    last_date = max((f.holds_for for f in dated), default=None)
    latest = [f for f in block if f.holds_for == last_date] if last_date else block
    stated = [f.value for f in latest if f.qualifier in ("exact", "approximate") and f.value is not None]
    points = stated or [_point(f) for f in latest]
    bounds = [_estimates(f) for f in latest]
    low, high = min(b[0] for b in bounds), max(b[1] for b in bounds)
    best = min(max(statistics.median(points), low), high)
    newest = max(latest, key=lambda f: (f.reported or date.min, f.interval.low, f.claim_id))
    kinds = {r.relation for r in related}
    status = "conflicting" if "conflict" in kinds else "updated" if "update" in kinds else "consistent"
    by_id = {f.claim_id: f for f in block}
    supersedes = [
        {
            "claim_id": r.claim_id_a,
            "superseded_by": r.claim_id_b,
            "as_of": by_id[r.claim_id_a].holds_for,
            "superseded_as_of": by_id[r.claim_id_b].holds_for,
            "reported": by_id[r.claim_id_b].reported,
        }
        for r in _chain(related, by_id)
    ]
    reported = [f.reported for f in block if f.reported]
    return {
        "quantity_id": quantity_id(key),
        "counted": key.counted,
        "unit": key.unit,
        "scope": key.scope or None,
        "kind": key.kind,
        "claim_ids": sorted(f.claim_id for f in block),
        "n_claims": len(block),
        "n_sources": len({f.origin for f in block}),
        "first_reported": min(reported, default=None),
        "last_reported": max(reported, default=None),
        "latest_as_of": last_date,
        "latest_value": _point(newest),
        "latest_source": newest.origin_label if newest.origin_label != "unattributed" else None,
        "best": best,
        "low": low,
        "high": high,
        "status": status,
        "n_consistent": sum(r.relation == "consistent" for r in related),
        "n_conflicts": sum(r.relation == "conflict" for r in related),
        "n_updates": sum(r.relation == "update" for r in related),
        "supersedes": sorted(supersedes, key=lambda s: (s["as_of"] or date.min, s["claim_id"])),
    }


def cross_reference(claims: list[dict], articles: list[dict], documents: list[dict]) -> tuple[list[dict], list[dict]]:
    """Rows of ``claim_relations`` and ``quantities`` for the whole corpus (``articles`` with their spans,
    ``documents`` with outlet and text)."""
    outlets = {d["document"]: d.get("outlet") for d in documents}
    texts = {d["document"]: d.get("text") or "" for d in documents}
    by_article = {
        a["article_id"]: {
            **a,
            "outlet": outlets.get(a["document"]),
            "document_text": texts.get(a["document"], ""),
        }
        for a in articles
    }
    found = figures(claims, by_article)
    blocks, related = relations(found)
    by_quantity: dict[str, list[Relation]] = defaultdict(list)
    for r in related:
        by_quantity[r.quantity_id].append(r)
    quantities = [summarise(key, block, by_quantity[quantity_id(key)]) for key, block in blocks.items()]
    rows = [
        {
            "claim_id_a": r.claim_id_a,
            "claim_id_b": r.claim_id_b,
            "relation": r.relation,
            "reason": r.reason,
            "quantity_id": r.quantity_id,
        }
        for r in related
    ]
    rows.sort(key=lambda r: (r["quantity_id"], r["claim_id_a"], r["claim_id_b"]))
    quantities.sort(key=lambda q: (-q["n_claims"], q["quantity_id"]))
    return rows, quantities
