"""Cross-reference: intervals, same-quantity keys, relation rules, quantities, the report, end to end.

The multi-source corpus ``tests/data/crossref/quake.jsonl`` (ten short fictional reports of one
earthquake over five days) comes with ``gold.json`` in the format of the shared scorer: the
relations a fact-checker would draw and the pairs that must never be linked."""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest

from claimtrack import pipeline
from claimtrack.intervals import Interval, claim_interval
from claimtrack.moments import WRITING, Moment, moment_of, order_within_day
from claimtrack.quantity_keys import QuantityKey, quantity_keys
from claimtrack.relations import CLAIM_COLUMNS_READ, Figure, cross_reference, quantity_name, relate
from claimtrack.report import CLAIM_COLUMNS, figures_of, plural, render, write_report
from claimtrack.schemas import TABLES
from pipelines.definitions import GRAPH, build_resources
from tests.conftest import SAMPLES

CROSSREF = Path(__file__).resolve().parent / "data" / "crossref"
GOLD = json.loads((CROSSREF / "gold.json").read_text())


# ---- intervals ----


def test_a_round_headline_figure_holds_the_precise_one():
    headline, precise = claim_interval("exact", 5000.0, 5000.0, 5000.0), claim_interval("exact", 5135.0, None, None)
    assert headline == Interval(4750.0, 5250.0) and headline.overlaps(precise)
    assert not claim_interval("exact", 8200.0, None, None).overlaps(precise)  # 8,150-8,250
    assert claim_interval("exact", 5135.0, None, None) == Interval(5135.0, 5135.0)  # not round: a point


def test_qualifiers_become_their_intervals():
    assert claim_interval("approximate", 6500.0, None, None) == Interval(5850.0, 7150.0)
    assert claim_interval("lower_bound", 5000.0, 5000.0, None) == Interval(5000.0, math.inf)
    assert claim_interval("upper_bound", 300.0, None, 300.0, "up to 300") == Interval(0.0, 300.0)
    assert claim_interval("upper_bound", 80.0, None, 80.0, "Nearly 80") == Interval(72.0, 80.0)
    assert claim_interval("vague", None, 24.0, 99.0) == Interval(24.0, 99.0)
    assert claim_interval("range", None, 10.0, 20.0) == Interval(10.0, 20.0)
    assert claim_interval("approximate", None, None, None) is None


# ---- same quantity ----


def _claim(claim_id: str, surface: str, counted: str | None, sentence: str, unit: str = "person", article="a1"):
    start = 100 * int(claim_id.strip("c") or 0)
    return {
        "claim_id": claim_id,
        "article_id": article,
        "doc_start": start,
        "surface": surface,
        "counted": counted,
        "sentence": sentence,
        "unit": unit,
    }


def test_synonyms_join_and_different_events_stay_apart():
    claims = [
        _claim("c1", "more than 5,000", "arrests", "Already more than 5,000 arrests."),
        _claim("c2", "4,000", "people detained", "Police said 4,000 people were detained.", article="a2"),
        _claim("c3", "300", "detainees", "There are 300 detainees.", article="a3"),
        _claim("c4", "dozens", "deaths", "The riots made dozens of deaths.", article="a4"),
        _claim("c5", "1,000", "wounded", "More than 1,000 wounded.", article="a4"),
        _claim("c6", "20,000", "troops", "A rapid force of 20,000 troops.", article="a5"),
        _claim("c7", "3,600", "peacekeepers", "3,600 peacekeepers were sent.", article="a5"),
        _claim("c8", "12", "years", "He served 12 years.", unit="year"),
    ]
    keys = quantity_keys(claims)
    assert keys["c1"] == keys["c2"] == keys["c3"] and keys["c1"].counted == "detained"
    assert keys["c4"].counted == "killed" and keys["c5"].counted == "injured"
    assert keys["c1"].kind == "cumulative" and keys["c6"].kind == "stock"
    assert keys["c6"] == keys["c7"]  # troops = peacekeepers as a count; scope tells forces apart when written
    assert "c8" not in keys  # a duration is not a quantity to track


