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

import math
import re
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from claimtrack.frame import WINDOW_PREPOSITIONS, has_revision_cue
from claimtrack.intervals import Interval, claim_interval, reading_interval
from claimtrack.moments import Moment, moment_of, order_within_day
from claimtrack.quantity_keys import QuantityKey, anchors, quantity_id, quantity_keys

PAIRWISE_LIMIT = 60
NEIGHBOURS = 4
# What cross-referencing reads of a claim: at 10,000 articles the claims as dicts of these 20 columns take about
# 120 MB, against 190 MB with all of them.
CLAIM_COLUMNS_READ = [
    "claim_id",
    "article_id",
    "doc_start",
    "surface",
    "sentence",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "counted",
    "as_of",
    "as_of_basis",
    "source",
    "via",
    "quantity_id",
    "measure",
    "subject",
    "place",
    "event",
]


@dataclass(frozen=True, slots=True)
class Figure:
    """A claim as cross-referencing sees it."""

    claim_id: str
    article_id: str
    surface: str
    sentence: str
    interval: Interval
    reading: Interval  # what a reader takes it to mean ("more than 1,300": a little over 1,300)
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
    position: int = 0  # where in its document: a later sentence of one report can revise an earlier one
    moment: Moment | None = None  # when in its day ("as of 8 a.m.", "at the time of writing")


@dataclass(frozen=True, slots=True)
class Relation:
    claim_id_a: str
    claim_id_b: str
    relation: str
    reason: str
    quantity_id: str


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
        bounds = (
            claim["qualifier"],
            claim.get("value"),
            claim.get("low"),
            claim.get("high"),
            claim.get("surface") or "",
        )
        interval = claim_interval(*bounds)
        reading = reading_interval(*bounds)
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
                reading=reading or interval,
                qualifier=claim["qualifier"],
                value=claim.get("value"),
                low=claim.get("low"),
                high=claim.get("high"),
                # a historical figure (as_of null by its clause) holds for no day of the report
                holds_for=claim.get("as_of") or (None if claim.get("as_of_basis") == "none" else published),
                reported=published or claim.get("as_of"),
                origin=origin,
                origin_label=label,
                source=claim.get("source") or claim.get("via"),
                anchors=about[claim["article_id"]],
                position=claim.get("doc_start") or 0,
                moment=moment_of(claim.get("sentence") or "", (claim.get("sentence") or "").find(claim["surface"])),
            ),
        )
    return found


def _show(f: Figure) -> str:
    when = f.holds_for.isoformat() if f.holds_for else "date unknown"
    return f'"{f.surface}" ({f.interval.describe()}; {f.origin_label}, {when})'


def _what(key: QuantityKey) -> str:
    return f'"{key.counted}" ({key.unit}' + (f", {key.scope})" if key.scope else ")")


def _ordered(a: Figure, b: Figure, key: QuantityKey) -> tuple[Figure, Figure]:
    """Earlier first: by the date it holds for, then the day it was reported; a count that only grows by
    its size (a same-day revision of a toll goes up)."""

    def rank(f: Figure) -> tuple:
        size = f.reading.low if key.kind == "cumulative" else 0.0
        return (f.holds_for or date.min, f.reported or date.min, size, f.claim_id)

    return (a, b) if rank(a) <= rank(b) else (b, a)


PAST_BOUND = 1.1  # "more than 25%" of a share fall reads as a little over 25: 26.48% restates it


def _margin(key: QuantityKey) -> float:
    """How far above a lower bound a figure must be to have moved: any rise for a count that only grows."""
    return 1.0 if key.kind == "cumulative" else PAST_BOUND


def _raised_bound(a: Figure, b: Figure, key: QuantityKey) -> bool:
    """Two lower bounds of different days at different levels: a count that only grows moved ("at least 56"
    -> "at least 60"), although the bounds overlap; any other figure moved only when one is well above the
    other ("more than 25%", then "over 26%" restates it)."""
    if not (a.qualifier == b.qualifier == "lower_bound") or a.reading.low == b.reading.low:
        return False
    low, high = sorted((a.reading.low, b.reading.low))
    return high > low * _margin(key)


ORIGIN_STOP = {"the", "of", "a", "an", "by", "on", "at", "and", "in", "report", "reports", "said", "says"}