def test_a_city_or_a_subgroup_is_a_different_quantity_but_a_country_is_not():
    claims = [
        _claim("c1", "8,200", "people detained", "8,200 people were detained in Kazakhstan, the ministry said."),
        _claim("c2", "2,000", "people detained", "In Almaty, 2,000 people were detained.", article="a2"),
        _claim("c3", "5,000", "people detained", "5,000 people were detained.", article="a3"),
        _claim("c4", "16", "law enforcement officers killed", "16 law enforcement officers killed.", article="a3"),
        _claim("c5", "164", "people killed", "164 people killed.", article="a3"),
    ]
    keys = quantity_keys(claims)
    assert keys["c1"] == keys["c3"] and keys["c1"].scope == ""
    assert keys["c2"].scope == "Almaty" and keys["c2"] != keys["c3"]
    assert keys["c4"].counted == keys["c5"].counted == "killed" and keys["c4"] != keys["c5"]


def test_a_bare_people_count_takes_the_event_of_its_clause_or_of_the_total_it_sums_up():
    claims = [
        _claim("c1", "43", "people", "The earthquake killed 43 people across the south."),
        _claim("c2", "12", "people", "In Arequipa, 12 people died, the governor said.", article="a2"),
        _claim("c3", "5,000", "people arrested", "More than 5,000 people have been arrested.", article="a3"),
        _claim("c4", "5135", "people set", "Overall, 5135 people have been set, media reported.", article="a3"),
        _claim("c5", "40", "people", "Some 40 people gathered in the square.", article="a3"),
    ]
    keys = quantity_keys(claims)
    assert keys["c1"].counted == "killed" and keys["c2"].counted == "killed" and keys["c2"].scope == "Arequipa"
    assert keys["c4"] == keys["c3"]
    assert "c5" not in keys  # no event, no total: left out rather than guessed


def test_one_bare_noun_is_a_quantity_of_its_own_article_only():
    claims = [
        _claim("c1", "195", "countries", "The pact has 195 countries.", unit="country", article="a1"),
        _claim("c2", "74", "countries", "At least 74 countries signed.", unit="country", article="a2"),
        _claim("c3", "190", "countries", "Nearly 190 countries attended.", unit="country", article="a1"),
        _claim("c4", "400", "vehicles destroyed", "400 vehicles were destroyed.", unit="vehicle", article="a1"),
        _claim("c5", "380", "vehicles destroyed", "380 vehicles destroyed.", unit="vehicle", article="a2"),
    ]
    keys = quantity_keys(claims)
    assert keys["c1"] == keys["c3"] and keys["c1"] != keys["c2"]
    assert keys["c4"] == keys["c5"]  # the counted words say what it is, in any article


# ---- relation rules ----


def _figure(
    claim_id, interval, day, origin, article, anchors=("earthquake",), qualifier="exact", sentence=""
) -> Figure:
    return Figure(
        claim_id=claim_id,
        article_id=article,
        surface=claim_id,
        sentence=sentence,
        interval=interval,
        reading=interval,
        qualifier=qualifier,
        value=interval.low,
        low=interval.low,
        high=interval.high,
        holds_for=day,
        reported=day,
        origin=origin,
        origin_label=origin,
        source=origin,
        anchors=frozenset(anchors),
    )


def test_relation_rules():
    key = quantity_keys([_claim("c1", "5", "people killed", "5 people killed.")])["c1"]
    monday, tuesday = date(2025, 3, 10), date(2025, 3, 11)
    a = _figure("a", Interval(43, 43), monday, "health ministry", "x")
    b = _figure("b", Interval(63, 77), monday, "rescuers", "y")
    assert relate(a, b, key)[0] == "conflict"
    same_origin = relate(a, _figure("c", Interval(63, 77), monday, "health ministry", "y"), key)
    assert same_origin[0] == "update" and same_origin[2].claim_id == "c"  # an origin revising its own toll
    assert relate(a, _figure("d", Interval(63, 77), monday, "rescuers", "x"), key) is None  # same article
    assert relate(a, _figure("e", Interval(63, 77), monday, "rescuers", "y", ("flood",)), key) is None  # other event
    kind, earlier, later, reason = relate(_figure("f", Interval(61, 61), tuesday, "health ministry", "z"), b, key)
    assert (kind, earlier.claim_id, later.claim_id) == ("update", "b", "f") and "only grows" in reason
    later_bound = _figure("g", Interval(40, math.inf), tuesday, "x", "w", qualifier="lower_bound")
    assert relate(a, later_bound, key)[0] == "consistent"  # "at least 40" the next day restates 43
    assert relate(a, _figure("h", Interval(45, 45), tuesday, "x", "w"), key)[0] == "update"  # a new count
    at_least = _figure("i", Interval(139, math.inf), monday, "x", "w", qualifier="lower_bound")
    assert relate(at_least, _figure("j", Interval(214, 214), tuesday, "y", "v"), key)[0] == "update"  # past the bound
    assert relate(at_least, _figure("k", Interval(139, 139), tuesday, "y", "v"), key)[0] == "consistent"  # restated


def test_a_raised_bound_a_revised_toll_and_a_reading_of_the_event():
    key = quantity_keys([_claim("c1", "5", "people killed", "5 people killed.")])["c1"]
    monday, tuesday = date(2025, 3, 10), date(2025, 3, 11)
    more_than = _figure("m", Interval(1300, math.inf), monday, "rescuers", "x", qualifier="lower_bound")
    at_least = _figure("n", Interval(2012, math.inf), tuesday, "ministry", "y", qualifier="lower_bound")
    assert relate(more_than, at_least, key)[0] == "update"  # the bound was raised: the count moved
    said = _figure("s", Interval(2012, 2012), monday, "ministry", "y")
    rose = _figure("r", Interval(2122, 2122), monday, "state tv", "z", sentence="The death toll climbed to 2,122.")
    assert relate(said, rose, key)[:3:2] == ("update", rose)  # the higher figure says it replaces one
    fell = _figure("f", Interval(1900, 1900), monday, "state tv", "z", sentence="The death toll climbed to 1,900.")
    assert relate(said, fell, key)[0] == "conflict"  # a revision of a toll does not go down on the same day
    magnitude = quantity_keys([_claim("c2", "6.8", "magnitude", "A magnitude 6.8 quake.", unit="magnitude")])
    fixed = replace(magnitude["c2"], fixed=True)
    usgs = _figure("u", Interval(6.8, 6.8), monday, "usgs", "x")
    institute = _figure("i", Interval(7.0, 7.0), tuesday, "institute", "y")
    assert relate(usgs, institute, fixed)[0] == "conflict"  # a property of the event: readings differ, not dates


def test_a_figure_takes_the_moment_of_its_day_its_sentence_gives():
    assert moment_of("More than 1,100 flights were cancelled as of 8 a.m. ET, tracker data showed.") == Moment(8, True)
    assert moment_of("Initially, 2200 flights had been canceled, as reported at about 1:30 p.m. ET.") == Moment(
        13.5, True
    )  # the clock time wins over "initially"
    assert moment_of("By 5:00 p.m. ET on Friday, the numbers had dropped to about 1400.") == Moment(17, True)
    assert moment_of("The quake hit at 11:11 p.m. and killed at least 296 people.") is None  # the event's time
    assert moment_of("Overnight predictions saw up to 21% knocked off the stock.").hour == 0
    assert moment_of("At the time of writing, the shares were down 15%.") == Moment(WRITING, False)
    assert moment_of("The storm killed 30 people.") is None
    later = "Three days later, the firm pushed it to $145 billion, explaining that the first estimate came early."
    assert moment_of(later, later.index("$145")).hour == 12  # the word before the figure, not the one after it
    assert moment_of("An initial estimate put losses at $95 billion.").hour == 0
    morning, writing = Moment(0, False), Moment(WRITING, False)
    assert order_within_day(morning, writing, same_report=True) == -1
    assert order_within_day(morning, writing, same_report=False) == 0  # "now" in two reports: two moments
    assert order_within_day(Moment(17, True), Moment(8, True), same_report=False) == 1