def same_origin(a: str, b: str) -> bool:
    """One origin written two ways: "the Ministry of the Interior" and "an updated report ... by the Ministry
    of the Interior" (the content words of one hold the other's)."""
    if a == b:
        return True
    words_a = {w for w in re.findall(r"[a-z]+", a) if w not in ORIGIN_STOP}
    words_b = {w for w in re.findall(r"[a-z]+", b) if w not in ORIGIN_STOP}
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def _new_count(a: Figure, b: Figure) -> bool:
    """Two exact figures of different days that differ are a new count (976 then 980), though rounding
    would let them overlap."""
    return a.qualifier == b.qualifier == "exact" and a.value is not None and b.value is not None and a.value != b.value


def _past_bound(first: Figure, second: Figure, key: QuantityKey) -> bool:
    """A later figure above an earlier lower bound: a toll that only grows moved past it ("at least 2,862",
    then 2,946 a day on); any other figure moved only when well above it ("more than 25%", then 26.48% a
    week on restates it). A later figure equal to the bound restates it ("at least 56", then 56)."""
    return (
        first.qualifier == "lower_bound"
        and second.qualifier in ("exact", "approximate")
        and first.low is not None
        and second.value is not None
        and second.value > first.low * _margin(key)
    )


def _order_within_day(a: Figure, b: Figure) -> int:
    """-1/1 when one figure of a day comes before the other: within one report by its moments ("initially",
    "at the time of writing"), across reports by the clock times of one origin revising its own count
    (two origins' figures at two hours of a day still conflict)."""
    if a.article_id != b.article_id and not same_origin(a.origin, b.origin):
        return 0
    return order_within_day(a.moment, b.moment, a.article_id == b.article_id)