def test_one_origin_revising_its_count_within_a_day_is_an_update_two_origins_conflict():
    key = quantity_keys([_claim("c1", "5", "flights cancelled", "5 flights cancelled.", unit="flight")])["c1"]
    friday = date(2024, 5, 3)

    def at(claim_id, interval, origin, article, sentence, qualifier="exact"):
        figure = _figure(claim_id, interval, friday, origin, article, qualifier=qualifier, sentence=sentence)
        reading = Interval(interval.low, interval.low * 1.1) if qualifier == "lower_bound" else interval
        return replace(figure, moment=moment_of(sentence), reading=reading)  # "more than 1,700": a little over

    morning = at("m", Interval(1700, math.inf), "tracker", "a1", "More than 1,700 delayed as of 8 a.m.", "lower_bound")
    afternoon = at("n", Interval(7000, math.inf), "tracker", "a2", "Over 7,000 delayed at 1:30 p.m.", "lower_bound")
    kind, first, second, reason = relate(afternoon, morning, key)
    assert (kind, first.claim_id, second.claim_id) == ("update", "m", "n") and "later in the day" in reason
    rival = at("r", Interval(7000, math.inf), "rival map", "a2", "More than 7,000 delayed at 1:30 p.m.", "lower_bound")
    assert relate(morning, rival, key)[0] == "conflict"  # another origin's count at another hour still conflicts
    early = at("e", Interval(20, 20), "x", "a3", "During the early hours, shares had fallen by 20%.")
    now = at("w", Interval(15, 15), "y", "a3", "At the time of publication, shares are down 15%.")
    assert relate(now, early, key)[:3:2] == ("update", now)  # one report orders its own moments
    plain = at("p", Interval(15, 15), "y", "a3", "Shares are down 15%.")
    assert relate(early, plain, key) is None  # one report, one day, no order: nothing


# ---- end to end through the real assets ----


@pytest.fixture(scope="module")
def quake(tmp_path_factory) -> Path:
    warehouse = tmp_path_factory.mktemp("quake")
    assert dg.materialize(GRAPH, resources=build_resources(str(CROSSREF), str(warehouse))).success
    return warehouse


def _matched(warehouse: Path) -> dict[str, str]:
    """gold claim id -> predicted claim_id, by overlapping span in the same document."""
    claims = pq.read_table(warehouse / "claims.parquet").to_pylist()
    found = {}
    for g in GOLD["claims"]:
        for c in claims:
            if c["document"] == g["document"] and c["doc_start"] < g["doc_end"] and g["doc_start"] < c["doc_end"]:
                found[g["id"]] = c["claim_id"]
                break
    return found


def _relations(warehouse: Path) -> dict[frozenset, str]:
    """{claim_id_a, claim_id_b} -> relation, from the published table."""
    rows = pq.read_table(warehouse / "claim_relations.parquet").to_pylist()
    return {frozenset((r["claim_id_a"], r["claim_id_b"])): r["relation"] for r in rows}


def test_relations_on_the_multi_source_corpus(quake: Path):
    ids = _matched(quake)
    assert len(ids) == len(GOLD["claims"])
    pairs = _relations(quake)
    right = sum(pairs.get(frozenset((ids[r["a"]], ids[r["b"]]))) == r["relation"] for r in GOLD["relations"])
    assert right / len(GOLD["relations"]) >= 0.9
    linked = [u for u in GOLD["unrelated"] if frozenset((ids[u["a"]], ids[u["b"]])) in pairs]
    assert linked == []  # not even as consistent


def test_quantities_on_the_multi_source_corpus(quake: Path):
    quantities = {(q["counted"], q["scope"]): q for q in pq.read_table(quake / "quantities.parquet").to_pylist()}
    killed = quantities[("killed", None)]
    assert killed["status"] == "conflicting" and killed["n_claims"] == 7
    assert killed["latest_as_of"] == date(2025, 3, 13) and killed["latest_value"] in (78.0, 80.0)
    assert killed["low"] <= killed["best"] <= killed["high"] and killed["best"] == 78.0
    assert killed["n_sources"] == 4  # the Health Ministry's three figures, via two outlets, count once
    chain = {(s["claim_id"], s["superseded_by"]) for s in killed["supersedes"]}
    ids = _matched(quake)
    assert (ids["k43"], ids["k61"]) in chain and (ids["k61"], ids["k78"]) in chain
    assert (ids["k43"], ids["k78"]) not in chain  # a chain of steps, not every later figure
    assert quantities[("killed", "Arequipa")]["status"] == "updated"
    troops = quantities[("deployed", None)]
    assert troops["kind"] == "stock" and troops["best"] == 1500.0


class _ReadRecorded(dict):
    """A claim row that records which of its columns are read."""

    read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)


def test_cross_reference_reads_only_the_claim_columns_the_pipeline_gives_it(quake: Path):
    """The pipeline hands cross-referencing only ``relations.CLAIM_COLUMNS_READ`` (memory at scale): every column it
    reads must be among them, and the tables are the same as from whole claim rows and documents in lists."""
    claims = pq.read_table(quake / "claims.parquet")
    articles = pq.read_table(quake / "articles.parquet").select(pipeline.ARTICLE_CONTEXT).to_pylist()
    documents = pq.read_table(quake / "documents.parquet").select(["document", "outlet", "text"]).to_pylist()
    relations, quantities = cross_reference([_ReadRecorded(row) for row in claims.to_pylist()], articles, documents)
    whole = list(relations), quantities
    assert _ReadRecorded.read and _ReadRecorded.read <= set(CLAIM_COLUMNS_READ)
    claim_rows = iter(claims.select(CLAIM_COLUMNS_READ).to_pylist())
    relations, quantities = cross_reference(claim_rows, articles, iter(documents))
    assert (list(relations), quantities) == whole  # claims and documents as the pipeline gives them: iterators
    assert pipeline.build_crossref(
        claims, pq.read_table(quake / "articles.parquet"), pq.read_table(quake / "documents.parquet")
    ).relations.num_rows == len(whole[0])


DETENTIONS = [
    ("r1", "Reuters", "2022-01-09", "ALMATY, Jan 9 (Reuters) - Kazakh authorities have detained 5,135 people over the "
     "unrest, the Interior Ministry said on Sunday."),
    ("r2", "AP", "2022-01-09", "A rights group said on Sunday that about 6,500 people had been detained. "
     "In Almaty alone, 3,000 people were detained, police said on Sunday."),
    ("r3", "AFP", "2022-01-12", "The Interior Ministry said on Wednesday that 8,200 people had been detained since the "
     "start of the protests."),
    ("r4", "Eurasianet", "2022-01-10", "More than 5,000 arrests in Kazakhstan."),
]  # fmt: skip


def test_the_issue_example_conflict_update_and_consistent(tmp_path: Path):
    corpus, warehouse = tmp_path / "corpus", tmp_path / "warehouse"
    corpus.mkdir()
    lines = [json.dumps({"id": i, "outlet": o, "published": p, "text": t}) for i, o, p, t in DETENTIONS]
    (corpus / "detentions.jsonl").write_text("\n".join(lines))
    assert dg.materialize(GRAPH, resources=build_resources(str(corpus), str(warehouse))).success
    surface = {c["claim_id"]: c["surface"] for c in pq.read_table(warehouse / "claims.parquet").to_pylist()}
    pairs = {
        (surface[r["claim_id_a"]], surface[r["claim_id_b"]]): r["relation"]
        for r in pq.read_table(warehouse / "claim_relations.parquet").to_pylist()
    }
    assert pairs[("5,135", "about 6,500")] == "conflict"  # ministry against a rights group, same Sunday
    assert pairs[("5,135", "8,200")] == "update"  # the ministry's Wednesday figure
    assert pairs[("5,135", "More than 5,000")] == "consistent"
    assert not any("3,000" in pair for pair in pairs)  # Almaty alone is a part of the national figure