def relate(a: Figure, b: Figure, key: QuantityKey) -> tuple[str, Figure, Figure, str] | None:
    """The relation between two figures of one quantity, ordered (earlier first), with its reason.

    - consistent: they agree once qualifiers are read, on the same day or restated later;
    - update: a later day's figure that changed (a raised lower bound too), or a same-day revision by the
      same origin, or of a count that only grows when a text says it replaces an earlier one ("rose to");
    - conflict: the same day (any day, for a property of the event such as a magnitude), incompatible,
      different origins, in reports that share a name or an event;
    - nothing when a date is unknown or two figures of one article disagree on one day."""
    what = _what(key)
    first, second = _ordered(a, b, key)
    same_day = key.fixed or (a.holds_for is not None and a.holds_for == b.holds_for)
    within_day = 0 if key.fixed or not same_day else _order_within_day(a, b)
    if within_day:  # "as of 8 a.m." then "by 5 p.m.", or "initially" then "at the time of writing"
        same_day = False
        first, second = (a, b) if within_day < 0 else (b, a)
    moved = not same_day and (_raised_bound(a, b, key) or _new_count(a, b) or _past_bound(first, second, key))
    if a.reading.overlaps(b.reading) and not moved:
        return "consistent", first, second, f"{_show(first)} and {_show(second)} agree: consistent figures of {what}."
    if a.holds_for is None or b.holds_for is None:
        return None
    if not same_day:
        clock = within_day and a.moment is not None and a.moment.clock and b.moment is not None and b.moment.clock
        later = "later in the day" if clock else "later, by the report's own sequence," if within_day else "later"
        reason = f"{_show(second)} is a {later} figure of {what} than {_show(first)} and replaces it (update)."
        if key.kind == "cumulative" and second.reading.high < first.reading.low:
            reason += " The later figure is lower although this count only grows: check it."
        return "update", first, second, reason
    two_readings = key.fixed and a.source and b.source and not same_origin(a.origin, b.origin)
    if a.article_id == b.article_id and not two_readings:
        # one report's figures of a day disagree only as two agencies' readings of the event, or when a
        # later sentence says it revises ("Initially, 2200 flights ... By 5 p.m. those numbers had dropped to")
        earlier, later = sorted((a, b), key=lambda f: f.position)
        if later.sentence != earlier.sentence and has_revision_cue([later.sentence]):
            return "update", earlier, later, f"{_show(later)} revises {_show(earlier)} later in the same report."
        return None
    higher = a if a.reading.low > b.reading.low else b
    revised = key.kind == "cumulative" and has_revision_cue([higher.sentence])  # "the toll climbed to 2,122"
    if same_origin(a.origin, b.origin) or revised:
        why = "the same origin" if a.origin == b.origin else "a count that only grows, reported as revised"
        return (
            "update",
            first,
            second,
            f"{_show(second)} revises {_show(first)} on the same day ({why}): an update of {what}.",
        )
    shared = sorted(a.anchors & b.anchors)
    if shared:
        return (
            "conflict",
            first,
            second,
            f"{_show(first)} and {_show(second)} do not agree, hold for the same date and come from different "
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
        block[:] = _one_origin_per_article(block)
        qid = quantity_id(key)
        for x, y in _pairs(block):
            related = relate(x, y, key)
            if related:
                kind, first, second, reason = related
                out.append(Relation(first.claim_id, second.claim_id, kind, reason, qid))
    return dict(blocks), out


def _one_origin_per_article(block: list[Figure]) -> list[Figure]:
    """A headline and its own body are one origin: an unattributed figure of an article takes the origin of
    the attributed figures of the same quantity in that article, when they name one."""
    named: dict[str, set[str]] = defaultdict(set)
    for f in block:
        if f.source:
            named[f.article_id].add(f.origin)
    out = []
    for f in block:
        origins = named.get(f.article_id, set())
        if not f.source and len(origins) == 1:
            f = replace(f, origin=next(iter(origins)))
        out.append(f)
    return out


def _point(f: Figure) -> float:
    """One number for a figure: its value, else the middle of a closed interval, else its lower bound."""
    if f.value is not None:
        return float(f.value)
    if f.interval.high != math.inf:
        return (f.interval.low + f.interval.high) / 2
    return f.interval.low


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


def _reported_best(latest: list[Figure], key: QuantityKey) -> float | None:
    """The figure most origins reported among the latest ones (then the newest report, then for a count that
    only grows the highest): always a figure someone gave, never a median or the middle of "dozens"."""
    votes: dict[float, set[str]] = defaultdict(set)
    stated: dict[float, bool] = defaultdict(bool)  # given as a figure, not only as a bound
    newest: dict[float, tuple] = {}
    for f in latest:
        if f.value is None or f.qualifier in ("range", "vague"):
            continue
        votes[f.value].add(f.origin)
        stated[f.value] |= f.qualifier in ("exact", "approximate")
        newest[f.value] = max(newest.get(f.value, (date.min, "")), (f.reported or date.min, f.claim_id))
    if not votes:
        return None
    grows = key.kind == "cumulative"
    return max(votes, key=lambda v: (len(votes[v]), stated[v], newest[v], v if grows else -v))


def _reported_bounds(latest: list[Figure]) -> tuple[float | None, float | None]:
    """The lowest and highest figures the latest reports give: an exact or approximate figure is its value,
    a bound or a range its own ends; an open end stays open (no high for "more than 400" alone)."""
    lows, highs = [], []
    for f in latest:
        if f.qualifier in ("exact", "approximate") and f.value is not None:
            lows.append(f.value)
            highs.append(f.value)
            continue
        if f.low is not None:
            lows.append(f.low)
        if f.high is not None:
            highs.append(f.high)
    return min(lows, default=None), max(highs, default=None)


def quantity_name(key: QuantityKey, frame: dict) -> str:
    """A readable name: "people killed · North Carolina", "flights cancelled", "customers without power",
    "share change · CrowdStrike", "share change · in previous month"; a quantity with no measure is named by
    the phrase its figures count ("shops looted"), not a bag of words. Each word appears once."""
    if not frame.get("measure") and frame.get("counted"):
        return " · ".join(p for p in (frame["counted"], frame.get("place"), frame.get("event")) if p)
    subject = frame.get("subject") or ""
    money = key.unit.isupper() or key.unit == "percent"
    window = subject.split(" ", 1)[0] in WINDOW_PREPOSITIONS | {"per"} and " " in subject
    named = subject.split()[-1][:1].isupper() if subject else False  # "Delta", "additional Delta"
    counted_noun = bool(subject) and not named and not money and not window
    thing = _plural(subject) if counted_noun else ("people" if key.unit == "person" and not subject else "")
    if not thing and not money and key.unit != "person" and named:  # "flights cancelled · additional Delta"
        thing = _plural(key.unit)
    if thing and thing.split()[-1] in key.counted.split():  # "affected devices" says its devices already
        thing = " ".join(thing.split()[:-1])
    head = " ".join(p for p in (thing, key.counted) if p)
    scope = [x.strip() for x in key.scope.split(";") if x.strip()]
    said = set(head.split())
    rest = [x for x in scope if not (counted_noun and (x == subject or _plural(x) in said))]
    return " · ".join(p for p in (head, *rest) if p)


def _plural(phrase: str) -> str:
    """The plural of a phrase's last noun, for a name ("customer" -> "customers", "peak customer" -> "peak
    customers"); words already plural or uncountable stay."""
    *words, last = phrase.split()
    if last in ("people", "staff", "personnel", "police") or last.endswith("s"):
        return phrase
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return " ".join([*words, last])


def summarise(key: QuantityKey, block: list[Figure], related: list[Relation], frame: dict | None = None) -> dict:
    """One ``quantities`` row. best/low/high come from the latest figures (those holding for the last
    date, or all when no date is known) and are figures someone reported: best the one most origins gave,
    low and high the lowest and highest figure or bound (an open bound stays open)."""
    frame = frame or {}
    dated = [f for f in block if f.holds_for is not None]
    last_date = max((f.holds_for for f in dated), default=None)
    latest = [f for f in block if f.holds_for == last_date] if last_date else block
    best = _reported_best(latest, key)
    low, high = _reported_bounds(latest)
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
        "name": quantity_name(key, frame),
        "measure": frame.get("measure"),
        "subject": frame.get("subject"),
        "place": frame.get("place"),
        "event": frame.get("event"),
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


def _frames_by_quantity(claims: list[dict], kept: Container[str]) -> dict[str, dict]:
    """The quantity frame each quantity shows: the most common value of each frame column among its claims."""
    counts: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for claim in claims:
        if claim["claim_id"] in kept and claim.get("quantity_id"):
            for column in ("measure", "subject", "place", "event", "counted"):
                counts[claim["quantity_id"]][column][claim.get(column)] += 1
    return {
        qid: {column: max(values, key=lambda v: (values[v], v is not None, str(v))) for column, values in by.items()}
        for qid, by in counts.items()
    }


def cross_reference(
    claims: Iterable[dict], articles: list[dict], documents: Iterable[dict]
) -> tuple[Iterator[dict], list[dict]]:
    """Rows of ``claim_relations`` and ``quantities`` for the whole corpus (``articles`` with their spans,
    ``documents`` with outlet and text). Given as iterators, the claims and the documents' texts are let go once
    the figures have what they need of them, and the relation rows (hundreds of thousands at scale) are made as
    they are read, once: ``schemas.to_table`` takes them a slice at a time."""
    rows = list(claims)
    outlets: dict[str, str | None] = {}
    texts: dict[str, str] = {}
    for d in documents:  # once: an iterator is read only once
        outlets[d["document"]] = d.get("outlet")
        texts[d["document"]] = d.get("text") or ""
    by_article = {
        a["article_id"]: {
            **a,
            "outlet": outlets.get(a["document"]),
            "document_text": texts.get(a["document"], ""),
        }
        for a in articles
    }
    found = figures(rows, by_article)
    frames = _frames_by_quantity(rows, found.keys())  # every figure is in a block
    del rows, texts, by_article
    blocks, related = relations(found)
    by_quantity: dict[str, list[Relation]] = defaultdict(list)
    for r in related:
        by_quantity[r.quantity_id].append(r)
    quantities = [
        summarise(key, block, by_quantity[quantity_id(key)], frames.get(quantity_id(key)))
        for key, block in blocks.items()
    ]
    related.sort(key=lambda r: (r.quantity_id, r.claim_id_a, r.claim_id_b))
    quantities.sort(key=lambda q: (-q["n_claims"], q["quantity_id"]))
    return (_relation_row(r) for r in related), quantities


def _relation_row(r: Relation) -> dict:
    return {
        "claim_id_a": r.claim_id_a,
        "claim_id_b": r.claim_id_b,
        "relation": r.relation,
        "reason": r.reason,
        "quantity_id": r.quantity_id,
    }