def test_the_samples_criteria(tmp_path: Path):
    warehouse = tmp_path / "warehouse"
    assert dg.materialize(GRAPH, resources=build_resources(str(SAMPLES), str(warehouse))).success
    claims = pq.read_table(warehouse / "claims.parquet").to_pylist()
    by_surface = {}
    for c in claims:
        by_surface.setdefault(c["surface"], c["claim_id"])
    pairs = _relations(warehouse)
    assert pairs[frozenset((by_surface["more than 5000"], by_surface["5135"]))] == "consistent"
    assert frozenset((by_surface["20,000"], by_surface["3,600"])) not in pairs
    assert frozenset((by_surface["dozens of"], by_surface["more than a thousand"])) not in pairs
    entities = pq.read_table(warehouse / "entities.parquet").to_pylist()
    csto = [e for e in entities if {"OTSC", "CPSO", "OVKS"} & {e["name"], *e["aliases"]}]  # as the samples spell it
    assert len(csto) == 1 and {"OTSC", "CPSO", "OVKS"} <= set(csto[0]["aliases"])
    assert csto[0]["name"] == "Collective Security Treaty Organization"  # the CSTO
    assert (warehouse / "report.html").is_file()
    for name in ("claim_relations", "quantities"):
        assert pq.read_schema(warehouse / f"{name}.parquet").names == TABLES[name].names


OVERLAPS = """
() => {
  const boxes = (nodes) => [...nodes].map((n) => [n, n.getBoundingClientRect()]);
  const meet = (a, b) =>
    a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const found = [];
  for (const group of [...document.querySelectorAll("svg.quantity-chart"), ...document.querySelectorAll("ul.legend")]) {
    const items = boxes(group.matches("svg") ? group.querySelectorAll("text") : group.querySelectorAll("li"));
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const [a, b] = [items[i], items[j]];
        if (meet(a[1], b[1])) found.push(`${group.id}: "${a[0].textContent}" / "${b[0].textContent}"`);
      }
    }
  }
  const page = document.body.getBoundingClientRect();
  for (const li of document.querySelectorAll("ul.legend li")) {
    const box = li.getBoundingClientRect();
    if (li.scrollWidth > li.clientWidth + 1 || box.right > page.right + 1) found.push(`clipped: "${li.textContent}"`);
  }
  return found;
}
"""


def test_the_report_draws_every_quantity_in_chromium_without_overlap(quake: Path):
    """Quantities reported more than once get a chart (conflicts and updates first), the others one table row;
    no label of a chart overlaps another, no legend name overlaps another or is cut; the screenshot is
    tests/artifacts/report.png."""
    from browser import ARTIFACTS, browser_page

    quantities = pq.read_table(quake / "quantities.parquet").to_pylist()
    several = [q for q in quantities if q["n_claims"] > 1]
    with browser_page(width=900, height=1400) as page:
        page.goto((quake / "report.html").resolve().as_uri())
        assert page.locator("svg.quantity-chart").count() == len(several)
        for q in several:
            chart = page.locator(f"#chart-{q['quantity_id']}")
            assert chart.is_visible() and chart.locator(".figure").count() == q["n_claims"]
        assert page.locator("#reported-once tr").count() == 1 + len(quantities) - len(several)
        statuses = page.locator("section.quantity .status").all_inner_texts()
        assert statuses == sorted(statuses, key=["conflicting", "updated", "consistent"].index)
        assert page.locator("li.conflict").count() >= 1 and page.locator(".update-link").count() >= 1
        assert page.evaluate(OVERLAPS) == []
        text = page.inner_text("body")
        assert "≥ 90" in text and "The 1 sentences" not in text
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert (ARTIFACTS / "report.png").stat().st_size > 20_000


def test_the_report_shows_only_reported_figures_and_keeps_bounds_open(tmp_path: Path):
    """A vague amount shows as its range, never a midpoint; an open bound stays open; plurals are right."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [
        {"id": "a", "published": "2025-03-10", "text": "Dozens of people were injured in the blast, police said."},
        {
            "id": "b",
            "published": "2025-03-10",
            "text": "More than 400 people were injured in the blast, the ministry said.",
        },
        {"id": "c", "published": "2025-03-10", "text": "The storm destroyed 12 homes, the mayor said."},
    ]
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    built = pipeline.build_all(corpus)
    crossref = built.crossref
    page = render(crossref.quantities.to_pylist(), crossref.relations.to_pylist(), built.claims.to_pylist(), title="t")
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", page, flags=re.S))
    assert "≥ 400" in text and "400–400" not in text  # "more than 400" has no upper figure
    (dozens,) = [c for c in built.claims.to_pylist() if c["qualifier"] == "vague"]
    assert figures_of([dozens])[0].words == "24–99"  # a vague amount is its range, never a midpoint (61.5)
    up_to = {
        "claim_id": "u",
        "qualifier": "upper_bound",
        "value": 21.0,
        "low": None,
        "high": 21.0,
        "surface": "up to 21%",
    }
    assert figures_of([up_to])[0].words == "≤ 21"  # nobody gave its lower end
    assert "2 quantities from 3 figures" in text
    assert (plural(1, "sentence"), plural(2, "quantity", "quantities")) == ("1 sentence", "2 quantities")
    assert not re.search(r"\b1 (sentences|figures|quantities)\b", text)


def test_two_agencies_readings_in_one_article_conflict_but_its_counts_do_not():
    monday = date(2025, 3, 10)
    magnitude = quantity_keys([_claim("c2", "6.8", "magnitude", "A magnitude 6.8 quake.", unit="magnitude")])
    fixed = replace(magnitude["c2"], fixed=True)
    usgs = _figure("u", Interval(6.8, 6.8), monday, "usgs", "x")
    institute = _figure("i", Interval(7.0, 7.0), monday, "national institute", "x")
    assert relate(usgs, institute, fixed)[0] == "conflict"
    toll = quantity_keys([_claim("c1", "5", "people killed", "5 people killed.")])["c1"]
    part = _figure("p", Interval(0, 1684), monday, "ministry statement", "x", qualifier="upper_bound")
    whole = _figure("w", Interval(2946, 2946), monday, "health ministry", "x")
    assert relate(part, whole, toll) is None  # one article's counts: more likely a part than a conflict


def test_a_figure_just_over_a_bound_restates_it_unless_the_count_only_grows():
    toll = quantity_keys([_claim("c1", "5", "people killed", "5 people killed.")])["c1"]
    assert toll.kind == "cumulative"
    monday, friday = date(2025, 3, 10), date(2025, 3, 14)
    bound = _figure("b", Interval(2862, math.inf), monday, "x", "w", qualifier="lower_bound")
    assert relate(bound, _figure("t", Interval(2946, 2946), friday, "y", "v"), toll)[0] == "update"
    fall = replace(toll, kind="stock", counted="share change", unit="percent")
    more_than = _figure("m", Interval(25, math.inf), monday, "x", "w", qualifier="lower_bound")
    assert relate(more_than, _figure("p", Interval(26.48, 26.48), friday, "y", "v"), fall)[0] == "consistent"
    assert relate(more_than, _figure("q", Interval(41, 41), friday, "y", "v"), fall)[0] == "update"


def test_an_undated_article_is_no_earlier_event_but_a_historical_figure_of_a_dated_one_is():
    def framed(claim_id, article, as_of):
        claim = _claim(claim_id, "$15bn", "premium", "The annual premium is $15bn.", unit="USD", article=article)
        return {**claim, "measure": "premium", "as_of": as_of, "as_of_basis": "none" if as_of is None else "published"}

    undated = framed("c1", "a1", None)
    dated = framed("c2", "a2", date(2024, 8, 19))
    historical = framed("c3", "a2", None)
    keys = quantity_keys([undated, dated, historical])
    assert keys["c1"] == keys["c2"]  # no date anywhere in its article: the same premium
    assert keys["c3"] != keys["c2"] and "earlier" in keys["c3"].scope  # a dated article's undated figure


def test_a_span_of_time_is_no_quantity():
    claim = _claim("c1", "more than six decades", "decades", "Its deadliest quake in more than six decades.")
    claim.update(measure="killed", subject="people", unit="person")
    assert quantity_keys([claim]) == {}


def test_one_incident_is_no_toll():
    one = _claim("c1", "One", None, "One person was killed when a sign fell on a car.")
    one.update(measure="killed", subject="people", qualifier="exact", value=1.0)
    toll = _claim("c2", "56", None, "At least 56 people were killed.")
    toll.update(measure="killed", subject="people", qualifier="lower_bound", value=56.0)
    assert set(quantity_keys([one, toll])) == {"c2"}


def test_a_raised_bound_moves_a_toll_but_not_a_share_fall_restated():
    toll = quantity_keys([_claim("c1", "5", "people killed", "5 people killed.")])["c1"]
    fall = replace(toll, kind="stock", counted="share change", unit="percent")
    monday, friday = date(2025, 3, 10), date(2025, 3, 14)
    first = _figure("a", Interval(25, math.inf), monday, "x", "w", qualifier="lower_bound")
    later = _figure("b", Interval(26, math.inf), friday, "y", "v", qualifier="lower_bound")
    assert relate(first, later, toll)[0] == "update"
    assert relate(first, later, fall)[0] == "consistent"


def test_a_later_sentence_of_one_report_that_says_it_revises_is_an_update():
    key = quantity_keys([_claim("c1", "5", "people killed", "5 people killed.")])["c1"]
    friday = date(2024, 7, 19)
    first = replace(_figure("a", Interval(2200, 2200), friday, "x", "r"), position=100)
    later = replace(
        _figure("b", Interval(1400, 1400), friday, "x", "r", sentence="By 5 p.m. those numbers had dropped to 1400."),
        position=900,
    )
    kind, earlier, newer, _ = relate(first, later, key)
    assert (kind, earlier.claim_id, newer.claim_id) == ("update", "a", "b")
    plain = replace(later, sentence="Some 1400 were cancelled at one airport.")
    assert relate(first, plain, key) is None  # no cue: a part, a place, or another count of that report


@pytest.mark.parametrize(
    ("key", "frame", "name"),
    [
        (("person", "killed", "North Carolina", "cumulative"), {"subject": "people"}, "people killed · North Carolina"),
        (("customer", "without power", "", "stock"), {"subject": "customer"}, "customers without power"),
        (("person", "killed", "police officer", "cumulative"), {"subject": "police officer"}, "police officers killed"),
        (("percent", "share change", "Zenvo", "stock"), {"subject": "Zenvo"}, "share change · Zenvo"),
        (
            ("percent", "share change", "in previous month", "stock"),
            {"subject": "in previous month"},
            "share change · in previous month",
        ),
        (("device", "affected devices", "", "cumulative"), {"subject": "device"}, "affected devices"),
        (("flight", "cancelled", "Acme Air", "cumulative"), {"subject": "Acme Air"}, "flights cancelled · Acme Air"),
        (
            ("flight", "cancelled", "additional Acme Air", "cumulative"),
            {"subject": "additional Acme Air"},
            "flights cancelled · additional Acme Air",  # never "additional Acme Airs"
        ),
    ],
)
def test_quantity_names_read_as_a_reader_would_say_them(key, frame, name):
    assert quantity_name(QuantityKey(*key), {"measure": key[1], **frame}) == name


def test_the_report_page_needs_only_the_claim_columns_it_reads(quake: Path, tmp_path: Path):
    """The report asset reads only ``CLAIM_COLUMNS`` of the claims (every claim is a Python dict while the page is
    drawn); the page from those columns is the page from the whole table, and written piece by piece it is the
    same page."""
    claims = pq.read_table(quake / "claims.parquet")
    quantities = pq.read_table(quake / "quantities.parquet").to_pylist()
    relations = pq.read_table(quake / "claim_relations.parquet").to_pylist()
    whole = render(quantities, relations, claims.to_pylist(), title="t")
    assert len(CLAIM_COLUMNS) < claims.num_columns
    assert render(quantities, relations, claims.select(CLAIM_COLUMNS).to_pylist(), title="t") == whole
    write_report(tmp_path / "report.html", quantities, relations, claims.select(CLAIM_COLUMNS).to_pylist(), "t")
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == whole
